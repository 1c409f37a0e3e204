package app

import (
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// When the project assigns the signed-in annotator articles, the library
// offers "My articles": a filter of the list to those (on by default, but
// for a manager, who assigns them), each with the state of their set, and
// the button that opens the next one. The assignments and states come
// from the device, so both work offline too.

// isMine reports whether e is assigned to the signed-in annotator.
func (p *LibraryPage) isMine(e libraryEntry) bool {
	return p.me != "" && slices.Contains(p.assigned[e.ID], p.me)
}

// onlyMine returns the entries of list assigned to the user.
func (p *LibraryPage) onlyMine(list []libraryEntry) []libraryEntry {
	var out []libraryEntry
	for _, e := range list {
		if p.isMine(e) {
			out = append(out, e)
		}
	}
	return out
}

// nextArticle returns the article of the user's to work on next, in the
// library's order (annotations.NextArticle: the first in progress, else
// the first not started), "" when every one is done or skipped.
func (p *LibraryPage) nextArticle() string {
	var order []string
	states := map[string]annotations.WorkState{}
	for _, e := range p.onlyMine(visibleEntries(p.entries, false, "", p.sortBy)) {
		order = append(order, e.ID)
		states[e.ID] = e.State
	}
	return annotations.NextArticle(order, p.assigned, p.me, states)
}

// mineTools are the My articles filter (on: shown) and the Next article
// button, when the user has articles assigned (has).
func (p *LibraryPage) mineTools(has, on bool) app.UI {
	if !has {
		return app.Text("")
	}
	return app.Span().ID("my-articles").Class("choices").Body(
		pressButton("mine", "mine", "My articles", on, func(ctx app.Context, e app.Event) { p.toggledMine = !p.toggledMine }),
		button("next-article", "quiet", "Next article", "", func(ctx app.Context) {
			if id := p.nextArticle(); id != "" {
				ctx.Navigate("/articles/" + id)
				return
			}
			p.message = "Every article assigned to you is done or skipped."
		}),
	)
}
