package devserver

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeRefusesTraversalAndForeignHosts(t *testing.T) {
	s, _ := start(t)
	for _, p := range []string{"..%2f..%2fetc/passwd", "%2e%2e/%2e%2e/etc/passwd", "a/../../site.toml"} {
		req, _ := http.NewRequest("GET", s.URL+p, nil)
		req.URL.RawPath = "/" + p
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Errorf("%s served", p)
		}
	}
	req, _ := http.NewRequest("GET", s.URL, nil)
	req.Host = "evil.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("foreign host got %d", resp.StatusCode)
	}
	// An address typed as numbers cannot come from DNS rebinding: a phone
	// on the same network reaches a preview started with --host 0.0.0.0 so.
	req, _ = http.NewRequest("GET", s.URL, nil)
	req.Host = "192.168.1.20:1313"
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("IP address host got %d", resp.StatusCode)
	}
	if code, _, _ := get(t, s.URL+"old-grants/"); code != 200 {
		t.Errorf("alias redirect did not lead to the page: %d", code)
	}
}

// TestServeSendsReloadEvents checks the events a page gets: hello with
// the build the page should come from, css when only a stylesheet changed
// and reload otherwise, each with the new build's id, which the served
// page then names.
func TestServeSendsReloadEvents(t *testing.T) {
	s, src := start(t)
	buildOf := func() string {
		_, b, _ := get(t, s.URL+"money/")
		_, rest, ok := strings.Cut(b, "/_localoffer/reload.js?build=")
		if !ok {
			t.Fatalf("the page does not load reload.js with its build: %.300s", b)
		}
		id, _, _ := strings.Cut(rest, `"`)
		return id
	}
	evs, hello := eventsFrom(t, s)
	if got := buildOf(); got != hello {
		t.Errorf("hello names build %q; the page comes from %q", hello, got)
	}
	css := filepath.Join(src, "static", "css", "site.css")
	f, _ := os.OpenFile(css, os.O_APPEND|os.O_WRONLY, 0o644)
	_, _ = f.WriteString("\np { color: #000; }\n")
	f.Close()
	ev := next(t, evs)
	if ev.name != "css" || ev.data == hello || ev.data != buildOf() {
		t.Errorf("after a stylesheet change: event %+v, page build %q; want css with a new build id the page names", ev, buildOf())
	}
	page := filepath.Join(src, "content", "money", "_index.md")
	f, _ = os.OpenFile(page, os.O_APPEND|os.O_WRONLY, 0o644)
	_, _ = f.WriteString("\nMore.\n")
	f.Close()
	if ev2 := next(t, evs); ev2.name != "reload" || ev2.data == ev.data || ev2.data != buildOf() {
		t.Errorf("after a page change: event %+v; want reload with a new build id", ev2)
	}
	// A page that connects later is told the current build.
	if _, hello2 := eventsFrom(t, s); hello2 != buildOf() {
		t.Errorf("a new stream says build %q; the pages come from %q", hello2, buildOf())
	}
}
