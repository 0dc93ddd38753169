package publish

import (
	"bytes"
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

// Write writes one file of the build.
func (d *Dir) Write(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	if err := d.mkdir(path.Dir(name)); err != nil {
		return err
	}
	to := filepath.Join(d.tmp, filepath.FromSlash(name))
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
	if err := os.Link(filepath.Join(d.old, filepath.FromSlash(name)), filepath.Join(d.tmp, filepath.FromSlash(name))); err != nil {
		return err
	}
	d.reused.Add(1)
	return nil
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
	if err := os.Mkdir(filepath.Join(d.tmp, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
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
	old, err := swap(d.tmp, d.dest)
	if err != nil {
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort throws the new build away.
func (d *Dir) Abort() error { return os.RemoveAll(d.tmp) }

// Memory keeps a build in memory, for the preview server.
type Memory struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

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
