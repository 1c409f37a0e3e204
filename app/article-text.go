package app

import (
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ArticleText is the article's text: one ArticleParagraph per paragraph,
// the first Shown of them in the page. It is a component of its own so
// that a render of the page for something else (the sync badge, a panel)
// skips the paragraphs at once: its fields are the same slices and small
// maps, which go-app compares quickly, where comparing every paragraph's
// fields costs a little per paragraph.
type ArticleText struct {
	app.Compo
	Paras []annotations.Paragraph
	Shown int
	// Marks holds each paragraph's marks (the same slice while no mark
	// changed: see markCache).
	Marks    [][]Mark
	Selected string
	// SelectedIn holds the paragraphs the selected annotation covers, and
	// LinkedIn, for each paragraph, the annotations in it linked to the
	// selected one.
	SelectedIn map[int]bool
	LinkedIn   map[int][]string
	// Suggested holds each paragraph's suggestion marks (the same slice
	// while they did not change), Chosen the chosen suggestion's Key.
	Suggested [][]Mark
	Chosen    string
}

// articleTextHelpID is the id of the text that tells how to annotate the
// article's text (its aria-describedby).
const articleTextHelpID = "article-text-help"

// Render shows the paragraphs, and before them, for screen readers only,
// how to annotate them. The text's element (articleTextID) is a region
// named "Article text" that the instructions describe (a name on a div
// without a role is not announced: axe's aria-prohibited-attr). Its
// textContent is the article's text (once every paragraph is mounted).
func (t *ArticleText) Render() app.UI {
	mounted := min(t.Shown, len(t.Paras), len(t.Marks))
	return app.Div().Class("article-body").Body(
		app.P().ID(articleTextHelpID).Class("visually-hidden").
			Text("Select text, then press a label key, q for a quote, s for a stance; ? lists the keys."),
		app.Div().ID(articleTextID).Class("article-text").TabIndex(0).Role("region").
			Aria("label", "Article text").Aria("describedby", articleTextHelpID).
			Aria("busy", t.Shown < len(t.Paras)).
			OnClick(t.onClick).
			Body(
				app.Range(t.Paras[:mounted]).Slice(func(i int) app.UI {
					par := t.Paras[i]
					sel := ""
					if t.SelectedIn[i] {
						sel = t.Selected
					}
					var sug []Mark
					chosen := ""
					if i < len(t.Suggested) {
						sug = t.Suggested[i]
						if t.Chosen != "" && slices.ContainsFunc(sug, func(m Mark) bool { return m.ID == t.Chosen }) {
							chosen = t.Chosen
						}
					}
					return &ArticleParagraph{Index: i, Start: par.Start, Text: par.Text, Marks: t.Marks[i], Selected: sel, Linked: t.LinkedIn[i],
						Suggested: sug, Chosen: chosen}
				}),
			),
	)
}

// OnUpdate keeps the article's selection through the render about to
// change the text: new nodes in a paragraph (the outline of a suggestion
// that has just come) drop a selection made in it, and the next label key
// would tag nothing. It reads the selection here, in the frame that
// renders, not when the change was made: the user may select in between.
func (t *ArticleText) OnUpdate(ctx app.Context) {
	if start, end, ok := domSelection(t.Paras); ok {
		backward := app.Window().Call("getSelection").Get("direction").String() == "backward"
		ctx.Defer(func(app.Context) { selectDOM(t.Paras, t.Marks, t.Suggested, start, end, backward) })
	}
}

// onClick lets the page select what was clicked.
func (t *ArticleText) onClick(ctx app.Context, e app.Event) {
	ctx.PreventUpdate() // the page renders what the click changes
	sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.onTextClick(ctx, e) })
}
