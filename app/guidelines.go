package app

import (
	"context"
	"strings"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// guidelinesKey is the localStorage key of the Default project's
// guidelines, as the server last gave them: they show offline too. Another
// project's are under guidelinesKey + "." + its ID (guidelinesKeyOf).
const guidelinesKey = "gloss.guidelines"

// guidelinesKeyOf is the localStorage key of the guidelines of the project
// id: guidelinesKey for the Default project, as before projects.
func guidelinesKeyOf(id string) string {
	if id == api.DefaultProject || id == "" {
		return guidelinesKey
	}
	return guidelinesKey + "." + id
}

// textPiece is a piece of a paragraph of guidelines: text, or a link whose
// text is its address.
type textPiece struct {
	text string
	link bool
}

// guidelineParagraphs cuts text into paragraphs (split on blank lines),
// each cut into text and links: its http(s) addresses, without the
// period, comma, closing parenthesis or other mark that ends a sentence
// after them. Any other scheme (javascript:, data:) stays text.
func guidelineParagraphs(text string) [][]textPiece {
	var out [][]textPiece
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			out = append(out, linkPieces(para))
		}
	}
	return out
}

// linkPieces cuts s into text and http(s) links.
func linkPieces(s string) []textPiece {
	var out []textPiece
	for s != "" {
		start := urlStart(s)
		if start < 0 {
			break
		}
		end := start + strings.IndexAny(s[start:]+" ", " \t\n")
		url := strings.TrimRight(s[start:end], ".,;:!?'\"")
		for strings.HasSuffix(url, ")") && strings.Count(url, ")") > strings.Count(url, "(") {
			url = strings.TrimRight(url[:len(url)-1], ".,;:!?'\"")
		}
		if i := strings.Index(url, "://"); len(url) <= i+3 {
			out = append(out, textPiece{text: s[:start+len(url)]})
			s = s[start+len(url):]
			continue
		}
		if start > 0 {
			out = append(out, textPiece{text: s[:start]})
		}
		out = append(out, textPiece{text: url, link: true})
		s = s[start+len(url):]
	}
	if s != "" {
		out = append(out, textPiece{text: s})
	}
	return joinText(out)
}

// urlStart is where the first http:// or https:// address of s that
// starts a word begins, -1 when none does.
func urlStart(s string) int {
	for i := 0; i < len(s); i++ {
		rest := strings.ToLower(s[i:min(len(s), i+8)])
		if (strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://")) &&
			(i == 0 || !isWordByte(s[i-1])) {
			return i
		}
	}
	return -1
}

// isWordByte reports whether b is an ASCII letter or digit.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// joinText joins neighbouring text pieces.
func joinText(pieces []textPiece) []textPiece {
	var out []textPiece
	for _, p := range pieces {
		if n := len(out); n > 0 && !p.link && !out[n-1].link {
			out[n-1].text += p.text
			continue
		}
		out = append(out, p)
	}
	return out
}

// guidelinesBody shows text's paragraphs, its addresses as links that open
// in a new tab; nothing in it is ever HTML.
func guidelinesBody(text string) []app.UI {
	paras := guidelineParagraphs(text)
	body := make([]app.UI, len(paras))
	for i, para := range paras {
		nodes := make([]app.UI, len(para))
		for j, p := range para {
			if p.link {
				nodes[j] = app.A().Href(p.text).Rel("noopener noreferrer").Target("_blank").Text(p.text)
			} else {
				nodes[j] = app.Text(p.text)
			}
		}
		body[i] = app.P().Body(nodes...)
	}
	return body
}

// Guidelines is the guidelines of the project the user works in beside the
// article, in a section the user can fold; nothing while there are none.
// They come from the server when it answers and are kept on the device for
// offline, per project.
type Guidelines struct {
	app.Compo
	project string
	text    string
}

// OnMount shows the current project's guidelines, and another's when the
// user picks it.
func (g *Guidelines) OnMount(ctx app.Context) {
	if app.IsServer {
		return
	}
	g.read(ctx)
	ctx.Handle(actionProjectChanged, func(ctx app.Context, a app.Action) { g.read(ctx) })
	ctx.Handle(actionUserChanged, func(ctx app.Context, a app.Action) { g.read(ctx) })
}

// read shows the kept guidelines of the current project, then asks the
// server for them.
func (g *Guidelines) read(ctx app.Context) {
	id := currentProjectID()
	g.project, g.text = id, localStorageItem(guidelinesKeyOf(id))
	ctx.Async(func() {
		p, err := apiClient.Project(context.Background(), id)
		if err != nil {
			return // offline or not a member: the kept ones stay
		}
		ctx.Dispatch(func(ctx app.Context) {
			text := keepGuidelines(p)
			if g.project == id { // the user did not pick another meanwhile
				g.text = text
			}
		})
	})
}

// keepGuidelines keeps p's guidelines (and its suggestion settings) on the
// device, and returns the guidelines.
func keepGuidelines(p api.Project) string {
	app.Window().Get("localStorage").Call("setItem", guidelinesKeyOf(p.ID), p.Guidelines)
	keepSuggestSettings(p) // the project's other settings the editor needs offline
	return p.Guidelines
}

// Render shows the guidelines, open.
func (g *Guidelines) Render() app.UI {
	return app.Details().ID("guidelines").Class("guidelines").Open(true).Hidden(strings.TrimSpace(g.text) == "").Body(
		append([]app.UI{app.Summary().Text("Guidelines")}, guidelinesBody(g.text)...)...,
	)
}
