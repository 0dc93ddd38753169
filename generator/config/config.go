// Package config reads site.toml, the settings for a whole site: its title
// and address, the council's contact details, the navigation and the review
// period.
//
// Every key is typed and known: a misspelt key is an error at its line with
// a "did you mean" hint, never silently ignored. Contact details may be
// written as { unconfirmed = true, note = "…" } while the council has not
// confirmed them; see tomldoc.Value.
package config

import (
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strings"

	"localoffer/generator/diag"
	"localoffer/generator/schema"
	"localoffer/generator/tomldoc"
)

// File is the name of the settings file in a site folder.
const File = "site.toml"

// Config is the decoded site.toml.
type Config struct {
	Title          string
	ShortTitle     string // for the header on narrow screens; defaults to Title
	Owner          string // the council that publishes the offer
	BaseURL        string // absolute, ending in "/"
	Language       string
	ReviewMonths   int     // pages not reviewed for longer get a warning
	ReadingEaseMin float64 // pages below this Flesch reading ease get a warning
	Contact        Contact
	Services       []Service
	Nav            []Link
	Footer         []Link
	Exempt         []Exemption
	// Editor is where the browser editor saves pages; nil when the site
	// has no [editor] table, and then no editor is published.
	Editor *Editor
	// Languages are the languages pages may be written in, English first.
	// A site.toml without [[languages]] has English only.
	Languages []Language
}

// Editor is site.toml's [editor]: the GitHub repository the browser
// editor at /admin/ saves to. Netlify's own OAuth provider signs editors
// in, so nothing else is needed here.
type Editor struct {
	Repo   tomldoc.Value // "owner/name"; may be unconfirmed until the council's web team says
	Branch string        // defaults to "main"
}

// RepoOrPlaceholder returns the repository, or while it is unconfirmed a
// name that says where to set it (editing on one's own copy still works).
func (e *Editor) RepoOrPlaceholder() string {
	if e.Repo.Unconfirmed || e.Repo.Text == "" {
		return "set-editor-repo-in/site.toml"
	}
	return e.Repo.Text
}

// Language is a language the site's pages may be translated into.
type Language struct {
	Code string // such as "ar": a translation of grants.md is grants.ar.md, at /ar/…
	Name string // the language's name in its own script, such as "العربية"
	Dir  string // "ltr" or "rtl"
	Line int    `fingerprint:"-"`
}

// LanguageOf returns the language with code, or English when there is none.
func (c *Config) LanguageOf(code string) Language {
	for _, l := range c.Languages {
		if l.Code == code {
			return l
		}
	}
	return Language{Code: DefaultLanguage, Name: "English", Dir: "ltr"}
}

// HasLanguage reports whether code is one of the site's languages.
func (c *Config) HasLanguage(code string) bool {
	for _, l := range c.Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Exemption turns a warning rule off, for one page or for all, with the
// reason recorded where everyone can read it.
type Exemption struct {
	Rule   diag.Rule
	Page   string // under content/, such as "accessibility.md"; "" for every page
	Reason string
	Line   int `fingerprint:"-"`
}

// Covers reports whether the exemption turns off d.
func (e Exemption) Covers(d diag.Diagnostic) bool {
	return d.Rule == e.Rule.Code && (e.Page == "" || d.File == "content/"+e.Page)
}

// Contact is how readers reach the team that supports them.
type Contact struct {
	Name       string
	Phone      tomldoc.Value
	Email      tomldoc.Value
	Address    tomldoc.Value
	Hours      tomldoc.Value
	OutOfHours tomldoc.Value
}

// Service is another service readers may need, such as Contact Cares.
type Service struct {
	Name    string
	Phone   tomldoc.Value
	Email   tomldoc.Value
	Address tomldoc.Value
	Hours   tomldoc.Value
	About   string
}

// ContactFields are the keys of [contact], and ServiceFields those of each
// [[services]] table. The parser accepts exactly these keys, and the
// browser editor's "Contact details" form is made from them, so that the
// two cannot drift apart.
var (
	ContactFields = []schema.Field{
		{Key: "name", Kind: schema.Text, Label: "Team name", Help: "The name readers see, such as St Helens leaving care team."},
		phoneField, emailField, addressField, hoursField,
		{Key: "out_of_hours", Kind: schema.Fact, Label: "Out-of-hours phone", Help: "The number care leavers ring when the team is closed."},
	}
	ServiceFields = []schema.Field{
		{Key: "name", Kind: schema.Text, Need: schema.Required, NotEmpty: true, Label: "Service name", Help: "The service's name, as readers know it."},
		phoneField, emailField, addressField, hoursField,
		{Key: "about", Kind: schema.Text, Label: "What it is for", Long: true, Help: "One plain sentence: what the service does for care leavers."},
	}
	phoneField   = schema.Field{Key: "phone", Kind: schema.Fact, Label: "Phone", Help: "The phone number, as readers dial it, such as 01744 676767."}
	emailField   = schema.Field{Key: "email", Kind: schema.Fact, Label: "Email", Help: "The email address, or the web address of a form."}
	addressField = schema.Field{Key: "address", Kind: schema.Fact, Label: "Address", Help: "The address readers visit, on one line."}
	hoursField   = schema.Field{Key: "hours", Kind: schema.Fact, Label: "Opening hours", Help: "When readers can call or visit, such as 9am to 5pm, Monday to Friday."}
)

// Link is a navigation entry pointing at a content file.
type Link struct {
	Label string
	Page  string // path under content/, such as "money/_index.md"
	Line  int    `fingerprint:"-"` // where it is written in site.toml
}

// Load reads site.toml from fsys. Problems are returned as diagnostics; the
// Config is usable (with defaults) whenever it is not nil.
func Load(fsys fs.FS) (*Config, diag.List) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		var l diag.List
		l.Errorf(File, 0, "create site.toml in the site folder, or pass --source with the folder that has it", "cannot read the site settings")
		return nil, l
	}
	return Parse(string(data))
}

