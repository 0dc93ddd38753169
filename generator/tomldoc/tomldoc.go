// Package tomldoc reads a TOML document, such as site.toml or a page's front
// matter, into typed Go values and reports every mistake at the line it is on.
//
// BurntSushi/toml reports syntax errors with a line but type mismatches only
// in Go terms ("incompatible types: TOML value has type string; destination
// has type int") and keeps the positions of keys private. So tomldoc lets
// toml parse the text into plain maps, finds the line of each key itself by
// reading the text, and decodes the maps with accessors that know which key
// they read. Whatever an editor gets wrong is said in plain words with the
// line and the fix, and every key nobody read is an "unknown key" with a
// "did you mean" hint.
package tomldoc

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"localoffer/generator/diag"
)

// Doc is a parsed TOML document.
type Doc struct {
	File      string // for diagnostics
	Diags     diag.List
	lines     map[string]int
	firstLine int
	root      *Table
}

// Parse parses text as TOML. firstLine is the line of the file on which text
// starts, so that front matter errors point at the file's real lines. A
// syntax error is returned as a diagnostic and the Doc is nil.
func Parse(file string, text string, firstLine int) (*Doc, *diag.Diagnostic) {
	text = string(Clean([]byte(text)))
	var data map[string]any
	if _, err := toml.Decode(text, &data); err != nil {
		d := syntaxError(file, firstLine, err)
		return nil, &d
	}
	doc := &Doc{File: file, lines: keyLines(text, firstLine), firstLine: firstLine}
	doc.root = &Table{doc: doc, data: data, read: map[string]bool{}}
	return doc, nil
}

// Clean removes a UTF-8 byte order mark and turns CRLF line ends into LF:
// editors on Windows write both, and neither means anything to a reader.
// It is the one place text files are cleaned: tomldoc.Parse calls it, and
// so does content.Split for pages.
func Clean(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return data
}

// Root returns the document's top-level table.
func (d *Doc) Root() *Table { return d.root }

// Lines returns the line of every key path in the document, such as
// "reviewed" or "offer.1.amount". The map must not be changed.
func (d *Doc) Lines() map[string]int { return d.lines }

// Line returns the line on which the key at path is defined, or the nearest
// line known for a table that contains it.
func (d *Doc) Line(path ...string) int {
	for n := len(path); n > 0; n-- {
		if l, ok := d.lines[strings.Join(path[:n], ".")]; ok {
			return l
		}
	}
	return d.firstLine
}

func syntaxError(file string, firstLine int, err error) diag.Diagnostic {
	pe, ok := err.(toml.ParseError)
	if !ok {
		return diag.Diagnostic{File: file, Line: firstLine, Severity: diag.Error,
			Msg: "this is not valid TOML: " + err.Error(), Fix: "check the quotes, brackets and = signs"}
	}
	msg := pe.Message
	fix := "check the quotes, brackets and = signs on this line"
	switch {
	case strings.Contains(msg, "has already been defined"):
		fix = "each key may appear only once; delete or rename the second one"
	case strings.Contains(msg, "expected value but found") || strings.Contains(msg, "bare keys cannot contain"):
		fix = `put text in double quotes, like title = "Money"`
	case strings.Contains(msg, "unexpected EOF"):
		fix = "a quote or bracket is not closed"
	}
	return diag.Diagnostic{File: file, Line: firstLine + pe.Position.Line - 1, Severity: diag.Error,
		Msg: "this line is not valid TOML (" + msg + ")", Fix: fix}
}

