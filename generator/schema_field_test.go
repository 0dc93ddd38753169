package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"localoffer/generator/diag"
	"localoffer/generator/schema"
)

// TestNewFieldInOnePlace adds a field to the schema, as a developer would,
// and shows it reaching every part with no other Go change: the parser
// (its value reaches templates as .Page.Params), validation with file and
// line, `new`, `check` and the README's table.
func TestNewFieldInOnePlace(t *testing.T) {
	saved := schema.Page
	t.Cleanup(func() { schema.Page = saved })
	schema.Page = append(slices.Clone(saved), schema.Field{
		Key: "helpline", Kind: schema.Text, Label: "Helpline", Noun: "helpline",
		Choices: []string{"contact-cares", "childline"},
		Help:    "A helpline the page points readers to.", Example: `"contact-cares"`, Scaffold: `"contact-cares"`,
	})

	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "testdata/site", src)
	page := filepath.Join(src, "content", "money", "council-tax.md")
	text, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	withField := strings.Replace(string(text), "+++\n", "+++\nhelpline = \"childline\"\n", 1)
	write(t, page, withField)
	write(t, filepath.Join(src, "templates", "page.html"),
		strings.Replace(readFile(t, filepath.Join(src, "templates", "page.html")), "{{define \"main\"}}", "{{define \"main\"}}<p class=\"helpline\">{{.Page.Params.helpline}}</p>", 1))

	// Parsed and shown.
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, src, dest); err != nil {
		t.Fatal(err)
	}
	if html := readFile(t, filepath.Join(dest, "money", "council-tax", "index.html")); !strings.Contains(html, `<p class="helpline">childline</p>`) {
		t.Errorf("the new field's value is not on the page:\n%s", html)
	}

	// Validated, with the file and line.
	write(t, page, strings.Replace(withField, `"childline"`, `"chidline"`, 1))
	_, err = build(t, src, filepath.Join(t.TempDir(), "public"))
	var de *diag.Errors
	if !errors.As(err, &de) || !strings.Contains(de.Error(), `content/money/council-tax.md:2: unknown helpline "chidline"; did you mean "childline"?`) {
		t.Errorf("a wrong value gave %v", err)
	}
	res, err := Check(context.Background(), Options{Source: src}, time.Now())
	if err != nil || !slices.ContainsFunc(res.Diagnostics, func(d diag.Diagnostic) bool {
		return d.File == "content/money/council-tax.md" && d.Line == 2 && strings.Contains(d.Msg, "unknown helpline")
	}) {
		t.Errorf("check did not report the wrong value at its line: %v %v", res, err)
	}

	// Written by new.
	created, err := NewPage(src, "money/bus-pass", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if s := readFile(t, filepath.Join(src, filepath.FromSlash(created))); !strings.Contains(s, "# A helpline the page points readers to.\nhelpline = \"contact-cares\"\n") {
		t.Errorf("new did not write the field:\n%s", s)
	}

	// Listed in the README's table.
	if table := schema.MarkdownTable(schema.Page); !strings.Contains(table, "| `helpline` | text: contact-cares, childline | no | A helpline the page points readers to. |") {
		t.Errorf("the README table lacks the field:\n%s", table)
	}
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
