// Package render turns pages into HTML with the site's html/template
// templates.
//
// templates/base.html is the layout every page shares; templates/partials/
// holds pieces any template may call with {{template "name.html" .}}; every
// other templates/NAME.html renders one kind of page and defines the
// "main" block the layout places: home.html, section.html, page.html,
// 404.html, and one per layout (glance.html …) or generated page (finder.html …).
//
// The menu, header and footer are the same on most pages: templates call
// them with {{.Cached "partials/footer.html" .Page.Lang}}, which renders
// the partial once for each variant (see Data.Cached).
//
// Templates are parsed once, with missingkey=error so that a misspelt field
// is an error rather than an empty string, and executed into a buffer (an
// error halfway leaves nothing half-written). Template authors are trusted;
// page text is not and is escaped, except the Markdown body, which goldmark
// renders without raw HTML.
package render

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/site"
	"localoffer/generator/tomldoc"
	"localoffer/generator/words"
)

// Templates is a parsed set of templates. It is safe for concurrent use.
type Templates struct {
	kinds map[string]*template.Template
	sum   [32]byte
	// memo holds the partials Data.Cached rendered for one site.
	memo atomic.Pointer[memo]
}

// memo is what Data.Cached has rendered for one site, by kind, partial
// and variant.
type memo struct {
	site *site.Site
	mu   sync.Mutex
	m    map[string]*memoEntry
}

type memoEntry struct {
	once sync.Once
	html template.HTML
	err  error
	page string // the first page it was rendered for, for error messages
}

// memoFor returns the memo for site s, replacing one made for another
// site (the preview server's previous build).
func (t *Templates) memoFor(s *site.Site) *memo {
	for {
		m := t.memo.Load()
		if m != nil && m.site == s {
			return m
		}
		if n := (&memo{site: s, m: map[string]*memoEntry{}}); t.memo.CompareAndSwap(m, n) {
			return n
		}
	}
}

// Sum is a hash of every template file's name and text: two sets with the
// same Sum render the same data to the same bytes.
func (t *Templates) Sum() [32]byte { return t.sum }

// Data is what a template receives as its dot.
type Data struct {
	Site *site.Site
	Page *site.Page
	Body template.HTML // the page's rendered Markdown
	Dev  bool          // rendering for the preview server
	// Words are the words of the page's language that are not in
	// content/; templates ask for them with {{.T "page.last_checked"}}.
	Words *words.Table

	run *execution // set by ExecuteTo, for Cached
}

// execution is what Cached needs of the ExecuteTo call it is part of.
type execution struct {
	kind string
	tmpl *template.Template
	memo *memo
	// verify renders every cached partial again and compares, to find a
	// variant that leaves out something the partial depends on (tests
	// set LOCALOFFER_VERIFY_CACHED).
	verify bool
}

// Cached renders the partial name with the page's data once per build
// for each distinct variant, and gives every later page with the same
// variant the same HTML, as Hugo's partialCached does. The site's menu
// and footer are the same on thousands of pages, and executing them is
// most of a page's template time. The variant must name everything the
// partial shows that differs between pages: most partials depend only on
// the language, {{.Cached "partials/footer.html" .Page.Lang}}. Variants
// are text, numbers, true or false, or pages.
func (d *Data) Cached(name string, variant ...any) (template.HTML, error) {
	if d.run == nil {
		return "", fmt.Errorf(".Cached %q: only works while a page is rendered", name)
	}
	var k strings.Builder
	k.WriteString(d.run.kind + "\x00" + name + "\x00" + strconv.FormatBool(d.Dev))
	for _, v := range variant {
		k.WriteByte(0)
		switch v := v.(type) {
		case string:
			k.WriteString("s" + v)
		case int:
			k.WriteString("i" + strconv.Itoa(v))
		case bool:
			k.WriteString("b" + strconv.FormatBool(v))
		case *site.Page:
			if v == nil {
				k.WriteString("p")
			} else {
				k.WriteString("p" + v.Path + "\x00" + v.URL)
			}
		default:
			return "", fmt.Errorf(".Cached %q: a variant must be text, a number, true or false, or a page, not %T", name, v)
		}
	}
	key := k.String()
	m := d.run.memo
	m.mu.Lock()
	e := m.m[key]
	if e == nil {
		e = &memoEntry{page: d.Page.File}
		m.m[key] = e
	}
	m.mu.Unlock()
	e.once.Do(func() { e.html, e.err = d.execPartial(name) })
	if e.err != nil {
		return "", e.err
	}
	if d.run.verify {
		html, err := d.execPartial(name)
		if err != nil {
			return "", err
		}
		if html != e.html {
			return "", fmt.Errorf(".Cached %q: the partial differs between %s and %s, which have the same variant; add what it depends on to the variant", name, e.page, d.Page.File)
		}
	}
	return e.html, nil
}

