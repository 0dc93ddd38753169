package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"localoffer/generator"
	"localoffer/generator/diag"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	opts := generator.Options{}
	fs.StringVar(&opts.Source, "source", ".", "the site folder")
	strict := fs.Bool("strict", false, "fail on warnings too")
	format := fs.String("format", "text", "text, or json for editors and tools")
	fs.BoolVar(&opts.Drafts, "drafts", true, "check draft pages too")
	if !parse(fs, args, 0, stderr) {
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "check: --format must be text or json, not %q\n", *format)
		return exitUsage
	}
	res, err := generator.Check(ctx, opts, time.Now().UTC())
	if err != nil {
		return report(err, stderr)
	}
	errs, warns := len(res.Diagnostics.Errors()), len(res.Diagnostics.Warnings())
	if *format == "json" {
		type item struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Severity string `json:"severity"`
			Code     string `json:"code,omitempty"`
			Rule     string `json:"rule,omitempty"`
			Message  string `json:"message"`
			Fix      string `json:"fix,omitempty"`
		}
		out := struct {
			Pages    int    `json:"pages"`
			Errors   int    `json:"errors"`
			Warnings int    `json:"warnings"`
			Items    []item `json:"diagnostics"`
		}{Pages: res.Pages, Errors: errs, Warnings: warns, Items: []item{}}
		for _, d := range res.Diagnostics {
			rule, _ := diag.FindRule(d.Rule)
			out.Items = append(out.Items, item{d.File, d.Line, d.Severity.String(), rule.Code, rule.Name, d.Msg, d.Fix})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
	} else {
		for _, d := range res.Diagnostics {
			fmt.Fprintln(stdout, d.StringWithSeverity())
		}
		fmt.Fprintf(stdout, "checked %d pages: %d %s, %d %s\n", res.Pages, errs, plural(errs, "error", "errors"), warns, plural(warns, "warning", "warnings"))
	}
	if errs > 0 || (*strict && warns > 0) {
		return exitProblem
	}
	return exitOK
}
