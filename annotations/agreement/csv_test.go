package agreement

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
)

func TestWriteCSV(t *testing.T) {
	articles := project(t)
	// An annotator whose name needs quoting in CSV.
	for i, s := range articles[0].Sets {
		if s.Annotator == "cy" {
			articles[0].Sets[i].Annotator = `cy "C", the third`
		}
	}
	ana, bo := quoteSets(t)
	articles = append(articles, ArticleSets{Article: annotations.Article{ID: "q", Text: quoteText}, Sets: []annotations.Set{ana, bo}})
	r := Compute(articles)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\r\n") {
		t.Errorf("rows end without CRLF (RFC 4180)")
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not read back: %v", err)
	}
	if diff := cmp.Diff(CSVHeader, rows[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	find := func(scope, article, label, a, b, measure string) []string {
		t.Helper()
		var found []string
		for _, row := range rows[1:] {
			if row[0] == scope && row[1] == article && row[2] == label && row[3] == a && row[4] == b && row[6] == measure {
				if found != nil {
					t.Errorf("two rows %v and %v", found, row)
				}
				found = row
			}
		}
		if found == nil {
			t.Fatalf("no row %s/%s/%s/%s/%s/%s", scope, article, label, a, b, measure)
		}
		return found
	}
	value := func(row []string, want Figure) {
		t.Helper()
		if row[8] != strconv.Itoa(want.Units) || row[9] != want.Undefined {
			t.Errorf("row %v: want units %d, undefined %q", row, want.Units, want.Undefined)
		}
		if !want.Defined() {
			if row[7] != "" {
				t.Errorf("row %v: undefined figure with value %q", row, row[7])
			}
			return
		}
		v, err := strconv.ParseFloat(row[7], 64)
		if err != nil || v != float64(want.Value) {
			t.Errorf("row %v: value %q, want %v", row, row[7], want.Value)
		}
	}
	value(find("project", "", "", "", "", "alpha"), r.Overall.Alpha)
	value(find("project", "", "", "", "", "fleiss_kappa"), r.Overall.FleissKappa.Figure)
	value(find("label", "", "LOC", "", "", "alpha_u"), r.Labels[0].AlphaU.Figure)
	cy := `cy "C", the third`
	var anaCy PairFigures
	for _, p := range r.Pairs {
		if p.A == "ana" && p.B == cy {
			anaCy = p
		}
	}
	value(find("pair", "", "", "ana", cy, "cohens_kappa"), anaCy.CohensKappa.Figure)
	value(find("pair", "", "PER", "ana", cy, "span_f1_exact"), anaCy.Labels[len(anaCy.Labels)-1].SpanF1Exact.Figure)
	one := articles[0].Article.ID
	value(find("article", one, "", "", "", "span_f1_exact"), r.Articles[0].Summary.SpanF1Exact.Figure)
	value(find("article", one, "", "ana", "bo", "cohens_kappa"), r.Articles[0].Pairs[0].CohensKappa.Figure)
	// Quotes and stances: 2 matched quote pairs, 1 with the same direct;
	// no stance matched in the first articles.
	value(find("article", "q", "", "", "", "same_direct"), Figure{Value: 0.5, Units: 2})
	value(find("article", one, "", "", "", "polarity_alpha"), r.Articles[0].Summary.Stances.Polarity)
	value(find("article", one, "", "", "", "same_polarity"), Figure{Value: undefined, Undefined: ReasonNoUnits})

	// Every row has a known kind and every column.
	for _, row := range rows[1:] {
		if len(row) != len(CSVHeader) || (row[5] != "entities" && row[5] != "quotes" && row[5] != "stances") {
			t.Errorf("row %v", row)
		}
	}
}
