// Package markdown turns a page's Markdown into safe HTML and reports what
// the page links to, which headings it has and what text it holds.
//
// It uses goldmark with GitHub Flavored Markdown and smart punctuation, and
// never its unsafe mode: raw HTML is left out, and a link may only lead to
// another page, a file of the site, a web address (http, https), an email
// address (mailto) or a phone number (tel).
//
// Editors link to pages the way files link to each other:
//
//	[setting up home](../money/setting-up-home.md#how-do-i-ask)
//
// The Renderer rewrites that to the page's address
// (/money/setting-up-home/#how-do-i-ask) and returns the link, with its
// line, so that the site can check the page and heading exist.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"localoffer/generator/content"
	"localoffer/generator/diag"
)

// LinkKind says what a link points at.
type LinkKind int

const (
	// PageLink is a link to another page's .md file (or a heading on this page).
	PageLink LinkKind = iota + 1
	// FileLink is a link to a file under content/ that is not a page.
	FileLink
	// PathLink is a link written as an address on this site, such as /a-to-z/.
	PathLink
	// ExternalLink is a link to another site, an email address or a phone number.
	ExternalLink
)

// Link is a link found in a page.
type Link struct {
	Kind     LinkKind
	Target   string // PageLink, FileLink: path under content/; PathLink: the path; ExternalLink: the URL
	Fragment string // heading id after #, without the #
	Text     string // the link text, for checks such as "click here"
	Line     int
	Image    bool
}

// Heading is a heading in a page.
type Heading struct {
	Level int
	Text  string
	ID    string
	Line  int `fingerprint:"-"` // for messages only
}

// Result is a rendered page body.
type Result struct {
	HTML     []byte
	Headings []Heading
	Links    []Link
	Text     string // the readable text, blocks separated by newlines
	Diags    diag.List
}

// Renderer renders Markdown. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New returns a Renderer.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(
			linkify,
			// Alignment would need a style or the obsolete align attribute;
			// the CSP forbids one and HTML5 the other.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.TaskList,
			// Real characters rather than entities such as &rsquo;: they are
			// shorter and search and check read them as text.
			extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation]string{
				extension.LeftSingleQuote:  "‘",
				extension.RightSingleQuote: "’",
				extension.LeftDoubleQuote:  "“",
				extension.RightDoubleQuote: "”",
				extension.EnDash:           "–",
				extension.EmDash:           "—",
				extension.Ellipsis:         "…",
				extension.LeftAngleQuote:   "«",
				extension.RightAngleQuote:  "»",
				extension.Apostrophe:       "’",
			})),
		),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(transformer{}, 1000)),
		),
		// Below html.Renderer's 1000, so that it registers last and wins.
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(linkRenderer{}, 500))),
	)
	return &Renderer{md: md}
}

var stateKey = parser.NewContextKey()

// state is what the transformer learns about one page.
type state struct {
	file     string // for diagnostics, e.g. content/money/x.md
	page     string // path under content/
	basePath string
	firstLn  int
	lines    []int // byte offset where each line of the body starts
	res      *Result
	opts     *Options
}

func (s *state) lineAt(off int) int {
	i := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
	return s.firstLn + i - 1
}

// Options tell Render about the page being rendered.
type Options struct {
	File     string // the page's path for messages, such as content/money/x.md
	Page     string // the page's path under content/, such as money/x.md
	FirstLn  int    // the line of the file the body starts on
	BasePath string // prefix for site addresses when the site is not at the root, such as "/preview"; usually ""
	// Lang is the language of a translated page ("ar" for page.ar.md), or
	// "" for an English page. A translation's links to other pages go to
	// their translation where Translated says there is one, and otherwise
	// to the English page, with hreflang="en" and InEnglish after the
	// link text, so that the reader knows before following it.
	Lang       string
	Translated func(path string) bool
	InEnglish  string
}

// Limits on what a page may nest. Real pages nest two or three levels
// deep; thousands of levels (a stuck key, a pasted file) would make
// goldmark take minutes, so such a page is refused with a message instead.
const (
	maxQuoteDepth = 10
	maxBrackets   = 5000
)

// checkLimits reports the first line that nests deeper than the limits.
func checkLimits(body []byte) (line int, msg string) {
	line = 1
	brackets := 0
	atStart, depth := true, 0
	for _, c := range body {
		switch {
		case c == '\n':
			line++
			atStart, depth = true, 0
			continue
		case atStart && c == '>':
			depth++
			if depth > maxQuoteDepth {
				return line, fmt.Sprintf("this line has more than %d quote marks (>) at its start", maxQuoteDepth)
			}
			continue
		case atStart && (c == ' ' || c == '\t'):
			continue
		case c == '[':
			brackets++
			if brackets > maxBrackets {
				return line, fmt.Sprintf("the page has more than %d [ brackets", maxBrackets)
			}
		}
		atStart = false
	}
	return 0, ""
}

