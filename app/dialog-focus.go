package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// focusableInDialog selects what Tab can reach in a dialog.
const focusableInDialog = `button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])`

// keepTabInDialog is a modal dialog's keydown handler: Tab from its last
// control goes to its first, Shift+Tab from its first (or from the dialog
// itself, which takes the focus when it opens) to its last, so the focus
// never leaves an open modal dialog for the page behind it.
func keepTabInDialog(ctx app.Context, e app.Event) {
	ctx.PreventUpdate() // moving the focus renders nothing
	if e.Get("key").String() != "Tab" {
		return
	}
	dialog := e.Get("target").Call("closest", `[role="dialog"], [role="alertdialog"]`)
	if !dialog.Truthy() {
		return
	}
	all := dialog.Call("querySelectorAll", focusableInDialog)
	var first, last app.Value
	for i := range all.Length() {
		el := all.Index(i)
		if el.Call("getClientRects").Length() == 0 {
			continue // not shown
		}
		if first == nil {
			first = el
		}
		last = el
	}
	if first == nil {
		e.PreventDefault()
		return
	}
	active := app.Window().Get("document").Get("activeElement")
	switch {
	case e.Get("shiftKey").Bool() && (active.Equal(first) || active.Equal(dialog)):
		e.PreventDefault()
		last.Call("focus")
	case !e.Get("shiftKey").Bool() && active.Equal(last):
		e.PreventDefault()
		first.Call("focus")
	}
}
