package cache

import (
	"fmt"
	"maps"
	"reflect"
	"testing"
	"time"

	"localoffer/generator/site"
)

// TestFileStampTrust checks when a stamp is trusted without a build.
func TestFileStampTrust(t *testing.T) {
	now := time.Now()
	old := Stamp{size: 10, mtime: now.Add(-time.Hour), ctime: now.Add(-time.Hour), ino: 7}
	fresh := old
	fresh.ctime = now.Add(-time.Second)
	for _, tc := range []struct {
		name        string
		stored, got Stamp
		readAt      time.Time
		want        bool
	}{
		{"unchanged and old", old, old, now, true},
		{"changed just before it was read", fresh, fresh, now, false},
		{"other size", old, Stamp{size: 11, mtime: old.mtime, ctime: old.ctime, ino: 7}, now, false},
		{"other change time", old, Stamp{size: 10, mtime: old.mtime, ctime: now, ino: 7}, now, false},
		{"other file renamed over it", old, Stamp{size: 10, mtime: old.mtime, ctime: old.ctime, ino: 8}, now, false},
	} {
		if got := tc.stored.trusted(tc.got, tc.readAt); got != tc.want {
			t.Errorf("%s: trusted = %v; want %v", tc.name, got, tc.want)
		}
	}
}

// TestFingerprintValues checks the fingerprinter on its own: equal values
// hash alike whatever a map's order, and values that differ, even only in
// where one string ends and the next begins, hash differently.
func TestFingerprintValues(t *testing.T) {
	sum := func(v any) [32]byte {
		f := newFingerprinter()
		f.value(reflect.ValueOf(v))
		return f.sum()
	}
	type pair struct{ A, B string }
	type tagged struct {
		Shown  string
		Hidden string `fingerprint:"-"`
	}
	big := map[string]int{}
	for i := range 200 {
		big[fmt.Sprint("k", i)] = i
	}
	same := [][2]any{
		{big, maps.Clone(big)},
		{tagged{"a", "x"}, tagged{"a", "y"}},
		{time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, c := range same {
		if sum(c[0]) != sum(c[1]) {
			t.Errorf("%v and %v hash differently", c[0], c[1])
		}
	}
	differ := [][2]any{
		{pair{"ab", "c"}, pair{"a", "bc"}},
		{[]string{"a", "b"}, []string{"ab"}},
		{[]string{}, []string{""}},
		{tagged{"a", "x"}, tagged{"b", "x"}},
		{map[string]int{"a": 1}, map[string]int{"a": 2}},
		{&site.Page{URL: "/a/"}, &site.Page{URL: "/b/"}},
		{time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)},
	}
	for _, c := range differ {
		if sum(c[0]) == sum(c[1]) {
			t.Errorf("%v and %v hash alike", c[0], c[1])
		}
	}
}
