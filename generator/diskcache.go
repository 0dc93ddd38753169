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
//     change is not rendered again: its file is kept in the spare output
//     folder that becomes the new output (see publish.NewDirOver), or
//     hard-linked from the current one, after checking by its stamp that
//     it is still the file the cache recorded.
//
// When a page must be rendered but its entry came from the cache without
// its body, the file is read and parsed again (reread), and must still
// have the bytes the entry was made from.
//
// It must never give a stale page, so every fact it keeps is keyed on all
// that decides it. The generator itself (the go command's build ID of the
// running program, which hashes its bytes, or else a hash of the program,
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
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"localoffer/generator/cache"
	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/internal/parallel"
	"localoffer/generator/markdown"
	"localoffer/generator/publish"
	"localoffer/generator/tomldoc"
)

// CacheFolder is where `build` keeps its cache, inside the site folder.
// It is outside the output folder, so deploying public/ never ships it.
const CacheFolder = ".cache/localoffer"

// diskMagic starts every cache file. Bump its number when what is stored
// changes shape; the program hash already covers any change in meaning.
const diskMagic = "localoffer build cache 5\n"

const stateFile = "state"

// The pages' entries and rendered records are split into shards by a hash
// of their path or address, each a file of its own, so that a build in
// which one page changed writes one small file instead of the whole
// cache (tens of megabytes for 10,000 pages, mostly search words).
const shards = 64

// shardOf is FNV-1a, written out: it runs for every page several times
// a build, and hash/fnv allocated each time.
func shardOf(key string) int {
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h ^= uint32(key[i])
		h *= 16777619
	}
	return int(h % shards)
}

func pagesFile(shard int) string { return fmt.Sprintf("pages-%02d", shard) }

// programKey identifies the generator: the go command's build ID of the
// running executable (see goBuildID), or else a hash of the executable.
// The version control stamp in the build info would not do, as `go run`
// with uncommitted edits gives the same stamp for different code. It is a
// variable so that a test can play a new generator.
//
// Hashing the executable (18 MB) took a twentieth of a one-page rebuild,
// so the hash is remembered in the cache folder with the file's stamp,
// and trusted while the stamp is, as page files are (see cache.Stamp).
var programKey = func(cacheDir string) ([32]byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return [32]byte{}, err
	}
	if f, err := os.Open(exe); err == nil {
		id := goBuildID(f)
		f.Close()
		if id != "" {
			return sha256.Sum256([]byte("go build id\x00" + id)), nil
		}
	}
	return hashRemembered(exe, filepath.Join(cacheDir, programFile))
}

