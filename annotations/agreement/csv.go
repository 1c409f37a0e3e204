package agreement

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/gloss-annotate/gloss/annotations/formats"
)

// CSVHeader is the header row of WriteCSV: one figure per row.
//
//   - scope: what the figure is over: "project" (every article), "label"
//     (one entity label over the project), "pair" (two annotators over the
//     articles both marked done) or "article" (one article);
//   - article_id, label, annotator_a, annotator_b: which article, label and
//     pair, where the figure has one ("" where not): an article's row with
//     annotators is that pair's on the article, a pair's row with a label
//     that label's;
//   - kind: "entities", "quotes" or "stances";
//   - measure: see WriteCSV;
//   - value: the figure, "" when undefined;
//   - units: how many units it counts (tokens, spans, articles, matched
//     pairs: Figure.Units);
//   - undefined: why the value is undefined, "" when it is defined.
var CSVHeader = []string{"scope", "article_id", "label", "annotator_a", "annotator_b", "kind", "measure", "value", "units", "undefined"}

// WriteCSV writes r as CSV (RFC 4180, CRLF line ends) in long form: the
// header CSVHeader, then one row per figure, project, labels, pairs and
// articles in the report's order. The measures are the report's fields:
// span_f1_exact, span_f1_overlap, fleiss_kappa, alpha (on tokens),
// alpha_u and cohens_kappa (pairs) for entities; content_f1, direct_alpha,
// speaker_alpha, same_direct and same_speaker for quotes; matched_f1,
// polarity_alpha and same_polarity for stances. same_* are the share of
// the matched pairs that agree on the attribute (units: matched pairs).
// The confusion matrices and the measures' parts (p_o, p_e, precision,
// recall, disagreements) are in the JSON only.
func WriteCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	rows := csvRows{w: cw}
	rows.summary(csvKey{scope: "project"}, r.Overall)
	for _, l := range r.Labels {
		rows.label(csvKey{scope: "label", label: l.Label}, l)
	}
	for _, p := range r.Pairs {
		rows.pair(csvKey{scope: "pair"}, p)
	}
	for _, a := range r.Articles {
		k := csvKey{scope: "article", article: a.ArticleID}
		rows.summary(k, a.Summary)
		for _, p := range a.Pairs {
			rows.pair(k, p)
		}
	}
	if rows.err != nil {
		return rows.err
	}
	cw.Flush()
	return cw.Error()
}

// csvKey is what a row is about: its first five columns.
type csvKey struct{ scope, article, label, a, b string }

// csvRows writes rows, keeping the first error.
type csvRows struct {
	w   *csv.Writer
	err error
	row [10]string
}

// figure writes one figure's row.
func (c *csvRows) figure(k csvKey, kind, measure string, f Figure) {
	if c.err != nil {
		return
	}
	value := ""
	if v := float64(f.Value); f.Defined() && !math.IsNaN(v) && !math.IsInf(v, 0) {
		value = strconv.FormatFloat(v, 'g', -1, 64)
	}
	c.row = [10]string{k.scope, k.article, formats.SpreadsheetText(k.label), formats.SpreadsheetText(k.a), formats.SpreadsheetText(k.b), kind, measure, value, strconv.Itoa(f.Units), f.Undefined}
	c.err = c.w.Write(c.row[:])
}

// share writes the share of n matched pairs that agree (same of them).
func (c *csvRows) share(k csvKey, kind, measure string, same, n int) {
	f := undefinedFigure(0, ReasonNoUnits)
	if n > 0 {
		f = Figure{Value: Number(float64(same) / float64(n)), Units: n}
	}
	c.figure(k, kind, measure, f)
}

func (c *csvRows) summary(k csvKey, s Summary) {
	c.figure(k, "entities", "span_f1_exact", s.SpanF1Exact.Figure)
	c.figure(k, "entities", "span_f1_overlap", s.SpanF1Overlap.Figure)
	c.figure(k, "entities", "fleiss_kappa", s.FleissKappa.Figure)
	c.figure(k, "entities", "alpha", s.Alpha)
	c.figure(k, "entities", "alpha_u", s.AlphaU.Figure)
	c.quotes(k, s.Quotes)
	c.stances(k, s.Stances)
}

func (c *csvRows) label(k csvKey, l LabelFigures) {
	c.figure(k, "entities", "span_f1_exact", l.SpanF1Exact.Figure)
	c.figure(k, "entities", "span_f1_overlap", l.SpanF1Overlap.Figure)
	c.figure(k, "entities", "alpha_u", l.AlphaU.Figure)
}

func (c *csvRows) pair(k csvKey, p PairFigures) {
	k.a, k.b = p.A, p.B
	c.figure(k, "entities", "cohens_kappa", p.CohensKappa.Figure)
	c.figure(k, "entities", "span_f1_exact", p.SpanF1Exact.Figure)
	c.figure(k, "entities", "span_f1_overlap", p.SpanF1Overlap.Figure)
	c.figure(k, "entities", "alpha_u", p.AlphaU.Figure)
	c.quotes(k, p.Quotes)
	c.stances(k, p.Stances)
	for _, l := range p.Labels {
		lk := k
		lk.label = l.Label
		c.label(lk, l)
	}
}

func (c *csvRows) quotes(k csvKey, q QuoteFigures) {
	c.figure(k, "quotes", "content_f1", q.Content.Figure)
	c.figure(k, "quotes", "direct_alpha", q.Direct)
	c.figure(k, "quotes", "speaker_alpha", q.Speaker)
	c.share(k, "quotes", "same_direct", q.SameDirect, q.Content.Matched)
	c.share(k, "quotes", "same_speaker", q.SameSpeaker, q.Content.Matched)
}

func (c *csvRows) stances(k csvKey, s StanceFigures) {
	c.figure(k, "stances", "matched_f1", s.Matched.Figure)
	c.figure(k, "stances", "polarity_alpha", s.Polarity)
	c.share(k, "stances", "same_polarity", s.SamePolarity, s.Matched.Matched)
}
