package app

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/agreement"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/google/go-cmp/cmp"
)

// computedReport returns the agreement of two articles: ana and bo agree
// on everything, cy labels Moscow ORG and misses Lavrov and marked only
// the first done.
func computedReport(t *testing.T) agreement.Report {
	t.Helper()
	one := "Rex Tillerson met Sergei Lavrov in Moscow on Wednesday."
	two := "Angela Merkel spoke in Berlin."
	set := func(annotator, text string, mentions ...string) annotations.Set {
		runes := []rune(text)
		s := annotations.Set{ArticleID: annotations.ArticleID(text), Annotator: annotator}
		for i := 0; i < len(mentions); i += 2 {
			start := len([]rune(text[:strings.Index(text, mentions[i])]))
			span, err := annotations.NewSpan(runes, start, start+len([]rune(mentions[i])))
			if err != nil {
				t.Fatal(err)
			}
			s.Entities = append(s.Entities, annotations.Entity{ID: annotator + mentions[i], Span: span, Label: mentions[i+1]})
		}
		return s
	}
	art := func(text string) annotations.Article {
		return annotations.Article{ID: annotations.ArticleID(text), Title: text[:10], Text: text}
	}
	full := []string{"Rex Tillerson", "PER", "Sergei Lavrov", "PER", "Moscow", "LOC"}
	return agreement.Compute([]agreement.ArticleSets{
		{Article: art(one), Sets: []annotations.Set{
			set("ana", one, full...), set("bo", one, full...),
			set("cy", one, "Rex Tillerson", "PER", "Moscow", "ORG"),
		}},
		{Article: art(two), Sets: []annotations.Set{
			set("ana", two, "Angela Merkel", "PER", "Berlin", "LOC"), set("bo", two, "Angela Merkel", "PER", "Berlin", "LOC"),
		}},
	})
}

// decoded returns r as the agreement page reads it from the server.
func decoded(t *testing.T, r agreement.Report) agreementReport {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got agreementReport
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	return got
}

// sameFigure fails unless the page's figure holds what the report's has.
func sameFigure(t *testing.T, name string, got figure, want agreement.Figure, dropped int) {
	t.Helper()
	if want.Defined() != (got.Value != nil) || got.Undefined != want.Undefined || got.Units != want.Units || got.Dropped != dropped {
		t.Errorf("%s: the page reads %+v, the report has %+v (dropped %d)", name, got, want, dropped)
		return
	}
	if got.Value != nil && math.Abs(*got.Value-float64(want.Value)) > 1e-12 {
		t.Errorf("%s: the page reads %v, the report has %v", name, *got.Value, want.Value)
	}
}

// TestAgreementReportDecodes: the page's types read a computed report's
// JSON, every figure the page shows with its value (or none, and why),
// its units and what was left out; an undefined figure shows as "—".
func TestAgreementReportDecodes(t *testing.T) {
	r := computedReport(t)
	got := decoded(t, r)
	o, g := r.Overall, got.Overall
	if g.Articles != o.Articles || g.Tokens != o.Tokens || !cmp.Equal(g.Annotators, o.Annotators) {
		t.Errorf("summary reads %d articles, %d tokens, %v; the report has %d, %d, %v", g.Articles, g.Tokens, g.Annotators, o.Articles, o.Tokens, o.Annotators)
	}
	sameFigure(t, "span F1 exact", g.SpanF1Exact, o.SpanF1Exact.Figure, 0)
	sameFigure(t, "span F1 overlap", g.SpanF1Overlap, o.SpanF1Overlap.Figure, 0)
	sameFigure(t, "Fleiss' κ", g.FleissKappa, o.FleissKappa.Figure, o.FleissKappa.Dropped)
	sameFigure(t, "α", g.Alpha, o.Alpha, 0)
	sameFigure(t, "α_u", g.AlphaU, o.AlphaU.Figure, o.AlphaU.Dropped)
	sameFigure(t, "quotes", g.Quotes.Content, o.Quotes.Content.Figure, 0)
	sameFigure(t, "speaker", g.Quotes.Speaker, o.Quotes.Speaker, 0)
	sameFigure(t, "direct", g.Quotes.Direct, o.Quotes.Direct, 0)
	sameFigure(t, "stances", g.Stances.Matched, o.Stances.Matched.Figure, 0)
	sameFigure(t, "polarity", g.Stances.Polarity, o.Stances.Polarity, 0)
	if o.FleissKappa.Dropped == 0 || o.Quotes.Content.Defined() {
		t.Errorf("the example should drop tokens from Fleiss' κ and have no quotes: %+v", o)
	}
	if figureText(g.Quotes.Content) != "—" {
		t.Errorf("an undefined figure shows as %q, want —", figureText(g.Quotes.Content))
	}
	if len(got.Labels) != len(r.Labels) || len(got.Pairs) != len(r.Pairs) || len(r.Pairs) != 3 {
		t.Fatalf("%d labels and %d pairs read, the report has %d and %d (want 3 pairs)", len(got.Labels), len(got.Pairs), len(r.Labels), len(r.Pairs))
	}
	for i, l := range r.Labels {
		if got.Labels[i].Label != l.Label {
			t.Errorf("label %d reads %q, want %q", i, got.Labels[i].Label, l.Label)
		}
		sameFigure(t, l.Label+" F1", got.Labels[i].SpanF1Exact, l.SpanF1Exact.Figure, 0)
		sameFigure(t, l.Label+" overlap", got.Labels[i].SpanF1Overlap, l.SpanF1Overlap.Figure, 0)
		sameFigure(t, l.Label+" α_u", got.Labels[i].AlphaU, l.AlphaU.Figure, l.AlphaU.Dropped)
	}
	for i, p := range r.Pairs {
		gp := got.Pairs[i]
		if gp.A != p.A || gp.B != p.B || gp.Articles != p.Articles || !cmp.Equal(gp.Confusion.Labels, p.Confusion.Labels) || !cmp.Equal(gp.Confusion.Counts, p.Confusion.Counts) {
			t.Errorf("pair %d reads %+v, the report has %+v", i, gp, p)
		}
		sameFigure(t, p.A+"/"+p.B+" κ", gp.CohensKappa, p.CohensKappa.Figure, 0)
		sameFigure(t, p.A+"/"+p.B+" F1", gp.SpanF1Exact, p.SpanF1Exact.Figure, 0)
		sameFigure(t, p.A+"/"+p.B+" overlap", gp.SpanF1Overlap, p.SpanF1Overlap.Figure, 0)
		sameFigure(t, p.A+"/"+p.B+" α_u", gp.AlphaU, p.AlphaU.Figure, 0)
	}
}

