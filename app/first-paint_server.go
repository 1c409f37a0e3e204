//go:build !js

package app

import (
	"encoding/json"
	"sync"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// go-app renders a page on the server from its URL alone, in the goroutine
// of the request, before its handler returns. RenderPage gives that render
// the request's FirstPaint and user: the functions that read the device's
// user (storedMe) read the user of the page being rendered, so that the
// server renders what the client will for that user on a new device. Pages
// are rendered one at a time (a millisecond or a few each), so that no
// render sees another request's user.
var (
	renderMu         sync.Mutex
	renderFirstPaint *FirstPaint // the page being rendered's, under renderMu
)

// RenderPage calls render (go-app's handler serving a page), which renders
// the page with fp when fp is not nil (the server's first paint: what it
// knows of the page for its signed-in user), else as no one's.
func RenderPage(fp *FirstPaint, render func()) {
	renderMu.Lock()
	defer renderMu.Unlock()
	renderFirstPaint = fp
	defer func() { renderFirstPaint = nil }()
	render()
}

// serverFirstPaint returns the FirstPaint of the page being rendered on
// the server (RenderPage), with its JSON for the page to embed.
func serverFirstPaint(app.Context) (FirstPaint, string, bool) {
	if renderFirstPaint == nil {
		return FirstPaint{}, "", false
	}
	data, err := json.Marshal(renderFirstPaint)
	if err != nil {
		return FirstPaint{}, "", false
	}
	return *renderFirstPaint, string(data), true
}

// serverMe returns the user of the page being rendered on the server
// (RenderPage), the zero api.Me when it is no one's.
func serverMe() api.Me {
	if renderFirstPaint == nil {
		return api.Me{}
	}
	return renderFirstPaint.Me
}

// browserFirstPaint is the browser's (first-paint_js.go); outside it there
// is no page to read.
func browserFirstPaint() (FirstPaint, bool) { return FirstPaint{}, false }

// serverTakeover is the browser's (first-paint_js.go): the server renders
// the markup a takeover starts from.
func serverTakeover() takeover { return takeover{} }
