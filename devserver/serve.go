package devserver

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"

	"localoffer/generator"
	"localoffer/generator/publish"
	"localoffer/generator/site"
	"localoffer/generator/sitefiles"
)

//go:embed assets
var assets embed.FS

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
		w.Header().Set("Content-Type", publish.MediaType(r.URL.Path))
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(data)
		return
	}
	// As Netlify does, every matching rule adds its headers: two rules
	// that set one header send it twice, as the live site would.
	for _, h := range append(snap.headers, readHeadersFile(snap.files["_headers"])...) {
		if match(h.For, r.URL.Path) {
			for k, v := range h.Values {
				w.Header().Add(k, v)
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
				w.Header().Set("Content-Type", publish.MediaType(target))
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
		if to := snap.alias(r.URL.Path); to != "" {
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
	w.Header().Set("Content-Type", publish.MediaType(name))
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

// aliasesOf returns the redirects that the build writes into Netlify's
// _redirects file, taken from the built site itself: from each alias of
// each page to the page, both under the site's base path.
func aliasesOf(s *site.Site) map[string]string {
	base := s.Config.BasePath()
	out := map[string]string{}
	for _, a := range sitefiles.Aliases(s) {
		out[base+a.From] = base + a.To
	}
	return out
}

// alias returns the address a request for p is redirected to as an old
// address of a page, or "". A request for "/old" finds the alias "/old/"
// too.
func (snap *snapshot) alias(p string) string {
	if to, ok := snap.aliases[p]; ok {
		return to
	}
	return snap.aliases[p+"/"]
}