// Render renders body, the Markdown part of a page.
func (r *Renderer) Render(body []byte, opts Options) *Result {
	res := &Result{}
	if line, msg := checkLimits(body); msg != "" {
		res.Diags.Errorf(opts.File, opts.FirstLn+line-1, "split the page or remove the repeated characters", "%s", msg)
		return res
	}
	st := &state{file: opts.File, page: opts.Page, basePath: strings.TrimSuffix(opts.BasePath, "/"), firstLn: opts.FirstLn, res: res, opts: &opts}
	st.lines = make([]int, 1, bytes.Count(body, []byte{'\n'})+1)
	for i, c := range body {
		if c == '\n' {
			st.lines = append(st.lines, i+1)
		}
	}
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	doc := r.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	out := htmlBufs.Get().(*htmlOut)
	defer htmlBufs.Put(out)
	out.buf.Reset()
	out.w.Reset(&out.buf)
	if err := r.md.Renderer().Render(out.w, body, doc); err != nil {
		res.Diags.Errorf(opts.File, 0, "report this to the site's developers", "the page could not be rendered: %v", err)
	}
	// A build keeps every page's HTML until its template runs: an exact
	// copy, not the buffer it grew in, which was up to twice as big.
	res.HTML = bytes.Clone(out.buf.Bytes())
	return res
}

// htmlOut is where a page's HTML is written. goldmark writes through a
// buffered writer, and makes a new one for each page unless it is given
// one (util.BufWriter).
type htmlOut struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var htmlBufs = sync.Pool{New: func() any {
	o := &htmlOut{}
	o.w = bufio.NewWriter(&o.buf)
	return o
}}

// ReservedIDs are element ids the templates use on every page; links may
// point at them and headings never take them.
var ReservedIDs = []string{"main", "top", "contents", "search", "site-search", "site-search-q", "nav", "footer", "offer"}

type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		return
	}
	src := reader.Source()
	ids := map[string]int{}
	for _, id := range ReservedIDs {
		ids[id] = 1
	}
	var textBuf strings.Builder
	// The text is about as long as the Markdown: one allocation, not a
	// dozen doublings, on every page.
	textBuf.Grow(len(src))
	var remove []ast.Node
	var unwrap []ast.Node

	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				textBuf.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			txt := plainText(n, src)
			line := st.blockLine(n)
			if n.Level == 1 {
				st.res.Diags.Errorf(st.file, line, "use ## for headings in the text: the page title is the page's only main heading",
					"a heading with a single # is not allowed")
			}
			id := uniqueID(ids, Slug(txt))
			n.SetAttributeString("id", []byte(id))
			st.res.Headings = append(st.res.Headings, Heading{Level: n.Level, Text: txt, ID: id, Line: line})
		case *ast.HTMLBlock:
			st.res.Diags.Warnf(st.file, st.blockLine(n), "write it in Markdown instead", "HTML is not allowed in pages and was left out")
			remove = append(remove, n)
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			st.res.Diags.Warnf(st.file, st.inlineLine(n), "write it in Markdown instead", "HTML is not allowed in pages and was left out")
			remove = append(remove, n)
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			if !st.link(n, n.Destination, plainText(n, src), false, st.inlineLine(n)) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			if !st.link(n, n.Destination, plainText(n, src), true, st.inlineLine(n)) {
				remove = append(remove, n)
			}
		case *ast.AutoLink:
			u := string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkEmail {
				u = "mailto:" + u
			}
			if !allowedScheme(u) {
				remove = append(remove, n)
			} else {
				st.res.Links = append(st.res.Links, Link{Kind: ExternalLink, Target: u, Text: string(n.Label(src)), Line: st.inlineLine(n)})
			}
		case *extast.TableHeader:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				c.SetAttributeString("scope", []byte("col"))
			}
		case *ast.Text:
			textBuf.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				textBuf.WriteByte(' ')
			}
		case *ast.String:
			textBuf.Write(n.Value)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range remove {
		if p := n.Parent(); p != nil {
			p.RemoveChild(p, n)
		}
	}
	for _, n := range unwrap {
		p := n.Parent()
		if p == nil {
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			p.InsertBefore(p, n, c)
			c = next
		}
		p.RemoveChild(p, n)
	}
	st.res.Text = textBuf.String()
}

