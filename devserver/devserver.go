// Package devserver is the preview server behind `localoffer serve`.
//
// It builds the whole site into memory, serves it on a loopback address,
// watches the site's folders, and rebuilds after every batch of changes.
// A rebuild is always a full one (rendered pages whose files did not
// change are reused through generator.Cache), so a renamed, deleted or
// re-slugged page is never served stale. The served site is swapped in
// whole, so a reader never gets half of one build and half of another.
//
// When a build fails, the last good site stays up and every page shows
// the errors on top; fixing the file clears them. Pages reload themselves
// after each rebuild through Server-Sent Events and a small script served
// from /_localoffer/reload.js (the site's CSP forbids inline scripts).
// Each page names the build it came from, and the event stream starts by
// naming the current one, so a page that missed a rebuild (the server
// restarted, the laptop slept) reloads as soon as it reconnects.
package devserver

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/fsnotify/fsnotify"

	"localoffer/generator"
	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/publish"
)

//go:embed assets
var assets embed.FS

// batchDelay is how long the server waits after a change for more changes
// before it rebuilds: long enough to gather an editor's burst of writes,
// short enough to feel instant (Hugo's 500 ms tick is what makes its
// preview feel slow).
const batchDelay = 30 * time.Millisecond

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
	errors    []string // the last build's errors, shown over every page
}

// redirectRule is a netlify.toml [[redirects]] rule.
type redirectRule struct {
	From   string `toml:"from"`
	To     string `toml:"to"`
	Status int    `toml:"status"`
	Force  bool   `toml:"force"`
}

// match returns where the rule sends p, or "" when it does not apply.
// It understands a trailing /* splat (:splat in to) and :name segments.
func (r redirectRule) match(p string) string {
	vars := map[string]string{}
	from := r.From
	if strings.HasSuffix(from, "/*") {
		prefix := strings.TrimSuffix(from, "*")
		if !strings.HasPrefix(p, prefix) && p+"/" != prefix {
			return ""
		}
		vars["splat"] = strings.TrimPrefix(p, prefix)
		from = strings.TrimSuffix(prefix, "/")
		p = strings.TrimSuffix(p[:min(len(p), len(from))], "/")
	}
	fs, ps := strings.Split(strings.Trim(from, "/"), "/"), strings.Split(strings.Trim(p, "/"), "/")
	if len(fs) != len(ps) {
		return ""
	}
	for i, f := range fs {
		switch {
		case strings.HasPrefix(f, ":"):
			vars[f[1:]] = ps[i]
		case f != ps[i]:
			return ""
		}
	}
	to := r.To
	for k, v := range vars {
		to = strings.ReplaceAll(to, ":"+k, v)
	}
	return to
}

type headerRule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// Server is a running preview server.
type Server struct {
	opts  Options
	cache *generator.Cache
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
	s := &Server{opts: opts, cache: generator.NewCache(), clients: map[chan string]struct{}{},
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
	s.rebuild(ctx)
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

// rebuild builds the site and swaps it in, or keeps the last good site and
// records the errors. It returns whether the build succeeded.
func (s *Server) rebuild(ctx context.Context) bool {
	start := time.Now()
	mem := publish.NewMemory()
	res, err := generator.Build(ctx, generator.Options{Source: s.opts.Source, Drafts: s.opts.Drafts, Output: mem, Cache: s.cache, Dev: true})
	old := s.snap.Load()
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
		next.files = mem.Files()
	case old != nil:
		next.files = old.files
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
	return len(msgs) == 0
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

// readNetlify reads the [[headers]] and [[redirects]] of netlify.toml, so
// the preview answers as production does.
func readNetlify(source string) ([]headerRule, []redirectRule, error) {
	var cfg struct {
		Headers   []headerRule   `toml:"headers"`
		Redirects []redirectRule `toml:"redirects"`
	}
	data, err := os.ReadFile(filepath.Join(source, "netlify.toml"))
	if err != nil {
		return nil, nil, nil // no netlify.toml: no rules
	}
	if _, err := toml.Decode(string(data), &cfg); err != nil {
		where, msg := "netlify.toml", strings.TrimPrefix(err.Error(), "toml: ")
		var pe toml.ParseError
		if errors.As(err, &pe) {
			where, msg = fmt.Sprintf("netlify.toml:%d", pe.Position.Line), pe.Message
		}
		return nil, nil, fmt.Errorf("%s: %s; fix it, or Netlify will not deploy the site", where, msg)
	}
	return cfg.Headers, cfg.Redirects, nil
}

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
			pending = true
			timer = time.After(batchDelay)
		case <-timer:
			if !pending {
				continue
			}
			ok := s.rebuild(ctx)
			if ok && onlyCSS {
				s.broadcast("css")
			} else {
				s.broadcast("reload")
			}
			pending, onlyCSS, timer = false, true, nil
		}
	}
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

func (s *Server) broadcast(event string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- event:
		default:
		}
	}
}

func (s *Server) closeClients() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		close(c)
		delete(s.clients, c)
	}
}

