// Package sitefiles makes the files a build writes besides pages and
// static files: the sitemap, robots.txt, the Atom feed, the search index
// and Netlify's _redirects. Each is made in one place, listed in Files, and
// the build's set of known files (what a page may link to) is derived from
// the same list, so the two cannot disagree.
package sitefiles

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/template"
	"time"

	"localoffer/generator/editor"
	"localoffer/generator/internal/parallel"
	"localoffer/generator/schema"
	"localoffer/generator/search"
	"localoffer/generator/site"
	"localoffer/generator/words"
)

// Input is what the files are made from.
type Input struct {
	Site     *site.Site
	BasePath string                         // the path of the site's address, such as "/offer"; "" at the root
	Synonyms map[string]map[string][]string // for the search indexes, by language
	// Names are every file the build writes, for Headers.
	Names []string
}

// File is one file of the finished site.
type File struct {
	Name string // path in the output, with / separators
	Data []byte
	// Write, when not nil, writes the file's bytes to w instead: the file
	// is made as it is written (the search indexes; see
	// search.WriteIndexFor), and Data is nil.
	Write func(w io.Writer) error
}

// Bytes returns the file's bytes, making them if it is written as made.
func (f File) Bytes() ([]byte, error) {
	if f.Write == nil {
		return f.Data, nil
	}
	var b bytes.Buffer
	err := f.Write(&b)
	return b.Bytes(), err
}

// spec says how one file is made. make returns nil when the site does not
// need the file (a site without aliases has no _redirects). A spec with
// lang is made once for each of the site's languages, under the name
// name(lang).
type spec struct {
	name string
	make func(in Input) ([]byte, error)
	// write, for a file made as it is written, instead of make.
	write func(in Input, w io.Writer) error
	lang  func(lang string) spec
}

// specs is every file besides pages, in the order they are written.
var specs = []spec{
	{name: "sitemap.xml", make: sitemap},
	{name: "robots.txt", make: robots},
	{name: "feed.xml", make: feed},
	{lang: func(lang string) spec {
		return spec{name: search.FileFor(lang), write: func(in Input, w io.Writer) error {
			return search.WriteIndexFor(w, in.Site, in.Synonyms[lang], lang)
		}}
	}},
	{name: "_redirects", make: redirects},
	{name: editor.File, make: editorConfig},
}

// expand returns the specs for a site in langs, one for each language
// where a spec is made per language.
func expand(langs []string) []spec {
	var out []spec
	for _, s := range specs {
		if s.lang == nil {
			out = append(out, s)
			continue
		}
		for _, l := range langs {
			out = append(out, s.lang(l))
		}
	}
	return out
}

// Names returns the name of every file Make may write for a site in
// langs.
func Names(langs []string) []string {
	var out []string
	for _, s := range expand(langs) {
		out = append(out, s.name)
	}
	return out
}

// Make makes every file the site needs.
func Make(in Input) ([]File, error) {
	var out []File
	var langs []string
	for _, l := range in.Site.Config.Languages {
		langs = append(langs, l.Code)
	}
	// The files are made side by side: each only reads the site, and at
	// 10,000 pages the search index alone takes as long as the rest.
	all := expand(langs)
	data := make([][]byte, len(all))
	errs := make([]error, len(all))
	parallel.For(context.Background(), len(all), func(i int) {
		// A panic here would not reach the build's own recover, which
		// reports a bug in one line; it is passed on as an error instead.
		defer func() {
			if r := recover(); r != nil {
				errs[i] = fmt.Errorf("internal error: %v", r)
			}
		}()
		if all[i].make != nil {
			data[i], errs[i] = all[i].make(in)
		}
	})
	for i, s := range all {
		if errs[i] != nil {
			return nil, fmt.Errorf("make %s: %w", s.name, errs[i])
		}
		if s.write != nil {
			out = append(out, File{Name: s.name, Write: func(w io.Writer) error { return s.write(in, w) }})
		} else if data[i] != nil {
			out = append(out, File{Name: s.name, Data: data[i]})
		}
	}
	return out, nil
}

//go:embed *.xml
var templateFS embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"xml": func(s string) string {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	},
	"date":    func(t time.Time) string { return t.Format("2006-01-02") },
	"rfc3339": func(t time.Time) string { return t.Format(time.RFC3339) },
}).ParseFS(templateFS, "*.xml"))

