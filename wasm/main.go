// Command wasm is Gloss's WebAssembly client: it registers the routes and
// runs the app in the browser.
//
// # The start in tasks
//
// When the page has a first paint (the server's markup of the library or
// an article, on screen while the client starts), the client's start is
// cut into tasks of the browser's, so that none holds the page long: the
// browser paints and takes input between them. The Go runtime initialises
// the packages one after another before main runs, in the order the Go
// specification fixes (by import path, each after the packages it
// imports), and a package's init may block until the browser has run a
// task (browsertask.Yield). The packages of wasm/inittask do only that,
// each placed in the order by what it imports: afterruntime after the
// runtime's own start, afterjson after the standard library's cryptography
// and encoding/json, afternet after net/netip; main then yields after the
// last packages (net/http, go-app, Gloss's) and after the routes. In a
// Lighthouse trace (2-core machine, unthrottled) the four tasks of the
// initialisation took 21, 11, 5 and 9 ms (the routes' 7), where they had
// been one of 42-77 ms. The server rewrites go-app's app.js for the same
// reason (rewriteAppScript in package server).
package main

import (
	"runtime/debug"

	glossapp "github.com/gloss-annotate/gloss/app"
	"github.com/gloss-annotate/gloss/app/browsertask"
	_ "github.com/gloss-annotate/gloss/wasm/inittask/afterjson"    // a task ends after encoding/json's init
	_ "github.com/gloss-annotate/gloss/wasm/inittask/afternet"     // a task ends after net/netip's init
	_ "github.com/gloss-annotate/gloss/wasm/inittask/afterruntime" // a task ends after the runtime's start
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
	// With a first paint on the page, the start is cut into tasks (see
	// above): the last packages' initialisation, the routes' (a regexp to
	// compile), then go-app's.
	browsertask.YieldOnFirstPaint()
	glossapp.Register()
	browsertask.YieldOnFirstPaint()
	app.RunWhenOnBrowser()
}
