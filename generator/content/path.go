package content

import (
	"path"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// IndexFile is the name of a section's own page.
const IndexFile = "_index.md"

// GlossaryPage is the page whose ### headings are the site's glossary
// terms: the A to Z lists them and check asks pages to link to them.
const GlossaryPage = "words-explained.md"

// validSlug reports whether s matches ^[a-z0-9]+(-[a-z0-9]+)*$: lower-case
// letters and digits in words joined by single hyphens. It is written out
// rather than a regexp because every build checks every page's path, and
// at 10,000 pages the regexp was a tenth of a preview rebuild's reading.
func validSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// SplitLang splits the path of a translation, such as
// "money/grants.ar.md", into the English page's path ("money/grants.md")
// and the language ("ar"). A translation sits beside its English page with
// the language's code before .md, as Sveltia CMS's i18n "multiple_files"
// structure writes it. For any other path lang is "".
func SplitLang(p string) (english, lang string) {
	base := strings.TrimSuffix(p, ".md")
	dot := strings.LastIndexByte(base, '.')
	if dot < 0 || !strings.HasSuffix(p, ".md") || strings.ContainsRune(base[dot:], '/') {
		return p, ""
	}
	code := base[dot+1:]
	if !langCode(code) {
		return p, ""
	}
	return base[:dot] + ".md", code
}

// langCode reports whether s matches ^[a-z]{2,3}$, a language code. It
// is written out because every build splits every page's path, several
// times.
func langCode(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// URLOf returns the site-relative address of the page at p, a path under
// content/ such as "money/council-tax.md": "/money/council-tax/". Section
// pages (_index.md) get their folder's address.
func URLOf(p string) string {
	if english, lang := SplitLang(p); lang != "" {
		return "/" + lang + URLOf(english)
	}
	p = strings.TrimSuffix(p, ".md")
	if p == "_index" {
		return "/"
	}
	p = strings.TrimSuffix(p, "/_index")
	return "/" + p + "/"
}

// CheckPath returns what is wrong with a content path's file and folder
// names as a page address, and a better path, or "" when it is fine.
func CheckPath(p string) (problem, better string) {
	if english, lang := SplitLang(p); lang != "" {
		problem, better = CheckPath(english)
		if problem != "" {
			better = strings.TrimSuffix(better, ".md") + "." + lang + ".md"
		}
		return problem, better
	}
	dir, file := path.Split(p)
	base := strings.TrimSuffix(file, ".md")
	var parts []string
	if dir != "" {
		parts = strings.Split(strings.TrimSuffix(dir, "/"), "/")
	}
	// Nearly every path is fine: the better name is only worked out for
	// one that is not.
	ok := base != "index" && (base == "_index" || validSlug(base))
	for _, s := range parts {
		ok = ok && validSlug(s)
	}
	if ok {
		return "", ""
	}
	fixed := make([]string, 0, len(parts)+1)
	for _, s := range parts {
		fixed = append(fixed, Slugify(s))
	}
	switch {
	case base == "_index":
		fixed = append(fixed, "_index")
	case base == "index":
		return "a page called index.md would be at " + URLOf(p) + ", which is confusing",
			path.Join(append(fixed, "_index")...) + ".md (if it is the folder's own page)"
	default:
		fixed = append(fixed, Slugify(base))
	}
	return "file and folder names must be lower-case letters, digits and hyphens, because they become the page's address",
		path.Join(fixed...) + ".md"
}

// Slugify turns a name into lower-case ASCII words joined by hyphens, for
// file names: "Bus Pass (2026)" becomes "bus-pass-2026".
func Slugify(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	if slug := Slug(b.String()); slug != "" {
		return slug
	}
	return "page"
}

// Slug turns text into lower-case words joined by single hyphens: letters
// and digits of any script are kept, spaces, hyphens, dashes and slashes
// join words, and other marks go. "How do I ask?" becomes "how-do-i-ask".
// Headings get their ids from it; it returns "" when nothing is left.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '_' || r == '\t' || r == '–' || r == '—' || r == '/':
			dash = true
		}
	}
	return b.String()
}
