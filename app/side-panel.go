package app

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// SidePanel is the article page's side panel: the details of what is
// selected (or of the quote or stance being made), then every mention,
// quote, stance and group of the set, what needs review, conflicts, and
// the project's guidelines.
type SidePanel struct {
	app.Compo
	Ed        *editor
	Version   int
	Selected  string
	Draft     *draftQuote
	Stance    *annotations.Stance
	Conflicts []listedConflict
	// Cur is the curation when the set is a gold set (nil otherwise),
	// CurVersion counts its comparisons, CurShown how many differences
	// it lists.
	Cur        *curationView
	CurVersion int
	CurShown   int
	Text       []rune
	// Sug is the page's suggestions, SugVersion their version, SugOff
	// whether the project turned them off, SugProblem the learning
	// worker's last error.
	Sug        *suggestionState
	SugVersion int
	SugOff     bool
	SugProblem string
	// Parts is how many of the panel's parts are shown, in their order
	// (panelParts for all): the page adds the panel a few parts a task as
	// it starts, so that no step holds the page long (a panel mounted whole
	// was one task of 35 ms on a desktop). Parts added at the end move
	// nothing above them.
	Parts int

	proposals        []annotations.GroupProposal
	proposalsVersion int // the editor version proposals were made for, plus one
	proposalsWanted  int // the version the scheduled computation waits for, plus one
}

// proposalsDelay is how long edits must pause before the group proposals
// are made again, and a curation's gold set compared again: off the path
// from a key press to its highlight, and once for a burst of edits.
const proposalsDelay = 300 * time.Millisecond

// OnMount makes the first group proposals.
func (s *SidePanel) OnMount(ctx app.Context) { s.scheduleProposals(ctx) }

// OnUpdate makes the group proposals again after a change of the set.
func (s *SidePanel) OnUpdate(ctx app.Context) { s.scheduleProposals(ctx) }

// scheduleProposals makes the proposals for the set's current version once
// no other version followed it for proposalsDelay.
func (s *SidePanel) scheduleProposals(ctx app.Context) {
	want := s.Version + 1
	if s.Ed == nil || s.proposalsVersion == want || s.proposalsWanted == want {
		return
	}
	s.proposalsWanted = want
	ctx.After(proposalsDelay, func(ctx app.Context) {
		if s.proposalsWanted != want || s.Version+1 != want {
			// A later version came: its own wait runs. Dispatch marks
			// the panel and the page for an update; nothing changed.
			ctx.PreventUpdate()
			return
		}
		if s.Cur != nil {
			// The curation's comparison waits for the same pause.
			sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.session.compare() })
		} else {
			// So does asking for suggestions, which sends the set to the
			// learning worker.
			sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.requestSuggestions(ctx) })
		}
		proposals := annotations.ProposeGroups(s.Ed.set)
		s.proposalsVersion = want
		if slices.EqualFunc(proposals, s.proposals, sameProposal) {
			ctx.PreventUpdate()
			return
		}
		s.proposals = proposals
	})
}

// sameProposal reports whether two group proposals are the same.
func sameProposal(a, b annotations.GroupProposal) bool {
	return a.Name == b.Name && a.Group == b.Group && slices.Equal(a.Members, b.Members)
}

// Render shows the panel's first Parts parts. The lists are components of
// their own that re-render only when what they show changed: an edit of a
// mention leaves the quote, stance and group lists as they are.
func (s *SidePanel) Render() app.UI {
	e := s.Ed
	// A quote's speaker and a stance's line name other items, which may
	// change without the quote or stance changing.
	speakers := make([]string, len(e.set.Quotes))
	for i, q := range e.set.Quotes {
		speakers[i] = e.refName(q.Speaker.Kind, q.Speaker.ID)
	}
	lines := make([]string, len(e.set.Stances))
	for i, st := range e.set.Stances {
		lines[i] = describeStance(e, st)
	}
	shown := make([]app.UI, min(s.Parts, panelParts))
	for i := range shown {
		shown[i] = s.part(i, speakers, lines)
	}
	return app.Aside().Class("panel").Aria("label", "Annotations").Body(shown...)
}

