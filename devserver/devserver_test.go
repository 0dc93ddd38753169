package devserver

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T) (*Server, string) {
	t.Helper()
	s, src, _ := startLogged(t)
	return s, src
}

// startLogged starts a server on a copy of the fixture site and returns
// its log too.
func startLogged(t *testing.T) (*Server, string, *syncBuffer) {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "../generator/testdata/site", src)
	_ = os.WriteFile(filepath.Join(src, "netlify.toml"), []byte("[[headers]]\n  for = \"/*\"\n  [headers.values]\n    X-Test = \"yes\"\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	log := &syncBuffer{}
	s, err := Start(ctx, Options{Source: src, Port: 0, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	return s, src, log
}

// syncBuffer is a log the server writes while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// eventually polls until cond holds, so tests do not depend on timing.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestServeEditsAndErrors(t *testing.T) {
	s, src := start(t)
	page := filepath.Join(src, "content", "money", "council-tax.md")
	code, body, hdr := get(t, s.URL+"money/council-tax/")
	if code != 200 || !strings.Contains(body, "/_localoffer/reload.js") || hdr.Get("X-Test") != "yes" {
		t.Fatalf("first get: %d %q %v", code, body[:min(len(body), 200)], hdr)
	}
	// An atomic save: write a temporary file and rename it over the page.
	orig, _ := os.ReadFile(page)
	tmp := page + ".tmp"
	_ = os.WriteFile(tmp, []byte(strings.Replace(string(orig), "You.", "You, edited.", 1)), 0o644)
	_ = os.Rename(tmp, page)
	eventually(t, "edited text", func() bool { _, b, _ := get(t, s.URL+"money/council-tax/"); return strings.Contains(b, "You, edited.") })

	// A broken page shows the errors over every page; the old site stays.
	_ = os.WriteFile(page, []byte("+++\ntitle = \"x\"\n"), 0o644)
	eventually(t, "overlay", func() bool {
		_, b, _ := get(t, s.URL+"money/")
		return strings.Contains(b, "localoffer-overlay") && strings.Contains(b, "content/money/council-tax.md:1: the front matter is not closed")
	})
	_ = os.WriteFile(page, orig, 0o644)
	eventually(t, "overlay gone", func() bool { _, b, _ := get(t, s.URL+"money/"); return !strings.Contains(b, "localoffer-overlay") })

	// A new page in a new folder.
	dir := filepath.Join(src, "content", "extra")
	_ = os.MkdirAll(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, "_index.md"), []byte("+++\ntitle = \"Extra\"\ndescription = \"x.\"\nreviewed = 2026-01-01\n+++\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "new.md"), []byte("+++\ntitle = \"Brand new\"\ndescription = \"x.\"\nreviewed = 2026-01-01\n+++\nNew text.\n"), 0o644)
	eventually(t, "new page", func() bool {
		c, b, _ := get(t, s.URL+"extra/new/")
		return c == 200 && strings.Contains(b, "New text.")
	})

	// A deleted page is gone.
	_ = os.Remove(filepath.Join(dir, "new.md"))
	eventually(t, "404", func() bool { c, _, _ := get(t, s.URL+"extra/new/"); return c == 404 })
}

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

func TestServeVimSaveAndBurst(t *testing.T) {
	s, src, log := startLogged(t)
	page := filepath.Join(src, "content", "money", "council-tax.md")
	orig, _ := os.ReadFile(page)
	// vim: rename the original to a backup, write the new file, delete the backup.
	backup := page + "~"
	_ = os.Rename(page, backup)
	_ = os.WriteFile(page, []byte(strings.Replace(string(orig), "You.", "You, from vim.", 1)), 0o644)
	_ = os.Remove(backup)
	eventually(t, "vim save", func() bool {
		_, b, _ := get(t, s.URL+"money/council-tax/")
		return strings.Contains(b, "You, from vim.")
	})
	// 50 saves in a burst: the last one wins, after one rebuild (two if
	// the machine stalls for a whole batch window mid-burst).
	before := strings.Count(log.String(), "rebuilt ")
	for i := 0; i < 50; i++ {
		_ = os.WriteFile(page, []byte(strings.Replace(string(orig), "You.", fmt.Sprintf("You, save %d.", i), 1)), 0o644)
	}
	eventually(t, "last save", func() bool {
		_, b, _ := get(t, s.URL+"money/council-tax/")
		return strings.Contains(b, "You, save 49.")
	})
	time.Sleep(3 * batchDelay)
	if n := strings.Count(log.String(), "rebuilt ") - before; n > 2 {
		t.Errorf("50 saves in a burst caused %d rebuilds; want 1", n)
	}

	// Files in the site folder that the build does not read cause no
	// rebuild: notes, or public/ written by a build.
	before = strings.Count(log.String(), "rebuilt ")
	_ = os.WriteFile(filepath.Join(src, "NOTES.md"), []byte("x"), 0o644)
	_ = os.MkdirAll(filepath.Join(src, "public"), 0o755)
	time.Sleep(5 * batchDelay)
	if n := strings.Count(log.String(), "rebuilt ") - before; n != 0 {
		t.Errorf("changes outside content/, templates/, static/ and the settings caused %d rebuilds", n)
	}
}

func TestRedirectRules(t *testing.T) {
	tests := []struct {
		rule redirectRule
		path string
		want string
	}{
		{redirectRule{From: "/old/*", To: "/new/:splat"}, "/old/a/b/", "/new/a/b/"},
		{redirectRule{From: "/news/:year/:slug", To: "/blog/:slug/"}, "/news/2026/hello", "/blog/hello/"},
		{redirectRule{From: "/exact", To: "/there/"}, "/exact", "/there/"},
		{redirectRule{From: "/exact", To: "/there/"}, "/other", ""},
		{redirectRule{From: "/old/*", To: "/new/:splat"}, "/older/x", ""},
	}
	for _, tt := range tests {
		if got := tt.rule.match(tt.path); got != tt.want {
			t.Errorf("%+v.match(%q) = %q, want %q", tt.rule, tt.path, got, tt.want)
		}
	}
}

func TestServeNetlifyRedirects(t *testing.T) {
	s, src := start(t)
	rules := "\n[[redirects]]\n  from = \"/old-money/*\"\n  to = \"/money/:splat\"\n  status = 302\n\n[[redirects]]\n  from = \"/money/\"\n  to = \"/privacy/\"\n  status = 200\n  force = true\n"
	f, _ := os.OpenFile(filepath.Join(src, "netlify.toml"), os.O_APPEND|os.O_WRONLY, 0o644)
	_, _ = f.WriteString(rules)
	f.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	eventually(t, "redirect rule", func() bool {
		resp, err := client.Get(s.URL + "old-money/grants/")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 302 && resp.Header.Get("Location") == "/money/grants/"
	})
	_, body, _ := get(t, s.URL+"money/")
	if !strings.Contains(body, "<h1>privacy</h1>") {
		t.Errorf("forced rewrite did not serve /privacy/: %.300s", body)
	}
}

// event is one Server-Sent Event: its name and data (the build id).
type event struct{ name, data string }

// events opens the server's event stream and returns its events as they
// come, after the hello event that starts every stream.
func events(t *testing.T, s *Server) <-chan string {
	t.Helper()
	evs, _ := eventsFrom(t, s)
	out := make(chan string, 16)
	go func() {
		defer close(out)
		for ev := range evs {
			out <- ev.name
		}
	}()
	return out
}

// eventsFrom is events with the events' data, and the hello's build id.
func eventsFrom(t *testing.T, s *Server) (<-chan event, string) {
	t.Helper()
	resp, err := http.Get(s.URL + "_localoffer/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	sc := bufio.NewScanner(resp.Body)
	read := func() (event, bool) {
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "" && ev.name != "":
				return ev, true
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
		return ev, false
	}
	hello, ok := read()
	if !ok || hello.name != "hello" || hello.data == "" {
		t.Fatalf("the event stream did not start with hello and a build id: %+v", hello)
	}
	out := make(chan event, 16)
	go func() {
		defer close(out)
		for {
			ev, ok := read()
			if !ok {
				return
			}
			out <- ev
		}
	}()
	return out, hello.data
}

func next[E any](t *testing.T, evs <-chan E) E {
	t.Helper()
	select {
	case ev := <-evs:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	var zero E
	return zero
}

// TestServeReloadsAfterTheRebuild checks that the reload event comes only
// once the new page is served, so a browser never reloads into the old one.
func TestServeReloadsAfterTheRebuild(t *testing.T) {
	s, src := start(t)
	evs := events(t, s)
	page := filepath.Join(src, "content", "money", "council-tax.md")
	orig, _ := os.ReadFile(page)
	for i := range 5 {
		text := fmt.Sprintf("You, edit %d.", i)
		_ = os.WriteFile(page, []byte(strings.Replace(string(orig), "You.", text, 1)), 0o644)
		if ev := next(t, evs); ev != "reload" {
			t.Fatalf("event %q after a page edit; want reload", ev)
		}
		if _, b, _ := get(t, s.URL+"money/council-tax/"); !strings.Contains(b, text) {
			t.Fatalf("reload sent before the edit %d was served", i)
		}
	}
}

// TestServeTemplateChange checks that editing a template re-renders every
// page that uses it, and that a template error shows in the overlay with
// the template's file and line.
func TestServeTemplateChange(t *testing.T) {
	s, src := start(t)
	evs := events(t, s)
	tmpl := filepath.Join(src, "templates", "page.html")
	orig, _ := os.ReadFile(tmpl)
	changed := strings.Replace(string(orig), `<div class="body">`, `<p class="template-mark">Template changed</p><div class="body">`, 1)
	if changed == string(orig) {
		t.Fatal("page.html has no body div to mark")
	}
	_ = os.WriteFile(tmpl, []byte(changed), 0o644)
	if ev := next(t, evs); ev != "reload" {
		t.Fatalf("event %q after a template edit; want reload", ev)
	}
	for _, p := range []string{"money/council-tax/", "money/grants/", "privacy/"} {
		if _, b, _ := get(t, s.URL+p); !strings.Contains(b, "Template changed") {
			t.Errorf("%s was not rendered again with the changed template", p)
		}
	}
	if _, b, _ := get(t, s.URL+"money/"); strings.Contains(b, "Template changed") {
		t.Errorf("the section page uses section.html, yet shows page.html's change")
	}

	_ = os.WriteFile(tmpl, []byte(changed+"\n{{if}}\n"), 0o644)
	next(t, evs)
	_, b, _ := get(t, s.URL+"money/")
	if !strings.Contains(b, "localoffer-overlay") || !strings.Contains(b, "templates/page.html:") {
		t.Errorf("a template error did not show in the overlay with its file and line: %.600s", b[max(0, strings.Index(b, "localoffer-overlay")-20):])
	}
	_ = os.WriteFile(tmpl, orig, 0o644)
	next(t, evs)
	if _, b, _ := get(t, s.URL+"money/council-tax/"); strings.Contains(b, "localoffer-overlay") || strings.Contains(b, "Template changed") {
		t.Errorf("after the template was put back the page still shows the change or the overlay")
	}
}

// TestServeLeaksNoGoroutines rebuilds many times with a reader connected,
// then stops the server: the goroutine count must not grow with rebuilds,
// and must fall back to where it was once the server has stopped.
func TestServeLeaksNoGoroutines(t *testing.T) {
	http.DefaultClient.CloseIdleConnections()
	before := runtime.NumGoroutine()
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "../generator/testdata/site", src)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Start(ctx, Options{Source: src, Port: 0})
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	fetch := func() string {
		resp, err := client.Get(s.URL + "money/council-tax/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	page := filepath.Join(src, "content", "money", "council-tax.md")
	orig, _ := os.ReadFile(page)
	save := func(i int) {
		text := fmt.Sprintf("You, save %d.", i)
		_ = os.WriteFile(page, []byte(strings.Replace(string(orig), "You.", text, 1)), 0o644)
		eventually(t, text, func() bool { return strings.Contains(fetch(), text) })
	}
	save(0)
	// settle waits up to 2 s for finished goroutines (closed connections,
	// a rebuild's workers) to exit, and returns the count.
	settle := func(want int) int {
		n := runtime.NumGoroutine()
		for deadline := time.Now().Add(2 * time.Second); n > want && time.Now().Before(deadline); n = runtime.NumGoroutine() {
			time.Sleep(10 * time.Millisecond)
		}
		return n
	}
	time.Sleep(100 * time.Millisecond)
	baseline := settle(0)
	for i := 1; i <= 30; i++ {
		save(i)
	}
	if n := settle(baseline); n > baseline {
		t.Errorf("%d goroutines after 30 rebuilds; %d after the first", n, baseline)
	}
	cancel()
	eventually(t, "goroutines to end", func() bool { return runtime.NumGoroutine() <= before })
}

// TestServeNetlifyTomlError checks that a broken netlify.toml shows in the
// overlay with its line, that the site and the last good headers are still
// served, and that fixing it clears the overlay.
func TestServeNetlifyTomlError(t *testing.T) {
	s, src := start(t)
	evs := events(t, s)
	file := filepath.Join(src, "netlify.toml")
	good, _ := os.ReadFile(file)
	_ = os.WriteFile(file, append(append([]byte{}, good...), "\n[[redirects]]\n  from = \"/a\n"...), 0o644)
	next(t, evs)
	_, b, hdr := get(t, s.URL+"money/")
	if !strings.Contains(b, "localoffer-overlay") || !strings.Contains(b, "netlify.toml:7:") {
		t.Errorf("a broken netlify.toml did not show in the overlay with its line: %.400s", b[max(0, strings.Index(b, "localoffer-overlay")):])
	}
	if hdr.Get("X-Test") != "yes" {
		t.Errorf("the last good headers were dropped")
	}
	_ = os.WriteFile(file, good, 0o644)
	next(t, evs)
	if _, b, _ := get(t, s.URL+"money/"); strings.Contains(b, "localoffer-overlay") {
		t.Errorf("the overlay stayed after netlify.toml was fixed")
	}
}

// TestServeDrafts checks that drafts are shown unless turned off.
func TestServeDrafts(t *testing.T) {
	for _, drafts := range []bool{true, false} {
		src := filepath.Join(t.TempDir(), "site")
		copyTree(t, "../generator/testdata/site", src)
		_ = os.WriteFile(filepath.Join(src, "content", "money", "draft.md"), []byte("+++\ntitle = \"Draft\"\ndescription = \"x.\"\nreviewed = 2026-01-01\ndraft = true\n+++\nNot yet.\n"), 0o644)
		ctx, cancel := context.WithCancel(context.Background())
		s, err := Start(ctx, Options{Source: src, Port: 0, Drafts: drafts})
		if err != nil {
			t.Fatal(err)
		}
		code, body, _ := get(t, s.URL+"money/draft/")
		if shown := code == 200 && strings.Contains(body, "Not yet."); shown != drafts {
			t.Errorf("Drafts: %v; the draft page answered %d", drafts, code)
		}
		cancel()
	}
}

// TestServeBrokenFromTheStart checks a site that does not build when the
// server starts: pages answer with a whole HTML page listing the problems,
// and fixing the file brings the site up.
func TestServeBrokenFromTheStart(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "../generator/testdata/site", src)
	page := filepath.Join(src, "content", "money", "council-tax.md")
	good, _ := os.ReadFile(page)
	_ = os.WriteFile(page, []byte("+++\ntitle = \"x\"\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Start(ctx, Options{Source: src, Port: 0})
	if err != nil {
		t.Fatal(err)
	}
	code, body, hdr := get(t, s.URL+"money/")
	if code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "<!DOCTYPE html>") || !strings.Contains(body, "content/money/council-tax.md:1:") || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
		t.Errorf("before the first good build: %d %s %.400s", code, hdr.Get("Content-Type"), body)
	}
	_ = os.WriteFile(page, good, 0o644)
	eventually(t, "the site to come up", func() bool {
		c, b, _ := get(t, s.URL+"money/")
		return c == 200 && !strings.Contains(b, "localoffer-overlay")
	})
}