func (d *Data) execPartial(name string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := d.run.tmpl.ExecuteTemplate(&buf, name, d); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil //nolint:gosec // html/template escaped it
}

// NavKey says where the page stands in site.toml's [[nav]]: the address
// of the entry that is the page (or the page's English original), and
// of the entry that is its section. With the page's language that is all
// the menu depends on: {{.Cached "partials/service-nav.html" .Page.Lang .NavKey}}.
func (d *Data) NavKey() string {
	o := d.Page.Original()
	var is, in string
	for _, n := range d.Site.Nav {
		if n.Page == nil {
			continue
		}
		if n.Page == o {
			is = n.Page.URL
		}
		if o.Parent != nil && n.Page == o.Parent {
			in = n.Page.URL
		}
	}
	return is + "\x00" + in
}

// T returns the words for key in the page's language, with each {name}
// replaced by the value after name: {{.T "page.next" "title" .Page.Next.Title}}.
func (d *Data) T(key string, args ...string) string { return d.Words.Get(key, args...) }

// Date writes a date in the page's language, such as "3 April 2026".
func (d *Data) Date(t time.Time) string { return d.Words.Date(t) }

// TH is T for a sentence with links in it: the words are escaped and each
// {name} is replaced by the value after name, which may be HTML made by
// link: {{.TH "home.in_danger" "emergency" (link "tel:999" "999")}}. A
// translator can then move the link to wherever it belongs in the sentence.
func (d *Data) TH(key string, args ...any) (template.HTML, error) {
	text := template.HTMLEscapeString(d.Words.Get(key))
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		name, ok := args[i].(string)
		if !ok {
			return "", fmt.Errorf("TH %q: argument %d must be a name, not %T", key, i+1, args[i])
		}
		var v string
		switch x := args[i+1].(type) {
		case template.HTML:
			v = string(x)
		case string:
			v = template.HTMLEscapeString(x)
		default:
			return "", fmt.Errorf("TH %q: the value of %s must be text or a link, not %T", key, name, x)
		}
		pairs = append(pairs, "{"+name+"}", v)
	}
	return template.HTML(words.Replace(text, pairs...)), nil //nolint:gosec // escaped above
}

// In returns what a link from this page to v should lead to. v is a page,
// or a site address such as "/get-help-now/". On a translation that is
// the version of v in the page's language where there is one; otherwise,
// and on English pages, v itself.
func (d *Data) In(v any) any {
	if !d.Page.IsTranslation() {
		return v
	}
	p, _ := v.(*site.Page)
	if s, ok := v.(string); ok && d.Site != nil {
		p = d.Site.PageByURL(s)
	}
	if p == nil {
		return v
	}
	for _, t := range p.Versions {
		if t.Lang == d.Page.Lang {
			return t
		}
	}
	return v
}

// Foreign reports whether a link to v, which In gave, leads from a
// translation to a page in English: the link must then say so, with
// hreflang="en" and the words of translation.in_english, as links in
// translated Markdown do.
func (d *Data) Foreign(v any) bool {
	if !d.Page.IsTranslation() {
		return false
	}
	p, ok := v.(*site.Page)
	return !ok || !p.IsTranslation()
}

// Label returns the words of a link from site.toml's [[nav]] or [[footer]]
// to page p. English pages show english, the label written in site.toml.
// A translation shows labels.NAME from its language's strings file, NAME
// being p's file or folder name with - as _ ("money/_index.md" is
// labels.money, "words-explained.md" is labels.words_explained), or
// english when the strings file has no such key, so a new menu entry
// never breaks a build.
func (d *Data) Label(p *site.Page, english string) string {
	if !d.Page.IsTranslation() || p == nil || d.Words == nil {
		return english
	}
	key := "labels." + LabelKey(p.Path)
	if d.Words.Has(key) {
		return d.Words.Get(key)
	}
	return english
}

