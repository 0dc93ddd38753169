package content

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"localoffer/generator/diag"
)

// Files lists what a content folder holds.
type Files struct {
	Pages  []string // .md files, sorted
	Assets []string // other files, copied as they are (images beside pages), sorted
}

// Walk lists the files under the content folder fsys. It does not follow
// symbolic links: a link can loop or lead outside the site, so each one is
// an error asking for the real file.
func Walk(fsys fs.FS) (Files, diag.List) {
	var files Files
	var diags diag.List
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf("content/"+p, 0, "check that the file can be read", "cannot read this: %v", plainError(err))
			return nil
		}
		if p == "." {
			return nil
		}
		name := d.Name()
		if IsIgnored(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			diags.Errorf("content/"+p, 0, "replace the link with the real file or folder", "this is a symbolic link; links are not followed under content/ because they can loop or point outside the site")
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		switch {
		case strings.HasSuffix(name, ".md"):
			files.Pages = append(files.Pages, p)
		case strings.HasPrefix(name, "_") && strings.HasSuffix(name, ".toml"):
			// Data files such as _offer.toml are read by name, not copied.
		default:
			files.Assets = append(files.Assets, p)
		}
		return nil
	})
	if err != nil {
		diags.Errorf("content", 0, "create a content folder with the site's pages", "cannot read the content folder: %v", plainError(err))
	}
	sort.Strings(files.Pages)
	sort.Strings(files.Assets)
	return files, diags
}

// IsIgnored reports whether a file or folder name belongs to an editor or
// the operating system rather than the site: hidden files, and the
// temporary and backup files editors write while saving (vim's 4913 and
// .swp, emacs' .#name and name~, JetBrains' ___jb_tmp___, GNOME's
// .goutputstream-*).
func IsIgnored(name string) bool {
	switch {
	case name == "":
		return true
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"):
		return true
	case strings.HasSuffix(name, "~"), strings.HasSuffix(name, "#"):
		return true
	case name == "4913":
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swx", ".swo", ".tmp", ".bak", ".orig":
		return true
	}
	return strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___")
}

// plainError drops Go's "open x:" prefixes that repeat the file name.
func plainError(err error) string {
	var pe *fs.PathError
	if e, ok := err.(*fs.PathError); ok {
		pe = e
		return pe.Err.Error()
	}
	return err.Error()
}