// part returns the panel's part i (of panelParts, in their order).
func (s *SidePanel) part(i int, speakers, lines []string) app.UI {
	e := s.Ed
	switch i {
	case 0:
		return app.If(s.Cur != nil, func() app.UI {
			return &CurationPanel{Cur: s.Cur, Version: s.CurVersion, Shown: s.CurShown, Text: s.Text}
		})
	case 1:
		return app.If(s.Cur == nil && s.Sug != nil, func() app.UI {
			return &SuggestionPanel{Sug: s.Sug, Version: s.SugVersion, Off: s.SugOff, Problem: s.SugProblem}
		})
	case 2:
		return &ItemDetails{Ed: e, Version: s.Version, Selected: s.Selected, Draft: s.Draft}
	case 3:
		return &StanceForm{Ed: e, Version: s.Version, Stance: s.Stance}
	case 4:
		return &MentionList{Ed: e, Version: s.Version, Selected: s.Selected}
	case 5:
		return &QuoteList{Quotes: e.set.Quotes, Speakers: speakers, Selected: s.Selected}
	case 6:
		return &StanceList{Stances: e.set.Stances, Lines: lines, Selected: s.Selected}
	case 7:
		return &GroupList{Groups: e.set.Groups, Apart: groupsApart(e), Proposals: s.liveProposals(), Selected: s.Selected}
	case 8:
		return s.renderReview()
	case 9:
		return &ConflictList{Conflicts: s.Conflicts}
	case 10:
		return &Guidelines{}
	default:
		return &DownloadMenu{Ed: e}
	}
}

// panelParts is how many parts SidePanel has (SidePanel.part), and
// panelStep how many the page adds to it a task as it starts.
const (
	panelParts = 12
	panelStep  = 2
)

// selectButton is a list row's button that selects item id.
func selectButton(id, class string, body ...app.UI) app.UI {
	return app.Button().Class("item-select "+class).
		OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(actionSelectAnnotation, id) }, app.EventScope(id)).
		Body(body...)
}

// rowClass is a row's class, "selected" added for the selected item.
func rowClass(id, selected string) string {
	if id == selected {
		return "item selected"
	}
	return "item"
}

func (s *SidePanel) renderReview() app.UI {
	flags := s.Ed.set.Review
	return app.Section().Class("review").Hidden(len(flags) == 0).Body(
		app.H2().Text(formatCount(len(flags), "item")+" to review"),
		app.Ul().ID("review-list").Class("item-list").Body(
			app.Range(flags).Slice(func(i int) app.UI {
				f := flags[i]
				return app.Li().Class(rowClass(f.Item, s.Selected)).DataSet("annotation-id", f.Item).Body(
					selectButton(f.Item, "review-select", app.Strong().Text(string(f.Kind)+": "), app.Text(f.Reason)),
				)
			}),
		),
	)
}

// liveProposals returns the proposals that still hold for the set as it
// stands: they are made again only once edits pause (proposalsDelay), and
// an edit in between (g, which groups a mention) must not leave one on
// screen that no longer applies.
func (s *SidePanel) liveProposals() []annotations.GroupProposal {
	if s.proposalsVersion == s.Version+1 || len(s.proposals) == 0 {
		return s.proposals
	}
	grouped := map[string]bool{}
	for _, g := range s.Ed.set.Groups {
		for _, m := range g.Members {
			grouped[m] = true
		}
	}
	live := slices.DeleteFunc(slices.Clone(s.proposals), func(p annotations.GroupProposal) bool {
		return !s.Ed.proposalApplies(p, grouped)
	})
	if len(live) == len(s.proposals) {
		return s.proposals
	}
	return live
}

// groupsApart returns, for each of the set's groups whose name another
// group also has, its number among them and its members' texts, so that
// the list tells them apart; nil when every name is once.
func groupsApart(e *editor) []string {
	groups := e.set.Groups
	var out []string
	// Groups are sorted by name: groups of one name are neighbours.
	for i := 0; i < len(groups); {
		j := i + 1
		for j < len(groups) && groups[j].Name == groups[i].Name {
			j++
		}
		if j-i > 1 {
			if out == nil {
				out = make([]string, len(groups))
			}
			for k := i; k < j; k++ {
				var texts []string
				for _, m := range groups[k].Members {
					if en, ok := e.entity(m); ok && !slices.Contains(texts, shorten(en.Exact, 30)) {
						texts = append(texts, shorten(en.Exact, 30))
					}
				}
				out[k] = strconv.Itoa(k-i+1) + " of " + strconv.Itoa(j-i) + ", " + formatCount(len(groups[k].Members), "mention") + ": " + strings.Join(texts, ", ")
			}
		}
		i = j
	}
	return out
}
