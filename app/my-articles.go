package app

import (
	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// MyArticles lists the articles of the project assigned to the signed-in
// annotator, each with the state of their set, and opens the next one to
// work on (annotations.NextArticle: the first in progress, else the first
// not started). The library shows it when the project has assignments;
// it reads them from the device, so it works offline too.
type MyArticles struct {
	app.Compo
	// Items are the articles assigned to Me, in the library's order.
	Items []libraryEntry
	Me    string

	note string // says that nothing is left
}

// next returns the article to open next, "" when every one is done or
// skipped.
func (m *MyArticles) next() string {
	order := make([]string, len(m.Items))
	assigned := map[string][]string{}
	states := map[string]annotations.WorkState{}
	for i, e := range m.Items {
		order[i] = e.ID
		assigned[e.ID] = []string{m.Me}
		states[e.ID] = e.State
	}
	return annotations.NextArticle(order, assigned, m.Me, states)
}

// Render shows the list and the Next article button.
func (m *MyArticles) Render() app.UI {
	return app.Section().ID("my-articles").Class("my-articles").Hidden(len(m.Items) == 0).Body(
		app.H2().Text("My articles"),
		button("next-article", "quiet", "Next article", "", func(ctx app.Context) {
			if id := m.next(); id != "" {
				ctx.Navigate("/articles/" + id)
				return
			}
			m.note = "Every article assigned to you is done or skipped."
		}),
		textLine("my-articles-note", "note", m.note),
		app.Ul().ID("my-articles-list").Body(
			app.Range(m.Items).Slice(func(i int) app.UI {
				e := m.Items[i]
				return app.Li().DataSet("article-id", e.ID).DataSet("state", string(e.State)).Body(
					app.A().Href("/articles/"+e.ID).Text(e.Title),
					app.Span().Class("state").Text(stateName(e.State)),
				)
			}),
		),
	)
}
