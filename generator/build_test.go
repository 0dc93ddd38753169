package generator

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"localoffer/generator/diag"
	"localoffer/generator/publish"
)

var update = flag.Bool("update", false, "update golden files")

// copyTree copies the folder src into dst.
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// readTree returns every file under dir, by slash path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func build(t testing.TB, src, dest string) (*Result, error) {
	t.Helper()
	return Build(context.Background(), Options{Source: src, Dest: dest})
}

// TestGoldenSite builds testdata/site and compares every file with
// testdata/golden/site. Run with -update to accept a change.
func TestGoldenSite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, "testdata/site", dest); err != nil {
		t.Fatalf("build: %v", err)
	}
	got := readTree(t, dest)
	goldenDir := filepath.Join("testdata", "golden", "site")
	if *update {
		_ = os.RemoveAll(goldenDir)
		for name, data := range got {
			p := filepath.Join(goldenDir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := readTree(t, goldenDir)
	var names []string
	for n := range got {
		names = append(names, n)
	}
	for n := range want {
		if _, ok := got[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		g, okG := got[n]
		w, okW := want[n]
		switch {
		case !okW:
			t.Errorf("%s: built but has no golden file (run go test -update)", n)
		case !okG:
			t.Errorf("%s: golden file was not built", n)
		case !bytes.Equal(g, w):
			t.Errorf("%s differs from golden file:\n got: %s\nwant: %s", n, firstDiff(g, w), firstDiff(w, g))
		}
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	start := max(0, i-40)
	end := min(len(a), i+80)
	return string(a[start:end])
}

func TestGoldenSiteContent(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	res, err := build(t, "testdata/site", dest)
	if err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dest)
	checks := []struct {
		file string
		want []string
		not  []string
	}{
		{"money/setting-up-home/index.html", []string{
			`href="/money/council-tax/#who-can-get-it"`, // .md link rewritten with its heading
			`Last checked: <time datetime="2026-11-22">22 November 2026</time>`,
			`<th scope="col">a</th>`,
			`£3,000`,
		}, []string{"<script", "alert(", "javascript:", "style="}},
		{"money/grants/index.html", []string{
			`href="tel:01744676767"`,
			`href="https://www.gov.uk"`,
			`“birthdays”`, // smart punctuation
			`ask your PA`, // unconfirmed amount
			`href="/words-explained/"`,
		}, nil},
		{"money/index.html", []string{`href="/money/grants/"`, `Grants you can get.`}, nil},
		{"_redirects", []string{"/old-grants/ /money/grants/ 301"}, nil},
		{"sitemap.xml", []string{"<loc>https://sthelens-care-leavers.netlify.app/money/grants/</loc><lastmod>2026-03-01</lastmod>"}, []string{"404.html"}},
		// The finder lists each offer where it applies, and only there.
		{"what-can-i-get/situation/working/index.html", []string{"Driving lessons", "Specially for you", "Birthday money"}, nil},
		{"what-can-i-get/situation/parent/index.html", []string{"Birthday money"}, []string{"Driving lessons"}},
		{"what-can-i-get/age-16-17/index.html", []string{"Birthday money", "Setting up your first home"}, []string{"Driving lessons"}},
		{"what-can-i-get/area/accommodation/index.html", []string{"Setting up your first home"}, []string{"Birthday money"}},
		{"a-to-z/index.html", []string{`href="/money/council-tax/"`, `id="letter-g"`}, nil},
		{"robots.txt", []string{"Sitemap: https://sthelens-care-leavers.netlify.app/sitemap.xml"}, nil},
		{"feed.xml", []string{"<updated>2026-11-22T00:00:00Z</updated>"}, nil},
	}
	for _, c := range checks {
		data, ok := files[c.file]
		if !ok {
			t.Errorf("%s was not written", c.file)
			continue
		}
		for _, w := range c.want {
			if !bytes.Contains(data, []byte(w)) {
				t.Errorf("%s does not contain %q", c.file, w)
			}
		}
		for _, n := range c.not {
			if bytes.Contains(data, []byte(n)) {
				t.Errorf("%s contains %q", c.file, n)
			}
		}
	}
	// Grants has weight 5, so it comes first in its section.
	money := res.Site.PageByPath("money/_index.md")
	if money == nil || len(money.Children) == 0 || money.Children[0].Path != "money/grants.md" {
		t.Errorf("money section order wrong: %v", money)
	}
	var css string
	for name := range files {
		if strings.HasPrefix(name, "css/site.") && strings.HasSuffix(name, ".css") {
			css = name
		}
	}
	if css == "" || css == "css/site.css" {
		t.Errorf("stylesheet not fingerprinted: %q", css)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if _, err := build(t, "testdata/site", a); err != nil {
		t.Fatal(err)
	}
	if _, err := build(t, "testdata/site", b); err != nil {
		t.Fatal(err)
	}
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("builds wrote %d and %d files", len(ta), len(tb))
	}
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func TestFailedBuildLeavesOldSiteUntouched(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "testdata/site", src)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, src, dest); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dest)
	// Break a page and build again.
	page := filepath.Join(src, "content", "money", "grants.md")
	if err := os.WriteFile(page, []byte("+++\ntitle = \"Grants\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := build(t, src, dest)
	var de *diag.Errors
	if !errors.As(err, &de) {
		t.Fatalf("broken build returned %v, want *diag.Errors", err)
	}
	after := readTree(t, dest)
	if len(after) != len(before) {
		t.Fatalf("failed build changed the number of files from %d to %d", len(before), len(after))
	}
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			t.Errorf("failed build changed %s", name)
		}
	}
	// No temporary folders are left beside the destination.
	entries, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range entries {
		if e.Name() != "public" {
			t.Errorf("left behind %s", e.Name())
		}
	}
}

// TestErrorFixtures builds each testdata/errors/*.txt case (the fixture
// site with the case's files laid over it) and compares the messages with
// the case's "-- errors --" section. Run with -update to accept changes.
func TestErrorFixtures(t *testing.T) {
	cases, _ := filepath.Glob("testdata/errors/*.txt")
	if len(cases) == 0 {
		t.Fatal("no error fixtures")
	}
	for _, file := range cases {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			files, want := parseCase(string(data))
			src := filepath.Join(t.TempDir(), "site")
			copyTree(t, "testdata/site", src)
			for name, body := range files {
				p := filepath.Join(src, filepath.FromSlash(name))
				if body == "DELETE\n" {
					_ = os.Remove(p)
					continue
				}
				_ = os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			dest := filepath.Join(t.TempDir(), "public")
			_, err = build(t, src, dest)
			var got string
			var de *diag.Errors
			switch {
			case errors.As(err, &de):
				// Messages suggest today's date; fixtures say {today}.
				got = strings.ReplaceAll(de.Error()+"\n", time.Now().Format("2006-01-02"), "{today}")
			case err != nil:
				t.Fatalf("build failed without diagnostics: %v", err)
			default:
				t.Fatalf("build succeeded; want errors")
			}
			if _, statErr := os.Stat(dest); statErr == nil {
				t.Errorf("a failed build wrote %s", dest)
			}
			if *update {
				i := strings.Index(string(data), "-- errors --\n")
				if i < 0 {
					i = len(data)
				}
				out := string(data[:i]) + "-- errors --\n" + got
				if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("errors differ\n got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// parseCase splits a case file of "-- name --" sections into files and the
// expected errors.
func parseCase(s string) (map[string]string, string) {
	files := map[string]string{}
	var want string
	var name string
	var body strings.Builder
	flush := func() {
		if name == "" {
			return
		}
		if name == "errors" {
			want = body.String()
		} else {
			files[name] = body.String()
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(s, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") {
			flush()
			name = strings.TrimSuffix(strings.TrimPrefix(trimmed, "-- "), " --")
			continue
		}
		if name != "" {
			body.WriteString(line)
		}
	}
	flush()
	return files, want
}

// TestRealSiteCachedPartials builds the real site (the project's own
// content and templates) with every partial the templates render once
// per variant ({{.Cached …}}) rendered again for each page and compared,
// so a variant that leaves out something the partial shows fails here.
func TestRealSiteCachedPartials(t *testing.T) {
	t.Setenv("LOCALOFFER_VERIFY_CACHED", "1")
	res, err := Build(context.Background(), Options{Source: "..", NoWrite: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages < 40 {
		t.Errorf("built %d pages, want the whole real site", res.Pages)
	}
}

// TestLeanBuildMatchesFull: a build into a folder lets pages' text go
// once parsed and keeps their HTML in a file until they are written
// (isLean, bodySpill). Its files must be those of a build that keeps
// everything in memory, as the preview server's does; and when the spill
// file cannot be made (the output folder's parent does not exist yet),
// the build keeps the HTML in memory instead.
func TestLeanBuildMatchesFull(t *testing.T) {
	mem := publish.NewMemory()
	if _, err := Build(context.Background(), Options{Source: "testdata/site", Output: mem}); err != nil {
		t.Fatal(err)
	}
	want := mem.Files()
	for _, dest := range []string{
		filepath.Join(t.TempDir(), "public"),
		filepath.Join(t.TempDir(), "not", "yet", "public"),
	} {
		if _, err := build(t, "testdata/site", dest); err != nil {
			t.Fatal(err)
		}
		got := readTree(t, dest)
		if len(got) != len(want) {
			t.Errorf("%s: %d files, want %d", dest, len(got), len(want))
		}
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("%s: %s differs from the in-memory build's", dest, name)
			}
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".localoffer-bodies-*")); len(left) > 0 {
			t.Errorf("spill files left behind: %v", left)
		}
	}
}

// TestRealSiteServicePhone: the home page and the search help give
// Contact Cares' number from site.toml, so an editor who changes it there
// changes it on them too; and a service the templates need, once renamed
// away, is one error at site.toml rather than one for every page.
func TestRealSiteServicePhone(t *testing.T) {
	src := t.TempDir()
	for _, dir := range []string{"content", "templates", "static"} {
		copyTree(t, filepath.Join("..", dir), filepath.Join(src, dir))
	}
	toml, err := os.ReadFile("../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	const old = `name = "Contact Cares"
phone = "01744 676767"`
	if !bytes.Contains(toml, []byte(old)) {
		t.Fatalf("site.toml no longer has %q: change this test with it", old)
	}
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(src, "site.toml"), bytes.Replace(toml, []byte(old), []byte(s), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	write(`name = "Contact Cares"
phone = "01744 123456"`)
	mem := publish.NewMemory()
	if _, err := Build(context.Background(), Options{Source: src, Output: mem}); err != nil {
		t.Fatal(err)
	}
	files := mem.Files()
	for _, name := range []string{"index.html", "ar/index.html", "money/index.html"} {
		html := files[name]
		if !bytes.Contains(html, []byte(`href="tel:01744123456"`)) || !bytes.Contains(html, []byte(">01744 123456<")) {
			t.Errorf("%s does not give site.toml's new number", name)
		}
		if bytes.Contains(html, []byte("676767")) {
			t.Errorf("%s still gives the old number", name)
		}
	}

	write(`name = "Contact Cares Line"
phone = "01744 676767"`)
	_, err = Build(context.Background(), Options{Source: src, Output: publish.NewMemory()})
	var de *diag.Errors
	if !errors.As(err, &de) {
		t.Fatalf("a build without the service: got %v, want the error", err)
	}
	if len(de.List) != 1 {
		t.Fatalf("got %d errors, want one:\n%v", len(de.List), err)
	}
	if d := de.List[0]; d.File != "site.toml" || !strings.Contains(d.Msg, `no service of that name`) || !strings.Contains(d.Msg, "other pages)") {
		t.Errorf("the error is %q", d)
	}
}
