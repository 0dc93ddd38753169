// Package benchsite writes the made-up sites that the build and preview
// benchmarks measure: n pages of about 800 words in sections of 50, each
// with a link to the next page's heading and an offer, so that the
// finder's lists grow with the site as they would on a real one.
package benchsite

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// words is the text pages are made of.
var words = strings.Fields(`you can get money from the council to help set up your first home
ask your personal adviser about the grant and how to claim it before you move in
the law says we must give you a pathway plan and support until you are twenty five`)

// Write writes a site of n pages to dir, taking site.toml, templates/,
// static/ and content/_offer.toml from the fixture site at fixture.
func Write(fixture, dir string, n int) error {
	if err := os.CopyFS(dir, os.DirFS(fixture)); err != nil {
		return err
	}
	if err := os.RemoveAll(filepath.Join(dir, "content")); err != nil {
		return err
	}
	var err error
	write := func(p, s string) {
		full := filepath.Join(dir, "content", filepath.FromSlash(p))
		if e := os.MkdirAll(filepath.Dir(full), 0o755); e != nil && err == nil {
			err = e
		}
		if e := os.WriteFile(full, []byte(s), 0o644); e != nil && err == nil {
			err = e
		}
	}
	offers, e := os.ReadFile(filepath.Join(fixture, "content", "_offer.toml"))
	if e != nil {
		return e
	}
	write("_offer.toml", string(offers))
	write("_index.md", "+++\ntitle = \"Home\"\ndescription = \"Home.\"\n+++\nWelcome.\n")
	for _, p := range []string{"privacy.md", "money/_index.md"} {
		write(p, "+++\ntitle = \"P\"\ndescription = \"P.\"\nreviewed = 2026-01-01\n+++\nText.\n")
	}
	var body strings.Builder
	for i := 0; i < 800; i++ {
		if i%100 == 0 {
			fmt.Fprintf(&body, "\n\n## Part %d\n\n", i/100)
		} else if i%20 == 0 {
			body.WriteString(".\n\n")
		}
		body.WriteString(words[i%len(words)])
		body.WriteByte(' ')
	}
	text := body.String()
	for i := 0; i < n; i++ {
		sec := i / 50
		if i%50 == 0 {
			write(fmt.Sprintf("s%d/_index.md", sec), fmt.Sprintf("+++\ntitle = \"Section %d\"\ndescription = \"Section.\"\nreviewed = 2026-01-01\n+++\nIntro.\n", sec))
		}
		next := (i + 1) % n
		write(Page(i), fmt.Sprintf(
			"+++\ntitle = \"Page %d\"\ndescription = \"Page %d.\"\nreviewed = 2026-01-01\nweight = %d\n[offer]\nages = [16, 25]\nstatuses = [\"former-relevant\"]\narea = \"accommodation\"\nlegal = true\nhow = \"Ask.\"\n+++\nSee [next](../%s#part-1). %s\n",
			i, i, i%50+1, Page(next), text))
	}
	return err
}

// Page returns the path under content/ of page i.
func Page(i int) string { return fmt.Sprintf("s%d/p%d.md", i/50, i) }

// URL returns the site address of page i.
func URL(i int) string { return fmt.Sprintf("/s%d/p%d/", i/50, i) }
