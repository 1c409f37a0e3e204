package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// FindBar finds text in the article (the / key): Enter puts the caret at
// the next occurrence after the caret, with the focus in the text, ready
// for Shift and the arrows to select from there; Esc closes it.
type FindBar struct {
	app.Compo
	Open  bool
	Query string // what was last looked for: the field starts with it
}

// Render shows the bar when open.
func (f *FindBar) Render() app.UI {
	if !f.Open {
		return app.Div().ID("find-bar").Hidden(true)
	}
	return app.Div().ID("find-bar").Class("find-bar").Role("search").Body(
		app.Label().For("find-input").Text("Find in the article "),
		app.Input().ID("find-input").Type("search").Value(f.Query).AutoComplete(false).
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if e.Get("key").String() != "Enter" {
					ctx.PreventUpdate()
					return
				}
				e.PreventDefault()
				if q := e.Get("target").Get("value").String(); q != "" {
					sendCommand(ctx, cmdFindText, q)
				}
			}),
		app.Span().Class("note").Text(" Enter: go to the next one; then Shift + arrows select. Esc closes."),
	)
}
