package generator

import (
	"context"
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
