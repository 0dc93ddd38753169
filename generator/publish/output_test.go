package publish

import (
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// build writes files into a Dir for dest and commits it, returning how
// many files were reused from the old dest.
func build(t *testing.T, dest string, files map[string]string) int {
	t.Helper()
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := d.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d.Reused()
}

// tree returns every file under dir as name → contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}

func TestDirReplacesTheOldSite(t *testing.T) {
	tests := []struct {
		name       string
		old, new   map[string]string
		wantReused int
	}{
		{"first build", nil, map[string]string{"index.html": "home", "a/b/index.html": "b"}, 0},
		{"nothing changed", map[string]string{"index.html": "home", "a/index.html": "a"},
			map[string]string{"index.html": "home", "a/index.html": "a"}, 2},
		{"one page changed", map[string]string{"index.html": "home", "a/index.html": "a"},
			map[string]string{"index.html": "home", "a/index.html": "A"}, 1},
		{"same length, other bytes", map[string]string{"x.txt": "abc"}, map[string]string{"x.txt": "abd"}, 0},
		{"old file longer", map[string]string{"x.txt": "abcd"}, map[string]string{"x.txt": "abc"}, 0},
		{"page removed", map[string]string{"index.html": "home", "gone/index.html": "g"},
			map[string]string{"index.html": "home"}, 1},
		{"file where a folder was", map[string]string{"a/index.html": "a"}, map[string]string{"a": "file"}, 0},
		{"empty file", map[string]string{"e": ""}, map[string]string{"e": ""}, 1},
		{"bigger than one read", map[string]string{"big": strings.Repeat("x", 200<<10)},
			map[string]string{"big": strings.Repeat("x", 200<<10)}, 1},
		{"bigger than one read, last byte differs", map[string]string{"big": strings.Repeat("x", 200<<10) + "y"},
			map[string]string{"big": strings.Repeat("x", 200<<10) + "z"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			if tc.old != nil {
				build(t, dest, tc.old)
			}
			if got := build(t, dest, tc.new); got != tc.wantReused {
				t.Errorf("reused %d files, want %d", got, tc.wantReused)
			}
			if got := tree(t, dest); !sameMap(got, tc.new) {
				t.Errorf("dest holds %v, want %v", got, tc.new)
			}
			// Nothing is left beside dest: no temporary or old folder.
			entries, _ := os.ReadDir(filepath.Dir(dest))
			if len(entries) != 1 {
				t.Errorf("beside dest: %v", entries)
			}
		})
	}
}

// A reused file is the old file itself, so the old site must never be
// changed in place; and a changed page must not change the old site's
// file through a shared link.
func TestDirNeverWritesThroughLinks(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	build(t, dest, map[string]string{"a": "1", "b": "2"})
	keep := filepath.Join(dir, "keep")
	if err := os.Link(filepath.Join(dest, "a"), keep); err != nil {
		t.Skip("no hard links here:", err)
	}
	build(t, dest, map[string]string{"a": "changed", "b": "2"})
	if data, _ := os.ReadFile(keep); string(data) != "1" {
		t.Errorf("a link to the old file now holds %q", data)
	}
}

func TestDirAbortLeavesTheOldSite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"index.html": "old"})
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write("index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); !sameMap(got, map[string]string{"index.html": "old"}) {
		t.Errorf("dest holds %v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"public"}) {
		t.Errorf("beside dest: %v", names)
	}
}

func TestDirRejectsNamesOutside(t *testing.T) {
	d, err := NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, name := range []string{"", "../x", "/x", `a\b`, "a/../../x"} {
		if err := d.Write(name, []byte("x")); err == nil {
			t.Errorf("Write(%q) succeeded", name)
		}
	}
}

