//go:build !js

package app

// thrownError is the native twin of the browser's (jsutil_js.go): outside
// the browser no JavaScript runs, so anything recovered is a Go panic, and
// panics again.
func thrownError(r any) error { panic(r) }