// num returns a figure of value v on units units.
func num(v float64, units int) figure { return figure{Value: &v, Units: units} }

// testReport is a report of three annotators with figures of every kind:
// defined, undefined, with units left out.
func testReport() *agreementReport {
	r := &agreementReport{
		Labels: []labelAgreement{
			{Label: "PER", SpanF1Exact: num(1, 6), SpanF1Overlap: num(1, 6), AlphaU: num(0.95, 2)},
			{Label: "ORG", SpanF1Exact: num(0, 1), SpanF1Overlap: num(0, 1), AlphaU: figure{Units: 2, Undefined: agreement.ReasonNoSpans}},
		},
		Pairs: []pairAgreement{
			{A: "ana", B: "bo", Articles: 2, CohensKappa: num(0.9, 100), SpanF1Exact: num(0.5, 8)},
			{A: "ana", B: "cy", Articles: 1, CohensKappa: num(0.5, 60)},
			{A: "bo", B: "cy", Articles: 1, CohensKappa: figure{Units: 10, Undefined: agreement.ReasonOneCategory}},
		},
		Skipped: []string{"x"},
	}
	r.Overall.Articles, r.Overall.Tokens, r.Overall.Annotators = 2, 170, []string{"ana", "bo", "cy"}
	r.Overall.SpanF1Exact = num(0.8126, 32)
	r.Overall.FleissKappa = num(-0.25, 40)
	r.Overall.FleissKappa.Dropped = 12
	r.Overall.Quotes.Content = figure{Undefined: agreement.ReasonNoSpans}
	p := &r.Pairs[1]
	p.Confusion.Labels = []string{"LOC", "O", "ORG"}
	p.Confusion.Counts = [][]int{{0, 0, 1}, {0, 7, 0}, {0, 0, 0}}
	return r
}

