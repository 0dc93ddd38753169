// Package content reads the pages of a site from its content/ folder.
//
// A page is a Markdown file with TOML front matter between two lines of
// "+++":
//
//	+++
//	title = "Setting up your first home"
//	description = "Money to buy what you need for your first home."
//	reviewed = 2026-04-03
//	+++
//	Your text in Markdown.
//
// content/_index.md is the home page; a folder's _index.md is that
// section's own page; any other .md file is a page. A page's address comes
// from its file and folder names (content/money/council-tax.md is
// /money/council-tax/), so those names must be lower-case words joined by
// hyphens.
//
// Files whose names start with "_" and end in .toml hold data rather than
// pages: _offer.toml lists the words the finder understands (see
// Vocabulary) and _synonyms.toml the words readers search with.
package content
