// Package words holds the words readers see that are not in content/: the
// navigation's labels, "Last checked", the finder's headings, the footer,
// the 404 and offline pages, search messages and month names. They live in
// one TOML file per language under templates/strings/ (en.toml, ar.toml …),
// in tables such as [page] and [finder], so that a translator edits one
// file, and templates and Go code ask for a key such as
// "page.last_checked" instead of writing English.
package words

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"localoffer/generator/diag"
	"localoffer/generator/tomldoc"
)

// Dir is where the strings files are, under templates/.
const Dir = "strings"

// Default is the language every other one falls back to.
const Default = "en"

// Table is the words of one language.
type Table struct {
	Lang  string
	File  string            // for messages: "templates/strings/en.toml"
	text  map[string]string // "page.last_checked" → "Last checked:"
	lines map[string]int    `fingerprint:"-"`
	// fallback is English, for keys a translation lacks (check lists
	// them); nil for English itself.
	fallback *Table
	mu       sync.Mutex      `fingerprint:"-"`
	missing  map[string]bool `fingerprint:"-"`
}

// Load reads templates/strings/<lang>.toml for each language from the
// templates folder fsys. English (Default) must exist; the others fall
// back to it, key by key.
func Load(fsys fs.FS, langs []string) (map[string]*Table, diag.List) {
	var diags diag.List
	out := map[string]*Table{}
	for _, lang := range append([]string{Default}, slices.DeleteFunc(slices.Clone(langs), func(l string) bool { return l == Default })...) {
		file := "templates/" + Dir + "/" + lang + ".toml"
		data, err := fs.ReadFile(fsys, Dir+"/"+lang+".toml")
		if err != nil {
			diags.Report(diag.SiteSettings, file, 0, "create it with the words of the site's pages in that language; copy en.toml and translate each text", "the words for language %q are missing", lang)
			continue
		}
		doc, syn := tomldoc.Parse(file, string(data), 1)
		if syn != nil {
			diags.Add(diag.List{*syn}.WithRule(diag.SiteSettings, diag.Rule{})...)
			continue
		}
		t := &Table{Lang: lang, File: file, text: map[string]string{}, lines: doc.Lines(), missing: map[string]bool{}}
		flatten(doc.Root(), "", t.text)
		diags.Add(doc.Diags.WithRule(diag.SiteSettings, diag.Rule{})...)
		out[lang] = t
	}
	for lang, t := range out {
		if lang != Default {
			t.fallback = out[Default]
		}
	}
	return out, diags
}

// flatten copies every text of t into m under its dotted key.
func flatten(t *tomldoc.Table, prefix string, m map[string]string) {
	for _, k := range t.Keys() {
		if t.IsTable(k) {
			flatten(t.Table(k), prefix+k+".", m)
			continue
		}
		m[prefix+k] = t.String(k)
	}
}

// Get returns the text of key, with each {name} replaced by the value that
// follows name in args: Get("page.next", "title", "Money"). A key this
// language lacks comes from English; a key English lacks too is recorded
// (see Missing) and shows as the key itself, so one build reports every
// missing key at once.
func (t *Table) Get(key string, args ...string) string {
	text, ok := t.lookup(key)
	if !ok && t == nil {
		return key
	}
	if !ok {
		t.mu.Lock()
		t.missing[key] = true
		t.mu.Unlock()
		return key
	}
	if len(args) > 0 {
		pairs := make([]string, 0, len(args))
		for i := 0; i+1 < len(args); i += 2 {
			pairs = append(pairs, "{"+args[i]+"}", args[i+1])
		}
		text = Replace(text, pairs...)
	}
	return text
}

// Replace returns strings.NewReplacer(pairs...).Replace(text) for pairs
// of placeholders such as "{page}" and their values. Templates fill in
// words on every page, and a Replacer, built for reuse, cost more to make
// than the replacing: this scans for '{' instead. Like the Replacer it
// replaces at each place the first pair in order that matches there, and
// never looks inside a value it put in.
func Replace(text string, pairs ...string) string {
	if len(pairs)%2 != 0 {
		return strings.NewReplacer(pairs...).Replace(text)
	}
	for i := 0; i < len(pairs); i += 2 {
		if !strings.HasPrefix(pairs[i], "{") {
			return strings.NewReplacer(pairs...).Replace(text)
		}
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '{')
		if j < 0 {
			break
		}
		i += j
		matched := false
		for k := 0; k < len(pairs); k += 2 {
			if strings.HasPrefix(text[i:], pairs[k]) {
				if last == 0 {
					b.Grow(len(text) + 32)
				}
				b.WriteString(text[last:i])
				b.WriteString(pairs[k+1])
				i += len(pairs[k])
				last, matched = i, true
				break
			}
		}
		if !matched {
			i++
		}
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

func (t *Table) lookup(key string) (string, bool) {
	if t == nil {
		return "", false
	}
	if s, ok := t.text[key]; ok {
		return s, true
	}
	return t.fallback.lookup(key)
}

// Has reports whether this language itself (not its fallback) has key.
func (t *Table) Has(key string) bool {
	_, ok := t.text[key]
	return ok
}

// Keys returns every key of this language, sorted.
func (t *Table) Keys() []string {
	keys := make([]string, 0, len(t.text))
	for k := range t.text {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Line returns the line of key in the file, or 0.
func (t *Table) Line(key string) int { return t.lines[key] }

// Missing returns, as errors, every key that was asked for since Load and
// that no file has.
func (t *Table) Missing() diag.List {
	t.mu.Lock()
	defer t.mu.Unlock()
	keys := make([]string, 0, len(t.missing))
	for k := range t.missing {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out diag.List
	for _, k := range keys {
		file := t.File
		if t.fallback != nil {
			file = t.fallback.File
		}
		table, name, _ := strings.Cut(k, ".")
		out.Report(diag.TemplateError, file, 0, fmt.Sprintf("add %s = \"…\" under [%s]", name, table), "there are no words for %q", k)
	}
	return out
}

var monthKeys = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// Date writes a date in this language, such as "3 April 2026", from the
// keys page.date and months.*.
func (t *Table) Date(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return t.Get("page.date", "day", fmt.Sprint(d.Day()), "month", t.Get("months."+monthKeys[d.Month()-1]), "year", fmt.Sprint(d.Year()))
}
