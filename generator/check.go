package generator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"localoffer/generator/content"
	"localoffer/generator/diag"
	"localoffer/generator/lint"
	"localoffer/generator/site"
)

// CheckResult is what Check found.
type CheckResult struct {
	Pages       int
	Diagnostics diag.List // errors and warnings, sorted
}

// Check builds the site without writing anything and adds the advice of
// package lint. today decides which pages are overdue for review.
func Check(ctx context.Context, opts Options, today time.Time) (*CheckResult, error) {
	opts.NoWrite = true
	opts.Output = nil
	res, err := Build(ctx, opts)
	var de *diag.Errors
	if errors.As(err, &de) {
		return &CheckResult{Diagnostics: de.List}, nil
	}
	if err != nil {
		return nil, err
	}
	cfg := res.Site.Config
	found := lint.Site(res.Site, cfg, lint.Options{
		Today: today, ReviewMonths: cfg.ReviewMonths, ReadingEaseMin: cfg.ReadingEaseMin, MaxWords: 25,
	})
	all := append(res.Warnings, found...)
	pages := 0
	for _, p := range res.Site.Pages {
		if p.Kind != site.Generated {
			pages++
		}
	}
	return &CheckResult{Pages: pages, Diagnostics: all.Sort()}, nil
}

// NewPage creates content/NAME.md in the site folder source, with complete
// front matter for an editor to fill in. name is a path such as
// "money/bus-pass". It refuses to overwrite a page or to use a name that
// cannot be an address, and says why.
func NewPage(source, name string, today time.Time) (string, error) {
	name = strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(name), "content/"), ".md")
	rel := name + ".md"
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "..") {
		return "", fmt.Errorf("%q is not a page name; write the section and the page, like money/bus-pass", name)
	}
	if problem, better := content.CheckPath(rel); problem != "" {
		return "", fmt.Errorf("%q cannot be used: %s; try %s", name, problem, strings.TrimSuffix(better, ".md"))
	}
	file := filepath.Join(source, "content", filepath.FromSlash(rel))
	if _, err := os.Stat(file); err == nil {
		return "", fmt.Errorf("content/%s already exists; edit it, or choose another name", rel)
	}
	dir := filepath.Dir(file)
	if filepath.Base(rel) != content.IndexFile && filepath.Dir(rel) != "." {
		if _, err := os.Stat(filepath.Join(dir, content.IndexFile)); err != nil {
			return "", fmt.Errorf("the section content/%s/ does not exist yet; create it first with: go run . new %s/_index", filepath.ToSlash(filepath.Dir(rel)), filepath.ToSlash(filepath.Dir(rel)))
		}
	}
	var vocab *content.Vocabulary
	if fsys := os.DirFS(filepath.Join(source, "content")); fsys != nil {
		vocab, _ = content.LoadVocabulary(fsys)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	_, err = f.WriteString(pageTemplate(name, vocab, today))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return "content/" + rel, err
}

func pageTemplate(name string, vocab *content.Vocabulary, today time.Time) string {
	base := filepath.Base(name)
	if base == "_index" {
		base = filepath.Base(filepath.Dir(name))
	}
	title := strings.ReplaceAll(base, "-", " ")
	if title != "" {
		title = strings.ToUpper(title[:1]) + title[1:]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %q\n", title)
	fmt.Fprintf(&b, "description = %q\n", lint.PlaceholderDescription)
	fmt.Fprintf(&b, "reviewed = %s  # the date you last checked the facts\n", today.Format("2006-01-02"))
	b.WriteString("weight = 50  # lower numbers come first in the section\n")
	if vocab != nil && !strings.HasSuffix(name, "_index") {
		list := func(ts []content.Term) string {
			keys := make([]string, len(ts))
			for i, t := range ts {
				keys[i] = t.Key
			}
			return strings.Join(keys, ", ")
		}
		b.WriteString("\n# What care leavers can get from this page, for the \"What can I get?\" finder.\n")
		b.WriteString("# Delete the whole [offer] table if the page is not about something they can get.\n")
		b.WriteString("[offer]\nages = [16, 25]  # youngest and oldest age it is for\n")
		fmt.Fprintf(&b, "# statuses: %s\nstatuses = [\"former-relevant\"]\n", list(vocab.Statuses))
		fmt.Fprintf(&b, "# situations (leave out if it is for everyone): %s\n# situations = []\n", list(vocab.Situations))
		fmt.Fprintf(&b, "# area: one of %s\n", list(vocab.Areas))
		if len(vocab.Areas) > 0 {
			fmt.Fprintf(&b, "area = %q\n", vocab.Areas[0].Key)
		}
		b.WriteString("# amount: write it in pounds, like amount = \"£3,000\", or leave it unconfirmed until the council confirms it\n")
		b.WriteString("amount = { unconfirmed = true, note = \"How much it is, and where the council can confirm it\" }\n")
		b.WriteString("legal = true  # true: the law says the council must; false: a St Helens extra\n")
		b.WriteString("how = \"Ask your PA.\"  # one line: how to get it\n")
	}
	b.WriteString("+++\n## Who can get this?\n\nWrite who it is for.\n\n## What can I get?\n\nWrite what they get.\n\n## How do I ask?\n\nWrite who to ask and how.\n")
	return b.String()
}
