package content

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"localoffer/generator/diag"
	"localoffer/generator/tomldoc"
)

// VocabularyFile is where a site lists the statuses, situations and areas
// its offers may use, under content/.
const VocabularyFile = "_offer.toml"

// Offer is one entitlement described in a page's [offer] front matter.
type Offer struct {
	Name       string // defaults to the page's title
	AgeMin     int
	AgeMax     int
	Statuses   []string // keys of Vocabulary.Statuses
	Situations []string // keys of Vocabulary.Situations; empty means any situation
	Area       string   // a key of Vocabulary.Areas
	Amount     tomldoc.Value
	Legal      bool // true: the law requires it; false: a local extra
	How        string
	Line       int `fingerprint:"-"` // for messages only
}

// AppliesAt reports whether the offer covers someone aged age.
func (o Offer) AppliesAt(age int) bool { return age >= o.AgeMin && age <= o.AgeMax }

// Overlaps reports whether the offer covers anyone aged lo to hi.
func (o Offer) Overlaps(lo, hi int) bool { return o.AgeMin <= hi && o.AgeMax >= lo }

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
	text = strings.ReplaceAll(strings.TrimPrefix(text, "\uFEFF"), "\r\n", "\n")
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
		sub.Done("label", "explain")
		out = append(out, term)
	}
	// Keep the order of the file: it is the order readers see.
	slices.SortStableFunc(out, func(a, b Term) int { return t.Line(a.Key) - t.Line(b.Key) })
	return out
}

var offerKeys = []string{"name", "ages", "statuses", "situations", "area", "amount", "legal", "how"}

func parseOffer(t *tomldoc.Table, vocab *Vocabulary) Offer {
	o := Offer{
		Name:       strings.TrimSpace(t.String("name")),
		Statuses:   t.Strings("statuses"),
		Situations: t.Strings("situations"),
		Area:       t.String("area"),
		Amount:     t.Value("amount"),
		Legal:      t.Bool("legal"),
		How:        strings.TrimSpace(t.String("how")),
		Line:       t.Line(""),
	}
	t.Required("this [offer]", "ages", "statuses", "area", "legal", "how")
	if ages := t.Ints("ages"); ages != nil {
		switch {
		case len(ages) != 2:
			t.Errorf("ages", "write the youngest and oldest age, like ages = [16, 25]", "ages must have two numbers, not %d", len(ages))
		case ages[0] > ages[1]:
			t.Errorf("ages", fmt.Sprintf("write the youngest age first: ages = [%d, %d]", ages[1], ages[0]), "ages are the wrong way round")
		case ages[0] < 0 || ages[1] > 120:
			t.Errorf("ages", "use ages such as [16, 25]", "ages [%d, %d] are not possible ages", ages[0], ages[1])
		default:
			o.AgeMin, o.AgeMax = ages[0], ages[1]
		}
	}
	if vocab == nil {
		if t.Has("statuses") || t.Has("area") {
			t.Errorf("", "create content/_offer.toml listing the statuses, situations and areas", "the site has no content/_offer.toml, so this offer cannot be checked")
		}
	} else {
		checkTerms(t, "statuses", "status", o.Statuses, vocab.Statuses)
		checkTerms(t, "situations", "situation", o.Situations, vocab.Situations)
		if o.Area != "" {
			checkTerms(t, "area", "area", []string{o.Area}, vocab.Areas)
		}
	}
	if t.Has("statuses") && len(o.Statuses) == 0 {
		t.Errorf("statuses", `list at least one, like statuses = ["former-relevant"]`, "statuses is empty")
	}
	t.Done(offerKeys...)
	return o
}

func checkTerms(t *tomldoc.Table, key, what string, got []string, allowed []Term) {
	for _, g := range got {
		if _, ok := Find(allowed, g); ok {
			continue
		}
		fix := "the allowed values are " + strings.Join(keys(allowed), ", ") + " (add new ones to content/_offer.toml)"
		if s := diag.Suggest(g, keys(allowed)); s != "" {
			fix = fmt.Sprintf("did you mean %q? The allowed values are %s (add new ones to content/_offer.toml)", s, strings.Join(keys(allowed), ", "))
		}
		t.Errorf(key, fix, "unknown %s %q", what, g)
	}
}
