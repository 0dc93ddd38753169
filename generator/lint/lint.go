// Package lint gives editors advice about their pages: what is out of date,
// what the council still has to confirm, and what makes a page harder to
// read or use. Its findings are warnings: they never stop a build, but
// `check --strict` fails on them.
package lint

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"localoffer/generator/config"
	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/markdown"
	"localoffer/generator/site"
)

// Options are the thresholds the checks use.
type Options struct {
	Today          time.Time
	ReviewMonths   int     // a page not reviewed for longer is overdue
	ReadingEaseMin float64 // Flesch reading ease below this gets a warning
	MaxWords       int     // sentences longer than this get a warning
}

// PlaceholderDescription is what `new` writes as a page's description;
// check warns until an editor replaces it.
const PlaceholderDescription = "TODO: write one sentence that says what this page is about."

// Site checks every content page of s. It reads no file: each page
// carries the lines of its front matter keys and its text.
func Site(s *site.Site, cfg *config.Config, opts Options) diag.List {
	var out diag.List
	for _, v := range cfg.Unconfirmed() {
		out.Report(diag.Unconfirmed, v.File, v.Line, "fill it in when the council confirms it, and remove unconfirmed", "unconfirmed: %s", v.Note)
	}
	terms := glossary(s)
	phones := NewPhones(cfg)
	for _, p := range s.Pages {
		if p.Kind == site.Generated || p.Unreadable {
			continue
		}
		out = append(out, Page(p, opts, terms)...)
		out = append(out, phones.Page(p)...)
		if p.IsTranslation() {
			out = append(out, Translation(p)...)
		}
	}
	return out
}

// Term is a glossary term and where it is explained.
type Term struct {
	Words []string // the term and its abbreviation, e.g. "personal adviser", "PA"
	ID    string
}

func glossary(s *site.Site) []Term {
	g := s.PageByPath(content.GlossaryPage)
	if g == nil {
		return nil
	}
	var out []Term
	for _, h := range g.Headings {
		if h.Level != 3 {
			continue
		}
		t := Term{ID: h.ID}
		name, abbr, found := strings.Cut(h.Text, "(")
		t.Words = append(t.Words, strings.TrimSpace(name))
		if found {
			t.Words = append(t.Words, strings.TrimSpace(strings.TrimSuffix(abbr, ")")))
		}
		out = append(out, t)
	}
	return out
}

