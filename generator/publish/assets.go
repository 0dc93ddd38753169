package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Verbatim is the folder under static/ whose files are published byte
// for byte under their own names: the browser editor, a pinned release of
// Sveltia CMS whose files load each other by name and are minified
// already (2 MB that minifying again would only slow down and risk
// changing).
const Verbatim = "admin/"

// Asset is one static file as it will be published.
type Asset struct {
	Source string // path under static/, such as "css/site.css"
	Name   string // published path, such as "css/site.3f2a1c9e.css"
	Data   []byte
}

// Fingerprinted reports whether files like name get a content hash in their
// name: stylesheets, scripts and SVG images, which pages refer to through
// the asset template function and which may then be cached for a year.
//
// Files under Verbatim are published exactly as they are.
func Fingerprinted(name string) bool {
	if strings.HasPrefix(name, Verbatim) {
		return false
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".css", ".js", ".mjs", ".svg":
		return true
	}
	return false
}

// Assets reads the static folder, minifying and fingerprinting the files
// that need it. Asset names are returned sorted by source.
func Assets(fsys fs.FS, m *Minifier) ([]Asset, error) {
	var out []Asset
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != "." {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			if d.Type()&fs.ModeSymlink != 0 {
				return fmt.Errorf("static/%s is a symbolic link; replace it with the real file", p)
			}
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		a := Asset{Source: p, Name: p, Data: data}
		if Fingerprinted(p) {
			min, err := m.Minify(p, data)
			if err != nil {
				return fmt.Errorf("static/%s cannot be minified: %v", p, err)
			}
			a.Data = min
			sum := sha256.Sum256(min)
			ext := path.Ext(p)
			a.Name = strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		}
		out = append(out, a)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out, err
}
