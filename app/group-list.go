package app

import (
	"strconv"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// GroupList lists the set's entity groups and the groups proposed for
// mentions of the same text, each with a button that makes or fills the
// group. Groups of one name are told apart by a number and their members'
// texts. It re-renders only when the groups, the proposals or the
// selection change.
type GroupList struct {
	app.Compo
	Groups []annotations.EntityGroup
	// Apart holds, for each group whose name another group also has, how
	// to tell it apart ("1 of 2: Rex Tillerson, Tillerson"); "" for the
	// others.
	Apart     []string
	Proposals []annotations.GroupProposal
	Selected  string
}

// Render shows the list.
func (l *GroupList) Render() app.UI {
	groups, proposals := l.Groups, l.Proposals
	return app.Section().Class("groups").Body(
		app.H2().Text(formatCount(len(groups), "entity group")),
		app.Ul().ID("group-list").Class("item-list").Body(
			app.Range(groups).Slice(func(i int) app.UI {
				g := groups[i]
				note := " · " + formatCount(len(g.Members), "mention")
				if i < len(l.Apart) && l.Apart[i] != "" {
					note = " · " + l.Apart[i]
				}
				return app.Li().Class(rowClass(g.ID, l.Selected)).DataSet("annotation-id", g.ID).Body(
					selectButton(g.ID, "group-select", app.Strong().Text(g.Name),
						app.Span().Class("note").Text(note)),
				)
			}),
		),
		app.Div().Hidden(len(proposals) == 0).Body(
			app.P().Class("field-name").Text("Proposed: same text"),
			app.Ul().ID("group-proposals").Class("item-list").Body(
				app.Range(proposals).Slice(func(i int) app.UI {
					pr := proposals[i]
					what := "group " + strconv.Itoa(len(pr.Members)) + " mentions"
					if pr.Group != "" {
						what = "add " + formatCount(len(pr.Members), "mention") + " to the group"
					}
					name := pr.Name
					return app.Li().Class("item proposal").DataSet("name", pr.Name).Body(
						app.Span().Text(pr.Name+": "+what+" "),
						// The click applies the proposal for this text as the
						// set stands then, never a copy kept from an older
						// list.
						app.Button().Class("accept-proposal").Text("Group").
							OnClick(func(ctx app.Context, e app.Event) {
								sendEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) {
									rev, err := e.acceptProposal(name)
									return []annotations.Revision{rev}, err
								}, SelectFirst: true})
							}, app.EventScope(name)),
					)
				}),
			),
		),
	)
}
