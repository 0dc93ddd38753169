package sitefiles

import (
	"slices"
	"strings"
)

// PageCSP is the Content-Security-Policy of every page: nothing but the
// site's own files, no inline script or style, no frames, and a service
// worker and manifest of its own.
const PageCSP = "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests"

// EditorCSP is the policy of the browser editor under /admin/, as strict
// as Sveltia CMS allows: its scripts are ours ('self', never eval), but
// Svelte writes its components' styles at run time ('unsafe-inline' for
// styles only), its own images are data: URLs, and saving talks to
// GitHub's API.
const EditorCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https://avatars.githubusercontent.com; font-src 'self'; connect-src 'self' https://api.github.com; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// EditorDir is where the editor is published.
const EditorDir = "admin"

// headers is Netlify's _headers file: one Content-Security-Policy for
// each path. Netlify sends every matching rule's headers, so a rule for
// /* and another for /admin/* would give the editor both policies, and
// the browser would enforce both (the stricter page policy would break
// the editor). So the rules are written per path instead: each folder and
// file at the top of the site gets the page policy, except the editor's
// folder, which gets its own. The generator knows every file it writes,
// so the list is complete.
//
// Headers is made last, from in.Names, the names of every other file.
func Headers(in Input) File {
	return File{Name: "_headers", Data: headers(in)}
}

func headers(in Input) []byte {
	tops := map[string]bool{}
	for _, name := range in.Names {
		top, rest, folder := strings.Cut(name, "/")
		switch {
		case top == EditorDir && folder:
		case name == "index.html":
			tops["/"] = true
		case folder:
			tops["/"+top+"/*"] = true
		case rest == "" && name != "_headers" && name != "_redirects":
			tops["/"+top] = true
		}
	}
	rules := make([]string, 0, len(tops))
	for t := range tops {
		rules = append(rules, t)
	}
	slices.Sort(rules)
	var b strings.Builder
	b.WriteString("# Made by the build (generator/sitefiles): one Content-Security-Policy a path.\n")
	for _, r := range rules {
		b.WriteString(in.BasePath + r + "\n  Content-Security-Policy: " + PageCSP + "\n")
	}
	if slices.ContainsFunc(in.Names, func(n string) bool { return strings.HasPrefix(n, EditorDir+"/") }) {
		b.WriteString(in.BasePath + "/" + EditorDir + "/*\n  Content-Security-Policy: " + EditorCSP + "\n")
	}
	return []byte(b.String())
}
