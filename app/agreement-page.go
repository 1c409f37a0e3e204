package app

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// AgreementPage is /agreement, the inter-annotator agreement of the
// current project, for its curators, managers and admins: a summary per
// kind (entities, quotes, stances), a table per entity label, a heat map
// of the annotator pairs per measure, the confusion matrix of each pair
// (the first shown open), and the report to download as CSV or JSON. The
// server computes it; while it does (202), the page shows how far it got
// and asks again every second. Offline, it says that it needs the server
// and offers to retry.
type AgreementPage struct {
	app.Compo
	team teamPage
	// html is the report as teamview.AgreementHTML writes it, or the
	// progress of its computation.
	html string
	// computing is true while the server computes the report; poll
	// counts the page's visits, so that the polling of an earlier one
	// stops.
	computing bool
	poll      int
}

// OnMount reads the agreement again when another user signs in on the
// device, or the user picks another project.
func (p *AgreementPage) OnMount(ctx app.Context) {
	ctx.Handle(actionUserChanged, func(ctx app.Context, a app.Action) { p.OnNav(ctx) })
	ctx.Handle(actionProjectChanged, func(ctx app.Context, a app.Action) { p.OnNav(ctx) })
}

// OnNav asks the server for the project's agreement.
func (p *AgreementPage) OnNav(ctx app.Context) {
	p.html, p.computing = "", false
	p.poll++
	if p.team.start(ctx, "Agreement") {
		p.load(ctx)
	}
}

// OnDismount stops the polling.
func (p *AgreementPage) OnDismount() { p.poll++ }

// load asks the server for the report: a 202 (still computing) shows its
// progress and asks again a second later, as long as the page shows the
// same visit.
func (p *AgreementPage) load(ctx app.Context) {
	id, poll, computing := p.team.id, p.poll, false
	p.team.get(ctx, api.AgreementPath(id), func(status int, body []byte) (string, error) {
		if computing = status == 202; computing {
			var pending api.AgreementPending
			err := json.Unmarshal(body, &pending)
			return computingHTML(pending.Progress), err
		}
		return teamHTML("agreement", body, id)
	}, func(ctx app.Context, html string) {
		p.html, p.computing, p.team.loaded = html, computing, !computing
		if computing {
			ctx.After(time.Second, func(ctx app.Context) {
				if p.poll == poll && p.Mounted() {
					p.load(ctx)
				}
			})
		}
	})
}

// Render shows the page.
func (p *AgreementPage) Render() app.UI {
	return p.team.render("agreement", "Agreement", p.load, p.html)
}

// computingHTML is the progress bar of the report's computation, with
// what it counts.
func computingHTML(c api.Count) string {
	done, total := strconv.Itoa(c.Done), strconv.Itoa(c.Total)
	return `<p id="agreement-computing"><label for="agreement-progress">Computing the agreement: ` + done + " of " + total + ` done</label>` +
		`<progress id="agreement-progress" max="` + strconv.Itoa(max(c.Total, 1)) + `" value="` + done + `"></progress></p>`
}
