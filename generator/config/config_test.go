package config

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"minimal", "title = \"T\"\nbase_url = \"https://example.org\"\n", nil},
		{"typo", "title = \"T\"\nbase_url = \"https://example.org\"\n\n\n\n\ntitel = \"x\"\n", []string{`site.toml:7: unknown key "titel"; did you mean "title"?`}},
		{"bad url", "title = \"T\"\nbase_url = \"example.org\"\n", []string{`site.toml:2: base_url "example.org" is not a web address`}},
		{"missing", "", []string{`missing "title"`, `missing "base_url"`}},
		{"contact typo", "title = \"T\"\nbase_url = \"https://e.org/\"\n[contact]\nphon = \"1\"\n", []string{`site.toml:4: unknown key "contact.phon"; did you mean "phone"?`}},
		{"unconfirmed", "title = \"T\"\nbase_url = \"https://e.org/\"\n[contact]\nphone = { unconfirmed = true, note = \"ask\" }\n", nil},
		{"nav", "title = \"T\"\nbase_url = \"https://e.org/\"\n[[nav]]\nlabel = \"Money\"\n", []string{`site.toml:3: this [[nav]] entry is missing "page"`}},
		{"syntax", "title = \"T\nbase_url = 1\n", []string{"site.toml:1: this line is not valid TOML"}},
		{"exempt", "title = \"T\"\nbase_url = \"https://e.org/\"\n[[exempt]]\nrule = \"LO2009\"\npage = \"a.md\"\nreason = \"Legal wording.\"\n", nil},
		{"exempt by name", "title = \"T\"\nbase_url = \"https://e.org/\"\n[[exempt]]\nrule = \"reading-ease\"\nreason = \"Legal wording.\"\n", nil},
		{"exempt typo", "title = \"T\"\nbase_url = \"https://e.org/\"\n[[exempt]]\nrule = \"reading-eas\"\nreason = \"x\"\n", []string{`site.toml:4: unknown rule "reading-eas"; did you mean "reading-ease"?`}},
		{"exempt an error", "title = \"T\"\nbase_url = \"https://e.org/\"\n[[exempt]]\nrule = \"link-target-missing\"\nreason = \"x\"\n", []string{`site.toml:4: LO1003 link-target-missing is an error, not a warning`}},
		{"exempt without reason", "title = \"T\"\nbase_url = \"https://e.org/\"\n[[exempt]]\nrule = \"reading-ease\"\n", []string{`site.toml:3: this [[exempt]] entry is missing "reason"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse(tt.in)
			if len(diags) != len(tt.want) {
				t.Fatalf("got %v, want %d diagnostics", diags, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(diags[i].String(), w) {
					t.Errorf("got %q, want it to contain %q", diags[i].String(), w)
				}
			}
		})
	}
	c, _ := Parse("title = \"T\"\nbase_url = \"https://e.org\"\n[contact]\nphone = { unconfirmed = true, note = \"ask\" }\n")
	if got := c.Unconfirmed(); len(got) != 1 || got[0].Line != 4 || got[0].Note != "ask" {
		t.Errorf("Unconfirmed() = %+v", got)
	}
	if c.BaseURL != "https://e.org/" || c.Language != "en-GB" || c.ReviewMonths != 12 {
		t.Errorf("defaults not applied: %+v", c)
	}
}

func FuzzConfig(f *testing.F) {
	f.Add("title = \"T\"\nbase_url = \"https://e.org/\"\n[[nav]]\nlabel = \"M\"\npage = \"m.md\"\n")
	f.Add("[contact]\nphone = { unconfirmed = true }\n[[services]]\nname = 1\n")
	f.Add("\uFEFFtitle = 'x'\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		c, diags := Parse(s)
		if c == nil && len(diags) == 0 {
			t.Fatal("no config and no diagnostics")
		}
		for _, d := range diags {
			if d.File != File || d.Msg == "" {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
	})
}

func TestServicePhone(t *testing.T) {
	cfg, diags := Parse("title = \"T\"\nbase_url = \"https://example.org/\"\n" +
		"[[services]]\nname = \"Contact Cares\"\nphone = \"01744 676767\"\n" +
		"[[services]]\nname = \"The Hub\"\nphone = { unconfirmed = true, note = \"not yet\" }\n")
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	tests := []struct {
		name, want, err string
	}{
		{"Contact Cares", "01744 676767", ""},
		{"The Hub", "", "site.toml:8: the pages give the phone number of The Hub, but site.toml has no confirmed number for it"},
		{"Contact Care", "", "site.toml: the pages give the phone number of Contact Care, but site.toml has no service of that name"},
	}
	for _, tt := range tests {
		got, err := cfg.ServicePhone(tt.name)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.HasPrefix(err.Error(), tt.err) {
			t.Errorf("ServicePhone(%q) = %q, %v; want %q, %q", tt.name, got, err, tt.want, tt.err)
		}
	}
}
