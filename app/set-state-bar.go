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

// stateForm is the state bar's form: what is being asked (stateAsk: ""
// for nothing, "skip" for the reason, "confirm" for marking done with
// items to review), the reason typed and its problem.
type stateForm struct {
	stateAsk, reason, reasonErr string
}

// markState gives the set state (the state bar's buttons): done asks
// first when items wait for review; skipped opens the reason's
// form, then takes the reason typed, which must say something. It reports
// whether the edit is to be made (with the reason, for skipped).
func (f *stateForm) markState(state annotations.WorkState, review int) (string, bool) {
	switch {
	case state == annotations.WorkDone && review > 0 && f.stateAsk != "confirm":
		f.stateAsk = "confirm"
		return "", false
	case state == annotations.WorkSkipped && f.stateAsk != "skip":
		f.stateAsk, f.reason, f.reasonErr = "skip", "", ""
		return "", false
	case state == annotations.WorkSkipped && annotations.NormalizeLine(f.reason) == "":
		f.reasonErr = "Say why you skip this article."
		return "", false
	}
	reason := ""
	if state == annotations.WorkSkipped {
		reason = f.reason
	}
	f.stateAsk, f.reasonErr = "", ""
	return reason, true
}

// markState is the state bar's button for state: an edit of the set (a
// status revision), kept, synced and undone as the others are.
func (p *ArticlePage) markState(ctx app.Context, state annotations.WorkState) {
	reason, ok := p.stateForm.markState(state, len(p.ed.set.Review))
	if !ok {
		return
	}
	p.runEdit(ctx, editOp{
		Do: func(e *editor) ([]annotations.Revision, error) {
			rev, err := e.putStatus(state, reason)
			return []annotations.Revision{rev}, err
		},
		After: func(p *ArticlePage) { p.notice = "The article is " + stateName(state) + " (Ctrl+Z undoes)." },
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
			body = append(body, button(b.id, "quiet", b.text, "", func(ctx app.Context) { p.markState(ctx, give) }))
		}
	}
	cancel := func(app.Context) { p.stateAsk, p.reasonErr = "", "" }
	switch p.stateAsk {
	case "confirm":
		body = append(body,
			textLine("mark-done-ask", "notice", formatCount(len(set.Review), "item")+" flagged for review. Mark done anyway?"),
			button("mark-done-yes", "danger", "Mark done", "", func(ctx app.Context) { p.markState(ctx, annotations.WorkDone) }),
			button("", "link", "Cancel", "", cancel))
	case "skip":
		body = append(body, inlineForm("skip", "Why skip it?", "Skip", &p.reason, p.reasonErr, annotations.MaxReasonRunes,
			func(ctx app.Context) { p.markState(ctx, annotations.WorkSkipped) }, cancel))
	}
	return app.Div().ID("set-state").Class("set-state").DataSet("state", state).Hidden(p.annotator == "").Body(body...)
}
