// Command hello is the go-app hello world that Gloss's browser benchmark
// measures against: a wasm-only main with one component, built with the same
// flags as Gloss's client. It marks "interactive" in the page's performance
// timeline when it is mounted, as Gloss does when an article is ready.
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// hello renders <main><h1>Hello</h1></main>.
type hello struct {
	app.Compo
}

// OnMount marks the page interactive.
func (h *hello) OnMount(ctx app.Context) {
	app.Window().Get("performance").Call("mark", "interactive")
}

// Render returns the page.
func (h *hello) Render() app.UI {
	return app.Main().Body(app.H1().Text("Hello"))
}

func main() {
	app.Route("/", func() app.Composer { return &hello{} })
	app.RunWhenOnBrowser()
}
