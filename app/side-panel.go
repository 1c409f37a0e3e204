package app

import (
	"strconv"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// SidePanel is the article page's side panel: the details of what is
// selected (or of the quote or stance being made), then every mention,
// quote, stance and group of the set, what needs review, and conflicts.
type SidePanel struct {
	app.Compo
	Ed        *editor
	Version   int
	Selected  string
	Draft     *draftQuote
	Stance    *annotations.Stance
	Conflicts []listedConflict

	proposals        []annotations.GroupProposal
	proposalsVersion int  // the editor version proposals were made for, plus one
	proposalsSoon    bool // a computation of proposals is scheduled
}

// proposalsDelay is how long after a change the group proposals are made
// again: off the path from a key press to its highlight, and once for a
// burst of edits.
const proposalsDelay = 300 * time.Millisecond

// OnMount makes the first group proposals.
func (s *SidePanel) OnMount(ctx app.Context) { s.scheduleProposals(ctx) }

// OnUpdate makes the group proposals again after a change of the set.
func (s *SidePanel) OnUpdate(ctx app.Context) { s.scheduleProposals(ctx) }

func (s *SidePanel) scheduleProposals(ctx app.Context) {
	if s.Ed == nil || s.proposalsSoon || s.proposalsVersion == s.Version+1 {
		return
	}
	s.proposalsSoon = true
	ctx.After(proposalsDelay, func(app.Context) {
		s.proposalsSoon = false
		s.proposals, s.proposalsVersion = annotations.ProposeGroups(s.Ed.set), s.Version+1
	})
}

// Render shows the panel.
func (s *SidePanel) Render() app.UI {
	e := s.Ed
	return app.Aside().Class("panel").Aria("label", "Annotations").Body(
		&ItemDetails{Ed: e, Version: s.Version, Selected: s.Selected, Draft: s.Draft},
		&StanceForm{Ed: e, Version: s.Version, Stance: s.Stance},
		&MentionList{Ed: e, Version: s.Version, Selected: s.Selected},
		s.renderQuotes(),
		s.renderStances(),
		s.renderGroups(),
		s.renderReview(),
		&ConflictList{Conflicts: s.Conflicts},
		&DownloadMenu{Ed: e, Version: s.Version},
	)
}

// selectButton is a list row's button that selects item id.
func selectButton(id, class string, body ...app.UI) app.UI {
	return app.Button().Class("item-select "+class).
		OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(actionSelectAnnotation, id) }, app.EventScope(id)).
		Body(body...)
}

// rowClass is a row's class, "selected" added for the selected item.
func (s *SidePanel) rowClass(id string) string {
	if id == s.Selected {
		return "item selected"
	}
	return "item"
}

func (s *SidePanel) renderQuotes() app.UI {
	quotes := s.Ed.set.Quotes
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
				return app.Li().Class(s.rowClass(q.ID)).DataSet("annotation-id", q.ID).Body(
					selectButton(q.ID, "quote-select",
						app.Span().Class("speaker-name").Text(s.Ed.refName(q.Speaker.Kind, q.Speaker.ID)),
						app.Span().Class("note").Text(" · "+kind+" · "),
						app.Span().Class("quote-text").Text("“"+shorten(q.Content.Exact, 80)+"”"),
					),
				)
			}),
		),
	)
}

func (s *SidePanel) renderStances() app.UI {
	stances := s.Ed.set.Stances
	return app.Section().Class("stances").Body(
		app.H2().Text(formatCount(len(stances), "stance")),
		app.Button().ID("new-stance").Class("quiet").Title("New stance (s)").Text("New stance").
			OnClick(func(ctx app.Context, e app.Event) {
				sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.startStance(ctx, 0, 0, false) })
			}),
		app.Ul().ID("stance-list").Class("item-list").Body(
			app.Range(stances).Slice(func(i int) app.UI {
				st := stances[i]
				return app.Li().Class(s.rowClass(st.ID)).DataSet("annotation-id", st.ID).DataSet("polarity", st.Polarity).Body(
					selectButton(st.ID, "stance-select", app.Text(describeStance(s.Ed, st)),
						app.Span().Class("note").Text(" · evidence: "+strconv.Itoa(len(st.Evidence)))),
				)
			}),
		),
	)
}

func (s *SidePanel) renderGroups() app.UI {
	groups := s.Ed.set.Groups
	proposals := s.proposals // made a moment after each change: see scheduleProposals
	return app.Section().Class("groups").Body(
		app.H2().Text(formatCount(len(groups), "entity group")),
		app.Ul().ID("group-list").Class("item-list").Body(
			app.Range(groups).Slice(func(i int) app.UI {
				g := groups[i]
				return app.Li().Class(s.rowClass(g.ID)).DataSet("annotation-id", g.ID).Body(
					selectButton(g.ID, "group-select", app.Strong().Text(g.Name),
						app.Span().Class("note").Text(" · "+formatCount(len(g.Members), "mention"))),
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
					return app.Li().Class("item proposal").DataSet("name", pr.Name).Body(
						app.Span().Text(pr.Name+": "+what+" "),
						app.Button().Class("accept-proposal").Text("Group").
							OnClick(func(ctx app.Context, e app.Event) {
								sendEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) {
									rev, err := e.acceptProposal(pr)
									return []annotations.Revision{rev}, err
								}, SelectFirst: true})
							}, app.EventScope(pr.Name)),
					)
				}),
			),
		),
	)
}

func (s *SidePanel) renderReview() app.UI {
	flags := s.Ed.set.Review
	return app.Section().Class("review").Hidden(len(flags) == 0).Body(
		app.H2().Text(formatCount(len(flags), "item")+" to review"),
		app.Ul().ID("review-list").Class("item-list").Body(
			app.Range(flags).Slice(func(i int) app.UI {
				f := flags[i]
				return app.Li().Class(s.rowClass(f.Item)).DataSet("annotation-id", f.Item).Body(
					selectButton(f.Item, "review-select", app.Strong().Text(string(f.Kind)+": "), app.Text(f.Reason)),
				)
			}),
		),
	)
}
