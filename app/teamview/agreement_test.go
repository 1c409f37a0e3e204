package teamview

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

// TestPage: the page reads the server's answers, a computed report's JSON
// (where undefined figures are null) as the report itself; it refuses an
// answer it cannot read, and a page it does not know.
func TestPage(t *testing.T) {
	r := computedReport(t)
	if r.Overall.FleissKappa.Dropped == 0 || r.Overall.Quotes.Content.Defined() || len(r.Pairs) != 3 {
		t.Fatalf("the example should drop tokens from Fleiss' κ, have no quotes and three pairs: %+v", r)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Page("agreement", b, "p1", "/agreement-path")
	if err != nil {
		t.Fatal(err)
	}
	if want := AgreementHTML(r, "p1", "/agreement-path"); got != want {
		t.Errorf("the page of the report's JSON differs from the report's:\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(got, `<td class="num">—</td><td class="">0 quotes</td><td class="">`+esc(agreement.ReasonNoSpans)) {
		t.Errorf("undefined quotes do not show as — with the reason:\n%s", got)
	}
	pr := api.Progress{Articles: []api.ArticleProgress{{ArticleID: "a1", Title: "One", Assigned: []string{"ana"}, State: annotations.WorkNotStarted}}}
	pr.Annotators = api.Totals(pr.Articles)
	b, _ = json.Marshal(pr)
	if got, err := Page("progress", b, "p1", ""); err != nil || got != progressHTML(pr) {
		t.Errorf("Page(progress) = %s, %v; want ProgressHTML", got, err)
	}
	for _, c := range []struct{ kind, answer string }{{"agreement", "{"}, {"progress", `{"articles": 3}`}, {"other", "{}"}} {
		if _, err := Page(c.kind, []byte(c.answer), "p1", ""); err == nil {
			t.Errorf("Page(%s, %s) made a page", c.kind, c.answer)
		}
	}
}

// num returns a figure of value v on units units.
func num(v float64, units int) agreement.Figure {
	return agreement.Figure{Value: agreement.Number(v), Units: units}
}

// undefined returns an undefined figure on units units, for reason.
func undefined(units int, reason string) agreement.Figure {
	return agreement.Figure{Value: agreement.Number(math.NaN()), Units: units, Undefined: reason}
}

// testReport is a report of three annotators with figures of every kind:
// defined, undefined, with units left out.
func testReport() agreement.Report {
	f1 := func(f agreement.Figure) agreement.F1 { return agreement.F1{Figure: f} }
	kappa := func(f agreement.Figure) agreement.Kappa { return agreement.Kappa{Figure: f} }
	alphaU := func(f agreement.Figure) agreement.AlphaU { return agreement.AlphaU{Figure: f} }
	none := undefined(0, agreement.ReasonNoUnits)
	pair := func(a, b string, articles int, k, exact agreement.Figure) agreement.PairFigures {
		return agreement.PairFigures{A: a, B: b, Articles: articles, CohensKappa: kappa(k), SpanF1Exact: f1(exact), SpanF1Overlap: f1(none), AlphaU: alphaU(none)}
	}
	r := agreement.Report{
		Labels: []agreement.LabelFigures{
			{Label: "PER", SpanF1Exact: f1(num(1, 6)), SpanF1Overlap: f1(num(1, 6)), AlphaU: alphaU(num(0.95, 2))},
			{Label: "ORG", SpanF1Exact: f1(num(0, 1)), SpanF1Overlap: f1(num(0, 1)), AlphaU: alphaU(undefined(2, agreement.ReasonNoSpans))},
		},
		Pairs: []agreement.PairFigures{
			pair("ana", "bo", 2, num(0.9, 100), num(0.5, 8)),
			pair("ana", "cy", 1, num(0.5, 60), none),
			pair("bo", "cy", 1, undefined(10, agreement.ReasonOneCategory), none),
		},
		Skipped: []string{"x"},
	}
	o := &r.Overall
	o.Articles, o.Tokens, o.Annotators = 2, 170, []string{"ana", "bo", "cy"}
	o.SpanF1Exact, o.SpanF1Overlap = f1(num(0.8126, 32)), f1(none)
	o.FleissKappa = agreement.Kappa{Figure: num(-0.25, 40), Dropped: 12}
	o.Alpha, o.AlphaU = none, alphaU(none)
	o.Quotes.Content, o.Quotes.Direct, o.Quotes.Speaker = f1(undefined(0, agreement.ReasonNoSpans)), none, none
	o.Stances.Matched, o.Stances.Polarity = f1(none), none
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
	page := AgreementHTML(testReport(), "p1", "/api/v1/projects/p1/agreement")
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
		"Stances: α on polarity":               {"—|num", "0 matched pairs", agreement.ReasonNoUnits},
	} {
		if diff := cmp.Diff(want, byName[name]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	for _, want := range []string{
		"2 articles marked done by at least two annotators (170 tokens); annotators: ana, bo, cy. 1 article left out",
		`href="/api/v1/projects/p1/agreement?format=csv" download="agreement-p1.csv"`,
		`href="/api/v1/projects/p1/agreement" download="agreement-p1.json"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not hold %s:\n%s", want, page)
		}
	}
	if k := MeanKappa(testReport().Pairs[2:]); k.Defined() || k.Undefined == "" {
		t.Errorf("mean κ of no defined pair = %+v, want undefined with a reason", k)
	}
	if empty := AgreementHTML(agreement.Report{}, "p1", "/api/v1/projects/p1/agreement"); !strings.Contains(empty, "nothing to compare") {
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
	if diff := cmp.Diff(want, tableCells(t, AgreementHTML(testReport(), "p1", "/api/v1/projects/p1/agreement"), "agreement-label-table")); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
}

// TestHeatMap: a heat map per measure, a row and a column per annotator;
// a pair's cell, the same either way round, shows its figure and has the
// class of its band and a title with the pair, the figure and its units
// (and why it is undefined); the diagonal and a pair without figures are
// empty.
func TestHeatMap(t *testing.T) {
	page := AgreementHTML(testReport(), "p1", "/api/v1/projects/p1/agreement")
	want := [][]string{
		{"ana", "|heat", "0.900|heat heat-4|ana and bo: 0.900 on 100 units, 2 articles", "0.500|heat heat-2|ana and cy: 0.500 on 60 units, 1 article"},
		{"bo", "0.900|heat heat-4|bo and ana: 0.900 on 100 units, 2 articles", "|heat", "—|heat heat-na|bo and cy: — on 10 units, 1 article (" + agreement.ReasonOneCategory + ")"},
		{"cy", "0.500|heat heat-2|cy and ana: 0.500 on 60 units, 1 article", "—|heat heat-na|cy and bo: — on 10 units, 1 article (" + agreement.ReasonOneCategory + ")", "|heat"},
	}
	if diff := cmp.Diff(want, tableCells(t, page, "agreement-heat-kappa")); diff != "" {
		t.Errorf("κ (-want +got):\n%s", diff)
	}
	if !strings.Contains(page, `aria-label="Cohen&#39;s κ of pairs"><table id="agreement-heat-kappa" class="data-table team-table"><thead><tr><th scope="col">Cohen&#39;s κ</th><th scope="col">ana</th>`) {
		t.Errorf("the heat map of κ is not a named region with the measure in its corner:\n%s", page)
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
	page := AgreementHTML(testReport(), "p1", "/api/v1/projects/p1/agreement")
	want := [][]string{{"LOC", "0|num diag", "0|num", "1|num"}, {"O", "0|num", "7|num diag", "0|num"}, {"ORG", "0|num", "0|num", "0|num diag"}}
	if diff := cmp.Diff(want, tableCells(t, page, "agreement-confusion-1")); diff != "" {
		t.Errorf("ana × cy (-want +got):\n%s", diff)
	}
	for _, want := range []string{
		`<details open><summary>ana × bo</summary>`,
		`<details><summary>ana × cy</summary><div class="table-scroll" tabindex="0" role="region" aria-label="Confusion matrix of ana and cy"><table id="agreement-confusion-1" class="data-table team-table"><thead><tr><th scope="col">ana ↓ · cy →</th><th scope="col">LOC</th>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not hold %s", want)
		}
	}
}

// TestComputing: the bar of a computation shows how far it got, and has a
// maximum even before the server knows the total; an answer that is not
// a pending computation's is an error.
func TestComputing(t *testing.T) {
	for _, c := range []struct {
		count api.Count
		want  string
	}{
		{api.Count{Done: 3, Total: 10}, `3 of 10 done</label><progress id="agreement-progress" max="10" value="3">`},
		{api.Count{}, `0 of 0 done</label><progress id="agreement-progress" max="1" value="0">`},
	} {
		b, _ := json.Marshal(api.AgreementPending{Progress: c.count})
		if got, err := Page("computing", b, "p1", ""); err != nil || !strings.Contains(got, c.want) {
			t.Errorf("the computing page of %s = %s, %v; want it to hold %s", b, got, err, c.want)
		}
	}
	if got, err := Page("computing", []byte(`{"progress": 3}`), "p1", ""); err == nil {
		t.Errorf("the computing page of a bad answer = %s, want an error", got)
	}
}
