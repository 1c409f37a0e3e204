package formats

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

func TestSpreadsheetText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Russia", "Russia"},
		{`=HYPERLINK("http://evil.example/?x","click")`, `'=HYPERLINK("http://evil.example/?x","click")`},
		{"+1 555", "'+1 555"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"a=b", "a=b"},
		{"'quoted", "'quoted"},
	}
	for _, tt := range tests {
		if got := SpreadsheetText(tt.in); got != tt.want {
			t.Errorf("SpreadsheetText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestStanceCSVFormula: a topic an annotator typed as a formula is text in
// the stance CSV.
func TestStanceCSVFormula(t *testing.T) {
	recs := fixtureRecords(t)
	const formula = `=HYPERLINK("http://evil.example/?x","click")`
	found := false
	for i := range recs {
		for j := range recs[i].Stances {
			if recs[i].Stances[j].Target.Kind == annotations.RefTopic {
				recs[i].Stances[j].Target.Topic, recs[i].Stances[j].Target.Text, found = formula, formula, true
			}
		}
	}
	if !found {
		t.Fatal("the fixture has no stance on a topic")
	}
	out, _ := export(t, "stance-csv", Options{}, recs)
	if !strings.Contains(string(out), `"'=HYPERLINK(""http://evil.example/?x"",""click"")"`) || strings.Contains(string(out), `"=HYPERLINK`) {
		t.Errorf("the stance CSV does not make the formula text:\n%s", out)
	}
}
