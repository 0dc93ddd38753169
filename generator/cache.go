package generator

import (
	"crypto/sha256"
	"sync"

	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/markdown"
)

// Cache keeps what was learnt from each page's file between builds: its
// front matter, its rendered body and its diagnostics. A page is read
// again only when its bytes, or something it depends on (the finder's
// vocabulary, the base path), changed. Everything else (sections,
// navigation, links, templates) is recomputed on every build, which keeps
// rebuilds correct after renames, deletions and navigation changes.
//
// A Cache is safe for concurrent use. Entries are never changed after they
// are stored, so pages built from them may share their bytes.
type Cache struct {
	mu      sync.Mutex
	entries map[string]cacheItem
}

type cacheItem struct {
	sum   [32]byte
	env   string
	entry *cacheEntry
}

type cacheEntry struct {
	fm    content.FrontMatter
	res   *markdown.Result
	diags diag.List
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{entries: map[string]cacheItem{}} }

func (c *Cache) lookup(p string, data []byte, env string) (*cacheEntry, bool) {
	if c == nil {
		return nil, false
	}
	sum := sha256.Sum256(data)
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.entries[p]
	if !ok || it.sum != sum || it.env != env {
		return nil, false
	}
	return it.entry, true
}

func (c *Cache) store(p string, data []byte, env string, e *cacheEntry) {
	if c == nil {
		return
	}
	sum := sha256.Sum256(data)
	c.mu.Lock()
	c.entries[p] = cacheItem{sum: sum, env: env, entry: e}
	c.mu.Unlock()
}

// Prune forgets pages that are not in keep, so that deleted pages do not
// hold memory.
func (c *Cache) Prune(keep []string) {
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
