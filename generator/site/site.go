// Package site puts a site's pages together: it gives each page its address
// and section, orders sections, builds the navigation, breadcrumbs and
// previous/next links once for the whole site, and checks what only the
// whole site can tell: that links lead to pages and headings that exist,
// and that no two files claim the same address.
//
// A Site is immutable once New returns it, so templates may read it from
// many goroutines at once.
package site

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"path"
	"slices"
	"strings"

	"localoffer/generator/config"
	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/internal/parallel"
	"localoffer/generator/markdown"
	"localoffer/generator/words"
)

// Kind is what sort of page a Page is, which decides its template.
type Kind int

const (
	// Home is content/_index.md.
	Home Kind = iota + 1
	// Section is a folder's _index.md.
	Section
	// Regular is any other page.
	Regular
	// Generated is a page the generator makes from other pages, such as the
	// finder's pages and the A to Z.
	Generated
)

// Page is one page of the site. Its front matter comes whole from its
// file (content.FrontMatter, embedded, so templates read .Page.Title);
// generated pages fill in the fields they need.
type Page struct {
	content.FrontMatter
	Path       string // under content/, such as "money/council-tax.md"; for generated pages, a made-up key
	File       string // for messages: "content/money/council-tax.md"
	URL        string // site address, such as "/money/council-tax/"
	Kind       Kind
	Unreadable bool   // a stand-in for a file with errors; see generator.readPage
	Searchable bool   // a generated page that the search index lists too
	Unlisted   bool   // left out of the sitemap and feed, such as the offline page
	Lang       string // the page's language code: "en", or "ar" for page.ar.md
	// Versions are the page in every language it exists in, in the order
	// of site.toml's [[languages]], itself included; nil when there is
	// only one.
	Versions []*Page
	// Source is the page's file split into front matter and body, so that
	// check can point at a line without reading the file again.
	Source content.Source `fingerprint:"-"`
	// Body, Links and Text are left out of the render cache's fingerprint
	// of the site: a template may show its own page's Body, never another's.
	// With build's cache on disk, a page whose file did not change has an
	// empty stand-in Body until it is rendered, and no Text: a generator
	// may copy another page's Body slice (as the offline page copies Get
	// help now's), which the build traces back, but must not read it.
	Body []byte `fingerprint:"-"` // rendered HTML of the Markdown body
	// Headings are left out too: a template shows only its own page's
	// (the contents list), which are in its Body. A generator that reads
	// another page's (the A to Z lists the glossary's) puts what it shows
	// in Data, which is hashed: so adding a heading to one page of 10,000
	// no longer renders all of them again in the preview.
	Headings []markdown.Heading `fingerprint:"-"`
	Links    []markdown.Link    `fingerprint:"-"`
	Text     string             `fingerprint:"-"`
	Words    string             `fingerprint:"-"` // for the search index; see search.Words
	// Data is extra data for generated pages' templates, made by their
	// generators from the other pages.
	Data any

	Parent   *Page   // the section the page is in; nil for the home page
	Children []*Page // sections: the pages and sections in it, in order
	Prev     *Page   // the page before this one in its section
	Next     *Page   // the page after this one in its section
	Crumbs   []*Page // home, then each section down to (not including) this page
}

// IsSection reports whether p lists other pages.
func (p *Page) IsSection() bool { return p.Kind == Section || p.Kind == Home }

// H2s returns the page's second-level headings, for its contents list.
func (p *Page) H2s() []markdown.Heading {
	var out []markdown.Heading
	for _, h := range p.Headings {
		if h.Level == 2 {
			out = append(out, h)
		}
	}
	return out
}

// HasHeading reports whether id is a heading id on the page.
func (p *Page) HasHeading(id string) bool {
	for _, h := range p.Headings {
		if h.ID == id {
			return true
		}
	}
	return slices.Contains(markdown.ReservedIDs, id)
}

// NavItem is an entry in the main navigation or the footer.
type NavItem struct {
	Label string
	Page  *Page
}

// Site is a whole site, ready to render.
type Site struct {
	Config *config.Config
	Vocab  *content.Vocabulary
	// Words are the words readers see that are not in content/, by
	// language; see package words.
	Words  map[string]*words.Table
	Home   *Page
	Pages  []*Page // every page, content and generated, sorted by URL
	Nav    []NavItem
	Footer []NavItem

	byPath     map[string]*Page
	byURL      map[string]*Page
	draftPaths map[string]bool
}

// WordsFor returns the words of page p's language.
func (s *Site) WordsFor(p *Page) *words.Table {
	if w, ok := s.Words[p.Lang]; ok {
		return w
	}
	return s.Words[words.Default]
}

// Language returns the language of page p, with its name and direction.
func (s *Site) Language(p *Page) config.Language {
	return s.Config.LanguageOf(p.Lang)
}

