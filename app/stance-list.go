package app

import (
	"strconv"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// StanceList lists the set's stances, each in a line (holder, polarity,
// target), and offers a new one. It re-renders only when the stances, their
// lines or the selection change.
type StanceList struct {
	app.Compo
	Stances []annotations.Stance
	// Lines holds each stance said in a line (describeStance).
	Lines    []string
	Selected string
}

// Render shows the list.
func (l *StanceList) Render() app.UI {
	stances := l.Stances
	return app.Section().Class("stances").Body(
		app.H2().Text(formatCount(len(stances), "stance")),
		app.Button().ID("new-stance").Class("quiet").Title("New stance (s)").Text("New stance").
			OnClick(func(ctx app.Context, e app.Event) {
				sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.startStance(ctx, 0, 0, false) })
			}),
		app.Ul().ID("stance-list").Class("item-list").Body(
			app.Range(stances).Slice(func(i int) app.UI {
				st := stances[i]
				line := ""
				if i < len(l.Lines) {
					line = l.Lines[i]
				}
				return app.Li().Class(rowClass(st.ID, l.Selected)).DataSet("annotation-id", st.ID).DataSet("polarity", st.Polarity).Body(
					selectButton(st.ID, "stance-select", app.Text(line),
						app.Span().Class("note").Text(" · evidence: "+strconv.Itoa(len(st.Evidence)))),
				)
			}),
		),
	)
}
