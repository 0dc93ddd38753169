package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"localoffer/generator/config"
	"localoffer/generator/diag"
	"localoffer/generator/markdown"
	"localoffer/generator/site"
)

// Phones knows site.toml's phone numbers, to find the pages that still
// give a local number site.toml no longer has. A page writes a service's
// number in its own sentences ("call Contact Cares on 01744 676767"), so
// when an editor changes the number in site.toml, or in the browser
// editor's contact form, the footer changes but those sentences do not:
// check names each one.
type Phones struct {
	known map[string]config.NamedPhone // by digits: "01744676767"
	areas []string                     // the local area codes, as digits: "01744"
	fix   string                       // what to do about a local number site.toml does not give
}

// NewPhones reads the confirmed numbers of cfg.
func NewPhones(cfg *config.Config) *Phones {
	ph := &Phones{known: map[string]config.NamedPhone{}}
	for _, n := range cfg.PhoneNumbers() {
		d := phoneDigits(n.Number)
		if d == "" {
			continue
		}
		ph.known[d] = n
		// A geographic number's area code is its first group as
		// written: "01744 676767". National and mobile numbers (03, 07,
		// 08) are not local and say nothing about other numbers.
		first, _, _ := strings.Cut(strings.TrimSpace(n.Number), " ")
		if area := phoneDigits(first); (strings.HasPrefix(area, "01") || strings.HasPrefix(area, "02")) && len(area) >= 3 && len(area) < len(d) {
			if !slices.Contains(ph.areas, area) {
				ph.areas = append(ph.areas, area)
			}
		}
	}
	ph.fix = ph.fixText()
	return ph
}

// phoneNumberRE finds UK phone numbers as people write them: 01744 676767,
// 01744676767, +44 1744 676767, 0808 800 4444.
var phoneNumberRE = regexp.MustCompile(`(?:\+44 ?(?:\(0\) ?)?|\b0)\d(?:[ -]?\d){7,9}\b`)

// phoneDigits returns the digits of a number as dialled in the UK: +44 1744
// becomes 01744. Anything that is not a digit is dropped.
func phoneDigits(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	if rest, ok := strings.CutPrefix(s, "+44"); ok {
		b.WriteByte('0')
		s = strings.Replace(rest, "(0)", "", 1)
	}
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Page checks the phone numbers on one page: local numbers that site.toml
// does not give, and tel: links whose text is another number than the one
// they call.
func (ph *Phones) Page(p *site.Page) diag.List {
	var out diag.List
	if len(ph.areas) > 0 {
		front := body{strings.Split(p.Source.Front, "\n"), p.Source.FrontLine}
		out = append(out, ph.unknown(p.File, front)...)
		out = append(out, ph.unknown(p.File, bodyOf(p))...)
	}
	for _, l := range p.Links {
		if l.Kind != markdown.ExternalLink || !strings.HasPrefix(strings.ToLower(l.Target), "tel:") {
			continue
		}
		calls := phoneDigits(l.Target[len("tel:"):])
		shown := strings.TrimSpace(l.Text)
		if !looksLikeNumber(shown) || phoneDigits(shown) == calls {
			continue
		}
		out.Report(diag.PhoneNumber, p.File, l.Line, fmt.Sprintf("make both the same number: [%s](tel:%s)", shown, phoneDigits(shown)),
			"the link shows the number %s but calls %s", shown, l.Target[len("tel:"):])
	}
	return out
}

func (ph *Phones) unknown(file string, b body) diag.List {
	var out diag.List
	for i, line := range b.lines {
		seen := map[string]bool{}
		for _, m := range phoneNumberRE.FindAllString(line, -1) {
			d := phoneDigits(m)
			if _, ok := ph.known[d]; ok || seen[d] || !ph.local(d) {
				continue
			}
			seen[d] = true
			out.Report(diag.PhoneNumber, file, b.first+i, ph.fix,
				"%s is not a phone number in site.toml", strings.TrimSpace(m))
		}
	}
	return out
}

func (ph *Phones) local(digits string) bool {
	for _, a := range ph.areas {
		if strings.HasPrefix(digits, a) {
			return true
		}
	}
	return false
}

// fixText names site.toml's numbers in the same area: when a number has
// changed, one of them is the new one.
func (ph *Phones) fixText() string {
	var same []string
	for d, n := range ph.known {
		if ph.local(d) {
			same = append(same, fmt.Sprintf("%s, site.toml gives %s", n.Name, n.Number))
		}
	}
	slices.Sort(same)
	return fmt.Sprintf("if this is %s: write that here; if the number is right, add it to site.toml", strings.Join(same, "; if it is "))
}

// looksLikeNumber reports whether a link's text is a phone number rather
// than words such as "call Contact Cares".
func looksLikeNumber(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +()-", r):
		default:
			return false
		}
	}
	return digits >= 3
}