// IsTranslation reports whether p is a translation of an English page.
func (p *Page) IsTranslation() bool { return p.Lang != "" && p.Lang != config.DefaultLanguage }

// Original returns the English page a translation was made from, or p.
func (p *Page) Original() *Page {
	if len(p.Versions) > 0 {
		return p.Versions[0]
	}
	return p
}

// PageByPath returns the page made from the content file at p.
func (s *Site) PageByPath(p string) *Page { return s.byPath[p] }

// PageByURL returns the page at a site address.
func (s *Site) PageByURL(u string) *Page { return s.byURL[u] }

// Offers returns every offer of every page, in page order, with the page
// each is on. They are pointers because the finder lists each offer on
// several pages, and a large site has many.
func (s *Site) Offers() []*PageOffer {
	var out []*PageOffer
	for _, p := range s.Pages {
		for _, o := range p.Offers {
			out = append(out, &PageOffer{Offer: o, Page: p})
		}
	}
	return out
}

// PageOffer is an offer and the page that describes it.
type PageOffer struct {
	content.Offer
	Page *Page
}

// Generator adds generated pages to a site. It runs after the content
// pages have their addresses and sections, and before links are checked,
// so content may link to generated pages.
type Generator func(s *Site) []*Page

// Input is what New assembles a site from.
type Input struct {
	Config     *config.Config
	Vocab      *content.Vocabulary
	Words      map[string]*words.Table
	Pages      []*Page         // content pages, drafts already left out or not
	Drafts     map[string]bool // paths of draft pages left out, for clearer messages
	Generators []Generator
	// KnownFile reports whether a path under the site root names a file the
	// build writes besides pages (static files, sitemap.xml …), for checking
	// links written as site addresses.
	KnownFile func(string) bool
}

// New assembles pages into a site.
func New(in Input) (*Site, diag.List) {
	var diags diag.List
	cfg, pages := in.Config, in.Pages
	s := &Site{Config: cfg, Vocab: in.Vocab, Words: in.Words, byPath: make(map[string]*Page, len(pages)+64), byURL: make(map[string]*Page, len(pages)+64), draftPaths: in.Drafts}
	for _, p := range pages {
		s.byPath[p.Path] = p
	}
	s.placeAll(pages, &diags)
	// Generators see the content pages, in address order.
	s.Pages = slices.Clone(pages)
	slices.SortFunc(s.Pages, func(a, b *Page) int { return cmp.Compare(a.URL, b.URL) })
	for _, g := range in.Generators {
		for _, p := range g(s) {
			if p.File == "" {
				p.File = "content/" + p.Path
			}
			s.add(p, &diags)
		}
	}
	s.Pages = make([]*Page, 0, len(s.byURL))
	for _, p := range s.byURL {
		s.Pages = append(s.Pages, p)
	}
	slices.SortFunc(s.Pages, func(a, b *Page) int { return cmp.Compare(a.URL, b.URL) })
	for _, p := range s.Pages {
		if p.IsSection() {
			sortChildren(p.Children)
			linkSiblings(p.Children)
		}
	}
	for _, p := range s.Pages {
		for q := p.Parent; q != nil; q = q.Parent {
			p.Crumbs = append(p.Crumbs, q)
		}
		slices.Reverse(p.Crumbs)
	}
	s.Nav = s.navItems(cfg.Nav, "nav", &diags)
	s.Footer = s.navItems(cfg.Footer, "footer", &diags)
	s.checkAliases(&diags)
	s.checkLinks(in.KnownFile, &diags)
	return s, diags
}

func (s *Site) placeAll(pages []*Page, diags *diag.List) {
	for _, p := range pages {
		s.add(p, diags)
	}
	for _, p := range pages {
		if p.Kind == Home && !p.IsTranslation() {
			s.Home = p
		}
	}
	s.linkVersions(pages, diags)
	if s.Home == nil {
		diags.Report(diag.SiteStructure, "content/_index.md", 0, "create content/_index.md with the home page's title, description and text", "the site has no home page")
	}
	for _, p := range pages {
		if p.IsTranslation() {
			s.placeTranslation(p)
			continue
		}
		if p.Kind == Home {
			continue
		}
		parent := s.sectionOf(p.Path)
		if parent == nil {
			dir := path.Dir(strings.TrimSuffix(p.Path, "/"+content.IndexFile))
			if p.Kind == Section {
				dir = path.Dir(dir)
			}
			diags.Report(diag.SiteStructure, p.File, 0, fmt.Sprintf("create content/%s/_index.md with the section's title and description", dir),
				"the folder %s/ has no _index.md, so this page has no section", dir)
			continue
		}
		p.Parent = parent
		parent.Children = append(parent.Children, p)
	}
}

