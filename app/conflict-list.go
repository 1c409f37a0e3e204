package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// conflictChoice is the version of an annotation the user keeps.
type conflictChoice struct {
	Item, Keep string
}

// listedVersion is one version of an annotation in conflict: Here says
// it was made on this device.
type listedVersion struct {
	Rev, Label, Text string
	Here             bool
}

// listedConflict is an annotation whose versions from several devices wait for
// the user's choice; Versions[0] is the one shown everywhere meanwhile.
type listedConflict struct {
	Item     string
	Versions []listedVersion
}

// ConflictList lists the items whose versions from several devices wait
// for the user's choice.
type ConflictList struct {
	app.Compo
	Conflicts []listedConflict
}

// Render shows the conflicts (nothing when there are none).
func (l *ConflictList) Render() app.UI {
	return app.Div().Body(
		app.Section().Class("conflicts").Hidden(len(l.Conflicts) == 0).Body(
			app.H2().Text(formatCount(len(l.Conflicts), "conflict")),
			app.P().Class("note").Text("The same annotation was changed on two devices. Every device shows the first version until you keep one."),
			app.Ul().ID("conflict-list").Class("conflict-list").Body(
				app.Range(l.Conflicts).Slice(func(i int) app.UI {
					c := l.Conflicts[i]
					return app.Li().DataSet("annotation-id", c.Item).Body(
						app.Div().Class("versions").Body(
							app.Range(c.Versions).Slice(func(j int) app.UI {
								v := c.Versions[j]
								from := "from another device"
								if v.Here {
									from = "from this device"
								}
								shown := from
								if j == 0 {
									shown += ", shown meanwhile"
								}
								return app.Div().Class("version").DataSet("rev", v.Rev).Body(
									app.Div().Body(app.Strong().Text(v.Label), app.Text(" "+v.Text)),
									app.Div().Class("note").Text(shown),
									app.Button().Class("keep-version").Text("Keep this").
										Aria("label", "Keep this version ("+v.Label+" "+v.Text+", "+from+")").
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
