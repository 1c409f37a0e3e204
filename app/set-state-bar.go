package app

import (
	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// stateNames say a work state in words, for the article page and the
// library.
var stateNames = map[annotations.WorkState]string{
	annotations.WorkNotStarted: "not started",
	annotations.WorkInProgress: "in progress",
	annotations.WorkDone:       "done",
	annotations.WorkSkipped:    "skipped",
	annotations.WorkCurated:    "curated",
}

// stateName says state in words ("not started" for none).
func stateName(state annotations.WorkState) string {
	if n, ok := stateNames[state]; ok {
		return n
	}
	return stateNames[annotations.WorkNotStarted]
}

// SetStateBar shows where the open set stands in the team's workflow and
// changes it: Mark done (asking first when items are flagged for review),
// Reopen a set done or skipped, Skip… with a reason. Each is an edit of the
// set (a status revision), kept, synced and undone as the others are.
type SetStateBar struct {
	app.Compo
	State  annotations.WorkState
	Reason string // why it was skipped
	Review int    // how many items are flagged for review
	Hidden bool   // nobody is signed in

	mode   string // "skip": the reason's form is open; "confirm": done is asked
	reason string // the reason typed
	err    string // the reason's problem
}

// send asks the page for the edit that gives the set state, with reason.
func (b *SetStateBar) send(ctx app.Context, state annotations.WorkState, reason, notice string) {
	b.mode, b.err = "", ""
	sendEdit(ctx, editOp{
		Do: func(e *editor) ([]annotations.Revision, error) {
			rev, err := e.putStatus(state, reason)
			return []annotations.Revision{rev}, err
		},
		After: func(p *ArticlePage) { p.notice = notice },
	})
}

// markDone marks the set done, or asks first when items wait for review.
func (b *SetStateBar) markDone(ctx app.Context) {
	if b.Review > 0 && b.mode != "confirm" {
		b.mode = "confirm"
		return
	}
	b.send(ctx, annotations.WorkDone, "", "Marked done (Ctrl+Z undoes).")
}

// skip marks the set skipped for the reason typed, which must say something.
func (b *SetStateBar) skip(ctx app.Context) {
	if annotations.NormalizeLine(b.reason) == "" {
		b.err = "Say why you skip this article."
		return
	}
	b.send(ctx, annotations.WorkSkipped, b.reason, "Skipped (Ctrl+Z undoes).")
}

// Render shows the state and the buttons that change it.
func (b *SetStateBar) Render() app.UI {
	done := b.State == annotations.WorkDone || b.State == annotations.WorkSkipped
	text := "State: " + stateName(b.State)
	if b.Reason != "" {
		text += " (" + b.Reason + ")"
	}
	var more app.UI = app.Text("")
	switch b.mode {
	case "confirm":
		more = app.Span().Class("confirm").Role("alert").Body(
			app.Text(formatCount(b.Review, "item")+" flagged for review. Mark done anyway? "),
			button("mark-done-yes", "danger", "Mark done", "", b.markDone),
			button("", "link", "Cancel", "", func(app.Context) { b.mode = "" }),
		)
	case "skip":
		more = app.Form().ID("skip-form").Class("rename").Body(
			app.Input().ID("skip-reason").Type("text").Aria("label", "Why skip it").Placeholder("Why skip it?").
				MaxLength(annotations.MaxReasonRunes).Value(b.reason).AutoFocus(true).
				OnInput(func(ctx app.Context, e app.Event) { b.reason = ctx.JSSrc().Get("value").String() }),
			app.Button().ID("skip-save").Type("submit").Text("Skip"),
			button("", "link", "Cancel", "", func(app.Context) { b.mode, b.err = "", "" }),
			app.Span().ID("skip-error").Class("error").Role("alert").Hidden(b.err == "").Text(b.err),
		).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			b.skip(ctx)
		})
	}
	return app.Div().ID("set-state").Class("set-state").DataSet("state", string(b.State)).Hidden(b.Hidden).Body(
		app.Span().ID("set-state-text").Class("note").Text(text),
		app.If(!done, func() app.UI { return button("mark-done", "quiet", "Mark done", "", b.markDone) }).
			Else(func() app.UI {
				return button("reopen", "quiet", "Reopen", "", func(ctx app.Context) {
					b.send(ctx, annotations.WorkInProgress, "", "Reopened.")
				})
			}),
		app.If(b.State != annotations.WorkSkipped, func() app.UI {
			return button("open-skip", "quiet", "Skip…", "", func(app.Context) { b.mode, b.err = "skip", "" })
		}),
		more,
	)
}
