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

	"codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"github.com/gloss-annotate/gloss/annotations"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MainText returns page's main content as plain text, one paragraph per
// block or line break, a blank line between paragraphs and each
// paragraph's spaces collapsed, with the page's title. Navigation, share
// bars and appeals the extractor recognizes by their markup are left out,
// and navigation and buttons always (removeChrome); no markup is kept. A page without article text is
// annotations.ErrNoArticleText.
func MainText(page string) (text, title string, err error) {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return "", "", annotations.ErrNoArticleText
	}
	removeChrome(doc)
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(doc, nil)
	if err != nil || art.Node == nil {
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
	return strings.Join(paragraphs, "\n\n"), art.Title(), nil
}

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
// content="…; charset=…">, as written there (a label such as
// "windows-1252"); "" when they declare none.
func DeclaredCharset(page []byte) string {
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
