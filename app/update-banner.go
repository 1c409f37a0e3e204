package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// updateCheckInterval is how often the app asks the server for a new
// version while it is open.
const updateCheckInterval = 10 * time.Minute

// UpdateBanner offers to reload when a new version of Gloss has been
// downloaded in full by the service worker. Until the user reloads, the
// running version keeps working, offline too.
type UpdateBanner struct {
	app.Compo
	available bool
	stop      chan struct{}
}

// OnMount shows the banner if an update is waiting and checks for one now
// and then.
func (b *UpdateBanner) OnMount(ctx app.Context) {
	if app.IsServer {
		return
	}
	b.available = ctx.AppUpdateAvailable()
	b.stop = make(chan struct{})
	stop := b.stop
	ctx.Async(func() {
		tick := time.NewTicker(updateCheckInterval)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				app.TryUpdate()
			}
		}
	})
}

// OnDismount stops the checks.
func (b *UpdateBanner) OnDismount() {
	if b.stop != nil {
		close(b.stop)
		b.stop = nil
	}
}

// OnAppUpdate is called by go-app once a new version is ready.
func (b *UpdateBanner) OnAppUpdate(ctx app.Context) {
	b.available = true
}

// Render shows the banner when an update is ready.
func (b *UpdateBanner) Render() app.UI {
	return app.Div().ID("update-banner").Class("update-banner").Role("status").Hidden(!b.available).Body(
		app.Span().Text("A new version of Gloss is ready. "),
		app.Button().ID("update-reload").Text("Reload").OnClick(func(ctx app.Context, e app.Event) {
			ctx.Reload()
		}),
	)
}
