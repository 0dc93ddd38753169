package devserver

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"localoffer/generator/sitefiles"
	"localoffer/internal/testutil"
)

// TestServeOnePolicyEach serves a site with the editor, with the real
// netlify.toml and the _headers file the build writes, and checks that a
// page, a stylesheet and /admin/ each get exactly one
// Content-Security-Policy, the right one. The preview adds the headers of
// every matching rule, as Netlify does, so a policy left in netlify.toml
// for /* would show here as a second policy on /admin/.
func TestServeOnePolicyEach(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "../generator/testdata/site", src)
	netlify, err := os.ReadFile("../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(name))
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("netlify.toml", string(netlify))
	toml, _ := os.ReadFile(filepath.Join(src, "site.toml"))
	write("site.toml", string(toml)+"\n[editor]\nrepo = \"council/offer\"\n")
	write("static/admin/index.html", "<!doctype html><title>Editor</title>\n")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s, err := Start(ctx, Options{Source: src, Port: 0, Log: &testutil.SyncBuffer{}})
	if err != nil {
		t.Fatal(err)
	}
	testutil.Eventually(t, "the first build", func() bool { code, _, _ := get(t, s.URL); return code == 200 })
	for _, tc := range []struct{ path, want string }{
		{"/", sitefiles.PageCSP},
		{"/money/council-tax/", sitefiles.PageCSP},
		{"/sitemap.xml", sitefiles.PageCSP},
		{"/admin/", sitefiles.EditorCSP},
		{"/admin/config.yml", sitefiles.EditorCSP},
	} {
		code, _, h := get(t, s.URL+tc.path[1:])
		got := h.Values("Content-Security-Policy")
		if code != 200 || len(got) != 1 || got[0] != tc.want {
			t.Errorf("GET %s: %d with policies %q, want one: %q", tc.path, code, got, tc.want)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s lost netlify.toml's other headers: %v", tc.path, h)
		}
	}
}
