// Package search writes the site's search index: a small JSON file the
// search box's script downloads once and searches in the browser, so what
// a reader types never leaves their phone.
//
// To stay small on slow, capped mobile data, the index keeps each page's
// title, description and headings as written, but its body only as the set
// of distinct lower-case words. It also carries the synonyms editors keep
// in content/_synonyms.toml, which map the words care leavers type ("uni",
// "flat", "job") to the words the pages use, and the finder's age pages,
// so that a reader who types their age ("I'm 19") is offered the page for
// that age first.
package search

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/finder"
	"localoffer/generator/site"
	"localoffer/generator/tomldoc"
)

// File is where the index is published.
const File = "search-index.json"

// SynonymsFile is where editors keep synonyms, under content/.
const SynonymsFile = "_synonyms.toml"

// LoadSynonyms reads content/_synonyms.toml: a [words] table mapping a word
// to the words it should also find. A missing file means no synonyms.
func LoadSynonyms(contentFS fs.FS) (map[string][]string, diag.List) {
	return LoadSynonymsFor(contentFS, "en")
}

// FileFor returns the name of the search index of a language: File for
// English, "search-index.ar.json" for Arabic.
func FileFor(lang string) string {
	if lang == "en" || lang == "" {
		return File
	}
	return strings.TrimSuffix(File, ".json") + "." + lang + ".json"
}

// LoadSynonymsFor reads the synonyms of a language: content/_synonyms.toml
// for English, content/_synonyms.ar.toml for Arabic. A language without a
// file has none.
func LoadSynonymsFor(contentFS fs.FS, lang string) (map[string][]string, diag.List) {
	name := SynonymsFile
	if lang != "en" && lang != "" {
		name = strings.TrimSuffix(SynonymsFile, ".toml") + "." + lang + ".toml"
	}
	data, err := fs.ReadFile(contentFS, name)
	if err != nil {
		return nil, nil
	}
	text := string(data)
	doc, syn := tomldoc.Parse("content/"+name, text, 1)
	if syn != nil {
		return nil, diag.List{*syn}
	}
	out := map[string][]string{}
	if words := doc.Root().Table("words"); words != nil {
		for _, k := range words.Keys() {
			list := words.Strings(k)
			for i := range list {
				list[i] = strings.ToLower(list[i])
			}
			out[strings.ToLower(k)] = list
		}
	}
	doc.Root().Done("words")
	return out, doc.Diags
}

type index struct {
	Pages    [][5]string         `json:"p"` // url, title, description, headings, body words
	Synonyms map[string][]string `json:"s"`
	Ages     [][5]any            `json:"a"` // lowest age, highest age, url, title, description
}

// Index returns the search index of every English content page of s and
// the finder, as WriteIndexFor writes it.
func Index(s *site.Site, synonyms map[string][]string) []byte {
	return indexFor(s, synonyms, "en").marshal()
}

// WriteIndexFor writes the search index of the pages in one language to
// w, a piece at a time: the index of a big site is most of its pages'
// words (2 MB at 1,000 pages, 18 MB at 10,000), and held whole while the
// pages rendered it was the largest thing a build had in memory. Only
// English has the finder's pages, which are in English. Its bytes depend
// only on the site, so builds stay identical.
func WriteIndexFor(w io.Writer, s *site.Site, synonyms map[string][]string, lang string) error {
	return indexFor(s, synonyms, lang).writeTo(w)
}

func indexFor(s *site.Site, synonyms map[string][]string, lang string) index {
	idx := index{Synonyms: synonyms, Pages: make([][5]string, 0, len(s.Pages))}
	if idx.Synonyms == nil {
		idx.Synonyms = map[string][]string{}
	}
	for _, p := range s.Pages {
		if p.IsTranslation() != (lang != "en") || p.IsTranslation() && p.Lang != lang {
			continue
		}
		// Generated finder pages repeat what the content pages say; the
		// finder's index stays so that "what can I get" finds it.
		if p.Kind == site.Generated && !p.Searchable {
			continue
		}
		var heads []string
		for _, h := range p.Headings {
			heads = append(heads, h.Text)
		}
		w := p.Words
		if w == "" {
			w = Words(p.Text, p.Offers)
		}
		idx.Pages = append(idx.Pages, [5]string{p.URL, p.Title, p.Description, strings.Join(heads, " | "), w})
	}
	if len(idx.Pages) == 0 {
		idx.Pages = nil // as before it was made room for: "p":null
	}
	// The age pages stay out of the page list, where they would match
	// every query about anything in the offer; the script shows the one
	// for an age the reader types.
	idx.Ages = [][5]any{}
	for _, g := range finder.AgeGroups {
		if lang != "en" {
			break
		}
		for _, p := range s.Pages {
			if p.URL == finder.Base+"age-"+g.Key+"/" {
				idx.Ages = append(idx.Ages, [5]any{g.Lo, g.Hi, p.URL, p.Title, p.Description})
			}
		}
	}
	return idx
}

// marshal returns what writeTo writes.
func (x index) marshal() []byte {
	var b bytes.Buffer
	_ = x.writeTo(&b) // a bytes.Buffer takes every write
	return b.Bytes()
}

