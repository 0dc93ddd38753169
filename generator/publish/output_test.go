package publish

import (
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
