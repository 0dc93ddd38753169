package devserver

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"localoffer/internal/testutil"
)

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
	testutil.Eventually(t, "redirect rule", func() bool {
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
