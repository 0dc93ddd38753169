package generator

import (
	"hash/crc32"
	"slices"
	"unsafe"

	"localoffer/generator/cache"
	"localoffer/generator/markdown"
	"localoffer/generator/site"
)

// Patch is the preview server's answer to a save that changed only the
// text of some pages: it renders those pages again, from their files, in
// the site of the build behind r, and returns them by output name, so that
// the edit shows at once. ok is false, and nothing has changed, when that
// would not give the pages a full build would give them: when a file is
// not a page of the site (a new page), cannot be read or has an error,
// or changed what other pages show or lead to (anything in its front
// matter, such as its title or where it is in the site, and its
// headings), or when another page shows its text too (the offline page
// shows Get help now's).
//
// Every other page then renders as before, which is what the render cache
// already relies on; but the site's other files (the search index, the
// feed) do depend on pages' text, so a full build must follow a Patch.
//
// Patch changes the edited pages in r.Site in place, so that templates
// comparing pages still find them. It only works on the Result of a build
// with a Cache and an Output, and must not run at the same time as
// another Patch of r.
func (r *Result) Patch(paths []string) (files map[string][]byte, ok bool) {
	b := r.preview
	if b == nil || b.site == nil || len(paths) == 0 {
		return nil, false
	}
	s := b.site
	type edit struct {
		page     *site.Page
		was, now site.Page
		from, to *pageEntry // what was and now is
	}
	edits := make([]edit, 0, len(paths))
	changed := false
	defer func() {
		// A bug here must not stop the preview: the full build follows.
		if recover() != nil {
			files, ok = nil, false
		}
		if !ok && changed {
			for _, e := range edits {
				*e.page = e.was
				b.entries[e.page.Path] = e.from
			}
		}
	}()
	for _, p := range paths {
		old, was := s.PageByPath(p), b.entries[p]
		if old == nil || was == nil || was.res == nil || old.Kind == site.Generated || old.Unreadable || shownElsewhere(s, old) {
			return nil, false
		}
		e, err := b.readEntry(b.md, old.File, p, b.vocab, b.env)
		// Warnings (raw HTML left out, a translation not checked yet)
		// do not change how the page renders, and the preview does not
		// show them; errors stop a build.
		if err != nil || e.res == nil || e.diags.HasErrors() {
			return nil, false
		}
		// site.New works out some fields from the files' (a translation
		// takes its English page's reviewed date), so the file's front
		// matter is compared with the one the page was made from, not
		// with the page's. Headings are compared as well: links from
		// other pages lead to them, and a generator may show them (the A
		// to Z shows the glossary's), so they take a full build.
		if cache.PageSum(&site.Page{FrontMatter: e.fm}) != cache.PageSum(&site.Page{FrontMatter: was.fm}) ||
			!slices.EqualFunc(e.res.Headings, was.res.Headings, func(a, b markdown.Heading) bool {
				return a.Level == b.Level && a.Text == b.Text && a.ID == b.ID
			}) {
			return nil, false
		}
		now := *old
		now.Source, now.Words = e.src, e.words
		now.Body, now.Headings, now.Links, now.Text = e.res.HTML, e.res.Headings, e.res.Links, e.res.Text
		if len(s.CheckPageLinks(&now, b.knownFile)) > 0 {
			return nil, false
		}
		edits = append(edits, edit{page: old, was: *old, now: now, from: was, to: e})
	}
	changed = true
	for _, e := range edits {
		*e.page = e.now
		b.entries[e.page.Path] = e.to
	}
	files = make(map[string][]byte, len(edits))
	bufs := pageBufPool.Get().(*pageBufs)
	defer pageBufPool.Put(bufs)
	for _, e := range edits {
		p := e.page
		html, d := b.renderPage(p, bufs, true)
		if d != nil {
			return nil, false
		}
		// The full build that follows finds the page rendered already.
		b.opts.Cache.StoreRendered(b.siteSum, p.URL, p.Body, html, crc32.Checksum(html, castagnoli))
		files[OutputName(p.URL)] = html
	}
	return files, true
}

// shownElsewhere reports whether another page of s has page p's Body, as
// the offline page has Get help now's.
func shownElsewhere(s *site.Site, p *site.Page) bool {
	if len(p.Body) == 0 {
		return false
	}
	for _, q := range s.Pages {
		if q != p && len(q.Body) > 0 && unsafe.SliceData(q.Body) == unsafe.SliceData(p.Body) {
			return true
		}
	}
	return false
}
