// Package generator builds a localoffer site. It is the only package the
// command line uses: Build turns a site folder (site.toml, content/,
// templates/, static/) into a finished website, and Check does the same
// without writing anything and adds advice for editors.
//
// A build runs in stages, each in its own package: config reads site.toml;
// content splits and decodes each page; markdown renders its body; site
// puts the pages together and checks links; render executes templates; and
// publish minifies and writes. Every stage collects diagnostics instead of
// stopping, so one build reports every problem at once, and nothing is
// written unless there are none.
package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"localoffer/generator/config"
	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/finder"
	"localoffer/generator/markdown"
	"localoffer/generator/offline"
	"localoffer/generator/publish"
	"localoffer/generator/render"
	"localoffer/generator/search"
	"localoffer/generator/site"
)

// Options control a build.
type Options struct {
	Source  string // the site folder; "" means "."
	Dest    string // where to write the site; "" means "public" inside Source's parent working directory
	Drafts  bool   // include pages marked draft = true
	BaseURL string // overrides site.toml's base_url, for deploy previews

	// Output receives the files instead of Dest, as the preview server does
	// with a publish.Memory. When it is set nothing is written to disk.
	Output publish.Output
	// NoWrite builds and checks everything but writes nothing (check).
	NoWrite bool
	// Cache keeps rendered pages between builds of the same site, so that
	// a rebuild only renders the pages whose files changed. May be nil.
	Cache *Cache
	// Dev is passed to templates, for the preview server.
	Dev bool
}

// Result describes a finished build.
type Result struct {
	Site     *site.Site
	Pages    int // pages written
	Files    int // other files written (static files, sitemap …)
	Reused   int // pages whose Markdown was not parsed again, thanks to the Cache
	Read     int // page files read from disk; with a Cache, only changed ones
	Rendered int // pages whose templates were executed; the rest came from the Cache
	Duration time.Duration
	Warnings diag.List // advice that does not stop the build, such as raw HTML left out
	Assets   []publish.Asset
}

// Build builds the site described by opts. Problems with the site's own
// files are returned together as a *diag.Errors; any other error means the
// build could not run (a disk error, say). Either way, nothing under Dest
// has changed unless Build returns nil.
func Build(ctx context.Context, opts Options) (res *Result, err error) {
	start := time.Now()
	defer func() {
		// A bug in the generator must never show editors a stack trace or
		// leave half a site: report it in one line instead.
		if r := recover(); r != nil {
			res, err = nil, internalError(r)
		}
	}()
	b, err := prepare(ctx, opts)
	if err != nil {
		return nil, err
	}
	res, err = b.write(ctx)
	if res != nil {
		res.Duration = time.Since(start)
	}
	return res, err
}

// InternalError is a bug in the generator, caught so that it can be
// reported in one line.
type InternalError struct{ Value any }

func (e *InternalError) Error() string {
	return fmt.Sprintf("internal error in localoffer: %v; please report this to the site's developers with the command you ran", e.Value)
}

func internalError(r any) error {
	if os.Getenv("LOCALOFFER_DEBUG") != "" {
		fmt.Fprintf(os.Stderr, "%v\n%s", r, debug.Stack())
	}
	return &InternalError{Value: r}
}

// builder holds one build's state between stages.
type builder struct {
	opts      Options
	cfg       *config.Config
	site      *site.Site
	tmpl      *render.Templates
	assets    []publish.Asset
	assetMap  map[string]string // source name → published name
	contentFS fs.FS
	files     content.Files
	basePath  string
	minifier  *publish.Minifier
	warnings  diag.List
	synonyms  map[string][]string
	reused    atomic.Int64
	read      atomic.Int64
}

