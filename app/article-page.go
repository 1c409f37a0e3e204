package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// ArticlePage shows one article for annotation.
type ArticlePage struct {
	app.Compo
}

// Render shows the article.
func (p *ArticlePage) Render() app.UI {
	return app.Main().Body(app.H1().Text("Article"))
}
