package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// InstallButton offers to install Gloss as an app when the browser allows
// it. go-app holds back the browser's own install banner, so the app shows
// this button instead, and it calls the browser's install prompt.
type InstallButton struct {
	app.Compo
	installable bool
}

// OnMount reads whether the app can be installed now.
func (b *InstallButton) OnMount(ctx app.Context) {
	if app.IsServer {
		return
	}
	b.installable = ctx.IsAppInstallable()
}

// OnAppInstallChange follows the browser's install state.
func (b *InstallButton) OnAppInstallChange(ctx app.Context) {
	b.installable = ctx.IsAppInstallable()
}

// Render shows the button while the app can be installed.
func (b *InstallButton) Render() app.UI {
	return app.Button().ID("install-app").Class("install").Hidden(!b.installable).
		Title("Install Gloss as an app that opens without the network").
		Text("Install app").
		OnClick(func(ctx app.Context, e app.Event) { ctx.ShowAppInstallPrompt() })
}