func execute(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// entry is a page as the sitemap and feed list it.
type entry struct {
	URL         string // absolute
	Title       string
	Description string
	Reviewed    time.Time
	translation bool
}

// listed returns the pages that belong in the sitemap and feed, with
// their absolute addresses.
func listed(in Input) []entry {
	out := make([]entry, 0, len(in.Site.Pages))
	for _, p := range in.Site.Pages {
		if p.URL != "/404.html" && !p.Unlisted {
			out = append(out, entry{abs(in, p.URL), p.Title, p.Description, p.Reviewed, p.IsTranslation()})
		}
	}
	return out
}

func abs(in Input, u string) string {
	return strings.TrimSuffix(in.Site.Config.BaseURL, "/") + u
}

// sitemap writes what the template sitemap.xml would, by hand: through
// text/template it was a tenth of a preview rebuild at 10,000 pages.
// TestSitemapMatchesTemplate keeps the two the same.
func sitemap(in Input) ([]byte, error) {
	es := listed(in)
	n := 160
	for _, e := range es {
		n += len(e.URL) + 64
	}
	b := make([]byte, 0, n)
	b = append(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"...)
	for _, e := range es {
		b = append(b, "<url><loc>"...)
		b = appendXMLText(b, e.URL)
		b = append(b, "</loc>"...)
		if !e.Reviewed.IsZero() {
			b = append(b, "<lastmod>"...)
			b = e.Reviewed.AppendFormat(b, "2006-01-02")
			b = append(b, "</lastmod>"...)
		}
		b = append(b, "</url>\n"...)
	}
	return append(b, "</urlset>\n"...), nil
}

// appendXMLText appends s escaped as the templates' xml function does:
// printable ASCII that needs no escape is copied, anything else goes
// through xml.EscapeText.
func appendXMLText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\'' || c == '&' || c == '<' || c == '>' {
			var w bytes.Buffer
			_ = xml.EscapeText(&w, []byte(s))
			return append(b, w.Bytes()...)
		}
	}
	return append(b, s...)
}

func robots(in Input) ([]byte, error) {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + abs(in, "/sitemap.xml") + "\n"), nil
}

// feedSize is how many recently checked pages the Atom feed lists.
const feedSize = 20

// feed is an Atom feed of the most recently reviewed pages. Its dates come
// from the pages, never from the clock, so builds stay identical.
func feed(in Input) ([]byte, error) {
	// The pages are chosen by pointer, and only the chosen few made
	// entries with absolute addresses: making an entry for each of 10,000
	// pages to keep 20 was most of the feed's time. Addresses are unique,
	// so the order is total, and comparing them without the base URL
	// that every one starts with gives the same order.
	var cands []*site.Page
	for _, p := range in.Site.Pages {
		if p.URL != "/404.html" && !p.Unlisted && !p.IsTranslation() && !p.Reviewed.IsZero() {
			cands = append(cands, p)
		}
	}
	slices.SortFunc(cands, func(x, y *site.Page) int {
		return cmp.Or(y.Reviewed.Compare(x.Reviewed), cmp.Compare(x.URL, y.URL))
	})
	var pages []entry
	for _, p := range cands[:min(len(cands), feedSize)] {
		pages = append(pages, entry{abs(in, p.URL), p.Title, p.Description, p.Reviewed, false})
	}
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if len(pages) > 0 {
		updated = pages[0].Reviewed
	}
	cfg := in.Site.Config
	return execute("feed.xml", map[string]any{
		"Language": cfg.Language, "Title": in.Site.Words[words.Default].Get("site.feed_title", "site", cfg.Title), "Owner": cfg.Owner,
		"Home": abs(in, "/"), "Self": abs(in, "/feed.xml"), "Updated": updated, "Pages": pages,
	})
}

// redirects is Netlify's _redirects file: a permanent redirect from every
// alias to its page.
func redirects(in Input) ([]byte, error) {
	var lines []string
	for _, a := range Aliases(in.Site) {
		lines = append(lines, fmt.Sprintf("%s %s 301", in.BasePath+a.From, in.BasePath+a.To))
	}
	if len(lines) == 0 {
		return nil, nil
	}
	return []byte(strings.Join(lines, "\n") + "\n"), nil
}

// editorConfig is the browser editor's configuration, made from the
// content model (package editor), when site.toml has an [editor].
func editorConfig(in Input) ([]byte, error) {
	cfg := in.Site.Config
	if cfg.Editor == nil {
		return nil, nil
	}
	var langs []string
	for _, l := range cfg.Languages {
		langs = append(langs, l.Code)
	}
	sections := []editor.Section{{Folder: "", Label: "Pages at the top"}}
	for _, p := range in.Site.Pages {
		if p.Kind == site.Section && !p.IsTranslation() {
			sections = append(sections, editor.Section{Folder: strings.TrimSuffix(p.Path, "/_index.md"), Label: p.Title})
		}
	}
	return editor.Config(editor.Input{
		Fields: schema.Page, Vocab: in.Site.Vocab, Sections: sections, Languages: langs,
		Repo: cfg.Editor.RepoOrPlaceholder(), Branch: cfg.Editor.Branch, SiteURL: cfg.BaseURL,
	})
}

// Alias is an old address that redirects to a page.
type Alias struct {
	From string // the old address, such as "/old-page/"
	To   string // the page's address
}

// Aliases returns every alias of the site, sorted by the line Netlify's
// _redirects file has for it.
func Aliases(s *site.Site) []Alias {
	var out []Alias
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			out = append(out, Alias{a, p.URL})
		}
	}
	slices.SortFunc(out, func(a, b Alias) int { return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To)) })
	return out
}
