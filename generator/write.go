package generator

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"localoffer/generator/diag"
	"localoffer/generator/publish"
	"localoffer/generator/render"
	"localoffer/generator/search"
	"localoffer/generator/site"
)

// discard is the Output of a build that writes nothing.
type discard struct{}

func (discard) Write(string, []byte) error { return nil }

// write renders every page and writes the site.
func (b *builder) write(ctx context.Context) (*Result, error) {
	out := b.opts.Output
	var dir *publish.Dir
	switch {
	case b.opts.NoWrite:
		out = discard{}
	case out == nil:
		dest := b.opts.Dest
		if dest == "" {
			dest = "public"
		}
		d, err := publish.NewDir(dest)
		if err != nil {
			return nil, fmt.Errorf("prepare %s: %w", dest, err)
		}
		dir, out = d, d
	}
	res, err := b.writeAll(ctx, out)
	if dir != nil {
		if err != nil {
			_ = dir.Abort()
			return nil, err
		}
		if err := dir.Commit(); err != nil {
			_ = dir.Abort()
			return nil, err
		}
	}
	return res, err
}

func (b *builder) writeAll(ctx context.Context, out publish.Output) (*Result, error) {
	s := b.site
	res := &Result{Site: s, Warnings: b.warnings.Sort(), Assets: b.assets}
	pageDiags := make([]diag.List, len(s.Pages))
	writeErrs := make([]error, len(s.Pages))
	cache := b.opts.Cache
	var siteSum [32]byte
	if cache != nil {
		siteSum = b.siteFingerprint()
	}
	var rendered atomic.Int64
	// A folder's Write is done with a page's bytes when it returns, so
	// each page can reuse the buffers of one rendered before; the preview
	// server's Memory and the Cache keep them.
	reuse := cache == nil
	switch out.(type) {
	case *publish.Dir, discard:
	default:
		reuse = false
	}
	// A build into a folder without a Cache is the command line's, and
	// nothing reads its pages' Text (the search index has their Words) or
	// a page's Body once the page is written: let them go as the build
	// goes, which keeps big sites' memory down.
	_, toDir := out.(*publish.Dir)
	release := toDir && cache == nil
	if release {
		for _, p := range s.Pages {
			if p.Words != "" {
				p.Text = ""
			}
		}
	}
	parallel(ctx, len(s.Pages), func(i int) {
		defer func() {
			if r := recover(); r != nil {
				pageDiags[i].Errorf(s.Pages[i].File, 0, "please report this to the site's developers", "internal error while rendering this page: %v", r)
			}
		}()
		p := s.Pages[i]
		if cache != nil {
			if html, ok := cache.rendered(siteSum, p); ok {
				writeErrs[i] = out.Write(OutputName(p.URL), html)
				return
			}
		}
		rendered.Add(1)
		bufs := pageBufPool.Get().(*pageBufs)
		defer pageBufPool.Put(bufs)
		bufs.html.Reset()
		if d := b.tmpl.ExecuteTo(&bufs.html, kindOf(p), &render.Data{Site: s, Page: p, Body: template.HTML(p.Body), Dev: b.opts.Dev}); d != nil {
			pageDiags[i].Add(*d)
			return
		}
		dst := bufs.min[:0]
		if !reuse {
			dst = make([]byte, 0, bufs.html.Len())
		}
		min, err := b.minifier.Append(dst, "page.html", bufs.html.Bytes())
		if err != nil {
			pageDiags[i].Errorf(p.File, 0, "check the template's HTML", "the page's HTML could not be minified: %v", err)
			return
		}
		if reuse {
			bufs.min = min
		}
		cache.storeRendered(siteSum, p, min)
		writeErrs[i] = out.Write(OutputName(p.URL), min)
		if release {
			p.Body = nil
		}
	})
	cache.pruneRendered(s.Pages)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var diags diag.List
	for _, d := range pageDiags {
		diags.Add(d...)
	}
	if err := diags.Err(); err != nil {
		return nil, err
	}
	for _, err := range writeErrs {
		if err != nil {
			return nil, err
		}
	}
	res.Pages = len(s.Pages)

	extra, err := b.extraFiles()
	if err != nil {
		return nil, err
	}
	for _, f := range extra {
		if err := out.Write(f.name, f.data); err != nil {
			return nil, err
		}
	}
	res.Files = len(extra)
	res.Reused = int(b.reused.Load())
	res.Read = int(b.read.Load())
	res.Rendered = int(rendered.Load())
	return res, nil
}

// pageBufs are one page's rendering buffers: the template's output and
// the minified page.
type pageBufs struct {
	html bytes.Buffer
	min  []byte
}

var pageBufPool = sync.Pool{New: func() any { return new(pageBufs) }}

