package api

import (
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
)

func TestTotals(t *testing.T) {
	set := func(name string, s annotations.WorkState, spent int64) annotations.SetProgress {
		return annotations.SetProgress{Annotator: name, State: s, Spent: spent}
	}
	articles := []ArticleProgress{
		{ArticleID: "a1", Assigned: []string{"ana", "bob"}, Sets: []annotations.SetProgress{
			set("ana", annotations.WorkDone, 1000), set("bob", annotations.WorkInProgress, 500), set(annotations.GoldAnnotator, annotations.WorkDone, 9000)}},
		{ArticleID: "a2", Assigned: []string{"ana"}, Sets: nil},
		{ArticleID: "a3", Sets: []annotations.SetProgress{set("cem", annotations.WorkSkipped, 10)}},
	}
	want := []AnnotatorProgress{
		{Annotator: "ana", Assigned: 2, NotStarted: 1, Done: 1, Spent: 1000},
		{Annotator: "bob", Assigned: 1, InProgress: 1, Spent: 500},
		{Annotator: "cem", Skipped: 1, Spent: 10},
	}
	if d := cmp.Diff(want, Totals(articles)); d != "" {
		t.Errorf("Totals (-want +got):\n%s", d)
	}
}
