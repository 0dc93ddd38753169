package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"localoffer/generator/internal/readahead"
)

// Output receives a build's files. Write may be called from many
// goroutines at once.
type Output interface {
	Write(name string, data []byte) error
}

// CheckName reports whether name is a clean relative path that stays
// inside the destination: no "..", no leading "/", no backslashes.
func CheckName(name string) error {
	if name == "" || !fs.ValidPath(name) || strings.Contains(name, "\\") {
		return fmt.Errorf("%q is not a path inside the site", name)
	}
	return nil
}

// Dir writes a build into a new folder beside the destination and, on
// Commit, puts it in the destination's place. Until then the old
// destination is untouched, so a failed build never leaves a half-written
// site.
//
// Replacing a whole folder of pages used to cost more than rendering them:
// every file was written again and every old one deleted. So a file whose
// bytes are the same as the old destination's is hard-linked to the old
// file instead of written: no data is copied, and deleting the old folder
// afterwards only removes names, not the files' data.
type Dir struct {
	dest string
	tmp  string
	old  string // dest when it is a folder whose files may be reused; else ""

	mu   sync.Mutex
	dirs map[string]bool

	reused atomic.Int64

	// keepOld says to keep the replaced destination as the spare (see
	// NewDirOver) instead of deleting it.
	keepOld bool

	// RemoveOldLater makes Commit start deleting the replaced site in a
	// process of its own and return without waiting for it, for a command
	// that exits once the new site is in place: deleting 10,000 pages'
	// folders takes seconds that the person who ran it need not wait for.
	// The old site is already out of the destination's way.
	RemoveOldLater bool
	// staged says tmp is a spare being updated, which already holds the
	// files present; touched are those the build wrote or kept.
	staged  bool
	present map[string]fs.FileInfo
	touched map[string]bool
	// changed are the spare's folders whose entries this build added,
	// removed or replaced (see SpareLister).
	changed map[string]bool
}

// NewDir starts writing a build for dest.
func NewDir(dest string) (*Dir, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	// The temporary folder is a sibling so that the final rename stays on
	// one file system, which is what makes it atomic.
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	d := &Dir{dest: dest, tmp: tmp, dirs: map[string]bool{".": true}}
	// A symbolic link may lead to another file system, where links fail.
	if st, err := os.Lstat(dest); err == nil && st.IsDir() {
		d.old = dest
	}
	return d, nil
}

// SpareOf returns the folder where NewDirOver keeps the site that dest
// held before its last build.
func SpareOf(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".spare")
}

// NewDirOver starts writing a build for dest like NewDir, but for a
// caller that knows which files are still right, as a build cache does.
// Writing a new folder and deleting the old one costs a few system calls
// for every file even when almost none changed, and for a big site that
// costs more than everything else. So Commit keeps the replaced
// destination as a spare folder beside it, and the next build updates
// that spare in place, touching only the files that changed since it was
// the destination: it returns the spare's files, which the caller checks
// (by their stamps) and either Keeps or Writes again. Files neither kept
// nor written are deleted on Commit, so the result is exactly the files
// of the build. The spare shares unchanged files with the destination as
// hard links, so its files are never written in place: a changed file is
// written beside its old name and renamed over it.
//
// l, when not nil, tells which folders of the spare need not be read
// (see SpareLister).
func NewDirOver(dest string, l SpareLister) (*Dir, map[string]fs.FileInfo, error) {
	dest = filepath.Clean(dest)
	spare := SpareOf(dest)
	st, err := os.Lstat(spare)
	if err != nil || !st.IsDir() {
		if err == nil {
			_ = os.RemoveAll(spare)
		}
		d, err := NewDir(dest)
		if d != nil {
			d.keepOld = true
		}
		return d, nil, err
	}
	// The spare is moved to a name of its own while it is updated, so that
	// a build stopped half-way never leaves a half-updated spare where the
	// next build trusts it... and the next build checks every file's stamp
	// anyway.
	tmp, err := os.MkdirTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".new-")
	if err != nil {
		return nil, nil, err
	}
	if err := os.Remove(tmp); err != nil {
		return nil, nil, err
	}
	if err := os.Rename(spare, tmp); err != nil {
		// Another build took the spare first: start from nothing.
		d, err := NewDir(dest)
		if d != nil {
			d.keepOld = true
		}
		return d, nil, err
	}
	d := &Dir{dest: dest, tmp: tmp, dirs: map[string]bool{".": true}, keepOld: true, staged: true,
		present: map[string]fs.FileInfo{}, touched: map[string]bool{}, changed: map[string]bool{}}
	if st, err := os.Lstat(dest); err == nil && st.IsDir() {
		d.old = dest
	}
	if l == nil {
		l = readAll{}
	}
	info, err := os.Lstat(tmp)
	if err == nil {
		err = d.scan(".", tmp, info, l)
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		d, err := NewDir(dest)
		if d != nil {
			d.keepOld = true
		}
		return d, nil, err
	}
	return d, d.present, nil
}

