package cache

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestReadStamped(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.md")
	big := bytes.Repeat([]byte("Your personal adviser. "), 1000)
	for _, data := range [][]byte{big, {}, []byte("x")} {
		if err := os.WriteFile(page, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, st, ok := ReadStamped(page)
		if !ok || !bytes.Equal(got, data) {
			t.Fatalf("ReadStamped of %d bytes: ok %v, %d bytes", len(data), ok, len(got))
		}
		info, err := os.Lstat(page)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := StampOf(info)
		if st != want {
			t.Errorf("stamp %+v, os.Lstat's %+v", st, want)
		}
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(page, link); err != nil {
		t.Fatal(err)
	}
	// A link's stamp is not its target's: the caller reads it without one.
	for _, name := range []string{link, dir, filepath.Join(dir, "missing.md")} {
		if _, _, ok := ReadStamped(name); ok {
			t.Errorf("ReadStamped(%s) ok", name)
		}
	}
}
