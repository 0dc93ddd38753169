package lint

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"localoffer/generator/content"
	"localoffer/generator/markdown"
	"localoffer/generator/site"
	"localoffer/generator/tomldoc"
)

var today = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func day(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

// page reads a page file the way a build does: front matter with a
// reviewed date and extra lines, then the Markdown body.
func page(path, body string, reviewed time.Time, front ...string) *site.Page {
	file := "content/" + path
	text := "+++\ntitle = \"T\"\ndescription = \"A page.\"\nreviewed = " + reviewed.Format("2006-01-02") + "\n" + strings.Join(front, "\n") + "\n+++\n" + body
	src, d := content.Split(file, []byte(text))
	if d != nil {
		panic(d.String())
	}
	fm, diags := content.ParseFrontMatter(file, src, false, nil)
	if len(diags) > 0 {
		panic(diags.Err())
	}
	res := markdown.New().Render(src.Body, markdown.Options{File: file, Page: path, FirstLn: src.BodyLine})
	return &site.Page{FrontMatter: fm, Path: path, File: file, Source: src,
		Headings: res.Headings, Links: res.Links, Text: res.Text}
}

func TestWarnings(t *testing.T) {
	opts := Options{Today: today, ReviewMonths: 12, ReadingEaseMin: 60, MaxWords: 25}
	long := strings.Repeat("word ", 30) + "end."
	hard := strings.Repeat("Administrative responsibilities necessitate comprehensive organisational documentation. ", 20)
	terms := []Term{{Words: []string{"personal adviser", "PA"}, ID: "personal-adviser-pa"}}
	tests := []struct {
		name     string
		page     *site.Page
		triggers string // substring of the one warning expected; "" for none
	}{
		{"fresh", page("a/x.md", "Short and plain.\n", day("2026-10-01")), ""},
		{"overdue", page("a/x.md", "Short.\n", day("2025-10-01")), "more than 12 months ago"},
		{"amount before April", page("a/x.md", "You get £3,000.\n", day("2026-03-01")), "before 1 April 2026"},
		{"amount after April", page("a/x.md", "You get £3,000.\n", day("2026-04-02")), ""},
		{"skipped heading", page("a/x.md", "## A\n\n#### B\n", today), "skips from level 2 to level 4"},
		{"no skip", page("a/x.md", "## A\n\n### B\n", today), ""},
		{"click here", page("a/x.md", "See [click here](https://x.org).\n", today), "does not say where"},
		{"good link text", page("a/x.md", "See [council tax](https://x.org).\n", today), ""},
		{"image without alt", page("a/x.md", "![](pic.png)\n", today), "no alt text"},
		{"image with alt", page("a/x.md", "![A map of St Helens](pic.png)\n", today), ""},
		{"long sentence", page("a/x.md", long+"\n", today), "has 31 words"},
		{"hard to read", page("a/x.md", hard+"\n", today), "reading ease"},
		{"term without link", page("a/x.md", "Your PA can help.\n", today), `"PA" is used without a link`},
		{"term with link", page("a/x.md", "Your [PA](../words-explained.md#personal-adviser-pa) can help.\n", today), ""},
		{"term lower case is not the abbreviation", page("a/x.md", "Pay a small fee.\n", today), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Page(tt.page, opts, terms)
			if tt.triggers == "" {
				if len(got) != 0 {
					t.Fatalf("unexpected warnings %v", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0].Msg, tt.triggers) {
				t.Fatalf("got %v, want one warning containing %q", got, tt.triggers)
			}
			if got[0].Fix == "" {
				t.Errorf("warning %q says nothing about what to do", got[0].Msg)
			}
		})
	}
}

func TestUnconfirmedAndPlaceholder(t *testing.T) {
	p := page("a/x.md", "Plain.\n", today)
	p.Description = PlaceholderDescription
	p.Offers = []content.Offer{{Amount: tomldoc.Value{Unconfirmed: true, Note: "grant amount", Line: 9}}}
	got := Page(p, Options{Today: today}, nil)
	if len(got) != 2 {
		t.Fatalf("got %v", got)
	}
	if got[0].Line != 9 || !strings.Contains(got[0].Msg, "grant amount") {
		t.Errorf("unconfirmed warning = %v", got[0])
	}
	if got[1].Line != 3 || !strings.Contains(got[1].Msg, "placeholder") {
		t.Errorf("placeholder warning = %v", got[1])
	}
	p.Description, p.Offers = "A page.", nil
	if got := Page(p, Options{Today: today}, nil); len(got) != 0 {
		t.Errorf("confirmed page got %v", got)
	}
}

func TestReadingEase(t *testing.T) {
	easy, _ := ReadingEase("You can get money. Ask your PA. It is free.")
	hard, _ := ReadingEase("Comprehensive administrative documentation necessitates organisational accountability.")
	if easy < 80 || hard > 20 {
		t.Errorf("easy %.0f, hard %.0f", easy, hard)
	}
}

// Facts a page should give but no source confirms are listed one by one,
// each at its own line, so the council sees exactly what to find out.
func TestToConfirm(t *testing.T) {
	tests := []struct {
		name  string
		front []string
		want  []string // "line:note" of each warning
	}{
		{"none", nil, nil},
		{"one line", []string{`to_confirm = ["How benefits are paid"]`}, []string{"5:How benefits are paid"}},
		{"one per line", []string{"to_confirm = [", `  "Who was asked",`, `  "When it was agreed",`, "]"},
			[]string{"6:Who was asked", "7:When it was agreed"}},
		{"escaped text falls back to the key's line", []string{`to_confirm = ["A \"quoted\" fact"]`}, []string{`5:A "quoted" fact`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range Page(page("a/x.md", "Plain.\n", today, tt.front...), Options{Today: today}, nil) {
				if d.Fix == "" || !strings.HasPrefix(d.Msg, "unconfirmed: ") {
					t.Errorf("unexpected warning %v", d)
				}
				got = append(got, fmt.Sprintf("%d:%s", d.Line, strings.TrimPrefix(d.Msg, "unconfirmed: ")))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