// SpareLister lets NewDirOver learn what a folder of the spare holds
// without reading it. Reading a folder is three or four system calls;
// a site of 10,000 pages has 10,000 folders, and reading them all took
// a third of a build that changed one page. A folder's modification and
// change times move whenever an entry is added, removed or renamed, so a
// caller that recorded a folder's entries with its stamp, and finds the
// stamp unchanged, knows the entries (see cache.Stamp for why the
// change time makes this safe).
type SpareLister interface {
	// Known returns the names of the files and folders in the spare's
	// folder dir ("." is the top), whose FileInfo is now info, when the
	// caller knows them for certain; else ok is false and the folder is
	// read.
	Known(dir string, info fs.FileInfo) (files, dirs []string, ok bool)
	// Seen is told every folder of the spare, with its FileInfo taken
	// before its entries were read or known. It is called from one
	// goroutine.
	Seen(dir string, info fs.FileInfo, files, dirs []string)
}

// readAll is the SpareLister that knows nothing.
type readAll struct{}

func (readAll) Known(string, fs.FileInfo) ([]string, []string, bool) { return nil, nil, false }
func (readAll) Seen(string, fs.FileInfo, []string, []string)         {}

// scan adds the spare's folder rel (at full, with FileInfo info) and
// everything below it to d.dirs and d.present.
func (d *Dir) scan(rel, full string, info fs.FileInfo, l SpareLister) error {
	d.dirs[rel] = true
	join := func(name string) string {
		if rel == "." {
			return name
		}
		return rel + "/" + name
	}
	files, subs, ok := l.Known(rel, info)
	var fileInfos, subInfos []fs.FileInfo
	if ok {
		// Each file is still looked at: its stamp tells the caller whether
		// it may be kept. Anything not as the caller said means the
		// folder changed after all, and it is read.
		for _, f := range files {
			fi, err := os.Lstat(filepath.Join(full, f))
			if err != nil || !fi.Mode().IsRegular() {
				ok = false
				break
			}
			fileInfos = append(fileInfos, fi)
		}
		for _, sub := range subs {
			if !ok {
				break
			}
			fi, err := os.Lstat(filepath.Join(full, sub))
			if err != nil || !fi.IsDir() {
				ok = false
				break
			}
			subInfos = append(subInfos, fi)
		}
	}
	if !ok {
		entries, err := os.ReadDir(full)
		if err != nil {
			return err
		}
		files, subs, fileInfos, subInfos = nil, nil, nil, nil
		for _, e := range entries {
			fi, err := e.Info()
			if errors.Is(err, fs.ErrNotExist) {
				d.changed[rel] = true
				continue
			}
			if err != nil {
				return err
			}
			switch {
			case fi.IsDir():
				subs, subInfos = append(subs, e.Name()), append(subInfos, fi)
			case fi.Mode().IsRegular():
				files, fileInfos = append(files, e.Name()), append(fileInfos, fi)
			default:
				// Nothing a build writes: not to be published.
				d.changed[rel] = true
				if err := os.Remove(filepath.Join(full, e.Name())); err != nil {
					return err
				}
			}
		}
	}
	l.Seen(rel, info, files, subs)
	for i, f := range files {
		d.present[join(f)] = fileInfos[i]
	}
	for i, sub := range subs {
		if err := d.scan(join(sub), filepath.Join(full, sub), subInfos[i], l); err != nil {
			return err
		}
	}
	return nil
}

