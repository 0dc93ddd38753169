package generator

import (
	"os"
	"sync/atomic"
)

// A bodySpill keeps pages' rendered Markdown in a temporary file between
// reading the pages and writing them. Every page must be read before any
// is written (menus, links between pages and the finder need them all),
// and the HTML was most of what a big build held in memory: half the live
// heap at 10,000 pages, doubled by the garbage collector's headroom. In
// the file it costs a write and a read per page and no memory of the
// process's own; the operating system keeps it in its page cache, which
// it can let go, or throws it away on close.
type bodySpill struct {
	f   *os.File
	end atomic.Int64
}

// spillRef is where one page's HTML is in a bodySpill.
type spillRef struct {
	off, n int64
}

// newBodySpill makes the file in dir, beside the output folder: on the
// disk the build writes to anyway, not in a temporary folder that may be
// in memory. It returns nil when it cannot, and the build then keeps the
// HTML in memory as before.
func newBodySpill(dir string) *bodySpill {
	f, err := os.CreateTemp(dir, ".localoffer-bodies-")
	if err != nil {
		return nil
	}
	// Unix lets an open file live on without a name, so not even a
	// crashed build leaves it behind; elsewhere close removes it.
	_ = os.Remove(f.Name())
	return &bodySpill{f: f}
}

// put writes html to the file; pages call it in parallel.
func (s *bodySpill) put(html []byte) (spillRef, error) {
	n := int64(len(html))
	off := s.end.Add(n) - n
	if _, err := s.f.WriteAt(html, off); err != nil {
		return spillRef{}, err
	}
	return spillRef{off, n}, nil
}

// get reads back what put wrote, into buf's memory when it is big enough
// (a worker's buffer, reused from page to page), else into new memory.
func (s *bodySpill) get(r spillRef, buf []byte) ([]byte, error) {
	if int64(cap(buf)) < r.n {
		buf = make([]byte, r.n)
	}
	buf = buf[:r.n]
	_, err := s.f.ReadAt(buf, r.off)
	return buf, err
}

func (s *bodySpill) close() {
	if s == nil {
		return
	}
	name := s.f.Name()
	_ = s.f.Close()
	_ = os.Remove(name)
}
