package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The agreement page (/agreement, a TeamPage) shows the current project's
// inter-annotator agreement (teamview.AgreementHTML): a summary per kind
// (entities, quotes, stances) with each figure's units, a table per
// entity label, a heat map of the annotator pairs per measure, the
// confusion matrix of each pair (the first shown open), and the report to
// download as CSV or JSON. The server computes it; while it does (202),
// the page shows how far it got (teamview's "computing" page) and asks
// again every second (poll).

// poll asks for the agreement again a second later, unless the page was
// left or visited again (visit is the visit that asked) meanwhile.
func (p *TeamPage) poll(ctx app.Context, visit int) {
	ctx.After(time.Second, func(ctx app.Context) {
		if p.visit == visit && p.Mounted() {
			p.load(ctx)
		}
	})
}
