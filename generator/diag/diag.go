// Package diag holds the messages localoffer shows to the people who edit a
// site: a problem at a file and line, and what to do about it.
//
// Every stage of a build adds to a List instead of stopping at the first
// problem, so an editor sees every mistake in one go. A message reads
//
//	content/money/grants.md:12: unknown front matter key "titel"; did you mean "title"?
//
// that is, a path relative to the site folder with / separators, a 1-based
// line (left out when the problem has no line), what is wrong, and after
// "; " what to do.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a problem stops a build.
type Severity int

const (
	// Error stops the build: nothing is published.
	Error Severity = iota + 1
	// Warning is reported by check but does not stop a build.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in a site's files.
type Diagnostic struct {
	File     string // relative to the site folder, with / separators; may be empty
	Line     int    // 1-based; 0 when the problem is about the whole file
	Severity Severity
	Rule     string // the code of its Rule, such as "LO2009"; may be empty
	Msg      string // what is wrong, in plain words
	Fix      string // what to do about it; may be empty
}

// String formats d as "file:line: msg; fix".
func (d Diagnostic) String() string {
	var b strings.Builder
	d.writeLocation(&b)
	b.WriteString(d.Msg)
	if d.Fix != "" {
		b.WriteString("; ")
		b.WriteString(d.Fix)
	}
	return b.String()
}

// StringWithSeverity formats d as "file:line: error: msg; fix [LO1003
// link-target-missing]", the form check prints so that warnings stand apart
// from errors and each names its rule.
func (d Diagnostic) StringWithSeverity() string {
	var b strings.Builder
	d.writeLocation(&b)
	b.WriteString(d.severity().String())
	b.WriteString(": ")
	b.WriteString(d.Msg)
	if d.Fix != "" {
		b.WriteString("; ")
		b.WriteString(d.Fix)
	}
	if r, ok := FindRule(d.Rule); ok && d.Rule != "" {
		b.WriteString(" [" + r.String() + "]")
	}
	return b.String()
}

func (d Diagnostic) severity() Severity {
	if d.Severity == 0 {
		return Error
	}
	return d.Severity
}

func (d Diagnostic) writeLocation(b *strings.Builder) {
	if d.File == "" {
		return
	}
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(b, ":%d", d.Line)
	}
	b.WriteString(": ")
}

// List collects diagnostics. The zero value is an empty list ready to use.
// A List is not safe for concurrent use: parallel stages keep one each and
// join them afterwards.
type List []Diagnostic

// Errorf adds an error at file:line. msg is formatted with args; fix is
// taken as it is.
func (l *List) Errorf(file string, line int, fix, msg string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Severity: Error, Msg: fmt.Sprintf(msg, args...), Fix: fix})
}

// Warnf adds a warning at file:line.
func (l *List) Warnf(file string, line int, fix, msg string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Severity: Warning, Msg: fmt.Sprintf(msg, args...), Fix: fix})
}

// Add appends other diagnostics.
func (l *List) Add(ds ...Diagnostic) { *l = append(*l, ds...) }

// Sort orders the list by file, line, then message, and drops exact
// duplicates, so that output does not depend on the order stages ran in.
func (l List) Sort() List {
	slices.SortFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Msg, b.Msg),
			cmp.Compare(a.Fix, b.Fix),
			cmp.Compare(a.Rule, b.Rule),
		)
	})
	return slices.Compact(l)
}

// Errors returns only the diagnostics that stop a build.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.severity() == Error {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns only the warnings.
func (l List) Warnings() List {
	var out List
	for _, d := range l {
		if d.severity() == Warning {
			out = append(out, d)
		}
	}
	return out
}

// HasErrors reports whether any diagnostic stops the build.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.severity() == Error {
			return true
		}
	}
	return false
}

// Err returns the errors in l as an *Errors, or nil when there are none.
func (l List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return &Errors{List: errs.Sort()}
}

// Errors is the error a build returns when the site's files have problems.
// Its message lists every problem, one a line.
type Errors struct {
	List List
}

func (e *Errors) Error() string {
	lines := make([]string, len(e.List))
	for i, d := range e.List {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Suggest returns the candidate closest to word when it is close enough to
// be a likely typo, or "" otherwise. It is used for "did you mean" hints.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", max(2, len(word)/4)+1
	for _, c := range candidates {
		if d := distance(strings.ToLower(word), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the Levenshtein edit distance between a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
