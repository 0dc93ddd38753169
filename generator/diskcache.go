package generator

// The build cache (Options.CacheDir) lets `build` skip work an earlier
// build of the same site already did, across runs of the command:
//
//   - when no input file changed, and the output folder still holds
//     exactly what that build wrote, nothing is built or written at all;
//   - a page file whose bytes did not change is not parsed again: what it
//     says (front matter, headings, links, search words, but not its HTML
//     body, which would make the cache as big as the site) is kept;
//   - a page whose body and whole-site fingerprint (cache.SiteSum) did not
//     change is not rendered again: its file in the old output folder is
//     hard-linked into the new one, after checking by its stamp that it is
//     still the file that build wrote.
//
// It must never give a stale page, so every fact it keeps is keyed on all
// that decides it. The generator itself (a hash of the running program,
// so an edited generator run with `go run` is a new generator), the build
// options and every input file that is not a page (site.toml, templates
// and words, static files, content/_offer.toml and the other data files)
// make one key, and a change to any of them throws the whole cache away:
// such edits are rare, and a full build is always right. Page files are
// keyed one by one on their bytes (a file is re-read unless its stamp
// proves it unchanged; see cache.Stamp) and on cache.Env; rendered pages
// on the SiteSum and their body's hash, as the preview's in-memory Cache
// does.
//
// A cache file that cannot be read, is cut short or fails its checksum is
// ignored, as if there were none; files are replaced by renaming a
// complete temporary file over them, so a build that stops half-way
// leaves the old, still valid file.

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"localoffer/generator/cache"
	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/markdown"
	"localoffer/generator/publish"
	"localoffer/generator/tomldoc"
)

// CacheFolder is where `build` keeps its cache, inside the site folder.
// It is outside the output folder, so deploying public/ never ships it.
const CacheFolder = ".cache/localoffer"

// diskMagic starts every cache file. Bump its number when what is stored
// changes shape; the program hash already covers any change in meaning.
const diskMagic = "localoffer build cache 1\n"

const (
	stateFile = "state"
	pagesFile = "pages"
)

// programKey identifies the generator: a hash of the running executable.
// The version control stamp in the build info would not do, as `go run`
// with uncommitted edits gives the same stamp for different code. It is a
// variable so that a test can play a new generator.
var programKey = sync.OnceValues(func() ([32]byte, error) {
	var sum [32]byte
	exe, err := os.Executable()
	if err != nil {
		return sum, err
	}
	f, err := os.Open(exe)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
})

// diskState is what the state file holds: enough to tell, with one small
// read, whether anything changed since the last build.
type diskState struct {
	Key     [32]byte
	Dest    string     // the output folder, absolute
	Pages   []inputRec // the page files, sorted by path
	Outputs []outputRec
	NPages  int // for the Result of a build that had nothing to do
	NFiles  int
}

// inputRec is a page file as a build read it.
type inputRec struct {
	Path   string
	Stamp  cache.Record // taken just before the file was read
	Stamps bool         // whether Stamp is known
	ReadAt int64        // when, in nanoseconds since 1970
	Hash   [32]byte     // of its bytes
}

// outputRec is a file of the output folder as the build left it. Its
// change time is not kept: removing the old folder's links to the same
// file changes it. Size, inode and modification time still change when
// anyone writes to or replaces the file.
type outputRec struct {
	Name  string
	Hash  [32]byte
	Size  int64
	Ino   uint64
	Mtime int64
}

// diskPages is what the pages file holds.
type diskPages struct {
	Key      [32]byte
	Entries  []diskEntry
	Rendered []renderRec
}

// diskEntry is a pageEntry without its body, in a form gob can write.
type diskEntry struct {
	Path     string
	Hash     [32]byte // of the file's bytes
	Env      string
	FM       content.FrontMatter // with its times and Params below instead
	Reviewed diskTime
	TransFr  diskTime
	Params   []diskParam
	HasPar   bool
	Headings []markdown.Heading
	Links    []markdown.Link
	Words    string
	Diags    diag.List
	BodyHash [32]byte
}