// Changed reports whether this build added, removed or replaced any
// entry of the spare's folder dir, as far as it knows: a caller that
// records folders for a SpareLister must not record such a folder's
// stamp, taken before the change, as the folder's.
func (d *Dir) Changed(dir string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	// A build into a new folder changed every folder.
	return !d.staged || d.changed[dir]
}

// change notes that the entries of the folder dir changed.
func (d *Dir) change(dir string) {
	if d.changed == nil {
		return
	}
	d.mu.Lock()
	d.changed[dir] = true
	d.mu.Unlock()
}

// Keep keeps the spare's file name, unchanged, in the build (NewDirOver).
func (d *Dir) Keep(name string) {
	d.mu.Lock()
	d.touched[name] = true
	d.mu.Unlock()
}

// place puts the file at from (a new temporary file, or a file of the old
// destination to link) at name in the spare being updated.
func (d *Dir) place(name string, put func(to string) error) error {
	to := filepath.Join(d.tmp, filepath.FromSlash(name))
	d.mu.Lock()
	_, exists := d.present[name]
	d.touched[name] = true
	isDir := d.dirs[name]
	d.mu.Unlock()
	d.change(path.Dir(name))
	if isDir {
		// The spare had a folder where this build has a file.
		if err := os.RemoveAll(to); err != nil {
			return err
		}
	}
	if !exists {
		return put(to)
	}
	// Write beside the old name and rename over it: the old file may be
	// the destination's own, through a hard link.
	tmp := filepath.Join(filepath.Dir(to), ".lo-new-"+filepath.Base(to))
	_ = os.Remove(tmp)
	if err := put(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, to); err != nil {
		return err
	}
	// When both names are links to one file, rename does nothing (POSIX
	// says so) and the new name stays: the old one is then right already.
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Write writes one file of the build.
func (d *Dir) Write(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	if err := d.mkdir(path.Dir(name)); err != nil {
		return err
	}
	if d.staged {
		if _, ok := d.present[name]; ok && sameFile(filepath.Join(d.tmp, filepath.FromSlash(name)), data) {
			d.Keep(name)
			return nil
		}
		return d.place(name, func(to string) error { return d.linkOrWrite(name, to, data) })
	}
	return d.linkOrWrite(name, filepath.Join(d.tmp, filepath.FromSlash(name)), data)
}

// ReadAhead asks the system to start reading the previous site's copies
// of names, which Write compares with the new bytes before it writes (see
// package readahead): a build without the build cache compares every page,
// and with the files out of the page cache each comparison waited for the
// disk in turn. It does nothing when there is no previous site.
func (d *Dir) ReadAhead(ctx context.Context, names []string) {
	if d.old == "" {
		return
	}
	paths := make([]string, len(names))
	for i, name := range names {
		paths[i] = filepath.Join(d.old, filepath.FromSlash(name))
	}
	readahead.Files(ctx, paths)
}

// linkOrWrite makes to hold data: a hard link to the destination's own
// file name when that already holds data, else a new file.
func (d *Dir) linkOrWrite(name, to string, data []byte) error {
	if d.old != "" {
		from := filepath.Join(d.old, filepath.FromSlash(name))
		if sameFile(from, data) && os.Link(from, to) == nil {
			d.reused.Add(1)
			return nil
		}
	}
	return writeNew(to, data)
}

// Reuse puts the destination's file name into the new build as it is,
// as a hard link, without reading it: the caller has made sure that it
// holds the right bytes (the build cache keeps each file's hash and
// stamp). It fails when there is no such file, and nothing is written.
func (d *Dir) Reuse(name string) error {
	if err := CheckName(name); err != nil {
		return err
	}
	if d.old == "" {
		return errors.New("no previous site to reuse " + name + " from")
	}
	if err := d.mkdir(path.Dir(name)); err != nil {
		return err
	}
	from := filepath.Join(d.old, filepath.FromSlash(name))
	link := func(to string) error { return os.Link(from, to) }
	var err error
	if d.staged {
		err = d.place(name, link)
	} else {
		err = link(filepath.Join(d.tmp, filepath.FromSlash(name)))
	}
	if err != nil {
		return err
	}
	d.reused.Add(1)
	return nil
}

// ErrChanged is CopyFrom's error when the file it copied no longer had
// the bytes the caller expected: it changed while the build ran.
var ErrChanged = errors.New("changed during the build")

// CopyFrom is Write for a file that is on disk already, with size bytes
// whose SHA-256 is sum, which open opens: its bytes are copied through a
// small buffer instead of being read whole. The browser editor's files
// (3 MB) used to be read at the end of a build, when the process was at
// its biggest, and that was most of what it grew by there. When the file
// does not have those bytes, CopyFrom removes what it wrote and fails
// with ErrChanged.
func (d *Dir) CopyFrom(name string, open func() (fs.File, error), size int64, sum [32]byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	if err := d.mkdir(path.Dir(name)); err != nil {
		return err
	}
	put := func(to string) error {
		if d.old != "" {
			from := filepath.Join(d.old, filepath.FromSlash(name))
			if hasSum(from, size, sum) && os.Link(from, to) == nil {
				d.reused.Add(1)
				return nil
			}
		}
		return copyNew(to, open, size, sum)
	}
	if d.staged {
		to := filepath.Join(d.tmp, filepath.FromSlash(name))
		if _, ok := d.present[name]; ok && hasSum(to, size, sum) {
			d.Keep(name)
			return nil
		}
		return d.place(name, put)
	}
	return put(filepath.Join(d.tmp, filepath.FromSlash(name)))
}

// WriteStream is Write for a file made as it is written: write writes
// its bytes to the writer it is given (the search index of a big site is
// tens of megabytes, which need not all be in memory at once). It returns
// their SHA-256. The file is always written anew: without its bytes in
// hand, there is nothing to compare the old destination's with.
func (d *Dir) WriteStream(name string, write func(io.Writer) error) ([32]byte, error) {
	var sum [32]byte
	if err := CheckName(name); err != nil {
		return sum, err
	}
	if err := d.mkdir(path.Dir(name)); err != nil {
		return sum, err
	}
	put := func(to string) error {
		var err error
		sum, err = writeNewFrom(to, write)
		return err
	}
	if d.staged {
		return sum, d.place(name, put)
	}
	return sum, put(filepath.Join(d.tmp, filepath.FromSlash(name)))
}

// hasSum reports whether name is a file as Write leaves it with size
// bytes whose SHA-256 is sum.
func hasSum(name string, size int64, sum [32]byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o644 || st.Size() != size {
		return false
	}
	h := sha256.New()
	buf := readBuf.Get().(*[]byte)
	defer readBuf.Put(buf)
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, *buf); err != nil {
		return false
	}
	return [32]byte(h.Sum(nil)) == sum
}

