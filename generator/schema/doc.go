package schema

import (
	"fmt"
	"strings"
)

// MarkdownTable returns the fields as a Markdown table for the README,
// with the fields of each table (such as [offer]) after it, their keys
// written offer.key.
func MarkdownTable(fields []Field) string {
	var b strings.Builder
	b.WriteString("| key | type | needed | what it is for | example |\n|---|---|---|---|---|\n")
	var row func(prefix string, f Field)
	row = func(prefix string, f Field) {
		need := "no"
		switch f.Need {
		case Required:
			need = "yes"
		case RequiredExceptHome:
			need = "yes, but not on the home page"
		}
		kind := f.Kind.String()
		switch {
		case f.Vocab != "":
			kind += fmt.Sprintf(", from the %s in content/_offer.toml", f.Vocab)
		case len(f.Choices) > 0:
			kind += ": " + strings.Join(f.Choices, ", ")
		}
		example := f.Key + " = " + f.Example
		if f.Kind == Tables {
			example = "[" + f.Key + "] or [[" + f.Key + "]]"
		}
		fmt.Fprintf(&b, "| `%s%s` | %s | %s | %s | `%s` |\n", prefix, f.Key, kind, need, strings.ReplaceAll(f.Help, "|", `\|`), example)
		for _, sub := range f.Fields {
			row(f.Key+".", sub)
		}
	}
	for _, f := range fields {
		row("", f)
	}
	return b.String()
}
