package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// shortcut is one line of the shortcut sheet.
type shortcut struct{ Keys, Does string }

// shortcuts lists every key of the article page.
var shortcuts = []shortcut{
	{"Shift + ← →", "extend the selection by a character"},
	{"Ctrl + Shift + ← →", "extend the selection by a word (Alt on macOS)"},
	{"1 – 4 (a label's key)", "tag the selection, or relabel the selected mention"},
	{"q", "make the selection a quote, then pick its speaker"},
	{"c", "make the selection the cue of the selected quote"},
	{"d", "mark the selected quote direct or indirect"},
	{"s", "new stance (from the selected quote, mention or text)"},
	{"g", "put the selected mention in a new group"},
	{"Ctrl + Enter", "save the stance being edited"},
	{"] or n, [ or p", "next, previous annotation"},
	{"click again", "select the annotation around the one selected"},
	{"Delete, Backspace", "delete the selected annotation"},
	{"Ctrl + Z", "undo"},
	{"Ctrl + Shift + Z, Ctrl + Y", "redo"},
	{"l", "edit the labels"},
	{"Esc", "cancel, close, deselect"},
	{"?", "this sheet"},
}

// ShortcutSheet lists the article page's keyboard shortcuts.
type ShortcutSheet struct {
	app.Compo
	Open bool
}

// Render shows the sheet when open.
func (s *ShortcutSheet) Render() app.UI {
	return app.Div().ID("shortcut-sheet").Class("dialog-backdrop").Hidden(!s.Open).Body(
		app.Div().Class("dialog").Role("dialog").Aria("modal", true).Aria("labelledby", "shortcut-title").Body(
			app.H2().ID("shortcut-title").Text("Keyboard shortcuts"),
			app.Ul().Class("shortcuts").Body(
				app.Range(shortcuts).Slice(func(i int) app.UI {
					return app.Li().Body(app.Kbd().Text(shortcuts[i].Keys), app.Span().Text(shortcuts[i].Does))
				}),
			),
			app.Button().ID("close-shortcuts").Text("Close (Esc)").
				OnClick(func(ctx app.Context, e app.Event) {
					sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.sheet = false })
				}),
		),
	)
}
