package generator

import (
	"context"
	"fmt"
	"localoffer/generator/cache"
	"os"
	"path/filepath"
	"testing"
	"time"

	"localoffer/generator/publish"
	"localoffer/internal/benchsite"
)

// generateSite writes the benchmarks' site of n pages; see benchsite.
func generateSite(tb testing.TB, dir string, n int) {
	tb.Helper()
	if err := benchsite.Write("testdata/site", dir, n); err != nil {
		tb.Fatal(err)
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

// benchmarkRebuild measures what the preview server does after a save: a
// build into memory that reuses the Cache, after one page's text changed.
func benchmarkRebuild(b *testing.B, n int) {
	src := filepath.Join(b.TempDir(), "site")
	generateSite(b, src, n)
	c := cache.New()
	build := func() *Result {
		res, err := Build(context.Background(), Options{Source: src, Output: publish.NewMemory(), Cache: c, Dev: true})
		if err != nil {
			b.Fatal(err)
		}
		return res
	}
	// An editor's files were not all written a moment ago: wait until the
	// Cache may trust their stamps (see cache.Stamp), as it would in use.
	time.Sleep(cache.RacyWindow)
	build()
	page := filepath.Join(src, "content", filepath.FromSlash(benchsite.Page(1)))
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := os.WriteFile(page, fmt.Appendf(orig, "\nEdit %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		if res := build(); res.Rendered != 1 {
			b.Fatalf("rendered %d pages after editing one page's text; want 1", res.Rendered)
		}
	}
}

func BenchmarkRebuild1000(b *testing.B)  { benchmarkRebuild(b, 1000) }
func BenchmarkRebuild10000(b *testing.B) { benchmarkRebuild(b, 10000) }
