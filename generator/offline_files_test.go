package generator

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestWorkerCacheFollowsFiles checks that the service worker's cache name
// changes when a published file that is not a page changes, even to bytes
// of the same length, and stays when nothing changed: readers' phones
// would otherwise keep the old file.
func TestWorkerCacheFollowsFiles(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	copyTree(t, "testdata/site", src)
	leaflet := filepath.Join(src, "content", "money", "leaflet.txt")
	cacheName := func(text string) string {
		t.Helper()
		if err := os.WriteFile(leaflet, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), Options{Source: src, Dest: dest}); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(filepath.Join(dest, "money", "leaflet.txt")); err != nil || string(got) != text {
			t.Fatalf("the leaflet was published as %q, %v", got, err)
		}
		sw, err := os.ReadFile(filepath.Join(dest, "sw.js"))
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`CACHE="([^"]+)"`).FindSubmatch(sw)
		if m == nil {
			t.Fatalf("sw.js names no cache: %s", sw)
		}
		return string(m[1])
	}
	one := cacheName("version one")
	if again := cacheName("version one"); again != one {
		t.Errorf("the same site gave the caches %s and %s", one, again)
	}
	if two := cacheName("version two"); two == one {
		t.Errorf("a changed leaflet kept the cache %s", one)
	}
}
