package app

import (
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// noticeBoard holds the one notice about the local database the page
// shows (blocked by another tab, or let go for another tab's upgrade), and
// tells its subscribers when it changes.
type noticeBoard struct {
	mu   sync.Mutex
	text string
	next int
	subs map[int]func(string)
}

// databaseNotice is the page's notice about its local database.
var databaseNotice = &noticeBoard{subs: map[int]func(string){}}

// set shows text.
func (b *noticeBoard) set(text string) {
	b.mu.Lock()
	b.text = text
	subs := make([]func(string), 0, len(b.subs))
	for _, f := range b.subs {
		subs = append(subs, f)
	}
	b.mu.Unlock()
	for _, f := range subs {
		f(text)
	}
}

// clear removes text, if it is what is shown.
func (b *noticeBoard) clear(text string) {
	b.mu.Lock()
	shown := b.text == text
	b.mu.Unlock()
	if shown {
		b.set("")
	}
}

// subscribe calls f with the notice now and at each change, until the
// returned function is called.
func (b *noticeBoard) subscribe(f func(string)) (unsubscribe func()) {
	b.mu.Lock()
	id := b.next
	b.next++
	b.subs[id] = f
	text := b.text
	b.mu.Unlock()
	f(text)
	return func() {
		b.mu.Lock()
		delete(b.subs, id)
		b.mu.Unlock()
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
	n.unsub = databaseNotice.subscribe(func(text string) {
		ctx.Dispatch(func(app.Context) { n.text = text })
	})
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
