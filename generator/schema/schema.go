// Package schema describes the front matter a page may have: every key,
// its type, whether it is required, the values it allows, a line of help
// for editors and an example. It is data, not parsing code, so that one
// description drives everything that needs to know the fields: the parser
// (package content), `go run . new`, the advice of `check`, the README's
// table of fields and the browser editor's form.
//
// Adding a field means adding one entry to Page (or Offer), plus using it
// in a template: a value with no Go field of its own reaches templates as
// .Page.Params.key.
package schema

import (
	"strings"
)

// Kind is the type of a field's value, as an editor writes it in TOML.
type Kind int

const (
	// Text is a string: title = "Council tax".
	Text Kind = iota + 1
	// Number is a whole number: weight = 20.
	Number
	// Bool is true or false: draft = true.
	Bool
	// Date is a TOML local date: reviewed = 2026-11-22.
	Date
	// List is a list of text: aliases = ["/old/"].
	List
	// Range is a youngest and oldest age: ages = [16, 25].
	Range
	// Fact is text that may not be confirmed yet: amount = "£3,000" or
	// amount = { unconfirmed = true, note = "what is missing" }.
	Fact
	// Tables is one [key] table or several [[key]] tables, each with the
	// field's own Fields.
	Tables
)

var kindNames = map[Kind]string{
	Text: "text", Number: "whole number", Bool: "true or false", Date: "date",
	List: "list of text", Range: "two ages", Fact: "text, or unconfirmed", Tables: "table",
}

func (k Kind) String() string { return kindNames[k] }

// Need says when a field must be given.
type Need int

const (
	// Optional fields may be left out.
	Optional Need = iota
	// Required fields must be on every page (or in every table).
	Required
	// RequiredExceptHome fields must be on every page but the home page.
	RequiredExceptHome
)

// Vocabulary names a list of allowed values kept in content/_offer.toml,
// so that the council can add one without changing Go code.
type Vocabulary string

// The vocabularies of content/_offer.toml.
const (
	Statuses   Vocabulary = "statuses"
	Situations Vocabulary = "situations"
	Areas      Vocabulary = "areas"
)

// Field is one front matter key.
type Field struct {
	Key   string
	Kind  Kind
	Need  Need
	Label string // a short name for the editor's form, such as "Last checked"
	Help  string // one line for editors: what the field is for
	// Example is a value as an editor would write it in TOML, such as
	// `"Council tax"`. A Date field's example is replaced by today's date
	// where it is shown to an editor.
	Example string
	// Scaffold is what `new` writes for an optional field ("" leaves it
	// out; a required field gets its Example, or a value `new` works
	// out). A value starting with "# " is written as a comment, for a
	// field the editor may want.
	Scaffold string
	// Choices are the allowed values of a Text or List field, when they
	// are fixed here; Vocab names them when they live in _offer.toml.
	Choices []string
	Vocab   Vocabulary
	// Noun names one value in messages: "unknown status".
	Noun string
	// NotEmpty forbids "" for Text and [] for List.
	NotEmpty bool
	// Check is a further rule for each Text value (or each item of a
	// List). It returns what is wrong and what to do, or "" when the
	// value is fine.
	Check func(value string) (problem, fix string)
	// Fields are the keys of each table of a Tables field.
	Fields []Field
	// Translation marks a field only a translated page (page.ar.md) may
	// have; English marks one only an English page may have.
	Translation, English bool
	// Translated marks a field whose value differs in each language (the
	// title, say), which the editor shows once per language.
	Translated bool
	// Long marks text of a sentence or more, which the editor gives a
	// box of several lines.
	Long bool
}

// Required reports whether the field must be given on a page; isHome is
// whether the page is the home page.
func (f Field) Required(isHome bool) bool {
	return f.Need == Required || (f.Need == RequiredExceptHome && !isHome)
}

// Keys returns the keys of fields, in order.
func Keys(fields []Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Key
	}
	return out
}

// Find returns the field with key, or nil.
func Find(fields []Field, key string) *Field {
	for i := range fields {
		if fields[i].Key == key {
			return &fields[i]
		}
	}
	return nil
}

// Layouts are the values the layout key may take; "" is the normal page.
var Layouts = []string{"glance"}

