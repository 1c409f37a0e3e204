package app

import (
	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// QuoteList lists the set's quotes: speaker, direct or indirect, content.
// It re-renders only when the quotes, their speakers' names or the
// selection change.
type QuoteList struct {
	app.Compo
	Quotes []annotations.Quote
	// Speakers holds the name of each quote's speaker.
	Speakers []string
	Selected string
}

// Render shows the list.
func (l *QuoteList) Render() app.UI {
	quotes := l.Quotes
	return app.Section().Class("quotes").Body(
		app.H2().Text(formatCount(len(quotes), "quote")),
		app.P().Class("note").Hidden(len(quotes) > 0).Text("Select quoted text and press q."),
		app.Ul().ID("quote-list").Class("item-list").Body(
			app.Range(quotes).Slice(func(i int) app.UI {
				q := quotes[i]
				kind := "indirect"
				if q.Direct {
					kind = "direct"
				}
				speaker := ""
				if i < len(l.Speakers) {
					speaker = l.Speakers[i]
				}
				return app.Li().Class(rowClass(q.ID, l.Selected)).DataSet("annotation-id", q.ID).Body(
					selectButton(q.ID, "quote-select",
						app.Span().Class("speaker-name").Text(speaker),
						app.Span().Class("note").Text(" · "+kind+" · "),
						app.Span().Class("quote-text").Text(quoted(q.Content.Exact, 80)),
					),
				)
			}),
		),
	)
}
