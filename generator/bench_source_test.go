package generator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkBuildSource builds the site folder in $LOCALOFFER_BENCH_SOURCE
// into an existing output folder, for profiling a build of any site, such
// as the pages ../shared/bench/vs_hugo.py generates for comparing with
// Hugo. It is skipped when the variable is not set.
func BenchmarkBuildSource(b *testing.B) {
	src := os.Getenv("LOCALOFFER_BENCH_SOURCE")
	if src == "" {
		b.Skip("set LOCALOFFER_BENCH_SOURCE to a site folder")
	}
	dest := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := Build(context.Background(), Options{Source: src, Dest: dest}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildSourceCached is BenchmarkBuildSource with the build
// cache, after one page's text changed: what `build` does on an editor's
// machine. $LOCALOFFER_BENCH_PAGE names the page file to edit, relative to
// the site folder.
func BenchmarkRebuildSourceCached(b *testing.B) {
	src, page := os.Getenv("LOCALOFFER_BENCH_SOURCE"), os.Getenv("LOCALOFFER_BENCH_PAGE")
	if src == "" || page == "" {
		b.Skip("set LOCALOFFER_BENCH_SOURCE to a site folder and LOCALOFFER_BENCH_PAGE to one of its pages")
	}
	dest := filepath.Join(b.TempDir(), "public")
	opts := Options{Source: src, Dest: dest, CacheDir: filepath.Join(b.TempDir(), "cache")}
	if _, err := Build(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(src, filepath.FromSlash(page))
	orig, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(p, orig, 0o644)
	for i := 0; b.Loop(); i++ {
		if err := os.WriteFile(p, fmt.Appendf(orig, "\nEdit %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		if res, err := Build(context.Background(), opts); err != nil || res.Rendered != 1 {
			b.Fatalf("%+v, %v", res, err)
		}
	}
}
