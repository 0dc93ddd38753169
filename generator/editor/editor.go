// Package editor writes the configuration of the browser editor (Sveltia
// CMS, served at /admin/) from the content model: one collection per
// section folder, and in each the form of package schema, with the allowed
// values of content/_offer.toml. Because the form is made from the same
// schema the build checks pages against, the editor can never offer a
// field the build refuses, or miss one it accepts.
//
// The file is written as JSON, which is also YAML: Sveltia reads it as
// admin/config.yml.
package editor

import (
	"encoding/json"
	"path"
	"slices"
	"strings"

	"localoffer/generator/content"
	"localoffer/generator/schema"
)

// File is where the configuration is published.
const File = "admin/config.yml"

// Format is the name of the front matter format admin/frontmatter.js
// registers with Sveltia: our TOML house style, so that a page saved
// without changes keeps its bytes.
const Format = "localoffer-frontmatter"

// Input is what the configuration is made from.
type Input struct {
	Fields    []schema.Field
	Vocab     *content.Vocabulary
	Sections  []Section // in the order of the site's navigation
	Languages []string  // codes, English first
	Repo      string    // GitHub "owner/name"
	Branch    string
	SiteURL   string // the live site, for the editor's "view" links
}

// Section is a folder of pages under content/.
type Section struct {
	Folder string // such as "money"; "" for the pages at the top
	Label  string
}

// Field is one field of Sveltia's form.
type Field struct {
	Name       string   `json:"name"`
	Label      string   `json:"label"`
	Widget     string   `json:"widget"`
	Hint       string   `json:"hint,omitempty"`
	Required   *bool    `json:"required,omitempty"`
	I18n       any      `json:"i18n,omitempty"`
	ValueType  string   `json:"value_type,omitempty"`
	TimeFormat *bool    `json:"time_format,omitempty"`
	Format     string   `json:"format,omitempty"`
	Multiple   bool     `json:"multiple,omitempty"`
	Options    []Option `json:"options,omitempty"`
	Min        *int     `json:"min,omitempty"`
	Max        *int     `json:"max,omitempty"`
	Field      *Field   `json:"field,omitempty"`
	Fields     []Field  `json:"fields,omitempty"`
	Singular   string   `json:"label_singular,omitempty"`
	Collapsed  *bool    `json:"collapsed,omitempty"`
}

// Option is one allowed value of a select.
type Option struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Config returns admin/config.yml.
func Config(in Input) ([]byte, error) {
	type collection struct {
		Name      string  `json:"name"`
		Label     string  `json:"label"`
		Folder    string  `json:"folder"`
		Extension string  `json:"extension"`
		Format    string  `json:"format"`
		Create    bool    `json:"create"`
		Slug      string  `json:"slug"`
		Filter    any     `json:"filter,omitempty"`
		I18n      bool    `json:"i18n,omitempty"`
		Fields    []Field `json:"fields"`
		Preview   string  `json:"preview_path,omitempty"`
	}
	i18n := len(in.Languages) > 1
	var cols []collection
	for _, s := range in.Sections {
		folder := path.Join("content", s.Folder)
		name := s.Folder
		if name == "" {
			name = "pages"
		}
		cols = append(cols, collection{
			Name: name, Label: s.Label, Folder: folder, Extension: "md", Format: Format,
			Create: true, Slug: "{{slug}}", I18n: i18n, Fields: Form(in.Fields, in.Vocab, i18n),
			Preview: strings.TrimPrefix(path.Join(s.Folder, "{{slug}}")+"/", "/"),
		})
	}
	cfg := map[string]any{
		"backend": map[string]any{
			"name": "github", "repo": in.Repo, "branch": in.Branch,
			// The commit messages say what changed, for the pull request
			// a second person approves.
			"commit_messages": map[string]string{
				"create": "Create {{collection}} page “{{slug}}”", "update": "Update {{collection}} page “{{slug}}”",
				"delete": "Delete {{collection}} page “{{slug}}”",
			},
		},
		"publish_mode":  "editorial_workflow",
		"media_folder":  "static/images",
		"public_folder": "/images",
		"site_url":      in.SiteURL,
		"output":        map[string]any{"omit_empty_optional_fields": true},
		"collections":   cols,
	}
	if i18n {
		cfg["i18n"] = map[string]any{
			"structure": "multiple_files", "locales": in.Languages, "default_locale": in.Languages[0],
			"omit_default_locale_from_file_path": true,
			// A page starts in English; a translation is added to it when
			// one has been written, not required of every page.
			"save_all_locales": false, "initial_locales": "default",
		}
	}
	return json.MarshalIndent(cfg, "", "  ")
}

