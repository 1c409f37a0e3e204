package app

import (
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// stateName says a work state in words ("not started" for none), for the
// article page and the library.
func stateName(state annotations.WorkState) string {
	if state == "" {
		state = annotations.WorkNotStarted
	}
	return strings.ReplaceAll(string(state), "_", " ")
}

// stateButtons are the state bar's buttons, each with the state it gives
// the set.
var stateButtons = [...]struct {
	id, text string
	state    annotations.WorkState
}{
	{"mark-done", "Mark done", annotations.WorkDone},
	{"reopen", "Reopen", annotations.WorkInProgress},
	{"open-skip", "Skip…", annotations.WorkSkipped},
}

// stateForm is the state bar's form, which asks why a set is skipped:
// whether it is open, the reason typed and its problem.
type stateForm struct {
	skipping          bool
	reason, reasonErr string
}

// markState gives the set state (the state bar's buttons): skipped opens
// the reason's form, then takes the reason typed, which must say
// something. It reports whether the edit is to be made (with the reason,
// for skipped).
func (f *stateForm) markState(state annotations.WorkState) (string, bool) {
	switch {
	case state == annotations.WorkSkipped && !f.skipping:
		f.skipping, f.reason, f.reasonErr = true, "", ""
		return "", false
	case state == annotations.WorkSkipped && annotations.NormalizeLine(f.reason) == "":
		f.reasonErr = "Say why you skip this article."
		return "", false
	}
	reason := ""
	if state == annotations.WorkSkipped {
		reason = f.reason
	}
	f.skipping, f.reasonErr = false, ""
	return reason, true
}

// markState is the state bar's button for state: an edit of the set (a
// status revision), kept, synced and undone as the others are. Marking
// done says how many items wait for review, if any.
func (p *ArticlePage) markState(ctx app.Context, state annotations.WorkState) {
	reason, ok := p.stateForm.markState(state)
	if !ok {
		return
	}
	p.runEdit(ctx, editOp{
		Do: func(e *editor) ([]annotations.Revision, error) {
			rev, err := e.putStatus(state, reason)
			return []annotations.Revision{rev}, err
		},
		After: func(p *ArticlePage) {
			p.notice = "The article is " + stateName(state) + " (Ctrl+Z undoes)."
			if n := len(p.ed.set.Review); n > 0 && state == annotations.WorkDone {
				p.notice += " " + formatCount(n, "item") + " still flagged for review."
			}
		},
	})
}

// stateBar shows where the set stands in the team's workflow and the
// buttons that change it: Mark done, Reopen a set done or skipped, Skip…
// with a reason.
func (p *ArticlePage) stateBar(set annotations.Set) app.UI {
	state := set.State()
	closed := state == annotations.WorkDone || state == annotations.WorkSkipped
	shown := [len(stateButtons)]bool{!closed, closed, state != annotations.WorkSkipped}
	text := "State: " + stateName(state)
	if set.Status != nil && set.Status.Reason != "" {
		text += " (" + set.Status.Reason + ")"
	}
	body := []app.UI{app.Span().ID("set-state-text").Class("note").Text(text)}
	for i, b := range stateButtons {
		if shown[i] {
			give := b.state
			body = append(body, button(b.id, "quiet", b.text, b.id, func(ctx app.Context) { p.markState(ctx, give) }))
		}
	}
	if p.skipping {
		body = append(body, inlineForm("skip", "Why skip it?", "Why skip it?", "Skip", &p.reason, p.reasonErr, annotations.MaxReasonRunes,
			func(ctx app.Context) { p.markState(ctx, annotations.WorkSkipped) }, "#open-skip", func(app.Context) { p.skipping = false }))
	}
	return app.Div().ID("set-state").Class("set-state").DataSet("state", state).Hidden(p.annotator == "").Body(body...)
}
