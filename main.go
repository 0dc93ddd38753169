// Command localoffer builds the St Helens care leavers' local offer website.
//
//	go run . build    write the site into public/
//	go run . serve    preview the site at http://127.0.0.1:1313/ while you edit
//	go run . check    look for problems and advice without writing anything
//	go run . new money/bus-pass    start a new page
//
// Run "go run . help" for the flags. Exit status: 0 on success, 1 when the
// site's files have problems, 2 when the command itself was mistyped.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/pprof"
	"runtime/trace"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// LOCALOFFER_CPUPROFILE=file profiles one command, and
	// LOCALOFFER_TRACE=file traces it (go tool trace), for developers: a
	// benchmark's process stays warm, and the command's does not.
	if name := os.Getenv("LOCALOFFER_CPUPROFILE"); name != "" {
		if f, err := os.Create(name); err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	if name := os.Getenv("LOCALOFFER_TRACE"); name != "" {
		if f, err := os.Create(name); err == nil && trace.Start(f) == nil {
			defer f.Close()
			defer trace.Stop()
		}
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if code != 0 {
		pprof.StopCPUProfile()
		trace.Stop()
		os.Exit(code)
	}
}