// Parse decodes the text of a site.toml.
func Parse(text string) (*Config, diag.List) {
	doc, syn := tomldoc.Parse(File, text, 1)
	if syn != nil {
		return nil, diag.List{*syn}
	}
	t := doc.Root()
	c := &Config{
		Title:          t.String("title"),
		ShortTitle:     t.String("short_title"),
		Owner:          t.String("owner"),
		BaseURL:        t.String("base_url"),
		Language:       t.String("language"),
		ReviewMonths:   12,
		ReadingEaseMin: 60,
	}
	t.Required("site.toml", "title", "base_url")
	if t.Has("review_months") {
		c.ReviewMonths = t.Int("review_months")
		if c.ReviewMonths < 1 {
			t.Errorf("review_months", "use a number of months such as 12", "review_months must be at least 1")
		}
	}
	if t.Has("reading_ease_min") {
		c.ReadingEaseMin = float64(t.Int("reading_ease_min"))
	}
	if c.ShortTitle == "" {
		c.ShortTitle = c.Title
	}
	if c.Language == "" {
		c.Language = "en-GB"
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			t.Errorf("base_url", `write the full address, like base_url = "https://example.org/"`, "base_url %q is not a web address", c.BaseURL)
		} else {
			c.BaseURL = strings.TrimSuffix(c.BaseURL, "/") + "/"
		}
	}
	if ct := t.Table("contact"); ct != nil {
		c.Contact = Contact{
			Name:       ct.String("name"),
			Phone:      ct.Value("phone"),
			Email:      ct.Value("email"),
			Address:    ct.Value("address"),
			Hours:      ct.Value("hours"),
			OutOfHours: ct.Value("out_of_hours"),
		}
		ct.Done(schema.Keys(ContactFields)...)
	}
	for _, st := range t.Tables("services") {
		s := Service{
			Name:    st.String("name"),
			Phone:   st.Value("phone"),
			Email:   st.Value("email"),
			Address: st.Value("address"),
			Hours:   st.Value("hours"),
			About:   st.String("about"),
		}
		st.Required("this service", "name")
		st.Done(schema.Keys(ServiceFields)...)
		c.Services = append(c.Services, s)
	}
	c.Nav = links(t, "nav")
	c.Footer = links(t, "footer")
	c.Exempt = exemptions(t)
	c.Languages = languages(t)
	if et := t.Table("editor"); et != nil {
		c.Editor = &Editor{Repo: et.Value("repo"), Branch: et.String("branch")}
		et.Required("[editor]", "repo")
		et.Done("repo", "branch")
		if c.Editor.Branch == "" {
			c.Editor.Branch = "main"
		}
		if r := c.Editor.Repo.Text; r != "" && strings.Count(r, "/") != 1 {
			et.Errorf("repo", `write the GitHub repository as owner/name, like repo = "st-helens-council/local-offer"`, "repo %q is not owner/name", r)
		}
	}
	t.Done("title", "short_title", "owner", "base_url", "language", "review_months",
		"reading_ease_min", "contact", "services", "nav", "footer", "exempt", "languages", "editor")
	return c, doc.Diags
}

func links(t *tomldoc.Table, key string) []Link {
	var out []Link
	for _, lt := range t.Tables(key) {
		l := Link{Label: lt.String("label"), Page: lt.String("page"), Line: lt.Line("")}
		lt.Required(fmt.Sprintf("this [[%s]] entry", key), "label", "page")
		lt.Done("label", "page")
		out = append(out, l)
	}
	return out
}

// DefaultLanguage is the language of pages without a language code in
// their file name.
const DefaultLanguage = "en"

