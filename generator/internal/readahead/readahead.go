// Package readahead asks the operating system to start reading files that
// a build is about to read, so that they come from memory when it does.
//
// A build reads its pages on as many goroutines as there are CPUs, each
// reading a file and then parsing it. When the files are not in the page
// cache (a machine that has not read them lately, or one that evicts its
// cache, as the shared build machines do), each read waits for the disk
// in turn, one or two at a time, and the CPUs wait with it: a first build
// of 1,000 pages took 0.98–1.10 s with the files out of the cache and
// 0.65–0.78 s with them in it. Asked for all at once, the disk reads
// them together while the first pages are parsed.
package readahead

import "context"

// Files asks for names, in order, on a goroutine of its own, and returns
// at once. It is a hint: a file that cannot be opened is skipped (its
// reader reports the error), and where the system has no such hint it
// does nothing.
func Files(ctx context.Context, names []string) {
	if !supported || len(names) == 0 {
		return
	}
	go func() {
		for _, name := range names {
			if ctx.Err() != nil {
				return
			}
			willNeed(name)
		}
	}()
}
