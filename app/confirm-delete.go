package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// ConfirmDelete asks before deleting an item that others refer to, and
// names them: they stay, flagged for review, if the user goes ahead.
type ConfirmDelete struct {
	app.Compo
	Pending *pendingDelete
	Ed      *editor
}

// Render shows the dialog while a deletion waits.
func (c *ConfirmDelete) Render() app.UI {
	if c.Pending == nil {
		return app.Div().ID("confirm-delete").Hidden(true)
	}
	item := c.Pending.Item
	return app.Div().ID("confirm-delete").Class("dialog-backdrop").Body(
		app.Div().Class("dialog").Role("alertdialog").Aria("modal", true).Aria("labelledby", "confirm-title").OnKeyDown(keepTabInDialog).Body(
			app.H2().ID("confirm-title").Text("Delete it? Other annotations refer to it"),
			app.Ul().Body(app.Range(c.Pending.Refs).Slice(func(i int) app.UI { return app.Li().Text(c.Pending.Refs[i]) })),
			app.P().Class("note").Text("They stay, and are listed under “to review” until you fix them."),
			app.Div().Class("actions").Body(
				app.Button().ID("confirm-delete-yes").Class("danger").Text("Delete anyway").
					OnClick(func(ctx app.Context, e app.Event) {
						sendCommand(ctx, cmdDeleteYes, "")
					}, app.EventScope(item)),
				app.Button().ID("confirm-delete-no").Text("Keep it (Esc)").
					OnClick(func(ctx app.Context, e app.Event) {
						sendCommand(ctx, cmdClose, "confirm")
					}),
			),
		),
	)
}
