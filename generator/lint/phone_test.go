package lint

import (
	"strings"
	"testing"

	"localoffer/generator/config"
	"localoffer/generator/content"
	"localoffer/generator/markdown"
	"localoffer/generator/site"
)

func TestPhones(t *testing.T) {
	cfg, diags := config.Parse(`title = "T"
base_url = "https://example.org/"
[contact]
name = "Leaving care team"
phone = { unconfirmed = true, note = "not yet" }
[[services]]
name = "Contact Cares"
phone = "01744 123456"
[[services]]
name = "Samaritans"
phone = "116 123"
[[services]]
name = "Shelter"
phone = "0808 800 4444"
`)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	phones := NewPhones(cfg)
	tests := []struct {
		name  string
		body  string
		front []string
		want  []string // substrings of the warnings, in order
	}{
		{"site.toml's number", "Call [01744 123456](tel:01744123456).\n", nil, nil},
		{"written without spaces or with +44", "Call 01744123456 or +44 1744 123456 or +44 (0)1744 123456.\n", nil, nil},
		{"the old number", "Call [01744 676767](tel:01744676767).\n", nil,
			[]string{":7: 01744 676767 is not a phone number in site.toml; if this is Contact Cares, site.toml gives 01744 123456"}},
		{"the old number in front matter", "Text.\n", []string{`to_confirm = ["When to ring 01744 676767"]`},
			[]string{":5: 01744 676767 is not"}},
		{"two old numbers on a line, each once", "Ring 01744 676767 ([01744 676767](tel:01744676767)) or 01744 000000.\n", nil,
			[]string{"01744 676767 is not", "01744 000000 is not"}},
		{"national numbers are not local", "Call Shelter on [0808 800 4444](tel:08088004444), Childline on 0800 1111 or the DWP on 0800 055 6688.\n", nil, nil},
		{"another area", "Call 0151 123 4567.\n", nil, nil},
		{"link calls another number", "Call [01744 123456](tel:01744123457).\n", nil,
			[]string{"01744123457 is not", "the link shows the number 01744 123456 but calls 01744123457"}},
		{"link with words", "Call [Contact Cares](tel:01744123456).\n", nil, nil},
		{"short numbers", "Call [999](tel:999) or [116 123](tel:116123).\n", nil, nil},
		{"short link calls another", "Call [999](tel:112).\n", nil, []string{"shows the number 999 but calls 112"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := page("a/x.md", tt.body, today, tt.front...)
			got := phones.Page(p)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d warnings, want %d:\n%s", len(got), len(tt.want), got.Err())
			}
			for i, d := range got {
				if s := d.String(); !strings.Contains(s, tt.want[i]) || d.Rule != "LO2014" {
					t.Errorf("warning %d is %q, want it to contain %q", i, s, tt.want[i])
				}
			}
		})
	}
}

func TestPhonesWithoutLocalNumbers(t *testing.T) {
	cfg, diags := config.Parse("title = \"T\"\nbase_url = \"https://example.org/\"\n[[services]]\nname = \"Shelter\"\nphone = \"0808 800 4444\"\n")
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if got := NewPhones(cfg).Page(page("a/x.md", "Call 01744 676767.\n", today)); len(got) != 0 {
		t.Errorf("with no local number in site.toml, a local number on a page is not checked, got %s", got.Err())
	}
}

// FuzzPhones checks that any page text is looked through without a panic,
// and that every number reported as missing from site.toml is local and
// really is not one of site.toml's.
func FuzzPhones(f *testing.F) {
	for _, s := range []string{"Call [01744 676767](tel:01744676767).", "+44 (0)1744 123456", "[999](TEL:112)", "0808 800 4444 01744-000-000"} {
		f.Add(s)
	}
	cfg, diags := config.Parse("title = \"T\"\nbase_url = \"https://example.org/\"\n[[services]]\nname = \"Contact Cares\"\nphone = \"01744 123456\"\n")
	if diags.HasErrors() {
		f.Fatal(diags.Err())
	}
	phones := NewPhones(cfg)
	f.Fuzz(func(t *testing.T, body string) {
		src, d := content.Split("content/a/x.md", []byte("+++\ntitle = \"T\"\n+++\n"+body))
		if d != nil {
			return
		}
		res := markdown.New().Render(src.Body, markdown.Options{File: "content/a/x.md", Page: "a/x.md", FirstLn: src.BodyLine})
		p := &site.Page{Path: "a/x.md", File: "content/a/x.md", Source: src, Links: res.Links}
		for _, w := range phones.Page(p) {
			number, _, found := strings.Cut(w.Msg, " is not a phone number in site.toml")
			if !found {
				continue
			}
			if digits := phoneDigits(number); !strings.HasPrefix(digits, "01744") || digits == "01744123456" {
				t.Errorf("reported %q (%s), which is not local or is site.toml's", number, digits)
			}
		}
	})
}
