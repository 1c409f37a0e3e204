package formats

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestSummarizeProblems: every problem is listed (up to the cap, then
// counted), and the entities the file lacks are named by their text.
func TestSummarizeProblems(t *testing.T) {
	rec := annotations.ExportRecord{Entities: []annotations.ExportEntity{
		{ID: "e1", Label: "PER", Text: "Rex Tillerson"},
		{ID: "e2", Label: "PER", Text: "Tillerson"},
		{ID: "e3", Label: "ORG", Text: "United Nations"},
		{ID: "e4", Label: "LOC", Text: "U.S"},
	}}
	problems := []Problem{
		{Item: "e2", Kind: ProblemOverlap, Message: "entity PER 4-13 \"Tillerson\" overlaps PER 0-13"},
		{Item: "e4", Kind: ProblemSplitToken, Message: "entity LOC \"U.S\" has a boundary inside the token \"U.S.\""},
		{Item: "e3", Kind: ProblemLeftOut, Message: "entity ORG \"United Nations\" starts inside a character"},
		{Item: "s1", Kind: ProblemLeftOut, Message: "stance AGAINST toward \"x\" has no evidence"},
	}
	got := SummarizeProblems(problems, 4, []annotations.ExportRecord{rec}, 20)
	want := ProblemSummary{Count: 4, Lines: []string{problems[0].Message, problems[1].Message, problems[2].Message, problems[3].Message},
		LeftOut: []string{"“Tillerson” (PER)", "“United Nations” (ORG)"}, LeftOutCount: 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}

	// Very many: the first 20 listed, the rest counted.
	var many []Problem
	for i := range MaxProblems {
		id := fmt.Sprint("m", i)
		rec.Entities = append(rec.Entities, annotations.ExportEntity{ID: id, Label: "PER", Text: id})
		many = append(many, Problem{Item: id, Kind: ProblemOverlap, Message: "problem " + id})
	}
	got = SummarizeProblems(many, 5000, []annotations.ExportRecord{rec}, 20)
	if got.Count != 5000 || len(got.Lines) != 20 || got.Lines[19] != "problem m19" ||
		got.LeftOutCount != MaxProblems || len(got.LeftOut) != 20 || got.LeftOut[0] != "“m0” (PER)" {
		t.Errorf("many problems: count %d, %d lines (last %q), %d of %d left out named", got.Count, len(got.Lines), got.Lines[len(got.Lines)-1], len(got.LeftOut), got.LeftOutCount)
	}
}
