// Package publish writes a built site: it minifies files by type,
// fingerprints static assets so they can be cached for a year, and writes
// everything either into a folder that replaces the old one only when the
// whole build succeeded, or into memory for the preview server.
package publish

import (
	"bytes"
	"path"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// mediaTypes maps the extensions localoffer minifies to media types. It is
// a fixed table rather than mime.TypeByExtension, which reads the
// machine's own files and so could differ between machines.
var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "text/javascript",
	".mjs":  "text/javascript",
	".svg":  "image/svg+xml",
	".xml":  "text/xml",
}

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
	m.AddFunc("text/xml", xml.Minify)
	return &Minifier{m: m}
}

// Minifies reports whether files named name are minified.
func Minifies(name string) bool {
	_, ok := mediaTypes[strings.ToLower(path.Ext(name))]
	return ok
}

// Minify returns data minified according to name's extension, or data
// unchanged for other files.
func (m *Minifier) Minify(name string, data []byte) ([]byte, error) {
	mt, ok := mediaTypes[strings.ToLower(path.Ext(name))]
	if !ok {
		return data, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(data))
	if err := m.m.Minify(mt, &buf, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