func languages(t *tomldoc.Table) []Language {
	out := []Language{{Code: DefaultLanguage, Name: "English", Dir: "ltr"}}
	for i, lt := range t.Tables("languages") {
		l := Language{Code: lt.String("code"), Name: lt.String("name"), Dir: lt.String("dir"), Line: lt.Line("")}
		lt.Required("this [[languages]] entry", "code", "name", "dir")
		lt.Done("code", "name", "dir")
		switch {
		case l.Dir != "" && l.Dir != "ltr" && l.Dir != "rtl":
			lt.Errorf("dir", `write dir = "ltr" (left to right) or dir = "rtl" (right to left, as Arabic)`, "dir must be ltr or rtl, not %q", l.Dir)
		case l.Code != "" && !langCode.MatchString(l.Code):
			lt.Errorf("code", `use the language's two- or three-letter code, like code = "ar"`, "%q is not a language code", l.Code)
		case i == 0 && l.Code == DefaultLanguage:
			out[0] = l
			continue
		case l.Code == DefaultLanguage:
			lt.Errorf("code", "list English first, or leave it out", "English must be the first language")
		}
		if l.Code != "" && l.Code != DefaultLanguage {
			out = append(out, l)
		}
	}
	return out
}

var langCode = regexp.MustCompile(`^[a-z]{2,3}$`)

func exemptions(t *tomldoc.Table) []Exemption {
	var out []Exemption
	var warnings []string
	for _, r := range diag.Rules {
		if r.Severity == diag.Warning {
			warnings = append(warnings, r.Name)
		}
	}
	for _, et := range t.Tables("exempt") {
		name := et.String("rule")
		e := Exemption{Page: et.String("page"), Reason: strings.TrimSpace(et.String("reason")), Line: et.Line("")}
		et.Required("this [[exempt]] entry", "rule", "reason")
		et.Done("rule", "page", "reason")
		r, ok := diag.FindRule(name)
		switch {
		case name == "":
			continue
		case !ok:
			fix := "the warning rules are " + strings.Join(warnings, ", ")
			if s := diag.Suggest(name, warnings); s != "" {
				fix = fmt.Sprintf("did you mean %q? %s", s, fix)
			}
			et.Errorf("rule", fix, "unknown rule %q", name)
			continue
		case r.Severity != diag.Warning:
			et.Errorf("rule", "fix the problem instead: errors stop the site from being published, so they cannot be turned off", "%s is an error, not a warning", r)
			continue
		case et.Has("reason") && e.Reason == "":
			et.Errorf("reason", "say why the rule does not apply, so that the next editor knows", "the reason is empty")
		}
		e.Rule = r
		out = append(out, e)
	}
	return out
}

// BasePath returns the path of the site's address without its final
// slash, such as "/offer" for https://example.org/offer/, or "" for a site
// at the root of its domain. Every address the site writes starts with it.
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(u.Path, "/")
}

// Unconfirmed returns every value in c still marked unconfirmed, in the
// order they are written.
func (c *Config) Unconfirmed() []tomldoc.Value {
	var out []tomldoc.Value
	add := func(vs ...tomldoc.Value) {
		for _, v := range vs {
			if v.Unconfirmed {
				out = append(out, v)
			}
		}
	}
	add(c.Contact.Phone, c.Contact.Email, c.Contact.Address, c.Contact.Hours, c.Contact.OutOfHours)
	for _, s := range c.Services {
		add(s.Phone, s.Email, s.Address, s.Hours)
	}
	if c.Editor != nil {
		add(c.Editor.Repo)
	}
	return out
}

// ServicePhone returns the phone number, as written, of the service in
// [[services]] called name. Templates that name a service in their own
// words (such as the home page's "call Contact Cares on …") take its
// number from here, so that a number changed in site.toml changes there
// too. A service renamed, removed or left without a confirmed number is
// an error at site.toml, which is where an editor made the change, rather
// than a page without the number.
func (c *Config) ServicePhone(name string) (string, error) {
	for _, s := range c.Services {
		if s.Name != name {
			continue
		}
		if s.Phone.Text == "" || s.Phone.Unconfirmed {
			return "", siteError(s.Phone.Line, fmt.Sprintf("add its phone number: phone = \"…\" in the [[services]] entry named %q", name),
				"the pages give the phone number of %s, but site.toml has no confirmed number for it", name)
		}
		return s.Phone.Text, nil
	}
	return "", siteError(0, fmt.Sprintf("add a [[services]] entry named %q with its phone number, or give the service its old name back", name),
		"the pages give the phone number of %s, but site.toml has no service of that name", name)
}

func siteError(line int, fix, format string, args ...any) error {
	var l diag.List
	l.Errorf(File, line, fix, format, args...)
	return &diag.Errors{List: l}
}

// PhoneNumbers returns every confirmed phone number in [contact] and
// [[services]], as written, with the name of whose number it is.
func (c *Config) PhoneNumbers() []NamedPhone {
	var out []NamedPhone
	add := func(name string, vs ...tomldoc.Value) {
		for _, v := range vs {
			if v.Text != "" && !v.Unconfirmed {
				out = append(out, NamedPhone{name, v.Text})
			}
		}
	}
	add(c.Contact.Name, c.Contact.Phone, c.Contact.OutOfHours)
	for _, s := range c.Services {
		add(s.Name, s.Phone)
	}
	return out
}

// NamedPhone is a phone number and whose it is.
type NamedPhone struct {
	Name, Number string
}