// renderRec says which bytes a page rendered to.
type renderRec struct {
	URL  string
	Site [32]byte // cache.SiteSum
	Body [32]byte // hash of the page's Body
	HTML [32]byte // hash of the page as written
	CRC  uint32   // its CRC-32C, for the service worker's version
}

// diskTime is a time in UTC, the only zone front matter dates have.
type diskTime struct{ Sec, Nsec int64 }

// diskParam is one of FrontMatter.Params, of one of the types
// content.Decode gives them.
type diskParam struct {
	Key   string
	Kind  byte
	S     string
	I     int
	B     bool
	T     diskTime
	L     []string
	R     [2]int
	V     tomldoc.Value
	LNil  bool
	Unset bool
}

func toDiskTime(t time.Time) (diskTime, bool) {
	if t.IsZero() {
		return diskTime{}, t.Location() == time.UTC
	}
	return diskTime{t.Unix(), int64(t.Nanosecond())}, t.Location() == time.UTC
}

func (d diskTime) time() time.Time {
	if d == (diskTime{}) {
		return time.Time{}
	}
	return time.Unix(d.Sec, d.Nsec).UTC()
}

// toDisk returns e in a form that can be saved; false when it holds a
// value the cache does not know how to keep exactly, or has errors (a
// build with errors is not saved, and such a page is read again anyway).
func toDisk(p string, hash [32]byte, env string, e *pageEntry) (diskEntry, bool) {
	if e.res == nil || e.diags.HasErrors() {
		return diskEntry{}, false
	}
	d := diskEntry{Path: p, Hash: hash, Env: env, FM: e.fm, Headings: e.res.Headings, Links: e.res.Links,
		Words: e.words, Diags: e.diags, BodyHash: e.bodyHash}
	var ok1, ok2 bool
	d.Reviewed, ok1 = toDiskTime(e.fm.Reviewed)
	d.TransFr, ok2 = toDiskTime(e.fm.TranslatedFrom)
	if !ok1 || !ok2 {
		return diskEntry{}, false
	}
	d.FM.Reviewed, d.FM.TranslatedFrom, d.FM.Params = time.Time{}, time.Time{}, nil
	d.HasPar = e.fm.Params != nil
	keys := make([]string, 0, len(e.fm.Params))
	for k := range e.fm.Params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		dp := diskParam{Key: k}
		switch v := e.fm.Params[k].(type) {
		case nil:
			dp.Unset = true
		case string:
			dp.Kind, dp.S = 's', v
		case int:
			dp.Kind, dp.I = 'i', v
		case bool:
			dp.Kind, dp.B = 'b', v
		case time.Time:
			var ok bool
			if dp.T, ok = toDiskTime(v); !ok {
				return diskEntry{}, false
			}
			dp.Kind = 't'
		case []string:
			dp.Kind, dp.L, dp.LNil = 'l', v, v == nil
		case [2]int:
			dp.Kind, dp.R = 'r', v
		case tomldoc.Value:
			dp.Kind, dp.V = 'v', v
		default:
			return diskEntry{}, false
		}
		d.Params = append(d.Params, dp)
	}
	return d, true
}

// entry returns the pageEntry d was made from, without its body.
func (d *diskEntry) entry() *pageEntry {
	e := &pageEntry{fm: d.FM, words: d.Words, diags: d.Diags, bodyHash: d.BodyHash, noBody: true,
		res: &markdown.Result{Headings: d.Headings, Links: d.Links}}
	e.fm.Reviewed, e.fm.TranslatedFrom = d.Reviewed.time(), d.TransFr.time()
	if d.HasPar {
		e.fm.Params = make(map[string]any, len(d.Params))
	}
	for _, p := range d.Params {
		var v any
		switch p.Kind {
		case 's':
			v = p.S
		case 'i':
			v = p.I
		case 'b':
			v = p.B
		case 't':
			v = p.T.time()
		case 'l':
			if p.LNil {
				v = []string(nil)
			} else if p.L == nil {
				v = []string{}
			} else {
				v = p.L
			}
		case 'r':
			v = p.R
		case 'v':
			v = p.V
		}
		e.fm.Params[p.Key] = v
	}
	return e
}

