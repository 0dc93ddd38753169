package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"localoffer/generator"
	"localoffer/generator/diag"
)

// Exit statuses.
const (
	exitOK      = 0
	exitProblem = 1 // the site's files have problems, or the build failed
	exitUsage   = 2 // the command was mistyped
)

const usage = `localoffer builds the care leavers' local offer website.

Usage:
  go run . build [--source DIR] [--dest DIR] [--drafts] [--base-url URL] [--no-cache]
  go run . serve [--source DIR] [--host H] [--port N] [--drafts=false]
  go run . check [--source DIR] [--strict] [--format text|json]
  go run . new [--source DIR] SECTION/PAGE-NAME

Commands:
  build   write the finished site into --dest (default public)
  serve   preview the site while you edit; the page reloads when you save
  check   look for mistakes and advice (old pages, unconfirmed facts, long sentences)
  new     start a new page with all its front matter filled in
`

// run is the whole command line, apart from the process: it returns the
// exit status so that tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "internal error in localoffer: %v; please report this to the site's developers with the command you ran\n", r)
			code = exitProblem
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "new":
		return runNew(ctx, rest, stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	msg := fmt.Sprintf("unknown command %q", cmd)
	if s := diag.Suggest(cmd, []string{"build", "serve", "check", "new"}); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	fmt.Fprintf(stderr, "%s\n\n%s", msg, usage)
	return exitUsage
}

// newFlags returns a flag set that reports errors through run's exit
// status instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage of %s:\n", name)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags and rejects stray arguments. It returns false after
// printing why when the command line is wrong.
func parse(fs *flag.FlagSet, args []string, maxArgs int, stderr io.Writer) bool {
	if err := fs.Parse(args); err != nil {
		return false
	}
	if fs.NArg() > maxArgs {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(maxArgs))
		fs.Usage()
		return false
	}
	return true
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", stderr)
	opts := generator.Options{}
	fs.StringVar(&opts.Source, "source", ".", "the site folder (with site.toml, content/, templates/, static/)")
	fs.StringVar(&opts.Dest, "dest", "public", "where to write the site")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include pages marked draft = true")
	fs.StringVar(&opts.BaseURL, "base-url", "", "the site's address, overriding site.toml (for deploy previews)")
	noCache := fs.Bool("no-cache", false, "build everything from scratch, without reading or writing the build cache in SOURCE/"+generator.CacheFolder)
	if !parse(fs, args, 0, stderr) {
		return exitUsage
	}
	// The command exits once the new site is in place: deleting the old
	// one need not hold it up.
	opts.RemoveOldInBackground = true
	if !*noCache {
		opts.CacheDir = filepath.Join(opts.Source, filepath.FromSlash(generator.CacheFolder))
	}
	res, err := generator.Build(ctx, opts)
	if err != nil {
		return report(err, stderr)
	}
	if res.Unchanged {
		fmt.Fprintf(stdout, "nothing changed since the last build: %s already has its %d pages and %d files (%d ms)\n", opts.Dest, res.Pages, res.Files, res.Duration.Milliseconds())
		return exitOK
	}
	fmt.Fprintf(stdout, "built %d pages and %d files into %s in %d ms\n", res.Pages, res.Files, opts.Dest, res.Duration.Milliseconds())
	if os.Getenv("LOCALOFFER_DEBUG") != "" {
		fmt.Fprintf(stderr, "read %d, reused %d, rendered %d\n", res.Read, res.Reused, res.Rendered)
	}
	return exitOK
}

// report prints a build's error and returns the exit status for it.
func report(err error, stderr io.Writer) int {
	var de *diag.Errors
	if errors.As(err, &de) {
		for _, d := range de.List {
			fmt.Fprintln(stderr, d.String())
		}
		n := len(de.List)
		fmt.Fprintf(stderr, "%d %s; nothing was written\n", n, plural(n, "problem", "problems"))
		return exitProblem
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "stopped")
		return exitProblem
	}
	fmt.Fprintln(stderr, strings.TrimSpace(err.Error()))
	return exitProblem
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
