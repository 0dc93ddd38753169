// Package testutil holds the helpers that the tests of more than one
// package use (the command line's and the preview server's), so that they
// are written once. Only _test.go files import it.
package testutil

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// SyncBuffer is a log that a server's goroutines write while the test
// reads it.
type SyncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

// Write appends p.
func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Eventually polls until cond holds, so that tests do not depend on
// timing, and fails the test after 10 seconds.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}
