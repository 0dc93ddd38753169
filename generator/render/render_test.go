package render

import (
	"fmt"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"localoffer/generator/site"
	"localoffer/generator/words"
)

// langData is a page in Arabic and its English original, with an English
// page that has no translation, and the words of both languages.
func langData(t *testing.T) (ar, en *Data, helpEN, helpAR, money *site.Page) {
	t.Helper()
	fsys := fstest.MapFS{
		"strings/en.toml": {Data: []byte("[home]\nin_danger = \"In danger, call {emergency} & {what}.\"\n[labels]\nmoney = \"Money\"\n")},
		"strings/ar.toml": {Data: []byte("[home]\nin_danger = \"اتصل بالرقم {emergency} & {what}.\"\n[labels]\nmoney = \"المال\"\n")},
	}
	tables, diags := words.Load(fsys, []string{"en", "ar"})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	helpEN = &site.Page{Path: "get-help-now.md", URL: "/get-help-now/", Lang: ""}
	helpAR = &site.Page{Path: "get-help-now.ar.md", URL: "/ar/get-help-now/", Lang: "ar"}
	helpEN.Versions = []*site.Page{helpEN, helpAR}
	helpAR.Versions = helpEN.Versions
	money = &site.Page{Path: "money/_index.md", URL: "/money/"}
	s := &site.Site{}
	ar = &Data{Site: s, Page: helpAR, Words: tables["ar"]}
	en = &Data{Site: s, Page: helpEN, Words: tables["en"]}
	return
}

func TestInForeignLabel(t *testing.T) {
	ar, en, helpEN, helpAR, money := langData(t)
	for _, tc := range []struct {
		name    string
		d       *Data
		to      any
		want    any
		foreign bool
	}{
		{"a translated page from a translation", ar, helpEN, helpAR, false},
		{"an untranslated page from a translation", ar, money, money, true},
		{"a site address from a translation", ar, "/a-to-z/", "/a-to-z/", true},
		{"an English page from English", en, helpEN, helpEN, false},
		{"a site address from English", en, "/a-to-z/", "/a-to-z/", false},
	} {
		got := tc.d.In(tc.to)
		if got != tc.want {
			t.Errorf("%s: In = %v, want %v", tc.name, got, tc.want)
		}
		if f := tc.d.Foreign(got); f != tc.foreign {
			t.Errorf("%s: Foreign = %v, want %v", tc.name, f, tc.foreign)
		}
	}
	if got := ar.Label(money, "Money from site.toml"); got != "المال" {
		t.Errorf("Arabic label = %q", got)
	}
	if got := en.Label(money, "Money from site.toml"); got != "Money from site.toml" {
		t.Errorf("English label = %q, want site.toml's", got)
	}
	if got := ar.Label(helpEN, "Get help now"); got != "Get help now" {
		t.Errorf("a label with no key = %q, want the English label", got)
	}
}

func TestTHAndLink(t *testing.T) {
	ar, en, _, _, _ := langData(t)
	link, err := Link("tel:999", "999", "dir", "ltr", "hreflang", "")
	if err != nil {
		t.Fatal(err)
	}
	if link != `<a href="tel:999" dir="ltr">999</a>` {
		t.Errorf("Link = %s", link)
	}
	for _, tc := range []struct {
		d    *Data
		want template.HTML
	}{
		{en, `In danger, call <a href="tel:999" dir="ltr">999</a> &amp; &lt;b&gt;.`},
		{ar, `اتصل بالرقم <a href="tel:999" dir="ltr">999</a> &amp; &lt;b&gt;.`},
	} {
		got, err := tc.d.TH("home.in_danger", "emergency", link, "what", "<b>")
		if err != nil || got != tc.want {
			t.Errorf("TH = %s, %v; want %s", got, err, tc.want)
		}
	}
	for _, bad := range [][]any{{"javascript:alert(1)", "x"}, {"//evil.example/", "x"}, {"/", "x", "onclick", "y"}, {"/", "x", "dir"}} {
		attrs := []string{}
		for _, a := range bad[2:] {
			attrs = append(attrs, a.(string))
		}
		if _, err := Link(bad[0], bad[1].(string), attrs...); err == nil {
			t.Errorf("Link%v: no error", bad)
		}
	}
	if _, err := en.TH("home.in_danger", "emergency", 999); err == nil {
		t.Error("TH with a number for a value: no error")
	}
}

func TestLabelKey(t *testing.T) {
	for p, want := range map[string]string{
		"money/_index.md":        "money",
		"your-rights/_index.md":  "your_rights",
		"words-explained.md":     "words_explained",
		"about-this-offer.ar.md": "about_this_offer",
	} {
		if got := LabelKey(p); got != want {
			t.Errorf("LabelKey(%q) = %q, want %q", p, got, want)
		}
	}
}