// kindOf returns the template a page is rendered with.
func kindOf(p *site.Page) string {
	if p.Layout != "" {
		return p.Layout
	}
	switch p.Kind {
	case site.Home:
		return "home"
	case site.Section:
		return "section"
	}
	return "page"
}

// OutputName returns the file a site address is written to: "/money/" is
// "money/index.html", "/404.html" is "404.html".
func OutputName(u string) string {
	u = strings.TrimPrefix(u, "/")
	if u == "" || strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	return u
}

type file struct {
	name string
	data []byte
}

// extraFiles returns every file besides pages: static files, content
// files, the sitemap, robots.txt, the feed and Netlify's _redirects.
func (b *builder) extraFiles() ([]file, error) {
	var out []file
	for _, a := range b.assets {
		out = append(out, file{a.Name, a.Data})
	}
	for _, p := range b.files.Assets {
		data, err := fs.ReadFile(b.contentFS, p)
		if err != nil {
			return nil, err
		}
		out = append(out, file{p, data})
	}
	sm, err := b.minifier.Minify("sitemap.xml", b.sitemap())
	if err != nil {
		return nil, err
	}
	out = append(out, file{"sitemap.xml", sm})
	out = append(out, file{"robots.txt", b.robots()})
	out = append(out, file{"feed.xml", b.feed()})
	out = append(out, file{search.File, search.Index(b.site, b.synonyms)})
	if r := b.redirects(); r != nil {
		out = append(out, file{"_redirects", r})
	}
	return out, nil
}

func (b *builder) abs(u string) string {
	return strings.TrimSuffix(b.cfg.BaseURL, "/") + u
}

// listed returns the pages that belong in the sitemap and feed.
func (b *builder) listed() []*site.Page {
	var out []*site.Page
	for _, p := range b.site.Pages {
		if p.URL != "/404.html" {
			out = append(out, p)
		}
	}
	return out
}

func (b *builder) sitemap() []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range b.listed() {
		buf.WriteString("<url><loc>")
		xml.EscapeText(&buf, []byte(b.abs(p.URL)))
		buf.WriteString("</loc>")
		if !p.Reviewed.IsZero() {
			buf.WriteString("<lastmod>" + p.Reviewed.Format("2006-01-02") + "</lastmod>")
		}
		buf.WriteString("</url>\n")
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

func (b *builder) robots() []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + b.abs("/sitemap.xml") + "\n")
}

// feedSize is how many recently checked pages the Atom feed lists.
const feedSize = 20

// feed writes an Atom feed of the most recently reviewed pages. Its dates
// come from the pages, never from the clock, so builds stay identical.
func (b *builder) feed() []byte {
	var pages []*site.Page
	for _, p := range b.listed() {
		if !p.Reviewed.IsZero() {
			pages = append(pages, p)
		}
	}
	slices.SortStableFunc(pages, func(x, y *site.Page) int {
		return cmp.Or(y.Reviewed.Compare(x.Reviewed), cmp.Compare(x.URL, y.URL))
	})
	pages = pages[:min(len(pages), feedSize)]
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if len(pages) > 0 {
		updated = pages[0].Reviewed
	}
	var buf bytes.Buffer
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	buf.WriteString(xml.Header)
	buf.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="` + esc(b.cfg.Language) + `">` + "\n")
	fmt.Fprintf(&buf, "<title>%s: recently checked pages</title>\n", esc(b.cfg.Title))
	fmt.Fprintf(&buf, "<id>%s</id>\n<link rel=\"alternate\" href=\"%s\"/>\n<link rel=\"self\" href=\"%s\"/>\n",
		esc(b.abs("/")), esc(b.abs("/")), esc(b.abs("/feed.xml")))
	fmt.Fprintf(&buf, "<updated>%s</updated>\n", updated.Format(time.RFC3339))
	if b.cfg.Owner != "" {
		fmt.Fprintf(&buf, "<author><name>%s</name></author>\n", esc(b.cfg.Owner))
	}
	for _, p := range pages {
		fmt.Fprintf(&buf, "<entry><title>%s</title><link href=\"%s\"/><id>%s</id><updated>%s</updated><summary>%s</summary></entry>\n",
			esc(p.Title), esc(b.abs(p.URL)), esc(b.abs(p.URL)), p.Reviewed.Format(time.RFC3339), esc(p.Description))
	}
	buf.WriteString("</feed>\n")
	return buf.Bytes()
}

// redirects writes Netlify's _redirects file: a permanent redirect from
// every alias to its page.
func (b *builder) redirects() []byte {
	var lines []string
	for _, p := range b.site.Pages {
		for _, a := range p.Aliases {
			lines = append(lines, fmt.Sprintf("%s %s 301", b.basePath+a, b.basePath+p.URL))
		}
	}
	if len(lines) == 0 {
		return nil
	}
	slices.Sort(lines)
	return []byte(strings.Join(lines, "\n") + "\n")
}