// LabelKey is the name of the labels.* key for the page at path p (a path
// under content/, with or without a language code): see Data.Label.
func LabelKey(p string) string {
	english, _ := content.SplitLang(p)
	name := strings.TrimSuffix(strings.TrimSuffix(english, "/_index.md"), ".md")
	return strings.ReplaceAll(path.Base(name), "-", "_")
}

// Funcs are what templates can call besides html/template's built-ins.
type Funcs struct {
	// Assets maps each file under static/, such as "css/site.css", to its
	// published name, which may be fingerprinted ("css/site.3f2a1c9e.css").
	Assets map[string]string
	// BasePath is prefixed to site addresses: "" for a site at the root.
	BasePath string
	// BaseURL is the site's absolute address, ending in "/".
	BaseURL string
}

// key describes f completely, so that templates parsed with equal keys
// behave alike.
func (f Funcs) key() string {
	var b strings.Builder
	b.WriteString(f.BasePath + "\x00" + f.BaseURL + "\x00")
	names := make([]string, 0, len(f.Assets))
	for k := range f.Assets {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		b.WriteString(k + "\x00" + f.Assets[k] + "\x00")
	}
	return b.String()
}

// A Cache keeps the last templates parsed, for the preview server's
// rebuilds: when neither the template files nor the functions' data
// changed, Load returns the same Templates without parsing again.
type Cache struct {
	mu    sync.Mutex
	sum   [32]byte
	key   string
	tmpls *Templates
}