// linkVersions gives every page that has translations its Versions, in
// the order of site.toml's languages, and reports a translation whose
// English page does not exist.
func (s *Site) linkVersions(pages []*Page, diags *diag.List) {
	versions := map[string][]*Page{}
	for _, p := range pages {
		english, _ := content.SplitLang(p.Path)
		versions[english] = append(versions[english], p)
	}
	order := map[string]int{}
	for i, l := range s.Config.Languages {
		order[l.Code] = i
	}
	for english, vs := range versions {
		if len(vs) < 2 {
			if vs[0].IsTranslation() {
				diags.Report(diag.LinkTarget, vs[0].File, 0, "check the file name: it must be the English page's name with the language code before .md",
					"this translation has no English page: there is no content/%s", english)
			}
			continue
		}
		slices.SortFunc(vs, func(a, b *Page) int { return cmp.Compare(order[a.Lang], order[b.Lang]) })
		for _, p := range vs {
			p.Versions = vs
			if p.Reviewed.IsZero() {
				p.Reviewed = vs[0].Reviewed
			}
		}
	}
}

// placeTranslation puts a translation under its English page's section,
// or under the translation of that section where there is one. It is not
// listed among the section's pages, which are in English.
func (s *Site) placeTranslation(p *Page) {
	english, lang := content.SplitLang(p.Path)
	parent := s.sectionOf(english)
	if parent == nil {
		return
	}
	if tr := s.byPath[strings.TrimSuffix(parent.Path, ".md")+"."+lang+".md"]; tr != nil {
		parent = tr
	}
	p.Parent = parent
}

// sectionOf returns the section page that holds the page at p.
func (s *Site) sectionOf(p string) *Page {
	dir := path.Dir(p)
	if path.Base(p) == content.IndexFile {
		if dir == "." {
			return nil
		}
		dir = path.Dir(dir)
	}
	if dir == "." {
		return s.byPath[content.IndexFile]
	}
	return s.byPath[dir+"/"+content.IndexFile]
}

func (s *Site) add(p *Page, diags *diag.List) {
	if other, ok := s.byURL[p.URL]; ok {
		a, b := other, p
		if b.File < a.File {
			a, b = b, a
		}
		diags.Report(diag.AddressTaken, b.File, 0, fmt.Sprintf("rename or remove one of them (%s, %s)", a.File, b.File),
			"this page and %s both have the address %s", a.File, p.URL)
		return
	}
	s.byURL[p.URL] = p
	if p.Kind == Generated {
		s.byPath[p.Path] = p
	}
}

// sortChildren orders pages by weight, then title. Pages without a weight
// come after those with one, so giving one page a weight moves it up
// rather than below all the others.
func sortChildren(ps []*Page) {
	w := func(p *Page) int {
		if p.Weight == 0 {
			return math.MaxInt
		}
		return p.Weight
	}
	// Titles are lower-cased once each, not at every comparison: sorting
	// a section of 1,000 pages lower-cased some 20,000 titles.
	type keyed struct {
		p     *Page
		w     int
		title string
	}
	ks := make([]keyed, len(ps))
	for i, p := range ps {
		ks[i] = keyed{p, w(p), strings.ToLower(p.Title)}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(
			cmp.Compare(a.w, b.w),
			cmp.Compare(a.title, b.title),
			cmp.Compare(a.p.URL, b.p.URL),
		)
	})
	for i, k := range ks {
		ps[i] = k.p
	}
}

// linkSiblings sets Prev and Next among the regular pages of a section;
// subsections are reached through their own listings.
func linkSiblings(ps []*Page) {
	var prev *Page
	for _, p := range ps {
		if p.Kind != Regular {
			continue
		}
		if prev != nil {
			prev.Next, p.Prev = p, prev
		}
		prev = p
	}
}

func (s *Site) navItems(links []config.Link, key string, diags *diag.List) []NavItem {
	var out []NavItem
	for _, l := range links {
		p := s.byPath[l.Page]
		if p == nil {
			fix := "write the path of a file under content/, like \"money/_index.md\""
			if sug := diag.Suggest(l.Page, s.contentPaths()); sug != "" {
				fix = fmt.Sprintf("did you mean %q?", sug)
			}
			diags.Report(diag.SiteSettings, config.File, l.Line, fix, "the %s entry %q points at %q, which is not a page", key, l.Label, l.Page)
			continue
		}
		out = append(out, NavItem{Label: l.Label, Page: p})
	}
	return out
}