// buildOver builds files into dest through NewDirOver, keeping every
// spare file whose bytes are already right (as a build cache would, from
// its records) and writing the rest.
func buildOver(t *testing.T, dest string, files map[string]string) {
	t.Helper()
	d, spare, err := NewDirOver(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if _, ok := spare[name]; ok {
			if old, _ := os.ReadFile(filepath.Join(d.tmp, filepath.FromSlash(name))); string(old) == data {
				d.Keep(name)
				continue
			}
		}
		if err := d.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestDirOverMatchesAFreshFolder builds a series of sites into one
// destination, updating the spare each time, and checks that the
// destination holds exactly each site's files, that the spare holds the
// one before, and that nothing is written through the links the spare
// and the destination share.
func TestDirOverMatchesAFreshFolder(t *testing.T) {
	sites := []struct {
		name  string
		files map[string]string
	}{
		{"first", map[string]string{"index.html": "home", "a/index.html": "a", "b/index.html": "b"}},
		{"first again: the spare is made", map[string]string{"index.html": "home", "a/index.html": "a", "b/index.html": "b"}},
		{"one page changed", map[string]string{"index.html": "home", "a/index.html": "A", "b/index.html": "b"}},
		{"nothing changed", map[string]string{"index.html": "home", "a/index.html": "A", "b/index.html": "b"}},
		{"page removed, its folder too", map[string]string{"index.html": "home", "a/index.html": "A"}},
		{"page added in a deep folder", map[string]string{"index.html": "home", "a/index.html": "A", "c/d/index.html": "d"}},
		{"file where a folder was", map[string]string{"index.html": "home", "a/index.html": "A", "c": "file"}},
		{"folder where a file was", map[string]string{"index.html": "home", "a/index.html": "A", "c/index.html": "c"}},
		{"everything changed", map[string]string{"index.html": "HOME", "z": "z"}},
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	var before map[string]string
	for _, s := range sites {
		buildOver(t, dest, s.files)
		if got := tree(t, dest); !sameMap(got, s.files) {
			t.Fatalf("%s: dest holds %v, want %v", s.name, got, s.files)
		}
		if before != nil {
			if got := tree(t, SpareOf(dest)); !sameMap(got, before) {
				t.Fatalf("%s: the spare holds %v, want the site before: %v", s.name, got, before)
			}
		}
		// Folders left empty would be published as empty folders.
		_ = filepath.WalkDir(dest, func(p string, e os.DirEntry, err error) error {
			if e != nil && e.IsDir() {
				if entries, _ := os.ReadDir(p); len(entries) == 0 {
					t.Errorf("%s: empty folder %s", s.name, p)
				}
			}
			return nil
		})
		before = s.files
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{".public.spare", "public"}) {
		t.Errorf("beside dest: %v", names)
	}
}

// TestDirOverAbortKeepsTheSite checks that a build given up half-way
// leaves the destination as it was, and the spare usable.
func TestDirOverAbortKeepsTheSite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	one := map[string]string{"index.html": "1", "a/index.html": "a"}
	buildOver(t, dest, one)
	buildOver(t, dest, map[string]string{"index.html": "2", "a/index.html": "a"})
	d, _, err := NewDirOver(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write("index.html", []byte("3")); err != nil {
		t.Fatal(err)
	}
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dest); !sameMap(got, map[string]string{"index.html": "2", "a/index.html": "a"}) {
		t.Errorf("dest holds %v", got)
	}
	four := map[string]string{"index.html": "4", "b/index.html": "b"}
	buildOver(t, dest, four)
	if got := tree(t, dest); !sameMap(got, four) {
		t.Errorf("after the aborted build, dest holds %v, want %v", got, four)
	}
}

// TestWriteStream writes a file as it is made, into a new folder and
// into a spare that has an older version of it, and leaves nothing of a
// file whose making fails.
func TestWriteStream(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	for i, text := range []string{"first index", "second index", "third index"} {
		var d *Dir
		var err error
		if i == 0 {
			d, err = NewDir(dest)
		} else {
			d, _, err = NewDirOver(dest, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		sum, err := d.WriteStream("search/index.json", func(w io.Writer) error {
			for _, part := range strings.SplitAfter(text, " ") {
				if _, err := io.WriteString(w, part); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || sum != sha256.Sum256([]byte(text)) {
			t.Fatalf("build %d: sum %x, %v", i, sum, err)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, dest); !sameMap(got, map[string]string{"search/index.json": text}) {
			t.Fatalf("build %d: %v", i, got)
		}
	}
	d, err := NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.WriteStream("index.json", func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("disk full")
	})
	if err == nil {
		t.Error("no error from a write that failed")
	}
	if _, err := os.Stat(filepath.Join(d.tmp, "index.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed file was left in the build: %v", err)
	}
}
