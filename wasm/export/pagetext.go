//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"

	"github.com/gloss-annotate/gloss/annotations/htmltext"
)

// init sets globalThis.glossPageText, the entry of the export module when
// it runs in a worker (static/web/go-worker.js) to read HTML pages for the
// app (app.readPageText):
//
//	glossPageText(html string) → posts {text, title} or {error} back to the page
//
// text and title are htmltext.MainText's: the page's main text, furniture
// lines kept for the app's review, as the server's API reads a page, so
// that a page added online, offline or through the API is the same text
// and the same article. Reading a long page takes hundreds of milliseconds
// in WebAssembly: a worker's thread, not the page's, does it.
func init() {
	js.Global().Set("glossPageText", js.FuncOf(func(_ js.Value, args []js.Value) any {
		js.Global().Call("postMessage", pageText(args))
		return nil
	}))
}

// pageText is glossPageText's answer to args. A panic (a bug) becomes an
// error, so the module stays up for the next page.
func pageText(args []js.Value) (out js.Value) {
	out = js.Global().Get("Object").New()
	defer func() {
		if r := recover(); r != nil {
			out.Set("error", fmt.Sprint("the page could not be read: ", r))
		}
	}()
	if len(args) != 1 || args[0].Type() != js.TypeString {
		out.Set("error", "glossPageText takes the page's HTML")
		return out
	}
	text, title, err := htmltext.MainText(args[0].String())
	if err != nil {
		out.Set("error", err.Error())
		return out
	}
	out.Set("text", text)
	out.Set("title", title)
	return out
}
