package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
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
	// Data is the file's bytes; nil for a file under Verbatim that
	// Assets was asked to leave on disk until it is written (see Bytes).
	Data []byte
	// Sum is the SHA-256 of the bytes published, and Size their length.
	Sum  [32]byte
	Size int64

	fsys fs.FS // where a file left on disk is read from
}

// Bytes returns the bytes to publish, reading a file left on disk.
func (a *Asset) Bytes() ([]byte, error) {
	if a.Data != nil || a.fsys == nil {
		return a.Data, nil
	}
	data, err := fs.ReadFile(a.fsys, a.Source)
	if err == nil && sha256.Sum256(data) != a.Sum {
		err = fmt.Errorf("static/%s changed during the build; build again", a.Source)
	}
	return data, err
}

// OnDisk reports whether the file was left on disk (see Assets), and
// if so returns a function that opens it, for publishing with CopyFrom.
func (a *Asset) OnDisk() (open func() (fs.File, error), ok bool) {
	if a == nil || a.Data != nil || a.fsys == nil {
		return nil, false
	}
	return func() (fs.File, error) { return a.fsys.Open(a.Source) }, true
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
// that need it. Asset names are returned sorted by source. With
// leaveVerbatim, files under Verbatim are only hashed, and read again by
// Bytes when they are written: they are 3 MB (the browser editor) that a
// build into a folder otherwise held from its start to its end.
func Assets(fsys fs.FS, m *Minifier, leaveVerbatim bool) ([]Asset, error) {
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
		if leaveVerbatim && strings.HasPrefix(p, Verbatim) {
			a := Asset{Source: p, Name: p, fsys: fsys}
			f, err := fsys.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			h := sha256.New()
			if a.Size, err = io.Copy(h, f); err != nil {
				return err
			}
			h.Sum(a.Sum[:0])
			out = append(out, a)
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		a := Asset{Source: p, Name: p, Data: data}
		fingerprinted := Fingerprinted(p)
		if fingerprinted {
			min, err := m.Minify(p, data)
			if err != nil {
				return fmt.Errorf("static/%s cannot be minified: %v", p, err)
			}
			a.Data = min
		}
		a.Sum, a.Size = sha256.Sum256(a.Data), int64(len(a.Data))
		if fingerprinted {
			ext := path.Ext(p)
			a.Name = strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(a.Sum[:4]) + ext
		}
		out = append(out, a)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out, err
}
