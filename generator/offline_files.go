package generator

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"path"

	"localoffer/generator/cache"
	"localoffer/generator/offline"
	"localoffer/generator/search"
)

// offlineFiles returns the service worker, web app manifest and icons
// (package offline). The worker's cache is named after a hash of
// everything the pages render from (siteFingerprint covers the templates,
// the site and the pages' metadata; the bodies are added here) and of the
// other files, so any change that alters a published file gives readers
// a new cache in place of the old one.
func (b *builder) offlineFiles(others []file) ([]file, error) {
	h := sha256.New()
	fp := cache.SiteSum(cache.State{Site: b.site, Templates: b.tmpl.Sum(), Assets: b.assetMap, BasePath: b.basePath, Dev: b.opts.Dev})
	h.Write(fp[:])
	var n [8]byte
	put := func(s []byte) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write(s)
	}
	var urls []string
	for _, p := range b.site.Pages {
		urls = append(urls, p.URL)
		put([]byte(p.URL))
		put([]byte(p.Body))
	}
	for _, f := range others {
		put([]byte(f.name))
		put(f.data)
	}
	var assets []string
	for _, a := range b.assets {
		if ext := path.Ext(a.Source); ext == ".css" || ext == ".js" {
			assets = append(assets, a.Name)
		}
	}
	files, err := offline.Files(offline.Input{
		BasePath: b.basePath, Version: hex.EncodeToString(h.Sum(nil)[:8]),
		Pages: urls, Assets: assets, Extra: []string{search.File},
		Name: b.cfg.Title, ShortName: b.cfg.ShortTitle, Language: b.cfg.Language, ThemeColor: "#123e5c",
	})
	if err != nil {
		return nil, err
	}
	var out []file
	for _, f := range files {
		data := f.Data
		if path.Ext(f.Name) == ".js" {
			if data, err = b.minifier.Minify(f.Name, f.Data); err != nil {
				return nil, err
			}
		}
		out = append(out, file{f.Name, data})
	}
	return out, nil
}
