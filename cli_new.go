package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"localoffer/generator"
)

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", stderr)
	source := fs.String("source", ".", "the site folder")
	if !parse(fs, args, 1, stderr) {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "new: say which page to create, like: go run . new money/bus-pass")
		return exitUsage
	}
	file, err := generator.NewPage(*source, fs.Arg(0), time.Now().UTC())
	if err != nil {
		fmt.Fprintf(stderr, "new: %v\n", err)
		return exitProblem
	}
	fmt.Fprintf(stdout, "created %s: fill in the description, the [offer] and the text, then run go run . check\n", file)
	return exitOK
}