// keyLines maps every dotted key path in text to the line it is defined on.
// Entries of an array of tables get their index as a path element, so the
// second [[offer]] table's "how" key is "offer.1.how".
func keyLines(text string, firstLine int) map[string]int {
	lines := map[string]int{}
	counts := map[string]int{}
	var table []string
	inMulti := ""
	for i, line := range strings.Split(text, "\n") {
		n := firstLine + i
		s := strings.TrimSpace(line)
		if inMulti != "" {
			if strings.Count(s, inMulti)%2 == 1 {
				inMulti = ""
			}
			continue
		}
		switch {
		case s == "" || s[0] == '#':
			continue
		case strings.HasPrefix(s, "[["):
			end := strings.Index(s, "]]")
			if end < 0 {
				continue
			}
			p := splitKey(s[2:end])
			name := strings.Join(p, ".")
			idx := counts[name]
			counts[name]++
			table = append(p, strconv.Itoa(idx))
			lines[name] = firstOf(lines, name, n)
			lines[strings.Join(table, ".")] = n
		case s[0] == '[':
			end := strings.Index(s, "]")
			if end < 0 {
				continue
			}
			table = splitKey(s[1:end])
			lines[strings.Join(table, ".")] = n
		default:
			eq := keyEnd(s)
			if eq < 0 {
				continue
			}
			key := append(slices.Clone(table), splitKey(s[:eq])...)
			lines[strings.Join(key, ".")] = n
			rest := s[eq+1:]
			for _, q := range []string{`"""`, `'''`} {
				if strings.Count(rest, q)%2 == 1 {
					inMulti = q
				}
			}
		}
	}
	return lines
}

func firstOf(m map[string]int, k string, v int) int {
	if old, ok := m[k]; ok {
		return old
	}
	return v
}

// keyEnd returns the index of the = that ends the key at the start of s,
// skipping = signs inside quoted keys, or -1.
func keyEnd(s string) int {
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '=':
			return i
		}
	}
	return -1
}

// splitKey splits a dotted key such as `a."b.c".d` into its parts.
func splitKey(k string) []string {
	var parts []string
	var cur strings.Builder
	quote := byte(0)
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(cur.String()))
			cur.Reset()
		case c == ' ' || c == '\t':
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(cur.String()))
}

// Table is a TOML table being decoded. Each accessor marks its key as read;
// Done reports the keys that were not.
type Table struct {
	doc  *Doc
	path []string
	data map[string]any
	read map[string]bool
}

// Path returns the table's key path, e.g. ["offer", "0"].
func (t *Table) Path() []string { return t.path }

// Line returns the line of key in t, or of t itself when key is "".
func (t *Table) Line(key string) int {
	if key == "" {
		return t.doc.Line(t.path...)
	}
	return t.doc.Line(append(slices.Clone(t.path), key)...)
}

