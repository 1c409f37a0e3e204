package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// ArticlePathPattern matches the path of an article's page.
const ArticlePathPattern = `^/articles/[0-9a-f]{32}$`

// Register registers Gloss's routes. The WebAssembly client and the server
// both call it: go-app's server answers 404 for a path with no route.
func Register() {
	app.Route("/", app.NewZeroComponentFactory(&LibraryPage{}))
	app.Route("/signin", app.NewZeroComponentFactory(&SignInPage{}))
	app.Route("/setup", app.NewZeroComponentFactory(&SetupPage{}))
	app.Route("/account", app.NewZeroComponentFactory(&AccountPage{}))
	app.Route("/project", app.NewZeroComponentFactory(&ProjectPage{}))
	app.Route("/progress", app.NewZeroComponentFactory(&TeamPage{}))
	app.Route("/agreement", app.NewZeroComponentFactory(&TeamPage{}))
	app.RouteWithRegexp(ArticlePathPattern, app.NewZeroComponentFactory(&ArticlePage{}))
}
