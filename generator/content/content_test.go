package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		front     string
		body      string
		bodyLine  int
		wantError string
		errLine   int
	}{
		{name: "plain", in: "+++\ntitle = \"A\"\n+++\nBody\n", front: "title = \"A\"\n", body: "Body\n", bodyLine: 4},
		{name: "crlf and bom", in: "\uFEFF+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n", front: "title = \"A\"\n", body: "Body\n", bodyLine: 4},
		{name: "no body", in: "+++\ntitle = \"A\"\n+++", front: "title = \"A\"\n", body: "", bodyLine: 4},
		{name: "empty", in: "  \n\n", wantError: "the file is empty"},
		{name: "yaml", in: "---\ntitle: x\n---\n", wantError: "YAML", errLine: 1},
		{name: "no front matter", in: "Hello\n", wantError: "no front matter", errLine: 1},
		{name: "unterminated", in: "+++\ntitle = \"A\"\nBody\n", wantError: "not closed", errLine: 1},
		{name: "invalid utf-8", in: "+++\ntitle = \"A\"\n+++\nok\nbad \xff here\n", wantError: "not UTF-8", errLine: 5},
		{name: "too big", in: "+++\n+++\n" + strings.Repeat("a", MaxPageBytes), wantError: "at most 1 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, d := Split("content/x.md", []byte(tt.in))
			if tt.wantError != "" {
				if d == nil || !strings.Contains(d.Msg, tt.wantError) {
					t.Fatalf("got %v, want error containing %q", d, tt.wantError)
				}
				if d.Line != tt.errLine {
					t.Errorf("error at line %d, want %d", d.Line, tt.errLine)
				}
				if d.Fix == "" {
					t.Errorf("error %q says nothing about what to do", d.Msg)
				}
				return
			}
			if d != nil {
				t.Fatalf("unexpected error %v", d)
			}
			if src.Front != tt.front || string(src.Body) != tt.body || src.BodyLine != tt.bodyLine {
				t.Errorf("got front %q body %q line %d; want %q %q %d", src.Front, src.Body, src.BodyLine, tt.front, tt.body, tt.bodyLine)
			}
		})
	}
}