// copyNew creates the file to, which must not exist, with the bytes of
// the file open opens, which must be size bytes with the SHA-256 sum.
func copyNew(to string, open func() (fs.File, error), size int64, sum [32]byte) error {
	in, err := open()
	if err != nil {
		return err
	}
	defer in.Close()
	var n int64
	got, err := writeNewFrom(to, func(w io.Writer) error {
		buf := readBuf.Get().(*[]byte)
		defer readBuf.Put(buf)
		// Wrapped, so that the file's WriteTo does not take over with a
		// buffer of its own.
		var err error
		n, err = io.CopyBuffer(w, struct{ io.Reader }{in}, *buf)
		return err
	})
	if err == nil && (n != size || got != sum) {
		_ = os.Remove(to)
		err = ErrChanged
	}
	return err
}

// writeNewFrom creates the file to, which must not exist, with what write
// writes to it, and returns the SHA-256 of that. When write fails, the
// file is removed.
func writeNewFrom(to string, write func(io.Writer) error) ([32]byte, error) {
	var sum [32]byte
	f, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return sum, err
	}
	h := sha256.New()
	err = write(io.MultiWriter(f, h))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(to)
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
}

// Reused returns how many files were hard-linked from the old destination
// instead of written.
func (d *Dir) Reused() int { return int(d.reused.Load()) }

