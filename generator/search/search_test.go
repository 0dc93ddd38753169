package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"localoffer/generator/content"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"localoffer/generator/site"
)

func TestIndexAndSynonyms(t *testing.T) {
	fsys := fstest.MapFS{"_synonyms.toml": {Data: []byte("[words]\nUni = [\"University\"]\n")}}
	syn, d := LoadSynonyms(fsys)
	if len(d) != 0 || syn["uni"][0] != "university" {
		t.Fatalf("synonyms %v %v", syn, d)
	}
	_, d = LoadSynonyms(fstest.MapFS{"_synonyms.toml": {Data: []byte("[word]\nx = 1\n")}})
	if len(d) == 0 || !strings.Contains(d[0].String(), `unknown key "word"; did you mean "words"?`) {
		t.Errorf("bad synonyms file: %v", d)
	}
	s := &site.Site{Pages: []*site.Page{
		{URL: "/money/", FrontMatter: content.FrontMatter{Title: "Money", Description: "Money you can get."}, Text: "You can get a grant. A grant helps."},
		{URL: "/404.html", Kind: site.Generated, FrontMatter: content.FrontMatter{Title: "Not found"}},
		{URL: "/what-can-i-get/age-18-20/", Kind: site.Generated, FrontMatter: content.FrontMatter{Title: "What can I get at 18 to 20?", Description: "For 18 to 20."}},
	}}
	var idx struct {
		P [][5]string
		S map[string][]string
		A [][5]any
	}
	if err := json.Unmarshal(Index(s, syn), &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.P) != 1 || idx.P[0][0] != "/money/" || idx.P[0][4] != "can get grant helps you" {
		t.Errorf("index pages = %q", idx.P)
	}
	// Only the age page the site has is listed, with its ages first.
	if len(idx.A) != 1 || idx.A[0][0] != 18.0 || idx.A[0][1] != 20.0 || idx.A[0][2] != "/what-can-i-get/age-18-20/" || idx.A[0][3] != "What can I get at 18 to 20?" {
		t.Errorf("index ages = %v", idx.A)
	}
}

// TestIndexMarshal checks that the hand-written index encoder writes the
// very bytes json.Marshal writes, for text that needs every kind of escape.
func TestIndexMarshal(t *testing.T) {
	for _, tc := range []struct {
		name string
		idx  index
	}{
		{"empty", index{}},
		{"no pages", index{Synonyms: map[string][]string{}, Ages: [][5]any{}}},
		{"plain words", index{Pages: [][5]string{{"/money/", "Money", "Money you can get.", "What | Who", "ask council grant money"}}, Synonyms: map[string][]string{"cash": {"money"}}, Ages: [][5]any{{16, 17, "/finder/age-16-17/", "Age 16 to 17", "x"}}}},
		{"escapes", index{Pages: [][5]string{
			{"/a/", `Quote " and \ back`, "tab\tnew\nline\x01", "<b> & </b>", "£100 café"},
			{"/b/", "line\u2028separator\u2029", "bad \xff utf-8", "\U0001F600 emoji", "naïve £ ’"},
			{"/c/", "x\u2029", "\xe2\x80", "end \xc3", "ok"},
		}, Synonyms: nil}},
		{"many pieces", bigIndex(3000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(tc.idx)
			if err != nil {
				t.Fatal(err)
			}
			if got := tc.idx.marshal(); !bytes.Equal(got, want) {
				t.Errorf("got  %.300s\nwant %.300s", got, want)
			}
			// writeTo, a piece at a time, writes the same.
			var w smallWrites
			if err := tc.idx.writeTo(&w); err != nil || !bytes.Equal(w.b, want) {
				t.Errorf("writeTo: %v, %d bytes, want %d", err, len(w.b), len(want))
			}
		})
	}
}

// bigIndex is an index of n pages, whose JSON is many pieces long.
func bigIndex(n int) index {
	idx := index{Synonyms: map[string][]string{"uni": {"university"}}, Ages: [][5]any{}}
	for i := range n {
		idx.Pages = append(idx.Pages, [5]string{fmt.Sprintf("/p/%d/", i), "Page “" + strconv.Itoa(i) + "” & more", "About <this>.", "One | Two", strings.Repeat("word ", i%40) + "end"})
	}
	return idx
}

// smallWrites is an io.Writer that keeps what it is given.
type smallWrites struct{ b []byte }

func (w *smallWrites) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// TestWriteIndexForStopsAtAnError checks that a failed write is returned.
func TestWriteIndexForStopsAtAnError(t *testing.T) {
	if err := bigIndex(3000).writeTo(failingWriter{}); err == nil {
		t.Error("no error from a writer that fails")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
