package markdown

import (
	"testing"

	"github.com/yuin/goldmark/renderer/html"
)

var dangerousURLCases = []string{
	"", "https://www.gov.uk/", "/money/", "tel:01744676767", "mailto:a@b.uk",
	"javascript:alert(1)", "JavaScript:alert(1)", "JAVASCRIPT:", "javascript",
	"vbscript:x", "VBScript:x", "file:///etc/passwd", "FILE:x", "data:", "DATA:text/html,x",
	"data:image/png;base64,AA", "DATA:IMAGE/PNG;x", "data:image/svg+xml,x", "data:image/", "data:image/gif",
	"data:image/jpeg;x", "data:image/webp;x", "data:image/x",
	"javascr\u0130pt:x", "\u212aavascript:", "java\xffscript:", "d\u0130ta:",
}

func TestIsDangerousURL(t *testing.T) {
	for _, u := range dangerousURLCases {
		if got, want := isDangerousURL([]byte(u)), html.IsDangerousURL([]byte(u)); got != want {
			t.Errorf("isDangerousURL(%q) = %t, goldmark says %t", u, got, want)
		}
	}
}

// FuzzIsDangerousURL checks that isDangerousURL answers as goldmark's
// html.IsDangerousURL, which it stands in for, does.
func FuzzIsDangerousURL(f *testing.F) {
	for _, u := range dangerousURLCases {
		f.Add([]byte(u))
	}
	f.Fuzz(func(t *testing.T, u []byte) {
		if got, want := isDangerousURL(u), html.IsDangerousURL(u); got != want {
			t.Errorf("isDangerousURL(%q) = %t, goldmark says %t", u, got, want)
		}
	})
}
