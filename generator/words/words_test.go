package words

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestWords(t *testing.T) {
	fsys := fstest.MapFS{
		"strings/en.toml": {Data: []byte("[page]\nnext = \"Next: {title}\"\ndate = \"{day} {month} {year}\"\nonly_english = \"Hello\"\n[months]\njan = \"January\"\nfeb = \"February\"\nmar = \"March\"\napr = \"April\"\nmay = \"May\"\njun = \"June\"\njul = \"July\"\naug = \"August\"\nsep = \"September\"\noct = \"October\"\nnov = \"November\"\ndec = \"December\"\n")},
		"strings/ar.toml": {Data: []byte("[page]\nnext = \"التالي: {title}\"\ndate = \"{day} {month} {year}\"\n[months]\nnov = \"نوفمبر\"\n")},
	}
	tables, diags := Load(fsys, []string{"en", "ar"})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	en, ar := tables["en"], tables["ar"]
	for _, tc := range []struct{ got, want string }{
		{en.Get("page.next", "title", "Money"), "Next: Money"},
		{ar.Get("page.next", "title", "المال"), "التالي: المال"},
		{ar.Get("page.only_english"), "Hello"},
		{en.Date(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)), "22 November 2026"},
		{ar.Date(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)), "22 نوفمبر 2026"},
		{en.Date(time.Time{}), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if ar.Has("page.only_english") || !en.Has("page.only_english") {
		t.Errorf("Has does not tell a language's own words from its fallback's")
	}
	if len(en.Missing()) != 0 {
		t.Fatalf("missing before any unknown key: %v", en.Missing())
	}
	if got := ar.Get("page.nope"); got != "page.nope" {
		t.Errorf("an unknown key gave %q", got)
	}
	m := ar.Missing()
	if len(m) != 1 || m[0].File != "templates/strings/en.toml" || !strings.Contains(m[0].String(), `there are no words for "page.nope"; add nope = "…" under [page]`) {
		t.Errorf("Missing() = %v", m)
	}
}

func TestLoadNeedsEnglish(t *testing.T) {
	_, diags := Load(fstest.MapFS{}, nil)
	if len(diags) != 1 || !strings.Contains(diags[0].String(), "templates/strings/en.toml: the words for language \"en\" are missing") {
		t.Errorf("got %v", diags)
	}
}

// TestReplaceIsStringsReplacer checks Replace against strings.NewReplacer,
// which it stands in for, on the cases where they could differ.
func TestReplaceIsStringsReplacer(t *testing.T) {
	for _, tc := range []struct {
		text  string
		pairs []string
	}{
		{"Next: {title}", []string{"{title}", "Money"}},
		{"no placeholders", []string{"{title}", "Money"}},
		{"", []string{"{a}", "x"}},
		{"{a}{b}{a}", []string{"{a}", "1", "{b}", "2"}},
		{"{a} value holds a placeholder", []string{"{a}", "{b}", "{b}", "no"}},
		{"{ab} earlier pair wins", []string{"{a", "short", "{ab}", "long"}},
		{"{ab} later longer pair", []string{"{ab}", "long", "{a", "short"}},
		{"{ {x} }{", []string{"{x}", "y"}},
		{"unknown {nope} stays", []string{"{yes}", "y"}},
		{"{page} – {site}", []string{"{page}", "Grants", "{site}", "Local offer"}},
		{"{a}{a}", []string{"{a}", ""}},
		{"not braces", []string{"not", "yes"}},
		{"odd {a}", []string{"{a}"}},
	} {
		want := func() (s string) {
			defer func() {
				if recover() != nil {
					s = "panic"
				}
			}()
			return strings.NewReplacer(tc.pairs...).Replace(tc.text)
		}()
		got := func() (s string) {
			defer func() {
				if recover() != nil {
					s = "panic"
				}
			}()
			return Replace(tc.text, tc.pairs...)
		}()
		if got != want {
			t.Errorf("Replace(%q, %q) = %q, want %q", tc.text, tc.pairs, got, want)
		}
	}
}
