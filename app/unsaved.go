package app

import (
	"sync"
	"sync/atomic"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// unsavedWrites counts the user's own changes on their way into IndexedDB:
// edits shown on screen (ArticlePage.commit) and articles being added,
// whose transactions have not committed yet. A page unloaded before its
// transaction commits loses the change, so while one is on its way,
// leaving the page (reload, close, navigate away) asks first.
var unsavedWrites atomic.Int32

// askBeforeLeaving registers the beforeunload listener once.
var askBeforeLeaving sync.Once

// startLocalWrite counts a change of the user's as on its way to
// IndexedDB; call it before handing the write to a goroutine (the page may
// be left before the goroutine starts) and the returned func when the
// write has committed or failed. Calling the func more than once is
// harmless.
func startLocalWrite() (done func()) {
	askBeforeLeaving.Do(func() {
		app.Window().Call("addEventListener", "beforeunload", app.FuncOf(func(this app.Value, args []app.Value) any {
			if unsavedWrites.Load() > 0 && len(args) > 0 {
				// The browser asks whether to leave ("Changes you made
				// may not be saved"); returnValue is for older browsers.
				args[0].Call("preventDefault")
				args[0].Set("returnValue", "")
			}
			return nil
		}))
	})
	unsavedWrites.Add(1)
	var once sync.Once
	return func() { once.Do(func() { unsavedWrites.Add(-1) }) }
}
