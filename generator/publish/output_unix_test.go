//go:build unix

package publish

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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

// TestCopyFrom publishes a file from disk into a new folder, over an old
// destination that has it (a hard link, not a copy) and into a spare that
// has it (kept), and refuses a file that is not what the caller hashed.
func TestCopyFrom(t *testing.T) {
	src := t.TempDir()
	data := strings.Repeat("the browser editor ", 10000)
	if err := os.WriteFile(filepath.Join(src, "cms.js"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(src)
	open := func() (fs.File, error) { return fsys.Open("cms.js") }
	sum, size := sha256.Sum256([]byte(data)), int64(len(data))
	dest := filepath.Join(t.TempDir(), "public")
	ino := func() uint64 {
		st, err := os.Stat(filepath.Join(dest, "admin", "cms.js"))
		if err != nil {
			t.Fatal(err)
		}
		return st.Sys().(*syscall.Stat_t).Ino
	}
	var first uint64
	for i, mk := range []func() (*Dir, error){
		func() (*Dir, error) { return NewDir(dest) },
		func() (*Dir, error) { return NewDir(dest) },
		func() (*Dir, error) { d, _, err := NewDirOver(dest, nil); return d, err },
		func() (*Dir, error) { d, _, err := NewDirOver(dest, nil); return d, err },
	} {
		d, err := mk()
		if err != nil {
			t.Fatal(err)
		}
		if err := d.CopyFrom("admin/cms.js", open, size, sum); err != nil {
			t.Fatal(err)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, dest); !sameMap(got, map[string]string{"admin/cms.js": data}) {
			t.Fatalf("build %d: %d files", i, len(got))
		}
		if i == 0 {
			first = ino()
		} else if ino() != first {
			t.Errorf("build %d copied the file again instead of linking or keeping it", i)
		}
	}
	d, err := NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	sum[0]++
	if err := d.CopyFrom("admin/cms.js", open, size, sum); !errors.Is(err, ErrChanged) {
		t.Errorf("a file with other bytes: %v, want ErrChanged", err)
	}
	if err := d.CopyFrom("admin/other.js", open, size+1, sha256.Sum256([]byte(data))); !errors.Is(err, ErrChanged) {
		t.Errorf("a file of another size: %v, want ErrChanged", err)
	}
	if _, err := os.Stat(filepath.Join(d.tmp, "admin", "cms.js")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused file was left in the build: %v", err)
	}
}
