package generator

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"localoffer/generator/lint"
)

// TestCheckReportsEverythingAtOnce: while a site has an error, check still
// gives every warning and counts the pages, so an editor who fixes the
// error does not then meet a new list.
func TestCheckReportsEverythingAtOnce(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "testdata/site", src)
	tax := filepath.Join(src, "content", "money", "council-tax.md")
	write(t, tax, strings.Replace(readFile(t, tax), "+++\n", "+++\ncolour = \"red\"\n", 1))
	grants := filepath.Join(src, "content", "money", "grants.md")
	text := readFile(t, grants)
	i := strings.Index(text, "description = ")
	j := i + strings.Index(text[i:], "\n")
	write(t, grants, text[:i]+"description = \""+lint.PlaceholderDescription+"\""+text[j:])

	res, err := Check(context.Background(), Options{Source: src}, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var gotError, gotWarning bool
	for _, d := range res.Diagnostics {
		if d.File == "content/money/council-tax.md" && d.Line == 2 && strings.Contains(d.Msg, `unknown key "colour"`) {
			gotError = true
		}
		if d.File == "content/money/grants.md" && strings.Contains(d.Msg, "placeholder") {
			gotWarning = true
		}
	}
	if !gotError || !gotWarning {
		t.Errorf("want the error and the warning together, got:\n%v", res.Diagnostics)
	}
	if res.Pages == 0 {
		t.Errorf("checked 0 pages on a site with one error")
	}
}
