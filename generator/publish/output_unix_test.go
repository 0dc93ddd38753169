//go:build unix

package publish

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
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

// TestCommitRemovesOldLater: with RemoveOldLater, Commit puts the new
// site in place at once and the old one is deleted by a process of its
// own, which finishes after Commit returns.
func TestCommitRemovesOldLater(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	build(t, dest, map[string]string{"a/index.html": "old", "b/index.html": "old"})
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	d.RemoveOldLater = true
	if err := d.Write("a/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, "a/index.html")); string(got) != "new" {
		t.Errorf("a/index.html = %q right after Commit, want the new site's", got)
	}
	if _, err := os.Stat(filepath.Join(dest, "b")); err == nil {
		t.Error("b/ is still in the destination")
	}
	// Waiting for another process: poll, with a generous limit for a busy
	// machine; the test asserts that it happens, not how fast.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		left, _ := os.ReadDir(parent)
		if len(left) == 1 && left[0].Name() == "public" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the old site was not deleted: the folder holds %v", left)
		}
	}
}
