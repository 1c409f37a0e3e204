package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// LibraryPage lists the articles and lets the user add one.
type LibraryPage struct {
	app.Compo
}

// Render shows the library.
func (p *LibraryPage) Render() app.UI {
	return app.Main().Body(app.H1().Text("Gloss"))
}
