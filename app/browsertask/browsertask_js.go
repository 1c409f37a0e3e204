package browsertask

import "syscall/js"

// Yield blocks the calling goroutine until a task of the browser's own has
// run (a setTimeout of 0), so that long work done in steps leaves the
// browser its thread between them, to paint and to handle input. A Go
// timer would not do: in WebAssembly the browser gets its thread back only
// when no goroutine is ready, and a step longer than the timer finds it
// due again, so every step ran in one long task. It may be called from a
// package's init: the runtime goes on with the initialisation once the
// browser has run its task.
func Yield() {
	done := make(chan struct{})
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		f.Release()
		close(done)
		return nil
	})
	js.Global().Call("setTimeout", f, 0)
	<-done
}

// PageHasFirstPaint reports whether the page has a first paint's data
// (FirstPaintID): the server's markup is on screen, readable while the
// client starts.
func PageHasFirstPaint() bool {
	return js.Global().Get("document").Call("getElementById", FirstPaintID).Truthy()
}

// YieldOnFirstPaint yields (Yield) when the page has a first paint: the
// client's start is then cut into tasks, so that none holds the page
// long. Without one (go-app's loader covers the page) it returns at once.
func YieldOnFirstPaint() {
	if PageHasFirstPaint() {
		Yield()
	}
}

// now is performance.now(): milliseconds since the page's start.
func now() float64 { return js.Global().Get("performance").Call("now").Float() }
