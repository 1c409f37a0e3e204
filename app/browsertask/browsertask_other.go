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

// now is the browser's clock (browsertask_js.go): outside it, time stands
// still, so a Pacer never yields.
func now() float64 { return 0 }
