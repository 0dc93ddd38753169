package generator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// words is the text generated pages are made of.
var words = strings.Fields(`you can get money from the council to help set up your first home
ask your personal adviser about the grant and how to claim it before you move in
the law says we must give you a pathway plan and support until you are twenty five`)

// generateSite writes a site of n pages of about 800 words each, in
// sections of 50, with links between neighbours, using the fixture site's
// templates and static files.
func generateSite(tb testing.TB, dir string, n int) {
	tb.Helper()
	copyTree(tb, "testdata/site", dir)
	_ = os.RemoveAll(filepath.Join(dir, "content"))
	write := func(p, s string) {
		full := filepath.Join(dir, "content", filepath.FromSlash(p))
		_ = os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	data, _ := os.ReadFile("testdata/site/content/_offer.toml")
	write("_offer.toml", string(data))
	write("_index.md", "+++\ntitle = \"Home\"\ndescription = \"Home.\"\n+++\nWelcome.\n")
	for _, p := range []string{"privacy.md", "money/_index.md"} {
		write(p, "+++\ntitle = \"P\"\ndescription = \"P.\"\nreviewed = 2026-01-01\n+++\nText.\n")
	}
	var body strings.Builder
	for i := 0; i < 800; i++ {
		if i%100 == 0 {
			fmt.Fprintf(&body, "\n\n## Part %d\n\n", i/100)
		} else if i%20 == 0 {
			body.WriteString(".\n\n")
		}
		body.WriteString(words[i%len(words)])
		body.WriteByte(' ')
	}
	text := body.String()
	for i := 0; i < n; i++ {
		sec := i / 50
		if i%50 == 0 {
			write(fmt.Sprintf("s%d/_index.md", sec), fmt.Sprintf("+++\ntitle = \"Section %d\"\ndescription = \"Section.\"\nreviewed = 2026-01-01\n+++\nIntro.\n", sec))
		}
		next := (i + 1) % n
		write(fmt.Sprintf("s%d/p%d.md", sec, i), fmt.Sprintf(
			"+++\ntitle = \"Page %d\"\ndescription = \"Page %d.\"\nreviewed = 2026-01-01\nweight = %d\n[offer]\nages = [16, 25]\nstatuses = [\"former-relevant\"]\narea = \"accommodation\"\nlegal = true\nhow = \"Ask.\"\n+++\nSee [next](../s%d/p%d.md#part-1). %s\n",
			i, i, i%50+1, next/50, next, text))
	}
}

func benchmarkBuild(b *testing.B, n int) {
	src := filepath.Join(b.TempDir(), "site")
	generateSite(b, src, n)
	dest := filepath.Join(b.TempDir(), "public")
	b.ResetTimer()
	for b.Loop() {
		res, err := Build(context.Background(), Options{Source: src, Dest: dest})
		if err != nil {
			b.Fatal(err)
		}
		if res.Pages < n {
			b.Fatalf("built %d pages, want at least %d", res.Pages, n)
		}
	}
}

func BenchmarkBuild1000(b *testing.B)  { benchmarkBuild(b, 1000) }
func BenchmarkBuild10000(b *testing.B) { benchmarkBuild(b, 10000) }

// TestGeneratedSiteBuilds keeps the benchmark's site honest: it must build
// without errors, with every link checked.
func TestGeneratedSiteBuilds(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	generateSite(t, src, 120)
	res, err := Build(context.Background(), Options{Source: src, Dest: filepath.Join(t.TempDir(), "public")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages < 120 {
		t.Errorf("built %d pages", res.Pages)
	}
}

// TestWriteBenchSite writes the benchmark's site to $LOCALOFFER_BENCH_SITE
// with $LOCALOFFER_BENCH_PAGES pages, for measuring the command line's
// time and memory with /usr/bin/time. It is skipped otherwise.
func TestWriteBenchSite(t *testing.T) {
	dir := os.Getenv("LOCALOFFER_BENCH_SITE")
	if dir == "" {
		t.Skip("set LOCALOFFER_BENCH_SITE to write the benchmark site")
	}
	n := 1000
	fmt.Sscan(os.Getenv("LOCALOFFER_BENCH_PAGES"), &n)
	generateSite(t, dir, n)
}
