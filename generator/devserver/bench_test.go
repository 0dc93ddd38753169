package devserver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeSite writes a site of n pages of about 800 words in sections of 50,
// using the fixture site's settings, templates and static files.
func writeSite(b *testing.B, dir string, n int) {
	b.Helper()
	if err := os.CopyFS(dir, os.DirFS("../testdata/site")); err != nil {
		b.Fatal(err)
	}
	c := filepath.Join(dir, "content")
	text := strings.Repeat("You can ask your personal adviser for help with money and a home. ", 60)
	for i := 0; i < n; i++ {
		sec := filepath.Join(c, fmt.Sprintf("s%d", i/50))
		if i%50 == 0 {
			_ = os.MkdirAll(sec, 0o755)
			_ = os.WriteFile(filepath.Join(sec, "_index.md"), []byte("+++\ntitle = \"S\"\ndescription = \"S.\"\nreviewed = 2026-01-01\n+++\n"), 0o644)
		}
		_ = os.WriteFile(filepath.Join(sec, fmt.Sprintf("p%d.md", i)), []byte(fmt.Sprintf("+++\ntitle = \"Page %d\"\ndescription = \"P.\"\nreviewed = 2026-01-01\n+++\n## Part\n\n%s\n", i, text)), 0o644)
	}
}

// benchmarkSave measures save → page servable: the time from writing a
// page to the server answering with the new text.
func benchmarkSave(b *testing.B, source string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Start(ctx, Options{Source: source, Port: 0})
	if err != nil {
		b.Fatal(err)
	}
	page := filepath.Join(source, "content", "money", "council-tax.md")
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Skip("no content/money/council-tax.md")
	}
	defer os.WriteFile(page, orig, 0o644)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		marker := fmt.Sprintf("marker%d", i)
		if err := os.WriteFile(page, append(append([]byte{}, orig...), "\n\n"+marker+"\n"...), 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			data := s.snap.Load().files["money/council-tax/index.html"]
			if strings.Contains(string(data), marker) {
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
}

func BenchmarkSave1000(b *testing.B) {
	dir := b.TempDir()
	writeSite(b, dir, 1000)
	benchmarkSave(b, dir)
}

func BenchmarkSave10000(b *testing.B) {
	dir := b.TempDir()
	writeSite(b, dir, 10000)
	benchmarkSave(b, dir)
}

// BenchmarkSaveRealSite uses a copy of the real site.
func BenchmarkSaveRealSite(b *testing.B) {
	dir := b.TempDir()
	for _, p := range []string{"site.toml", "netlify.toml", "content", "templates", "static"} {
		src := filepath.Join("../..", p)
		if st, err := os.Stat(src); err == nil && st.IsDir() {
			_ = os.CopyFS(filepath.Join(dir, p), os.DirFS(src))
		} else if data, err := os.ReadFile(src); err == nil {
			_ = os.WriteFile(filepath.Join(dir, p), data, 0o644)
		}
	}
	benchmarkSave(b, dir)
}