// diskCache is one build's use of the build cache.
type diskCache struct {
	dir  string
	key  [32]byte
	dest string // absolute

	state *diskState // the last build's, or nil
	pages *diskPages // the last build's, or nil; loaded only when needed

	mu       sync.Mutex
	inputs   map[string]inputRec // this build's page files, as read or checked
	entries  map[string]diskEntry
	oldEntry map[string]*diskEntry
	oldRend  map[string]*renderRec
	oldOut   map[string]outputRec
	rendered []renderRec
	outputs  map[string][32]byte // every file this build wrote, with its hash
	reads    int                 // page files check read
}

// openDiskCache starts a build's use of the cache in dir. It returns nil,
// a build without a cache, when the generator cannot be identified.
func openDiskCache(opts Options) *diskCache {
	prog, err := programKey()
	if err != nil {
		return nil
	}
	dest := opts.Dest
	if dest == "" {
		dest = "public"
	}
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return nil
	}
	key, err := globalKey(prog, opts)
	if err != nil {
		return nil
	}
	d := &diskCache{dir: opts.CacheDir, key: key, dest: absDest, inputs: map[string]inputRec{}, entries: map[string]diskEntry{}, outputs: map[string][32]byte{}}
	var st diskState
	if readDiskFile(filepath.Join(d.dir, stateFile), &st) && st.Key == key {
		d.state = &st
		d.oldOut = make(map[string]outputRec, len(st.Outputs))
		if st.Dest == absDest {
			for _, o := range st.Outputs {
				d.oldOut[o.Name] = o
			}
		}
	}
	return d
}

// globalKey hashes the generator, the options, and every input file that
// is not a page.
func globalKey(prog [32]byte, opts Options) ([32]byte, error) {
	h := sha256.New()
	h.Write([]byte(diskMagic))
	h.Write(prog[:])
	fmt.Fprintf(h, "drafts=%t\x00base=%q\x00dev=%t\x00", opts.Drafts, opts.BaseURL, opts.Dev)
	var sum [32]byte
	add := func(rel string) error {
		data, err := os.ReadFile(filepath.Join(opts.Source, filepath.FromSlash(rel)))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(rel)))
		h.Write(n[:])
		h.Write([]byte(rel))
		binary.LittleEndian.PutUint64(n[:], uint64(len(data)))
		h.Write(n[:])
		h.Write(data)
		return nil
	}
	if err := add("site.toml"); err != nil {
		return sum, err
	}
	for _, dir := range []string{"content", "templates", "static"} {
		err := filepath.WalkDir(filepath.Join(opts.Source, dir), func(p string, de fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if de.IsDir() || (dir == "content" && strings.HasSuffix(de.Name(), ".md")) {
				return nil
			}
			rel, _ := filepath.Rel(opts.Source, p)
			return add(filepath.ToSlash(rel))
		})
		if err != nil {
			return sum, err
		}
	}
	h.Sum(sum[:0])
	return sum, nil
}

// check looks at every page file, reading only those whose stamps do not
// prove them unchanged, and reports whether the site is just as the last
// build left it.
func (d *diskCache) check(source string, pages []string) bool {
	if d.state == nil {
		return false
	}
	old := make(map[string]*inputRec, len(d.state.Pages))
	for i := range d.state.Pages {
		old[d.state.Pages[i].Path] = &d.state.Pages[i]
	}
	same := len(pages) == len(d.state.Pages)
	for _, p := range pages {
		rec, ok := old[p]
		if !ok {
			same = false
			continue
		}
		name := filepath.Join(source, "content", filepath.FromSlash(p))
		info, err := os.Lstat(name)
		if err != nil || !info.Mode().IsRegular() {
			same = false
			continue
		}
		now, stamped := cache.StampOf(info)
		if stamped && rec.Stamps && rec.Stamp.Stamp().Trusted(now, time.Unix(0, rec.ReadAt)) {
			d.inputs[p] = *rec
			continue
		}
		// Once something is known to have changed there is a build to
		// do, which reads the files it cannot trust: reading them here
		// too would read them twice.
		if !same || (stamped && rec.Stamps && now.Record().Size != rec.Stamp.Size) {
			same = false
			continue
		}
		readAt := time.Now()
		data, err := os.ReadFile(name)
		if err != nil {
			same = false
			continue
		}
		d.reads++
		in := inputRec{Path: p, Stamp: now.Record(), Stamps: stamped, ReadAt: readAt.UnixNano(), Hash: sha256.Sum256(data)}
		d.inputs[p] = in
		if in.Hash != rec.Hash {
			same = false
		}
	}
	return same && d.destUnchanged()
}