// TestAgreementSummary: a row per measure, with its value to three
// decimals, its units, and why it is undefined or what was left out;
// Cohen's κ is the mean of the pairs' defined ones, on their tokens
// together; the note says what entered and what was left out, and the
// downloads are the project's report as CSV and JSON.
func TestAgreementSummary(t *testing.T) {
	page := agreementHTML(testReport(), "p1")
	rows := tableCells(t, page, "agreement-summary-table")
	if len(rows) != 11 {
		t.Fatalf("%d rows, want 11", len(rows))
	}
	byName := map[string][]string{}
	for _, row := range rows {
		if len(row) != 4 {
			t.Errorf("row %q has %d cells, want 4", row, len(row))
		}
		byName[row[0]] = row[1:]
	}
	for name, want := range map[string][]string{
		"Entities: span F1, exact match":       {"0.813|num", "32 spans", ""},
		"Entities: Cohen's κ, mean over pairs": {"0.700|num", "160 tokens", ""},
		"Entities: Fleiss' κ":                  {"-0.250|num", "40 tokens", "12 tokens left out: fewer annotators marked them done"},
		"Quotes: F1 of contents":               {"—|num", "0 quotes", agreement.ReasonNoSpans},
		"Stances: α on polarity":               {"—|num", "0 matched pairs", ""},
	} {
		if diff := cmp.Diff(want, byName[name]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	for _, want := range []string{
		"2 articles marked done by at least two annotators (170 tokens); annotators: ana, bo, cy. 1 articles are left out",
		`href="/api/v1/projects/p1/agreement?format=csv" download="agreement-p1.csv"`,
		`href="/api/v1/projects/p1/agreement" download="agreement-p1.json"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not hold %s:\n%s", want, page)
		}
	}
	if k := meanKappa(testReport().Pairs[2:]); k.Value != nil || k.Undefined == "" {
		t.Errorf("mean κ of no defined pair = %+v, want undefined with a reason", k)
	}
	if empty := agreementHTML(&agreementReport{}, "p1"); !strings.Contains(empty, "nothing to compare") {
		t.Errorf("an empty report does not say there is nothing to compare:\n%s", empty)
	}
}

// TestAgreementLabels: each label's figures with their units, "—" and
// the reason when undefined.
func TestAgreementLabels(t *testing.T) {
	want := [][]string{
		{"PER", "1.000 (6)|num", "1.000 (6)|num", "0.950 (2)|num"},
		{"ORG", "0.000 (1)|num", "0.000 (1)|num", "— (" + agreement.ReasonNoSpans + ")"},
	}
	if diff := cmp.Diff(want, tableCells(t, agreementHTML(testReport(), "p1"), "agreement-label-table")); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
}

// TestHeatMap: a heat map per measure, a row and a column per annotator;
// a pair's cell, the same either way round, shows its figure and has the
// class of its band and a title with the pair, the figure and its units
// (and why it is undefined); the diagonal and a pair without figures are
// empty.
func TestHeatMap(t *testing.T) {
	page := agreementHTML(testReport(), "p1")
	want := [][]string{
		{"ana", "|heat", "0.900|heat heat-4|ana and bo: 0.900 on 100 units, 2 articles", "0.500|heat heat-2|ana and cy: 0.500 on 60 units, 1 articles"},
		{"bo", "0.900|heat heat-4|bo and ana: 0.900 on 100 units, 2 articles", "|heat", "—|heat heat-na|bo and cy: — on 10 units, 1 articles (" + agreement.ReasonOneCategory + ")"},
		{"cy", "0.500|heat heat-2|cy and ana: 0.500 on 60 units, 1 articles", "—|heat heat-na|cy and bo: — on 10 units, 1 articles (" + agreement.ReasonOneCategory + ")", "|heat"},
	}
	if diff := cmp.Diff(want, tableCells(t, page, "agreement-heat-kappa")); diff != "" {
		t.Errorf("κ (-want +got):\n%s", diff)
	}
	if got := tableCells(t, page, "agreement-heat-exact")[0][2]; got != "0.500|heat heat-2|ana and bo: 0.500 on 8 units, 2 articles" {
		t.Errorf("F1 of ana and bo = %s", got)
	}
	for _, m := range heatMeasures {
		tableCells(t, page, "agreement-heat-"+m.key)
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{-0.3, "heat-0"}, {0, "heat-0"}, {0.199, "heat-0"}, {0.2, "heat-1"}, {0.4, "heat-2"}, {0.6, "heat-3"}, {0.79, "heat-3"}, {0.8, "heat-4"}, {1, "heat-4"}} {
		if got := heatBand(num(c.v, 1)); got != c.want {
			t.Errorf("heatBand(%v) = %s, want %s", c.v, got, c.want)
		}
	}
}

// TestConfusion: a matrix per pair, the first open: a row per label of
// the first annotator, a column per label of the second, the diagonal
// marked.
func TestConfusion(t *testing.T) {
	page := agreementHTML(testReport(), "p1")
	want := [][]string{{"LOC", "0|num diag", "0|num", "1|num"}, {"O", "0|num", "7|num diag", "0|num"}, {"ORG", "0|num", "0|num", "0|num diag"}}
	if diff := cmp.Diff(want, tableCells(t, page, "agreement-confusion-1")); diff != "" {
		t.Errorf("ana × cy (-want +got):\n%s", diff)
	}
	for _, want := range []string{
		`<details open><summary>ana × bo</summary>`,
		`<details><summary>ana × cy</summary><div class="table-scroll"><table id="agreement-confusion-1" class="data-table team-table"><thead><tr><th scope="col">ana ↓ · cy →</th><th scope="col">LOC</th>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not hold %s", want)
		}
	}
}

// TestComputingHTML: the bar of a computation shows how far it got, and
// has a maximum even before the server knows the total.
func TestComputingHTML(t *testing.T) {
	for _, c := range []struct {
		count api.Count
		want  string
	}{
		{api.Count{Done: 3, Total: 10}, `3 of 10 done</label><progress id="agreement-progress" max="10" value="3">`},
		{api.Count{}, `0 of 0 done</label><progress id="agreement-progress" max="1" value="0">`},
	} {
		if got := computingHTML(c.count); !strings.Contains(got, c.want) {
			t.Errorf("computingHTML(%+v) = %s, want it to hold %s", c.count, got, c.want)
		}
	}
}
