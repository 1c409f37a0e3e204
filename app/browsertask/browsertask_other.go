//go:build !js

package browsertask

// Yield is the browser's (browsertask_js.go): outside it, there is no page
// to give the thread to.
func Yield() {}

// PageHasFirstPaint is the browser's (browsertask_js.go): outside it, there
// is no page.
func PageHasFirstPaint() bool { return false }

// YieldOnFirstPaint is the browser's (browsertask_js.go).
func YieldOnFirstPaint() {}
