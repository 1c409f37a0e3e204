package app

import (
	"strconv"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// AgreementPage is /agreement, the inter-annotator agreement of the
// current project, for its curators, managers and admins: a summary per
// kind (entities, quotes, stances), a table per entity label, a heat map
// of the annotator pairs, the confusion matrix of a pair, and the report
// to download as CSV or JSON. The server computes it; while it does
// (202), the page shows how far it got and asks again every second.
// Offline, it says that it needs the server and offers to retry.
type AgreementPage struct {
	app.Compo
	team    teamPage
	report  agreementReport
	pending api.Count
	// computing is true while the server computes the report; poll
	// counts the page's requests, so that a request started for another
	// project or page visit stops polling.
	computing bool
	poll      int
	// heat is the measure of the heat map (a key of heatMeasures); pair
	// the index in report.Pairs of the pair whose confusion matrix shows.
	heat string
	pair int
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
	p.report, p.pending, p.computing, p.pair = agreementReport{}, api.Count{}, false, 0
	if p.heat == "" {
		p.heat = heatMeasures[0].key
	}
	p.poll++
	if p.team.start(ctx, "Agreement") {
		p.load(ctx)
	}
}

// OnDismount stops the polling.
func (p *AgreementPage) OnDismount() { p.poll++ }

// load asks the server for the report: a 202 (still computing) shows its
// progress and asks again a second later, as long as the page shows the
// same project.
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
	return p.team.render("agreement", "Agreement", p.load, p.sections)
}

// sections show the report, or the progress of its computation.
func (p *AgreementPage) sections() app.UI {
	if p.computing {
		return app.Div().ID("agreement-computing").Body(app.Raw(progressHTML(p.pending)))
	}
	r := &p.report
	path := api.AgreementPath(p.team.id)
	note := strconv.Itoa(r.Overall.Articles) + " articles marked done by at least two annotators (" + strconv.Itoa(r.Overall.Tokens) + " tokens); annotators: " + joinNames(r.Overall.Annotators) + "."
	if r.Overall.Articles == 0 {
		note = "No article is marked done by two annotators yet: there is nothing to compare."
	}
	if len(r.Skipped) > 0 {
		note += " " + strconv.Itoa(len(r.Skipped)) + " articles are left out: fewer than two annotators marked them done."
	}
	heatHead, heatRows := heatMap(r, p.heat)
	var confusion app.UI = app.Div().Hidden(true)
	if p.pair < len(r.Pairs) {
		head, rows := confusionRows(r.Pairs[p.pair])
		confusion = dataTable("agreement-confusion", head, rows)
	}
	return app.Div().Body(
		textLine("agreement-note", "note", note),
		app.P().Class("form-row").Body(
			app.A().ID("agreement-csv").Href(path+"?format=csv").Download("agreement-"+p.team.id+".csv").Text("Download CSV"),
			app.A().ID("agreement-json").Href(path).Download("agreement-"+p.team.id+".json").Text("Download JSON"),
		),
		section("agreement-summary", "Summary",
			dataTable("agreement-summary-table", summaryHead, summaryRows(r))),
		section("agreement-labels", "Entity labels",
			dataTable("agreement-label-table", labelHead, labelRows(r.Labels))),
		section("agreement-pairs", "Annotator pairs",
			app.Div().ID("agreement-heat-measure").Class("choices").Role("group").Aria("label", "Measure").Body(
				app.Range(heatMeasures).Slice(func(i int) app.UI {
					m := heatMeasures[i]
					return pressButton("measure", m.key, m.name, p.heat == m.key, func(ctx app.Context, e app.Event) { p.heat = m.key })
				})),
			legend(heatLegend),
			dataTable("agreement-heat", heatHead, heatRows)),
		section("agreement-confusion-section", "Confusion matrix of a pair",
			app.Label().For("agreement-pair").Text("Pair (rows the first annotator's token labels, columns the second's) "),
			app.Select().ID("agreement-pair").OnChange(func(ctx app.Context, e app.Event) {
				p.pair, _ = strconv.Atoi(ctx.JSSrc().Get("value").String())
			}).Body(app.Range(r.Pairs).Slice(func(i int) app.UI {
				return app.Option().Value(i).Selected(i == p.pair).Text(r.Pairs[i].A + " × " + r.Pairs[i].B)
			})),
			confusion),
	)
}

// joinNames is names separated by commas.
func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

// figureText is a defined figure's value, to three decimals, or "—".
func figureText(f figure) string {
	if f.Value == nil || f.Undefined != "" {
		return "—"
	}
	return strconv.FormatFloat(*f.Value, 'f', 3, 64)
}

// summaryHead are the columns of the summary.
var summaryHead = []string{"Measure", "Value", "Counted on", "Note"}

