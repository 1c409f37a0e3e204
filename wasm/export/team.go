//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/gloss-annotate/gloss/app/teamview"
)

// teamHTML is glossExport.teamHTML(page, answerJSON, project): the HTML of
// the app's team page "progress" or "agreement" from the server's answer
// (teamview.Page), as {html} or {error}.
func teamHTML(_ js.Value, args []js.Value) any {
	out := js.Global().Get("Object").New()
	if len(args) != 3 {
		out.Set("error", "teamHTML takes a page, the server's answer as JSON and the project")
		return out
	}
	html, err := teamview.Page(args[0].String(), []byte(args[1].String()), args[2].String())
	if err != nil {
		out.Set("error", err.Error())
		return out
	}
	out.Set("html", html)
	return out
}