// Page checks one page.
func Page(p *site.Page, opts Options, terms []Term) diag.List {
	var out diag.List
	file := p.File
	reviewedLine := p.Line("reviewed")
	if !p.Reviewed.IsZero() {
		if opts.ReviewMonths > 0 && p.Reviewed.AddDate(0, opts.ReviewMonths, 0).Before(opts.Today) {
			out.Report(diag.ReviewOverdue, file, reviewedLine, "check the facts again and set reviewed to the date you did",
				"the page was last checked on %s, more than %d months ago", p.Reviewed.Format("2 January 2006"), opts.ReviewMonths)
		} else if april := lastApril(opts.Today); statesAmount(p) && p.Reviewed.Before(april) {
			out.Report(diag.AmountsAprilOld, file, reviewedLine, "national amounts change every April: check them and set reviewed to today",
				"the page gives amounts in pounds but was last checked before 1 April %d", april.Year())
		}
	}
	for _, o := range p.Offers {
		if o.Amount.Unconfirmed {
			out.Report(diag.Unconfirmed, file, o.Amount.Line, "fill it in when the council confirms it, and remove unconfirmed", "unconfirmed: %s", o.Amount.Note)
		}
	}
	front := body{strings.Split(p.Source.Front, "\n"), p.Source.FrontLine}
	for _, fact := range p.ToConfirm {
		line := lineOf(front, fact)
		if line == 0 {
			line = p.Line("to_confirm")
		}
		out.Report(diag.Unconfirmed, file, line, "write it on the page when a source or the council confirms it, and remove it from to_confirm", "unconfirmed: %s", fact)
	}
	if strings.HasPrefix(p.Description, "TODO") {
		out.Report(diag.Placeholder, file, p.Line("description"), "write one plain sentence that says what the page is about", "the description is still the placeholder")
	}
	prev := 1
	for _, h := range p.Headings {
		if h.Level > prev+1 {
			out.Report(diag.HeadingSkip, file, h.Line, fmt.Sprintf("use %s here, or add the missing level above it", strings.Repeat("#", prev+1)),
				"the heading %q skips from level %d to level %d", h.Text, prev, h.Level)
		}
		prev = h.Level
	}
	if p.IsTranslation() {
		// The rules below measure English: a translation has its own
		// checks (see Translation), and a translator's.
		return out
	}
	for _, l := range p.Links {
		if l.Image && strings.TrimSpace(l.Text) == "" {
			out.Report(diag.ImageAlt, file, l.Line, "describe the image between the brackets: ![what it shows](file.png)", "the image has no alt text")
			continue
		}
		if vagueLinkText(l.Text) {
			out.Report(diag.VagueLink, file, l.Line, "make the link text say where it goes, like [council tax](council-tax.md)", "the link text %q does not say where the link goes", l.Text)
		}
	}
	body := bodyOf(p)
	for _, s := range Sentences(p.Text) {
		if n := len(strings.Fields(s)); opts.MaxWords > 0 && n > opts.MaxWords {
			out.Report(diag.LongSentence, file, lineOf(body, s), "split it into shorter sentences", "this sentence has %d words; aim for under 20 and never over %d", n, opts.MaxWords)
		}
	}
	if ease, words := ReadingEase(p.Text); words >= 100 && opts.ReadingEaseMin > 0 && ease < opts.ReadingEaseMin {
		out.Report(diag.ReadingEase, file, 0, "use shorter sentences and shorter words", "the reading ease is %.0f, below the site's minimum of %.0f", ease, opts.ReadingEaseMin)
	}
	if p.Path != content.GlossaryPage {
		out = append(out, unexplainedTerms(p, terms, body)...)
	}
	return out
}

// Translation checks that a translated page is as new as its English page
// and lists it until a qualified translator has checked it.
func Translation(p *site.Page) diag.List {
	var out diag.List
	english := p.Original()
	switch {
	case p.TranslatedFrom.IsZero():
		out.Report(diag.StaleTranslation, p.File, 0, fmt.Sprintf("add translated_from = %s, the reviewed date of the English page the translation was made from", english.Reviewed.Format("2006-01-02")),
			"the translation does not say which English version it was made from")
	case english != p && english.Reviewed.After(p.TranslatedFrom):
		out.Report(diag.StaleTranslation, p.File, p.Line("translated_from"), fmt.Sprintf("compare it with %s, update the translation, then set translated_from = %s", english.File, english.Reviewed.Format("2006-01-02")),
			"the English page was checked again on %s, after this translation was made from it (%s)", english.Reviewed.Format("2 January 2006"), p.TranslatedFrom.Format("2 January 2006"))
	}
	if !p.TranslationChecked {
		line := p.Line("translation_checked")
		out.Report(diag.UncheckedTranslation, p.File, line, "ask a qualified translator to check it against the English, then set translation_checked = true",
			"no qualified translator has checked this translation yet")
	}
	return out
}

func statesAmount(p *site.Page) bool {
	if strings.Contains(p.Text, "£") {
		return true
	}
	for _, o := range p.Offers {
		if strings.Contains(o.Amount.Text, "£") {
			return true
		}
	}
	return false
}

// lastApril returns the most recent 1 April on or before today.
func lastApril(today time.Time) time.Time {
	a := time.Date(today.Year(), time.April, 1, 0, 0, 0, 0, time.UTC)
	if today.Before(a) {
		a = a.AddDate(-1, 0, 0)
	}
	return a
}

var vague = map[string]bool{"here": true, "click here": true, "click": true, "this": true, "link": true, "this link": true, "this page": true, "read more": true, "more": true, "more info": true, "more information": true, "find out more": true}

func vagueLinkText(s string) bool {
	return vague[strings.Trim(strings.ToLower(strings.TrimSpace(s)), ".!:")]
}