// Keys returns the table's keys, sorted.
func (t *Table) Keys() []string {
	out := make([]string, 0, len(t.data))
	for k := range t.data {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// IsText reports whether key is present and holds text.
func (t *Table) IsText(key string) bool {
	_, ok := t.data[key].(string)
	return ok
}

// IsTable reports whether key is present and holds a table.
func (t *Table) IsTable(key string) bool {
	_, ok := t.data[key].(map[string]any)
	return ok
}

// Has reports whether key is present.
func (t *Table) Has(key string) bool {
	_, ok := t.data[key]
	return ok
}

// Name returns how the key at path is written in the document, for messages.
func (t *Table) name(key string) string {
	var parts []string
	for _, p := range t.path {
		if _, err := strconv.Atoi(p); err == nil {
			continue
		}
		parts = append(parts, p)
	}
	return strings.Join(append(parts, key), ".")
}

func (t *Table) errorf(key, fix, msg string, args ...any) {
	t.doc.Diags.Errorf(t.doc.File, t.Line(key), fix, msg, args...)
}

// Errorf reports a problem with the value of key.
func (t *Table) Errorf(key, fix, msg string, args ...any) { t.errorf(key, fix, msg, args...) }

func (t *Table) get(key string) (any, bool) {
	v, ok := t.data[key]
	if ok {
		t.read[key] = true
	}
	return v, ok
}

// Required reports every key in keys that is missing from t.
func (t *Table) Required(what string, keys ...string) {
	for _, k := range keys {
		if !t.Has(k) {
			t.doc.Diags.Errorf(t.doc.File, t.Line(""), fmt.Sprintf("add a line such as %s", example(k)),
				"%s is missing %q", what, k)
		}
	}
}

// example shows how a key is typically written, for "missing key" fixes.
func example(key string) string {
	switch key {
	case "reviewed":
		return "reviewed = " + time.Now().Format("2006-01-02") + " (the date you checked the facts)"
	case "ages":
		return "ages = [16, 25]"
	case "legal":
		return "legal = true"
	}
	return key + ` = "..."`
}

// String returns the text value of key, or "" when it is missing or not text.
func (t *Table) String(key string) string {
	v, ok := t.get(key)
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.errorf(key, fmt.Sprintf(`write it in double quotes, like %s = "..."`, key), "%s must be text, not %s", t.name(key), typeName(v))
		return ""
	}
	return s
}

// Int returns the whole-number value of key, or 0.
func (t *Table) Int(key string) int {
	v, ok := t.get(key)
	if !ok {
		return 0
	}
	n, ok := v.(int64)
	if !ok {
		t.errorf(key, fmt.Sprintf("write a number without quotes, like %s = 10", key), "%s must be a whole number, not %s", t.name(key), typeName(v))
		return 0
	}
	return int(n)
}

// Bool returns the true/false value of key, or false.
func (t *Table) Bool(key string) bool {
	v, ok := t.get(key)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		t.errorf(key, fmt.Sprintf("write %s = true or %s = false, without quotes", key, key), "%s must be true or false, not %s", t.name(key), typeName(v))
		return false
	}
	return b
}

// Date returns the date value of key (a TOML local date such as
// 2026-04-03), or the zero time.
func (t *Table) Date(key string) time.Time {
	v, ok := t.get(key)
	if !ok {
		return time.Time{}
	}
	fix := fmt.Sprintf("write the date without quotes as year-month-day, like %s = 2026-04-03", key)
	switch d := v.(type) {
	case time.Time:
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	case string:
		if p, err := time.Parse("2006-01-02", d); err == nil {
			return p
		}
	}
	t.errorf(key, fix, "%s must be a date, not %s", t.name(key), typeName(v))
	return time.Time{}
}

// Strings returns the list-of-text value of key.
func (t *Table) Strings(key string) []string {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		if s, isStr := v.(string); isStr {
			t.errorf(key, fmt.Sprintf(`put it in square brackets, like %s = [%q]`, key, s), "%s must be a list", t.name(key))
			return nil
		}
		t.errorf(key, fmt.Sprintf(`write a list, like %s = ["a", "b"]`, key), "%s must be a list of text, not %s", t.name(key), typeName(v))
		return nil
	}
	out := make([]string, 0, len(list))
	for _, item := range list {
		s, ok := item.(string)
		if !ok {
			t.errorf(key, "put each item in double quotes", "%s must be a list of text, but one item is %s", t.name(key), typeName(item))
			return nil
		}
		out = append(out, s)
	}
	return out
}

// Ints returns the list-of-numbers value of key.
func (t *Table) Ints(key string) []int {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		t.errorf(key, fmt.Sprintf("write a list of numbers, like %s = [16, 25]", key), "%s must be a list of numbers, not %s", t.name(key), typeName(v))
		return nil
	}
	out := make([]int, 0, len(list))
	for _, item := range list {
		n, ok := item.(int64)
		if !ok {
			t.errorf(key, fmt.Sprintf("write numbers without quotes, like %s = [16, 25]", key), "%s must be a list of numbers, but one item is %s", t.name(key), typeName(item))
			return nil
		}
		out = append(out, int(n))
	}
	return out
}

// Table returns the sub-table at key, or nil.
func (t *Table) Table(key string) *Table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.errorf(key, fmt.Sprintf("write it as a table: a line [%s] followed by its keys", t.name(key)), "%s must be a table, not %s", t.name(key), typeName(v))
		return nil
	}
	return t.sub(key, m)
}

