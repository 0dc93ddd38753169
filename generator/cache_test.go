package generator

import (
	"bytes"
	"context"
	"localoffer/generator/cache"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"localoffer/generator/publish"
)

// TestRenderCacheMatchesFreshBuild edits a site step by step, the way an
// editor would while the preview runs, and after every step compares a
// build that reuses the Cache with a build from nothing: every file must
// be byte-identical. It also checks that the cache is used, so that a
// cache that renders everything every time cannot pass.
func TestRenderCacheMatchesFreshBuild(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	edit := func(name, old, new string) func(t *testing.T) {
		return func(t *testing.T) {
			p := filepath.Join(src, name)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(old)) {
				t.Fatalf("%s has no %q", name, old)
			}
			if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write := func(name, text string) func(t *testing.T) {
		return func(t *testing.T) {
			p := filepath.Join(src, name)
			_ = os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	rename := func(from, to string) func(t *testing.T) {
		return func(t *testing.T) {
			if err := os.Rename(filepath.Join(src, from), filepath.Join(src, to)); err != nil {
				t.Fatal(err)
			}
		}
	}
	steps := []struct {
		name string
		do   func(t *testing.T)
		// maxRendered is how many pages may be rendered again; -1 means
		// any number (a change that every page shows).
		maxRendered int
	}{
		{"body text", edit("content/money/council-tax.md", "You. Back", "You, if you left care. Back"), 1},
		{"same body again", edit("content/money/council-tax.md", "You, if", "You, if"), 0},
		{"a heading only its own page shows", edit("content/money/council-tax.md", "## Who can get it?", "## Who can get it?\n\nEveryone.\n\n## How to ask"), 1},
		{"title shown in navigation and lists", edit("content/money/grants.md", `title = "Grants"`, `title = "Grants and gifts"`), -1},
		{"weight changes the order", edit("content/money/grants.md", "weight = 5", "weight = 50"), -1},
		{"offer changes the finder", edit("content/money/grants.md", `how = "Ask your PA."`, `how = "Ask your personal adviser."`), -1},
		{"glossary heading changes the A to Z", write("content/words-explained.md", "+++\ntitle = \"Words explained\"\ndescription = \"x.\"\nreviewed = 2026-11-22\n+++\n## Pathway plan\n\nYour plan.\n"), -1},
		{"a glossary term (a third-level heading) the A to Z lists", edit("content/words-explained.md", "Your plan.\n", "Your plan.\n\n### Personal adviser\n\nYour PA.\n"), -1},
		{"new page", write("content/money/bus-pass.md", "+++\ntitle = \"Bus pass\"\ndescription = \"Free travel.\"\nreviewed = 2026-11-22\n+++\nAsk your PA.\n"), -1},
		{"renamed page", rename("content/money/bus-pass.md", "content/money/travel.md"), -1},
		{"deleted page", func(t *testing.T) { _ = os.Remove(filepath.Join(src, "content/money/travel.md")) }, -1},
		{"template", edit("templates/page.html", "<div class=\"body\">", "<div class=\"body page-body\">"), -1},
		{"stylesheet changes its fingerprinted name", edit("static/css/site.css", "{", "{color:#0b0c0c;"), -1},
		{"navigation", write("site.toml", strings.Replace(readFile(t, "testdata/site/site.toml"), `label = "Money"`, `label = "Money and grants"`, 1)), -1},
		{"unconfirmed value filled in", edit("site.toml", `hours = { unconfirmed = true, note = "Leaving care team opening hours: not published in any source in the content brief" }`, `hours = "9am to 5pm"`), -1},
		{"body text after all that", edit("content/money/setting-up-home.md", "+++\n", "+++\n"), 0},
	}
	c := cache.New()
	cached := func() (*Result, map[string][]byte) {
		t.Helper()
		mem := publish.NewMemory()
		res, err := Build(context.Background(), Options{Source: src, Output: mem, Cache: c, Dev: true})
		if err != nil {
			t.Fatalf("cached build: %v", err)
		}
		return res, mem.Files()
	}
	first, _ := cached()
	if first.Rendered != first.Pages {
		t.Fatalf("first build rendered %d of %d pages; want all", first.Rendered, first.Pages)
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			step.do(t)
			res, got := cached()
			mem := publish.NewMemory()
			if _, err := Build(context.Background(), Options{Source: src, Output: mem, Dev: true}); err != nil {
				t.Fatalf("fresh build: %v", err)
			}
			want := mem.Files()
			for _, name := range sortedKeys(want) {
				if !bytes.Equal(got[name], want[name]) {
					t.Errorf("%s differs from a fresh build:\n got: %.300s\nwant: %.300s", name, got[name], want[name])
				}
			}
			for _, name := range sortedKeys(got) {
				if _, ok := want[name]; !ok {
					t.Errorf("%s is left over from an earlier build", name)
				}
			}
			if step.maxRendered >= 0 && res.Rendered > step.maxRendered {
				t.Errorf("rendered %d pages; want at most %d", res.Rendered, step.maxRendered)
			}
		})
	}
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestCacheReadsOnlyChangedFiles checks the stamp rules of cache.Stamp: a
// file whose stamp is unchanged and old enough is not read again, and any
// change, even one that keeps the size and puts the modification time
// back (as cp -p does), is read.
func TestCacheReadsOnlyChangedFiles(t *testing.T) {
	if _, ok := cache.StampOf(mustStat(t, "cache_test.go")); !ok {
		t.Skip("this system gives no change time; every file is read")
	}
	defer func(w time.Duration) { cache.RacyWindow = w }(cache.RacyWindow)
	cache.RacyWindow = 0

	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	c := cache.New()
	build := func() *Result {
		t.Helper()
		res, err := Build(context.Background(), Options{Source: src, Output: publish.NewMemory(), Cache: c})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := build()
	if first.Read == 0 {
		t.Fatal("the first build read no files")
	}
	if res := build(); res.Read != 0 {
		t.Errorf("unchanged site: read %d files; want 0", res.Read)
	}

	page := filepath.Join(src, "content", "money", "council-tax.md")
	info := mustStat(t, page)
	data := readFile(t, page)
	same := strings.Replace(data, "You.", "Yes.", 1) // same size
	if len(same) != len(data) || same == data {
		t.Fatal("the edit must keep the size")
	}
	if err := os.WriteFile(page, []byte(same), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(page, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	mem := publish.NewMemory()
	res, err := Build(context.Background(), Options{Source: src, Output: mem, Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	if res.Read != 1 {
		t.Errorf("after one edit: read %d files; want 1", res.Read)
	}
	if html := string(mem.Files()["money/council-tax/index.html"]); !strings.Contains(html, "Yes.") {
		t.Errorf("the edit with the old modification time was not seen:\n%s", html)
	}
}

func mustStat(t *testing.T, name string) os.FileInfo {
	t.Helper()
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return info
}
