package app

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// jsResult is the outcome of a JavaScript promise or request.
type jsResult struct {
	value app.Value
	err   error
}

// awaitPromise blocks the calling goroutine until the JavaScript promise p
// settles. Never call it on the UI goroutine: use it inside ctx.Async.
func awaitPromise(p app.Value) (app.Value, error) {
	done := make(chan jsResult, 1)
	onResolve := app.FuncOf(func(this app.Value, args []app.Value) any {
		done <- jsResult{value: firstArg(args)}
		return nil
	})
	onReject := app.FuncOf(func(this app.Value, args []app.Value) any {
		done <- jsResult{err: jsError(firstArg(args))}
		return nil
	})
	defer onResolve.Release()
	defer onReject.Release()
	p.Call("then", onResolve, onReject)
	r := <-done
	return r.value, r.err
}

func firstArg(args []app.Value) app.Value {
	if len(args) == 0 {
		return app.Undefined()
	}
	return args[0]
}

// jsError turns a JavaScript error (an Error, a DOMException or any value)
// into a Go error carrying its name and message.
func jsError(v app.Value) error {
	if v == nil || v.IsUndefined() || v.IsNull() {
		return errors.New("unknown JavaScript error")
	}
	if v.Type() == app.TypeObject {
		name, msg := v.Get("name"), v.Get("message")
		if msg.Type() == app.TypeString {
			if name.Type() == app.TypeString && name.String() != "" {
				return errors.New(name.String() + ": " + msg.String())
			}
			return errors.New(msg.String())
		}
	}
	return errors.New(v.Call("toString").String())
}

// catchJS runs f, which calls into JavaScript, and returns the exception a
// JavaScript call in it threw as an error: syscall/js panics on one, which
// would end the whole app (an IndexedDB call on a closed connection
// throws, and so does a put the browser refuses).
func catchJS(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = thrownError(r)
		}
	}()
	f()
	return nil
}

// emptyField empties the text field id on the page at once: showInField
// with "". Call it where a component's state empties what a field shows
// (a pick made, a form done).
func emptyField(id string) { showInField(id, "") }

// showInField makes the text field id (an input or a textarea) on the
// page show value at once, where a component's state sets what a field
// shows and go-app's render would not carry it to the page. go-app
// v10.1.11 sets a field's value only when the value rendered differs
// from the one it rendered last, whatever the user typed since, and it
// renders Value("") (and a textarea's Text("")) by dropping the value
// attribute (its attributes.Set keeps an empty value for the names it
// lists, but tests the value against them, not the name), which leaves
// the field as it was. So a field the user typed in goes on showing what
// was typed when its state is emptied, when its state is set again to
// what it was (an edit refused: the group's name field), or when a row
// of a list rendered by position shows the next row's empty value (a
// label removed). A checkbox or a select is left alone: its value is not
// what it shows. The value is set only when it differs, so that a caret
// in the field stays where it is.
func showInField(id, value string) {
	if app.IsServer {
		return
	}
	if el := app.Window().GetElementByID(id); el.Truthy() {
		if t := el.Get("type").String(); t != "checkbox" && t != "select-one" && el.Get("value").String() != value {
			el.Set("value", value)
		}
	}
}
