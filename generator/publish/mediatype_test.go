package publish

import (
	"strings"
	"testing"
)

func TestMediaType(t *testing.T) {
	tests := []struct{ name, want string }{
		{"index.html", "text/html; charset=utf-8"},
		{"money/INDEX.HTML", "text/html; charset=utf-8"},
		{"css/site.3f2a.css", "text/css; charset=utf-8"},
		{"js/search.mjs", "text/javascript; charset=utf-8"},
		{"feed.xml", "application/xml; charset=utf-8"},
		{"search.json", "application/json"},
		{"favicon.ico", "image/x-icon"},
		{"_redirects", "text/plain; charset=utf-8"},
		{"docs/_redirects.bak", "application/octet-stream"},
		{"LICENSE", "application/octet-stream"},
	}
	for _, tt := range tests {
		if got := MediaType(tt.name); got != tt.want {
			t.Errorf("MediaType(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestMinifyByMediaType checks that the minifier follows the shared
// table: the types it has a minifier for are minified, whatever the
// charset parameter, and every other file is left byte for byte.
func TestMinifyByMediaType(t *testing.T) {
	tests := []struct {
		name, in string
		minified bool
	}{
		{"a.html", "<!DOCTYPE html><html><head><title>x</title></head><body><p>a   b</p></body></html>", true},
		{"a.css", "p {  color : red ; }", true},
		{"a.js", "let  x = 1 ;", true},
		{"a.mjs", "let  x = 1 ;", true},
		{"a.svg", "<svg  xmlns=\"http://www.w3.org/2000/svg\" >  </svg>", true},
		{"feed.xml", "<feed>  <title> x </title>  </feed>", true},
		{"search.json", "{ \"a\" :  1 }", false},
		{"robots.txt", "User-agent:  *\n\n", false},
		{"_redirects", "/a  /b  301\n", false},
	}
	m := NewMinifier()
	for _, tt := range tests {
		out, err := m.Minify(tt.name, []byte(tt.in))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if changed := string(out) != tt.in; changed != tt.minified {
			t.Errorf("%s: minified %v (%q), want %v", tt.name, changed, out, tt.minified)
		}
		if tt.minified && (len(out) >= len(tt.in) || strings.Contains(string(out), "  ")) {
			t.Errorf("%s: %q is not smaller and free of double spaces", tt.name, out)
		}
	}
}
