package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"localoffer/generator/cache"
	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/markdown"
	"localoffer/generator/publish"
)

// cacheSite is a copy of the test site built with and without the build
// cache.
type cacheSite struct {
	t        *testing.T
	src      string
	dest     string // the cached builds' output folder
	cacheDir string
}

func newCacheSite(t *testing.T) *cacheSite {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "testdata/site", src)
	return &cacheSite{t: t, src: src, dest: filepath.Join(t.TempDir(), "public"), cacheDir: filepath.Join(src, CacheFolder)}
}

// cached builds the site with the cache into s.dest.
func (s *cacheSite) cached() (*Result, error) {
	return Build(context.Background(), Options{Source: s.src, Dest: s.dest, CacheDir: s.cacheDir})
}

// clean builds the site from nothing into a new folder, which it returns.
func (s *cacheSite) clean() (string, error) {
	dest := filepath.Join(s.t.TempDir(), "public")
	_, err := Build(context.Background(), Options{Source: s.src, Dest: dest})
	return dest, err
}

// sameTrees fails the test unless the folders hold the same files with
// the same bytes.
func sameTrees(t *testing.T, what, got, want string) {
	t.Helper()
	g, w := readTree(t, got), readTree(t, want)
	var diffs []string
	for name, data := range w {
		if gd, ok := g[name]; !ok {
			diffs = append(diffs, name+" is missing")
		} else if !bytes.Equal(gd, data) {
			diffs = append(diffs, name+" differs")
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			diffs = append(diffs, name+" should not be there")
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 0 {
		t.Fatalf("%s: the cached build differs from a clean one: %s", what, strings.Join(diffs, "; "))
	}
}

// pages returns the site's page files, relative to the site folder.
func (s *cacheSite) pages(regular bool) []string {
	var out []string
	_ = filepath.WalkDir(filepath.Join(s.src, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && (!regular || d.Name() != "_index.md") {
			rel, _ := filepath.Rel(s.src, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out
}

func (s *cacheSite) read(name string) string {
	data, err := os.ReadFile(filepath.Join(s.src, name))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(data)
}

func (s *cacheSite) write(name, text string) {
	p := filepath.Join(s.src, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// sub replaces the first match of re in file name by repl, where $1 is
// what the first group matched and N is n.
func (s *cacheSite) sub(name, re string, repl string, n int) {
	text := s.read(name)
	loc := regexp.MustCompile(re).FindStringSubmatchIndex(text)
	if loc == nil {
		s.t.Fatalf("%s has nothing like %s", name, re)
	}
	r := strings.ReplaceAll(repl, "N", fmt.Sprint(n))
	if len(loc) > 2 {
		r = strings.ReplaceAll(r, "$1", text[loc[2]:loc[3]])
	}
	s.write(name, text[:loc[0]]+r+text[loc[1]:])
}

// snapshot returns the site's files, for undoing an edit.
func (s *cacheSite) snapshot() map[string][]byte {
	files := readTree(s.t, s.src)
	for name := range files {
		if strings.HasPrefix(name, ".cache/") {
			delete(files, name)
		}
	}
	return files
}

func (s *cacheSite) restore(files map[string][]byte) {
	for _, dir := range []string{"content", "templates", "static", "site.toml"} {
		if err := os.RemoveAll(filepath.Join(s.src, dir)); err != nil {
			s.t.Fatal(err)
		}
	}
	for name, data := range files {
		s.write(name, string(data))
	}
}

// TestBuildCacheMatchesCleanBuild edits the site at random, the way
// editors do between builds, and after every edit checks that a build
// with the cache writes exactly what a build from nothing writes, file
// for file. Edits that make the site fail to build (a rename that breaks
// links) must fail the same way with the cache, and are then undone.
// Some steps also check that the cache was used, so that a cache that
// rebuilds everything cannot pass.
func TestBuildCacheMatchesCleanBuild(t *testing.T) {
	defer func(w time.Duration) { cache.RacyWindow = w }(cache.RacyWindow)
	// Edits come a few milliseconds apart here; a short window lets the
	// cache trust stamps as it would between an editor's builds.
	cache.RacyWindow = 10 * time.Millisecond
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			s := newCacheSite(t)
			rng := rand.New(rand.NewPCG(seed, 14))
			pick := func(list []string) string { return list[rng.IntN(len(list))] }
			sections := []string{"content", "content/money", "content/somewhere-to-live"}
			// check says what a successful cached build must show.
			type check int
			const (
				any check = iota
				unchanged
				onePage
			)
			edits := []struct {
				name string
				do   func(n int) check
			}{
				{"nothing", func(int) check { return unchanged }},
				{"same bytes saved again", func(int) check {
					p := pick(s.pages(false))
					s.write(p, s.read(p))
					return unchanged
				}},
				{"page body", func(n int) check {
					p := pick(s.pages(false))
					s.write(p, s.read(p)+fmt.Sprintf("\n\nEdited, time %d.\n", n))
					return onePage
				}},
				{"new heading", func(n int) check {
					p := pick(s.pages(false))
					s.write(p, s.read(p)+fmt.Sprintf("\n\n## Part %d\n\nMore.\n", n))
					return any
				}},
				{"title, shown in navigation", func(n int) check {
					s.sub(pick(s.pages(false)), `(?m)^title = "(.*)"$`, `title = "$1 N"`, n)
					return any
				}},
				{"rename", func(n int) check {
					p := pick(s.pages(true))
					to := strings.TrimSuffix(p, ".md") + fmt.Sprintf("-%d.md", n)
					if strings.Contains(p, ".ar.") {
						to = strings.TrimSuffix(p, ".ar.md") + fmt.Sprintf("-%d.ar.md", n)
					}
					if err := os.Rename(filepath.Join(s.src, p), filepath.Join(s.src, to)); err != nil {
						t.Fatal(err)
					}
					return any
				}},
				{"move to another section", func(n int) check {
					p := pick(s.pages(true))
					to := pick(sections) + "/" + fmt.Sprintf("moved-%d.md", n)
					if err := os.Rename(filepath.Join(s.src, p), filepath.Join(s.src, to)); err != nil {
						t.Fatal(err)
					}
					return any
				}},
				{"delete", func(int) check {
					if err := os.Remove(filepath.Join(s.src, pick(s.pages(true)))); err != nil {
						t.Fatal(err)
					}
					return any
				}},
				{"add", func(n int) check {
					s.write(pick(sections)+fmt.Sprintf("/new-%d.md", n), fmt.Sprintf("+++\ntitle = \"New %d\"\ndescription = \"A new page.\"\nreviewed = 2026-11-01\nweight = %d\n+++\nAsk your PA.\n", n, n))
					return any
				}},
				{"template", func(n int) check {
					s.sub("templates/page.html", `<div class="body">`, `<div class="body"><p>Template edit N.</p>`, n)
					return any
				}},
				{"site.toml", func(n int) check {
					s.sub("site.toml", `(?m)^owner = "(.*)"$`, `owner = "$1 N"`, n)
					return any
				}},
				{"_offer.toml", func(n int) check {
					s.sub("content/_offer.toml", `label = "(.*)"`, `label = "$1 N"`, n)
					return any
				}},
				{"strings file", func(n int) check {
					s.sub("templates/strings/en.toml", `(?m)^page_title = "(.*)"$`, `page_title = "$1 N"`, n)
					return any
				}},
				{"stylesheet", func(n int) check {
					s.write("static/css/site.css", s.read("static/css/site.css")+fmt.Sprintf("\n.edit-%d{color:#0b0c0c}\n", n))
					return any
				}},
			}
			if _, err := s.cached(); err != nil {
				t.Fatal(err)
			}
			known := knownFolders.Load()
			// The spare's folders are known from their stamps (see
			// publish.SpareLister) in the later steps: the comparisons
			// below must cover that too.
			defer func() {
				if knownFolders.Load() == known {
					t.Error("no build knew any of the spare's folders without reading them")
				}
			}()
			for n := range 40 {
				e := edits[rng.IntN(len(edits))]
				before := s.snapshot()
				want := e.do(n)
				// Let the edit's stamp age past the racy window, as files do
				// between an editor's builds.
				time.Sleep(2 * cache.RacyWindow)
				step := fmt.Sprintf("step %d (%s)", n, e.name)
				cleanDest, cleanErr := s.clean()
				res, err := s.cached()
				if (err == nil) != (cleanErr == nil) || (err != nil && err.Error() != cleanErr.Error()) {
					t.Fatalf("%s: cached build: %v; clean build: %v", step, err, cleanErr)
				}
				if err != nil {
					s.restore(before)
					time.Sleep(2 * cache.RacyWindow)
					if cleanDest, err = s.clean(); err != nil {
						t.Fatalf("%s undone: %v", step, err)
					}
					if _, err := s.cached(); err != nil {
						t.Fatalf("%s undone: %v", step, err)
					}
					sameTrees(t, step+" undone", s.dest, cleanDest)
					continue
				}
				sameTrees(t, step, s.dest, cleanDest)
				switch {
				case want == unchanged && !res.Unchanged:
					t.Errorf("%s: the cached build did not see that nothing changed (read %d, rendered %d)", step, res.Read, res.Rendered)
				case want == onePage && (res.Unchanged || res.Rendered != 1):
					t.Errorf("%s: rendered %d pages after one page's text changed; want 1", step, res.Rendered)
				}
			}
		})
	}
}

// TestBuildCacheSurvivesDamage damages the cache, or the output folder it
// relies on, in each way a crash, a full disk or a person could, and
// checks that the next build still writes exactly what a clean build
// writes.
func TestBuildCacheSurvivesDamage(t *testing.T) {
	defer func(w time.Duration) { cache.RacyWindow = w }(cache.RacyWindow)
	cache.RacyWindow = 10 * time.Millisecond
	edit := func(s *cacheSite, name string, fn func([]byte) []byte) {
		p := filepath.Join(s.cacheDir, name)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, fn(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		damage func(s *cacheSite)
	}{
		{"pages file cut short", func(s *cacheSite) {
			edit(s, pagesFile(shardOf("privacy.md")), func(b []byte) []byte { return b[:len(b)/2] })
		}},
		{"state file cut short", func(s *cacheSite) { edit(s, stateFile, func(b []byte) []byte { return b[:len(b)-1] }) }},
		{"pages file empty", func(s *cacheSite) { edit(s, pagesFile(shardOf("privacy.md")), func([]byte) []byte { return nil }) }},
		{"a byte changed in the pages file", func(s *cacheSite) {
			edit(s, pagesFile(shardOf("privacy.md")), func(b []byte) []byte { b[len(b)/2] ^= 0x20; return b })
		}},
		{"a byte changed in the state file", func(s *cacheSite) {
			edit(s, stateFile, func(b []byte) []byte { b[len(b)-10] ^= 1; return b })
		}},
		{"garbage with a good header", func(s *cacheSite) {
			edit(s, pagesFile(shardOf("privacy.md")), func(b []byte) []byte {
				junk := bytes.Repeat([]byte{0xff}, 300)
				return append(b[:len(diskMagic)+32], junk...)
			})
		}},
		{"cache folder is a file", func(s *cacheSite) {
			if err := os.RemoveAll(s.cacheDir); err != nil {
				t.Fatal(err)
			}
			s.write(CacheFolder, "not a folder")
		}},
		{"a published page edited by hand, same size", func(s *cacheSite) {
			p := filepath.Join(s.dest, "money", "grants", "index.html")
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 1
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a published page replaced", func(s *cacheSite) {
			p := filepath.Join(s.dest, "money", "grants", "index.html")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("<p>old</p>"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a published page deleted", func(s *cacheSite) {
			if err := os.Remove(filepath.Join(s.dest, "privacy", "index.html")); err != nil {
				t.Fatal(err)
			}
		}},
		{"a stray file in the spare folder", func(s *cacheSite) {
			// The first damage-free rebuild made the spare; this one
			// updates it.
			if err := os.WriteFile(filepath.Join(publish.SpareOf(s.dest), "stray.html"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a page in the spare folder edited by hand", func(s *cacheSite) {
			p := filepath.Join(publish.SpareOf(s.dest), "money", "grants", "index.html")
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			// Written in place, so the output folder's link to the same
			// file changes too.
			data[len(data)/2] ^= 1
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a stray file in a folder of the spare", func(s *cacheSite) {
			if err := os.WriteFile(filepath.Join(publish.SpareOf(s.dest), "money", "stray.html"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a stray folder in a folder of the spare", func(s *cacheSite) {
			dir := filepath.Join(publish.SpareOf(s.dest), "money", "grants", "stray")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "index.html"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a page of the spare replaced by a folder", func(s *cacheSite) {
			p := filepath.Join(publish.SpareOf(s.dest), "money", "grants", "index.html")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(p, "x"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"a folder of the spare removed", func(s *cacheSite) {
			if err := os.RemoveAll(filepath.Join(publish.SpareOf(s.dest), "money", "grants")); err != nil {
				t.Fatal(err)
			}
		}},
		{"the spare folder is a file", func(s *cacheSite) {
			spare := publish.SpareOf(s.dest)
			if err := os.RemoveAll(spare); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(spare, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a stray file in the output", func(s *cacheSite) {
			if err := os.WriteFile(filepath.Join(s.dest, "stray.html"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newCacheSite(t)
			// Builds of different sites, so that the output folder has a
			// spare beside it, and enough of them that the spare's folders
			// are known from the build before last (publish.SpareLister).
			for i := range 5 {
				if i > 0 {
					s.write("content/accessibility.md", s.read("content/accessibility.md")+"\n\nEdited.\n")
					time.Sleep(2 * cache.RacyWindow)
				}
				before := knownFolders.Load()
				if _, err := s.cached(); err != nil {
					t.Fatal(err)
				}
				if i == 4 && knownFolders.Load() == before {
					t.Fatal("the build did not know any of the spare's folders without reading them")
				}
			}
			if _, err := os.Stat(publish.SpareOf(s.dest)); err != nil {
				t.Fatal("no spare folder:", err)
			}
			tc.damage(s)
			for _, edited := range []bool{false, true} {
				if edited {
					s.write("content/privacy.md", s.read("content/privacy.md")+"\n\nMore.\n")
				}
				time.Sleep(2 * cache.RacyWindow)
				if _, err := s.cached(); err != nil {
					t.Fatalf("build after the damage (page edited: %t): %v", edited, err)
				}
				want, err := s.clean()
				if err != nil {
					t.Fatal(err)
				}
				sameTrees(t, tc.name, s.dest, want)
			}
		})
	}
}

// TestBuildCacheUsed checks that the cache saves the work it is for, and
// that a new generator does not trust an old generator's cache.
func TestBuildCacheUsed(t *testing.T) {
	defer func(w time.Duration) { cache.RacyWindow = w }(cache.RacyWindow)
	cache.RacyWindow = 10 * time.Millisecond
	s := newCacheSite(t)
	first, err := s.cached()
	if err != nil {
		t.Fatal(err)
	}
	// The first build read files just written, whose stamps it cannot
	// trust yet; the second one reads them again, and the third trusts them.
	for range 2 {
		time.Sleep(2 * cache.RacyWindow)
		if res, err := s.cached(); err != nil || !res.Unchanged || res.Pages != first.Pages || res.Files != first.Files {
			t.Fatalf("build with nothing changed: %+v, %v; want nothing done, with the first build's counts", res, err)
		}
	}
	s.write("content/money/grants.md", s.read("content/money/grants.md")+"\n\nMore.\n")
	time.Sleep(2 * cache.RacyWindow)
	res, err := s.cached()
	if err != nil || res.Read != 1 || res.Rendered != 1 {
		t.Fatalf("after one edit: %+v, %v; want 1 page read and rendered", res, err)
	}

	defer func(k func(string) ([32]byte, error)) { programKey = k }(programKey)
	programKey = func(string) ([32]byte, error) { return [32]byte{1}, nil }
	res, err = s.cached()
	if err != nil || res.Unchanged || res.Rendered != res.Pages || res.Reused != 0 {
		t.Fatalf("with another generator: %+v, %v; want every page built again", res, err)
	}
}

// TestStateFileRoundTrip checks the state file's own format: what is
// written reads back the same, and every shortened or lengthened copy is
// refused rather than read wrong.
func TestStateFileRoundTrip(t *testing.T) {
	st := diskState{Key: [32]byte{1, 2, 3}, Dest: "/tmp/public", NPages: 3, NFiles: 40,
		Pages: []inputRec{
			{Path: "money/grants.md", Stamp: cache.Record{Size: 10, Mtime: -5, Ctime: 1 << 62, Ino: 7}, Stamps: true, ReadAt: 99, Hash: [32]byte{9}},
			{Path: "", Hash: [32]byte{31: 1}},
		},
		Outputs: []outputRec{{Name: "index.html", Hash: [32]byte{4}, Size: 100, Ino: 8, Mtime: 3}},
		Spare:   nil,
	}
	data := st.appendBinary(nil)
	var got diskState
	if err := got.decodeBinary(string(data)); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.Key, got.Dest, got.NPages, got.NFiles, got.Pages, got.Outputs, len(got.Spare)) !=
		fmt.Sprint(st.Key, st.Dest, st.NPages, st.NFiles, st.Pages, st.Outputs, len(st.Spare)) {
		t.Errorf("read back %+v, want %+v", got, st)
	}
	for n := range len(data) {
		var cut diskState
		if cut.decodeBinary(string(data[:n])) == nil {
			t.Errorf("the first %d of %d bytes were read as a whole file", n, len(data))
		}
	}
	if (&diskState{}).decodeBinary(string(append(data, 0))) == nil {
		t.Error("a byte too many was read as a whole file")
	}
}

// TestHotRoundTrip checks the format of an entry's headings, links and
// words: they read back the same, links to other sites are left out, and
// every shortened or lengthened copy is refused rather than read wrong.
func TestHotRoundTrip(t *testing.T) {
	heads := []markdown.Heading{{Level: 2, Text: "What you can get", ID: "what-you-can-get", Line: 12}, {Level: 3, Text: "£ and “quotes”", ID: "x", Line: 300}}
	links := []markdown.Link{
		{Kind: markdown.PageLink, Target: "money/grants.md", Fragment: "how", Line: 4},
		{Kind: markdown.ExternalLink, Target: "https://example.org/", Text: "elsewhere", Line: 5},
		{Kind: markdown.FileLink, Target: "forms/a.pdf", Line: -1},
	}
	words := "and care leavers money"
	data := appendHot(nil, heads, links, words)
	gh, gl, gw, err := decodeHot(string(data))
	if err != nil {
		t.Fatal(err)
	}
	wantLinks := []markdown.Link{{Kind: markdown.PageLink, Target: "money/grants.md", Fragment: "how", Line: 4}, {Kind: markdown.FileLink, Target: "forms/a.pdf", Line: -1}}
	if !slices.Equal(gh, heads) || !slices.Equal(gl, wantLinks) || gw != words {
		t.Errorf("read back %+v %+v %q", gh, gl, gw)
	}
	if h, l, w, err := decodeHot(string(appendHot(nil, nil, nil, ""))); err != nil || h != nil || l != nil || w != "" {
		t.Errorf("an empty page read back as %v %v %q %v", h, l, w, err)
	}
	for n := range len(data) {
		if _, _, _, err := decodeHot(string(data[:n])); err == nil {
			t.Errorf("the first %d of %d bytes were read as a whole entry", n, len(data))
		}
	}
	if _, _, _, err := decodeHot(string(append(data, 0))); err == nil {
		t.Error("a byte too many was read as a whole entry")
	}
}

// TestProgramHashRemembered checks that the remembered hash of the
// generator follows every change to the file, even one that keeps its
// size and modification time, and is used while the file is unchanged.
func TestProgramHashRemembered(t *testing.T) {
	defer func(w time.Duration) { cache.RacyWindow = w }(cache.RacyWindow)
	cache.RacyWindow = 10 * time.Millisecond
	dir := t.TempDir()
	exe, memo := filepath.Join(dir, "lo"), filepath.Join(dir, "cache", programFile)
	write := func(data string) {
		t.Helper()
		if err := os.WriteFile(exe, []byte(data), 0o755); err != nil {
			t.Fatal(err)
		}
		// The same modification time every time, as a copy with cp -p
		// or tar would keep it.
		day := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		if err := os.Chtimes(exe, day, day); err != nil {
			t.Fatal(err)
		}
	}
	check := func(what, data string) {
		t.Helper()
		for i := range 3 {
			got, err := hashRemembered(exe, memo)
			if err != nil {
				t.Fatal(err)
			}
			if got != sha256.Sum256([]byte(data)) {
				t.Fatalf("%s, look %d: the hash of an older file", what, i)
			}
			time.Sleep(2 * cache.RacyWindow)
		}
	}
	write("generator one")
	check("first", "generator one")
	write("generator two")
	check("same size and time", "generator two")
	// A memo for another file is not used.
	other := filepath.Join(dir, "other")
	if err := os.WriteFile(other, []byte("generator one"), 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * cache.RacyWindow)
	if got, _ := hashRemembered(other, memo); got != sha256.Sum256([]byte("generator one")) {
		t.Fatal("another file got the remembered hash")
	}
	// The memo is used: a memo saying otherwise is believed while the
	// stamp holds (which is why it is checksummed and kept in the cache).
	var rec programRec
	if !readDiskFile(memo, &rec) || rec.Path != other {
		t.Fatal("no memo was written")
	}
	rec.Sum = [32]byte{7}
	if err := writeDiskFile(memo, &rec); err != nil {
		t.Fatal(err)
	}
	if got, _ := hashRemembered(other, memo); got != [32]byte{7} {
		t.Error("the remembered hash was not used")
	}
}

// TestShardOf keeps the written-out FNV-1a the same as hash/fnv's, so
// that the shard files of a cache stay where they are.
func TestShardOf(t *testing.T) {
	for _, k := range []string{"", "a", "money/grants.md", "/zz-bench/contacts/x-1/", "é"} {
		h := fnv.New32a()
		h.Write([]byte(k))
		if got, want := shardOf(k), int(h.Sum32()%shards); got != want {
			t.Errorf("shardOf(%q) = %d, want %d", k, got, want)
		}
	}
}

// TestPagesFileRoundTrip checks the pages files' format: plain entries
// and the others (written with gob) read back the same, and every
// shortened or lengthened copy is refused rather than read wrong.
func TestPagesFileRoundTrip(t *testing.T) {
	plain := diskEntry{Path: "money/grants.md", Hash: [32]byte{1}, Env: "env\x00", Reviewed: diskTime{1700000000, 5}, TransFr: diskTime{-3, 0},
		Hot: string(appendHot(nil, nil, nil, "grant money")), BodyHash: [32]byte{2}}
	plain.FM.Title, plain.FM.Description, plain.FM.Weight, plain.FM.Draft, plain.FM.Layout, plain.FM.TranslationChecked = "Grants", "Money you can get.", -4, true, "az", true
	rich := diskEntry{Path: "b.md", Hash: [32]byte{3}, HasPar: true, Params: []diskParam{{Key: "k", Kind: 's', S: "v"}},
		Diags: diag.List{{File: "content/b.md", Line: 3, Msg: "advice"}}}
	rich.FM.Title, rich.FM.Aliases = "B", []string{"/old/"}
	rich.FM.Offers = []content.Offer{{Name: "Grant", Ages: [2]int{16, 25}, Statuses: []string{"care-leaver"}}}
	dp := diskPages{Key: [32]byte{9}, Entries: []*diskEntry{&plain, {Path: "empty.md"}, &rich},
		Rendered: []renderRec{{URL: "/money/", Site: [32]byte{4}, Body: [32]byte{5}, HTML: [32]byte{6}, CRC: 0xdeadbeef}}}
	if !plainEntry(dp.Entries[0]) || !plainEntry(dp.Entries[1]) || plainEntry(dp.Entries[2]) {
		t.Fatal("plainEntry sorted the entries wrong")
	}
	data := dp.appendBinary(nil)
	var got diskPages
	if err := got.decodeBinary(string(data)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, dp) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, dp)
	}
	for n := range len(data) {
		var cut diskPages
		if cut.decodeBinary(string(data[:n])) == nil {
			t.Errorf("the first %d of %d bytes were read as a whole file", n, len(data))
		}
	}
	if (&diskPages{}).decodeBinary(string(append(data, 0))) == nil {
		t.Error("a byte too many was read as a whole file")
	}
}

// TestPlainEntryTakesOnlyItsFields sets each front matter field that a
// plain entry does not write, one at a time, and checks the entry is no
// longer plain: a field added to FrontMatter later is then written with
// gob rather than lost.
func TestPlainEntryTakesOnlyItsFields(t *testing.T) {
	written := map[string]bool{"Title": true, "Description": true, "Weight": true, "Draft": true, "Layout": true, "TranslationChecked": true}
	ft := reflect.TypeFor[content.FrontMatter]()
	for i := range ft.NumField() {
		f := ft.Field(i)
		var e diskEntry
		v := reflect.ValueOf(&e.FM).Elem().Field(i)
		switch v.Kind() {
		case reflect.String:
			v.SetString("x")
		case reflect.Int:
			v.SetInt(1)
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		case reflect.Map:
			v.Set(reflect.MakeMap(v.Type()))
		case reflect.Struct:
			if f.Type == reflect.TypeFor[time.Time]() {
				v.Set(reflect.ValueOf(time.Unix(1, 0)))
			} else {
				t.Fatalf("no test value for %s of type %s", f.Name, f.Type)
			}
		default:
			t.Fatalf("no test value for %s of type %s", f.Name, f.Type)
		}
		if plainEntry(&e) == !written[f.Name] {
			t.Errorf("with %s set, plainEntry = %t", f.Name, plainEntry(&e))
		}
	}
}
