// Package parallel runs a loop's iterations on every CPU.
package parallel

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// For runs fn(0) … fn(n-1) on as many goroutines as there are CPUs, and
// returns when all have run or ctx is done. Callers write results into a
// slice by index, so the outcome does not depend on scheduling.
func For(ctx context.Context, n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
