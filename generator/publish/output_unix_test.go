//go:build unix

package publish

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestDirReusesOnlyPlainFilesWithTheUsualMode(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"a": "1", "b": "2"})
	if err := os.Chmod(filepath.Join(dest, "a"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dest, "b")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a", filepath.Join(dest, "b")); err != nil {
		t.Fatal(err)
	}
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	if got := build(t, dest, map[string]string{"a": "1", "b": "1"}); got != 0 {
		t.Errorf("reused %d files, want 0", got)
	}
	for _, name := range []string{"a", "b"} {
		st, err := os.Lstat(filepath.Join(dest, name))
		if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o644 {
			t.Errorf("%s: %v %v", name, st.Mode(), err)
		}
	}
}
