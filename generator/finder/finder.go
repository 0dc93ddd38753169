// Package finder makes the "What can I get?" pages from the [offer] front
// matter of every page: one page for each age group, situation and area of
// the offer, an index that explains the three ways in, and an A to Z of
// every page and glossary term. None of them needs JavaScript.
package finder

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"

	"localoffer/generator/content"
	"localoffer/generator/site"
	"localoffer/generator/words"
)

// Base is the address of the finder's index page.
const Base = "/what-can-i-get/"

// AgeGroup is one of the finder's age pages.
type AgeGroup struct {
	Key    string // "16-17"
	Label  string // "16 or 17"
	Lo, Hi int
}

// AgeGroups are the age pages, in order.
var AgeGroups = []AgeGroup{
	{"16-17", "16 or 17", 16, 17},
	{"18-20", "18 to 20", 18, 20},
	{"21-25", "21 to 25", 21, 25},
}

// Group is a heading and the offers under it.
type Group struct {
	Heading string
	Intro   string
	Offers  []*site.PageOffer
}

// Entry is a link with an explanation, for the index and A to Z.
type Entry struct {
	Label   string
	URL     string
	Explain string
}

// Letter is one letter of the A to Z.
type Letter struct {
	Letter  string
	ID      string
	Entries []Entry
}

// View is what the finder and A to Z templates receive as .Page.Data.
type View struct {
	Groups  []Group
	Ways    []Way    // index page only
	Letters []Letter // A to Z only
}

// Way is one way into the finder on its index page.
type Way struct {
	Heading string
	Entries []Entry
}

// Pages is a site.Generator that makes every finder page and the A to Z.
func Pages(s *site.Site) []*site.Page {
	offers := s.Offers()
	w := s.Words[words.Default]
	index := &site.Page{
		Path: "what-can-i-get", File: "content/_offer.toml", URL: Base, Kind: site.Generated,
		FrontMatter: content.FrontMatter{Layout: "finder", Title: w.Get("finder.title"), Description: w.Get("finder.description")},
		Parent:      s.Home, Searchable: true,
	}
	var out []*site.Page
	var ages, situations, areas []Entry
	add := func(p *site.Page, listed []*site.PageOffer) {
		p.Kind, p.Layout, p.Parent = site.Generated, "finder", index
		if p.File == "" {
			p.File = "content/_offer.toml"
		}
		p.Reviewed = newest(listed)
		out = append(out, p)
	}
	for _, g := range AgeGroups {
		label := w.Get("finder.ages_" + strings.ReplaceAll(g.Key, "-", "_"))
		var in []*site.PageOffer
		for _, o := range offers {
			if o.Overlaps(g.Lo, g.Hi) {
				in = append(in, o)
			}
		}
		p := &site.Page{
			Path: "what-can-i-get/age-" + g.Key, URL: Base + "age-" + g.Key + "/",
			FrontMatter: content.FrontMatter{Title: w.Get("finder.age_title", "ages", label), Description: w.Get("finder.age_description", "ages", label)},
			Data:        View{Groups: byLaw(w, in)},
		}
		add(p, in)
		ages = append(ages, Entry{Label: w.Get("finder.i_am", "ages", label), URL: p.URL})
	}
	if v := s.Vocab; v != nil {
		for _, t := range v.Situations {
			var special, everyone []*site.PageOffer
			for _, o := range offers {
				switch {
				case slices.Contains(o.Situations, t.Key):
					special = append(special, o)
				case len(o.Situations) == 0:
					everyone = append(everyone, o)
				}
			}
			groups := []Group{{Heading: w.Get("finder.specially_for_you"), Intro: t.Explain, Offers: special}}
			groups = append(groups, Group{Heading: w.Get("finder.also_for_you"), Offers: everyone})
			p := &site.Page{
				Path: "what-can-i-get/situation/" + t.Key, URL: Base + "situation/" + t.Key + "/",
				FrontMatter: content.FrontMatter{Title: t.Label, Description: w.Get("finder.situation_description", "situation", lowerFirst(t.Label))},
				Data:        View{Groups: groups},
			}
			add(p, append(special, everyone...))
			situations = append(situations, Entry{Label: t.Label, URL: p.URL, Explain: t.Explain})
		}
		for _, t := range v.Areas {
			var in []*site.PageOffer
			for _, o := range offers {
				if o.Area == t.Key {
					in = append(in, o)
				}
			}
			p := &site.Page{
				Path: "what-can-i-get/area/" + t.Key, URL: Base + "area/" + t.Key + "/",
				FrontMatter: content.FrontMatter{Title: w.Get("finder.area_title", "area", t.Label), Description: t.Explain},
				Data:        View{Groups: byLaw(w, in)},
			}
			add(p, in)
			areas = append(areas, Entry{Label: t.Label, URL: p.URL, Explain: t.Explain})
		}
	}
	index.Data = View{Ways: []Way{
		{Heading: w.Get("finder.how_old"), Entries: ages},
		{Heading: w.Get("finder.what_situation"), Entries: situations},
		{Heading: w.Get("finder.what_help"), Entries: areas},
	}}
	index.Reviewed = newest(offers)
	out = append(out, index, aToZ(s))
	return out
}

