package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Actions sent by the annotation list, with a mention's ID, or with a
// conflictChoice.
const (
	actionSelectAnnotation = "select-annotation"
	actionDeleteAnnotation = "delete-annotation"
	actionResolveConflict  = "resolve-conflict"
)

// conflictChoice is the version of a mention the user keeps.
type conflictChoice struct {
	Item, Keep string
}

// listedVersion is one version of a mention in conflict.
type listedVersion struct {
	Rev, Label, Text string
}

// listedConflict is a mention whose versions from several devices wait for
// the user's choice; Versions[0] is the one shown everywhere meanwhile.
type listedConflict struct {
	Item     string
	Versions []listedVersion
}

// listedMention is one mention as the side panel lists it.
type listedMention struct {
	ID, Label, Color, Text string
	Start, End             int
}

// AnnotationList is the side panel: every mention of the set in text order;
// one can be selected and deleted.
type AnnotationList struct {
	app.Compo
	Items     []listedMention
	Conflicts []listedConflict
	Selected  string
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
		app.Section().Class("conflicts").Hidden(len(l.Conflicts) == 0).Body(
			app.H2().Text(formatCount(len(l.Conflicts), "conflict")),
			app.P().Class("note").Text("The same mention was changed on two devices. Every device shows the first version until you keep one."),
			app.Ul().ID("conflict-list").Class("conflict-list").Body(
				app.Range(l.Conflicts).Slice(func(i int) app.UI {
					c := l.Conflicts[i]
					return app.Li().DataSet("annotation-id", c.Item).Body(
						app.Div().Class("versions").Body(
							app.Range(c.Versions).Slice(func(j int) app.UI {
								v := c.Versions[j]
								shown := "other device"
								if j == 0 {
									shown = "shown"
								}
								return app.Div().Class("version").DataSet("rev", v.Rev).Body(
									app.Div().Body(app.Strong().Text(v.Label), app.Text(" "+v.Text)),
									app.Div().Class("note").Text(shown),
									app.Button().Class("keep-version").Text("Keep this").
										OnClick(func(ctx app.Context, e app.Event) {
											ctx.NewActionWithValue(actionResolveConflict, conflictChoice{Item: c.Item, Keep: v.Rev})
										}, app.EventScope(v.Rev)),
								)
							}),
						),
					)
				}),
			),
		),
	)
}