// destUnchanged reports whether the output folder holds exactly the files
// the last build wrote there.
func (d *diskCache) destUnchanged() bool {
	if d.state.Dest != d.dest || len(d.oldOut) == 0 {
		return false
	}
	n := 0
	err := filepath.WalkDir(d.dest, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(d.dest, p)
		o, ok := d.oldOut[filepath.ToSlash(rel)]
		if !ok || !d.trustOutput(o) {
			return errStale
		}
		n++
		return nil
	})
	return err == nil && n == len(d.oldOut)
}

var errStale = errors.New("stale")

// trustOutput reports whether the output folder's file o.Name is still the
// one the last build wrote, by its stamp.
func (d *diskCache) trustOutput(o outputRec) bool {
	info, err := os.Lstat(filepath.Join(d.dest, filepath.FromSlash(o.Name)))
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != 0o644 {
		return false
	}
	now, ok := cache.StampOf(info)
	return ok && cache.Record{Size: o.Size, Ino: o.Ino, Mtime: o.Mtime}.Stamp().SameFile(now)
}

// loadPages reads the pages file, once.
func (d *diskCache) loadPages() {
	if d.oldEntry != nil {
		return
	}
	d.oldEntry, d.oldRend = map[string]*diskEntry{}, map[string]*renderRec{}
	if d.state == nil {
		// The state file is written last: without it, the pages file may
		// belong to other files (it is still keyed, but not worth reading).
		return
	}
	var dp diskPages
	if !readDiskFile(filepath.Join(d.dir, pagesFile), &dp) || dp.Key != d.key {
		return
	}
	d.pages = &dp
	for i := range dp.Entries {
		d.oldEntry[dp.Entries[i].Path] = &dp.Entries[i]
	}
	for i := range dp.Rendered {
		d.oldRend[dp.Rendered[i].URL] = &dp.Rendered[i]
	}
}

// known returns what check found of page file p.
func (d *diskCache) known(p string) (inputRec, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	in, ok := d.inputs[p]
	return in, ok
}

// entry returns the kept entry of page file p if it was made from the
// same bytes in the same env.
func (d *diskCache) entry(p string, hash [32]byte, env string) *pageEntry {
	old := d.oldEntry[p]
	if old == nil || old.Hash != hash || old.Env != env {
		return nil
	}
	d.mu.Lock()
	d.entries[p] = *old
	d.mu.Unlock()
	return old.entry()
}

// store keeps the input record and entry of page file p for the next build.
func (d *diskCache) store(p string, in inputRec, env string, e *pageEntry) {
	de, ok := toDisk(p, in.Hash, env, e)
	d.mu.Lock()
	d.inputs[p] = in
	if ok {
		d.entries[p] = de
	}
	d.mu.Unlock()
}

// reusable returns the hash and checksum of the page at url if it was
// rendered from the same body in a site with the same SiteSum, and the
// output folder still has the file it was written to.
func (d *diskCache) reusable(siteSum [32]byte, url, name string, body [32]byte) (*renderRec, bool) {
	r := d.oldRend[url]
	if r == nil || r.Site != siteSum || r.Body != body {
		return nil, false
	}
	o, ok := d.oldOut[name]
	if !ok || o.Hash != r.HTML || !d.trustOutput(o) {
		return nil, false
	}
	return r, true
}

