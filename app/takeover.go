package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// takeover is the server's markup of the article page's parts, kept while
// the client puts its own in their place, one part a task, after a first
// paint. go-app mounts a component's whole tree in one call, and the page's
// first render was one task of 45-90 ms (unthrottled): go-app making some
// ninety elements one syscall/js call at a time, and V8 compiling the code
// that does it as it runs for the first time. The first render is instead
// the server's markup again as raw HTML (one parse by the browser for each
// part), and the parts become the client's in the tasks that follow: the
// top bar, then the workspace with the article's text still the server's,
// then the text. The markup is the server's own, so the page does not
// change as each part is replaced; it is the browser's own serialisation
// (outerHTML) of what is already on screen, parsed again, so it brings
// nothing the page did not show (and a script parsed so never runs).
type takeover struct {
	// top, workspace and text are the outer HTML of the top bar, the
	// workspace and the article's text, as the server rendered them.
	top, workspace, text string
	// shown is how many of the parts (in that order) are the client's.
	shown int
}

// takeoverParts is how many parts a takeover has.
const takeoverParts = 3

// active reports whether some part is still the server's.
func (t takeover) active() bool { return t.top != "" && t.shown < takeoverParts }

// part returns part i: the server's markup while the takeover has not come
// to it, else the client's (made by client).
func (t takeover) part(i int, client func() app.UI) app.UI {
	if t.active() && t.shown <= i {
		return app.Raw([]string{t.top, t.workspace, t.text}[i])
	}
	return client()
}

// takeOver puts the next part of the server's markup in the client's
// hands, and schedules the one after it as a task of its own; the markup
// is dropped once all are.
func (p *ArticlePage) takeOver(ctx app.Context) {
	p.take.shown++
	if !p.take.active() {
		p.take = takeover{}
		return
	}
	nextTask(ctx, p.takeOver)
}
