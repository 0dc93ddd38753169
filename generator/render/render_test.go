package render

import (
	"html/template"
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
