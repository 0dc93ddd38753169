package editor

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"localoffer/generator/content"
	"localoffer/generator/schema"
)

var vocab = &content.Vocabulary{
	Statuses:   []content.Term{{Key: "former-relevant", Label: "Former relevant"}},
	Situations: []content.Term{{Key: "parent", Label: "Young parent"}},
	Areas:      []content.Term{{Key: "accommodation", Label: "Somewhere to live"}},
}

// TestFormMatchesParser: every key the editor's form writes is one the
// parser accepts, and every key the parser knows is in the form. It reads
// the parser's own field tags, so a field added to content.FrontMatter
// without a schema entry, or a form field the parser would call unknown,
// fails here.
func TestFormMatchesParser(t *testing.T) {
	form := Form(schema.Page, vocab, true)
	names := func(fs []Field) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Name)
		}
		return out
	}
	page := names(form)
	var offer []string
	for _, f := range form {
		if f.Name == "offer" {
			offer = names(f.Fields)
		}
	}
	parser := func(v any) []string {
		var out []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			if k := rt.Field(i).Tag.Get("key"); k != "" {
				out = append(out, k)
			}
		}
		return out
	}
	for _, k := range parser(content.FrontMatter{}) {
		if !slices.Contains(page, k) {
			t.Errorf("the parser reads %q, which the editor's form lacks", k)
		}
	}
	for _, k := range parser(content.Offer{}) {
		if !slices.Contains(offer, k) {
			t.Errorf("the parser reads offer.%s, which the editor's form lacks", k)
		}
	}
	// Every form field, written as an editor would, is accepted.
	for _, f := range schema.Page {
		if !slices.Contains(page, f.Key) {
			t.Errorf("schema field %q is not in the form", f.Key)
		}
		if f.Kind == schema.Tables || f.English {
			continue
		}
		front := "title = \"T\"\ndescription = \"D.\"\nreviewed = 2026-11-22\n"
		if f.Key != "title" && f.Key != "description" && f.Key != "reviewed" {
			front += f.Key + " = " + f.Example + "\n"
		}
		file := "content/x.md"
		if f.Translation {
			file = "content/x.ar.md"
		}
		if _, diags := content.ParseFrontMatter(file, content.Source{Front: front, FrontLine: 2}, false, vocab); len(diags) > 0 {
			t.Errorf("the form's field %q, written as %s, is refused: %v", f.Key, f.Example, diags)
		}
	}
	if slices.Contains(page, "colour") || len(page) != len(schema.Page)+1 || page[len(page)-1] != "body" {
		t.Errorf("form fields = %v", page)
	}
}

func TestConfig(t *testing.T) {
	data, err := Config(Input{Fields: schema.Page, Vocab: vocab, Sections: []Section{{"money", "Money"}, {"", "Other pages"}},
		Languages: []string{"en", "ar"}, Repo: "council/offer", Branch: "main", SiteURL: "https://example.org/"})
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Backend     map[string]any `json:"backend"`
		PublishMode string         `json:"publish_mode"`
		I18n        map[string]any `json:"i18n"`
		Collections []struct {
			Name, Folder, Format string
			Fields               []Field
		} `json:"collections"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Backend["repo"] != "council/offer" || cfg.PublishMode != "editorial_workflow" || cfg.I18n["structure"] != "multiple_files" {
		t.Errorf("config = %s", data)
	}
	if len(cfg.Collections) != 2 || cfg.Collections[0].Folder != "content/money" || cfg.Collections[1].Folder != "content" || cfg.Collections[0].Format != Format {
		t.Errorf("collections = %+v", cfg.Collections)
	}
	if !strings.Contains(string(data), `"label": "Former relevant",`) || !strings.Contains(string(data), `"value": "former-relevant"`) {
		t.Errorf("statuses are not labelled from _offer.toml:\n%s", data)
	}
}

// TestEditorFormatKnowsTheDates: the editor's file format (a script under
// static/admin/) writes the Date fields of the schema as TOML dates; its
// list of them must be the schema's.
func TestEditorFormatKnowsTheDates(t *testing.T) {
	data, err := os.ReadFile("../../static/admin/frontmatter.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const dateKeys = new Set\(\[([^\]]*)\]\)`).FindSubmatch(data)
	if m == nil {
		t.Fatal("frontmatter.js has no dateKeys")
	}
	var got, want []string
	for _, k := range strings.Split(string(m[1]), ",") {
		got = append(got, strings.Trim(strings.TrimSpace(k), `'"`))
	}
	for _, f := range schema.Page {
		if f.Kind == schema.Date {
			want = append(want, f.Key)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("frontmatter.js writes %v as dates; the schema's dates are %v", got, want)
	}
}