func unexplainedTerms(p *site.Page, terms []Term, body body) diag.List {
	var out diag.List
	linked := map[string]bool{}
	var linkTexts []string
	for _, l := range p.Links {
		if l.Kind == markdown.PageLink && l.Target == content.GlossaryPage {
			linked[l.Fragment] = true
		}
		linkTexts = append(linkTexts, l.Text)
	}
	// A term counts as explained when it links to Words explained, or when
	// it is itself the text of a link (to the page about it).
	explained := strings.Join(linkTexts, " | ")
	for _, t := range terms {
		if linked[t.ID] {
			continue
		}
		for _, w := range t.Words {
			if w == "" || !containsWord(p.Text, w) || containsWord(explained, w) {
				continue
			}
			out.Report(diag.GlossaryLink, p.File, lineOf(body, w), fmt.Sprintf("link it once to its explanation: [%s](%s#%s)", w, relGlossary(p.Path), t.ID),
				"%q is used without a link to Words explained", w)
			break
		}
	}
	return out
}

func relGlossary(page string) string {
	return strings.Repeat("../", strings.Count(page, "/")) + content.GlossaryPage
}

// containsWord reports whether w appears in text as a whole word. Short
// all-capital abbreviations (PA, UC) must match their case; other terms
// match in any case.
func containsWord(text, w string) bool {
	caseSensitive := strings.ToUpper(w) == w
	pattern := `\b` + regexp.QuoteMeta(w) + `\b`
	if !caseSensitive {
		pattern = `(?i)` + pattern
	}
	re, err := regexp.Compile(pattern)
	return err == nil && re.MatchString(text)
}

// Sentences splits text into sentences at full stops, question and
// exclamation marks and line ends.
func Sentences(text string) []string {
	var out []string
	for _, block := range strings.Split(text, "\n") {
		start := 0
		rs := []rune(block)
		for i, r := range rs {
			if r == '.' || r == '?' || r == '!' {
				if i+1 == len(rs) || unicode.IsSpace(rs[i+1]) {
					if s := strings.TrimSpace(string(rs[start : i+1])); s != "" {
						out = append(out, s)
					}
					start = i + 1
				}
			}
		}
		if s := strings.TrimSpace(string(rs[start:])); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ReadingEase returns the Flesch reading ease of text and how many words
// it has. 60 to 70 is plain English; higher is easier.
func ReadingEase(text string) (float64, int) {
	sentences := Sentences(text)
	words, syllables := 0, 0
	for _, s := range sentences {
		for _, w := range strings.Fields(s) {
			w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
			if w == "" {
				continue
			}
			words++
			syllables += Syllables(w)
		}
	}
	if words == 0 || len(sentences) == 0 {
		return 100, 0
	}
	return 206.835 - 1.015*float64(words)/float64(len(sentences)) - 84.6*float64(syllables)/float64(words), words
}

// Syllables estimates the syllables in an English word by counting groups
// of vowels, less a silent final e.
func Syllables(w string) int {
	w = strings.ToLower(w)
	n, prevVowel := 0, false
	for _, r := range w {
		v := strings.ContainsRune("aeiouy", r)
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && n > 1 {
		n--
	}
	return max(n, 1)
}

// body is a page's Markdown, by line, and the file's line it starts on.
type body struct {
	lines []string
	first int
}

func bodyOf(p *site.Page) body {
	return body{strings.Split(string(p.Source.Body), "\n"), p.Source.BodyLine}
}

// lineOf returns the first line of the file that contains the start of s,
// or 0.
func lineOf(b body, s string) int {
	lines := b.lines
	probe := s
	if words := strings.Fields(s); len(words) > 4 {
		probe = strings.Join(words[:4], " ")
	}
	for i, l := range lines {
		if strings.Contains(l, probe) {
			return b.first + i
		}
	}
	lower := strings.ToLower(probe)
	for i, l := range lines {
		if strings.Contains(strings.ToLower(l), lower) {
			return b.first + i
		}
	}
	return 0
}
