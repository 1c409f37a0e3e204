package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// TopBar is the bar every page starts with: the update banner, the notice
// about the local database, the link to the library, the install button
// (beside it on screen, and so in the tab order), the project the user
// works in, the team pages (for its curators), who is signed in and the
// sync status.
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
			&InstallButton{},
			&ProjectPicker{},
			&TeamLinks{},
			&AccountMenu{},
			&SyncBadge{},
		),
	)
}
