package sitefiles

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"localoffer/generator/config"
	"localoffer/generator/content"
	"localoffer/generator/site"
	"localoffer/generator/words"
)

// TestMakeWritesOnlyKnownFiles: the build's set of known files comes from
// Names, so every file Make writes must be in it.
func TestMakeWritesOnlyKnownFiles(t *testing.T) {
	day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	ws, _ := words.Load(fstest.MapFS{"strings/en.toml": {Data: []byte("[site]\nfeed_title = \"{site}: recently checked pages\"\n")}}, nil)
	s := &site.Site{Config: &config.Config{Title: "Offer & more", BaseURL: "https://example.org/", Language: "en-GB", Owner: "Council", Languages: []config.Language{{Code: "en"}}}, Words: ws, Pages: []*site.Page{
		{URL: "/", FrontMatter: content.FrontMatter{Title: "Home", Description: "The <offer>."}},
		{URL: "/money/", FrontMatter: content.FrontMatter{Title: "Money", Description: "Money.", Reviewed: day, Aliases: []string{"/cash/", "/a/"}}},
		{URL: "/404.html", Kind: site.Generated, FrontMatter: content.FrontMatter{Title: "Not found"}},
	}}
	files, err := Make(Input{Site: s, BasePath: "/offer"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		if !slices.Contains(Names([]string{"en"}), f.Name) {
			t.Errorf("Make wrote %s, which Names does not list", f.Name)
		}
		data, err := f.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		got[f.Name] = string(data)
	}
	if want := "/offer/a/ /offer/money/ 301\n/offer/cash/ /offer/money/ 301\n"; got["_redirects"] != want {
		t.Errorf("_redirects = %q, want %q", got["_redirects"], want)
	}
	if sm := got["sitemap.xml"]; strings.Contains(sm, "404") || !strings.Contains(sm, "<url><loc>https://example.org/money/</loc><lastmod>2026-11-22</lastmod></url>") {
		t.Errorf("sitemap.xml = %s", sm)
	}
	if f := got["feed.xml"]; !strings.Contains(f, "<title>Offer &amp; more: recently checked pages</title>") || strings.Count(f, "<entry>") != 1 || !strings.Contains(f, "<updated>2026-11-22T00:00:00Z</updated>") {
		t.Errorf("feed.xml = %s", f)
	}
	s.Pages[1].Aliases = nil
	files, _ = Make(Input{Site: s})
	for _, f := range files {
		if f.Name == "_redirects" {
			t.Errorf("a site without aliases got a _redirects file")
		}
	}
}

// TestSitemapMatchesTemplate checks the hand-written sitemap against the
// template it replaced, with addresses that need escaping.
func TestSitemapMatchesTemplate(t *testing.T) {
	day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		pages []*site.Page
	}{
		{"none", nil},
		{"plain", []*site.Page{{URL: "/"}, {URL: "/money/", FrontMatter: content.FrontMatter{Reviewed: day}}, {URL: "/404.html"}, {URL: "/hidden/", Unlisted: true}}},
		{"escapes", []*site.Page{{URL: "/a&b/"}, {URL: "/q\"'<>/", FrontMatter: content.FrontMatter{Reviewed: day}}, {URL: "/café/\t\n"}, {URL: "/bad\xff/"}}},
	} {
		s := &site.Site{Config: &config.Config{BaseURL: "https://example.org/"}, Pages: tc.pages}
		in := Input{Site: s}
		want, err := execute("sitemap.xml", listed(in))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := sitemap(in)
		if string(got) != string(want) {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, want)
		}
	}
}

// TestFeedPicksLikeBefore checks the feed's choice of pages against the
// way it first chose them (every listed English page with a date, sorted
// by date then address, the first 20), on pages with shared dates,
// translations, unlisted pages and the 404 page.
func TestFeedPicksLikeBefore(t *testing.T) {
	var pages []*site.Page
	for i := range 60 {
		p := &site.Page{URL: fmt.Sprintf("/p%02d/", (i*37)%60), FrontMatter: content.FrontMatter{Title: fmt.Sprint("T", i), Description: "d & <d>"}}
		if i%4 != 0 {
			p.Reviewed = time.Date(2026, 1, 1+i%5, 0, 0, 0, 0, time.UTC)
		}
		switch i % 7 {
		case 1:
			p.Lang, p.Path = "ar", fmt.Sprintf("p%d.ar.md", i)
		case 2:
			p.Unlisted = true
		}
		pages = append(pages, p)
	}
	pages = append(pages, &site.Page{URL: "/404.html", FrontMatter: content.FrontMatter{Reviewed: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}})
	ws, _ := words.Load(fstest.MapFS{}, nil)
	s := &site.Site{Config: &config.Config{Title: "T", BaseURL: "https://example.org/x/", Language: "en-GB"}, Words: ws, Pages: pages}
	in := Input{Site: s}
	var want []entry
	for _, e := range listed(in) {
		if !e.translation && !e.Reviewed.IsZero() {
			want = append(want, e)
		}
	}
	slices.SortStableFunc(want, func(x, y entry) int {
		return cmp.Or(y.Reviewed.Compare(x.Reviewed), cmp.Compare(x.URL, y.URL))
	})
	want = want[:feedSize]
	wantXML, err := execute("feed.xml", map[string]any{
		"Language": "en-GB", "Title": ws[words.Default].Get("site.feed_title", "site", "T"), "Owner": "",
		"Home": abs(in, "/"), "Self": abs(in, "/feed.xml"), "Updated": want[0].Reviewed, "Pages": want,
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := feed(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(wantXML) {
		t.Errorf("got\n%s\nwant\n%s", got, wantXML)
	}
	if n := strings.Count(string(got), "<entry>"); n != feedSize {
		t.Errorf("%d entries, want %d", n, feedSize)
	}
}
