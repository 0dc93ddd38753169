package generator

import (
	"context"
	"errors"
	"time"

	"localoffer/generator/diag"
	"localoffer/generator/lint"
	"localoffer/generator/site"
)

// CheckResult is what Check found.
type CheckResult struct {
	Pages       int
	Diagnostics diag.List // errors and warnings, sorted
}

// Check builds the site without writing anything and adds the advice of
// package lint. today decides which pages are overdue for review.
func Check(ctx context.Context, opts Options, today time.Time) (*CheckResult, error) {
	opts.NoWrite = true
	opts.Output = nil
	res, err := Build(ctx, opts)
	var de *diag.Errors
	if errors.As(err, &de) {
		return &CheckResult{Diagnostics: de.List}, nil
	}
	if err != nil {
		return nil, err
	}
	cfg := res.Site.Config
	found := lint.Site(res.Site, cfg, lint.Options{
		Today: today, ReviewMonths: cfg.ReviewMonths, ReadingEaseMin: cfg.ReadingEaseMin, MaxWords: 25,
	})
	all := append(res.Warnings, found...)
	pages := 0
	for _, p := range res.Site.Pages {
		if p.Kind != site.Generated {
			pages++
		}
	}
	return &CheckResult{Pages: pages, Diagnostics: all.Sort()}, nil
}