// mkdir makes the folder dir of the build and its parents, once each.
func (d *Dir) mkdir(dir string) error {
	d.mu.Lock()
	made := d.dirs[dir]
	d.mu.Unlock()
	if made {
		return nil
	}
	if err := d.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	// Two pages of one folder may get here at once: a folder another
	// goroutine made is as good as one made here.
	full := filepath.Join(d.tmp, filepath.FromSlash(dir))
	if _, wasFile := d.present[dir]; wasFile && d.staged {
		// The spare had a file where this build has a folder.
		d.mu.Lock()
		d.touched[dir] = true
		d.mu.Unlock()
		_ = os.Remove(full)
	}
	d.change(path.Dir(dir))
	d.change(dir)
	if err := os.Mkdir(full, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.mu.Lock()
	d.dirs[dir] = true
	d.mu.Unlock()
	return nil
}

// sameFile reports whether the file at name is a plain file, writable
// only by its owner like the ones Write makes, that holds exactly data.
func sameFile(name string, data []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o644 || st.Size() != int64(len(data)) {
		return false
	}
	buf := readBuf.Get().(*[]byte)
	defer readBuf.Put(buf)
	off := 0
	for {
		n, err := f.Read(*buf)
		if n > 0 {
			if off+n > len(data) || !bytes.Equal((*buf)[:n], data[off:off+n]) {
				return false
			}
			off += n
		}
		if err == io.EOF {
			return off == len(data)
		}
		if err != nil {
			return false
		}
	}
}

var readBuf = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// Commit replaces the destination with the new build.
func (d *Dir) Commit() error {
	if d.staged {
		if err := d.removeUntouched(); err != nil {
			return err
		}
	}
	old, err := swap(d.tmp, d.dest)
	if err != nil {
		return err
	}
	if old == "" {
		return nil
	}
	if d.keepOld {
		spare := SpareOf(d.dest)
		if err := os.RemoveAll(spare); err == nil && os.Rename(old, spare) == nil {
			return nil
		}
	}
	if d.RemoveOldLater && removeDetached(old) {
		return nil
	}
	return os.RemoveAll(old)
}

// removeUntouched deletes the spare's files that the build neither wrote
// nor kept, and the folders that leaves empty, so the build holds exactly
// its own files.
func (d *Dir) removeUntouched() error {
	var gone []string
	for name := range d.present {
		if !d.touched[name] {
			gone = append(gone, name)
		}
	}
	// Deepest first, so a folder is emptied before it is tried.
	slices.SortFunc(gone, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, name := range gone {
		d.change(path.Dir(name))
		if err := os.Remove(filepath.Join(d.tmp, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		// A folder that still has files is not removed: that is fine.
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			d.change(path.Dir(dir))
			if os.Remove(filepath.Join(d.tmp, filepath.FromSlash(dir))) != nil {
				break
			}
		}
	}
	return nil
}

// Abort throws the new build away. A spare being updated is kept as the
// spare: whatever the build changed in it, the next build checks.
func (d *Dir) Abort() error {
	if d.staged {
		spare := SpareOf(d.dest)
		if _, err := os.Lstat(spare); errors.Is(err, fs.ErrNotExist) && os.Rename(d.tmp, spare) == nil {
			return nil
		}
	}
	return os.RemoveAll(d.tmp)
}

// Memory keeps a build in memory, for the preview server.
type Memory struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// NewMemorySize returns an empty Memory with room for about n files, as
// many as the preview server's last build wrote: growing a map of 10,000
// files a step at a time is needless work on every rebuild.
func NewMemorySize(n int) *Memory { return &Memory{files: make(map[string][]byte, n)} }

// Write stores one file.
func (m *Memory) Write(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[name]; dup {
		return errors.New(name + " written twice")
	}
	m.files[name] = data
	return nil
}

// Files returns the stored files. The map must not be changed.
func (m *Memory) Files() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.files
}

// Names returns the stored file names, sorted.
func (m *Memory) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.files))
	for k := range m.files {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
