package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// TopBar is the bar every page starts with: the update banner, the notice
// about the local database, the link to
// the library, the project the user works in, the team pages (for its
// curators), who is signed in, the sync status and the install button.
type TopBar struct {
	app.Compo
}

// Render shows the bar.
func (b *TopBar) Render() app.UI {
	return app.Div().Class("top").Body(
		&UpdateBanner{},
		&DatabaseNotice{},
		app.Header().Class("topbar").Body(
			app.A().Href("/").Class("brand").Text("Gloss"),
			&ProjectPicker{},
			&TeamLinks{},
			&AccountMenu{},
			&SyncBadge{},
			&InstallButton{},
		),
	)
}
