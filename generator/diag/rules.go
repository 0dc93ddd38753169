package diag

import "fmt"

// Rule is a kind of diagnostic with a stable code, as esbuild names its
// message kinds: the code never changes meaning, so that an editor can
// look it up, tools can match it in `check --format json`, and site.toml
// can turn a warning rule off for a page with a reason.
type Rule struct {
	Code     string // such as "LO2009"; 1xxx are errors, 2xxx warnings
	Name     string // such as "reading-ease"
	Severity Severity
	Summary  string // what the rule is about, for documentation
}

func (r Rule) String() string { return r.Code + " " + r.Name }

// The rules. Errors stop a build; warnings are advice from check.
var (
	PageUnreadable = Rule{"LO1001", "page-unreadable", Error, "a page file cannot be read or split into front matter and text"}
	FrontMatter    = Rule{"LO1002", "front-matter", Error, "front matter that is not valid TOML, or a key or value the schema does not accept"}
	LinkTarget     = Rule{"LO1003", "link-target-missing", Error, "a link to a page or file that does not exist"}
	HeadingMissing = Rule{"LO1004", "link-heading-missing", Error, "a link to a heading that the page does not have"}
	AddressTaken   = Rule{"LO1005", "address-taken", Error, "two files, or a file and an alias, claim the same address"}
	MarkdownError  = Rule{"LO1006", "markdown", Error, "Markdown the build cannot publish safely, such as a link that is not https:"}
	TemplateError  = Rule{"LO1007", "template", Error, "a template that cannot be read or run"}
	SiteSettings   = Rule{"LO1008", "site-settings", Error, "a mistake in site.toml, content/_offer.toml or content/_synonyms.toml"}
	FileName       = Rule{"LO1009", "file-name", Error, "a file or folder under content/ with a name that cannot be an address"}
	SiteStructure  = Rule{"LO1010", "site-structure", Error, "a missing home page or section page"}

	ReviewOverdue        = Rule{"LO2001", "review-overdue", Warning, "a page not checked for longer than site.toml's review_months"}
	AmountsAprilOld      = Rule{"LO2002", "amounts-before-april", Warning, "a page with amounts in pounds last checked before 1 April, when national amounts change"}
	Unconfirmed          = Rule{"LO2003", "unconfirmed", Warning, "a fact the council has not confirmed yet"}
	Placeholder          = Rule{"LO2004", "placeholder-description", Warning, "a description still as `new` wrote it"}
	HeadingSkip          = Rule{"LO2005", "heading-skip", Warning, "a heading that skips a level"}
	ImageAlt             = Rule{"LO2006", "image-alt", Warning, "an image without alt text"}
	VagueLink            = Rule{"LO2007", "vague-link-text", Warning, "link text such as \"click here\" that does not say where it goes"}
	LongSentence         = Rule{"LO2008", "long-sentence", Warning, "a sentence over 25 words"}
	ReadingEase          = Rule{"LO2009", "reading-ease", Warning, "a page harder to read than site.toml's reading_ease_min"}
	GlossaryLink         = Rule{"LO2010", "glossary-link", Warning, "a term from Words explained used without a link to it"}
	RawHTML              = Rule{"LO2011", "raw-html", Warning, "HTML in a page, which is left out"}
	StaleTranslation     = Rule{"LO2012", "translation-stale", Warning, "a translation made before its English page was last checked"}
	UncheckedTranslation = Rule{"LO2013", "translation-unchecked", Warning, "a translation no qualified translator has checked yet"}
	PhoneNumber          = Rule{"LO2014", "phone-number", Warning, "a local phone number that site.toml does not give, or a phone link that calls another number than it shows"}
)

// Rules lists every rule, in code order.
var Rules = []Rule{
	PageUnreadable, FrontMatter, LinkTarget, HeadingMissing, AddressTaken, MarkdownError, TemplateError, SiteSettings, FileName, SiteStructure,
	ReviewOverdue, AmountsAprilOld, Unconfirmed, Placeholder, HeadingSkip, ImageAlt, VagueLink, LongSentence, ReadingEase, GlossaryLink, RawHTML,
	StaleTranslation, UncheckedTranslation, PhoneNumber,
}

// FindRule returns the rule with a code ("LO2009") or name
// ("reading-ease").
func FindRule(codeOrName string) (Rule, bool) {
	for _, r := range Rules {
		if r.Code == codeOrName || r.Name == codeOrName {
			return r, true
		}
	}
	return Rule{}, false
}

// Report adds a diagnostic of rule at file:line, with the rule's severity.
func (l *List) Report(rule Rule, file string, line int, fix, msg string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Severity: rule.Severity, Rule: rule.Code, Msg: fmt.Sprintf(msg, args...), Fix: fix})
}

// WithRule gives every diagnostic in l that has no rule yet the rule of
// its severity among errs and warns (a zero Rule leaves it without one),
// for stages whose messages are all of one kind.
func (l List) WithRule(errs, warns Rule) List {
	for i := range l {
		if l[i].Rule != "" {
			continue
		}
		if l[i].severity() == Error {
			l[i].Rule = errs.Code
		} else {
			l[i].Rule = warns.Code
		}
	}
	return l
}
