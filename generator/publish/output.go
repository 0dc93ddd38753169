package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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
type Dir struct {
	dest string
	tmp  string

	mu   sync.Mutex
	dirs map[string]bool
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
	return &Dir{dest: dest, tmp: tmp, dirs: map[string]bool{".": true}}, nil
}

// Write writes one file of the build.
func (d *Dir) Write(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	dir := path.Dir(name)
	d.mu.Lock()
	made := d.dirs[dir]
	d.mu.Unlock()
	if !made {
		if err := os.MkdirAll(filepath.Join(d.tmp, filepath.FromSlash(dir)), 0o755); err != nil {
			return err
		}
		d.mu.Lock()
		d.dirs[dir] = true
		d.mu.Unlock()
	}
	return os.WriteFile(filepath.Join(d.tmp, filepath.FromSlash(name)), data, 0o644)
}

// Commit replaces the destination with the new build.
func (d *Dir) Commit() error {
	old := ""
	if _, err := os.Lstat(d.dest); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.dest, old); err != nil {
			return fmt.Errorf("move the old site aside: %w", err)
		}
	}
	if err := os.Rename(d.tmp, d.dest); err != nil {
		if old != "" {
			// Put the old site back so the destination is never left empty.
			_ = os.Rename(old, d.dest)
		}
		return fmt.Errorf("move the new site into place: %w", err)
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
