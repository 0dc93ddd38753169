package devserver

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"localoffer/internal/testutil"
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

// TestServeAliases checks that a page's old addresses redirect to it, with
// and without the closing slash; that an alias added or removed while
// serving takes effect with the next build; that a failed build keeps
// the last good site's aliases along with its pages; and that aliases
// live under the site's base path, as in the _redirects file.
func TestServeAliases(t *testing.T) {
	s, src := start(t)
	evs := events(t, s)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	where := func(base, p string) (int, string) {
		t.Helper()
		resp, err := client.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location")
	}
	want := func(base, p string, code int, loc string) {
		t.Helper()
		if c, l := where(base, p); c != code || l != loc {
			t.Errorf("GET /%s: %d %q, want %d %q", p, c, l, code, loc)
		}
	}
	want(s.URL, "old-grants/", 301, "/money/grants/")
	want(s.URL, "old-grants", 301, "/money/grants/")
	want(s.URL, "ctax/", 404, "")

	page := filepath.Join(src, "content", "money", "council-tax.md")
	orig, _ := os.ReadFile(page)
	_ = os.WriteFile(page, []byte(strings.Replace(string(orig), "+++\n", "+++\naliases = [\"/ctax/\", \"/council-tax.html\"]\n", 1)), 0o644)
	if ev := next(t, evs); ev != "reload" {
		t.Fatalf("event %q after adding aliases; want reload", ev)
	}
	want(s.URL, "ctax", 301, "/money/council-tax/")
	want(s.URL, "council-tax.html", 301, "/money/council-tax/")

	grants := filepath.Join(src, "content", "money", "grants.md")
	goodGrants, _ := os.ReadFile(grants)
	_ = os.WriteFile(grants, []byte("+++\ntitle = \"x\"\n"), 0o644)
	next(t, evs)
	if _, b, _ := get(t, s.URL+"money/"); !strings.Contains(b, "localoffer-overlay") {
		t.Fatalf("the broken page did not show in the overlay")
	}
	want(s.URL, "old-grants/", 301, "/money/grants/")
	want(s.URL, "ctax/", 301, "/money/council-tax/")

	_ = os.WriteFile(grants, goodGrants, 0o644)
	_ = os.WriteFile(page, orig, 0o644)
	testutil.Eventually(t, "the removed alias to go", func() bool { c, _ := where(s.URL, "ctax/"); return c == 404 })
	want(s.URL, "old-grants/", 301, "/money/grants/")

	// A site published under a path has its aliases under it too.
	cfg := filepath.Join(src, "site.toml")
	data, _ := os.ReadFile(cfg)
	based := strings.Replace(string(data), "netlify.app/\"", "netlify.app/offer/\"", 1)
	if based == string(data) {
		t.Fatal("the fixture's base_url has changed; update this test")
	}
	_ = os.WriteFile(cfg, []byte(based), 0o644)
	testutil.Eventually(t, "the base path", func() bool { c, _ := where(s.URL, "offer/old-grants/"); return c == 301 })
	want(s.URL, "offer/old-grants/", 301, "/offer/money/grants/")
	want(s.URL, "old-grants/", 404, "")
}
