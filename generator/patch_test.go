package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"localoffer/generator/cache"
	"localoffer/generator/publish"
	"localoffer/generator/site"
)

// TestPatch edits one page of a site the preview has built and checks
// Patch's answer: an edit of a page's text alone gives that page exactly
// as a build from nothing gives it, and leaves the render cache holding
// it; any other edit is refused and leaves the site as it was.
func TestPatch(t *testing.T) {
	tests := []struct {
		name     string
		file     string // under content/
		old, new string // "" old: append new to the file
		ok       bool
		shows    string // what the patched page shows of the edit
	}{
		{"a word of the text", "money/council-tax.md", "You.", "You, if you left care.", true, "You, if you left care."},
		{"a paragraph added", "money/council-tax.md", "", "\n\nAsk your PA about it.\n", true, "Ask your PA about it."},
		{"a link to another page added", "money/council-tax.md", "", "\n\nSee [grants](grants.md).\n", true, `href="/money/grants/"`},
		{"a link to a heading of its own", "money/council-tax.md", "", "\n\nSee [above](#who-can-get-it).\n", true, `href="#who-can-get-it"`},
		{"a translated page", "money/council-tax.ar.md", "", "\n\nنص جديد.\n", true, "نص جديد."},
		{"a section's own text", "money/_index.md", "All about money.", "All about the money you can get.", true, "All about the money you can get."},
		{"the home page's text", "_index.md", "", "\n\nWelcome.\n", true, "Welcome."},
		{"a blank line in front matter", "money/council-tax.md", "+++\ntitle", "+++\n\ntitle", true, "Who can get it?"},

		{"the title", "money/council-tax.md", `title = "Council tax"`, `title = "Council tax help"`, false, ""},
		{"the description", "money/council-tax.md", `description = "No council tax."`, `description = "You pay none."`, false, ""},
		{"a heading added", "money/council-tax.md", "", "\n\n## How to ask\n\nAsk.\n", false, ""},
		{"a heading reworded", "money/council-tax.md", "## Who can get it?", "## Who gets it?", false, ""},
		{"a link to no page", "money/council-tax.md", "", "\n\nSee [bus pass](bus-pass.md).\n", false, ""},
		{"a link to no heading", "money/council-tax.md", "", "\n\nSee [grants](grants.md#nowhere).\n", false, ""},
		{"made a draft", "money/council-tax.md", "reviewed = 2026-11-22", "reviewed = 2026-11-22\ndraft = true", false, ""},
		{"front matter broken", "money/council-tax.md", "+++\n## Who", "## Who", false, ""},
		{"raw HTML, which is left out with a warning", "money/council-tax.md", "", "\n\n<b>bold</b>\n", true, "bold"},
		{"a page the offline page shows too", "get-help-now.md", "", "\n\nCall 999.\n", false, ""},
		{"a new page", "money/bus-pass.md", "", "+++\ntitle = \"Bus pass\"\ndescription = \"x.\"\nreviewed = 2026-11-22\n+++\nFree.\n", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := t.TempDir()
			if err := os.CopyFS(src, os.DirFS("testdata/site")); err != nil {
				t.Fatal(err)
			}
			c := cache.New()
			preview := func() (*Result, map[string][]byte) {
				t.Helper()
				mem := publish.NewMemory()
				res, err := Build(context.Background(), Options{Source: src, Output: mem, Cache: c, Dev: true})
				if err != nil {
					t.Fatal(err)
				}
				return res, mem.Files()
			}
			res, _ := preview()
			before := map[string][32]byte{}
			bodies := map[string]string{}
			for _, p := range res.Site.Pages {
				before[p.URL], bodies[p.URL] = cache.PageSum(p), string(p.Body)
			}

			name := filepath.Join(src, "content", filepath.FromSlash(tt.file))
			data, _ := os.ReadFile(name)
			switch {
			case tt.old == "":
				data = append(data, tt.new...)
			case !bytes.Contains(data, []byte(tt.old)):
				t.Fatalf("%s has no %q", tt.file, tt.old)
			default:
				data = bytes.Replace(data, []byte(tt.old), []byte(tt.new), 1)
			}
			if err := os.WriteFile(name, data, 0o644); err != nil {
				t.Fatal(err)
			}

			files, ok := res.Patch([]string{tt.file})
			if ok != tt.ok {
				t.Fatalf("Patch said %v; want %v", ok, tt.ok)
			}
			if !ok {
				for _, p := range res.Site.Pages {
					if cache.PageSum(p) != before[p.URL] || string(p.Body) != bodies[p.URL] {
						t.Errorf("a refused Patch changed %s", p.URL)
					}
				}
				return
			}
			mem := publish.NewMemory()
			if _, err := Build(context.Background(), Options{Source: src, Output: mem, Dev: true}); err != nil {
				t.Fatalf("fresh build: %v", err)
			}
			want := mem.Files()
			if len(files) != 1 {
				t.Fatalf("Patch gave %d files; want 1", len(files))
			}
			for name, got := range files {
				if !bytes.Equal(got, want[name]) {
					t.Errorf("patched %s differs from a fresh build:\n got: %s\nwant: %s", name, got, want[name])
				}
				if !bytes.Contains(got, []byte(tt.shows)) {
					t.Errorf("patched %s does not show %q", name, tt.shows)
				}
			}
			// The build that follows finds the page rendered already, and
			// gives the same site as a build from nothing.
			again, got := preview()
			if again.Rendered != 0 {
				t.Errorf("the build after Patch rendered %d pages; want 0", again.Rendered)
			}
			for name := range want {
				if !bytes.Equal(got[name], want[name]) {
					t.Errorf("after Patch, the build's %s differs from a fresh build", name)
				}
			}
		})
	}
}

// TestPatchRealSite adds a paragraph to every page of the real site that
// another page does not show, patches them all at once, and compares
// each with a build from nothing: the real templates must render a
// patched page exactly as they render it in a whole build.
func TestPatchRealSite(t *testing.T) {
	src := t.TempDir()
	for _, dir := range []string{"content", "templates", "static"} {
		if err := os.CopyFS(filepath.Join(src, dir), os.DirFS(filepath.Join("..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile("../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(src, "site.toml"), data, 0o644)
	res, err := Build(context.Background(), Options{Source: src, Output: publish.NewMemory(), Cache: cache.New(), Dev: true})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, p := range res.Site.Pages {
		if p.Kind == site.Generated || shownElsewhere(res.Site, p) {
			continue
		}
		name := filepath.Join(src, "content", filepath.FromSlash(p.Path))
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, append(data, "\n\nPatched text for "+p.Path+".\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p.Path)
	}
	if len(paths) < 40 {
		t.Fatalf("only %d pages to patch; want the whole real site", len(paths))
	}
	files, ok := res.Patch(paths)
	if !ok {
		t.Fatal("Patch refused edits of pages' text alone")
	}
	mem := publish.NewMemory()
	if _, err := Build(context.Background(), Options{Source: src, Output: mem, Dev: true}); err != nil {
		t.Fatal(err)
	}
	want := mem.Files()
	if len(files) != len(paths) {
		t.Errorf("Patch gave %d files for %d pages", len(files), len(paths))
	}
	for _, p := range paths {
		name := OutputName(res.Site.PageByPath(p).URL)
		if !bytes.Contains(files[name], []byte("Patched text for "+p+".")) {
			t.Errorf("patched %s does not show its edit", name)
		}
		if !bytes.Equal(files[name], want[name]) {
			t.Errorf("patched %s differs from a fresh build", name)
		}
	}
}
