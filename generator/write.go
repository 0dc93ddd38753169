package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"html/template"
	"io"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"localoffer/generator/cache"
	"localoffer/generator/diag"
	"localoffer/generator/internal/parallel"
	"localoffer/generator/publish"
	"localoffer/generator/render"
	"localoffer/generator/site"
	"localoffer/generator/sitefiles"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

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
		dest := destDir(b.opts)
		var d *publish.Dir
		var err error
		if b.disk != nil {
			d, err = b.disk.takeDir(dest)
		} else {
			d, err = publish.NewDir(dest)
		}
		if err != nil {
			return nil, fmt.Errorf("prepare %s: %w", dest, err)
		}
		d.RemoveOldLater = b.opts.RemoveOldInBackground
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
		if b.disk != nil {
			b.disk.save(res)
		}
	}
	return res, err
}

func (b *builder) writeAll(ctx context.Context, out publish.Output) (*Result, error) {
	s := b.site
	res := &Result{Site: s, Warnings: b.warnings.Sort(), Assets: b.assets}
	if b.opts.Cache != nil && b.opts.Output != nil {
		res.preview = b
	}
	pageDiags := make([]diag.List, len(s.Pages))
	writeErrs := make([]error, len(s.Pages))
	// sums are a checksum of each page as written, for the name of the
	// service worker's cache (see offlineFiles). CRC-32C runs in hardware,
	// so checking every page costs next to nothing.
	sums := make([]uint32, len(s.Pages))
	c := b.opts.Cache
	d := b.disk
	dir, _ := out.(*publish.Dir)
	if dir == nil {
		d = nil
	}
	// The sitemap, feed and search index need only the site, not the
	// rendered pages: they are made while the site is fingerprinted and
	// the pages render. At 10,000 pages the search index alone (18 MB)
	// took as long as rendering the pages of a preview rebuild. (Nothing
	// below changes a field they read: rendering may set a page's Body.)
	// Files besides pages are recorded for the build cache as written.
	recorded := out
	if d != nil {
		recorded = recorder{dir, d}
	}
	made := b.startSiteFiles(recorded)
	// Whatever happens, they are done with out before the build is.
	waitSiteFiles := sync.OnceValue(func() madeFiles { return <-made })
	defer waitSiteFiles()
	var siteSum [32]byte
	if c != nil || d != nil {
		siteSum = cache.SiteSum(cache.State{Site: s, Templates: b.tmpl.Sum(), Assets: b.assetMap, BasePath: b.basePath, Dev: b.opts.Dev})
		b.siteSum = siteSum
	}
	var rendered atomic.Int64
	// A folder's Write is done with a page's bytes when it returns, so
	// each page can reuse the buffers of one rendered before; the preview
	// server's Memory and the Cache keep them.
	reuse := c == nil
	switch out.(type) {
	case *publish.Dir, discard:
	default:
		reuse = false
	}
	if dir != nil && d == nil && c == nil {
		// Without a build cache every page is compared with its old copy.
		names := make([]string, len(s.Pages))
		for i, p := range s.Pages {
			names[i] = OutputName(p.URL)
		}
		dir.ReadAhead(ctx, names)
	}
	parallel.For(ctx, len(s.Pages), func(i int) {
		defer func() {
			if r := recover(); r != nil {
				pageDiags[i].Errorf(s.Pages[i].File, 0, "please report this to the site's developers", "internal error while rendering this page: %v", r)
			}
		}()
		p := s.Pages[i]
		name := OutputName(p.URL)
		// A page whose Body was left in the cache or the spill has a
		// stand-in until here: from names the page to read it from.
		var bodyHash [32]byte
		var from string
		if d != nil {
			bodyHash, from = b.bodyOf(p)
			if r := d.reuse(dir, siteSum, p.URL, name, bodyHash); r != nil {
				sums[i] = r.CRC
				return
			}
		} else if b.spill != nil {
			from = b.stubOf(p)
		}
		bufs := pageBufPool.Get().(*pageBufs)
		defer pageBufPool.Put(bufs)
		if b.lean {
			// In a lean build (see isLean) nothing reads a page's Body
			// once the page is written: let each go as the build goes,
			// which keeps big sites' memory down (their Text went when
			// they were parsed). This runs before bufs go back to the
			// pool, as the Body may be in them.
			defer func() { p.Body = nil }()
		}
		if from != "" {
			// A lean build lets the Body go once the page is written
			// (above), so it is read into the worker's buffer.
			var into []byte
			if b.lean {
				into = bufs.body
			}
			html, err := b.reread(from, into)
			if err != nil {
				writeErrs[i] = err
				return
			}
			if b.lean {
				bufs.body = html
			}
			p.Body = html
		}
		if c != nil {
			if html, crc, ok := c.Rendered(siteSum, p.URL, p.Body); ok {
				sums[i] = crc
				writeErrs[i] = out.Write(OutputName(p.URL), html)
				return
			}
		}
		rendered.Add(1)
		min, pd := b.renderPage(p, bufs, !reuse)
		if pd != nil {
			pageDiags[i] = pd
			return
		}
		sums[i] = crc32.Checksum(min, castagnoli)
		c.StoreRendered(siteSum, p.URL, p.Body, min, sums[i])
		if d != nil {
			h := sha256.Sum256(min)
			d.wrote(name, outputRec{Hash: h, Size: -1}, &renderRec{URL: p.URL, Site: siteSum, Body: bodyHash, HTML: h, CRC: sums[i]})
		}
		writeErrs[i] = out.Write(name, min)
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
	diags = mergeTemplateErrors(diags)
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

	extra, err := b.extraFiles(sums, waitSiteFiles())
	if err != nil {
		return nil, err
	}
	for _, f := range extra {
		if f.written {
			continue
		}
		if err := writeFile(recorded, f); err != nil {
			return nil, err
		}
	}
	res.Files = len(extra)
	res.Reused = int(b.reused.Load())
	res.Read = int(b.read.Load())
	res.Rendered = int(rendered.Load())
	return res, nil
}

// renderPage executes page p's template into bufs and returns the page
// minified: in memory of its own with keep, else in bufs, where it lasts
// until they render another page.
func (b *builder) renderPage(p *site.Page, bufs *pageBufs, keep bool) ([]byte, diag.List) {
	bufs.html.Reset()
	// The Body is given to the template as a string over the page's own
	// bytes rather than a copy of them (7 MB per 1,000 pages): nothing
	// changes those bytes while the template runs, and nothing the
	// template makes keeps the string (.Cached takes no such variant).
	body := template.HTML(unsafe.String(unsafe.SliceData(p.Body), len(p.Body))) //nolint:gosec // goldmark's HTML, see package markdown
	if d := b.tmpl.ExecuteTo(&bufs.html, kindOf(p), &render.Data{Site: b.site, Page: p, Body: body, Dev: b.opts.Dev, Words: b.site.WordsFor(p)}); d != nil {
		return nil, diag.List{*d}.WithRule(diag.TemplateError, diag.Rule{})
	}
	dst := bufs.min[:0]
	if keep {
		dst = make([]byte, 0, bufs.html.Len())
	}
	min, err := b.minifier.Append(dst, "page.html", bufs.html.Bytes())
	if err != nil {
		var d diag.List
		d.Errorf(p.File, 0, "check the template's HTML", "the page's HTML could not be minified: %v", err)
		return nil, d
	}
	if !keep {
		bufs.min = min
	}
	return min, nil
}

// pageBufs are one page's rendering buffers: the template's output and
// the minified page.
type pageBufs struct {
	html bytes.Buffer
	min  []byte
	body []byte // a lean build's Body, read back from the spill
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
	sum  *[32]byte // SHA-256 of data when already known (see offlineFiles)
	// asset is a static file left on disk (data is nil) until written.
	asset *publish.Asset
	// written says the file was written when it was made, and data let
	// go (see startSiteFiles).
	written bool
}

// madeFiles are the files written beside the pages (see startSiteFiles),
// or why they could not be.
type madeFiles struct {
	// files are the static and content files, then the files of package
	// sitefiles: written already, with their sums but not their data.
	files []file
	err   error
}

// writeFile writes f, a file besides the pages, to out: a static file
// left on disk is copied, through a small buffer, when out is a folder.
func writeFile(out publish.Output, f file) error {
	if open, ok := f.asset.OnDisk(); ok {
		if folder, isFolder := out.(folderOutput); isFolder {
			err := folder.CopyFrom(f.name, open, f.asset.Size, f.asset.Sum)
			if errors.Is(err, publish.ErrChanged) {
				err = fmt.Errorf("static/%s changed during the build; build again", f.asset.Source)
			}
			return err
		}
	}
	data := f.data
	if data == nil && f.asset != nil {
		var err error
		if data, err = f.asset.Bytes(); err != nil {
			return err
		}
	}
	return out.Write(f.name, data)
}

// inputFiles returns the static files and the files beside the pages in
// content/, as they are published.
func (b *builder) inputFiles() ([]file, error) {
	var out []file
	for i := range b.assets {
		a := &b.assets[i]
		out = append(out, file{name: a.Name, data: a.Data, sum: &a.Sum, asset: a})
	}
	for _, p := range b.files.Assets {
		data, err := fs.ReadFile(b.contentFS, p)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		out = append(out, file{name: p, data: data, sum: &sum})
	}
	return out, nil
}

func (b *builder) siteFilesInput() sitefiles.Input {
	return sitefiles.Input{Site: b.site, BasePath: b.basePath, Synonyms: b.synonyms}
}

// startSiteFiles starts writing to out, beside the pages, the files that
// do not depend on them: the static files and the files in content/
// (3 MB, mostly the browser editor, that a first build at 1,000 pages
// otherwise copied at its end, one after another), and the files of
// package sitefiles, which only read the site, minifying the XML ones but
// the feed. It returns where the files written and their checksums will
// be sent. Written as soon as made, sitefiles' files are not held while
// the pages render: the search index alone is 18 MB at 10,000 pages.
func (b *builder) startSiteFiles(out publish.Output) <-chan madeFiles {
	done := make(chan madeFiles, 1)
	go func() {
		var m madeFiles
		defer func() {
			// The build's own recover does not reach this goroutine.
			if r := recover(); r != nil {
				m = madeFiles{err: internalError(r)}
			}
			done <- m
		}()
		inputs, err := b.inputFiles()
		for i := 0; err == nil && i < len(inputs); i++ {
			err = writeFile(out, inputs[i])
			// Their sums are kept for the service worker (offlineFiles).
			inputs[i].written, inputs[i].data = true, nil
		}
		if err != nil {
			m.err = err
			return
		}
		m.files = inputs
		files, err := sitefiles.Make(b.siteFilesInput())
		for i := range files {
			f := &files[i]
			var sum [32]byte
			if folder, ok := out.(folderOutput); ok && err == nil && f.Write != nil {
				sum, err = folder.WriteStream(f.Name, f.Write)
			} else {
				if err == nil {
					f.Data, err = f.Bytes()
				}
				if err == nil && strings.HasSuffix(f.Name, ".xml") && f.Name != "feed.xml" {
					f.Data, err = b.minifier.Minify(f.Name, f.Data)
				}
				if err == nil {
					err = out.Write(f.Name, f.Data)
				}
				sum = sha256.Sum256(f.Data)
			}
			if err != nil {
				m.err = err
				return
			}
			m.files = append(m.files, file{name: f.Name, sum: &sum, written: true})
			f.Data = nil
		}
		m.err = err
	}()
	return done
}

// folderOutput is an Output that can also write a file without holding
// its bytes: a publish.Dir, or a recorder over one.
type folderOutput interface {
	publish.Output
	CopyFrom(name string, open func() (fs.File, error), size int64, sum [32]byte) error
	WriteStream(name string, write func(io.Writer) error) ([32]byte, error)
}

// extraFiles returns every file besides pages: static files, content
// files, and the files of package sitefiles.
func (b *builder) extraFiles(pageSums []uint32, m madeFiles) ([]file, error) {
	in := b.siteFilesInput()
	if m.err != nil {
		return nil, m.err
	}
	out := m.files
	// The service worker names its cache after everything else the build
	// writes, so it comes last.
	off, err := b.offlineFiles(out, pageSums)
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
	return append(out, file{name: h.Name, data: h.Data}), nil
}

// mergeTemplateErrors gives a template's error once, naming the first page
// it stopped and how many others, when it stopped many pages the same way:
// a mistake in a template, or a service the templates need gone from
// site.toml, stops every page, and 80 copies of one message hide any
// other. A message is the same when only the page named by render's
// "(while rendering …)" differs.
func mergeTemplateErrors(list diag.List) diag.List {
	const marker = render.WhileRendering
	type key struct {
		file, msg, fix string
		line           int
	}
	first := map[key]int{} // where the message is in out
	others := map[key]int{}
	var out diag.List
	for _, d := range list {
		i := strings.LastIndex(d.Msg, marker)
		if i < 0 || !strings.HasSuffix(d.Msg, ")") {
			out = append(out, d)
			continue
		}
		k := key{d.File, d.Msg[:i], d.Fix, d.Line}
		if _, seen := first[k]; seen {
			others[k]++
			continue
		}
		first[k] = len(out)
		out = append(out, d)
	}
	for k, n := range others {
		d := &out[first[k]]
		pages := "pages"
		if n == 1 {
			pages = "page"
		}
		d.Msg = strings.TrimSuffix(d.Msg, ")") + fmt.Sprintf(" and %d other %s)", n, pages)
	}
	return out
}
