package content

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"localoffer/generator/diag"
	"localoffer/generator/schema"
	"localoffer/generator/tomldoc"
)

// MaxPageBytes is the largest page accepted. Nobody reads a page that big
// on a phone, and refusing it keeps a pasted-in log or binary file from
// slowing every build.
const MaxPageBytes = 1 << 20

// FrontMatter is the decoded front matter of a page. Its fields are
// filled by the schema (package schema) through their key tags; a key the
// schema knows that has no field here is kept in Params.
type FrontMatter struct {
	Title       string    `key:"title"`
	Description string    `key:"description"`
	Weight      int       `key:"weight"`
	Draft       bool      `key:"draft"`
	Reviewed    time.Time `key:"reviewed"` // zero when not given
	Aliases     []string  `key:"aliases"`  // old addresses that redirect here, such as "/old-page/"
	Layout      string    `key:"layout"`
	Offers      []Offer   `key:"offer"`
	// ToConfirm lists facts the page should give that no source confirms
	// yet; check lists them for the council.
	ToConfirm []string `key:"to_confirm"`
	// TranslatedFrom is, on a translation, the English page's reviewed
	// date when it was translated.
	TranslatedFrom     time.Time `key:"translated_from"`
	TranslationChecked bool      `key:"translation_checked"`
	// Params holds the values of schema fields that have no Go field
	// above, by key, for templates (.Page.Params.key).
	Params map[string]any
	// Lines has the line of each key in the page's file, by key path such
	// as "reviewed" or "offer.1.amount", for messages.
	Lines map[string]int `fingerprint:"-"`
}

// Line returns the line of the key at path (such as "reviewed"), or 0.
func (fm *FrontMatter) Line(path string) int { return fm.Lines[path] }

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
	data = tomldoc.Clean(data)
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidAt(data)], []byte("\n"))
		return fail(line, "save the file as UTF-8 (in most editors: Save As, then choose UTF-8)", "this line has characters that are not UTF-8 text")
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

// today is the clock of examples in messages; tests may stop it.
var today = time.Now

// ParseFrontMatter decodes front matter as schema.Page describes it.
// isHome relaxes the rule that every page needs a reviewed date. vocab
// checks the [offer] tables; it may be nil when the site has no offers.
// An offer without a name takes the page's title.
func ParseFrontMatter(file string, src Source, isHome bool, vocab *Vocabulary) (FrontMatter, diag.List) {
	_, lang := SplitLang(file)
	return parseFrontMatter(file, src, decoder{vocab: vocab, isHome: isHome, translation: lang != ""})
}

func parseFrontMatter(file string, src Source, d decoder) (FrontMatter, diag.List) {
	doc, syn := tomldoc.Parse(file, src.Front, src.FrontLine)
	if syn != nil {
		return FrontMatter{}, diag.List{*syn}
	}
	var fm FrontMatter
	fm.Params = d.decode(doc.Root(), schema.Page, "the front matter", &fm)
	fm.Lines = doc.Lines()
	for i := range fm.Offers {
		if fm.Offers[i].Name == "" {
			fm.Offers[i].Name = fm.Title
		}
	}
	return fm, doc.Diags
}
