package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// databaseNotice is the page's one notice about its local database
// (blocked by another tab, or let go for another tab's upgrade), "" when
// there is none.
var databaseNotice = &noticeBoard{feed{value: ""}}

// noticeBoard is a feed of notice texts that can take back its own.
type noticeBoard struct{ feed }

// text returns the notice shown, "" for none.
func (b *noticeBoard) text() string { return b.get().(string) }

// clear removes text, if it is what is shown.
func (b *noticeBoard) clear(text string) {
	if b.text() == text {
		b.set("")
	}
}

// DatabaseNotice tells the user, on every page, when the local database is
// out of reach: another tab holds it at an older version (the page waits),
// or this tab let it go for another tab's newer Gloss (the page must be
// reloaded).
type DatabaseNotice struct {
	app.Compo
	text  string
	unsub func()
}

// OnMount follows the notice.
func (n *DatabaseNotice) OnMount(ctx app.Context) {
	if app.IsServer {
		return
	}
	show := func(text string) { ctx.Dispatch(func(app.Context) { n.text = text }) }
	n.unsub = databaseNotice.subscribe(func(v any) { show(v.(string)) })
	show(databaseNotice.text())
}

// OnDismount stops following it.
func (n *DatabaseNotice) OnDismount() {
	if n.unsub != nil {
		n.unsub()
	}
}

// Render shows the notice, with a reload button once the tab let go.
func (n *DatabaseNotice) Render() app.UI {
	return app.Div().ID("database-notice").Class("update-banner", "database-notice").Role("alert").Hidden(n.text == "").Body(
		app.Span().Text(n.text+" "),
		app.Button().ID("database-reload").Hidden(n.text != noticeLetGo).Text("Reload").OnClick(func(ctx app.Context, e app.Event) {
			ctx.Reload()
		}),
	)
}