// summaryRows are the rows of the summary: each measure over the project
// with its number of units and, when undefined, why; or what was left out.
func summaryRows(r *agreementReport) [][]cell {
	s := &r.Overall
	row := func(name string, f figure, unit string) []cell {
		note := f.Undefined
		if f.Dropped > 0 {
			if note != "" {
				note += "; "
			}
			note += strconv.Itoa(f.Dropped) + " " + unit + " left out: fewer annotators marked them done"
		}
		return []cell{{text: name}, {text: figureText(f), class: "num"}, {text: strconv.Itoa(f.Units) + " " + unit}, {text: note}}
	}
	return [][]cell{
		row("Entities: span F1, exact match", s.SpanF1Exact, "spans"),
		row("Entities: span F1, overlapping match", s.SpanF1Overlap, "spans"),
		row("Entities: Cohen's κ, mean over pairs", meanKappa(r.Pairs), "tokens"),
		row("Entities: Fleiss' κ", s.FleissKappa, "tokens"),
		row("Entities: Krippendorff's α", s.Alpha, "tokens"),
		row("Entities: unitizing α_u", s.AlphaU, "articles"),
		row("Quotes: F1 of contents", s.Quotes.Content, "quotes"),
		row("Quotes: α on direct/indirect", s.Quotes.Direct, "matched pairs"),
		row("Quotes: α on the speaker", s.Quotes.Speaker, "matched pairs"),
		row("Stances: F1 of holder and target", s.Stances.Matched, "stances"),
		row("Stances: α on polarity", s.Stances.Polarity, "matched pairs"),
	}
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

// figureCell is f as a table cell: its value and number of units, or "—"
// and why it is undefined.
func figureCell(f figure) cell {
	if f.Undefined != "" || f.Value == nil {
		return cell{text: "— (" + f.Undefined + ")"}
	}
	return cell{text: figureText(f) + " (" + strconv.Itoa(f.Units) + ")", class: "num"}
}

// labelHead are the columns of the table of labels.
var labelHead = []string{"Label", "Span F1, exact (spans)", "Span F1, overlap (spans)", "α_u (articles)"}

// labelRows are the rows of the table of labels.
func labelRows(labels []labelAgreement) [][]cell {
	rows := make([][]cell, len(labels))
	for i, l := range labels {
		rows[i] = []cell{{text: l.Label}, figureCell(l.SpanF1Exact), figureCell(l.SpanF1Overlap), figureCell(l.AlphaU)}
	}
	return rows
}

// heatMeasures are the measures the heat map of pairs shows: a key and a
// name.
var heatMeasures = []struct{ key, name string }{
	{"kappa", "Cohen's κ"},
	{"exact", "Span F1, exact"},
	{"overlap", "Span F1, overlap"},
	{"alpha_u", "α_u"},
}

// heatLegend says what the heat map's colors mean; every cell shows its
// number too.
var heatLegend = []cell{
	{text: "below 0.2", class: "heat-0"},
	{text: "0.2–0.4", class: "heat-1"},
	{text: "0.4–0.6", class: "heat-2"},
	{text: "0.6–0.8", class: "heat-3"},
	{text: "0.8 and above", class: "heat-4"},
	{text: "undefined", class: "heat-na"},
}

// heatBand is the class of the heat map's cell of f.
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

// heatMap is the heat map of pairs on measure: a row and a column per
// annotator, each pair's cell its figure, colored by band (heatBand),
// titled with the pair, the figure and its units.
func heatMap(r *agreementReport, measure string) (head []string, rows [][]cell) {
	names := r.Overall.Annotators
	head = append([]string{""}, names...)
	rows = make([][]cell, len(names))
	for i, a := range names {
		rows[i] = append(make([]cell, 0, len(head)), cell{text: a})
		for _, b := range names {
			c := cell{class: "heat"}
			for k := range r.Pairs {
				if p := &r.Pairs[k]; (p.A == a && p.B == b) || (p.A == b && p.B == a) {
					f := pairMeasure(p, measure)
					c = cell{text: figureText(f), class: "heat " + heatBand(f),
						title: a + " and " + b + ": " + figureText(f) + " on " + strconv.Itoa(f.Units) + " units, " + strconv.Itoa(p.Articles) + " articles"}
					if f.Undefined != "" {
						c.title += " (" + f.Undefined + ")"
					}
				}
			}
			rows[i] = append(rows[i], c)
		}
	}
	return head, rows
}

// confusionRows are the confusion matrix of a pair: a row per label of
// the first annotator, a column per label of the second, the counts of
// tokens; agreement (the diagonal) stands out.
func confusionRows(p pairAgreement) (head []string, rows [][]cell) {
	labels := p.Confusion.Labels
	head = append([]string{p.A + " ↓ · " + p.B + " →"}, labels...)
	rows = make([][]cell, 0, len(labels))
	for i, counts := range p.Confusion.Counts {
		if i >= len(labels) {
			break
		}
		row := append(make([]cell, 0, len(head)), cell{text: labels[i]})
		for j, n := range counts {
			class := "num"
			if i == j {
				class = "num diag"
			}
			row = append(row, cell{text: strconv.Itoa(n), class: class})
		}
		rows = append(rows, row)
	}
	return head, rows
}

// progressHTML is the progress bar of the report's computation, with what
// it counts (HTML: see tableHTML).
func progressHTML(c api.Count) string {
	done, total := strconv.Itoa(c.Done), strconv.Itoa(c.Total)
	return `<p><label for="agreement-progress">Computing the agreement: ` + done + " of " + total + ` done</label>` +
		`<progress id="agreement-progress" max="` + strconv.Itoa(max(c.Total, 1)) + `" value="` + done + `"></progress></p>`
}
