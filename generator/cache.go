package generator

import (
	"bytes"
	"crypto/sha256"
	"sync"
	"time"

	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/markdown"
	"localoffer/generator/render"
	"localoffer/generator/site"
)

// Cache keeps what was learnt from each page's file between builds, so
// that the preview server's rebuilds do only the work an edit needs:
//
//   - each page file's front matter, rendered Markdown, search words and
//     diagnostics, parsed again only when the file's bytes, or something
//     they depend on (the finder's vocabulary, the base path), changed; a
//     file whose stamp (see fileStamp) has not changed is not even read;
//   - each page's finished HTML, executed again only when its body or the
//     fingerprint of everything else its template can read changed (see
//     siteFingerprint).
//
// The site itself (sections, navigation, links, finder pages, search
// index) is recomputed on every build, which keeps rebuilds correct after
// renames, deletions and navigation changes.
//
// A Cache is safe for concurrent use. Entries are never changed after they
// are stored, so pages built from them may share their bytes.
type Cache struct {
	mu      sync.Mutex
	entries map[string]cacheItem
	// pages holds each page's finished, minified HTML by address, with
	// what it was rendered from.
	pages map[string]renderedPage
	// tmpl keeps the parsed templates while their files do not change.
	tmpl render.Cache
}

func (c *Cache) templates() *render.Cache {
	if c == nil {
		return nil
	}
	return &c.tmpl
}

type renderedPage struct {
	site [32]byte // siteFingerprint of the build that rendered it
	body []byte   // the page's Body it was rendered with
	html []byte
}

// cacheItem keeps the file's bytes themselves rather than a hash of them:
// comparing 5 KB with bytes.Equal is faster than hashing it, and exact.
type cacheItem struct {
	data    []byte
	env     string
	entry   *cacheEntry
	stamp   fileStamp // the file's stamp just before it was read
	stamped bool      // whether stamp was known
	readAt  time.Time
}

type cacheEntry struct {
	fm    content.FrontMatter
	src   content.Source // the page's text, which check reads for lines
	words string         // see search.Words
	res   *markdown.Result
	diags diag.List
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{entries: map[string]cacheItem{}, pages: map[string]renderedPage{}}
}

// rendered returns the HTML last rendered for the page p, if it was
// rendered with the same body in a site with the same fingerprint.
func (c *Cache) rendered(siteSum [32]byte, p *site.Page) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	r, ok := c.pages[p.URL]
	c.mu.Unlock()
	// A reused page's Body is the very slice stored, so Equal returns at
	// once; an edited one differs in length or early bytes.
	if !ok || r.site != siteSum || !bytes.Equal(r.body, p.Body) {
		return nil, false
	}
	return r.html, true
}

func (c *Cache) storeRendered(siteSum [32]byte, p *site.Page, html []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.pages[p.URL] = renderedPage{site: siteSum, body: p.Body, html: html}
	c.mu.Unlock()
}

// pruneRendered forgets rendered pages whose address is not in the site.
func (c *Cache) pruneRendered(pages []*site.Page) {
	if c == nil {
		return
	}
	set := make(map[string]bool, len(pages))
	for _, p := range pages {
		set[p.URL] = true
	}
	c.mu.Lock()
	for u := range c.pages {
		if !set[u] {
			delete(c.pages, u)
		}
	}
	c.mu.Unlock()
}

func (c *Cache) lookup(p string, data []byte, env string) (*cacheEntry, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	it, ok := c.entries[p]
	c.mu.Unlock()
	if !ok || it.env != env || !bytes.Equal(it.data, data) {
		return nil, false
	}
	return it.entry, true
}

// trusted returns the entry for a page whose file has the same stamp as
// when it was read, long enough ago to be sure; see fileStamp.
func (c *Cache) trusted(p string, env string, now fileStamp) (*cacheEntry, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	it, ok := c.entries[p]
	c.mu.Unlock()
	if !ok || !it.stamped || it.env != env || !it.stamp.trusted(now, it.readAt) {
		return nil, false
	}
	return it.entry, true
}

func (c *Cache) store(p string, data []byte, env string, e *cacheEntry, stamp fileStamp, stamped bool, readAt time.Time) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.entries[p] = cacheItem{data: data, env: env, entry: e, stamp: stamp, stamped: stamped, readAt: readAt}
	c.mu.Unlock()
}

// prune forgets page files that are not in keep, so that deleted pages do
// not hold memory.
func (c *Cache) prune(keep []string) {
	if c == nil {
		return
	}
	set := make(map[string]bool, len(keep))
	for _, k := range keep {
		set[k] = true
	}
	c.mu.Lock()
	for k := range c.entries {
		if !set[k] {
			delete(c.entries, k)
		}
	}
	c.mu.Unlock()
}

// cacheEnv describes what, besides a page's own bytes, decides how it is
// read: the vocabulary its offers are checked against, and the base path
// its links are written with.
func (b *builder) cacheEnv(vocab *content.Vocabulary) string {
	if b.opts.Cache == nil {
		return ""
	}
	h := sha256.New()
	h.Write([]byte(b.basePath))
	h.Write([]byte{0})
	if vocab != nil {
		for _, list := range [][]content.Term{vocab.Statuses, vocab.Situations, vocab.Areas} {
			for _, t := range list {
				h.Write([]byte(t.Key + "\x00"))
			}
			h.Write([]byte{1})
		}
	}
	return string(h.Sum(nil))
}
