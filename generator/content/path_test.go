package content

import (
	"regexp"
	"testing"
)

// TestValidSlug checks the hand-written validSlug against the regexp it
// replaced, on names around every edge of it.
func TestValidSlug(t *testing.T) {
	re := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for _, s := range []string{"", "-", "a", "a-", "-a", "a-b", "a--b", "ab-cd-9", "A", "a_b", "a.b", "é", "a b",
		"money", "council-tax", "2025", "x-1-y", "a-b-", "--", "a/b", "_index", "index"} {
		if got, want := validSlug(s), re.MatchString(s); got != want {
			t.Errorf("validSlug(%q) = %t, want %t", s, got, want)
		}
	}
}

func TestCheckPath(t *testing.T) {
	for _, c := range []struct{ p, better string }{
		{"money/council-tax.md", ""},
		{"money/_index.md", ""},
		{"_index.md", ""},
		{"money/index.md", "money/_index.md (if it is the folder's own page)"},
		{"Money/Council Tax.md", "money/council-tax.md"},
		{"money/council-tax.ar.md", ""},
		{"money/Council_Tax.ar.md", "money/council-tax.ar.md"},
	} {
		problem, better := CheckPath(c.p)
		if better != c.better || (problem == "") != (c.better == "") {
			t.Errorf("CheckPath(%q) = %q, %q; want better %q", c.p, problem, better, c.better)
		}
	}
}

// TestLangCode checks the hand-written langCode against the regexp it
// replaced.
func TestLangCode(t *testing.T) {
	re := regexp.MustCompile(`^[a-z]{2,3}$`)
	for _, s := range []string{"", "a", "ar", "ti", "eng", "engl", "AR", "a1", "é", "ar ", "-a", "zz"} {
		if got, want := langCode(s), re.MatchString(s); got != want {
			t.Errorf("langCode(%q) = %t, want %t", s, got, want)
		}
	}
}