// ServeHTTP serves the current snapshot.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Refuse other host names, so that a web page cannot reach the preview
	// through DNS rebinding, which needs a name. An address typed as
	// numbers is fine: that is how a phone on the same network reaches a
	// preview started with --host 0.0.0.0.
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host != "localhost" && host != s.opts.Host && net.ParseIP(host) == nil {
		http.Error(w, "this preview only answers to localhost or an IP address", http.StatusForbidden)
		return
	}
	if strings.Contains(r.URL.Path, "..") || strings.Contains(r.URL.RawPath, "%2e") || strings.Contains(strings.ToLower(r.URL.RawPath), "%2f") || strings.Contains(r.URL.Path, "\\") {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	snap := s.snap.Load()
	switch r.URL.Path {
	case "/_localoffer/events":
		s.events(w, r)
		return
	case "/_localoffer/reload.js", "/_localoffer/overlay.css":
		data, _ := assets.ReadFile("assets/" + path.Base(r.URL.Path))
		w.Header().Set("Content-Type", contentType(r.URL.Path))
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(data)
		return
	}
	for _, h := range snap.headers {
		if match(h.For, r.URL.Path) {
			for k, v := range h.Values {
				w.Header().Set(k, v)
			}
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	name := generator.OutputName(r.URL.Path)
	data, ok := snap.files[name]
	for _, rule := range snap.redirects {
		to := rule.match(r.URL.Path)
		if to == "" || (ok && !rule.Force) {
			continue
		}
		switch rule.Status {
		case 200, 404:
			// A rewrite: serve the target's file at this address.
			target := generator.OutputName(strings.SplitN(to, "?", 2)[0])
			if d, found := snap.files[target]; found {
				w.Header().Set("Content-Type", contentType(target))
				if strings.HasSuffix(target, ".html") {
					d = inject(d, snap)
				}
				w.WriteHeader(rule.Status)
				_, _ = w.Write(d)
				return
			}
		default:
			status := rule.Status
			if status == 0 {
				status = http.StatusMovedPermanently
			}
			http.Redirect(w, r, to, status)
			return
		}
	}
	if !ok && !strings.HasSuffix(r.URL.Path, "/") {
		if _, dir := snap.files[name+"/index.html"]; dir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	if !ok {
		if to := aliasTarget(snap.files["_redirects"], r.URL.Path); to != "" {
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusNotFound
		name = "404.html"
		data = snap.files[name]
	}
	if len(snap.files) == 0 {
		// The site has not built once yet: there is only the overlay to
		// show, in a page of its own.
		status, name = http.StatusServiceUnavailable, "problems.html"
		data = []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Problems to fix</title></head><body></body></html>`)
	}
	w.Header().Set("Content-Type", contentType(name))
	if strings.HasSuffix(name, ".html") {
		data = inject(data, snap)
	}
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan string, 4)
	s.mu.Lock()
	s.clients[c] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	// hello tells a page which build is current: one loaded from an older
	// build (the server restarted, or a rebuild finished before the page
	// connected) reloads at once.
	fmt.Fprintf(w, "event: hello\ndata: %s\n\n", s.snap.Load().id)
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev, s.snap.Load().id)
			flusher.Flush()
		}
	}
}

// inject adds the reload script, which knows the build the page comes
// from, and the error overlay when the last build had problems.
func inject(page []byte, snap *snapshot) []byte {
	var add bytes.Buffer
	if len(snap.errors) > 0 {
		add.WriteString(`<link rel="stylesheet" href="/_localoffer/overlay.css"><div class="localoffer-overlay" role="alert"><h2>Problems to fix</h2><p>Fix these problems and save; this page will update by itself.</p><pre>`)
		add.WriteString(html.EscapeString(strings.Join(snap.errors, "\n")))
		add.WriteString(`</pre></div>`)
	}
	add.WriteString(`<script src="/_localoffer/reload.js?build=` + url.QueryEscape(snap.id) + `" defer></script>`)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte{}, page...), add.Bytes()...)
	}
	out := make([]byte, 0, len(page)+add.Len())
	out = append(out, page[:i]...)
	out = append(out, add.Bytes()...)
	return append(out, page[i:]...)
}

func aliasTarget(redirects []byte, p string) string {
	for _, line := range strings.Split(string(redirects), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && (f[0] == p || f[0] == p+"/") {
			return f[1]
		}
	}
	return ""
}

func match(pattern, p string) bool {
	if strings.HasSuffix(pattern, "*") {
		return strings.HasPrefix(p, strings.TrimSuffix(pattern, "*"))
	}
	return pattern == p
}

var types = map[string]string{
	".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
	".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml; charset=utf-8",
	".txt": "text/plain; charset=utf-8", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
	".webp": "image/webp", ".ico": "image/x-icon", ".pdf": "application/pdf",
}

// contentType uses a fixed table rather than the machine's MIME files, so
// every machine answers alike.
func contentType(name string) string {
	if t, ok := types[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	if path.Base(name) == "_redirects" {
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}
