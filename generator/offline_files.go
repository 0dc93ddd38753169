package generator

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"path"
	"strings"

	"localoffer/generator/offline"
	"localoffer/generator/publish"
	"localoffer/generator/search"
)

// offlineFiles returns the service worker, web app manifest and icons
// (package offline). The worker's cache is named after every file the
// build wrote: each page's address and the checksum of its HTML as
// written (pageSums, in page order), and the SHA-256 of the other files'
// bytes, so any change to a published file gives readers a new cache in
// place of the old one, and nothing else does. Each file's own hash
// (file.sum) can be taken as soon as it is made, beside other work: at
// 10,000 pages hashing the 18 MB search index here, after everything
// else, was a tenth of a preview rebuild.
func (b *builder) offlineFiles(others []file, pageSums []uint32) ([]file, error) {
	h := sha256.New()
	var n [8]byte
	put := func(s []byte) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write(s)
	}
	var urls []string
	for i, p := range b.site.Pages {
		urls = append(urls, p.URL)
		put([]byte(p.URL))
		binary.LittleEndian.PutUint32(n[:4], pageSums[i])
		h.Write(n[:4])
	}
	for _, f := range others {
		put([]byte(f.name))
		sum := f.sum
		if sum == nil {
			s := sha256.Sum256(f.data)
			sum = &s
		}
		h.Write(sum[:])
	}
	var assets []string
	for _, a := range b.assets {
		// The editor under /admin/ is never kept on a reader's phone.
		if ext := path.Ext(a.Source); (ext == ".css" || ext == ".js") && !strings.HasPrefix(a.Source, publish.Verbatim) {
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
		out = append(out, file{name: f.Name, data: data})
	}
	return out, nil
}