// Page is the front matter of a page, in the order editors write it (the
// browser editor writes keys in this order).
var Page = []Field{
	{
		Key: "title", Kind: Text, Need: Required, NotEmpty: true, Label: "Title", Translated: true,
		Help:    "The page's heading: a few plain words, such as the name of what care leavers can get.",
		Example: `"Council tax"`,
	},
	{
		Key: "description", Kind: Text, Need: Required, NotEmpty: true, Label: "Description", Translated: true, Long: true,
		Help:    "One sentence that says what the page is about; search results and links show it.",
		Example: `"You do not pay council tax until you are 25."`,
	},
	{
		Key: "weight", Kind: Number, Label: "Order in section",
		Help:    "Orders the pages of a section: lower numbers come first.",
		Example: "20", Scaffold: "50",
	},
	{
		Key: "reviewed", Kind: Date, Need: RequiredExceptHome, Label: "Last checked",
		Help:    "The date you last checked every fact on the page; readers see it as \"Last checked\".",
		Example: "2026-11-22",
	},
	{
		Key: "draft", Kind: Bool, Label: "Draft",
		Help:    "true keeps the page off the live site while you work on it.",
		Example: "true",
	},
	{
		Key: "aliases", Kind: List, Label: "Old addresses",
		Help:    "Old addresses of this page, which then lead here instead of \"page not found\".",
		Example: `["/old-page/"]`, Check: checkAlias, Noun: "alias",
	},
	{
		Key: "layout", Kind: Text, Label: "Layout", Choices: Layouts, Noun: "layout",
		Help:    "A special layout; leave it out for a normal page. \"glance\" adds the table of every offer.",
		Example: `"glance"`,
	},
	{
		Key: "to_confirm", Kind: List, English: true, Label: "Still to confirm", Noun: "fact to confirm", NotEmpty: true,
		Help:    "Facts this page should give that no source confirms yet, one line each (what is missing and who can confirm it); check lists them for the council. Remove a line once the fact is on the page.",
		Example: `["Which care leavers the council asked about this offer, and when: ask the leaving care team"]`,
	},
	{
		Key: "translated_from", Kind: Date, Label: "Translated from the English of", Translation: true, Translated: true,
		Help:    "On a translation: the English page's reviewed date when it was translated; check warns when the English page is checked again later.",
		Example: "2026-11-22",
	},
	{
		Key: "translation_checked", Kind: Bool, Label: "Checked by a qualified translator", Translation: true, Translated: true,
		Help:    "On a translation: true once a qualified translator has checked it. Leave it out until then: readers see a note and check lists the page.",
		Example: "true",
	},
	{
		Key: "offer", Kind: Tables, English: true, Label: "What care leavers can get",
		Help:    "What this page offers, for the \"What can I get?\" finder; use [[offer]] tables, each with a name, for several.",
		Example: "[offer]",
		Fields:  Offer,
	},
}

// Offer is the front matter of each [offer] table.
var Offer = []Field{
	{
		Key: "name", Kind: Text, Label: "Name",
		Help:    "The offer's name; needed when a page has several offers, otherwise the page's title is used.",
		Example: `"Setting-up-home allowance"`,
	},
	{
		Key: "ages", Kind: Range, Need: Required, Label: "Ages",
		Help:    "The youngest and oldest age the offer is for.",
		Example: "[16, 25]", Scaffold: "[16, 25]",
	},
	{
		Key: "statuses", Kind: List, Need: Required, NotEmpty: true, Vocab: Statuses, Noun: "status", Label: "Care leaver statuses",
		Help:    "Which care leavers can get it, by their legal status.",
		Example: `["former-relevant"]`, Scaffold: `["former-relevant"]`,
	},
	{
		Key: "situations", Kind: List, Vocab: Situations, Noun: "situation", Label: "Situations",
		Help:    "Only for young people in these situations; leave it out when it is for everyone.",
		Example: `["parent"]`, Scaffold: "# []",
	},
	{
		Key: "area", Kind: Text, Need: Required, Vocab: Areas, Noun: "area", Label: "Area",
		Help:    "The area of the offer, which groups it in the finder.",
		Example: `"accommodation"`,
	},
	{
		Key: "amount", Kind: Fact, Label: "Amount",
		Help:    "How much, in pounds; unconfirmed with a note until the council confirms it.",
		Example: `"£3,000"`, Scaffold: `{ unconfirmed = true, note = "How much it is, and where the council can confirm it" }`,
	},
	{
		Key: "legal", Kind: Bool, Need: Required, Label: "Required by law",
		Help:    "true: the law says the council must provide it; false: a St Helens extra.",
		Example: "true", Scaffold: "true",
	},
	{
		Key: "how", Kind: Text, Need: Required, Label: "How to get it", Long: true,
		Help:    "One line: how to get it.",
		Example: `"Ask your PA. It is planned in your pathway plan."`, Scaffold: `"Ask your PA."`,
	},
}

// checkAlias says why a is not a safe address on this site. An alias
// becomes a line in Netlify's _redirects file and a path in the preview
// server, so it must be a plain absolute path that stays inside the site.
func checkAlias(a string) (problem, fix string) {
	fix = `write old addresses as paths on this site, like aliases = ["/old-page/"]`
	switch {
	case !strings.HasPrefix(a, "/") || strings.HasPrefix(a, "//"):
		return "must start with a single /", fix
	case strings.ContainsAny(a, " \t\n\\?#*:%"):
		return "must not contain spaces, \\, ?, #, *, : or %", fix
	}
	for _, seg := range strings.Split(a, "/") {
		if seg == ".." || seg == "." {
			return "must not contain . or .. segments", fix
		}
	}
	return "", ""
}
