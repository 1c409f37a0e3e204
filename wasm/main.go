// Command wasm is Gloss's WebAssembly client: it registers the routes and
// runs the app in the browser.
package main

import (
	glossapp "github.com/gloss-annotate/gloss/app"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	glossapp.Register()
	app.RunWhenOnBrowser()
}
