package app

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The agreement page (/agreement, a TeamPage) shows the current project's
// inter-annotator agreement (teamview.AgreementHTML): a summary per kind
// (entities, quotes, stances) with each figure's units, a table per
// entity label, a heat map of the annotator pairs per measure, the
// confusion matrix of each pair (the first shown open), and the report to
// download as CSV or JSON. The server computes it; while it does (202),
// the page shows how far it got (computingHTML) and asks again every
// second (poll).

// poll asks for the agreement again a second later, unless the page was
// left or visited again (visit is the visit that asked) meanwhile.
func (p *TeamPage) poll(ctx app.Context, visit int) {
	ctx.After(time.Second, func(ctx app.Context) {
		if p.visit == visit && p.Mounted() {
			p.load(ctx)
		}
	})
}

// computingHTML is the progress bar of the agreement's computation from
// the server's 202 answer (api.AgreementPending), with what it counts.
func computingHTML(answer []byte) (string, error) {
	var pending api.AgreementPending
	if err := json.Unmarshal(answer, &pending); err != nil {
		return "", err
	}
	c := pending.Progress
	done, total := strconv.Itoa(c.Done), strconv.Itoa(c.Total)
	return `<p id="agreement-computing"><label for="agreement-progress">Computing the agreement: ` + done + " of " + total + ` done</label>` +
		`<progress id="agreement-progress" max="` + strconv.Itoa(max(c.Total, 1)) + `" value="` + done + `"></progress></p>`, nil
}