func prepare(ctx context.Context, opts Options) (*builder, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	root := os.DirFS(opts.Source)
	if st, err := os.Stat(opts.Source); err != nil || !st.IsDir() {
		return nil, &diag.Errors{List: diag.List{{File: opts.Source, Severity: diag.Error,
			Msg: "the site folder does not exist", Fix: "pass --source with the folder that has site.toml"}}}
	}
	var diags diag.List
	b := &builder{opts: opts, minifier: publish.NewMinifier()}

	cfg, cd := config.Load(root)
	diags.Add(cd...)
	if cfg == nil {
		return nil, diags.Err()
	}
	if opts.BaseURL != "" {
		u, err := url.Parse(opts.BaseURL)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return nil, &diag.Errors{List: diag.List{{Severity: diag.Error,
				Msg: fmt.Sprintf("--base-url %q is not a web address", opts.BaseURL), Fix: "pass a full address such as https://example.org/"}}}
		}
		cfg.BaseURL = strings.TrimSuffix(opts.BaseURL, "/") + "/"
	}
	b.cfg = cfg
	if u, err := url.Parse(cfg.BaseURL); err == nil {
		b.basePath = strings.TrimSuffix(u.Path, "/")
	}

	b.contentFS, _ = fs.Sub(root, "content")
	vocab, vd := content.LoadVocabulary(b.contentFS)
	diags.Add(vd...)
	syn, sd := search.LoadSynonyms(b.contentFS)
	diags.Add(sd...)
	b.synonyms = syn
	files, wd := content.Walk(b.contentFS)
	diags.Add(wd...)
	b.files = files

	// Templates and static files do not depend on content: load them while
	// the pages render.
	var wg sync.WaitGroup
	var tmplDiags diag.List
	var assetErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			if r := recover(); r != nil {
				assetErr = internalError(r)
			}
		}()
		staticFS, _ := fs.Sub(root, "static")
		b.assets, assetErr = publish.Assets(staticFS, b.minifier)
		if errors.Is(assetErr, fs.ErrNotExist) {
			b.assets, assetErr = nil, nil
		}
		b.assetMap = map[string]string{}
		for _, a := range b.assets {
			b.assetMap[a.Source] = a.Name
		}
		templFS, _ := fs.Sub(root, "templates")
		b.tmpl, tmplDiags = render.Load(templFS, render.Funcs{Assets: b.assetMap, BasePath: b.basePath, BaseURL: cfg.BaseURL}, opts.Cache.templates())
	}()

	pages, drafts, pd := b.readPages(ctx, vocab)
	diags.Add(pd...)
	wg.Wait()
	if assetErr != nil {
		var ie *InternalError
		if errors.As(assetErr, &ie) {
			return nil, assetErr
		}
		diags.Errorf("static", 0, "fix or remove the file", "%v", assetErr)
	}
	diags.Add(tmplDiags...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	s, sd := site.New(site.Input{
		Config: cfg, Vocab: vocab, Pages: pages, Drafts: drafts,
		Generators: generators(),
		KnownFile:  b.knownFile,
	})
	diags.Add(sd...)
	b.site = s
	for _, d := range diags {
		if d.Severity == diag.Warning {
			b.warnings = append(b.warnings, d)
		}
	}
	if err := diags.Err(); err != nil {
		return nil, err
	}
	return b, nil
}

// generators returns the page generators every site gets.
func generators() []site.Generator {
	return []site.Generator{notFoundPage, finder.Pages, offline.Page}
}

func notFoundPage(s *site.Site) []*site.Page {
	return []*site.Page{{
		Path: "404.html", File: "templates/404.html", URL: "/404.html", Kind: site.Generated, Layout: "404",
		Title: "Page not found", Description: "The page you asked for is not here.",
	}}
}

func (b *builder) knownFile(p string) bool {
	if _, ok := b.assetMap[p]; ok {
		return true
	}
	for _, a := range b.assets {
		if a.Name == p {
			return true
		}
	}
	for _, a := range b.files.Assets {
		if a == p {
			return true
		}
	}
	switch p {
	case "sitemap.xml", "feed.xml", "robots.txt", "404.html", search.File:
		return true
	}
	return false
}

type pageJob struct {
	page  *site.Page
	draft bool
	diags diag.List
}

// readPages reads, decodes and renders every page's Markdown in parallel.
// Results are indexed by the page's position in the sorted file list, so
// the outcome does not depend on scheduling.
func (b *builder) readPages(ctx context.Context, vocab *content.Vocabulary) ([]*site.Page, map[string]bool, diag.List) {
	paths := b.files.Pages
	jobs := make([]pageJob, len(paths))
	md := markdown.New()
	env := b.cacheEnv(vocab)
	parallel(ctx, len(paths), func(i int) {
		defer func() {
			if r := recover(); r != nil {
				jobs[i].diags.Errorf("content/"+paths[i], 0, "please report this to the site's developers", "internal error while reading this page: %v", r)
			}
		}()
		jobs[i] = b.readPage(md, paths[i], vocab, env)
	})
	b.opts.Cache.prune(paths)
	var pages []*site.Page
	drafts := map[string]bool{}
	var diags diag.List
	for _, j := range jobs {
		diags.Add(j.diags...)
		if j.page == nil {
			continue
		}
		if j.draft {
			drafts[j.page.Path] = true
			continue
		}
		pages = append(pages, j.page)
	}
	return pages, drafts, diags
}

