package devserver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"localoffer/generator"
	"localoffer/internal/benchsite"
)

// benchmarkSave measures save → page servable: the time from writing a
// page to the server answering with the new text, which includes the
// wait for more changes (batchDelay). page is under content/; out is the
// file it is published as.
func benchmarkSave(b *testing.B, source, page string) {
	// An editor's files were not all written a moment ago: let the site's
	// files age past the window in which the Cache re-reads every file
	// (generator's racyWindow, 2 s), as they would have in use.
	time.Sleep(2 * time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Start(ctx, Options{Source: source, Port: 0})
	if err != nil {
		b.Fatal(err)
	}
	if errs := s.snap.Load().errors; len(errs) > 0 {
		b.Fatalf("the site does not build: %v", errs)
	}
	file := filepath.Join(source, "content", filepath.FromSlash(page))
	out := generator.OutputName(strings.TrimSuffix(page, ".md") + "/")
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(file, orig, 0o644)
	var times []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		marker := fmt.Sprintf("marker%d", i)
		if err := os.WriteFile(file, append(append([]byte{}, orig...), "\n\n"+marker+"\n"...), 0o644); err != nil {
			b.Fatal(err)
		}
		for !strings.Contains(string(s.snap.Load().files[out]), marker) {
			time.Sleep(time.Millisecond)
		}
		times = append(times, time.Since(start))
	}
	// The targets are for the median, which ns/op (a mean) does not give.
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2])/1e6, "median-ms")
	b.ReportMetric(float64(times[len(times)*9/10])/1e6, "p90-ms")
}

func benchmarkSaveSize(b *testing.B, n int) {
	dir := b.TempDir()
	if err := benchsite.Write("../generator/testdata/site", dir, n); err != nil {
		b.Fatal(err)
	}
	benchmarkSave(b, dir, benchsite.Page(n/2))
}

func BenchmarkSave1000(b *testing.B)  { benchmarkSaveSize(b, 1000) }
func BenchmarkSave10000(b *testing.B) { benchmarkSaveSize(b, 10000) }

// BenchmarkSaveRealSite uses a copy of the real site.
func BenchmarkSaveRealSite(b *testing.B) {
	dir := b.TempDir()
	for _, p := range []string{"site.toml", "netlify.toml", "content", "templates", "static"} {
		src := filepath.Join("..", p)
		if st, err := os.Stat(src); err == nil && st.IsDir() {
			if err := os.CopyFS(filepath.Join(dir, p), os.DirFS(src)); err != nil {
				b.Fatal(err)
			}
		} else if data, err := os.ReadFile(src); err == nil {
			_ = os.WriteFile(filepath.Join(dir, p), data, 0o644)
		}
	}
	benchmarkSave(b, dir, "money/council-tax.md")
}
