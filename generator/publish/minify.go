// Package publish writes a built site: it minifies files by type,
// fingerprints static assets so they can be cached for a year, and writes
// everything either into a folder that replaces the old one only when the
// whole build succeeded, or into memory for the preview server.
package publish

import (
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2/buffer"
)

// Minifier minifies files by extension. It is safe for concurrent use.
type Minifier struct {
	m *minify.M
}

// NewMinifier returns a Minifier.
func NewMinifier() *Minifier {
	m := minify.New()
	// Document and end tags are kept so the output stays easy to check with
	// the Nu HTML checker and to read when something goes wrong; gzip makes
	// up most of the difference.
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/xml", xml.Minify)
	// The HTML minifier hands XML inside a page to text/xml.
	m.AddFunc("text/xml", xml.Minify)
	return &Minifier{m: m}
}

// Minify returns data minified according to name's media type (see
// MediaType), or data unchanged for types it does not minify.
func (m *Minifier) Minify(name string, data []byte) ([]byte, error) {
	if !Minifies(name) {
		return data, nil
	}
	return m.Append(make([]byte, 0, len(data)), name, data)
}

// Minifies reports whether files like name are minified.
func Minifies(name string) bool {
	mt, _, _ := strings.Cut(MediaType(name), ";")
	return mediaTypeMinified[mt]
}

// mediaTypeMinified are the media types the Minifier handles.
var mediaTypeMinified = map[string]bool{
	"text/html": true, "text/css": true, "text/javascript": true, "image/svg+xml": true, "application/xml": true,
}

// Append appends data minified according to name's media type (see
// MediaType) to dst, or data unchanged for other files, and returns the
// extended slice. Builds minify every page: passing a buffer to reuse
// saves a page-sized allocation each time. data must not be changed while
// Append runs (the minifier's reader briefly writes a terminating byte
// after it when it has spare capacity, then restores it).
func (m *Minifier) Append(dst []byte, name string, data []byte) ([]byte, error) {
	// The minifiers take no charset; leaving it off also saves parsing
	// it into a map for every file.
	mt, _, _ := strings.Cut(MediaType(name), ";")
	if !mediaTypeMinified[mt] {
		return append(dst, data...), nil
	}
	// buffer.NewReader hands the minifier data itself; a bytes.Reader
	// made it copy the whole file first.
	w := buffer.NewWriter(dst)
	if err := m.m.Minify(mt, w, buffer.NewReader(data)); err != nil {
		return nil, err
	}
	return w.Bytes(), nil
}
