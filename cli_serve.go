package main

import (
	"context"
	"fmt"
	"io"

	"localoffer/devserver"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", stderr)
	opts := devserver.Options{Log: stdout}
	fs.StringVar(&opts.Source, "source", ".", "the site folder")
	fs.StringVar(&opts.Host, "host", "127.0.0.1", "the address to listen on")
	fs.IntVar(&opts.Port, "port", 1313, "the port to listen on (0 picks a free one)")
	fs.BoolVar(&opts.Drafts, "drafts", true, "show draft pages")
	if !parse(fs, args, 0, stderr) {
		return exitUsage
	}
	s, err := devserver.Start(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return exitProblem
	}
	fmt.Fprintf(stdout, "previewing the site at %s (press Ctrl-C to stop)\n", s.URL)
	for _, u := range s.LANURLs {
		fmt.Fprintf(stdout, "on a phone on the same network, open %s\n", u)
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "stopped")
	return exitOK
}
