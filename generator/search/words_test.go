package search

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// wordsReference is the first, simple version of words, which the faster
// one must match exactly: the search index is part of the published site.
func wordsReference(text string) string {
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(strings.Map(foldArabicRune, text)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '£'
	}) {
		if len([]rune(w)) < 3 || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

var wordsCases = []struct{ name, text, want string }{
	{"empty", "", ""},
	{"short words dropped", "an ox is at it", ""},
	{"repeats and case", "Grant grant GRANT helps", "grant helps"},
	{"money and digits", "£100 or 250 a year", "250 year £100"},
	{"punctuation at both ends", "...hello, world!", "hello world"},
	{"letters outside ASCII", "Café naïve ŻÓŁW", "café naïve żółw"},
	{"dotted capital I", "İstanbul", "istanbul"},
	{"invalid UTF-8 splits words", "abc\xffdef", "abc def"},
	{"word at the very end", "the end", "end the"},
	// The search script drops the same marks and folds the same alefs
	// from what a reader types (static/js/search.js, tokens).
	{"Arabic marks do not split words", "مفوّض أيضًا", "ايضا مفوض"},
	{"Arabic alef forms are one", "إلى آخر أمل", "اخر الى امل"},
	{"tatweel is dropped", "مـــرحبا", "مرحبا"},
}

func TestWords(t *testing.T) {
	for _, tc := range wordsCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := words(tc.text); got != tc.want {
				t.Errorf("words(%q) = %q, want %q", tc.text, got, tc.want)
			}
			if ref := wordsReference(tc.text); ref != tc.want {
				t.Errorf("reference words(%q) = %q, want %q", tc.text, ref, tc.want)
			}
		})
	}
}

func FuzzWords(f *testing.F) {
	for _, tc := range wordsCases {
		f.Add(tc.text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := words(text), wordsReference(text); got != want {
			t.Errorf("words(%q) = %q, reference gives %q", text, got, want)
		}
	})
}

func BenchmarkWords(b *testing.B) {
	var text strings.Builder
	for i := range 830 {
		text.WriteString([]string{"You", "can", "get", "money", "from", "the", "council", "to", "help", "set", "up", "your", "first", "home", "ask", "personal", "adviser", "about", "grant", "claim"}[i*7%20])
		text.WriteString([]string{" ", ", ", ". ", "\n"}[i%4])
		if i%50 == 0 {
			text.WriteString("word" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + " ")
		}
	}
	b.SetBytes(int64(text.Len()))
	for b.Loop() {
		words(text.String())
	}
}

// TestWordsNeedNoEscapes holds words to what the index encoder assumes
// when it writes them without looking (index.marshal): JSON has them as
// they are. Every ASCII character, the line separators JSON escapes for
// JavaScript, invalid UTF-8 and the replacement character go in.
func TestWordsNeedNoEscapes(t *testing.T) {
	var all strings.Builder
	for c := range 128 {
		all.WriteString("ab" + string(rune(c)) + "cd ")
	}
	texts := []string{all.String(), "abc\u2028def\u2029ghi", "abc\xffdef\xe2\x80", "ab\uFFFDcd \uFFFD\uFFFD\uFFFD", "<script>x&amp;y</script> \"quoted\" back\\slash"}
	for _, c := range wordsCases {
		texts = append(texts, c.text)
	}
	for _, text := range texts {
		w := words(text)
		want, _ := json.Marshal(w)
		if string(want) != `"`+w+`"` {
			t.Errorf("words(%q) = %q, which JSON writes as %s", text, w, want)
		}
	}
}
