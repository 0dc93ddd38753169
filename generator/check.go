package generator

import (
	"context"
	"errors"
	"time"

	"localoffer/generator/config"
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
// package lint. It reports every problem at once: errors do not hide
// warnings, and a page with an error is still given advice if it could be
// read. today decides which pages are overdue for review.
func Check(ctx context.Context, opts Options, today time.Time) (res *CheckResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, internalError(r)
		}
	}()
	opts.NoWrite = true
	opts.Output = nil
	b, err := prepare(ctx, opts, nil, nil)
	var de *diag.Errors
	if errors.As(err, &de) {
		return &CheckResult{Diagnostics: de.List}, nil
	}
	if err != nil {
		return nil, err
	}
	all := b.diags
	if !all.HasErrors() {
		// Templates are only run on a site without errors: a page that
		// could not be read would make them fail in ways that only
		// repeat its own error.
		_, err := b.write(ctx)
		switch {
		case errors.As(err, &de):
			all = append(all, de.List...)
		case err != nil:
			return nil, err
		}
	}
	s := b.site
	cfg := s.Config
	all = append(all, lint.Site(s, cfg, lint.Options{
		Today: today, ReviewMonths: cfg.ReviewMonths, ReadingEaseMin: cfg.ReadingEaseMin, MaxWords: 25,
	})...)
	all = exempt(all, cfg.Exempt)
	pages := 0
	for _, p := range s.Pages {
		if p.Kind != site.Generated {
			pages++
		}
	}
	return &CheckResult{Pages: pages, Diagnostics: all.Sort()}, nil
}

// exempt removes the warnings that site.toml turns off, and warns about an
// exemption that no longer turns anything off, so that exemptions do not
// outlive their reason.
func exempt(all diag.List, exemptions []config.Exemption) diag.List {
	used := make([]bool, len(exemptions))
	out := all[:0:0]
	for _, d := range all {
		covered := false
		for i, e := range exemptions {
			if d.Severity == diag.Warning && e.Covers(d) {
				covered, used[i] = true, true
			}
		}
		if !covered {
			out = append(out, d)
		}
	}
	for i, e := range exemptions {
		if !used[i] {
			where := "any page"
			if e.Page != "" {
				where = "content/" + e.Page
			}
			out.Warnf(config.File, e.Line, "remove the [[exempt]] entry", "the exemption from %s no longer applies to %s", e.Rule, where)
		}
	}
	return out
}
