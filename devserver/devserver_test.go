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
	"testing"
	"time"

	"localoffer/internal/testutil"
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
func startLogged(t *testing.T) (*Server, string, *testutil.SyncBuffer) {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "../generator/testdata/site", src)
	_ = os.WriteFile(filepath.Join(src, "netlify.toml"), []byte("[[headers]]\n  for = \"/*\"\n  [headers.values]\n    X-Test = \"yes\"\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	log := &testutil.SyncBuffer{}
	s, err := Start(ctx, Options{Source: src, Port: 0, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	return s, src, log
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
		testutil.Eventually(t, text, func() bool { return strings.Contains(fetch(), text) })
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
	testutil.Eventually(t, "goroutines to end", func() bool { return runtime.NumGoroutine() <= before })
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
	testutil.Eventually(t, "the site to come up", func() bool {
		c, b, _ := get(t, s.URL+"money/")
		return c == 200 && !strings.Contains(b, "localoffer-overlay")
	})
}