// wrote records a file of this build.
func (d *diskCache) wrote(name string, hash [32]byte, r *renderRec) {
	d.mu.Lock()
	d.outputs[name] = hash
	if r != nil {
		d.rendered = append(d.rendered, *r)
	}
	d.mu.Unlock()
}

// recorder is the Output of a build with a disk cache: it passes files on
// and remembers their hashes.
type recorder struct {
	publish.Output
	d *diskCache
}

func (r recorder) Write(name string, data []byte) error {
	r.d.wrote(name, sha256.Sum256(data), nil)
	return r.Output.Write(name, data)
}

// save writes the cache for the next build, after the output folder is in
// place. A cache that cannot be written only makes the next build slower,
// so errors are not reported.
func (d *diskCache) save(res *Result) {
	st := diskState{Key: d.key, Dest: d.dest, NPages: res.Pages, NFiles: res.Files}
	for _, in := range d.inputs {
		st.Pages = append(st.Pages, in)
	}
	slices.SortFunc(st.Pages, func(a, b inputRec) int { return strings.Compare(a.Path, b.Path) })
	for name, h := range d.outputs {
		info, err := os.Lstat(filepath.Join(d.dest, filepath.FromSlash(name)))
		if err != nil {
			continue
		}
		stamp, ok := cache.StampOf(info)
		if !ok {
			return
		}
		r := stamp.Record()
		st.Outputs = append(st.Outputs, outputRec{Name: name, Hash: h, Size: r.Size, Ino: r.Ino, Mtime: r.Mtime})
	}
	slices.SortFunc(st.Outputs, func(a, b outputRec) int { return strings.Compare(a.Name, b.Name) })
	dp := diskPages{Key: d.key, Rendered: d.rendered}
	for _, e := range d.entries {
		dp.Entries = append(dp.Entries, e)
	}
	slices.SortFunc(dp.Entries, func(a, b diskEntry) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(dp.Rendered, func(a, b renderRec) int { return strings.Compare(a.URL, b.URL) })
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return
	}
	// The state file says the pages file is worth reading, so it goes
	// second; and is removed first, so that a build stopped between the
	// two renames leaves no state that promises the wrong pages.
	_ = os.Remove(filepath.Join(d.dir, stateFile))
	if writeDiskFile(filepath.Join(d.dir, pagesFile), &dp) == nil {
		_ = writeDiskFile(filepath.Join(d.dir, stateFile), &st)
	}
}

// saveState writes the state file again after a build that found nothing
// changed, with the page files' new stamps.
func (d *diskCache) saveState() {
	st := *d.state
	st.Pages = make([]inputRec, 0, len(d.inputs))
	for _, in := range d.inputs {
		st.Pages = append(st.Pages, in)
	}
	slices.SortFunc(st.Pages, func(a, b inputRec) int { return strings.Compare(a.Path, b.Path) })
	_ = writeDiskFile(filepath.Join(d.dir, stateFile), &st)
}

// writeDiskFile writes v to name: the magic line, a SHA-256 of the rest,
// and v in gob, through a temporary file renamed into place.
func writeDiskFile(name string, v any) error {
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(v); err != nil {
		return err
	}
	sum := sha256.Sum256(body.Bytes())
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(append(append([]byte(diskMagic), sum[:]...), body.Bytes()...))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

// readDiskFile reads what writeDiskFile wrote into v, and reports whether
// it could: any damage is caught by the checksum, or by gob.
func readDiskFile(name string, v any) (ok bool) {
	defer func() {
		// gob is not meant to panic on bad input, but a cache must never
		// stop a build.
		if recover() != nil {
			ok = false
		}
	}()
	data, err := os.ReadFile(name)
	if err != nil || len(data) < len(diskMagic)+sha256.Size || string(data[:len(diskMagic)]) != diskMagic {
		return false
	}
	data = data[len(diskMagic):]
	if sha256.Sum256(data[sha256.Size:]) != [32]byte(data[:sha256.Size]) {
		return false
	}
	return gob.NewDecoder(bytes.NewReader(data[sha256.Size:])).Decode(v) == nil
}
