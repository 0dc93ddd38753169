package editor

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"localoffer/generator/config"
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
	if len(cfg.Collections) != 3 || cfg.Collections[0].Folder != "content/money" || cfg.Collections[1].Folder != "content" || cfg.Collections[0].Format != Format || cfg.Collections[2].Name != "settings" {
		t.Errorf("collections = %+v", cfg.Collections)
	}
	if !strings.Contains(string(data), `"label": "Former relevant",`) || !strings.Contains(string(data), `"value": "former-relevant"`) {
		t.Errorf("statuses are not labelled from _offer.toml:\n%s", data)
	}
}

// TestEditorFormatsKnowTheKinds: the editor's file formats (scripts under
// static/admin/) treat some keys specially: dates written as TOML dates,
// ages shown as youngest and oldest, facts shown with a "Not confirmed
// yet" switch. Each script's list of those keys must be the parser's.
func TestEditorFormatsKnowTheKinds(t *testing.T) {
	var offer []schema.Field
	if f := schema.Find(schema.Page, "offer"); f != nil {
		offer = f.Fields
	}
	tests := []struct {
		script, list string
		kind         schema.Kind
		fields       []schema.Field
	}{
		{"frontmatter.js", "dateKeys", schema.Date, schema.Page},
		{"frontmatter.js", "rangeKeys", schema.Range, offer},
		{"settingsfile.js", "factKeys", schema.Fact, append(slices.Clone(config.ContactFields), config.ServiceFields...)},
	}
	for _, tt := range tests {
		t.Run(tt.list, func(t *testing.T) {
			data, err := os.ReadFile("../../static/admin/" + tt.script)
			if err != nil {
				t.Fatal(err)
			}
			m := regexp.MustCompile(`const ` + tt.list + ` = new Set\(\[([^\]]*)\]\)`).FindSubmatch(data)
			if m == nil {
				t.Fatalf("%s has no %s", tt.script, tt.list)
			}
			var got, want []string
			for _, k := range strings.Split(string(m[1]), ",") {
				got = append(got, strings.Trim(strings.TrimSpace(k), `'"`))
			}
			for _, f := range tt.fields {
				if f.Kind == tt.kind && !slices.Contains(want, f.Key) {
					want = append(want, f.Key)
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("%s's %s = %v; the parser's %s fields are %v", tt.script, tt.list, got, tt.kind, want)
			}
		})
	}
	data, err := os.ReadFile("../../static/admin/settingsfile.js")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "export const originalField = '"+OriginalField+"'") {
		t.Errorf("settingsfile.js does not name the hidden field %s", OriginalField)
	}
}

// TestSettingsFormsMatchParsers: the "Contact details" and "Finder words"
// forms have every key site.toml's and _offer.toml's parsers accept, and
// what they write is accepted: a form filled in completely, written as
// TOML, parses without a problem, and a key the form lacks is refused.
func TestSettingsFormsMatchParsers(t *testing.T) {
	data, err := json.Marshal(Settings())
	if err != nil {
		t.Fatal(err)
	}
	var settings struct {
		Files []struct {
			File, Format string
			Fields       []Field
		}
	}
	if err := json.Unmarshal(data, &settings); err != nil {
		t.Fatal(err)
	}
	byName := func(fs []Field) map[string]Field {
		m := map[string]Field{}
		for _, f := range fs {
			m[f.Name] = f
		}
		return m
	}
	// toml writes what a PA could type into every field of a form.
	toml := func(fs []Field) string {
		var b strings.Builder
		for _, f := range fs {
			switch f.Widget {
			case "object": // a fact: its value, written as text
				fmt.Fprintf(&b, "%s = \"x\"\n", f.Name)
			case "string", "text":
				fmt.Fprintf(&b, "%s = \"x\"\n", f.Name)
			default:
				t.Errorf("field %s has widget %s, which this test cannot fill in", f.Name, f.Widget)
			}
		}
		return b.String()
	}
	if len(settings.Files) != 2 {
		t.Fatalf("settings files = %s", data)
	}
	site, vocab := settings.Files[0], settings.Files[1]
	if site.File != config.File || site.Format != SiteFormat || vocab.File != "content/_offer.toml" || vocab.Format != VocabularyFormat {
		t.Errorf("files = %s", data)
	}
	sf := byName(site.Fields)
	if sf[OriginalField].Widget != "hidden" || byName(vocab.Fields)[OriginalField].Widget != "hidden" {
		t.Errorf("a settings form lacks the hidden %s field", OriginalField)
	}
	text := "title = \"T\"\nbase_url = \"https://example.org/\"\n\n[contact]\n" + toml(sf["contact"].Fields) +
		"\n[[services]]\n" + toml(sf["services"].Fields)
	if _, diags := config.Parse(text); len(diags) > 0 {
		t.Errorf("site.toml written from the form is refused: %v\n%s", diags, text)
	}
	for _, table := range []string{"[contact]", "[[services]]"} {
		bad := strings.Replace(text, table+"\n", table+"\ncolour = \"red\"\n", 1)
		if _, diags := config.Parse(bad); len(diags) == 0 {
			t.Errorf("a key the form lacks, in %s, is accepted", table)
		}
	}
	var b strings.Builder
	for _, list := range []string{"statuses", "situations", "areas"} {
		f, ok := byName(vocab.Fields)[list]
		if !ok || f.Widget != "list" || f.Fields[0].Name != "name" {
			t.Fatalf("finder words form lacks the list %s: %+v", list, f)
		}
		fmt.Fprintf(&b, "[%s.a-name]\n%s\n", list, toml(f.Fields[1:]))
	}
	if _, diags := content.ParseVocabulary("content/_offer.toml", b.String()); len(diags) > 0 {
		t.Errorf("_offer.toml written from the form is refused: %v\n%s", diags, b.String())
	}
	if _, diags := content.ParseVocabulary("content/_offer.toml", b.String()+"colour = \"red\"\n"); len(diags) == 0 {
		t.Errorf("a key the form lacks is accepted in _offer.toml")
	}
}