// writeTo writes json.Marshal(x) to w, faster, in pieces of about 32 KB:
// the page list is most of a big site's index, and json.Marshal, by
// reflection into a buffer that kept doubling, was a fifth of a
// rebuild's time. The list is written by hand; the rest is small and goes
// through json.Marshal. TestIndexMarshal checks the bytes are the same.
func (x index) writeTo(w io.Writer) error {
	if x.Pages == nil {
		data, _ := json.Marshal(x)
		_, err := w.Write(data)
		return err
	}
	const piece = 32 << 10
	out := make([]byte, 0, 2*piece)
	out = append(out, `{"p":[`...)
	for i, row := range x.Pages {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, '[')
		for j, f := range row[:4] {
			if j > 0 {
				out = append(out, ',')
			}
			out = appendJSONString(out, f)
		}
		// The body words, most of the index, are letters, digits and £
		// only (see words), which JSON writes as they are: they need no
		// look for escapes. TestWordsNeedNoEscapes holds words to that.
		out = append(out, ',', '"')
		out = append(out, row[4]...)
		out = append(out, '"', ']')
		if len(out) >= piece {
			if _, err := w.Write(out); err != nil {
				return err
			}
			out = out[:0]
		}
	}
	syn, _ := json.Marshal(x.Synonyms)
	ages, _ := json.Marshal(x.Ages)
	out = append(out, `],"s":`...)
	out = append(out, syn...)
	out = append(out, `,"a":`...)
	out = append(out, ages...)
	out = append(out, '}')
	_, err := w.Write(out)
	return err
}

// plainJSON says which ASCII bytes json.Marshal writes as they are: not
// control characters, quotes, backslashes, or the HTML-special <, > and &.
var plainJSON = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return t
}()

// appendJSONString appends s as json.Marshal writes it. Text that needs
// no escaping (most of it: lower-case words) is copied; anything else
// goes through json.Marshal, so every escape is exactly its own.
func appendJSONString(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			// Valid UTF-8 is copied, but for the two line separators
			// json.Marshal escapes for JavaScript's sake.
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
				q, _ := json.Marshal(s)
				return append(dst, q...)
			}
			i += size
			continue
		}
		if !plainJSON[c] {
			q, _ := json.Marshal(s)
			return append(dst, q...)
		}
		i++
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// Words returns what the index keeps of a page's body and offers: their
// distinct words, lower-cased and sorted, leaving out words of one or two
// letters. The build computes it once per page file and keeps it in
// site.Page.Words, since it is the slowest part of writing the index.
func Words(text string, offers []content.Offer) string {
	if len(offers) == 0 {
		return words(text) // without copying the page's text
	}
	var b strings.Builder
	b.WriteString(text)
	for _, o := range offers {
		b.WriteString(" " + o.Name + " " + o.How + " " + o.Amount.Text)
	}
	return words(b.String())
}

func words(text string) string {
	// This runs once per page on every build. It makes one pass over the
	// text, folding and lower-casing each letter as it goes (as foldArabic
	// and strings.ToLower would, rune by rune, without copying the whole
	// text twice), and sorts only the distinct words: a page repeats most
	// of its words, and sorting them all was the slowest part.
	// The set and the list are lent by a pool: a new set per page was
	// the largest allocation of a big build after goldmark's.
	sc := wordsScratch.Get().(*wordsSets)
	defer func() {
		clear(sc.seen)
		clear(sc.out)
		sc.out = sc.out[:0]
		wordsScratch.Put(sc)
	}()
	seen := sc.seen
	out := sc.out
	var word [64]byte
	w := word[:0]
	runes := 0
	end := func() {
		if runes >= 3 && len(w) >= 3 {
			if _, ok := seen[string(w)]; !ok {
				s := string(w)
				seen[s] = struct{}{}
				out = append(out, s)
			}
		}
		w, runes = w[:0], 0
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				if len(w) > 0 {
					end()
				}
				continue
			}
			w = append(w, c)
			runes++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if size == 1 { // not UTF-8: strings.ToLower would make it U+FFFD, which splits words
			if len(w) > 0 {
				end()
			}
			continue
		}
		r = foldArabicRune(r)
		if r < 0 {
			continue
		}
		r = unicode.ToLower(r)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '£' {
			if len(w) > 0 {
				end()
			}
			continue
		}
		w = utf8.AppendRune(w, r)
		runes++
	}
	if len(w) > 0 {
		end()
	}
	slices.Sort(out)
	sc.out = out
	return strings.Join(out, " ")
}

type wordsSets struct {
	seen map[string]struct{}
	out  []string
}

var wordsScratch = sync.Pool{New: func() any {
	return &wordsSets{seen: make(map[string]struct{}, 256), out: make([]string, 0, 256)}
}}

// foldArabicRune drops Arabic vowel marks (harakat, shadda, the dagger alef)
// and the stretching tatweel, and makes the forms of alef with hamza or
// madda plain alef, as the search script does with what a reader types:
// readers rarely type the marks, and a mark inside a word would otherwise
// split it in two ("مفوّض" into "مفو" and "ض").
// It returns -1 for a letter to drop.
func foldArabicRune(r rune) rune {
	switch {
	case r >= '\u064B' && r <= '\u065F', r == '\u0670', r == '\u0640':
		return -1
	case r == '\u0622', r == '\u0623', r == '\u0625':
		return '\u0627'
	}
	return r
}