func (b *builder) readPage(md *markdown.Renderer, p string, vocab *content.Vocabulary, env string) pageJob {
	file := "content/" + p
	var job pageJob
	if problem, better := content.CheckPath(p); problem != "" {
		job.diags.Errorf(file, 0, "rename it to content/"+better, "%s", problem)
		return job
	}
	kind := site.Regular
	switch {
	case p == content.IndexFile:
		kind = site.Home
	case path.Base(p) == content.IndexFile:
		kind = site.Section
	}
	// When the file cannot be read, or split into front matter and text,
	// its error is reported and a stand-in page keeps every link to it
	// from being reported as broken too: one mistake, one message. The
	// error stops the build, so the stand-in is never published.
	standIn := &site.Page{Path: p, File: file, URL: content.URLOf(p), Kind: kind, Title: p, Unreadable: true}
	entry, err := b.readEntry(md, file, p, vocab, env)
	if err != nil {
		job.diags.Errorf(file, 0, "check that the file can be read", "cannot read the page")
		job.page = standIn
		return job
	}
	job.diags = append(job.diags, entry.diags...)
	if entry.res == nil {
		job.page = standIn
		return job
	}
	fm := entry.fm
	job.draft = fm.Draft && !b.opts.Drafts
	job.page = &site.Page{
		Path: p, File: file, URL: content.URLOf(p), Kind: kind, Layout: fm.Layout,
		Title: fm.Title, Description: fm.Description, Weight: fm.Weight, Draft: fm.Draft,
		Reviewed: fm.Reviewed, Aliases: fm.Aliases, Offers: entry.offers,
		Body: entry.res.HTML, Headings: entry.res.Headings, Links: entry.res.Links, Text: entry.res.Text, Words: entry.words,
	}
	return job
}

// readEntry returns what the page file p says, from the Cache when the
// file did not change.
func (b *builder) readEntry(md *markdown.Renderer, file, p string, vocab *content.Vocabulary, env string) (*cacheEntry, error) {
	cache := b.opts.Cache
	var stamp fileStamp
	stamped := false
	readAt := time.Now()
	if cache != nil {
		// os.Lstat is one system call; fs.Stat on a sub-FS opens the file.
		if info, err := os.Lstat(filepath.Join(b.opts.Source, "content", filepath.FromSlash(p))); err == nil && info.Mode().IsRegular() {
			stamp, stamped = stampOf(info)
		}
		if stamped {
			if entry, ok := cache.trusted(p, env, stamp); ok {
				b.reused.Add(1)
				return entry, nil
			}
		}
	}
	data, err := fs.ReadFile(b.contentFS, p)
	if err != nil {
		return nil, err
	}
	b.read.Add(1)
	entry, hit := cache.lookup(p, data, env)
	if hit {
		b.reused.Add(1)
	} else {
		entry = parsePage(md, file, p, data, vocab, b.basePath)
	}
	cache.store(p, data, env, entry, stamp, stamped, readAt)
	return entry, nil
}

// parsePage is the part of reading a page that depends only on its own
// bytes (and the vocabulary), which is what the Cache keeps.
func parsePage(md *markdown.Renderer, file, p string, data []byte, vocab *content.Vocabulary, basePath string) *cacheEntry {
	e := &cacheEntry{}
	src, d := content.Split(file, data)
	if d != nil {
		e.diags = diag.List{*d}
		return e
	}
	fm, fd := content.ParseFrontMatter(file, src, p == content.IndexFile, vocab)
	e.diags = append(e.diags, fd...)
	res := md.Render(src.Body, markdown.Options{File: file, Page: p, FirstLn: src.BodyLine, BasePath: basePath})
	e.diags = append(e.diags, res.Diags...)
	// The page is kept even when it has errors, so that links to it are
	// not reported as broken too; the errors still stop the build.
	e.fm, e.res = fm, res
	e.offers = make([]content.Offer, len(fm.Offers))
	for i, o := range fm.Offers {
		if o.Name == "" {
			o.Name = fm.Title
		}
		e.offers[i] = o
	}
	e.words = search.Words(res.Text, e.offers)
	return e
}

// parallel runs fn(0) … fn(n-1) on as many goroutines as there are CPUs.
func parallel(ctx context.Context, n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				mu.Lock()
				i := int(next)
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
