package content

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"localoffer/generator/diag"
	"localoffer/generator/tomldoc"
)

// MaxPageBytes is the largest page accepted. Nobody reads a page that big
// on a phone, and refusing it keeps a pasted-in log or binary file from
// slowing every build.
const MaxPageBytes = 1 << 20

// Layouts are the values the layout key may take. "" is the normal page.
var Layouts = []string{"glance"}

// FrontMatter is the decoded front matter of a page.
type FrontMatter struct {
	Title       string
	Description string
	Weight      int
	Draft       bool
	Reviewed    time.Time // zero when not given
	Aliases     []string  // old addresses that redirect here, such as "/old-page/"
	Layout      string
	Offers      []Offer
}

// Source is a split page: its front matter text and its Markdown body, with
// the lines they start on in the file.
type Source struct {
	Front     string
	FrontLine int // line of the first front matter line
	Body      []byte
	BodyLine  int // line of the first body line
}

// Split separates a page's front matter from its body. It accepts a UTF-8
// byte order mark and CRLF line endings, which Windows editors write. All
// problems are reported with the line they are on.
func Split(file string, data []byte) (Source, *diag.Diagnostic) {
	fail := func(line int, fix, msg string, args ...any) (Source, *diag.Diagnostic) {
		return Source{}, &diag.Diagnostic{File: file, Line: line, Severity: diag.Error, Msg: fmt.Sprintf(msg, args...), Fix: fix}
	}
	if len(data) > MaxPageBytes {
		return fail(0, "split it into several shorter pages", "the page is %.1f MB; a page may be at most 1 MB", float64(len(data))/(1<<20))
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidAt(data)], []byte("\n"))
		return fail(line, "save the file as UTF-8 (in most editors: Save As, then choose UTF-8)", "this line has characters that are not UTF-8 text")
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(0, "add front matter between +++ lines with a title, description and reviewed date, then the text", "the file is empty")
	}
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	switch strings.TrimSpace(string(first)) {
	case "+++":
	case "---":
		return fail(1, `write the front matter in TOML between +++ lines, like +++ then title = "..." then +++`, "front matter between --- lines (YAML) is not supported")
	default:
		return fail(1, "start the file with a line +++, then the front matter (title, description, reviewed), then another +++ line", "the page has no front matter")
	}
	// Find the closing +++ line.
	line := 2
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if strings.TrimSpace(string(l)) == "+++" {
			body := []byte{}
			if end >= 0 {
				body = rest[off+end+1:]
			}
			return Source{Front: string(rest[:off]), FrontLine: 2, Body: body, BodyLine: line + 1}, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return fail(1, "add a line +++ after the last front matter line", "the front matter is not closed")
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

var frontMatterKeys = []string{"title", "description", "weight", "draft", "reviewed", "aliases", "layout", "offer"}

// ParseFrontMatter decodes front matter. isHome relaxes the rule that every
// page needs a reviewed date. vocab checks the [offer] tables; it may be nil
// when the site has no offers.
func ParseFrontMatter(file string, src Source, isHome bool, vocab *Vocabulary) (FrontMatter, diag.List) {
	doc, syn := tomldoc.Parse(file, src.Front, src.FrontLine)
	if syn != nil {
		return FrontMatter{}, diag.List{*syn}
	}
	t := doc.Root()
	fm := FrontMatter{
		Title:       strings.TrimSpace(t.String("title")),
		Description: strings.TrimSpace(t.String("description")),
		Weight:      t.Int("weight"),
		Draft:       t.Bool("draft"),
		Reviewed:    t.Date("reviewed"),
		Aliases:     t.Strings("aliases"),
		Layout:      t.String("layout"),
	}
	required := []string{"title", "description"}
	if !isHome {
		required = append(required, "reviewed")
	}
	t.Required("the front matter", required...)
	if t.IsText("title") && fm.Title == "" {
		t.Errorf("title", `write the page's title, like title = "Council tax"`, "the title is empty")
	}
	if t.IsText("description") && fm.Description == "" {
		t.Errorf("description", "write one sentence that says what the page is about", "the description is empty")
	}
	if fm.Layout != "" && !slices.Contains(Layouts, fm.Layout) {
		t.Errorf("layout", "the layouts are: "+strings.Join(Layouts, ", ")+"; or remove the line for a normal page", "unknown layout %q", fm.Layout)
	}
	for i, a := range fm.Aliases {
		if msg := checkAlias(a); msg != "" {
			t.Errorf("aliases", `write old addresses as paths on this site, like aliases = ["/old-page/"]`, "alias %d (%q) %s", i+1, a, msg)
		}
	}
	for _, ot := range t.Tables("offer") {
		fm.Offers = append(fm.Offers, parseOffer(ot, vocab))
	}
	t.Done(frontMatterKeys...)
	return fm, doc.Diags
}

// checkAlias returns why alias is not a safe address on this site, or "".
// An alias becomes a line in Netlify's _redirects file and a path in the
// preview server, so it must be a plain absolute path that stays inside
// the site.
func checkAlias(a string) string {
	switch {
	case !strings.HasPrefix(a, "/") || strings.HasPrefix(a, "//"):
		return "must start with a single /"
	case strings.ContainsAny(a, " \t\n\\?#*:%"):
		return "must not contain spaces, \\, ?, #, *, : or %"
	}
	for _, seg := range strings.Split(a, "/") {
		if seg == ".." || seg == "." {
			return "must not contain . or .. segments"
		}
	}
	return ""
}
