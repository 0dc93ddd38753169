package markdown

import (
	"strings"
	"testing"
)

func render(src string) *Result {
	return New().Render([]byte(src), Options{File: "content/money/tax.md", Page: "money/tax.md", FirstLn: 5})
}

func TestLinks(t *testing.T) {
	tests := []struct {
		src      string
		href     string // expected in the HTML; "" when the link is dropped
		kind     LinkKind
		target   string
		fragment string
		errText  string
	}{
		{"[a](grants.md)", `href="/money/grants/"`, PageLink, "money/grants.md", "", ""},
		{"[a](../housing/_index.md#who-can-get-it)", `href="/housing/#who-can-get-it"`, PageLink, "housing/_index.md", "who-can-get-it", ""},
		{"[a](../_index.md)", `href="/"`, PageLink, "_index.md", "", ""},
		{"[a](#top-tips)", `href="#top-tips"`, PageLink, "money/tax.md", "top-tips", ""},
		{"[a](/a-to-z/)", `href="/a-to-z/"`, PathLink, "/a-to-z/", "", ""},
		{"[a](https://www.gov.uk/x)", `href="https://www.gov.uk/x"`, ExternalLink, "https://www.gov.uk/x", "", ""},
		{"[a](tel:01744676767)", `href="tel:01744676767"`, ExternalLink, "tel:01744676767", "", ""},
		{"[a](javascript:alert(1))", "", 0, "", "", "is not allowed"},
		{"[a](JaVaScRiPt:alert(1))", "", 0, "", "", "is not allowed"},
		{"[a](data:text/html,hi)", "", 0, "", "", "is not allowed"},
		{"[a](../../x.md)", "", 0, "", "", "leads outside"},
		{"[a](grants)", "", 0, "", "", "does not name a .md file"},
		{"[a](//evil.example/)", "", 0, "", "", "no https:"},
		{"![a](https://x.org/i.png)", "", 0, "", "", "images from other sites"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			res := render(tt.src + "\n")
			html := string(res.HTML)
			if tt.errText != "" {
				if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Msg, tt.errText) || res.Diags[0].Line != 5 {
					t.Fatalf("diags = %v, want one at line 5 containing %q", res.Diags, tt.errText)
				}
				if strings.Contains(html, "href") || strings.Contains(html, "<img") {
					t.Errorf("dropped link still in HTML: %s", html)
				}
				return
			}
			if len(res.Diags) != 0 {
				t.Fatalf("unexpected diags %v", res.Diags)
			}
			if !strings.Contains(html, tt.href) {
				t.Errorf("HTML %s does not contain %s", html, tt.href)
			}
			if len(res.Links) != 1 || res.Links[0].Kind != tt.kind || res.Links[0].Target != tt.target || res.Links[0].Fragment != tt.fragment {
				t.Errorf("links = %+v", res.Links)
			}
		})
	}
}

func TestNoRawHTML(t *testing.T) {
	res := render("<script>alert(1)</script>\n\nText <b onclick=\"x\">bold</b> <img src=x onerror=alert(1)>\n")
	html := string(res.HTML)
	for _, bad := range []string{"<script", "onclick", "onerror", "<b", "<img"} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML contains %q: %s", bad, html)
		}
	}
	if len(res.Diags.Warnings()) == 0 {
		t.Error("raw HTML left out without a warning")
	}
}

func TestHeadingsAndLines(t *testing.T) {
	res := render("Intro.\n\n## How do I ask?\n\n## How do I ask?\n\n### Money: £3,000 (UK)\n\n[x](grants.md)\n")
	want := []Heading{{2, "How do I ask?", "how-do-i-ask", 7}, {2, "How do I ask?", "how-do-i-ask-1", 9}, {3, "Money: £3,000 (UK)", "money-3000-uk", 11}}
	if len(res.Headings) != len(want) {
		t.Fatalf("headings = %+v", res.Headings)
	}
	for i, h := range want {
		if res.Headings[i] != h {
			t.Errorf("heading %d = %+v, want %+v", i, res.Headings[i], h)
		}
	}
	if res.Links[0].Line != 13 {
		t.Errorf("link line = %d, want 13", res.Links[0].Line)
	}
	if !strings.Contains(string(res.HTML), `<h2 id="how-do-i-ask-1">`) {
		t.Errorf("ids not in HTML: %s", res.HTML)
	}
	if !strings.Contains(res.Text, "Intro.") {
		t.Errorf("text = %q", res.Text)
	}
}

func TestReservedIDsAreNotReused(t *testing.T) {
	res := render("## Main\n")
	if res.Headings[0].ID == "main" {
		t.Errorf("heading took the reserved id main")
	}
}

// FuzzRender checks that no Markdown makes the renderer panic, and that no
// script or event handler ever reaches the HTML.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"## Heading\n\n[link](../a.md#b) <script>x</script>",
		"| a | b |\n|---|---|\n| 1 | 2 |\n",
		"[x](javascript:alert(1)) ![y](data:image/png;base64,AA) <a href=\"javascript:x\">z</a>",
		strings.Repeat(">", 1000) + " deep",
		strings.Repeat("- ", 500) + "list",
		strings.Repeat("[", 2000) + strings.Repeat("]", 2000),
		"- [ ] task\n- [x] done\n~~strike~~ www.example.org",
	} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		res := r.Render([]byte(src), Options{File: "f.md", Page: "a/f.md", FirstLn: 1})
		html := strings.ToLower(string(res.HTML))
		for _, bad := range []string{"<script", `="javascript:`, `="vbscript:`, `="data:text`, " onerror=", " onclick=", "<iframe"} {
			if strings.Contains(html, bad) {
				t.Fatalf("HTML contains %q: %s", bad, res.HTML)
			}
		}
	})
}

func TestPathologicalNestingIsRefused(t *testing.T) {
	for name, src := range map[string]string{
		"quotes":   "ok\n" + strings.Repeat(">", 100000) + " deep\n",
		"brackets": strings.Repeat("[", 200000),
	} {
		res := render(src)
		if len(res.Diags) != 1 || res.HTML != nil {
			t.Errorf("%s: diags %v", name, res.Diags)
		}
	}
	if res := render("ok\n" + strings.Repeat(">", 100000)); res.Diags[0].Line != 6 {
		t.Errorf("quote error at line %d, want 6", res.Diags[0].Line)
	}
}
