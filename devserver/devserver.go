// Package devserver is the preview server behind `localoffer serve`.
//
// It builds the whole site into memory, serves it on a loopback address,
// watches the site's folders, and rebuilds after every batch of changes.
// A rebuild is always a full one (rendered pages whose files did not
// change are reused through cache.Cache), so a renamed, deleted or
// re-slugged page is never served stale. When a batch only changed the
// text of some pages, those pages are first rendered again on their own
// and swapped in (generator.Result.Patch: a few milliseconds, where a
// full rebuild of 10,000 pages takes a few hundred), then the full
// rebuild follows. The served site is swapped in whole, so a reader never
// gets half of one build and half of another.
//
// When a build fails, the last good site stays up and every page shows
// the errors on top; fixing the file clears them. Pages reload themselves
// after each rebuild through Server-Sent Events and a small script served
// from /_localoffer/reload.js (the site's CSP forbids inline scripts).
// Each page names the build it came from, and the event stream starts by
// naming the current one, so a page that missed a rebuild (the server
// restarted, the laptop slept) reloads as soon as it reconnects.
//
// The files follow the jobs: devserver.go starts the server and swaps
// builds in, serve.go answers requests, watch.go turns file changes into
// rebuilds, and netlify.go reads netlify.toml's headers and redirects.
package devserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"localoffer/generator"
	"localoffer/generator/cache"
	"localoffer/generator/diag"
	"localoffer/generator/publish"
)

// Options configure a Server.
type Options struct {
	Source string
	Host   string // default 127.0.0.1
	Port   int    // 0 picks a free port
	Drafts bool
	Log    io.Writer
}

// snapshot is one build as served. It is never changed after it is stored.
type snapshot struct {
	// id names this build, so that a page can tell whether it is out of
	// date when its event stream (re)connects; see reload.js.
	id        string
	files     map[string][]byte
	headers   []headerRule
	redirects []redirectRule
	// aliases maps each page's old addresses to the page's, as the
	// _redirects file the build writes does; see aliasesOf.
	aliases map[string]string
	errors  []string // the last build's errors, shown over every page
	// built is the build behind files, for Result.Patch; nil when it
	// failed.
	built *generator.Result
}

// Server is a running preview server.
type Server struct {
	opts  Options
	cache *cache.Cache
	snap  atomic.Pointer[snapshot]
	URL   string
	// LANURLs are the addresses other devices on the network can use, when
	// the server listens on all of them (--host 0.0.0.0).
	LANURLs []string

	// instance and builds make snapshot ids unique across restarts too.
	instance string
	builds   atomic.Int64

	mu      sync.Mutex
	clients map[chan string]struct{}
}

// Start builds the site, starts serving it and watching for changes, and
// returns once the server is listening. It stops when ctx is cancelled.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Host == "" {
		opts.Host = "127.0.0.1"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if st, err := os.Stat(filepath.Join(opts.Source, "site.toml")); err != nil || st.IsDir() {
		return nil, fmt.Errorf("%s has no site.toml; pass --source with the site's folder", opts.Source)
	}
	s := &Server{opts: opts, cache: cache.New(), clients: map[chan string]struct{}{},
		instance: strconv.FormatInt(time.Now().UnixNano(), 36)}
	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Host, fmt.Sprint(opts.Port)))
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("port %d is already in use, perhaps by another preview; stop it, or pass --port 0 to pick a free port", opts.Port)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s port %d: %v; pass another --host or --port", opts.Host, opts.Port, err)
	}
	s.URL = "http://" + ln.Addr().String() + "/"
	if ip := net.ParseIP(opts.Host); ip != nil && ip.IsUnspecified() {
		// Listening on every address: this machine is reached as 127.0.0.1.
		port := ln.Addr().(*net.TCPAddr).Port
		s.URL = fmt.Sprintf("http://127.0.0.1:%d/", port)
		s.LANURLs = lanURLs(port)
	}
	// Watch before the first build, so that a save during it is not missed.
	w, err := fsnotify.NewWatcher()
	if err != nil {
		ln.Close()
		return nil, err
	}
	s.watchTree(w, opts.Source)
	s.rebuild(ctx, nil)
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	go s.watch(ctx, w)
	go func() {
		<-ctx.Done()
		s.closeClients()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
		_ = w.Close()
	}()
	return s, nil
}

