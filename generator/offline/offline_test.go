package offline

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"image/png"
	"strings"
	"testing"

	"localoffer/generator/site"
)

func files(t *testing.T, in Input) map[string][]byte {
	t.Helper()
	fs, err := Files(in)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range fs {
		out[f.Name] = f.Data
	}
	return out
}

func TestWorkerPrecache(t *testing.T) {
	tests := []struct {
		name        string
		in          Input
		want, avoid []string
	}{
		{"whole site", Input{Version: "abc", Pages: []string{"/", "/get-help-now/", "/your-offer-at-a-glance/", "/offline/", "/money/"}, Assets: []string{"css/site.1.css"}, Extra: []string{"search-index.json"}},
			[]string{`"/get-help-now/"`, `"/your-offer-at-a-glance/"`, `"/offline/"`, `"/css/site.1.css"`, `"/search-index.json"`, `CACHE = 'localoffer-abc'`}, []string{`"/money/"`}},
		// addAll fails as a whole if one address is missing, so pages the
		// site does not have are left out.
		{"no glance page", Input{Version: "abc", Pages: []string{"/", "/get-help-now/", "/offline/"}},
			[]string{`"/get-help-now/"`}, []string{"your-offer-at-a-glance"}},
		{"base path", Input{BasePath: "/sub", Version: "abc", Pages: []string{"/", "/get-help-now/", "/offline/"}, Assets: []string{"css/a.css"}},
			[]string{`BASE = '/sub'`, `"/sub/"`, `"/sub/get-help-now/"`, `"/sub/css/a.css"`}, []string{`"/get-help-now/"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.ThemeColor = "#123e5c"
			sw := string(files(t, tt.in)[Worker])
			for _, w := range tt.want {
				if !strings.Contains(sw, w) {
					t.Errorf("sw.js lacks %s", w)
				}
			}
			for _, a := range tt.avoid {
				if strings.Contains(sw, a) {
					t.Errorf("sw.js has %s", a)
				}
			}
			if strings.Contains(sw, "{{") {
				t.Errorf("sw.js has a placeholder left")
			}
		})
	}
}

// The worker is fetched by every reader's phone, so it must stay small.
func TestWorkerIsSmall(t *testing.T) {
	sw := files(t, Input{Version: "0123456789abcdef", Pages: Always, Assets: []string{"css/site.12345678.css", "js/search.12345678.js", "js/offline.12345678.js"}, Extra: []string{"search-index.json"}, ThemeColor: "#123e5c"})[Worker]
	var buf bytes.Buffer
	z, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	z.Write(sw)
	z.Close()
	// Unminified here; the build minifies it further.
	if buf.Len() >= 2048 {
		t.Errorf("sw.js is %d bytes gzipped, want under 2048", buf.Len())
	}
}

func TestManifestAndIcons(t *testing.T) {
	got := files(t, Input{BasePath: "/sub", Version: "v", Name: "Local offer", ShortName: "Offer", Language: "en-GB", ThemeColor: "#123e5c"})
	var m struct {
		StartURL string `json:"start_url"`
		Icons    []struct{ Src, Sizes, Type, Purpose string }
	}
	if err := json.Unmarshal(got[Manifest], &m); err != nil {
		t.Fatal(err)
	}
	if m.StartURL != "/sub/" {
		t.Errorf("start_url = %q", m.StartURL)
	}
	if len(m.Icons) != 4 {
		t.Fatalf("%d icons, want 4", len(m.Icons))
	}
	for _, ic := range m.Icons {
		name := strings.TrimPrefix(ic.Src, "/sub/")
		img, err := png.Decode(bytes.NewReader(got[name]))
		if err != nil {
			t.Fatalf("%s: %v", ic.Src, err)
		}
		if s := img.Bounds().Dx(); ic.Sizes != fmt.Sprintf("%dx%d", s, s) {
			t.Errorf("%s is %dpx, manifest says %s", ic.Src, s, ic.Sizes)
		}
	}
}

func TestBadInput(t *testing.T) {
	for _, in := range []Input{{ThemeColor: "blue"}, {ThemeColor: "#123e5c", BasePath: "/it's"}} {
		if _, err := Files(in); err == nil {
			t.Errorf("Files(%+v) gave no error", in)
		}
	}
}

func TestPageCopiesHelp(t *testing.T) {
	s := &site.Site{Pages: []*site.Page{{URL: "/"}, {URL: "/get-help-now/", Body: []byte(`<p><a href="tel:999">999</a></p>`)}}}
	p := Page(s)[0]
	if p.URL != PageURL || !bytes.Contains(p.Body, []byte("tel:999")) {
		t.Errorf("offline page %s has body %q", p.URL, p.Body)
	}
}