// link classifies and rewrites one link or image destination. It returns
// false when the link must not be kept.
func (st *state) link(n ast.Node, dest []byte, label string, image bool, line int) bool {
	raw := strings.TrimSpace(string(dest))
	set := func(s string) {
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = []byte(s)
		case *ast.Image:
			n.Destination = []byte(s)
		}
	}
	what := "link"
	if image {
		what = "image"
	}
	if raw == "" {
		st.res.Diags.Errorf(st.file, line, "write where it goes between the brackets: [text](../money/_index.md)", "this %s has no address", what)
		return false
	}
	if hasScheme(raw) {
		if !allowedScheme(raw) || image && !strings.HasPrefix(strings.ToLower(raw), "https:") {
			st.res.Diags.Errorf(st.file, line, "links may only go to pages of this site, https: web addresses, mailto: email addresses or tel: phone numbers",
				"this %s's address %q is not allowed", what, truncate(raw))
			return false
		}
		if image {
			st.res.Diags.Errorf(st.file, line, "put the image file beside the page under content/ and link to it by its file name", "images from other sites are not allowed: they would tell that site who reads the page")
			return false
		}
		st.res.Links = append(st.res.Links, Link{Kind: ExternalLink, Target: raw, Text: label, Line: line})
		return true
	}
	if strings.HasPrefix(raw, "//") {
		st.res.Diags.Errorf(st.file, line, "write the full address starting with https://", "the %s address %q has no https: at the start", what, truncate(raw))
		return false
	}
	p, frag, _ := strings.Cut(raw, "#")
	if q := strings.IndexByte(p, '?'); q >= 0 {
		p = p[:q]
	}
	if unescaped, err := url.PathUnescape(p); err == nil {
		p = unescaped
	}
	if p == "" { // #heading on this page
		st.res.Links = append(st.res.Links, Link{Kind: PageLink, Target: st.page, Fragment: frag, Text: label, Line: line, Image: image})
		return true
	}
	if strings.HasPrefix(p, "/") {
		clean := path.Clean(p)
		if strings.HasSuffix(p, "/") && clean != "/" {
			clean += "/"
		}
		if strings.HasSuffix(clean, ".md") {
			st.res.Diags.Errorf(st.file, line, "link to the page's file relative to this page, like ../money/council-tax.md", "the link %q starts with / and ends in .md", truncate(raw))
			return false
		}
		st.res.Links = append(st.res.Links, Link{Kind: PathLink, Target: clean, Fragment: frag, Text: label, Line: line, Image: image})
		set(st.basePath + clean + fragment(frag))
		return true
	}
	target := path.Join(path.Dir(st.page), p)
	if target == ".." || strings.HasPrefix(target, "../") {
		st.res.Diags.Errorf(st.file, line, "check the number of ../ in the link", "the link %q leads outside the content folder", truncate(raw))
		return false
	}
	if strings.HasSuffix(target, ".md") {
		if lang := st.opts.Lang; lang != "" && !image {
			translated := strings.TrimSuffix(target, ".md") + "." + lang + ".md"
			if st.opts.Translated != nil && st.opts.Translated(translated) {
				// Heading ids come from each version's own headings, so
				// a fragment written for the English page is dropped.
				target, frag = translated, ""
			} else if l, ok := n.(*ast.Link); ok {
				l.SetAttributeString("hreflang", []byte("en"))
				l.AppendChild(l, ast.NewString([]byte(" "+st.opts.InEnglish)))
			}
		}
		st.res.Links = append(st.res.Links, Link{Kind: PageLink, Target: target, Fragment: frag, Text: label, Line: line, Image: image})
		set(st.basePath + content.URLOf(target) + fragment(frag))
		return true
	}
	if path.Ext(target) == "" {
		st.res.Diags.Errorf(st.file, line, "link to the page's .md file, like "+suggestMD(p),
			"the link %q does not name a .md file", truncate(raw))
		return false
	}
	st.res.Links = append(st.res.Links, Link{Kind: FileLink, Target: target, Fragment: frag, Text: label, Line: line, Image: image})
	set(st.basePath + "/" + target)
	return true
}

func suggestMD(p string) string {
	p = strings.TrimSuffix(p, "/")
	if p == "" || p == "." || p == ".." {
		return "../_index.md"
	}
	if path.Base(p) == ".." {
		return p + "/_index.md"
	}
	return p + ".md (a page) or " + p + "/_index.md (a section)"
}

func fragment(f string) string {
	if f == "" {
		return ""
	}
	return "#" + f
}

func truncate(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

func hasScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return false
	}
	for _, c := range s[:i] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func allowedScheme(s string) bool {
	l := strings.ToLower(s)
	for _, p := range []string{"https:", "http:", "mailto:", "tel:"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// blockLine returns the line a block node starts on.
func (st *state) blockLine(n ast.Node) int {
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return st.lineAt(l.At(0).Start)
	}
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if c.Type() == ast.TypeBlock {
			if l := c.Lines(); l != nil && l.Len() > 0 {
				return st.lineAt(l.At(0).Start)
			}
		}
	}
	return st.firstLn
}

// inlineLine returns the line an inline node is on: that of its first
// text, or else the line of the block that holds it.
func (st *state) inlineLine(n ast.Node) int {
	var found = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			found = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if found < 0 {
		if p, ok := n.PreviousSibling().(*ast.Text); ok {
			found = p.Segment.Stop
		}
	}
	if found >= 0 {
		return st.lineAt(found)
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock {
			return st.blockLine(p)
		}
	}
	return st.firstLn
}

// plainText returns the text inside n without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tt, ok := t.(*ast.Text); ok {
					b.Write(tt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// Slug turns heading text into an id: "How do I ask?" becomes
// "how-do-i-ask"; see content.Slug.
func Slug(s string) string {
	if id := content.Slug(s); id != "" {
		return id
	}
	return "section"
}

func uniqueID(seen map[string]int, id string) string {
	n := seen[id]
	seen[id] = n + 1
	if n == 0 {
		return id
	}
	return id + "-" + strconv.Itoa(n)
}
