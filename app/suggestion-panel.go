package app

import (
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// SuggestionPanel is the side panel's summary of the suggestions on the
// article: how many of each label, a button to accept all of one label,
// the chosen suggestion with Accept and Reject, and what the model learnt
// from. It re-renders when the suggestions change (Version).
type SuggestionPanel struct {
	app.Compo
	Sug     *suggestionState
	Version int
	// Off says the project turned every source off.
	Off bool
	// Problem is the learning worker's last error, "" when none.
	Problem string
}

// Render shows the summary; nothing while there is nothing to say.
func (s *SuggestionPanel) Render() app.UI {
	sug := s.Sug
	type count struct {
		label string
		n     int
	}
	var counts []count
	for _, g := range sug.list {
		i := slices.IndexFunc(counts, func(c count) bool { return c.label == g.Label })
		if i < 0 {
			counts = append(counts, count{label: g.Label})
			i = len(counts) - 1
		}
		counts[i].n++
	}
	var parts []string
	for _, c := range counts {
		parts = append(parts, strconv.Itoa(c.n)+" "+c.label)
	}
	summary := "No suggestions here."
	if len(sug.list) > 0 {
		summary = formatCount(len(sug.list), "suggestion") + ": " + strings.Join(parts, ", ") + ". Outlined in the text; n goes to the next."
		if sug.total > len(sug.list) {
			summary += " The first of " + strconv.Itoa(sug.total) + ": the others come as these are done."
		}
	}
	if s.Off {
		summary = "Suggestions are off in this project (its settings turn them on)."
	}
	chosen := -1
	if sug.chosen != "" {
		chosen = slices.IndexFunc(sug.list, func(g shownSuggestion) bool { return g.Key == sug.chosen })
	}
	model := ""
	if m := sug.model; m.Articles > 0 {
		model = "The tagger learnt from " + formatCount(m.Articles, "article")
		if m.Team {
			model += " (the team's model, then this device's)"
		}
		if m.TrainMS > 0 {
			model += "; its last training took " + strconv.Itoa(int(m.TrainMS+0.5)) + " ms"
		}
		model += "."
	}
	return app.Section().ID("suggestions").Class("suggestions").Body(
		app.H2().Text("Suggestions"),
		app.P().ID("suggestion-summary").Class("note").Text(summary),
		app.Div().ID("suggestion-chosen").Hidden(chosen < 0).Body(
			app.If(chosen >= 0, func() app.UI {
				g := sug.list[chosen]
				return app.Div().Body(
					app.P().Text(g.describe()+"."),
					app.Button().ID("accept-suggestion").Class("quiet").Title("Accept it (Enter)").Text("Accept").
						OnClick(func(ctx app.Context, e app.Event) { sendCommand(ctx, cmdAccept, g.Key) }, app.EventScope(g.Key)),
					app.Button().ID("reject-suggestion").Class("quiet").Title("Reject it: it does not come back (x)").Text("Reject").
						OnClick(func(ctx app.Context, e app.Event) { sendCommand(ctx, cmdReject, g.Key) }, app.EventScope(g.Key)),
				)
			}),
		),
		app.Div().Class("accept-all").Hidden(len(counts) == 0 || s.Off).Body(
			app.Range(counts).Slice(func(i int) app.UI {
				c := counts[i]
				if c.label == "quote" {
					return app.Span()
				}
				return app.Button().Class("quiet accept-all-label").DataSet("label", c.label).
					Title("Accept every "+c.label+" suggestion in this article (A, with one chosen)").
					Text("Accept all "+c.label+" ("+strconv.Itoa(c.n)+")").
					OnClick(func(ctx app.Context, e app.Event) { sendCommand(ctx, cmdAcceptAll, c.label) }, app.EventScope(c.label))
			}),
		),
		app.P().ID("suggestion-model").Class("note").Hidden(model == "" || s.Off).Text(model),
		app.P().ID("suggestion-problem").Class("error").Role("alert").Hidden(s.Problem == "").Text(s.Problem),
	)
}