// patch shows the edits of the content pages at paths (under content/)
// at once, when only their text changed (see generator.Result.Patch): it
// swaps in the last build's files with those pages rendered again and
// returns the new snapshot, or nil when the site must be built instead.
func (s *Server) patch(paths []string) *snapshot {
	start := time.Now()
	old := s.snap.Load()
	if len(paths) == 0 || old == nil || old.built == nil || len(old.errors) > 0 {
		return nil
	}
	pages, ok := old.built.Patch(paths)
	if !ok {
		return nil
	}
	next := *old
	next.id = fmt.Sprintf("%s-%d", s.instance, s.builds.Add(1))
	next.files = maps.Clone(old.files)
	maps.Copy(next.files, pages)
	s.snap.Store(&next)
	fmt.Fprintf(s.opts.Log, "showed %s in %d ms; checking the rest of the site\n", count(len(pages), "edited page"), time.Since(start).Milliseconds())
	return &next
}

// rebuild builds the site and swaps it in, or keeps the last good site and
// records the errors. It returns whether the build succeeded, and whether
// pages may look different from the snapshot patched, which a build that
// follows a patch (not nil) takes the place of: if not, it keeps its id, so
// open pages need not reload again.
func (s *Server) rebuild(ctx context.Context, patched *snapshot) (ok, changed bool) {
	start := time.Now()
	old := s.snap.Load()
	n := 0
	if old != nil {
		n = len(old.files)
	}
	mem := publish.NewMemorySize(n)
	res, err := generator.Build(ctx, generator.Options{Source: s.opts.Source, Drafts: s.opts.Drafts, Output: mem, Cache: s.cache, Dev: true})
	var msgs []string
	var de *diag.Errors
	switch {
	case errors.As(err, &de):
		for _, d := range de.List {
			msgs = append(msgs, d.String())
		}
	case err != nil:
		msgs = []string{err.Error()}
	}
	next := &snapshot{id: fmt.Sprintf("%s-%d", s.instance, s.builds.Add(1)), files: map[string][]byte{}}
	next.headers, next.redirects, err = readNetlify(s.opts.Source)
	if err != nil {
		// Netlify would refuse the file too: say so, and keep answering
		// with the last rules that could be read.
		msgs = append(msgs, err.Error())
		if old != nil {
			next.headers, next.redirects = old.headers, old.redirects
		}
	}
	next.errors = msgs
	switch {
	case res != nil:
		next.files, next.aliases = mem.Files(), aliasesOf(res.Site)
		if len(msgs) == 0 {
			next.built = res
		}
	case old != nil:
		next.files, next.aliases = old.files, old.aliases
	}
	changed = patched == nil || !samePages(patched, next)
	if !changed {
		next.id = patched.id
	}
	s.snap.Store(next)
	for _, m := range msgs {
		fmt.Fprintln(s.opts.Log, m)
	}
	switch {
	case res == nil:
		fmt.Fprintf(s.opts.Log, "the site could not be built: %s; still serving the last good site\n", count(len(msgs), "problem"))
	case len(msgs) > 0:
		fmt.Fprintf(s.opts.Log, "built %d pages, but %s\n", res.Pages, count(len(msgs), "problem"))
	case old == nil:
		fmt.Fprintf(s.opts.Log, "built %d pages in %d ms\n", res.Pages, time.Since(start).Milliseconds())
	default:
		fmt.Fprintf(s.opts.Log, "rebuilt %d pages in %d ms (%s read, %s rendered again)\n", res.Pages, time.Since(start).Milliseconds(),
			count(res.Read, "file"), count(res.Rendered, "page"))
	}
	return len(msgs) == 0, changed
}

// samePages reports whether snapshots a and b show every page alike: the
// same HTML files, problems and redirects. (Other files, such as the
// search index, are fetched afresh when used.)
func samePages(a, b *snapshot) bool {
	if len(a.files) != len(b.files) || !slices.Equal(a.errors, b.errors) || !maps.Equal(a.aliases, b.aliases) {
		return false
	}
	for name, data := range a.files {
		other, ok := b.files[name]
		if !ok || strings.HasSuffix(name, ".html") && !bytes.Equal(data, other) {
			return false
		}
	}
	return true
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// lanURLs returns this machine's non-loopback addresses as preview URLs.
func lanURLs(port int) []string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []string
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() || n.IP.To4() == nil || n.IP.IsLinkLocalUnicast() {
			continue
		}
		out = append(out, "http://"+net.JoinHostPort(n.IP.String(), fmt.Sprint(port))+"/")
	}
	return out
}
