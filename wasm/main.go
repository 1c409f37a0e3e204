// Command wasm is Gloss's WebAssembly client: it registers the routes and
// runs the app in the browser.
package main

import (
	"runtime/debug"

	glossapp "github.com/gloss-annotate/gloss/app"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The garbage collector's settings. In the browser a collection runs on the
// page's one thread: at the default GOGC of 100, an article of 10k tokens
// with 2k mentions (a live heap of about 8 MB) was collected every four
// edits or so, for about 25 ms each time, in the middle of an edit's
// render. gcPercent makes collections several times rarer; memoryLimit
// makes them frequent again before the heap grows past it, whatever the
// article.
const (
	gcPercent   = 400
	memoryLimit = 256 << 20
)

func main() {
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(memoryLimit)
	// With a first paint on the page, the start is cut into tasks: the
	// runtime's, the routes' (a regexp to compile), then go-app's.
	glossapp.YieldAfterStart()
	glossapp.Register()
	glossapp.YieldAfterStart()
	app.RunWhenOnBrowser()
}
