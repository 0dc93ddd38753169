package generator

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"sync/atomic"

	"localoffer/generator/cache"
	"localoffer/generator/diag"
	"localoffer/generator/internal/parallel"
	"localoffer/generator/publish"
	"localoffer/generator/render"
	"localoffer/generator/site"
	"localoffer/generator/sitefiles"
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
	c := b.opts.Cache
	var siteSum [32]byte
	if c != nil {
		siteSum = cache.SiteSum(cache.State{Site: s, Templates: b.tmpl.Sum(), Assets: b.assetMap, BasePath: b.basePath, Dev: b.opts.Dev})
	}
	var rendered atomic.Int64
	parallel.For(ctx, len(s.Pages), func(i int) {
		defer func() {
			if r := recover(); r != nil {
				pageDiags[i].Errorf(s.Pages[i].File, 0, "please report this to the site's developers", "internal error while rendering this page: %v", r)
			}
		}()
		p := s.Pages[i]
		if c != nil {
			if html, ok := c.Rendered(siteSum, p.URL, p.Body); ok {
				writeErrs[i] = out.Write(OutputName(p.URL), html)
				return
			}
		}
		rendered.Add(1)
		html, d := b.tmpl.Execute(kindOf(p), &render.Data{Site: s, Page: p, Body: template.HTML(p.Body), Dev: b.opts.Dev, Words: s.WordsFor(p)})
		if d != nil {
			pageDiags[i].Add(diag.List{*d}.WithRule(diag.TemplateError, diag.Rule{})...)
			return
		}
		min, err := b.minifier.Minify("page.html", html)
		if err != nil {
			pageDiags[i].Errorf(p.File, 0, "check the template's HTML", "the page's HTML could not be minified: %v", err)
			return
		}
		c.StoreRendered(siteSum, p.URL, p.Body, min)
		writeErrs[i] = out.Write(OutputName(p.URL), min)
	})
	if c != nil {
		urls := make([]string, len(s.Pages))
		for i, p := range s.Pages {
			urls[i] = p.URL
		}
		c.Keep(nil, urls)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var diags diag.List
	for _, d := range pageDiags {
		diags.Add(d...)
	}
	for _, w := range s.Words {
		diags.Add(w.Missing()...)
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
// files, and the files of package sitefiles.
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
	in := sitefiles.Input{Site: b.site, BasePath: b.basePath, Synonyms: b.synonyms}
	made, err := sitefiles.Make(in)
	if err != nil {
		return nil, err
	}
	for _, f := range made {
		if strings.HasSuffix(f.Name, ".xml") && f.Name != "feed.xml" {
			if f.Data, err = b.minifier.Minify(f.Name, f.Data); err != nil {
				return nil, err
			}
		}
		out = append(out, file{f.Name, f.Data})
	}
	// The service worker names its cache after everything else the build
	// writes, so it comes last.
	off, err := b.offlineFiles(out)
	if err != nil {
		return nil, err
	}
	out = append(out, off...)
	// The headers name every file, so they come last of all.
	for _, p := range b.site.Pages {
		in.Names = append(in.Names, OutputName(p.URL))
	}
	for _, f := range out {
		in.Names = append(in.Names, f.name)
	}
	h := sitefiles.Headers(in)
	return append(out, file{h.Name, h.Data}), nil
}
