package generator

import (
	"slices"
	"testing"

	"localoffer/generator/diag"
)

func TestMergeTemplateErrors(t *testing.T) {
	tmpl := func(page string) diag.Diagnostic {
		return diag.Diagnostic{File: "templates/home.html", Line: 7, Severity: diag.Error,
			Msg: `error calling ServicePhone: no service (while rendering ` + page + `)`, Fix: "fix the template"}
	}
	other := diag.Diagnostic{File: "content/a.md", Line: 3, Severity: diag.Error, Msg: "the link goes nowhere", Fix: "mend it"}
	otherLine := tmpl("content/c.md")
	otherLine.Line = 9
	tests := []struct {
		name string
		in   diag.List
		want []string // the messages
	}{
		{"one page", diag.List{tmpl("content/a.md")},
			[]string{"error calling ServicePhone: no service (while rendering content/a.md)"}},
		{"two pages", diag.List{tmpl("content/a.md"), tmpl("content/b.md")},
			[]string{"error calling ServicePhone: no service (while rendering content/a.md and 1 other page)"}},
		{"many pages, others kept in order", diag.List{other, tmpl("content/a.md"), tmpl("content/b.md"), tmpl("content/c.md"), otherLine},
			[]string{"the link goes nowhere", "error calling ServicePhone: no service (while rendering content/a.md and 2 other pages)",
				"error calling ServicePhone: no service (while rendering content/c.md)"}},
		{"not a template's", diag.List{other, other}, []string{"the link goes nowhere", "the link goes nowhere"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range mergeTemplateErrors(tt.in) {
				got = append(got, d.Msg)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
