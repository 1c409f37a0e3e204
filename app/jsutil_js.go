package app

import (
	"syscall/js"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// thrownError turns what a JavaScript call panicked with into an error: a
// thrown exception (js.Error) with its name and message, as jsError words
// it; anything else is a Go panic, and panics again.
func thrownError(r any) error {
	if e, ok := r.(js.Error); ok {
		return jsError(app.ValueOf(e.Value))
	}
	panic(r)
}
