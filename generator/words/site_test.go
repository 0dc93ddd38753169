package words

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The real site's words: every language has every key English has, and
// every key the templates and the generator ask for is in English.

func TestEveryLanguageHasEveryKey(t *testing.T) {
	files, _ := filepath.Glob("../../templates/strings/*.toml")
	if len(files) == 0 {
		t.Fatal("no templates/strings/*.toml")
	}
	var langs []string
	for _, f := range files {
		langs = append(langs, strings.TrimSuffix(filepath.Base(f), ".toml"))
	}
	tables, diags := Load(os.DirFS("../../templates"), langs)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	en := tables[Default]
	for _, lang := range langs {
		tr := tables[lang]
		for _, k := range en.Keys() {
			if !tr.Has(k) {
				t.Errorf("templates/strings/%s.toml lacks %q, which en.toml has", lang, k)
			}
		}
		for _, k := range tr.Keys() {
			if !en.Has(k) {
				t.Errorf("templates/strings/%s.toml has %q, which en.toml does not: a misspelt key?", lang, k)
			}
		}
	}
}

// keyUse finds a key in {{.T "page.next" …}} and {{.TH "home.in_danger" …}}
// in templates, and in
// Get("page.next" …) in Go code.
var keyUse = regexp.MustCompile(`(?:\.TH?|Get)\(?\s*"([a-z0-9_]+\.[a-z0-9_.]*[a-z0-9])"\s*[,)}]`)

func TestEveryKeyUsedExists(t *testing.T) {
	tables, diags := Load(os.DirFS("../../templates"), nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	en := tables[Default]
	var sources []string
	for _, pattern := range []string{"../../templates/*.html", "../../templates/partials/*.html", "../*/*.go", "../*.go"} {
		m, _ := filepath.Glob(pattern)
		sources = append(sources, m...)
	}
	used := 0
	for _, f := range sources {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(data), -1) {
			used++
			if !en.Has(m[1]) {
				t.Errorf("%s asks for %q, which templates/strings/en.toml does not have", f, m[1])
			}
		}
	}
	if used < 20 {
		t.Errorf("found only %d uses of words; has the way templates ask for them changed?", used)
	}
}
