package cache

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math"
	"reflect"
	"slices"
	"sync"
	"time"

	"localoffer/generator/internal/parallel"
	"localoffer/generator/site"
)

// The rendered-page cache needs to know when a page would render to the
// same bytes as last time. A page's template can read the whole site (the
// navigation, its section's children, the finder's lists), so a page is
// reused only when both its own body and a fingerprint of everything else
// a template can read are unchanged.
//
// The fingerprint is taken by reflection over the site, so a field added
// to site.Page or config.Config later is covered without anyone
// remembering to list it. Fields tagged `fingerprint:"-"` are left out:
// a page's Body, Headings, Text, Words and Links (templates read only
// their own page's body and headings, which the body holds and which is
// compared separately) and the line numbers kept for messages. Generated
// pages' Data is hashed, since a generator may show what it read from
// other pages' untagged fields (the A to Z shows the glossary's
// headings). If a template ever reads another page's body or headings
// itself, that field must lose its tag; TestRenderCacheMatchesFreshBuild
// catches the mistake.

// State is everything but page bodies that decides how pages render.
type State struct {
	Site      *site.Site
	Templates [32]byte          // render.Templates.Sum
	Assets    map[string]string // static file name → published name
	BasePath  string
	Dev       bool // a preview build, whose pages differ
}

// SiteSum hashes st: the site, every page's metadata, the templates, the
// published names of static files and whether this is a preview.
func SiteSum(st State) [32]byte {
	f := newFingerprinter()
	f.str("localoffer render v1")
	f.boolean(st.Dev)
	f.bytes(st.Templates[:])
	f.str(st.BasePath)
	keys := make([]string, 0, len(st.Assets))
	for k := range st.Assets {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f.str(k)
		f.str(st.Assets[k])
	}
	f.value(reflect.ValueOf(st.Site).Elem())
	// Pages are hashed in parallel, each into its own digest, and the
	// digests in page order into the site's.
	pages := st.Site.Pages
	sums := make([][32]byte, len(pages))
	parallel.For(context.Background(), len(pages), func(i int) {
		sums[i] = PageSum(pages[i])
	})
	for _, s := range sums {
		f.buf = append(f.buf, s[:]...)
		if len(f.buf) >= 60<<10 {
			f.flush()
		}
	}
	return f.sum()
}

// PageSum hashes page p's own fields as SiteSum does: those a template
// of another page can read, and those of its own but its body and
// headings. Another page in the site is hashed as its address. Two
// versions of a page with the same PageSum and the same headings leave
// every other page rendering alike (a generator may show headings: the
// A to Z shows the glossary's, through its Data).
func PageSum(p *site.Page) [32]byte {
	// A fingerprinter's hash and buffer are reused: making them for each
	// of 10,000 pages was most of SiteSum's garbage.
	pf := fingerprinters.Get().(*fingerprinter)
	defer fingerprinters.Put(pf)
	pf.h.Reset()
	pf.buf = pf.buf[:0]
	pf.value(reflect.ValueOf(p).Elem())
	return pf.sum()
}

var fingerprinters = sync.Pool{New: func() any { return newFingerprinter() }}

// fingerprinter writes values into a hash unambiguously: every string and
// list is preceded by its length, so no two different values hash alike
// by running into each other.
type fingerprinter struct {
	h   hash.Hash
	buf []byte
}

func newFingerprinter() *fingerprinter {
	return &fingerprinter{h: sha256.New(), buf: make([]byte, 0, 4<<10)}
}

func (f *fingerprinter) flush() {
	if len(f.buf) > 0 {
		f.h.Write(f.buf)
		f.buf = f.buf[:0]
	}
}

func (f *fingerprinter) sum() [32]byte {
	f.flush()
	var out [32]byte
	f.h.Sum(out[:0])
	return out
}

func (f *fingerprinter) u64(n uint64) {
	f.buf = binary.LittleEndian.AppendUint64(f.buf, n)
	if len(f.buf) >= 60<<10 {
		f.flush()
	}
}

func (f *fingerprinter) boolean(v bool) {
	if v {
		f.u64(1)
	} else {
		f.u64(0)
	}
}

func (f *fingerprinter) bytes(b []byte) {
	f.u64(uint64(len(b)))
	if len(b) > 4<<10 {
		f.flush()
		f.h.Write(b)
		return
	}
	f.buf = append(f.buf, b...)
}

func (f *fingerprinter) str(s string) {
	f.u64(uint64(len(s)))
	f.buf = append(f.buf, s...)
	if len(f.buf) >= 60<<10 {
		f.flush()
	}
}

var (
	pagePtrType = reflect.TypeFor[*site.Page]()
	timeType    = reflect.TypeFor[time.Time]()
)

// value hashes v. A *site.Page met inside another value is hashed as its
// address only: every page's own fields are hashed once, at the top.
func (f *fingerprinter) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		f.boolean(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		f.u64(math.Float64bits(v.Float()))
	case reflect.String:
		f.str(v.String())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			f.bytes(v.Bytes())
			return
		}
		fallthrough
	case reflect.Array:
		f.u64(uint64(v.Len()))
		for i := range v.Len() {
			f.value(v.Index(i))
		}
	case reflect.Map:
		f.mapValue(v)
	case reflect.Pointer:
		if v.IsNil() {
			f.u64(0)
			return
		}
		f.u64(1)
		if v.Type() == pagePtrType {
			f.str(v.Interface().(*site.Page).URL)
			return
		}
		f.value(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			f.u64(0)
			return
		}
		f.str(v.Elem().Type().String())
		f.value(v.Elem())
	case reflect.Struct:
		if v.Type() == timeType {
			t := v.Interface().(time.Time)
			f.u64(uint64(t.Unix()))
			f.u64(uint64(t.Nanosecond()))
			f.str(t.Location().String())
			return
		}
		for _, i := range hashedFields(v.Type()) {
			f.value(v.Field(i))
		}
	case reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Invalid:
		// Not data a template prints.
		f.u64(uint64(v.Kind()))
	default:
		f.u64(uint64(v.Kind()))
	}
}

// fieldPlans caches, for each struct type, the indexes of the fields that
// are hashed: reflect.Type.Field allocates, and the site has many pages.
var fieldPlans sync.Map // reflect.Type → []int

func hashedFields(t reflect.Type) []int {
	if plan, ok := fieldPlans.Load(t); ok {
		return plan.([]int)
	}
	var plan []int
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.IsExported() && sf.Tag.Get("fingerprint") != "-" {
			plan = append(plan, i)
		}
	}
	fieldPlans.Store(t, plan)
	return plan
}

// mapValue hashes a map's entries in the order of their hashed keys, so
// Go's random map order does not change the fingerprint.
func (f *fingerprinter) mapValue(v reflect.Value) {
	type entry struct{ key, val []byte }
	entries := make([]entry, 0, v.Len())
	iter := v.MapRange()
	for iter.Next() {
		k := &fingerprinter{h: sha256.New()}
		k.value(iter.Key())
		e := &fingerprinter{h: sha256.New()}
		e.value(iter.Value())
		ks, es := k.sum(), e.sum()
		entries = append(entries, entry{ks[:], es[:]})
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Or(bytes.Compare(a.key, b.key), bytes.Compare(a.val, b.val)) })
	f.u64(uint64(len(entries)))
	for _, e := range entries {
		f.buf = append(f.buf, e.key...)
		f.buf = append(f.buf, e.val...)
	}
}