// Load parses the templates in fsys (the templates/ folder). c may be nil.
func Load(fsys fs.FS, funcs Funcs, c *Cache) (*Templates, diag.List) {
	var diags diag.List
	names, err := fs.Glob(fsys, "*.html")
	if err != nil || !slices.Contains(names, "base.html") {
		diags.Errorf("templates/base.html", 0, "create templates/base.html with the layout every page shares", "the templates folder has no base.html")
		return nil, diags
	}
	partials, _ := fs.Glob(fsys, "partials/*.html")
	shared := append([]string{"base.html"}, partials...)
	kinds := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == "base.html" })

	// Read every file first: their hash decides whether parsing is needed.
	texts := map[string]string{}
	h := sha256.New()
	for _, name := range append(slices.Clone(shared), kinds...) {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			diags.Errorf("templates/"+name, 0, "check that the file can be read", "cannot read the template")
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		texts[name] = string(data)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	var sum [32]byte
	h.Sum(sum[:0])
	key := funcs.key()
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.tmpls != nil && c.sum == sum && c.key == key {
			return c.tmpls, nil
		}
	}

	base := template.New("base.html").Option("missingkey=error").Funcs(funcMap(funcs))
	for _, name := range shared {
		if err := parseText(base, name, texts[name]); err != nil {
			diags.Add(templateError(err, name))
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	t := &Templates{kinds: map[string]*template.Template{}, sum: sum}
	for _, name := range kinds {
		clone, err := base.Clone()
		if err != nil {
			diags.Add(templateError(err, name))
			continue
		}
		if err := parseText(clone, name, texts[name]); err != nil {
			diags.Add(templateError(err, name))
			continue
		}
		t.kinds[strings.TrimSuffix(name, ".html")] = clone
	}
	for _, need := range []string{"home", "section", "page", "404"} {
		if t.kinds[need] == nil && !hasError(diags, "templates/"+need+".html") {
			diags.Errorf("templates/"+need+".html", 0, "create it; it defines the \"main\" block for that kind of page", "the template %s.html is missing", need)
		}
	}
	if c != nil && !diags.HasErrors() {
		c.sum, c.key, c.tmpls = sum, key, t
	}
	return t, diags
}

func hasError(l diag.List, file string) bool {
	for _, d := range l {
		if d.File == file {
			return true
		}
	}
	return false
}

func parseText(t *template.Template, name, text string) error {
	// Partials are named by their path under partials/, templates by file.
	tmplName := path.Base(name)
	if strings.HasPrefix(name, "partials/") {
		tmplName = name
	}
	target := t
	if tmplName != t.Name() {
		target = t.New(tmplName)
	}
	_, err := target.Parse(text)
	return err
}

// Has reports whether a template for kind exists.
func (t *Templates) Has(kind string) bool { return t.kinds[kind] != nil }

// Execute renders one page with the template for kind.
func (t *Templates) Execute(kind string, d *Data) ([]byte, *diag.Diagnostic) {
	var buf bytes.Buffer
	buf.Grow(16 << 10)
	if dg := t.ExecuteTo(&buf, kind, d); dg != nil {
		return nil, dg
	}
	return buf.Bytes(), nil
}

// ExecuteTo renders one page with the template for kind, appending to buf,
// which a build reuses from page to page. After an error buf holds part
// of a page and must be thrown away or reset.
func (t *Templates) ExecuteTo(buf *bytes.Buffer, kind string, d *Data) *diag.Diagnostic {
	tmpl := t.kinds[kind]
	if tmpl == nil {
		return &diag.Diagnostic{File: d.Page.File, Severity: diag.Error,
			Msg: fmt.Sprintf("there is no template for %q pages", kind), Fix: fmt.Sprintf("create templates/%s.html", kind)}
	}
	d.run = &execution{kind: kind, tmpl: tmpl, memo: t.memoFor(d.Site), verify: os.Getenv("LOCALOFFER_VERIFY_CACHED") != ""}
	if err := tmpl.ExecuteTemplate(buf, "base.html", d); err != nil {
		dg := templateError(err, kind+".html")
		dg.Msg += WhileRendering + d.Page.File + ")"
		return &dg
	}
	return nil
}

// WhileRendering starts what a template error adds to its message to
// name the page it stopped: " (while rendering content/x.md)".
const WhileRendering = " (while rendering "

var tmplErrRE = regexp.MustCompile(`^(?:html/)?template: ([^:]+):(\d+)(?::\d+)?: (.*)$`)

// templateError turns an html/template error into a diagnostic at the
// template's file and line.
func templateError(err error, fallback string) diag.Diagnostic {
	// A function or method that knows where the real mistake is, such as
	// site.toml's ServicePhone, says so with a diagnostic of its own.
	if de := (*diag.Errors)(nil); errors.As(err, &de) && len(de.List) == 1 {
		return de.List[0]
	}
	msg := strings.TrimSpace(err.Error())
	file, line := fallback, 0
	if m := tmplErrRE.FindStringSubmatch(msg); m != nil {
		file = m[1]
		line, _ = strconv.Atoi(m[2])
		msg = m[3]
	} else if i := strings.Index(msg, ": "); strings.HasPrefix(msg, "template: ") && i > 0 {
		msg = strings.TrimPrefix(msg, "template: ")
	}
	if !strings.HasPrefix(file, "partials/") && strings.Contains(file, "/") {
		file = path.Base(file)
	}
	// Executing errors name the template and then the real file; keep the
	// message short and say what to do.
	msg = strings.ReplaceAll(msg, "executing ", "in ")
	fix := "fix the template"
	switch {
	case strings.Contains(msg, "can't evaluate field"), strings.Contains(msg, "map has no entry for key"):
		fix = "check the field's name against the data the templates get (see the render package)"
	case strings.Contains(msg, "function") && strings.Contains(msg, "not defined"):
		fix = "check the function's name: see funcMap in generator/render"
	case strings.Contains(msg, "unexpected"), strings.Contains(msg, "unclosed"):
		fix = "check that every {{if}}, {{range}}, {{with}} and {{define}} has its {{end}}"
	case strings.Contains(msg, "no such template"):
		fix = "check the template's name; partials are called as {{template \"partials/name.html\" .}}"
	}
	return diag.Diagnostic{File: "templates/" + file, Line: line, Severity: diag.Error, Msg: msg, Fix: fix}
}

func funcMap(f Funcs) template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) (string, error) {
			if pub, ok := f.Assets[strings.TrimPrefix(name, "/")]; ok {
				return f.BasePath + "/" + pub, nil
			}
			return "", fmt.Errorf("there is no file static/%s", name)
		},
		// url gives the address of a page, or of a site path such as "/a-to-z/".
		"url": func(v any) (string, error) {
			switch v := v.(type) {
			case *site.Page:
				return f.BasePath + v.URL, nil
			case string:
				return f.BasePath + v, nil
			}
			return "", fmt.Errorf("url needs a page or a path, not %T", v)
		},
		// abs gives the absolute address of a site path, for the sitemap and feed.
		"abs": func(v any) (string, error) {
			switch v := v.(type) {
			case *site.Page:
				return strings.TrimSuffix(f.BaseURL, "/") + v.URL, nil
			case string:
				return strings.TrimSuffix(f.BaseURL, "/") + v, nil
			}
			return "", fmt.Errorf("abs needs a page or a path, not %T", v)
		},
		// link makes a link for TH's sentences: link "tel:999" "999", with
		// pairs of attribute names and values after the text, such as
		// "hreflang" "en". href comes from url, tel or mailto, or is a
		// literal address in a template.
		"link":    Link,
		"date":    Date,
		"isodate": func(t time.Time) string { return t.Format("2006-01-02") },
		// tel turns a phone number as written into a tel: link address.
		"tel": Tel,
		// mailto turns an email address into a mailto: link address.
		"mailto": func(s string) template.URL { return template.URL("mailto:" + s) },
		"year":   func(t time.Time) int { return t.Year() },
		"known":  func(v tomldoc.Value) bool { return v.Text != "" && !v.Unconfirmed },
		"add":    func(a, b int) int { return a + b },
		"safeBody": func(b []byte) template.HTML {
			// The body is goldmark's output without raw HTML; see package markdown.
			return template.HTML(b) //nolint:gosec
		},
	}
}