func TestParseFrontMatter(t *testing.T) {
	vocab, d := ParseVocabulary("_offer.toml", `
[statuses.former-relevant]
label = "Former relevant"
explain = "x"
[situations.parent]
label = "Parent"
explain = "x"
[areas.accommodation]
label = "Somewhere to live"
explain = "x"
`)
	if len(d) > 0 {
		t.Fatal(d)
	}
	tests := []struct {
		name string
		in   string
		want []string // substrings of diagnostics, in order
	}{
		{"good", "title = \"A\"\ndescription = \"B.\"\nreviewed = 2026-04-03\n", nil},
		{"good offer", "title = \"A\"\ndescription = \"B.\"\nreviewed = 2026-04-03\n[offer]\nages = [18, 25]\nstatuses = [\"former-relevant\"]\narea = \"accommodation\"\nlegal = true\nhow = \"Ask.\"\namount = \"£3,000\"\n", nil},
		{"two offers", "title = \"A\"\ndescription = \"B.\"\nreviewed = 2026-04-03\n[[offer]]\nname=\"x\"\nages = [18, 25]\nstatuses = [\"former-relevant\"]\narea = \"accommodation\"\nlegal = true\nhow = \"Ask.\"\n[[offer]]\nages = [18, 25]\nstatuses = [\"former-relevant\"]\narea = \"accommodation\"\nlegal = true\nhow = \"Ask.\"\nsituations = [\"parnet\"]\n", []string{`:18: unknown situation "parnet"; did you mean "parent"?`}},
		{"missing title", "description = \"B.\"\nreviewed = 2026-04-03\n", []string{`missing "title"`}},
		{"typo key", "title = \"A\"\ndescription = \"B.\"\nreviewed = 2026-04-03\ntitel = \"x\"\n", []string{`:5: unknown key "titel"; did you mean "title"?`}},
		{"wrong types", "title = 3\ndescription = \"B.\"\nreviewed = \"soon\"\ndraft = \"no\"\naliases = \"/x/\"\n", []string{":2: title must be text", ":4: reviewed must be a date", ":5: draft must be true or false", ":6: aliases must be a list"}},
		{"bad alias", "title = \"A\"\ndescription = \"B.\"\nreviewed = 2026-04-03\naliases = [\"old\"]\n", []string{"must start with a single /"}},
		{"unconfirmed amount", "title = \"A\"\ndescription = \"B.\"\nreviewed = 2026-04-03\n[offer]\nages = [18, 25]\nstatuses = [\"former-relevant\"]\narea = \"accommodation\"\nlegal = false\nhow = \"Ask.\"\namount = { unconfirmed = true }\n", []string{"unconfirmed offer.amount has no note"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := ParseFrontMatter("content/x.md", Source{Front: tt.in, FrontLine: 2}, false, vocab)
			diags = diags.Sort()
			if len(diags) != len(tt.want) {
				t.Fatalf("got %d diagnostics %v, want %d", len(diags), diags, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(diags[i].String(), w) {
					t.Errorf("diagnostic %d = %q, want it to contain %q", i, diags[i].String(), w)
				}
			}
		})
	}
}

func TestCheckPathAndSlugify(t *testing.T) {
	tests := []struct{ path, better string }{
		{"money/council-tax.md", ""},
		{"money/_index.md", ""},
		{"_index.md", ""},
		{"money/Bus Pass.md", "money/bus-pass.md"},
		{"Money Matters/council_tax.md", "money-matters/council-tax.md"},
		{"money/index.md", "money/_index.md (if it is the folder's own page)"},
		{"money/café.md", "money/cafe.md"},
	}
	for _, tt := range tests {
		problem, better := CheckPath(tt.path)
		if (problem == "") != (tt.better == "") || better != tt.better {
			t.Errorf("CheckPath(%q) = %q, %q; want better %q", tt.path, problem, better, tt.better)
		}
	}
	for in, want := range map[string]string{"Bus Pass (2026)": "bus-pass-2026", "  ": "page", "Ärger über Geld": "arger-uber-geld"} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"_index.md": "/", "money/_index.md": "/money/", "money/tax.md": "/money/tax/", "a/b/_index.md": "/a/b/"} {
		if got := URLOf(in); got != want {
			t.Errorf("URLOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsIgnored(t *testing.T) {
	for _, name := range []string{"4913", ".page.md.swp", "page.md~", ".#page.md", "page.md___jb_tmp___", ".goutputstream-ABC", ".DS_Store", "#page.md#"} {
		if !IsIgnored(name) {
			t.Errorf("IsIgnored(%q) = false", name)
		}
	}
	for _, name := range []string{"page.md", "_index.md", "_offer.toml", "site.css"} {
		if IsIgnored(name) {
			t.Errorf("IsIgnored(%q) = true", name)
		}
	}
}

// FuzzSplit checks that any bytes split without panicking, and that a
// successful split keeps line numbers consistent.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"+++\ntitle = \"A\"\n+++\nBody\n", "---\nx: 1\n---\n", "", "+++\n", "\uFEFF+++\r\n+++\r\n", "+++\n+++\n\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src, d := Split("x.md", data)
		if d != nil {
			if d.Msg == "" {
				t.Fatal("diagnostic without a message")
			}
			return
		}
		if !utf8.ValidString(src.Front) || !utf8.Valid(src.Body) {
			t.Fatal("split returned invalid UTF-8")
		}
		if src.BodyLine < 3 {
			t.Fatalf("body line %d", src.BodyLine)
		}
	})
}

// FuzzFrontMatter checks that no front matter makes the decoder panic and
// that every problem comes with a line inside the front matter.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"title = \"A\"\ndescription = \"B.\"\nreviewed = 2026-04-03\n",
		"[offer]\nages = [1, 2]\namount = { unconfirmed = true, note = \"x\" }\n",
		"[[offer]]\nages = [\"a\"]\n[[offer]]\nstatuses = 3\n",
		"aliases = [\"/../x/\"]\nweight = 1.5\n",
		"a.b.c = 1\n\"quoted.key\" = 2\nx = '''\nmulti\n'''\n",
	} {
		f.Add(s)
	}
	vocab, _ := ParseVocabulary("v", "[statuses.a]\nlabel=\"A\"\nexplain=\"x\"\n")
	f.Fuzz(func(t *testing.T, front string) {
		lines := strings.Count(front, "\n") + 1
		_, diags := ParseFrontMatter("x.md", Source{Front: front, FrontLine: 2}, false, vocab)
		for _, d := range diags {
			if d.Line < 0 || d.Line > lines+2 {
				t.Fatalf("diagnostic line %d outside the front matter (%d lines): %v", d.Line, lines, d)
			}
		}
	})
}
