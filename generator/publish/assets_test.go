package publish

import (
	"crypto/sha256"
	"testing"
	"testing/fstest"
)

// TestAssetsLeaveVerbatim: a build into a folder leaves the editor's files
// (under Verbatim) on disk until they are written; they must come out the
// same, and a file changed in between must not be published unnoticed.
func TestAssetsLeaveVerbatim(t *testing.T) {
	editor := []byte("console.log('the editor')")
	fsys := fstest.MapFS{
		"admin/cms.js": {Data: editor},
		"css/site.css": {Data: []byte("a { color: red; }")},
	}
	kept, err := Assets(fsys, NewMinifier(), false)
	if err != nil {
		t.Fatal(err)
	}
	left, err := Assets(fsys, NewMinifier(), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != 2 || len(left) != 2 {
		t.Fatalf("got %d and %d assets, want 2 each", len(kept), len(left))
	}
	for i := range left {
		k, l := &kept[i], &left[i]
		if k.Name != l.Name || k.Sum != l.Sum {
			t.Errorf("%s: name %s or sum differs from %s", l.Source, l.Name, k.Name)
		}
		got, err := l.Bytes()
		if err != nil || string(got) != string(k.Data) {
			t.Errorf("%s: Bytes = %q, %v; want %q", l.Source, got, err, k.Data)
		}
		if sha256.Sum256(got) != l.Sum {
			t.Errorf("%s: Sum is not the SHA-256 of the bytes", l.Source)
		}
	}
	if left[0].Source != "admin/cms.js" || left[0].Data != nil {
		t.Fatalf("the editor's file was read into memory: %+v", left[0])
	}
	fsys["admin/cms.js"] = &fstest.MapFile{Data: []byte("changed during the build")}
	if _, err := left[0].Bytes(); err == nil {
		t.Error("a file changed after it was hashed: no error")
	}
}