func (t *Table) sub(key string, m map[string]any) *Table {
	return &Table{doc: t.doc, path: append(slices.Clone(t.path), key), data: m, read: map[string]bool{}}
}

// Tables returns the tables at key, accepting either one table ([key]) or an
// array of tables ([[key]]).
func (t *Table) Tables(key string) []*Table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case map[string]any:
		return []*Table{t.sub(key, v)}
	case []map[string]any:
		out := make([]*Table, len(v))
		for i, m := range v {
			out[i] = &Table{doc: t.doc, path: append(slices.Clone(t.path), key, strconv.Itoa(i)), data: m, read: map[string]bool{}}
		}
		return out
	case []any:
		out := make([]*Table, 0, len(v))
		for i, item := range v {
			m, ok := item.(map[string]any)
			if !ok {
				t.errorf(key, fmt.Sprintf("write each one as a [[%s]] table", t.name(key)), "%s must be a list of tables", t.name(key))
				return nil
			}
			out = append(out, &Table{doc: t.doc, path: append(slices.Clone(t.path), key, strconv.Itoa(i)), data: m, read: map[string]bool{}})
		}
		return out
	}
	t.errorf(key, fmt.Sprintf("write it as [%s] or [[%s]] tables", t.name(key), t.name(key)), "%s must be a table, not %s", t.name(key), typeName(v))
	return nil
}

// Value is a fact that may not have been confirmed yet: either text, or
// { unconfirmed = true, note = "what is missing" }. Pages show unconfirmed
// values as "ask your PA"; check lists them for the council to fill in.
type Value struct {
	Text        string
	Unconfirmed bool
	Note        string // what is missing and where to find it
	File        string `fingerprint:"-"` // where the value is written, for check
	Line        int    `fingerprint:"-"`
}

// IsSet reports whether the value was given at all, confirmed or not.
func (v Value) IsSet() bool { return v.Text != "" || v.Unconfirmed }

// Value returns the possibly unconfirmed value of key.
func (t *Table) Value(key string) Value {
	v, ok := t.get(key)
	if !ok {
		return Value{}
	}
	out := Value{File: t.doc.File, Line: t.Line(key)}
	switch v := v.(type) {
	case string:
		out.Text = v
		return out
	case map[string]any:
		sub := t.sub(key, v)
		out.Unconfirmed = sub.Bool("unconfirmed")
		out.Note = sub.String("note")
		out.Text = sub.String("text")
		sub.Done()
		if !out.Unconfirmed {
			t.errorf(key, fmt.Sprintf(`write %s = "the value", or %s = { unconfirmed = true, note = "what is missing" }`, key, key),
				"%s is a table without unconfirmed = true", t.name(key))
		} else if out.Note == "" {
			t.errorf(key, `add note = "what is missing and where the council can find it"`, "unconfirmed %s has no note", t.name(key))
		}
		return out
	}
	t.errorf(key, fmt.Sprintf(`write %s = "text", or %s = { unconfirmed = true, note = "what is missing" }`, key, key),
		"%s must be text, not %s", t.name(key), typeName(v))
	return out
}

// Done reports every key of t that no accessor read, with a suggestion
// taken from known (the keys the caller understands).
func (t *Table) Done(known ...string) {
	keys := make([]string, 0, len(t.data))
	for k := range t.data {
		if !t.read[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		fix := "remove it, or check its spelling"
		if len(known) > 0 {
			if s := diag.Suggest(k, known); s != "" {
				fix = fmt.Sprintf("did you mean %q?", s)
			} else {
				fix = "the keys allowed here are " + strings.Join(known, ", ")
			}
		}
		t.errorf(k, fix, "unknown key %q", t.name(k))
	}
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case int64:
		return "a number"
	case float64:
		return "a decimal number"
	case bool:
		return "true/false"
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}
