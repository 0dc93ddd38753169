package generator

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"localoffer/generator/diag"
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

// TestExemptions: site.toml turns a warning rule off for one page with a
// reason, and check says when an exemption no longer applies.
func TestExemptions(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "testdata/site", src)
	check := func() diag.List {
		t.Helper()
		res, err := Check(context.Background(), Options{Source: src}, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		return res.Diagnostics
	}
	has := func(l diag.List, file, rule string) bool {
		return slices.ContainsFunc(l, func(d diag.Diagnostic) bool { return d.File == file && d.Rule == rule })
	}
	before := check()
	if !has(before, "content/money/grants.md", diag.Unconfirmed.Code) || !has(before, "site.toml", diag.Unconfirmed.Code) {
		t.Fatalf("the fixture has no unconfirmed values to exempt: %v", before)
	}
	toml := filepath.Join(src, "site.toml")
	write(t, toml, readFile(t, toml)+"\n[[exempt]]\nrule = \"unconfirmed\"\npage = \"money/grants.md\"\nreason = \"Waiting for the finance policy.\"\n\n[[exempt]]\nrule = \"LO2009\"\npage = \"money/council-tax.md\"\nreason = \"Old.\"\n")
	after := check()
	if has(after, "content/money/grants.md", diag.Unconfirmed.Code) {
		t.Errorf("the exempted warning is still reported")
	}
	if !has(after, "site.toml", diag.Unconfirmed.Code) {
		t.Errorf("the exemption for one page turned the rule off for site.toml too")
	}
	if !slices.ContainsFunc(after, func(d diag.Diagnostic) bool {
		return d.File == "site.toml" && strings.Contains(d.Msg, "exemption from LO2009 reading-ease no longer applies to content/money/council-tax.md")
	}) {
		t.Errorf("an exemption that matches nothing is not reported: %v", after)
	}
}

// TestWorkerCacheFollowsTheOutput: the service worker's cache name changes
// when a page's text changes, even in a build that lets go of page bodies
// as it writes them, and stays the same when nothing changed.
func TestWorkerCacheFollowsTheOutput(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "testdata/site", src)
	worker := func() string {
		t.Helper()
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := build(t, src, dest); err != nil {
			t.Fatal(err)
		}
		return readFile(t, filepath.Join(dest, "sw.js"))
	}
	first, again := worker(), worker()
	if first != again {
		t.Fatalf("two builds of the same site name the cache differently")
	}
	tax := filepath.Join(src, "content", "money", "council-tax.md")
	write(t, tax, readFile(t, tax)+"\nOne more sentence.\n")
	if worker() == first {
		t.Errorf("a changed page left the worker's cache name as it was")
	}
}

// TestTranslationWarnings: check lists a translation no translator has
// checked, and warns when its English page was checked again after it was
// made; a checked, current translation gets neither.
func TestTranslationWarnings(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "testdata/site", src)
	tr := filepath.Join(src, "content", "money", "council-tax.ar.md")
	run := func() diag.List {
		t.Helper()
		res, err := Check(context.Background(), Options{Source: src}, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		var out diag.List
		for _, d := range res.Diagnostics {
			if d.File == "content/money/council-tax.ar.md" {
				out = append(out, d)
			}
		}
		return out
	}
	got := run()
	stale := slices.ContainsFunc(got, func(d diag.Diagnostic) bool {
		return d.Rule == diag.StaleTranslation.Code && d.Line == 4 && strings.Contains(d.Msg, "checked again on 22 November 2026, after this translation was made from it (1 November 2026)")
	})
	unchecked := slices.ContainsFunc(got, func(d diag.Diagnostic) bool { return d.Rule == diag.UncheckedTranslation.Code })
	if !stale || !unchecked || len(got) != 2 {
		t.Errorf("want a stale and an unchecked warning, got %v", got)
	}
	write(t, tr, strings.Replace(readFile(t, tr), "translated_from = 2026-11-01", "translated_from = 2026-11-22\ntranslation_checked = true", 1))
	if got := run(); len(got) != 0 {
		t.Errorf("a checked, current translation got %v", got)
	}
}
