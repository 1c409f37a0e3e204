//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/gloss-annotate/gloss/app/teamview"
)

// teamHTML is glossExport.teamHTML(page, answerJSON, project, path): the
// HTML of the app's team page "progress" or "agreement" of project from
// the server's answer to path (teamview.Page), as {html} or {error}.
func teamHTML(_ js.Value, args []js.Value) any {
	out := js.Global().Get("Object").New()
	if len(args) != 4 {
		out.Set("error", "teamHTML takes a page, the server's answer as JSON, the project and the answer's path")
		return out
	}
	html, err := teamview.Page(args[0].String(), []byte(args[1].String()), args[2].String(), args[3].String())
	if err != nil {
		out.Set("error", err.Error())
		return out
	}
	out.Set("html", html)
	return out
}
