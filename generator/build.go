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
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"localoffer/generator/cache"
	"localoffer/generator/config"
	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/finder"
	"localoffer/generator/internal/parallel"
	"localoffer/generator/internal/readahead"
	"localoffer/generator/markdown"
	"localoffer/generator/offline"
	"localoffer/generator/publish"
	"localoffer/generator/render"
	"localoffer/generator/search"
	"localoffer/generator/site"
	"localoffer/generator/sitefiles"
	"localoffer/generator/words"
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
	Cache *cache.Cache
	// Dev is passed to templates, for the preview server.
	Dev bool
	// CacheDir is the folder of the build cache that `build` keeps
	// between runs (see diskcache.go); "" means none. It is only used by
	// builds that write a folder.
	CacheDir string
	// RemoveOldInBackground leaves deleting the site a build replaces to
	// a process of its own (publish.Dir.RemoveOldLater), for the command
	// line, which exits right after.
	RemoveOldInBackground bool
}

// Result describes a finished build.
type Result struct {
	Site     *site.Site
	Pages    int // pages written
	Files    int // other files written (static files, sitemap …)
	Reused   int // pages whose Markdown was not parsed again, thanks to the Cache or CacheDir
	Read     int // page files read from disk; with a Cache, only changed ones
	Rendered int // pages whose templates were executed; the rest came from the Cache
	Duration time.Duration
	Warnings diag.List // advice that does not stop the build, such as raw HTML left out
	Assets   []publish.Asset
	// Unchanged says that the build cache showed nothing had changed
	// since the last build, so nothing was done; Site, Warnings and
	// Assets are then empty.
	Unchanged bool

	// preview is the build behind a preview server's Result, for Patch.
	preview *builder
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
	var dc *diskCache
	if opts.CacheDir != "" && opts.Output == nil && opts.Cache == nil && !opts.NoWrite {
		dc = openDiskCache(opts)
		if dc != nil && dc.state != nil {
			contentFS, _ := fs.Sub(os.DirFS(sourceDir(opts)), "content")
			if files, wd := content.Walk(contentFS); len(wd) == 0 && dc.check(sourceDir(opts), files.Pages) {
				// Files read again because their stamps were too new to
				// trust are now old enough: keep their new stamps, so
				// that the next build need not read them.
				if dc.reads > 0 {
					dc.saveState()
				}
				return &Result{Pages: dc.state.NPages, Files: dc.state.NFiles, Read: dc.reads, Unchanged: true, Duration: time.Since(start)}, nil
			}
		}
		if dc != nil {
			dc.startLoad()
			// Only a site built before has a spare worth reading early;
			// and a build that fails must not have made dest's parent.
			if dc.state != nil {
				dc.startDir(destDir(opts))
			}
			// Whatever happens next, an output folder started and not
			// used is given up.
			defer dc.abortDir()
		}
	}
	var spill *bodySpill
	if isLean(opts) {
		spill = newBodySpill(filepath.Dir(filepath.Clean(destDir(opts))))
		defer spill.close()
	}
	b, err := prepare(ctx, opts, dc, spill)
	if err != nil {
		return nil, err
	}
	if err := b.diags.Err(); err != nil {
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
	words     map[string]*words.Table
	// translated holds the paths of translated pages, such as
	// "get-help-now.ar.md".
	translated map[string]bool
	diags      diag.List // every problem found while preparing
	warnings   diag.List
	synonyms   map[string]map[string][]string // by language
	reused     atomic.Int64
	read       atomic.Int64

	// disk is the build cache; nil when there is none.
	disk *diskCache
	md   *markdown.Renderer
	// vocab is the vocabulary pages were read with, and env the rest of
	// what a page entry depends on (see cache.Env).
	vocab *content.Vocabulary
	env   string
	// entries are, with the preview's Cache, what each page was made
	// from, by Path, for Result.Patch.
	entries map[string]*pageEntry
	// siteSum is the fingerprint of the site the pages rendered in, with
	// a Cache or a build cache.
	siteSum [32]byte
	// bodies are, with a build cache, the hash of each content page's
	// Body by Path, and whether the Body was left on disk.
	bodies map[string]bodyInfo
	// lean says that nothing will read a page's Source, Text or link
	// texts after it is parsed: a build into a folder without the preview
	// server's Cache (check's advice and the preview need them). Letting
	// them go as each page is read keeps a big site's memory down.
	lean bool
	// spill holds the HTML of pages read, when lean, until they are
	// written; nil keeps it in memory.
	spill *bodySpill
	// stubs are the stand-in Bodies of pages whose Body was left on disk,
	// by the address of their one byte of capacity: each is a distinct,
	// empty slice, so a generated page that shows another page's Body
	// (the offline page shows Get help now's) can be traced back to it.
	stubs map[*byte]string
}

type bodyInfo struct {
	hash   [32]byte
	noBody bool
	// spilled says the Body is in the builder's spill, at spill.
	spilled bool
	spill   spillRef
}

// isLean reports whether a build is one whose pages' Source, Text and
// link texts nothing reads after parsing, and whose Bodies are read once,
// when the page is written: a build into a folder without the preview
// server's Cache (check's advice and the preview need them).
func isLean(opts Options) bool {
	return opts.Output == nil && !opts.NoWrite && opts.Cache == nil
}

func destDir(opts Options) string {
	if opts.Dest == "" {
		return "public"
	}
	return opts.Dest
}

func sourceDir(opts Options) string {
	if opts.Source == "" {
		return "."
	}
	return opts.Source
}

// prepare reads the whole site and puts it together. Problems with the
// site's files are left in b.diags, so that check can still give its
// advice on a site with errors; the error is only for a site that cannot
// be read at all (no site.toml, a disk error, a cancelled build).
func prepare(ctx context.Context, opts Options, dc *diskCache, spill *bodySpill) (*builder, error) {
	opts.Source = sourceDir(opts)
	root := os.DirFS(opts.Source)
	if st, err := os.Stat(opts.Source); err != nil || !st.IsDir() {
		return nil, &diag.Errors{List: diag.List{{File: opts.Source, Severity: diag.Error,
			Msg: "the site folder does not exist", Fix: "pass --source with the folder that has site.toml"}}}
	}
	var diags diag.List
	b := &builder{opts: opts, minifier: publish.NewMinifier(), disk: dc, md: markdown.New(),
		lean: isLean(opts), spill: spill}

	cfg, cd := config.Load(root)
	diags.Add(cd.WithRule(diag.SiteSettings, diag.Rule{})...)
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
	b.basePath = cfg.BasePath()

	b.contentFS, _ = fs.Sub(root, "content")
	vocab, vd := content.LoadVocabulary(b.contentFS)
	diags.Add(vd.WithRule(diag.SiteSettings, diag.Rule{})...)
	b.synonyms = map[string]map[string][]string{}
	for _, l := range cfg.Languages {
		syn, sd := search.LoadSynonymsFor(b.contentFS, l.Code)
		diags.Add(sd.WithRule(diag.SiteSettings, diag.Rule{})...)
		b.synonyms[l.Code] = syn
	}
	files, wd := content.Walk(b.contentFS)
	diags.Add(wd.WithRule(diag.FileName, diag.Rule{})...)
	b.files = files
	b.translated = map[string]bool{}
	for _, p := range files.Pages {
		if _, lang := content.SplitLang(p); lang != "" {
			b.translated[p] = true
		}
	}
	// Translated pages' links need their language's words, so the words
	// are read before the pages.
	var langs []string
	for _, l := range cfg.Languages {
		langs = append(langs, l.Code)
	}
	templFS, _ := fs.Sub(root, "templates")
	b.words, wd = words.Load(templFS, langs)
	diags.Add(wd...)

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
		b.assets, assetErr = publish.Assets(staticFS, b.minifier, b.lean)
		if errors.Is(assetErr, fs.ErrNotExist) {
			b.assets, assetErr = nil, nil
		}
		b.assetMap = map[string]string{}
		for _, a := range b.assets {
			b.assetMap[a.Source] = a.Name
		}
		templFS, _ := fs.Sub(root, "templates")
		var td diag.List
		b.tmpl, td = render.Load(templFS, render.Funcs{Assets: b.assetMap, BasePath: b.basePath, BaseURL: cfg.BaseURL}, opts.Cache.Templates())
		tmplDiags.Add(td...)
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
	diags.Add(tmplDiags.WithRule(diag.TemplateError, diag.Rule{})...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	s, sd := site.New(site.Input{
		Config: cfg, Vocab: vocab, Words: b.words, Pages: pages, Drafts: drafts,
		Generators: generators(),
		KnownFile:  b.knownFile,
	})
	diags.Add(sd...)
	if b.lean && s != nil {
		// Links are read only to check them, which site.New has done.
		for _, p := range s.Pages {
			p.Links = nil
		}
	}
	b.site = s
	b.diags = diags
	b.warnings = diags.Warnings()
	return b, nil
}

// generators returns the page generators every site gets.
func generators() []site.Generator {
	return []site.Generator{notFoundPage, finder.Pages, offline.Page}
}

// notFoundFile is the page Netlify and the preview show for an address
// that has no page.
const notFoundFile = "404.html"

func notFoundPage(s *site.Site) []*site.Page {
	return []*site.Page{{
		Path: notFoundFile, File: "templates/404.html", URL: "/" + notFoundFile, Kind: site.Generated,
		FrontMatter: content.FrontMatter{Layout: "404", Title: s.Words[words.Default].Get("not_found.title"), Description: s.Words[words.Default].Get("not_found.description")},
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
	var langs []string
	for _, l := range b.cfg.Languages {
		langs = append(langs, l.Code)
	}
	return p == notFoundFile || slices.Contains(sitefiles.Names(langs), p)
}

type pageJob struct {
	page  *site.Page
	draft bool
	diags diag.List
	body  bodyInfo
	entry *pageEntry // what page was made from, with the preview's Cache
}

// readPages reads, decodes and renders every page's Markdown in parallel.
// Results are indexed by the page's position in the sorted file list, so
// the outcome does not depend on scheduling.
func (b *builder) readPages(ctx context.Context, vocab *content.Vocabulary) ([]*site.Page, map[string]bool, diag.List) {
	paths := b.files.Pages
	jobs := make([]pageJob, len(paths))
	md := b.md
	b.vocab = vocab
	if b.disk != nil {
		b.disk.loadPages()
		b.read.Add(int64(b.disk.reads))
	}
	var env string
	if b.opts.Cache != nil || b.disk != nil {
		// A translation's links depend on which pages are translated.
		var extra []string
		for p := range b.translated {
			extra = append(extra, p)
		}
		slices.Sort(extra)
		for _, w := range b.words {
			extra = append(extra, w.Lang+"="+w.Get("translation.in_english"))
		}
		slices.Sort(extra)
		env = cache.Env(b.basePath, vocab, extra...)
		b.env = env
	}
	b.readAhead(ctx, paths)
	parallel.For(ctx, len(paths), func(i int) {
		defer func() {
			if r := recover(); r != nil {
				jobs[i].diags.Errorf("content/"+paths[i], 0, "please report this to the site's developers", "internal error while reading this page: %v", r)
			}
		}()
		jobs[i] = b.readPage(md, paths[i], vocab, env)
	})
	b.opts.Cache.Keep(paths, nil)
	if b.opts.Cache != nil {
		b.entries = make(map[string]*pageEntry, len(jobs))
		for _, j := range jobs {
			if j.page != nil {
				b.entries[j.page.Path] = j.entry
			}
		}
	}
	if b.disk != nil || b.spill != nil {
		b.bodies = make(map[string]bodyInfo, len(jobs))
		b.stubs = map[*byte]string{}
		for _, j := range jobs {
			if j.page == nil {
				continue
			}
			b.bodies[j.page.Path] = j.body
			if j.body.noBody || j.body.spilled {
				j.page.Body = make([]byte, 0, 1)
				b.stubs[&j.page.Body[:1][0]] = j.page.Path
			}
		}
	}
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

// readAhead asks the system to start reading the page files that this
// build will read (see package readahead): all of them, but those the
// build cache already trusts by their stamps, which are not read at all.
// The preview server's builds, with their cache in memory, mostly read
// nothing, and are left alone.
func (b *builder) readAhead(ctx context.Context, paths []string) {
	if b.opts.Cache != nil {
		return
	}
	names := make([]string, 0, len(paths))
	for _, p := range paths {
		if b.disk != nil {
			if _, trusted := b.disk.known(p); trusted {
				continue
			}
		}
		names = append(names, filepath.Join(b.opts.Source, "content", filepath.FromSlash(p)))
	}
	readahead.Files(ctx, names)
}

func (b *builder) readPage(md *markdown.Renderer, p string, vocab *content.Vocabulary, env string) pageJob {
	file := "content/" + p
	var job pageJob
	if problem, better := content.CheckPath(p); problem != "" {
		job.diags.Report(diag.FileName, file, 0, "rename it to content/"+better, "%s", problem)
		return job
	}
	english, lang := content.SplitLang(p)
	if lang != "" && !b.cfg.HasLanguage(lang) {
		job.diags.Report(diag.FileName, file, 0, fmt.Sprintf("add the language to site.toml as a [[languages]] entry with code = %q, or rename the file", lang),
			"the file name says the page is in the language %q, which site.toml does not list", lang)
		return job
	}
	kind := site.Regular
	switch {
	case english == content.IndexFile:
		kind = site.Home
	case path.Base(english) == content.IndexFile:
		kind = site.Section
	}
	if lang == "" {
		lang = config.DefaultLanguage
	}
	// When the file cannot be read, or split into front matter and text,
	// its error is reported and a stand-in page keeps every link to it
	// from being reported as broken too: one mistake, one message. The
	// error stops the build, so the stand-in is never published.
	// It is made only when needed: a page for each of 10,000 files was
	// a good part of a preview rebuild's garbage.
	standIn := func() *site.Page {
		return &site.Page{Path: p, File: file, URL: content.URLOf(p), Kind: kind, Lang: lang, FrontMatter: content.FrontMatter{Title: p}, Unreadable: true}
	}
	entry, err := b.readEntry(md, file, p, vocab, env)
	if err != nil {
		job.diags.Report(diag.PageUnreadable, file, 0, "check that the file can be read", "cannot read the page")
		job.page = standIn()
		return job
	}
	job.diags = append(job.diags, entry.diags...)
	if entry.res == nil {
		job.page = standIn()
		return job
	}
	job.draft = entry.fm.Draft && !b.opts.Drafts
	job.body = bodyInfo{hash: entry.bodyHash, noBody: entry.noBody}
	body := entry.res.HTML
	if b.spill != nil && !entry.noBody {
		ref, err := b.spill.put(body)
		if err != nil {
			job.diags.Report(diag.PageUnreadable, file, 0, "check that the disk is not full", "cannot keep the page's text while the site is built: %v", err)
			job.page = standIn()
			return job
		}
		job.body.spilled, job.body.spill, body = true, ref, nil
	}
	job.page = &site.Page{
		FrontMatter: entry.fm, Path: p, File: file, URL: content.URLOf(p), Kind: kind, Lang: lang, Source: entry.src,
		Body: body, Headings: entry.res.Headings, Links: entry.res.Links, Text: entry.res.Text, Words: entry.words,
	}
	if b.opts.Cache != nil {
		// Only Result.Patch reads it: a build into a folder must not
		// keep each page's HTML through its entry.
		job.entry = entry
	}
	return job
}

// readEntry returns what the page file p says, from the Cache when the
// file did not change.
func (b *builder) readEntry(md *markdown.Renderer, file, p string, vocab *content.Vocabulary, env string) (*pageEntry, error) {
	if b.disk != nil {
		return b.readEntryDisk(md, file, p, vocab, env)
	}
	c := b.opts.Cache
	var stamp cache.Stamp
	stamped := false
	readAt := time.Now()
	if c != nil {
		// os.Lstat is one system call; fs.Stat on a sub-FS opens the file.
		if info, err := os.Lstat(filepath.Join(b.opts.Source, "content", filepath.FromSlash(p))); err == nil && info.Mode().IsRegular() {
			stamp, stamped = cache.StampOf(info)
		}
		if stamped {
			if entry, ok := c.Trusted(p, env, stamp); ok {
				b.reused.Add(1)
				return entry.(*pageEntry), nil
			}
		}
	}
	data, err := fs.ReadFile(b.contentFS, p)
	if err != nil {
		return nil, err
	}
	b.read.Add(1)
	var entry *pageEntry
	if e, hit := c.Lookup(p, data, env); hit {
		b.reused.Add(1)
		entry = e.(*pageEntry)
	} else {
		entry = b.parsePage(md, file, p, data, vocab)
	}
	c.Store(p, data, env, entry, stamp, stamped, readAt)
	return entry, nil
}

// pageEntry is what a page file says, worked out from its bytes alone
// (and the vocabulary and base path; see cache.Env), which is what the
// Cache keeps.
type pageEntry struct {
	fm    content.FrontMatter
	src   content.Source // the page's text, which check reads for lines
	words string         // see search.Words
	res   *markdown.Result
	diags diag.List
	// With a build cache: the hash of res.HTML, and whether res has no
	// HTML (nor Text) because the entry came from the cache.
	bodyHash [32]byte
	noBody   bool
}

// parsePage reads a page file's bytes into a pageEntry.
func (b *builder) parsePage(md *markdown.Renderer, file, p string, data []byte, vocab *content.Vocabulary) *pageEntry {
	basePath := b.basePath
	e := &pageEntry{}
	src, d := content.Split(file, data)
	if d != nil {
		e.diags = diag.List{*d}.WithRule(diag.PageUnreadable, diag.Rule{})
		return e
	}
	english, lang := content.SplitLang(p)
	fm, fd := content.ParseFrontMatter(file, src, english == content.IndexFile, vocab)
	e.diags = append(e.diags, fd.WithRule(diag.FrontMatter, diag.Rule{})...)
	opts := markdown.Options{File: file, Page: p, FirstLn: src.BodyLine, BasePath: basePath}
	if lang != "" {
		opts.Lang, opts.Translated = lang, func(p string) bool { return b.translated[p] }
		if w := b.words[lang]; w != nil {
			opts.InEnglish = w.Get("translation.in_english")
		}
	}
	res := md.Render(src.Body, opts)
	e.diags = append(e.diags, res.Diags.WithRule(diag.MarkdownError, diag.RawHTML)...)
	// The page is kept even when it has errors, so that links to it are
	// not reported as broken too; the errors still stop the build.
	e.fm, e.res, e.src = fm, res, src
	e.words = search.Words(res.Text, fm.Offers)
	if b.lean {
		e.src, res.Text = content.Source{}, ""
		res.Links = slices.DeleteFunc(res.Links, func(l markdown.Link) bool { return l.Kind == markdown.ExternalLink })
		for i := range res.Links {
			res.Links[i].Text = ""
		}
	}
	if b.disk != nil {
		e.bodyHash = sha256.Sum256(res.HTML)
	}
	return e
}

// readEntryDisk is readEntry with a build cache.
func (b *builder) readEntryDisk(md *markdown.Renderer, file, p string, vocab *content.Vocabulary, env string) (*pageEntry, error) {
	d := b.disk
	if in, ok := d.known(p); ok {
		if e := d.entry(p, in.Hash, env); e != nil {
			b.reused.Add(1)
			return e, nil
		}
	}
	// The stamp is taken before the file is read, so that an edit while
	// it is read leaves a stamp the next build does not trust.
	in := inputRec{Path: p, ReadAt: time.Now().UnixNano()}
	name := filepath.Join(b.opts.Source, "content", filepath.FromSlash(p))
	data, st, ok := cache.ReadStamped(name)
	if ok {
		in.Stamp, in.Stamps = st.Record(), true
	} else {
		if info, err := os.Lstat(name); err == nil && info.Mode().IsRegular() {
			if st, ok := cache.StampOf(info); ok {
				in.Stamp, in.Stamps = st.Record(), true
			}
		}
		var err error
		if data, err = fs.ReadFile(b.contentFS, p); err != nil {
			return nil, err
		}
	}
	b.read.Add(1)
	in.Hash = sha256.Sum256(data)
	if e := d.entry(p, in.Hash, env); e != nil {
		b.reused.Add(1)
		d.store(p, in, env, nil)
		return e, nil
	}
	e := b.parsePage(md, file, p, data, vocab)
	d.store(p, in, env, e)
	return e, nil
}

// stubOf returns the content page whose Body page p's stand-in Body
// stands for, or "" when p.Body holds the Body.
func (b *builder) stubOf(p *site.Page) string {
	if cap(p.Body) > 0 {
		return b.stubs[&p.Body[:1][0]]
	}
	return ""
}

// bodyOf returns the hash of page p's Body, and the content page it must
// be read from when it was left on disk ("" when p.Body holds it).
func (b *builder) bodyOf(p *site.Page) ([32]byte, string) {
	if from := b.stubOf(p); from != "" {
		return b.bodies[from].hash, from
	}
	if bi, ok := b.bodies[p.Path]; ok && p.Kind != site.Generated {
		return bi.hash, ""
	}
	return sha256.Sum256(p.Body), ""
}

// reread returns the Body of content page p, which was left in the spill
// (read back into buf's memory when it is big enough), or whose entry came
// from the build cache without it, by reading the file again. Its bytes
// must still be those the entry was made from: a page edited during the
// build would otherwise be published with one version's body and another's
// title.
func (b *builder) reread(p string, buf []byte) ([]byte, error) {
	if bi := b.bodies[p]; bi.spilled {
		return b.spill.get(bi.spill, buf)
	}
	file := "content/" + p
	in, ok := b.disk.known(p)
	data, err := fs.ReadFile(b.contentFS, p)
	if err != nil {
		return nil, err
	}
	if !ok || sha256.Sum256(data) != in.Hash {
		return nil, fmt.Errorf("%s changed during the build; build again", file)
	}
	e := b.parsePage(b.md, file, p, data, b.vocab)
	if e.res == nil || e.bodyHash != b.bodies[p].hash {
		return nil, &InternalError{Value: "the build cache's entry for " + file + " does not match the file"}
	}
	return e.res.HTML, nil
}
