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

// TestSummaryRows: a row per measure, with its value to three decimals,
// its units, and why it is undefined or what was left out; Cohen's κ is
// the mean of the pairs' defined ones, on their tokens together.
func TestSummaryRows(t *testing.T) {
	r := &agreementReport{Pairs: []pairAgreement{
		{A: "ana", B: "bo", CohensKappa: num(0.9, 100)},
		{A: "ana", B: "cy", CohensKappa: num(0.5, 60)},
		{A: "bo", B: "cy", CohensKappa: figure{Units: 10, Undefined: agreement.ReasonOneCategory}},
	}}
	r.Overall.SpanF1Exact = num(0.8126, 32)
	r.Overall.FleissKappa = num(-0.25, 40)
	r.Overall.FleissKappa.Dropped = 12
	r.Overall.Quotes.Content = figure{Undefined: agreement.ReasonNoSpans}
	rows := texts(summaryRows(r))
	if len(rows) != 11 {
		t.Fatalf("%d rows, want 11", len(rows))
	}
	byName := map[string][]string{}
	for _, row := range rows {
		if len(row) != len(summaryHead) {
			t.Errorf("row %q has %d cells, want %d", row, len(row), len(summaryHead))
		}
		byName[row[0]] = row[1:]
	}
	for name, want := range map[string][]string{
		"Entities: span F1, exact match":       {"0.813", "32 spans", ""},
		"Entities: Cohen's κ, mean over pairs": {"0.700", "160 tokens", ""},
		"Entities: Fleiss' κ":                  {"-0.250", "40 tokens", "12 tokens left out: fewer annotators marked them done"},
		"Quotes: F1 of contents":               {"—", "0 quotes", agreement.ReasonNoSpans},
		"Stances: α on polarity":               {"—", "0 matched pairs", ""},
	} {
		if diff := cmp.Diff(want, byName[name]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	if k := meanKappa(r.Pairs[2:]); k.Value != nil || k.Undefined == "" {
		t.Errorf("mean κ of no defined pair = %+v, want undefined with a reason", k)
	}
}

// TestLabelRows: each label's figures with their units, "—" and the
// reason when undefined.
func TestLabelRows(t *testing.T) {
	rows := texts(labelRows([]labelAgreement{
		{Label: "PER", SpanF1Exact: num(1, 6), SpanF1Overlap: num(1, 6), AlphaU: num(0.95, 2)},
		{Label: "ORG", SpanF1Exact: num(0, 1), SpanF1Overlap: num(0, 1), AlphaU: figure{Units: 2, Undefined: agreement.ReasonNoSpans}},
	}))
	want := [][]string{
		{"PER", "1.000 (6)", "1.000 (6)", "0.950 (2)"},
		{"ORG", "0.000 (1)", "0.000 (1)", "— (" + agreement.ReasonNoSpans + ")"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("labelRows (-want +got):\n%s", diff)
	}
}

// TestHeatMap: a row and a column per annotator; a pair's cell, the same
// either way round, shows its figure and has the class of its band and a
// title with the pair, the figure and its units; the diagonal and a pair
// without articles are empty; each measure shows its own figure.
func TestHeatMap(t *testing.T) {
	r := &agreementReport{Pairs: []pairAgreement{
		{A: "ana", B: "bo", Articles: 2, CohensKappa: num(0.85, 100), SpanF1Exact: num(0.5, 8)},
		{A: "ana", B: "cy", Articles: 1, CohensKappa: figure{Units: 30, Undefined: agreement.ReasonOneCategory}},
	}}
	r.Overall.Annotators = []string{"ana", "bo", "cy"}
	head, rows := heatMap(r, "kappa")
	if diff := cmp.Diff([]string{"", "ana", "bo", "cy"}, head); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	want := [][]string{{"ana", "", "0.850", "—"}, {"bo", "0.850", "", ""}, {"cy", "—", "", ""}}
	if diff := cmp.Diff(want, texts(rows)); diff != "" {
		t.Errorf("κ (-want +got):\n%s", diff)
	}
	if c := rows[1][1]; c.class != "heat heat-4" || c.title != "bo and ana: 0.850 on 100 units, 2 articles" {
		t.Errorf("bo × ana = %+v", c)
	}
	if c := rows[0][3]; c.class != "heat heat-na" || !strings.Contains(c.title, agreement.ReasonOneCategory) {
		t.Errorf("an undefined κ = %+v, want the band heat-na and the reason in its title", c)
	}
	if c := rows[2][2]; c.class != "heat" || c.title != "" {
		t.Errorf("the diagonal = %+v, want an empty cell", c)
	}
	_, rows = heatMap(r, "exact")
	if c := rows[0][2]; c.text != "0.500" || c.class != "heat heat-2" {
		t.Errorf("F1 of ana × bo = %+v, want 0.500 in heat-2", c)
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{-0.3, "heat-0"}, {0, "heat-0"}, {0.199, "heat-0"}, {0.2, "heat-1"}, {0.4, "heat-2"}, {0.6, "heat-3"}, {0.79, "heat-3"}, {0.8, "heat-4"}, {1, "heat-4"}} {
		if got := heatBand(num(c.v, 1)); got != c.want {
			t.Errorf("heatBand(%v) = %s, want %s", c.v, got, c.want)
		}
	}
	if len(heatLegend) != 6 {
		t.Errorf("the legend has %d bands, want 5 and undefined", len(heatLegend))
	}
}

// TestConfusionRows: a row per label of the first annotator, a column per
// label of the second, the diagonal marked.
func TestConfusionRows(t *testing.T) {
	var p pairAgreement
	p.A, p.B = "ana", "cy"
	p.Confusion.Labels = []string{"LOC", "O", "ORG"}
	p.Confusion.Counts = [][]int{{0, 0, 1}, {0, 7, 0}, {0, 0, 0}}
	head, rows := confusionRows(p)
	if diff := cmp.Diff([]string{"ana ↓ · cy →", "LOC", "O", "ORG"}, head); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"LOC", "0", "0", "1"}, {"O", "0", "7", "0"}, {"ORG", "0", "0", "0"}}, texts(rows)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if rows[1][2].class != "num diag" || rows[0][3].class != "num" {
		t.Errorf("classes %q and %q, want the diagonal marked", rows[1][2].class, rows[0][3].class)
	}
}

// TestProgressHTML: the bar of a computation shows how far it got, and
// has a maximum even before the server knows the total.
func TestProgressHTML(t *testing.T) {
	for _, c := range []struct {
		count api.Count
		want  string
	}{
		{api.Count{Done: 3, Total: 10}, `3 of 10 done</label><progress id="agreement-progress" max="10" value="3">`},
		{api.Count{}, `0 of 0 done</label><progress id="agreement-progress" max="1" value="0">`},
	} {
		if got := progressHTML(c.count); !strings.Contains(got, c.want) {
			t.Errorf("progressHTML(%+v) = %s, want it to hold %s", c.count, got, c.want)
		}
	}
}