func (s *Site) contentPaths() []string {
	out := make([]string, 0, len(s.byPath))
	for k, p := range s.byPath {
		if p.Kind != Generated {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func (s *Site) checkAliases(diags *diag.List) {
	seen := map[string]*Page{}
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			u := a
			if !strings.HasSuffix(u, "/") && path.Ext(u) == "" {
				u += "/"
			}
			if other := s.byURL[u]; other != nil {
				diags.Report(diag.AddressTaken, p.File, 0, "remove the alias, or move the other page", "the alias %s is the address of %s", a, other.File)
				continue
			}
			if other := seen[u]; other != nil && other != p {
				diags.Report(diag.AddressTaken, p.File, 0, "keep the alias on one page only", "the alias %s is also an alias of %s", a, other.File)
				continue
			}
			seen[u] = p
		}
	}
}

func (s *Site) checkLinks(knownFile func(string) bool, diags *diag.List) {
	// Pages are checked side by side, each into its own list, joined in
	// page order: at 10,000 pages (over 100,000 links) this was a third of
	// putting the site together, which every preview rebuild does. The
	// checks only read the site.
	lists := make([]diag.List, len(s.Pages))
	parallel.For(context.Background(), len(s.Pages), func(i int) {
		// The build's own recover does not reach these goroutines.
		defer func() {
			if r := recover(); r != nil {
				lists[i].Errorf(s.Pages[i].File, 0, "please report this to the site's developers", "internal error while checking this page's links: %v", r)
			}
		}()
		s.checkPageLinks(s.Pages[i], knownFile, &lists[i])
	})
	for _, l := range lists {
		diags.Add(l...)
	}
}

// CheckPageLinks returns the problems with the links of page p, as New
// reports them. The preview server checks a page edited after New with it.
func (s *Site) CheckPageLinks(p *Page, knownFile func(string) bool) diag.List {
	var diags diag.List
	s.checkPageLinks(p, knownFile, &diags)
	return diags
}

// checkPageLinks checks the links of page p.
func (s *Site) checkPageLinks(p *Page, knownFile func(string) bool, diags *diag.List) {
	for _, l := range p.Links {
		switch l.Kind {
		case markdown.PageLink:
			t := s.byPath[l.Target]
			if t == nil || t.Kind == Generated {
				fix := "check the file name and the number of ../"
				if sug := diag.Suggest(l.Target, s.contentPaths()); sug != "" {
					fix = fmt.Sprintf("did you mean %s?", relPath(p.Path, sug))
				}
				if s.draftPaths != nil && s.draftPaths[l.Target] {
					fix = "the page is a draft; publish it (remove draft = true) or remove the link"
				}
				diags.Report(diag.LinkTarget, p.File, l.Line, fix, "the link to %s leads to a page that does not exist", relPath(p.Path, l.Target))
				continue
			}
			s.checkFragment(p, t, l, diags)
		case markdown.PathLink:
			t := s.byURL[l.Target]
			if t == nil && !strings.HasSuffix(l.Target, "/") {
				t = s.byURL[l.Target+"/"]
			}
			if t == nil {
				if knownFile != nil && knownFile(strings.TrimPrefix(l.Target, "/")) {
					continue
				}
				diags.Report(diag.LinkTarget, p.File, l.Line, "check the address, or link to the page's .md file instead", "the link to %s leads to a page that does not exist", l.Target)
				continue
			}
			s.checkFragment(p, t, l, diags)
		case markdown.FileLink:
			if knownFile == nil || !knownFile(l.Target) {
				diags.Report(diag.LinkTarget, p.File, l.Line, "put the file under content/ next to the page, or fix its name", "the link to %s leads to a file that does not exist", relPath(p.Path, l.Target))
			}
		}
	}
}

func (s *Site) checkFragment(from, to *Page, l markdown.Link, diags *diag.List) {
	if l.Fragment == "" || to.Unreadable || to.HasHeading(l.Fragment) {
		return
	}
	ids := make([]string, len(to.Headings))
	for i, h := range to.Headings {
		ids[i] = h.ID
	}
	fix := "link to one of its headings, written as lower-case words joined by hyphens"
	if sug := diag.Suggest(l.Fragment, ids); sug != "" {
		fix = fmt.Sprintf("did you mean #%s?", sug)
	}
	where := "this page"
	if to != from {
		where = relPath(from.Path, to.Path)
	}
	diags.Report(diag.HeadingMissing, from.File, l.Line, fix, "the link to #%s leads to a heading that %s does not have", l.Fragment, where)
}

// relPath writes target relative to the folder of the page at from, the way
// editors write links.
func relPath(from, target string) string {
	fromParts := strings.Split(path.Dir(from), "/")
	if path.Dir(from) == "." {
		fromParts = nil
	}
	toParts := strings.Split(target, "/")
	i := 0
	for i < len(fromParts) && i < len(toParts)-1 && fromParts[i] == toParts[i] {
		i++
	}
	rel := strings.Repeat("../", len(fromParts)-i) + strings.Join(toParts[i:], "/")
	return rel
}
