package devserver

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// redirectRule is a netlify.toml [[redirects]] rule.
type redirectRule struct {
	From   string `toml:"from"`
	To     string `toml:"to"`
	Status int    `toml:"status"`
	Force  bool   `toml:"force"`
}

// match returns where the rule sends p, or "" when it does not apply.
// It understands a trailing /* splat (:splat in to) and :name segments.
func (r redirectRule) match(p string) string {
	vars := map[string]string{}
	from := r.From
	if strings.HasSuffix(from, "/*") {
		prefix := strings.TrimSuffix(from, "*")
		if !strings.HasPrefix(p, prefix) && p+"/" != prefix {
			return ""
		}
		vars["splat"] = strings.TrimPrefix(p, prefix)
		from = strings.TrimSuffix(prefix, "/")
		p = strings.TrimSuffix(p[:min(len(p), len(from))], "/")
	}
	fs, ps := strings.Split(strings.Trim(from, "/"), "/"), strings.Split(strings.Trim(p, "/"), "/")
	if len(fs) != len(ps) {
		return ""
	}
	for i, f := range fs {
		switch {
		case strings.HasPrefix(f, ":"):
			vars[f[1:]] = ps[i]
		case f != ps[i]:
			return ""
		}
	}
	to := r.To
	for k, v := range vars {
		to = strings.ReplaceAll(to, ":"+k, v)
	}
	return to
}

type headerRule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// readNetlify reads the [[headers]] and [[redirects]] of netlify.toml, so
// the preview answers as production does.
func readNetlify(source string) ([]headerRule, []redirectRule, error) {
	var cfg struct {
		Headers   []headerRule   `toml:"headers"`
		Redirects []redirectRule `toml:"redirects"`
	}
	data, err := os.ReadFile(filepath.Join(source, "netlify.toml"))
	if err != nil {
		return nil, nil, nil // no netlify.toml: no rules
	}
	if _, err := toml.Decode(string(data), &cfg); err != nil {
		where, msg := "netlify.toml", strings.TrimPrefix(err.Error(), "toml: ")
		var pe toml.ParseError
		if errors.As(err, &pe) {
			where, msg = fmt.Sprintf("netlify.toml:%d", pe.Position.Line), pe.Message
		}
		return nil, nil, fmt.Errorf("%s: %s; fix it, or Netlify will not deploy the site", where, msg)
	}
	return cfg.Headers, cfg.Redirects, nil
}

// readHeadersFile reads Netlify's _headers file format, which the build
// writes: a path pattern on a line of its own, then indented
// "Name: value" lines for it.
func readHeadersFile(data []byte) []headerRule {
	var out []headerRule
	for _, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case line[0] != ' ' && line[0] != '\t':
			out = append(out, headerRule{For: trimmed, Values: map[string]string{}})
		case len(out) > 0:
			if k, v, ok := strings.Cut(trimmed, ":"); ok {
				out[len(out)-1].Values[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return out
}

func match(pattern, p string) bool {
	if strings.HasSuffix(pattern, "*") {
		return strings.HasPrefix(p, strings.TrimSuffix(pattern, "*"))
	}
	return pattern == p
}
