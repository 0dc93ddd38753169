package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkify is goldmark's extension.Linkify with a quick look in front of
// its parser. That parser runs after every space of every paragraph and,
// unless the text there starts like a web address, looks for an email
// address there (util.FindEmailIndex): a twentieth of the time a big site
// took to parse. It only ever links text that starts with http:, https:,
// ftp: or www., or a line that holds an @, so anywhere else quickLinkify
// returns nil straight away, as the parser would have after its search,
// and the HTML is the same (FuzzLinkify compares the two).
var linkify goldmark.Extender = linkifyExtender{}

type linkifyExtender struct{}

func (linkifyExtender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		// The priority extension.Linkify gives its parser.
		util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999),
	))
}

type quickLinkify struct{ parser.InlineParser }

var (
	protoHTTP  = []byte("http:")
	protoHTTPS = []byte("https:")
	protoFTP   = []byte("ftp:")
	domainWWW  = []byte("www.")
)

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	rest := line
	if len(rest) > 0 {
		// The parser steps over the character that triggered it, as here.
		switch rest[0] {
		case ' ', '*', '_', '~', '(':
			rest = rest[1:]
		}
	}
	if !bytes.HasPrefix(rest, protoHTTP) && !bytes.HasPrefix(rest, protoHTTPS) && !bytes.HasPrefix(rest, protoFTP) &&
		!bytes.HasPrefix(rest, domainWWW) && bytes.IndexByte(rest, '@') < 0 {
		return nil
	}
	return q.InlineParser.Parse(parent, block, pc)
}
