package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Actions sent by the annotation list, with a mention's ID.
const (
	actionSelectAnnotation = "select-annotation"
	actionDeleteAnnotation = "delete-annotation"
)

// listedMention is one mention as the side panel lists it.
type listedMention struct {
	ID, Label, Color, Text string
	Start, End             int
}

// AnnotationList is the side panel: every mention of the set in text order;
// one can be selected and deleted.
type AnnotationList struct {
	app.Compo
	Items    []listedMention
	Selected string
}

// Render shows the list.
func (l *AnnotationList) Render() app.UI {
	return app.Aside().Class("panel").Aria("label", "Annotations").Body(
		app.H2().Text(formatCount(len(l.Items), "mention")),
		app.Ul().ID("annotation-list").Class("annotation-list").Body(
			app.Range(l.Items).Slice(func(i int) app.UI {
				m := l.Items[i]
				cls := "mention"
				if m.ID == l.Selected {
					cls += " selected"
				}
				return app.Li().Class(cls).DataSet("annotation-id", m.ID).Body(
					app.Button().Class("mention-select").
						Title(strconv.Itoa(m.Start)+"–"+strconv.Itoa(m.End)).
						OnClick(func(ctx app.Context, e app.Event) {
							ctx.NewActionWithValue(actionSelectAnnotation, m.ID)
						}, app.EventScope(m.ID)).
						Body(
							app.Span().Class("label-chip").Style("--ent-color", m.Color).Text(m.Label),
							app.Span().Class("mention-text").Text(m.Text),
						),
					app.Button().Class("mention-delete").Title("Delete this mention (Delete key)").
						Aria("label", "Delete "+m.Label+" "+m.Text).Text("×").
						OnClick(func(ctx app.Context, e app.Event) {
							ctx.NewActionWithValue(actionDeleteAnnotation, m.ID)
						}, app.EventScope(m.ID)),
				)
			}),
		),
	)
}
