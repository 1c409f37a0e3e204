package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// SyncBadge shows the sync status: synced, N pending, offline, sign in to
// sync (with a link to sign in), or why the last sync failed.
type SyncBadge struct {
	app.Compo
	status SyncStatus
	unsub  func()
}

// OnMount follows the background sync loop's status.
func (b *SyncBadge) OnMount(ctx app.Context) {
	if app.IsServer {
		return
	}
	background.start()
	b.unsub = background.subscribe(func(st SyncStatus) {
		ctx.Dispatch(func(app.Context) { b.status = st })
	}, nil)
}

// OnDismount stops following the status.
func (b *SyncBadge) OnDismount() {
	if b.unsub != nil {
		b.unsub()
	}
}

// Render shows the status; its title and a line below say why it failed.
func (b *SyncBadge) Render() app.UI {
	return app.Div().Class("sync").Body(
		app.Button().
			Class("sync-status", "sync-"+b.status.State).
			ID("sync-status").
			DataSet("sync-state", b.status.State).
			DataSet("pending", b.status.Pending).
			Title("Sync now").
			Text(b.status.Text()).
			OnClick(func(ctx app.Context, e app.Event) { background.Kick() }),
		// The account menu's Sign in is beside it when nobody is
		// signed in; this one is for a session the server ended.
		app.If(b.status.State == syncSignIn && currentAnnotator() != "", func() app.UI {
			return signInButton("sync-signin")
		}),
		app.If(b.status.Message != "", func() app.UI {
			return app.Span().Class("sync-message").Role("status").Text(b.status.Message)
		}),
	)
}
