package schema

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's table of fields")

const (
	tableStart = "<!-- front matter fields: made by go test ./generator/schema -update -->\n"
	tableEnd   = "<!-- end of front matter fields -->"
)

// TestReadmeTable keeps the README's table of front matter fields the
// same as the schema, so editors never read about a field the build does
// not accept, or miss one it does.
func TestReadmeTable(t *testing.T) {
	const readme = "../../README.md"
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start, end := strings.Index(text, tableStart), strings.Index(text, tableEnd)
	if start < 0 || end < start {
		t.Fatalf("README.md has no table of fields between %q and %q", tableStart, tableEnd)
	}
	want := MarkdownTable(Page)
	got := text[start+len(tableStart) : end]
	if got == want {
		return
	}
	if *update {
		text = text[:start+len(tableStart)] + want + text[end:]
		if err := os.WriteFile(readme, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's table of fields differs from the schema; run go test ./generator/schema -update\ngot:\n%s\nwant:\n%s", got, want)
}

func TestMarkdownTableListsEveryField(t *testing.T) {
	table := MarkdownTable(Page)
	for _, f := range Page {
		if !strings.Contains(table, "| `"+f.Key+"` |") {
			t.Errorf("table lacks %s", f.Key)
		}
		for _, sub := range f.Fields {
			if !strings.Contains(table, "| `"+f.Key+"."+sub.Key+"` |") {
				t.Errorf("table lacks %s.%s", f.Key, sub.Key)
			}
		}
	}
}

// TestFieldsAreComplete checks what every other part relies on: each
// field has a kind, help and an example, and names its values in
// messages when they are limited.
func TestFieldsAreComplete(t *testing.T) {
	var check func(prefix string, fields []Field)
	check = func(prefix string, fields []Field) {
		seen := map[string]bool{}
		for _, f := range fields {
			name := prefix + f.Key
			if seen[f.Key] {
				t.Errorf("%s is listed twice", name)
			}
			seen[f.Key] = true
			if f.Kind == 0 || f.Help == "" || f.Example == "" || f.Label == "" {
				t.Errorf("%s lacks a kind, label, help or example", name)
			}
			if (f.Vocab != "" || len(f.Choices) > 0 || f.Check != nil) && f.Noun == "" {
				t.Errorf("%s limits its values but has no Noun for messages", name)
			}
			if (f.Kind == Tables) != (len(f.Fields) > 0) {
				t.Errorf("%s: only a Tables field has Fields", name)
			}
			check(name+".", f.Fields)
		}
	}
	check("", Page)
}
