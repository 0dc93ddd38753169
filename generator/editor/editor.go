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

	"localoffer/generator/config"
	"localoffer/generator/content"
	"localoffer/generator/schema"
)

// File is where the configuration is published.
const File = "admin/config.yml"

// Format is the name of the front matter format admin/frontmatter.js
// registers with Sveltia: our TOML house style, so that a page saved
// without changes keeps its bytes.
const Format = "localoffer-frontmatter"

// The formats admin/settingsfile.js registers for site.toml and
// content/_offer.toml. They change only the lines of the values an editor
// changed, so that comments and everything the form does not show stay
// as they are.
const (
	SiteFormat       = "localoffer-site"
	VocabularyFormat = "localoffer-vocabulary"
	// OriginalField is a hidden field that carries the file as it was
	// read, for the formats to change it line by line.
	OriginalField = "original_file"
)

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
	Summary    string   `json:"summary,omitempty"`
	AllowAdd   *bool    `json:"allow_add,omitempty"`
	AllowRm    *bool    `json:"allow_remove,omitempty"`
	AllowOrder *bool    `json:"allow_reorder,omitempty"`
	Pattern    []string `json:"pattern,omitempty"`
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
	// The settings files come after the pages. Collections of both kinds
	// share one list, so it holds values of either type.
	all := make([]any, 0, len(cols)+1)
	for _, c := range cols {
		all = append(all, c)
	}
	all = append(all, Settings())
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
		"collections":   all,
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
		// admin/frontmatter.js turns ages = [16, 25] into { youngest,
		// oldest } and back: two boxes labelled by what they mean, rather
		// than a list of two that says neither.
		no := false
		out.Widget, out.Collapsed = "object", &no
		out.Fields = []Field{
			{Name: "youngest", Label: "Youngest age", Widget: "number", ValueType: "int", Hint: "The youngest age it is for, such as 16."},
			{Name: "oldest", Label: "Oldest age", Widget: "number", ValueType: "int", Hint: "The oldest age it is for, such as 25."},
		}
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

// FileCollection is a collection of named files, rather than a folder of
// pages.
type FileCollection struct {
	Name   string         `json:"name"`
	Label  string         `json:"label"`
	Desc   string         `json:"description"`
	Files  []SettingsFile `json:"files"`
	Create bool           `json:"create"`
}

// SettingsFile is one file of a file collection.
type SettingsFile struct {
	Name   string         `json:"name"`
	Label  string         `json:"label"`
	File   string         `json:"file"`
	Format string         `json:"format"`
	Editor map[string]any `json:"editor"`
	Fields []Field        `json:"fields"`
}

// Settings returns the collection of the two files that hold what is not
// a page: site.toml's contact details, and the words of the "What can I
// get?" finder in content/_offer.toml. The rest of site.toml (the
// site's address, navigation, languages, rule exemptions) stays out of
// the form: a mistake there can break every page, and it changes rarely.
func Settings() FileCollection {
	no, yes := false, true
	hidden := Field{Name: OriginalField, Label: "The file as it was read", Widget: "hidden"}
	object := func(name, label, hint string, fields []schema.Field) Field {
		f := Field{Name: name, Label: label, Widget: "object", Hint: hint, Collapsed: &no, Required: &no}
		for _, sf := range fields {
			f.Fields = append(f.Fields, field(sf, nil, false))
		}
		return f
	}
	contact := object("contact", "Leaving care team", "How readers reach the team that supports them.", config.ContactFields)
	contact.Required = nil // always there: the form has no "Add" box for it
	services := object("services", "Other services", "Services readers may need, shown on Get help now and in the footer.", config.ServiceFields)
	services.Widget, services.Singular, services.Summary, services.Collapsed = "list", "service", "{{fields.name}}", &yes
	services.AllowOrder = &no
	terms := func(name, label, hint string, fixed bool) Field {
		f := object(name, label, hint, content.TermFields)
		key := Field{Name: "name", Label: "Name in page files", Widget: "string",
			Hint:    "Lower-case words joined by hyphens, as pages write it, such as seeking-asylum. Changing it breaks every page that uses it: the build then names them.",
			Pattern: []string{`^[a-z0-9]+(-[a-z0-9]+)*$`, "Use lower-case letters and numbers, joined by hyphens"}}
		f.Fields = append([]Field{key}, f.Fields...)
		f.Widget, f.Singular, f.Summary, f.Collapsed = "list", strings.TrimSuffix(strings.ToLower(label), "s"), "{{fields.label}}", &yes
		f.AllowOrder = &no
		if fixed {
			f.AllowAdd, f.AllowRm = &no, &no
		}
		return f
	}
	return FileCollection{
		Name: "settings", Label: "Contacts and finder words",
		Desc: "Phone numbers, emails and opening hours, and the words of the \"What can I get?\" finder.",
		Files: []SettingsFile{
			{
				Name: "contacts", Label: "Contact details", File: config.File, Format: SiteFormat, Editor: map[string]any{"preview": false},
				Fields: []Field{hidden, contact, services},
			},
			{
				Name: "finder", Label: "Finder words", File: "content/" + content.VocabularyFile, Format: VocabularyFormat, Editor: map[string]any{"preview": false},
				Fields: []Field{hidden,
					terms("statuses", "Statuses", "The legal statuses of care leavers. The law sets them, so they cannot be added or removed here.", true),
					terms("situations", "Situations", "Situations the finder asks about, such as being a parent.", false),
					terms("areas", "Areas", "The areas that group offers in the finder.", false)},
			},
		},
	}
}