// Form returns the fields of a page's form, then the page's text.
func Form(fields []schema.Field, vocab *content.Vocabulary, i18n bool) []Field {
	out := make([]Field, 0, len(fields)+1)
	for _, f := range fields {
		out = append(out, field(f, vocab, i18n))
	}
	body := Field{Name: "body", Label: "Page text", Widget: "markdown", Hint: "What the page says, in plain words. Headings start at ##."}
	if i18n {
		body.I18n = true
	}
	return append(out, body)
}

func field(f schema.Field, vocab *content.Vocabulary, i18n bool) Field {
	out := Field{Name: f.Key, Label: f.Label, Hint: f.Help}
	if f.Need == schema.Optional {
		out.Required = new(bool)
	}
	if i18n && (f.Translated || f.Translation) {
		out.I18n = true
	}
	options := choices(f, vocab)
	switch f.Kind {
	case schema.Text:
		out.Widget = "string"
		if f.Long {
			out.Widget = "text"
		}
		if options != nil {
			out.Widget, out.Options = "select", options
		}
	case schema.Number:
		out.Widget, out.ValueType = "number", "int"
	case schema.Bool:
		out.Widget = "boolean"
	case schema.Date:
		no := false
		out.Widget, out.TimeFormat = "datetime", &no
	case schema.List:
		if options != nil {
			out.Widget, out.Multiple, out.Options = "select", true, options
			break
		}
		out.Widget = "list"
		out.Field = &Field{Name: strings.TrimSuffix(f.Key, "es"), Label: f.Label, Widget: "string"}
	case schema.Range:
		two := 2
		out.Widget, out.Min, out.Max = "list", &two, &two
		out.Field = &Field{Name: "age", Label: "Age", Widget: "number", ValueType: "int"}
	case schema.Fact:
		// admin/frontmatter.js turns amount = "…" into { value } and the
		// unconfirmed table into { unconfirmed, note }, and back.
		no := false
		out.Widget, out.Collapsed = "object", &no
		out.Fields = []Field{
			{Name: "value", Label: f.Label, Widget: "string", Required: &no, Hint: f.Help},
			{Name: "unconfirmed", Label: "Not confirmed yet", Widget: "boolean", Required: &no, Hint: "Switch on when nobody has confirmed it yet. Readers then see “ask your PA”, and check lists it for the council."},
			{Name: "note", Label: "What is missing", Widget: "string", Required: &no, Hint: "What is not confirmed, and where the council can find it."},
		}
	case schema.Tables:
		out.Widget, out.Singular = "list", strings.ToLower(f.Label)
		for _, sub := range f.Fields {
			out.Fields = append(out.Fields, field(sub, vocab, false))
		}
	}
	return out
}

// choices returns the allowed values of f as options, labelled from
// content/_offer.toml where they come from there; nil when any value is
// allowed.
func choices(f schema.Field, vocab *content.Vocabulary) []Option {
	var out []Option
	switch {
	case f.Vocab != "" && vocab != nil:
		for _, t := range vocab.Terms(f.Vocab) {
			out = append(out, Option{Label: t.Label, Value: t.Key})
		}
	case len(f.Choices) > 0:
		for _, c := range f.Choices {
			out = append(out, Option{Label: c, Value: c})
		}
	default:
		return nil
	}
	return slices.Clip(out)
}
