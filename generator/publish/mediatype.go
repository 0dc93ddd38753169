package publish

import (
	"path"
	"strings"
)

// mediaTypes is localoffer's one table of media types by extension: the
// minifier picks its minifier by it, and the preview server sends it as
// Content-Type. It is a fixed table rather than mime.TypeByExtension,
// which reads the machine's own files and so could differ between
// machines.
var mediaTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".xml":  "application/xml; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".webp": "image/webp",
	".ico":  "image/x-icon",
	".pdf":  "application/pdf",
}

// MediaType returns the media type of a file of the built site, with its
// charset for text, by the file's extension; "application/octet-stream"
// when the type is not known.
func MediaType(name string) string {
	if t, ok := mediaTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	// Netlify's _redirects file has no extension.
	if path.Base(name) == "_redirects" {
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}