// Date formats t as "3 April 2026", the way GOV.UK writes dates.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// Tel turns a UK phone number as written ("01744 676767") into a tel:
// address ("tel:01744676767").
func Tel(s string) template.URL {
	var b strings.Builder
	b.WriteString("tel:")
	for _, r := range s {
		if r >= '0' && r <= '9' || r == '+' {
			b.WriteRune(r)
		}
	}
	return template.URL(b.String())
}

// Link returns <a href="href">text</a>, escaped, with the attributes given
// as name, value pairs after text. It is for sentences whose words come
// from a strings file (see Data.TH); elsewhere templates write <a> tags.
func Link(href any, text string, attrs ...string) (template.HTML, error) {
	var h string
	switch v := href.(type) {
	case string:
		h = v
	case template.URL:
		h = string(v)
	default:
		return "", fmt.Errorf("link needs an address, not %T", href)
	}
	if !safeHref(h) {
		return "", fmt.Errorf("link: %q is not an address this site links to", h)
	}
	if len(attrs)%2 != 0 {
		return "", fmt.Errorf("link %q: attributes come in name, value pairs", h)
	}
	var b strings.Builder
	b.WriteString(`<a href="` + template.HTMLEscapeString(h) + `"`)
	for i := 0; i < len(attrs); i += 2 {
		// An empty value leaves the attribute out, so a template can
		// pass hreflang "" for a link in the page's own language.
		if attrs[i+1] == "" {
			continue
		}
		if !attrName.MatchString(attrs[i]) {
			return "", fmt.Errorf("link %q: %q is not an attribute name", h, attrs[i])
		}
		b.WriteString(" " + attrs[i] + `="` + template.HTMLEscapeString(attrs[i+1]) + `"`)
	}
	b.WriteString(">" + template.HTMLEscapeString(text) + "</a>")
	return template.HTML(b.String()), nil //nolint:gosec // every part escaped above
}

var attrName = regexp.MustCompile(`^(hreflang|lang|dir|rel|class)$`)

// safeHref allows the addresses templates link to: site paths, fragments,
// and tel:, mailto: and https: addresses; never javascript: and the like.
func safeHref(h string) bool {
	for _, prefix := range []string{"/", "#", "tel:", "mailto:", "https://", "http://"} {
		if strings.HasPrefix(h, prefix) && !strings.HasPrefix(h, "//") {
			return true
		}
	}
	return false
}