// hashRemembered returns the SHA-256 of the file exe, from the file memo
// when it has exe's stamp and the stamp can be trusted; else it reads
// exe and writes memo.
func hashRemembered(exe, memo string) ([32]byte, error) {
	var sum [32]byte
	f, err := os.Open(exe)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	readAt := time.Now()
	info, err := f.Stat()
	if err != nil {
		return sum, err
	}
	stamp, stamped := cache.StampOf(info)
	var old programRec
	if stamped && readDiskFile(memo, &old) && old.Path == exe && old.Stamp.Stamp().Trusted(stamp, time.Unix(0, old.ReadAt)) {
		return old.Sum, nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	if stamped && os.MkdirAll(filepath.Dir(memo), 0o755) == nil {
		_ = writeDiskFile(memo, &programRec{Path: exe, Stamp: stamp.Record(), ReadAt: readAt.UnixNano(), Sum: sum})
	}
	return sum, nil
}

// programFile keeps the executable's hash (programKey).
const programFile = "program"

// programRec is what programFile holds: the hash of the executable at
// Path, read at ReadAt when its stamp was Stamp.
type programRec struct {
	Path   string
	Stamp  cache.Record
	ReadAt int64
	Sum    [32]byte
}

// diskState is what the state file holds: enough to tell, with one small
// read, whether anything changed since the last build.
type diskState struct {
	Key     [32]byte
	Dest    string     // the output folder, absolute
	Pages   []inputRec // the page files, sorted by path
	Outputs []outputRec
	// Spare are the files of the spare output folder beside Dest, which
	// holds the site before the last build (see publish.NewDirOver).
	Spare []outputRec
	// Dirs are folders of Dest with their entries, as this build saw
	// them when they were the spare's and did not change; SpareDirs the
	// same for the spare (see publish.SpareLister). A folder not listed is
	// read.
	Dirs      []dirRec
	SpareDirs []dirRec
	NPages    int // for the Result of a build that had nothing to do
	NFiles    int
}

// dirRec is a folder of the output as a build saw it.
type dirRec struct {
	Name   string
	Stamp  cache.Record // taken before its entries were read
	ReadAt int64        // no later than when the stamp was taken, in nanoseconds since 1970
	Files  []string
	Subs   []string
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

// diskPages is what one shard's pages file holds.
type diskPages struct {
	Key      [32]byte
	Entries  []*diskEntry
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
	// Hot holds the headings, links and search words, which are most of
	// the cache, in a format of its own (appendHot): gob decoded them
	// by reflection, field by field, which at 10,000 pages (some 190,000
	// headings and links) was a quarter of a one-page rebuild.
	Hot      string
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
	d := diskEntry{Path: p, Hash: hash, Env: env, FM: e.fm, Diags: e.diags, BodyHash: e.bodyHash}
	d.Hot = string(appendHot(nil, e.res.Headings, e.res.Links, e.words))
	var ok1, ok2 bool
	d.Reviewed, ok1 = toDiskTime(e.fm.Reviewed)
	d.TransFr, ok2 = toDiskTime(e.fm.TranslatedFrom)
	if !ok1 || !ok2 {
		return diskEntry{}, false
	}
	// Lines is only read by check's advice, which never uses this cache;
	// a map per page was a good part of reading the cache back.
	d.FM.Reviewed, d.FM.TranslatedFrom, d.FM.Params, d.FM.Lines = time.Time{}, time.Time{}, nil, nil
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

// appendHot appends a page's headings, the links a build reads, and its
// search words to b. A build reads links only to check that the pages,
// files and headings they lead to exist (site.checkLinks); their text and
// links to other sites are for check's advice, which never uses this
// cache, and were the largest part of it after the search words.
func appendHot(b []byte, heads []markdown.Heading, links []markdown.Link, words string) []byte {
	b = binary.AppendUvarint(b, uint64(len(heads)))
	for _, h := range heads {
		b = binary.AppendVarint(b, int64(h.Level))
		b = appendStr(b, h.Text)
		b = appendStr(b, h.ID)
		b = binary.AppendVarint(b, int64(h.Line))
	}
	n := 0
	for _, l := range links {
		if l.Kind != markdown.ExternalLink {
			n++
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	for _, l := range links {
		if l.Kind != markdown.ExternalLink {
			b = binary.AppendVarint(b, int64(l.Kind))
			b = appendStr(b, l.Target)
			b = appendStr(b, l.Fragment)
			b = binary.AppendVarint(b, int64(l.Line))
		}
	}
	return appendStr(b, words)
}

// decodeHot reads what appendHot wrote. Every string read is a part of
// hot, not a copy.
func decodeHot(hot string) (heads []markdown.Heading, links []markdown.Link, words string, err error) {
	r := reader{s: hot}
	if n := r.count(4); n > 0 {
		heads = make([]markdown.Heading, n)
		for i := range heads {
			heads[i] = markdown.Heading{Level: r.int(), Text: r.str(), ID: r.str(), Line: r.int()}
		}
	}
	if n := r.count(4); n > 0 {
		links = make([]markdown.Link, n)
		for i := range links {
			links[i] = markdown.Link{Kind: markdown.LinkKind(r.int()), Target: r.str(), Fragment: r.str(), Line: r.int()}
		}
	}
	words = r.str()
	if r.err == nil && r.s != "" {
		r.err = errShort
	}
	return heads, links, words, r.err
}

// entry returns the pageEntry d was made from, without its body, or nil
// when its Hot part does not decode.
func (d *diskEntry) entry() *pageEntry {
	heads, links, words, err := decodeHot(d.Hot)
	if err != nil {
		return nil
	}
	e := &pageEntry{fm: d.FM, words: words, diags: d.Diags, bodyHash: d.BodyHash, noBody: true,
		res: &markdown.Result{Headings: heads, Links: links}}
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

	mu       sync.Mutex
	inputs   map[string]inputRec // this build's page files, as read or checked
	entries  map[string]*diskEntry
	oldEntry map[string]*diskEntry
	oldRend  map[string]*renderRec
	oldOut   map[string]outputRec
	rendered []renderRec
	outputs  map[string]outputRec // every file this build wrote; Size -1 when its stamp is not known yet
	reads    int                  // page files check read

	oldSpare map[string]outputRec   // the spare folder's files as the cache knows them
	spare    map[string]fs.FileInfo // and as they are (publish.NewDirOver)
	// spareDirs are the spare's folders as the last build recorded them;
	// seenDirs as this build found them (publish.SpareLister), when it
	// started looking at walkAt.
	spareDirs map[string]*dirRec
	seenDirs  []dirRec
	walkAt    int64

	loaded [shards]int  // how many entries and records each shard file had; -1 when unreadable
	dirty  [shards]bool // whether this build changed what the shard holds

	// The pages files and the spare output folder are read in the
	// background as soon as the build knows it has work to do, while the
	// site is read: at 10,000 pages each takes a few tenths of a second,
	// which the second core can do meanwhile.
	loadOnce sync.Once
	loadDone chan struct{}
	dirOnce  sync.Once
	dirDone  chan struct{}
	dirDest  string // the output folder startDir was given
	outDir   *publish.Dir
	dirErr   error
	dirTaken bool
}

// startLoad starts reading the pages files.
func (d *diskCache) startLoad() {
	d.loadOnce.Do(func() {
		d.loadDone = make(chan struct{})
		go func() {
			defer close(d.loadDone)
			d.load()
		}()
	})
}

// startDir starts preparing the output folder for dest
// (publish.NewDirOver).
func (d *diskCache) startDir(dest string) {
	d.dirOnce.Do(func() {
		d.dirDest, d.dirDone = dest, make(chan struct{})
		go func() {
			defer close(d.dirDone)
			d.walkAt = time.Now().UnixNano()
			d.outDir, d.spare, d.dirErr = publish.NewDirOver(dest, d)
		}()
	})
}

// takeDir returns the output folder for dest (the one startDir was
// given), which the caller then commits or aborts.
func (d *diskCache) takeDir(dest string) (*publish.Dir, error) {
	d.startDir(dest)
	<-d.dirDone
	if d.dirDest != dest {
		return nil, &InternalError{Value: "the build cache prepared " + d.dirDest + ", not " + dest}
	}
	d.dirTaken = true
	return d.outDir, d.dirErr
}

// abortDir gives up an output folder that was started but not taken, as
// when the site has errors.
func (d *diskCache) abortDir() {
	if d.dirDone == nil || d.dirTaken {
		return
	}
	<-d.dirDone
	if d.outDir != nil {
		_ = d.outDir.Abort()
	}
	d.dirTaken = true
}

// openDiskCache starts a build's use of the cache in dir. It returns nil,
// a build without a cache, when the generator cannot be identified.
func openDiskCache(opts Options) *diskCache {
	prog, err := programKey(opts.CacheDir)
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
	d := &diskCache{dir: opts.CacheDir, key: key, dest: absDest}
	var st diskState
	ok := readDiskFile(filepath.Join(d.dir, stateFile), &st) && st.Key == key
	// The maps are made the size the last build's were: growing maps of
	// 10,000 entries, a step at a time, was a twentieth of a rebuild.
	d.inputs = make(map[string]inputRec, len(st.Pages))
	d.entries = make(map[string]*diskEntry, len(st.Pages))
	d.outputs = make(map[string]outputRec, len(st.Outputs))
	d.rendered = make([]renderRec, 0, len(st.Pages)+64)
	d.seenDirs = make([]dirRec, 0, len(st.Dirs)+len(st.SpareDirs)+64)
	if ok {
		d.state = &st
		d.oldOut = make(map[string]outputRec, len(st.Outputs))
		d.oldSpare = make(map[string]outputRec, len(st.Spare))
		if st.Dest == absDest {
			for _, o := range st.Outputs {
				d.oldOut[o.Name] = o
			}
			for _, o := range st.Spare {
				d.oldSpare[o.Name] = o
			}
			d.spareDirs = make(map[string]*dirRec, len(st.SpareDirs))
			for i := range st.SpareDirs {
				d.spareDirs[st.SpareDirs[i].Name] = &st.SpareDirs[i]
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
	// Files are hashed through one buffer, not read whole: the browser
	// editor's script is 2 MB, and memory the program has not used before
	// costs a page fault per 4 KB on first touch (os.ReadFile of that
	// file took twice as long as hashing it as it is read).
	buf := make([]byte, 64<<10)
	add := func(rel string) error {
		f, err := os.Open(filepath.Join(opts.Source, filepath.FromSlash(rel)))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return err
		}
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(rel)))
		h.Write(n[:])
		h.Write([]byte(rel))
		binary.LittleEndian.PutUint64(n[:], uint64(info.Size()))
		h.Write(n[:])
		got, err := io.CopyBuffer(h, struct{ io.Reader }{f}, buf)
		if err != nil {
			return err
		}
		if got != info.Size() {
			return fmt.Errorf("%s changed while it was read; build again", rel)
		}
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
			d.startLoad()
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
			d.startLoad()
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
	return ok && o.stamp().SameFile(now)
}

// loadPages waits until the pages files are read, starting if need be.
func (d *diskCache) loadPages() {
	d.startLoad()
	<-d.loadDone
}

func (d *diskCache) load() {
	n := 0
	if d.state != nil {
		n = len(d.state.Pages)
	}
	d.oldEntry, d.oldRend = make(map[string]*diskEntry, n), make(map[string]*renderRec, n)
	for i := range d.loaded {
		d.loaded[i] = -1
	}
	if d.state == nil {
		// The state file is written last: without it, the pages files may
		// belong to other builds (they are still keyed, but not worth
		// reading).
		return
	}
	all := make([]diskPages, shards)
	parallel.For(context.Background(), shards, func(i int) {
		if !readDiskFile(filepath.Join(d.dir, pagesFile(i)), &all[i]) || all[i].Key != d.key {
			all[i] = diskPages{}
			return
		}
		d.loaded[i] = len(all[i].Entries) + len(all[i].Rendered)
	})
	for i := range all {
		dp := &all[i]
		for _, e := range dp.Entries {
			// An entry in the wrong shard would never be saved again.
			if shardOf(e.Path) == i {
				d.oldEntry[e.Path] = e
			}
		}
		for j := range dp.Rendered {
			if shardOf(dp.Rendered[j].URL) == i {
				d.oldRend[dp.Rendered[j].URL] = &dp.Rendered[j]
			}
		}
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
	e := old.entry()
	if e == nil {
		return nil
	}
	d.mu.Lock()
	d.entries[p] = old
	d.mu.Unlock()
	return e
}

// store keeps the input record of page file p for the next build, and
// its entry e when it was made by this build (e is nil when it came from
// the cache, through entry).
func (d *diskCache) store(p string, in inputRec, env string, e *pageEntry) {
	var de diskEntry
	ok := false
	if e != nil {
		de, ok = toDisk(p, in.Hash, env, e)
	}
	if ok {
		// The page is made from e: let it share the search words,
		// headings and links that de.Hot holds rather than keep copies
		// of its own beside them, a tenth of a first build's memory at
		// 1,000 pages. What decodeHot gives is what a page read from
		// the cache has, and is all a build reads (see appendHot).
		if heads, links, words, err := decodeHot(de.Hot); err == nil {
			e.res.Headings, e.res.Links, e.words = heads, links, words
		}
	}
	d.mu.Lock()
	d.inputs[p] = in
	if ok {
		d.entries[p] = &de
		d.dirty[shardOf(p)] = true
	}
	d.mu.Unlock()
}

// reuse puts the page at url into the build without rendering it, if it
// was rendered from the same body in a site with the same SiteSum and the
// spare or the output folder still has the file it was written to. It
// returns the page's record, or nil when the page must be rendered.
func (d *diskCache) reuse(dir *publish.Dir, siteSum [32]byte, url, name string, body [32]byte) *renderRec {
	r := d.oldRend[url]
	if r == nil || r.Site != siteSum || r.Body != body {
		return nil
	}
	if o, ok := d.oldSpare[name]; ok && o.Hash == r.HTML {
		if info, ok := d.spare[name]; ok && info.Mode().Perm() == 0o644 {
			if now, ok := cache.StampOf(info); ok && o.stamp().SameFile(now) {
				dir.Keep(name)
				d.wrote(name, o, r)
				return r
			}
		}
	}
	if o, ok := d.oldOut[name]; ok && o.Hash == r.HTML && d.trustOutput(o) && dir.Reuse(name) == nil {
		d.wrote(name, o, r)
		return r
	}
	return nil
}

// Known says what the spare's folder dir holds when the last build
// recorded it and its stamp proves it unchanged since (see
// publish.SpareLister). The top folder is never known: it is renamed
// with every build, which changes its change time.
func (d *diskCache) Known(dir string, info fs.FileInfo) (files, subs []string, ok bool) {
	rec := d.spareDirs[dir]
	if rec == nil || dir == "." {
		return nil, nil, false
	}
	now, ok := cache.StampOf(info)
	if !ok || !rec.Stamp.Stamp().Trusted(now, time.Unix(0, rec.ReadAt)) {
		return nil, nil, false
	}
	knownFolders.Add(1)
	return rec.Files, rec.Subs, true
}

// knownFolders counts the folders Known vouched for, for tests.
var knownFolders atomic.Int64

// Seen notes a folder of the spare, for the next builds.
func (d *diskCache) Seen(dir string, info fs.FileInfo, files, subs []string) {
	if dir == "." {
		return
	}
	if st, ok := cache.StampOf(info); ok {
		d.seenDirs = append(d.seenDirs, dirRec{Name: dir, Stamp: st.Record(), ReadAt: d.walkAt, Files: files, Subs: subs})
	}
}

func (o outputRec) stamp() cache.Stamp {
	return cache.Record{Size: o.Size, Ino: o.Ino, Mtime: o.Mtime}.Stamp()
}

// wrote records a file of this build: o has its name and hash, and its
// stamp when known (Size -1 when not).
func (d *diskCache) wrote(name string, o outputRec, r *renderRec) {
	o.Name = name
	d.mu.Lock()
	d.outputs[name] = o
	if r != nil {
		d.rendered = append(d.rendered, *r)
		if old := d.oldRend[r.URL]; old == nil || *old != *r {
			d.dirty[shardOf(r.URL)] = true
		}
	}
	d.mu.Unlock()
}

// recorder is the Output of a build with a disk cache for the files that
// are not pages: it passes them on and records their names, for the state
// file's list of outputs. Their hashes are left zero: a hash is only ever
// compared with a rendered page's (reuse), and a zero one never matches,
// while hashing them (the search index is 18 MB at 10,000 pages) was a
// twentieth of a one-page rebuild.
//
// A build cache is only ever used with a folder, so a recorder is a
// folder too (see folderOutput).
type recorder struct {
	*publish.Dir
	d *diskCache
}

func (r recorder) Write(name string, data []byte) error {
	r.d.wrote(name, outputRec{Size: -1}, nil)
	return r.Dir.Write(name, data)
}

func (r recorder) CopyFrom(name string, open func() (fs.File, error), size int64, sum [32]byte) error {
	r.d.wrote(name, outputRec{Size: -1}, nil)
	return r.Dir.CopyFrom(name, open, size, sum)
}

func (r recorder) WriteStream(name string, write func(io.Writer) error) ([32]byte, error) {
	r.d.wrote(name, outputRec{Size: -1}, nil)
	return r.Dir.WriteStream(name, write)
}

// save writes the cache for the next build, after the output folder is in
// place. A cache that cannot be written only makes the next build slower,
// so errors are not reported.
func (d *diskCache) save(res *Result) {
	st := diskState{Key: d.key, Dest: d.dest, NPages: res.Pages, NFiles: res.Files}
	// The destination the build replaced is now the spare.
	if d.state != nil && d.state.Dest == d.dest {
		st.Spare, st.SpareDirs = d.state.Outputs, d.state.Dirs
	}
	// The folders the build found in the spare, which is now Dest, are
	// as they were then, unless the build changed them.
	if d.outDir != nil && d.dirTaken {
		st.Dirs = make([]dirRec, 0, len(d.seenDirs))
		for _, r := range d.seenDirs {
			if !d.outDir.Changed(r.Name) {
				st.Dirs = append(st.Dirs, r)
			}
		}
	}
	st.Pages = make([]inputRec, 0, len(d.inputs))
	for _, in := range d.inputs {
		st.Pages = append(st.Pages, in)
	}
	slices.SortFunc(st.Pages, func(a, b inputRec) int { return strings.Compare(a.Path, b.Path) })
	st.Outputs = make([]outputRec, 0, len(d.outputs))
	for name, o := range d.outputs {
		// Files kept or linked have the stamps they had; only those
		// written need a look.
		if o.Size < 0 {
			info, err := os.Lstat(filepath.Join(d.dest, filepath.FromSlash(name)))
			if err != nil {
				continue
			}
			stamp, ok := cache.StampOf(info)
			if !ok {
				return
			}
			r := stamp.Record()
			o.Size, o.Ino, o.Mtime = r.Size, r.Ino, r.Mtime
		}
		st.Outputs = append(st.Outputs, o)
	}
	slices.SortFunc(st.Outputs, func(a, b outputRec) int { return strings.Compare(a.Name, b.Name) })
	// A shard this build did not change, and that has the same number of
	// entries and records (none was deleted), is left as it is; only the
	// others are gathered and written.
	var counts [shards]int
	for _, e := range d.entries {
		counts[shardOf(e.Path)]++
	}
	for _, r := range d.rendered {
		counts[shardOf(r.URL)]++
	}
	var write [shards]bool
	for i := range write {
		write[i] = d.dirty[i] || d.loaded[i] != counts[i]
	}
	all := make([]diskPages, shards)
	for _, e := range d.entries {
		if i := shardOf(e.Path); write[i] {
			all[i].Entries = append(all[i].Entries, e)
		}
	}
	for _, r := range d.rendered {
		if i := shardOf(r.URL); write[i] {
			all[i].Rendered = append(all[i].Rendered, r)
		}
	}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return
	}
	// The state file says the pages files are worth reading, so it is
	// written last; and removed first, so that a build stopped half-way
	// leaves no state that promises the wrong pages.
	_ = os.Remove(filepath.Join(d.dir, stateFile))
	var failed atomic.Bool
	parallel.For(context.Background(), shards, func(i int) {
		dp := &all[i]
		if !write[i] {
			return
		}
		dp.Key = d.key
		slices.SortFunc(dp.Entries, func(a, b *diskEntry) int { return strings.Compare(a.Path, b.Path) })
		slices.SortFunc(dp.Rendered, func(a, b renderRec) int { return strings.Compare(a.URL, b.URL) })
		if writeDiskFile(filepath.Join(d.dir, pagesFile(i)), dp) != nil {
			failed.Store(true)
		}
	})
	if !failed.Load() {
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

// diskBufs lends writeDiskFile the buffers it makes files in. A build
// saves 64 pages files at once at its end; a new buffer for each (grown
// as the file was made) was most of what a first build allocated there,
// and the process grew by as much before the garbage collector ran.
var diskBufs sync.Pool

// writeDiskFile writes v to name: the magic line, a SHA-256 of the rest,
// and v in gob, through a temporary file renamed into place.
func writeDiskFile(name string, v any) error {
	// The file is made in one buffer, the checksum's place left empty
	// until the rest is written: the state file of a big site is a few
	// megabytes, and copying it about was a tenth of saving the cache.
	head := len(diskMagic) + sha256.Size
	var data []byte
	if b, ok := v.(binaryCoded); ok {
		var buf []byte
		if p, ok := diskBufs.Get().(*[]byte); ok {
			buf = *p
		}
		data = b.appendBinary(slices.Grow(buf[:0], head+b.sizeHint())[:head])
		defer diskBufs.Put(&data)
	} else {
		body := bytes.NewBuffer(make([]byte, head))
		if err := gob.NewEncoder(body).Encode(v); err != nil {
			return err
		}
		data = body.Bytes()
	}
	copy(data, diskMagic)
	sum := sha256.Sum256(data[head:])
	copy(data[len(diskMagic):], sum[:])
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
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
	if b, ok := v.(binaryCoded); ok {
		// The strings decoded are parts of the file's bytes, not copies:
		// copying the 35 MB a big site's cache holds took a tenth of a
		// one-page rebuild. data is this function's own and is never
		// written after this, which is what unsafe.String asks.
		rest := data[sha256.Size:]
		if len(rest) == 0 {
			return b.decodeBinary("") == nil
		}
		return b.decodeBinary(unsafe.String(&rest[0], len(rest))) == nil
	}
	return gob.NewDecoder(bytes.NewReader(data[sha256.Size:])).Decode(v) == nil
}

// binaryCoded is a value written to a cache file in a format of its own
// rather than gob. The state file is read by every build and written by
// most; its flat records took gob a tenth of a one-page rebuild at 10,000
// pages, by reflection, where appending the bytes takes a few milliseconds.
type binaryCoded interface {
	appendBinary([]byte) []byte
	decodeBinary(string) error
	sizeHint() int // about how many bytes appendBinary adds
}

func (st *diskState) sizeHint() int {
	n := 64 + len(st.Dest)
	for _, in := range st.Pages {
		n += len(in.Path) + 4 + 8*5 + 1 + 32
	}
	for _, list := range [][]outputRec{st.Outputs, st.Spare} {
		for _, o := range list {
			n += len(o.Name) + 4 + 32 + 8*3
		}
	}
	for _, list := range [][]dirRec{st.Dirs, st.SpareDirs} {
		for _, r := range list {
			n += len(r.Name) + 8 + 8*5
			for _, names := range [][]string{r.Files, r.Subs} {
				for _, x := range names {
					n += len(x) + 2
				}
			}
		}
	}
	return n
}

// A pages file is written by hand too. Most pages' front matter is a
// title, a description, a weight and a date, and such an entry (plain)
// is written field by field; any other is written with gob, all of a
// shard's in one stream, so that a new front matter field is never left
// out: plainEntry only takes an entry whose other fields are all zero.
// At 10,000 pages gob's reflection was a tenth of a one-page rebuild.

// plainEntry reports whether e can be written field by field.
func plainEntry(e *diskEntry) bool {
	if e.HasPar || len(e.Params) > 0 || len(e.Diags) > 0 {
		return false
	}
	fm := e.FM
	fm.Title, fm.Description, fm.Weight, fm.Draft, fm.Layout, fm.TranslationChecked = "", "", 0, false, "", false
	return reflect.ValueOf(fm).IsZero()
}

func (dp *diskPages) sizeHint() int {
	n := 64
	for _, e := range dp.Entries {
		n += len(e.Path) + len(e.Env) + len(e.Hot) + len(e.FM.Title) + len(e.FM.Description) + len(e.FM.Layout) + 128
	}
	return n + len(dp.Rendered)*(64+32*3+8)
}

func (dp *diskPages) appendBinary(b []byte) []byte {
	b = append(b, dp.Key[:]...)
	var plain, other []*diskEntry
	for _, e := range dp.Entries {
		if plainEntry(e) {
			plain = append(plain, e)
		} else {
			other = append(other, e)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(plain)))
	for _, e := range plain {
		b = appendStr(b, e.Path)
		b = append(b, e.Hash[:]...)
		b = appendStr(b, e.Env)
		b = appendStr(b, e.FM.Title)
		b = appendStr(b, e.FM.Description)
		b = binary.AppendVarint(b, int64(e.FM.Weight))
		b = appendStr(b, e.FM.Layout)
		flags := byte(0)
		if e.FM.Draft {
			flags |= 1
		}
		if e.FM.TranslationChecked {
			flags |= 2
		}
		b = append(b, flags)
		for _, t := range []diskTime{e.Reviewed, e.TransFr} {
			b = binary.AppendVarint(b, t.Sec)
			b = binary.AppendVarint(b, t.Nsec)
		}
		b = appendStr(b, e.Hot)
		b = append(b, e.BodyHash[:]...)
	}
	var g bytes.Buffer
	if len(other) > 0 {
		// Encoding values the cache made itself cannot fail.
		_ = gob.NewEncoder(&g).Encode(other)
	}
	b = appendStr(b, g.String())
	b = binary.AppendUvarint(b, uint64(len(dp.Rendered)))
	for _, r := range dp.Rendered {
		b = appendStr(b, r.URL)
		b = append(b, r.Site[:]...)
		b = append(b, r.Body[:]...)
		b = append(b, r.HTML[:]...)
		b = binary.LittleEndian.AppendUint32(b, r.CRC)
	}
	return b
}

func (dp *diskPages) decodeBinary(data string) error {
	r := &reader{s: data}
	dp.Key = r.sum()
	plain := make([]diskEntry, r.count(1+32+1+1+1+1+1+1+4+1+32))
	dp.Entries = make([]*diskEntry, len(plain))
	for i := range plain {
		e := &plain[i]
		dp.Entries[i] = e
		e.Path = r.str()
		e.Hash = r.sum()
		e.Env = r.str()
		e.FM.Title = r.str()
		e.FM.Description = r.str()
		e.FM.Weight = r.int()
		e.FM.Layout = r.str()
		flags := r.take(1)
		e.FM.Draft = flags == "\x01" || flags == "\x03"
		e.FM.TranslationChecked = flags == "\x02" || flags == "\x03"
		if flags > "\x03" {
			r.err = errShort
		}
		for _, t := range []*diskTime{&e.Reviewed, &e.TransFr} {
			t.Sec, t.Nsec = int64(r.int()), int64(r.int())
		}
		e.Hot = r.str()
		e.BodyHash = r.sum()
	}
	if g := r.str(); g != "" && r.err == nil {
		var other []*diskEntry
		if err := gob.NewDecoder(strings.NewReader(g)).Decode(&other); err != nil {
			return err
		}
		dp.Entries = append(dp.Entries, other...)
	}
	dp.Rendered = make([]renderRec, r.count(1+32*3+4))
	for i := range dp.Rendered {
		rr := &dp.Rendered[i]
		rr.URL = r.str()
		rr.Site, rr.Body, rr.HTML = r.sum(), r.sum(), r.sum()
		if c := r.take(4); len(c) == 4 {
			rr.CRC = uint32(c[0]) | uint32(c[1])<<8 | uint32(c[2])<<16 | uint32(c[3])<<24
		}
	}
	if r.err == nil && len(r.s) != 0 {
		r.err = errShort
	}
	return r.err
}

func (st *diskState) appendBinary(b []byte) []byte {
	b = append(b, st.Key[:]...)
	b = appendStr(b, st.Dest)
	b = binary.AppendUvarint(b, uint64(st.NPages))
	b = binary.AppendUvarint(b, uint64(st.NFiles))
	b = binary.AppendUvarint(b, uint64(len(st.Pages)))
	for _, in := range st.Pages {
		b = appendStr(b, in.Path)
		b = binary.LittleEndian.AppendUint64(b, uint64(in.Stamp.Size))
		b = binary.LittleEndian.AppendUint64(b, uint64(in.Stamp.Mtime))
		b = binary.LittleEndian.AppendUint64(b, uint64(in.Stamp.Ctime))
		b = binary.LittleEndian.AppendUint64(b, in.Stamp.Ino)
		if in.Stamps {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		b = binary.LittleEndian.AppendUint64(b, uint64(in.ReadAt))
		b = append(b, in.Hash[:]...)
	}
	for _, list := range [][]outputRec{st.Outputs, st.Spare} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, o := range list {
			b = appendStr(b, o.Name)
			b = append(b, o.Hash[:]...)
			b = binary.LittleEndian.AppendUint64(b, uint64(o.Size))
			b = binary.LittleEndian.AppendUint64(b, o.Ino)
			b = binary.LittleEndian.AppendUint64(b, uint64(o.Mtime))
		}
	}
	for _, list := range [][]dirRec{st.Dirs, st.SpareDirs} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, r := range list {
			b = appendStr(b, r.Name)
			b = binary.LittleEndian.AppendUint64(b, uint64(r.Stamp.Size))
			b = binary.LittleEndian.AppendUint64(b, uint64(r.Stamp.Mtime))
			b = binary.LittleEndian.AppendUint64(b, uint64(r.Stamp.Ctime))
			b = binary.LittleEndian.AppendUint64(b, r.Stamp.Ino)
			b = binary.LittleEndian.AppendUint64(b, uint64(r.ReadAt))
			for _, names := range [][]string{r.Files, r.Subs} {
				b = binary.AppendUvarint(b, uint64(len(names)))
				for _, n := range names {
					b = appendStr(b, n)
				}
			}
		}
	}
	return b
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// errShort is any state file that does not decode: the checksum makes it
// a file of another format, which is ignored like a damaged one.
var errShort = errors.New("the cache file is cut short")

// reader reads what appendBinary and appendHot wrote, remembering the
// first error. It reads a string (the file's bytes; see readDiskFile), so
// that every string it returns is a part of it rather than a copy: the
// state file of a big site has some 60,000 names.
type reader struct {
	s   string
	err error
}

func (r *reader) take(n int) string {
	if r.err != nil || n < 0 || n > len(r.s) {
		r.err = errShort
		return ""
	}
	out := r.s[:n]
	r.s = r.s[n:]
	return out
}

func (r *reader) uvarint() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		if r.s == "" {
			break
		}
		c := r.s[0]
		r.s = r.s[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.err = errShort
	return 0
}

// int reads what binary.AppendVarint wrote.
func (r *reader) int() int {
	u := r.uvarint()
	return int(int64(u>>1) ^ -int64(u&1))
}

func (r *reader) u64() uint64 {
	b := r.take(8)
	if len(b) != 8 {
		return 0
	}
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

func (r *reader) str() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.s)) {
		r.err = errShort
		return ""
	}
	return r.take(int(n))
}

func (r *reader) sum() (h [32]byte) {
	copy(h[:], r.take(32))
	return h
}

// count reads a list's length, refusing one longer than the bytes left
// could hold (each item takes at least min bytes), so that a damaged
// length cannot make the build allocate gigabytes.
func (r *reader) count(min int) int {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.s)/min) {
		r.err = errShort
		return 0
	}
	return int(n)
}

func (st *diskState) decodeBinary(b string) error {
	r := &reader{s: b}
	st.Key = r.sum()
	st.Dest = r.str()
	st.NPages, st.NFiles = int(r.uvarint()), int(r.uvarint())
	st.Pages = make([]inputRec, r.count(1+8*5+1+32))
	for i := range st.Pages {
		in := &st.Pages[i]
		in.Path = r.str()
		in.Stamp.Size, in.Stamp.Mtime, in.Stamp.Ctime, in.Stamp.Ino = int64(r.u64()), int64(r.u64()), int64(r.u64()), r.u64()
		in.Stamps = r.take(1) == "\x01"
		in.ReadAt = int64(r.u64())
		in.Hash = r.sum()
	}
	for _, list := range []*[]outputRec{&st.Outputs, &st.Spare} {
		*list = make([]outputRec, r.count(1+32+8*3))
		for i := range *list {
			o := &(*list)[i]
			o.Name = r.str()
			o.Hash = r.sum()
			o.Size, o.Ino, o.Mtime = int64(r.u64()), r.u64(), int64(r.u64())
		}
	}
	for _, list := range []*[]dirRec{&st.Dirs, &st.SpareDirs} {
		*list = make([]dirRec, r.count(1+8*5+2))
		for i := range *list {
			d := &(*list)[i]
			d.Name = r.str()
			d.Stamp.Size, d.Stamp.Mtime, d.Stamp.Ctime, d.Stamp.Ino = int64(r.u64()), int64(r.u64()), int64(r.u64()), r.u64()
			d.ReadAt = int64(r.u64())
			for _, names := range []*[]string{&d.Files, &d.Subs} {
				*names = make([]string, r.count(1))
				for j := range *names {
					(*names)[j] = r.str()
				}
			}
		}
	}
	if r.err == nil && len(r.s) != 0 {
		r.err = errShort
	}
	return r.err
}
