// Package htmltext finds a news page's article: its main text, as plain
// text, and its title, with a readability extractor
// (codeberg.org/readeck/go-readability), and the character encoding the
// page declares for itself.
//
// The server uses it for pages sent to its API, and the browser's export
// module (wasm/export) for files added in the app, online or offline: one
// extraction, so that the same page added anywhere is the same text, and
// so the same article (its ID hashes its text). Lines that look like page
// furniture are left in MainText's answer: the server drops them
// (annotations.DropBoilerplate), the app shows them to the user first
// (annotations.Boilerplate), and the two agree when the user keeps none.
package htmltext

import (
	"bytes"
	"strings"
	"unicode"

	"codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"github.com/gloss-annotate/gloss/annotations"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// MainText returns page's main content as plain text, one paragraph per
// block or line break, a blank line between paragraphs and each
// paragraph's spaces collapsed, with the page's title. Navigation, share
// bars and appeals the extractor recognizes by their markup are left out,
// and navigation and buttons always (removeChrome); no markup is kept. A
// page whose main content is a list of links (isLinkList) has no article. A page without article text is
// annotations.ErrNoArticleText; a binary file (annotations.IsBinary), whose
// NULs the HTML parser would drop, annotations.ErrNotText.
func MainText(page string) (text, title string, err error) {
	if annotations.IsBinary(page) {
		return "", "", annotations.ErrNotText
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return "", "", annotations.ErrNoArticleText
	}
	removeChrome(doc)
	headlines := headlinesOf(doc) // before the extractor changes doc
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(doc, nil)
	if err != nil || art.Node == nil || isLinkList(art.Node) {
		return "", "", annotations.ErrNoArticleText
	}
	var paragraphs []string
	for line := range strings.Lines(render.InnerText(art.Node)) {
		if p := strings.Join(strings.Fields(line), " "); p != "" {
			paragraphs = append(paragraphs, p)
		}
	}
	if len(paragraphs) == 0 {
		return "", "", annotations.ErrNoArticleText
	}
	return strings.Join(paragraphs, "\n\n"), withoutSiteName(art.Title(), headlines), nil
}

// titleSeparators part a page's title from its site's name: "Floods hit
// Valencia | El País", "Wahl in Sachsen – tagesschau.de".
var titleSeparators = []string{" | ", " - ", " – ", " — ", " · ", " :: ", " » "}

// withoutSiteName returns title without the site's name, when what is
// before its first separator (or after its last) is one of the page's
// headlines (its <h1> or og:title, compared without case and with spaces
// collapsed); title as it is otherwise. The extractor strips a site's name
// only from titles of more than four words.
func withoutSiteName(title string, headlines map[string]bool) string {
	for _, sep := range titleSeparators {
		if i := strings.Index(title, sep); i > 0 && headlines[fold(title[:i])] {
			return strings.TrimSpace(title[:i])
		}
		if i := strings.LastIndex(title, sep); i > 0 && headlines[fold(title[i+len(sep):])] {
			return strings.TrimSpace(title[i+len(sep):])
		}
	}
	return title
}

// headlinesOf returns a page's headlines, folded (fold): the text of its
// <h1> elements and its og:title.
func headlinesOf(doc *html.Node) map[string]bool {
	out := map[string]bool{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.H1:
				out[fold(render.InnerText(n))] = true
			case n.DataAtom == atom.Meta && attr(n, "property") == "og:title":
				out[fold(attr(n, "content"))] = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	delete(out, "")
	return out
}

// fold returns s in lower case with its spaces collapsed, for comparing
// a title with a headline.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// removeChrome removes from n what is never an article's text, whatever
// the page: navigation and buttons. The extractor drops them beside an
// article, but a page with nothing else would be reduced to its menu.
func removeChrome(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && (c.DataAtom == atom.Nav || c.DataAtom == atom.Button || attr(c, "role") == "navigation") {
			n.RemoveChild(c)
		} else {
			removeChrome(c)
		}
		c = next
	}
}

// minProseShare is the share of its letters outside links and headings
// below which a page's main content is a list of links (a menu, a site
// map under its heading), not an article: the extractor falls back on such
// a list when a page has nothing else. An article's links and headings are
// a few of its words.
const minProseShare = 0.1

// isLinkList reports whether less than minProseShare of the letters of n's
// text are outside links and headings.
func isLinkList(n *html.Node) bool {
	var letters, prose int
	var walk func(n *html.Node, aside bool)
	walk = func(n *html.Node, aside bool) {
		if n.Type == html.TextNode {
			for _, r := range n.Data {
				if unicode.IsLetter(r) {
					letters++
					if !aside {
						prose++
					}
				}
			}
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.A, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				aside = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, aside)
		}
	}
	walk(n, false)
	return letters > 0 && float64(prose) < minProseShare*float64(letters)
}

// attr returns the value of n's attribute key, "" when it has none.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// prescanBytes is how much of a page DeclaredCharset reads, as browsers
// do (the HTML standard's prescan of a byte stream).
const prescanBytes = 1024

// DeclaredCharset returns the character encoding a page's first 1024 bytes
// declare, <meta charset="…"> or <meta http-equiv="Content-Type"
// content="…; charset=…">, by its WHATWG name ("latin1" and "iso-8859-1"
// are "windows-1252", "utf8" is "utf-8"), as browsers read it: UTF-16
// declared in a page of bytes is UTF-8, x-user-defined is windows-1252.
// It returns "" when they declare none, or no encoding a page can be in
// (an unknown label; one WHATWG decodes as "replacement").
func DeclaredCharset(page []byte) string {
	switch _, name := charset.Lookup(declaredLabel(page)); name {
	case "utf-16le", "utf-16be":
		return "utf-8"
	case "x-user-defined":
		return "windows-1252"
	case "replacement":
		return ""
	default:
		return name
	}
}

// declaredLabel returns the charset label a page's first 1024 bytes
// declare, as written, "" when none.
func declaredLabel(page []byte) string {
	z := html.NewTokenizer(bytes.NewReader(page[:min(len(page), prescanBytes)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var charset, content string
			var httpEquiv bool
			for more := true; more; {
				var key, val []byte
				key, val, more = z.TagAttr()
				switch string(key) {
				case "charset":
					charset = strings.TrimSpace(string(val))
				case "http-equiv":
					httpEquiv = strings.EqualFold(strings.TrimSpace(string(val)), "content-type")
				case "content":
					content = string(val)
				}
			}
			if charset != "" {
				return charset
			}
			if httpEquiv {
				if c := contentCharset(content); c != "" {
					return c
				}
			}
		}
	}
}

// contentCharset returns the charset parameter of a Content-Type value,
// "" when it has none.
func contentCharset(content string) string {
	i := strings.Index(strings.ToLower(content), "charset")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(content[i+len("charset"):], " \t")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.Trim(strings.TrimLeft(rest[1:], " \t"), `"'`)
	if end := strings.IndexAny(rest, `;"' `); end >= 0 {
		rest = rest[:end]
	}
	return rest
}