// cachedTemplates is a set whose layout shows one partial with
// Data.Cached, varied by variant, and the same partial with {{template}}.
func cachedTemplates(t *testing.T, variant string) *Templates {
	t.Helper()
	fsys := fstest.MapFS{
		"base.html":           {Data: []byte(`{{.Cached "partials/where.html"` + variant + `}}|{{template "partials/where.html" .}}`)},
		"partials/where.html": {Data: []byte(`{{.Page.Lang}}:{{.Page.URL}}`)},
	}
	for _, k := range []string{"home", "section", "page", "404"} {
		fsys[k+".html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{end}}`)}
	}
	tmpl, diags := Load(fsys, Funcs{}, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return tmpl
}

func TestCached(t *testing.T) {
	s := &site.Site{}
	a := &site.Page{Path: "a.md", File: "content/a.md", URL: "/a/", Lang: "en"}
	b := &site.Page{Path: "b.md", File: "content/b.md", URL: "/b/", Lang: "en"}
	arB := &site.Page{Path: "b.ar.md", File: "content/b.ar.md", URL: "/ar/b/", Lang: "ar"}
	render := func(tm *Templates, s *site.Site, p *site.Page) (string, error) {
		out, dg := tm.Execute("page", &Data{Site: s, Page: p})
		if dg != nil {
			return "", fmt.Errorf("%s", dg.Msg)
		}
		return string(out), nil
	}
	t.Run("one rendering per variant", func(t *testing.T) {
		tm := cachedTemplates(t, " .Page.Lang")
		for _, tc := range []struct {
			page *site.Page
			want string
		}{
			{a, "en:/a/|en:/a/"},
			// Same language, so the same HTML as a: the variant
			// says the URL does not matter (which here is wrong).
			{b, "en:/a/|en:/b/"},
			{arB, "ar:/ar/b/|ar:/ar/b/"},
		} {
			got, err := render(tm, s, tc.page)
			if err != nil || got != tc.want {
				t.Errorf("%s: %q, %v; want %q", tc.page.Path, got, err, tc.want)
			}
		}
		// The preview server's next build has a new site: nothing from
		// the last build is reused.
		if got, _ := render(tm, &site.Site{}, b); got != "en:/b/|en:/b/" {
			t.Errorf("next build: %q, want b's own", got)
		}
	})
	t.Run("page as the variant", func(t *testing.T) {
		tm := cachedTemplates(t, " .Page")
		for _, p := range []*site.Page{a, b, a} {
			want := "en:" + p.URL + "|en:" + p.URL
			if got, err := render(tm, s, p); got != want {
				t.Errorf("%s: %q, %v; want %q", p.Path, got, err, want)
			}
		}
	})
	t.Run("verify finds a variant that leaves something out", func(t *testing.T) {
		t.Setenv("LOCALOFFER_VERIFY_CACHED", "1")
		tm := cachedTemplates(t, " .Page.Lang")
		if _, err := render(tm, s, a); err != nil {
			t.Fatal(err)
		}
		_, err := render(tm, s, b)
		if err == nil || !strings.Contains(err.Error(), "content/a.md and content/b.md") {
			t.Errorf("error = %v, want one naming both pages", err)
		}
	})
	t.Run("a variant of the wrong type", func(t *testing.T) {
		tm := cachedTemplates(t, " .Page.Headings")
		if _, err := render(tm, s, a); err == nil || !strings.Contains(err.Error(), "a variant must be") {
			t.Errorf("error = %v, want one about the variant", err)
		}
	})
}

func TestNavKey(t *testing.T) {
	money := &site.Page{Path: "money/_index.md", URL: "/money/"}
	help := &site.Page{Path: "get-help-now.md", URL: "/get-help-now/"}
	grants := &site.Page{Path: "money/grants.md", URL: "/money/grants/", Parent: money}
	deep := &site.Page{Path: "money/x/y.md", URL: "/money/x/y/", Parent: &site.Page{URL: "/money/x/", Parent: money}}
	helpAR := &site.Page{Path: "get-help-now.ar.md", URL: "/ar/get-help-now/", Lang: "ar", Versions: []*site.Page{help}}
	other := &site.Page{Path: "other.md", URL: "/other/"}
	s := &site.Site{Nav: []site.NavItem{{Label: "Money", Page: money}, {Label: "Help", Page: help}}}
	for _, tc := range []struct {
		page *site.Page
		want string
	}{
		{money, "/money/\x00"},
		{grants, "\x00/money/"},
		{deep, "\x00"}, // the menu marks a page's own section only
		{help, "/get-help-now/\x00"},
		{helpAR, "/get-help-now/\x00"},
		{other, "\x00"},
	} {
		if got := (&Data{Site: s, Page: tc.page}).NavKey(); got != tc.want {
			t.Errorf("%s: NavKey = %q, want %q", tc.page.URL, got, tc.want)
		}
	}
}
