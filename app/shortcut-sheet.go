package app

import (
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ShortcutSheet lists the article page's keyboard shortcuts: the key
// table's rows (keys.go), so that the sheet says what the keys do.
type ShortcutSheet struct {
	app.Compo
	Open   bool
	Labels []annotations.Label // the set's labels: their keys are listed
}

// sheetRows are the rows the sheet shows.
var sheetRows = keyTable()

// Render shows the sheet when open. The dialog itself takes the focus
// (tabindex -1) when it opens. Closed, it is an empty hidden element: its
// rows (some eighty elements) would be nearly half the article page's
// first render, which the client mounts in one task as it starts.
func (s *ShortcutSheet) Render() app.UI {
	if !s.Open {
		return app.Div().ID("shortcut-sheet").Hidden(true)
	}
	return app.Div().ID("shortcut-sheet").Class("dialog-backdrop").Body(
		app.Div().Class("dialog").Role("dialog").TabIndex(-1).Aria("modal", true).Aria("labelledby", "shortcut-title").OnKeyDown(keepTabInDialog).Body(
			app.H2().ID("shortcut-title").Text("Keyboard shortcuts"),
			app.Ul().Class("shortcuts").Body(
				app.Range(sheetRows).Slice(func(i int) app.UI {
					keys := sheetRows[i].Shows
					if sheetRows[i].Command == cmdLabel {
						keys = labelKeys(s.Labels, keys)
					}
					return app.Li().Body(app.Kbd().Text(keys), app.Span().Text(sheetRows[i].Does))
				}),
			),
			app.Button().ID("close-shortcuts").Text("Close (Esc)").
				OnClick(func(ctx app.Context, e app.Event) { sendCommand(ctx, cmdClose, "shortcuts") }),
		),
	)
}

// labelKeys spells the labels' keys for the sheet ("1 PER, 2 ORG"), or
// otherwise when no label has one.
func labelKeys(labels []annotations.Label, otherwise string) string {
	var keys []string
	for _, l := range labels {
		if l.Key != "" {
			keys = append(keys, l.Key+" "+l.Name)
		}
	}
	if len(keys) == 0 {
		return otherwise
	}
	return strings.Join(keys, ", ")
}
