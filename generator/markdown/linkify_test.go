package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// FuzzLinkify checks that quickLinkify links exactly what goldmark's own
// Linkify links, among the other extensions whose markers trigger it.
func FuzzLinkify(f *testing.F) {
	for _, s := range []string{
		"Email leaving.care@example.org or ring.",
		"See https://www.gov.uk/x, www.example.org and http://a.b/c?d=e.",
		"(www.example.org) *https://x.org* _me@x.org_ ~~ftp://x.org~~",
		"a@b no-dot@example x@y.z. me@x.org- me@x.org_ .@x.org",
		"HTTP://SHOUT.ORG Www.example.org wwwexample.org http:x",
		"- [ ] task www.a.org\n| a | b@c.de |\n|---|---|\n| https://x.org | 2 |\n",
		"**Call** 0800 123 (free) *or* email _us_: help@sthelens.gov.uk\n\n> www.q.org",
		"[link text www.x.org](https://y.org) <me@x.org> `www.code.org`",
	} {
		f.Add(s)
	}
	exts := []goldmark.Extender{extension.NewTable(), extension.Strikethrough, extension.TaskList}
	theirs := goldmark.New(goldmark.WithExtensions(append([]goldmark.Extender{extension.Linkify}, exts...)...))
	ours := goldmark.New(goldmark.WithExtensions(append([]goldmark.Extender{linkify}, exts...)...))
	f.Fuzz(func(t *testing.T, src string) {
		var want, got bytes.Buffer
		if theirs.Convert([]byte(src), &want) != nil || ours.Convert([]byte(src), &got) != nil {
			return
		}
		if want.String() != got.String() {
			t.Fatalf("%q:\nLinkify: %s\nquick:   %s", src, want.String(), got.String())
		}
	})
}

// TestLinkifyStillLinks makes sure the quick look lets links through:
// FuzzLinkify would pass if neither linked anything.
func TestLinkifyStillLinks(t *testing.T) {
	html := string(render("Email help@example.org or see www.example.org and https://example.org/a.").HTML)
	for _, want := range []string{`href="mailto:help@example.org"`, `href="http://www.example.org"`, `href="https://example.org/a"`} {
		if !strings.Contains(html, want) {
			t.Errorf("no %s in %s", want, html)
		}
	}
}
