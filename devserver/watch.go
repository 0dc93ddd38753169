package devserver

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"localoffer/generator/content"
)

// batchDelay is how long the server waits after a change for more changes
// before it rebuilds: long enough to gather an editor's burst of writes,
// short enough to feel instant (Hugo's 500 ms tick is what makes its
// preview feel slow).
const batchDelay = 30 * time.Millisecond

// watchTree watches the site folder and every folder below content/,
// templates/ and static/. Folders, not files, are watched, so that
// editors' rename-over saves are seen.
func (s *Server) watchTree(w *fsnotify.Watcher, root string) {
	_ = w.Add(root)
	for _, dir := range []string{"content", "templates", "static"} {
		s.addDirs(w, filepath.Join(root, dir))
	}
}

func (s *Server) addDirs(w *fsnotify.Watcher, dir string) {
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if p != dir && content.IsIgnored(d.Name()) {
				return filepath.SkipDir
			}
			_ = w.Add(p)
		}
		return nil
	})
}

// watch batches file events and rebuilds after each batch.
func (s *Server) watch(ctx context.Context, w *fsnotify.Watcher) {
	var timer <-chan time.Time
	onlyCSS := true
	pending := false
	// edited are the content pages this batch wrote, while every change
	// in it was such a write; see patch.
	edited, onlyEdits := map[string]bool{}, true
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintln(s.opts.Log, "watch:", err)
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			// Write and rename operations are often followed by a CHMOD
			// that changes nothing of the content.
			if ev.Op == fsnotify.Chmod || content.IsIgnored(filepath.Base(ev.Name)) || !s.relevant(ev.Name) {
				continue
			}
			if ev.Op.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					s.addDirs(w, ev.Name)
				}
			}
			if strings.ToLower(filepath.Ext(ev.Name)) != ".css" {
				onlyCSS = false
			}
			if p, ok := s.pageWritten(ev); ok {
				edited[p] = true
			} else {
				onlyEdits = false
			}
			pending = true
			timer = time.After(batchDelay)
		case <-timer:
			if !pending {
				continue
			}
			var patched *snapshot
			if onlyEdits {
				if patched = s.patch(slices.Sorted(maps.Keys(edited))); patched != nil {
					s.broadcast("reload")
				}
			}
			// A patch is followed by a build of the whole site all the
			// same: the search index and the feed show pages' text, and
			// the build re-checks every file, which also catches what the
			// events may have missed (a file written through another
			// hard link). Only when it shows the pages differently from
			// the patch do open pages reload again.
			switch ok, changed := s.rebuild(ctx, patched); {
			case !changed:
			case ok && onlyCSS:
				s.broadcast("css")
			default:
				s.broadcast("reload")
			}
			pending, onlyCSS, timer = false, true, nil
			edited, onlyEdits = map[string]bool{}, true
		}
	}
}

// pageWritten returns the path under content/ of the page file that event
// ev wrote or created (an editor's save, in place or by renaming a new
// file over the old), and false for any other change.
func (s *Server) pageWritten(ev fsnotify.Event) (string, bool) {
	if ev.Op&^(fsnotify.Write|fsnotify.Create) != 0 || !strings.HasSuffix(ev.Name, ".md") {
		return "", false
	}
	rel, err := filepath.Rel(filepath.Join(s.opts.Source, "content"), ev.Name)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// siteEntries are the names in the site folder that a build reads. The
// folder itself is watched for them; other changes there (README.md,
// public/ being written by a build) do not cause a rebuild.
var siteEntries = map[string]bool{"site.toml": true, "netlify.toml": true, "content": true, "templates": true, "static": true}

func (s *Server) relevant(name string) bool {
	if filepath.Clean(filepath.Dir(name)) != filepath.Clean(s.opts.Source) {
		return true
	}
	return siteEntries[filepath.Base(name)]
}
