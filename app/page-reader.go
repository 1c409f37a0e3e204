package app

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// pageReader is the worker that reads HTML pages: the export module's
// glossPageText (wasm/export), in a worker of its own (startGoWorker),
// since a long page takes it hundreds of milliseconds. It starts on first
// use and stays for the next page; answers holds its answer to the page
// asked about. The form asks about one page at a time (busy meanwhile).
var pageReader struct {
	worker  app.Value
	answers chan app.Value
}

// readPageText returns an HTML page's main text and title
// (annotations/htmltext, which the server's API uses too). It blocks: call
// it inside ctx.Async.
func readPageText(html string) (text, title string, err error) {
	if pageReader.worker == nil {
		answers := make(chan app.Value, 1)
		w := startGoWorker(ExportModuleURL, "glossPageText", func(msg app.Value) {
			if msg.Get("type").String() != "ready" {
				select {
				case answers <- msg:
				default: // no one asked: nothing waits for it
				}
			}
		})
		if w == nil {
			return "", "", errors.New("this browser cannot read HTML pages (it runs no workers): paste the article's text")
		}
		pageReader.worker, pageReader.answers = w, answers
	}
	pageReader.worker.Call("postMessage", html)
	msg := <-pageReader.answers
	if e := msg.Get("error"); e.Truthy() {
		if msg.Get("type").String() == "error" { // the module did not start: try again next time
			pageReader.worker.Call("terminate")
			pageReader.worker = nil
		}
		return "", "", errors.New(e.String())
	}
	return msg.Get("text").String(), msg.Get("title").String(), nil
}
