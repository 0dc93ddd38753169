// Package publish writes a built site: it minifies files by type,
// fingerprints static assets so they can be cached for a year, and writes
// everything either into a folder that replaces the old one only when the
// whole build succeeded, or into memory for the preview server.
package publish

import (
	"bytes"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
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
	// The minifiers take no charset; leaving it off also saves parsing
	// it into a map for every file.
	mt, _, _ := strings.Cut(MediaType(name), ";")
	_, _, fn := m.m.Match(mt)
	if fn == nil {
		return data, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(data))
	if err := fn(m.m, &buf, bytes.NewReader(data), nil); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
