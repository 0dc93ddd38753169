package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"localoffer/internal/testutil"
)

func TestExitCodes(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	broken := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"no command", nil, exitUsage, "Usage"},
		{"unknown command", []string{"biuld"}, exitUsage, `did you mean "build"?`},
		{"bad flag", []string{"build", "--nope"}, exitUsage, "flag provided but not defined"},
		{"stray argument", []string{"build", "extra"}, exitUsage, "unexpected argument"},
		{"build", []string{"build", "--no-cache", "--source", "generator/testdata/site", "--dest", dest}, exitOK, "built 37 pages"},
		{"missing site", []string{"build", "--source", broken, "--dest", dest}, exitProblem, "site.toml: cannot read the site settings"},
		{"check", []string{"check", "--source", "generator/testdata/site"}, exitOK, "checked"},
		{"check strict", []string{"check", "--strict", "--source", "generator/testdata/site"}, exitProblem, "warning:"},
		{"check json", []string{"check", "--format", "json", "--source", "generator/testdata/site"}, exitOK, `"warnings":`},
		{"new without name", []string{"new"}, exitUsage, "say which page"},
		{"serve without a site", []string{"serve", "--source", broken, "--port", "0"}, exitProblem, "has no site.toml; pass --source"},
		{"serve bad port", []string{"serve", "--port", "x"}, exitUsage, "invalid value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			code := run(context.Background(), tt.args, &out, &out)
			if code != tt.code {
				t.Errorf("exit %d, want %d; output:\n%s", code, tt.code, out.String())
			}
			if !strings.Contains(out.String(), tt.out) {
				t.Errorf("output does not contain %q:\n%s", tt.out, out.String())
			}
		})
	}
}

// TestBuildCacheFlag checks that build keeps its cache in the site folder
// and uses it, and that --no-cache neither writes nor reads it.
func TestBuildCacheFlag(t *testing.T) {
	for _, tc := range []struct {
		name      string
		flags     []string
		cache     bool   // whether the cache folder must exist after two builds
		secondOut string // what the second build says
	}{
		{"default", nil, true, "nothing changed since the last build"},
		{"no cache", []string{"--no-cache"}, false, "built 37 pages"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := filepath.Join(t.TempDir(), "site")
			if err := os.CopyFS(src, os.DirFS("generator/testdata/site")); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"build", "--source", src, "--dest", filepath.Join(t.TempDir(), "public")}, tc.flags...)
			var out bytes.Buffer
			for range 2 {
				out.Reset()
				if code := run(context.Background(), args, &out, &out); code != exitOK {
					t.Fatalf("exit %d: %s", code, out.String())
				}
			}
			if !strings.Contains(out.String(), tc.secondOut) {
				t.Errorf("second build said %q, want %q", out.String(), tc.secondOut)
			}
			_, err := os.Stat(filepath.Join(src, ".cache", "localoffer"))
			if exists := err == nil; exists != tc.cache {
				t.Errorf("cache folder exists: %t, want %t", exists, tc.cache)
			}
			if !tc.cache {
				if _, err := os.Stat(filepath.Join(src, ".cache")); err == nil {
					t.Error("--no-cache made a .cache folder")
				}
			}
		})
	}
}

func TestNewThenBuild(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(src, os.DirFS("generator/testdata/site")); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code := run(context.Background(), []string{"new", "--source", src, "money/bus-pass"}, &out, &out); code != exitOK {
		t.Fatalf("new: exit %d: %s", code, out.String())
	}
	if code := run(context.Background(), []string{"new", "--source", src, "money/bus-pass"}, &out, &out); code != exitProblem {
		t.Errorf("second new did not refuse to overwrite")
	}
	out.Reset()
	if code := run(context.Background(), []string{"check", "--source", src}, &out, &out); code != exitOK || !strings.Contains(out.String(), "content/money/bus-pass.md:5: warning: the description is still the placeholder") {
		t.Errorf("check after new: exit %d:\n%s", code, out.String())
	}
}

// TestServeStopsOnCancel runs serve as the command line does and stops it
// as Ctrl-C does (by cancelling its context): it must print the address,
// answer, and return exit 0.
func TestServeStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // when the test fails before it stops serve itself
	var out testutil.SyncBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("serve's output:\n%s", out.String())
		}
	})
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--source", "generator/testdata/site", "--port", "0"}, &out, &out)
	}()
	var url string
	testutil.Eventually(t, "serve to print its address", func() bool {
		if _, rest, ok := strings.Cut(out.String(), "previewing the site at "); ok {
			url, _, _ = strings.Cut(rest, " ")
		}
		return url != ""
	})
	resp, err := http.Get(url + "money/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET money/: %d", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK || !strings.Contains(out.String(), "stopped") {
			t.Errorf("exit %d after Ctrl-C; output:\n%s", code, out.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
}
