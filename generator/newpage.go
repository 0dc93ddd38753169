package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"localoffer/generator/content"
	"localoffer/generator/lint"
	"localoffer/generator/schema"
)

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
	_, err = f.WriteString(scaffold(name, vocab, today))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return "content/" + rel, err
}

// scaffold returns the text of a new page called name: every required
// front matter field and the optional ones the schema suggests, each with
// its help as a comment, so that an editor sees what to fill in. The
// [offer] table is offered on pages (not sections) of a site with a
// vocabulary, with the allowed values listed.
func scaffold(name string, vocab *content.Vocabulary, today time.Time) string {
	base := filepath.Base(name)
	isIndex := base == "_index"
	if isIndex {
		base = filepath.Base(filepath.Dir(name))
	}
	title := strings.ReplaceAll(base, "-", " ")
	if title != "" {
		title = strings.ToUpper(title[:1]) + title[1:]
	}
	known := map[string]string{
		"title":       fmt.Sprintf("%q", title),
		"description": fmt.Sprintf("%q", lint.PlaceholderDescription),
		"reviewed":    today.Format("2006-01-02"),
	}
	var b strings.Builder
	b.WriteString("+++\n")
	for _, f := range schema.Page {
		if f.Kind == schema.Tables {
			if vocab == nil || isIndex {
				continue
			}
			fmt.Fprintf(&b, "\n# %s\n# Delete the whole [%s] table if the page is not about something care leavers can get.\n[%s]\n", f.Help, f.Key, f.Key)
			for _, sub := range f.Fields {
				value := sub.Scaffold
				if sub.Vocab != "" && sub.Kind == schema.Text {
					value = fmt.Sprintf("%q", vocab.Terms(sub.Vocab)[0].Key)
				}
				writeField(&b, sub, value, vocab)
			}
			continue
		}
		value, ok := known[f.Key]
		if !ok {
			value = f.Scaffold
		}
		writeField(&b, f, value, vocab)
	}
	b.WriteString("+++\n## Who can get this?\n\nWrite who it is for.\n\n## What can I get?\n\nWrite what they get.\n\n## How do I ask?\n\nWrite who to ask and how.\n")
	return b.String()
}

// writeField writes one field of a new page with its help above it; an
// optional field without a suggested value is left out.
func writeField(b *strings.Builder, f schema.Field, value string, vocab *content.Vocabulary) {
	if value == "" {
		if f.Need == schema.Optional {
			return
		}
		value = f.Example
	}
	fmt.Fprintf(b, "# %s\n", f.Help)
	if f.Vocab != "" && vocab != nil {
		var keys []string
		for _, t := range vocab.Terms(f.Vocab) {
			keys = append(keys, t.Key)
		}
		fmt.Fprintf(b, "# The allowed values are: %s (see content/%s).\n", strings.Join(keys, ", "), content.VocabularyFile)
	}
	if strings.HasPrefix(value, "# ") {
		fmt.Fprintf(b, "# %s = %s\n", f.Key, strings.TrimPrefix(value, "# "))
		return
	}
	fmt.Fprintf(b, "%s = %s\n", f.Key, value)
}
