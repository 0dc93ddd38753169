// Package cache keeps what a build learnt from each page between builds
// of the same site, so that the preview server's rebuilds do only the work
// an edit needs:
//
//   - what each page file says (its front matter, rendered Markdown, search
//     words and diagnostics: an Entry the build defines), worked out again
//     only when the file's bytes, or what reading them depends on (see Env),
//     changed; a file whose Stamp has not changed is not even read;
//   - each page's finished HTML, rendered again only when its body or the
//     fingerprint of everything else its template can read changed (see
//     SiteSum);
//   - the parsed templates, while their files do not change.
//
// The site itself (sections, navigation, links, finder pages, search
// index) is recomputed by every build, which keeps rebuilds correct after
// renames, deletions and navigation changes.
//
// A Cache is safe for concurrent use, and a nil *Cache is an empty cache
// that keeps nothing, so a build without one needs no special case.
// Entries are never changed after they are stored, so pages built from
// them may share their bytes.
package cache

import (
	"bytes"
	"crypto/sha256"
	"sync"
	"time"

	"localoffer/generator/content"
	"localoffer/generator/render"
)

// Entry is what a build keeps of one page file. The cache does not look
// inside it.
type Entry any

// Cache keeps pages between builds; see the package comment.
type Cache struct {
	mu      sync.Mutex
	entries map[string]item
	// pages holds each page's finished, minified HTML by address, with
	// what it was rendered from.
	pages map[string]renderedPage
	tmpl  render.Cache
}

type renderedPage struct {
	site [32]byte // SiteSum of the build that rendered it
	body []byte   // the page's Body it was rendered with
	html []byte
	crc  uint32 // the caller's checksum of html, kept so it is not worked out again
}

// item keeps the file's bytes themselves rather than a hash of them:
// comparing 5 KB with bytes.Equal is faster than hashing it, and exact.
type item struct {
	data    []byte
	env     string
	entry   Entry
	stamp   Stamp // the file's stamp just before it was read
	stamped bool  // whether stamp was known
	readAt  time.Time
}

// New returns an empty Cache.
func New() *Cache {
	return &Cache{entries: map[string]item{}, pages: map[string]renderedPage{}}
}

// Templates returns the cache of parsed templates, or nil.
func (c *Cache) Templates() *render.Cache {
	if c == nil {
		return nil
	}
	return &c.tmpl
}

// Rendered returns the HTML last rendered for the page at url, and the
// checksum stored with it, if it was rendered with the same body in a site
// with the same SiteSum.
func (c *Cache) Rendered(siteSum [32]byte, url string, body []byte) ([]byte, uint32, bool) {
	if c == nil {
		return nil, 0, false
	}
	c.mu.Lock()
	r, ok := c.pages[url]
	c.mu.Unlock()
	// A reused page's Body is the very slice stored, so Equal returns at
	// once; an edited one differs in length or early bytes.
	if !ok || r.site != siteSum || !bytes.Equal(r.body, body) {
		return nil, 0, false
	}
	return r.html, r.crc, true
}

// StoreRendered keeps the HTML of the page at url, and a checksum of it
// (any the caller likes: Rendered gives it back). At 10,000 pages,
// checksumming every page again took a tenth of a preview rebuild.
func (c *Cache) StoreRendered(siteSum [32]byte, url string, body, html []byte, crc uint32) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.pages[url] = renderedPage{site: siteSum, body: body, html: html, crc: crc}
	c.mu.Unlock()
}

// Lookup returns the entry for the page file p if it was made from the
// same bytes in the same env.
func (c *Cache) Lookup(p string, data []byte, env string) (Entry, bool) {
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

// Trusted returns the entry for a page file whose stamp is now the same
// as when it was read, long enough ago to be sure; see Stamp.
func (c *Cache) Trusted(p string, env string, now Stamp) (Entry, bool) {
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

// Store keeps the entry made from a page file's data. stamp is the file's
// stamp taken just before it was read at readAt; stamped says whether the
// system gave one.
func (c *Cache) Store(p string, data []byte, env string, e Entry, stamp Stamp, stamped bool, readAt time.Time) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.entries[p] = item{data: data, env: env, entry: e, stamp: stamp, stamped: stamped, readAt: readAt}
	c.mu.Unlock()
}

// Keep forgets page files not in files and rendered pages whose address
// is not in urls, so that deleted pages do not hold memory.
func (c *Cache) Keep(files, urls []string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if files != nil {
		keep := set(files)
		for k := range c.entries {
			if !keep[k] {
				delete(c.entries, k)
			}
		}
	}
	if urls != nil {
		keep := set(urls)
		for u := range c.pages {
			if !keep[u] {
				delete(c.pages, u)
			}
		}
	}
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, k := range list {
		m[k] = true
	}
	return m
}

// Env describes what, besides a page's own bytes, decides how it is read:
// the vocabulary its offers are checked against, and the base path its
// links are written with. An entry made in another Env is not reused.
func Env(basePath string, vocab *content.Vocabulary, extra ...string) string {
	h := sha256.New()
	h.Write([]byte(basePath))
	h.Write([]byte{0})
	for _, e := range extra {
		h.Write([]byte(e + "\x00"))
	}
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
