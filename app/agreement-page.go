package app

import (
	"strconv"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// AgreementPage is /agreement, the inter-annotator agreement of the
// current project, for its curators, managers and admins: a summary per
// kind (entities, quotes, stances), a table per entity label, a heat map
// of the annotator pairs per measure, the confusion matrix of each pair
// (one opened at a time), and the report to download as CSV or JSON. The
// server computes it; while it does (202), the page shows how far it got
// and asks again every second. Offline, it says that it needs the server
// and offers to retry.
type AgreementPage struct {
	app.Compo
	team    teamPage
	report  agreementReport
	pending api.Count
	// computing is true while the server computes the report; poll
	// counts the page's visits, so that the polling of an earlier one
	// stops.
	computing bool
	poll      int
}

// The agreement page reads the report (agreement.Report's JSON) into the
// types below, which hold only what it shows: importing package agreement
// would link annotations/formats, every export format, into app.wasm
// (167 kB Brotli). agreement-page_test.go decodes a computed
// agreement.Report into them.
type (
	// figure is an agreement.Figure, with the Dropped of a Kappa or
	// AlphaU: Value nil (null) when undefined.
	figure struct {
		Value     *float64 `json:"value"`
		Units     int      `json:"units"`
		Undefined string   `json:"undefined"`
		Dropped   int      `json:"dropped"`
	}
	agreementSummary struct {
		Articles      int      `json:"articles"`
		Annotators    []string `json:"annotators"`
		Tokens        int      `json:"tokens"`
		SpanF1Exact   figure   `json:"span_f1_exact"`
		SpanF1Overlap figure   `json:"span_f1_overlap"`
		FleissKappa   figure   `json:"fleiss_kappa"`
		Alpha         figure   `json:"alpha"`
		AlphaU        figure   `json:"alpha_u"`
		Quotes        struct {
			Content figure `json:"content"`
			Direct  figure `json:"direct"`
			Speaker figure `json:"speaker"`
		} `json:"quotes"`
		Stances struct {
			Matched  figure `json:"matched"`
			Polarity figure `json:"polarity"`
		} `json:"stances"`
	}
	labelAgreement struct {
		Label         string `json:"label"`
		SpanF1Exact   figure `json:"span_f1_exact"`
		SpanF1Overlap figure `json:"span_f1_overlap"`
		AlphaU        figure `json:"alpha_u"`
	}
	pairAgreement struct {
		A             string `json:"a"`
		B             string `json:"b"`
		Articles      int    `json:"articles"`
		CohensKappa   figure `json:"cohens_kappa"`
		SpanF1Exact   figure `json:"span_f1_exact"`
		SpanF1Overlap figure `json:"span_f1_overlap"`
		AlphaU        figure `json:"alpha_u"`
		Confusion     struct {
			Labels []string `json:"labels"`
			Counts [][]int  `json:"counts"`
		} `json:"confusion"`
	}
	agreementReport struct {
		Overall agreementSummary `json:"overall"`
		Labels  []labelAgreement `json:"labels"`
		Pairs   []pairAgreement  `json:"pairs"`
		Skipped []string         `json:"skipped"`
	}
)

// OnMount reads the agreement again when another user signs in on the
// device, or the user picks another project.
func (p *AgreementPage) OnMount(ctx app.Context) {
	ctx.Handle(actionUserChanged, func(ctx app.Context, a app.Action) { p.OnNav(ctx) })
	ctx.Handle(actionProjectChanged, func(ctx app.Context, a app.Action) { p.OnNav(ctx) })
}

// OnNav asks the server for the project's agreement.
func (p *AgreementPage) OnNav(ctx app.Context) {
	p.report, p.pending, p.computing = agreementReport{}, api.Count{}, false
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
	var answer struct {
		agreementReport
		Progress *api.Count `json:"progress"`
	}
	poll := p.poll
	p.team.get(ctx, api.AgreementPath(p.team.id), &answer, func(ctx app.Context, status int) {
		if status == 202 && answer.Progress != nil {
			p.computing, p.pending = true, *answer.Progress
			ctx.After(time.Second, func(ctx app.Context) {
				if p.poll == poll && p.Mounted() {
					p.load(ctx)
				}
			})
			return
		}
		p.computing, p.report, p.team.loaded = false, answer.agreementReport, true
	})
}

// Render shows the page.
func (p *AgreementPage) Render() app.UI {
	return p.team.render("agreement", "Agreement", p.load, func() string {
		switch {
		case p.computing:
			return computingHTML(p.pending)
		case !p.team.loaded:
			return ""
		}
		return agreementHTML(&p.report, p.team.id)
	})
}

// computingHTML is the progress bar of the report's computation, with
// what it counts.
func computingHTML(c api.Count) string {
	done, total := strconv.Itoa(c.Done), strconv.Itoa(c.Total)
	return `<p id="agreement-computing"><label for="agreement-progress">Computing the agreement: ` + done + " of " + total + ` done</label>` +
		`<progress id="agreement-progress" max="` + strconv.Itoa(max(c.Total, 1)) + `" value="` + done + `"></progress></p>`
}

// agreementHTML is the report of project as HTML: what it counts, the
// downloads, the summary, the labels, a heat map of the pairs per measure,
// and each pair's confusion matrix.
func agreementHTML(r *agreementReport, project string) string {
	var t htmlTable
	o := &r.Overall
	note := strconv.Itoa(o.Articles) + " articles marked done by at least two annotators (" + strconv.Itoa(o.Tokens) + " tokens); annotators: " + strings.Join(o.Annotators, ", ") + "."
	if o.Articles == 0 {
		note = "No article is marked done by two annotators yet: there is nothing to compare."
	}
	if len(r.Skipped) > 0 {
		note += " " + strconv.Itoa(len(r.Skipped)) + " articles are left out: fewer than two annotators marked them done."
	}
	path := esc(api.AgreementPath(project))
	t.WriteString(`<p id="agreement-note" class="note">` + esc(note) + `</p><p class="form-row">` +
		`<a id="agreement-csv" href="` + path + `?format=csv" download="agreement-` + esc(project) + `.csv">Download CSV</a>` +
		`<a id="agreement-json" href="` + path + `" download="agreement-` + esc(project) + `.json">Download JSON</a></p>` +
		`<section id="agreement-summary"><h2>Summary</h2>`)
	t.open("agreement-summary-table", "Measure", "Value", "Counted on", "Note")
	for _, m := range []struct {
		name string
		f    figure
		unit string
	}{
		{"Entities: span F1, exact match", o.SpanF1Exact, "spans"},
		{"Entities: span F1, overlapping match", o.SpanF1Overlap, "spans"},
		{"Entities: Cohen's κ, mean over pairs", meanKappa(r.Pairs), "tokens"},
		{"Entities: Fleiss' κ", o.FleissKappa, "tokens"},
		{"Entities: Krippendorff's α", o.Alpha, "tokens"},
		{"Entities: unitizing α_u", o.AlphaU, "articles"},
		{"Quotes: F1 of contents", o.Quotes.Content, "quotes"},
		{"Quotes: α on direct/indirect", o.Quotes.Direct, "matched pairs"},
		{"Quotes: α on the speaker", o.Quotes.Speaker, "matched pairs"},
		{"Stances: F1 of holder and target", o.Stances.Matched, "stances"},
		{"Stances: α on polarity", o.Stances.Polarity, "matched pairs"},
	} {
		note := m.f.Undefined
		if m.f.Dropped > 0 {
			if note != "" {
				note += "; "
			}
			note += strconv.Itoa(m.f.Dropped) + " " + m.unit + " left out: fewer annotators marked them done"
		}
		t.rowHead(m.name, "")
		t.cell("num", "", figureText(m.f))
		t.cell("", "", strconv.Itoa(m.f.Units)+" "+m.unit)
		t.cell("", "", note)
	}
	t.close()
	t.WriteString(`</section><section id="agreement-labels"><h2>Entity labels</h2>`)
	t.open("agreement-label-table", "Label", "Span F1, exact (spans)", "Span F1, overlap (spans)", "α_u (articles)")
	for _, l := range r.Labels {
		t.rowHead(l.Label, "")
		t.figureCell(l.SpanF1Exact)
		t.figureCell(l.SpanF1Overlap)
		t.figureCell(l.AlphaU)
	}
	t.close()
	t.WriteString(`</section><section id="agreement-pairs"><h2>Annotator pairs</h2><p class="legend">`)
	for i, band := range []string{"below 0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "0.8 and above"} {
		t.WriteString(`<span class="heat-` + strconv.Itoa(i) + `">` + band + "</span>")
	}
	t.WriteString(`<span class="heat-na">undefined</span></p>`)
	for _, m := range heatMeasures {
		t.WriteString("<h3>" + m.name + "</h3>")
		heatMap(&t, r, m.key)
	}
	t.WriteString(`</section><section id="agreement-confusion"><h2>Confusion matrices</h2><p class="note">Tokens by label: rows the first annotator's, columns the second's.</p>`)
	for i := range r.Pairs {
		confusion(&t, &r.Pairs[i], i)
	}
	t.WriteString("</section>")
	return t.String()
}

// figureText is a defined figure's value, to three decimals, or "—".
func figureText(f figure) string {
	if f.Value == nil || f.Undefined != "" {
		return "—"
	}
	return strconv.FormatFloat(*f.Value, 'f', 3, 64)
}

// meanKappa is the mean of the pairs' defined Cohen's κ, counted on their
// tokens together; undefined when no pair's is defined.
func meanKappa(pairs []pairAgreement) figure {
	sum, n, units := 0.0, 0, 0
	for _, p := range pairs {
		if k := p.CohensKappa; figureText(k) != "—" {
			sum, n, units = sum+*k.Value, n+1, units+k.Units
		}
	}
	if n == 0 {
		return figure{Undefined: "no pair of annotators has a defined κ"}
	}
	mean := sum / float64(n)
	return figure{Value: &mean, Units: units}
}

// figureCell writes f's cell: its value and number of units, or "—" and
// why it is undefined.
func (t *htmlTable) figureCell(f figure) {
	if text := figureText(f); text != "—" {
		t.cell("num", "", text+" ("+strconv.Itoa(f.Units)+")")
		return
	}
	t.cell("", "", "— ("+f.Undefined+")")
}

// heatMeasures are the measures of the heat maps of pairs: a key and a
// name.
var heatMeasures = []struct{ key, name string }{
	{"kappa", "Cohen's κ"},
	{"exact", "Span F1, exact"},
	{"overlap", "Span F1, overlap"},
	{"alpha_u", "α_u"},
}

// heatBand is the class of the band of f in a heat map.
func heatBand(f figure) string {
	if figureText(f) == "—" {
		return "heat-na"
	}
	return "heat-" + strconv.Itoa(min(max(int(*f.Value*5), 0), 4))
}

// pairMeasure is the figure of pair p that measure (a key of
// heatMeasures) names.
func pairMeasure(p *pairAgreement, measure string) figure {
	switch measure {
	case "exact":
		return p.SpanF1Exact
	case "overlap":
		return p.SpanF1Overlap
	case "alpha_u":
		return p.AlphaU
	}
	return p.CohensKappa
}

// heatMap writes the heat map of pairs on measure: a row and a column per
// annotator, each pair's cell its figure (the same either way round) in
// the class of its band (heatBand), titled with the pair, the figure, its
// units and why it is undefined; the diagonal, and a pair without an
// article both marked done, empty.
func heatMap(t *htmlTable, r *agreementReport, measure string) {
	names := r.Overall.Annotators
	t.open("agreement-heat-"+measure, append([]string{""}, names...)...)
	for _, a := range names {
		t.rowHead(a, "")
		for _, b := range names {
			class, title, text := "heat", "", ""
			for k := range r.Pairs {
				if p := &r.Pairs[k]; a != b && (p.A == a && p.B == b || p.A == b && p.B == a) {
					f := pairMeasure(p, measure)
					text = figureText(f)
					class += " " + heatBand(f)
					title = a + " and " + b + ": " + text + " on " + strconv.Itoa(f.Units) + " units, " + strconv.Itoa(p.Articles) + " articles"
					if f.Undefined != "" {
						title += " (" + f.Undefined + ")"
					}
				}
			}
			t.cell(class, title, text)
		}
	}
	t.close()
}

// confusion writes the confusion matrix of pair p, the i-th, in a
// disclosure (the first open): a row per label of the first annotator, a column per label
// of the second, the counts of tokens, agreement (the diagonal) marked.
func confusion(t *htmlTable, p *pairAgreement, i int) {
	attr := ""
	if i == 0 {
		attr = " open"
	}
	labels := p.Confusion.Labels
	t.WriteString("<details" + attr + "><summary>" + esc(p.A+" × "+p.B) + "</summary>")
	t.open("agreement-confusion-"+strconv.Itoa(i), append([]string{p.A + " ↓ · " + p.B + " →"}, labels...)...)
	for i, counts := range p.Confusion.Counts {
		if i >= len(labels) {
			break
		}
		t.rowHead(labels[i], "")
		for j, n := range counts {
			class := "num"
			if i == j {
				class = "num diag"
			}
			t.cell(class, "", strconv.Itoa(n))
		}
	}
	t.close()
	t.WriteString("</details>")
}
