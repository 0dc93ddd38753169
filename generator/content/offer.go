package content

import (
	"fmt"
	"io/fs"
	"slices"

	"localoffer/generator/diag"
	"localoffer/generator/schema"
	"localoffer/generator/tomldoc"
)

// VocabularyFile is where a site lists the statuses, situations and areas
// its offers may use, under content/.
const VocabularyFile = "_offer.toml"

// Offer is one entitlement described in a page's [offer] front matter.
// Its fields are filled by the schema (schema.Offer) through their key
// tags.
type Offer struct {
	Name       string        `key:"name"`       // defaults to the page's title
	Ages       [2]int        `key:"ages"`       // youngest and oldest
	Statuses   []string      `key:"statuses"`   // keys of Vocabulary.Statuses
	Situations []string      `key:"situations"` // keys of Vocabulary.Situations; empty means any situation
	Area       string        `key:"area"`       // a key of Vocabulary.Areas
	Amount     tomldoc.Value `key:"amount"`
	Legal      bool          `key:"legal"` // true: the law requires it; false: a local extra
	How        string        `key:"how"`
	Line       int           `fingerprint:"-"` // of the table, for messages only
}

// AgeMin is the youngest age the offer is for.
func (o Offer) AgeMin() int { return o.Ages[0] }

// AgeMax is the oldest age the offer is for.
func (o Offer) AgeMax() int { return o.Ages[1] }

// AppliesAt reports whether the offer covers someone aged age.
func (o Offer) AppliesAt(age int) bool { return age >= o.Ages[0] && age <= o.Ages[1] }

// Overlaps reports whether the offer covers anyone aged lo to hi.
func (o Offer) Overlaps(lo, hi int) bool { return o.Ages[0] <= hi && o.Ages[1] >= lo }

// Term is one allowed value in the vocabulary.
type Term struct {
	Key     string
	Label   string
	Explain string
}

// Vocabulary is the decoded content/_offer.toml.
type Vocabulary struct {
	Statuses   []Term
	Situations []Term
	Areas      []Term
}

// Terms returns the vocabulary's list named by v.
func (v *Vocabulary) Terms(list schema.Vocabulary) []Term {
	switch list {
	case schema.Statuses:
		return v.Statuses
	case schema.Situations:
		return v.Situations
	case schema.Areas:
		return v.Areas
	}
	panic("content: unknown vocabulary " + string(list))
}

// Find returns the term with key in terms.
func Find(terms []Term, key string) (Term, bool) {
	for _, t := range terms {
		if t.Key == key {
			return t, true
		}
	}
	return Term{}, false
}

func keys(terms []Term) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.Key
	}
	return out
}

// LoadVocabulary reads content/_offer.toml from the content folder fsys. It
// returns nil without complaint when the file does not exist.
func LoadVocabulary(fsys fs.FS) (*Vocabulary, diag.List) {
	data, err := fs.ReadFile(fsys, VocabularyFile)
	if err != nil {
		return nil, nil
	}
	return ParseVocabulary("content/"+VocabularyFile, string(data))
}

// ParseVocabulary decodes the text of an _offer.toml.
func ParseVocabulary(file, text string) (*Vocabulary, diag.List) {
	doc, syn := tomldoc.Parse(file, text, 1)
	if syn != nil {
		return nil, diag.List{*syn}
	}
	root := doc.Root()
	v := &Vocabulary{
		Statuses:   terms(root, "statuses"),
		Situations: terms(root, "situations"),
		Areas:      terms(root, "areas"),
	}
	root.Done("statuses", "situations", "areas")
	return v, doc.Diags
}

// TermFields are the keys of each term of _offer.toml, such as
// [situations.parent]; the parser accepts exactly these, and the browser
// editor's "Finder words" form is made from them. The term's name (the
// part after the dot) is the form's first field.
var TermFields = []schema.Field{
	{Key: "label", Kind: schema.Text, Need: schema.Required, NotEmpty: true, Label: "What readers see", Help: "A few plain words, such as You are at university."},
	{Key: "explain", Kind: schema.Text, Need: schema.Required, NotEmpty: true, Label: "Explanation", Long: true, Help: "One or two plain sentences that say who this is."},
}

func terms(root *tomldoc.Table, key string) []Term {
	t := root.Table(key)
	if t == nil {
		return nil
	}
	names := t.Keys()
	out := make([]Term, 0, len(names))
	for _, name := range names {
		sub := t.Table(name)
		if sub == nil {
			continue
		}
		if !validSlug(name) {
			sub.Errorf("", "use lower-case words joined by hyphens, like "+Slugify(name), "the name %q is not lower-case words joined by hyphens", name)
		}
		term := Term{Key: name, Label: sub.String("label"), Explain: sub.String("explain")}
		sub.Required(fmt.Sprintf("[%s.%s]", key, name), "label", "explain")
		sub.Done(schema.Keys(TermFields)...)
		out = append(out, term)
	}
	// Keep the order of the file: it is the order readers see.
	slices.SortStableFunc(out, func(a, b Term) int { return t.Line(a.Key) - t.Line(b.Key) })
	return out
}
