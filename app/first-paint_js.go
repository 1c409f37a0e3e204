package app

import (
	"encoding/json"

	"github.com/gloss-annotate/gloss/annotations/api"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// browserFirstPaint reads the FirstPaint the server embedded in the page
// (firstPaintID), ok false when there is none (a page from the service
// worker's cache, a server with nothing to show).
func browserFirstPaint() (fp FirstPaint, ok bool) {
	el := app.Window().Get("document").Call("getElementById", firstPaintID)
	if !el.Truthy() {
		return fp, false
	}
	return fp, json.Unmarshal([]byte(el.Get("textContent").String()), &fp) == nil
}

// serverFirstPaint is the server's (first-paint_server.go): in the browser,
// the page is the client's to render.
func serverFirstPaint(app.Context) (FirstPaint, string, bool) { return FirstPaint{}, "", false }

// serverMe is the server's (first-paint_server.go).
func serverMe() api.Me { return api.Me{} }

// serverTakeover returns the server's markup of the article page's parts
// (takeover), or none when the page is not as the server renders it.
func serverTakeover() takeover {
	doc := app.Window().Get("document")
	outer := func(selector string) string {
		el := doc.Call("querySelector", selector)
		if !el.Truthy() {
			return ""
		}
		return el.Get("outerHTML").String()
	}
	t := takeover{
		top:       outer("body > .page > .top"),
		workspace: outer("body > .page > .workspace"),
		text:      outer("body > .page > .workspace > .article > .article-body"),
	}
	if t.top == "" || t.workspace == "" || t.text == "" {
		return takeover{}
	}
	return t
}