// byLaw splits offers into what the law requires and St Helens' extras.
func byLaw(w *words.Table, offers []*site.PageOffer) []Group {
	var law, extra []*site.PageOffer
	for _, o := range offers {
		if o.Legal {
			law = append(law, o)
		} else {
			extra = append(extra, o)
		}
	}
	return []Group{
		{Heading: w.Get("finder.law_must"), Offers: law},
		{Heading: w.Get("finder.st_helens_also"), Offers: extra},
	}
}

func newest(offers []*site.PageOffer) time.Time {
	var t time.Time
	for _, o := range offers {
		if o.Page.Reviewed.After(t) {
			t = o.Page.Reviewed
		}
	}
	return t
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// aToZ lists every content page and every glossary term by first letter.
func aToZ(s *site.Site) *site.Page {
	w := s.Words[words.Default]
	entries := make([]Entry, 0, len(s.Pages))
	for _, p := range s.Pages {
		if p.Kind == site.Generated || p.Kind == site.Home || p.IsTranslation() {
			continue
		}
		entries = append(entries, Entry{Label: p.Title, URL: p.URL, Explain: p.Description})
	}
	if g := s.PageByPath(content.GlossaryPage); g != nil {
		for _, h := range g.Headings {
			if h.Level == 3 {
				entries = append(entries, Entry{Label: h.Text, URL: g.URL + "#" + h.ID, Explain: w.Get("a_to_z.in_words_explained")})
			}
		}
	}
	// Each label is lower-cased once, not at every comparison: at
	// 10,000 pages that was a tenth of a preview rebuild's site work.
	type keyed struct {
		e     Entry
		lower string
	}
	ks := make([]keyed, len(entries))
	for i, e := range entries {
		ks[i] = keyed{e, strings.ToLower(e.Label)}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.lower, b.lower), cmp.Compare(a.e.URL, b.e.URL))
	})
	for i, k := range ks {
		entries[i] = k.e
	}
	var letters []Letter
	for _, e := range entries {
		l := "#"
		if r := []rune(strings.ToUpper(e.Label)); len(r) > 0 && unicode.IsLetter(r[0]) {
			l = string(r[0])
		}
		if len(letters) == 0 || letters[len(letters)-1].Letter != l {
			letters = append(letters, Letter{Letter: l, ID: "letter-" + strings.ToLower(l)})
		}
		letters[len(letters)-1].Entries = append(letters[len(letters)-1].Entries, e)
	}
	return &site.Page{
		Path: "a-to-z", File: "content/" + content.GlossaryPage, URL: "/a-to-z/", Kind: site.Generated,
		FrontMatter: content.FrontMatter{Layout: "az", Title: w.Get("a_to_z.title"), Description: w.Get("a_to_z.description")},
		Parent:      s.Home, Data: View{Letters: letters},
	}
}
