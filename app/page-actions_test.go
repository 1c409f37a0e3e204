package app

import (
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestQuotePreviewsInMessages: the delete confirmation and the conflicts
// list name a quote between one pair of quotation marks, not its own marks
// inside curly ones.
func TestQuotePreviewsInMessages(t *testing.T) {
	ed := newTestEditor(t, `Rex said "We will stay." on Monday.`, "ana")
	rex, _, err := ed.tag(0, 3, "PER")
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.apply(rex); err != nil {
		t.Fatal(err)
	}
	d, err := ed.newDraftQuote(9, 24)
	if err != nil {
		t.Fatal(err)
	}
	q, err := ed.createQuote(d, annotations.Ref{Kind: annotations.RefEntity, ID: rex.Item})
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.apply(q); err != nil {
		t.Fatal(err)
	}
	if got, want := describeRevision(ed, q), "“We will stay.” by Rex (PER)"; got != want {
		t.Errorf("describeRevision = %q, want %q", got, want)
	}
	refs := ed.set.ReferencesTo(rex.Item)
	if len(refs) != 1 {
		t.Fatalf("references to Rex = %v, want the quote's", refs)
	}
	if got, want := describeReference(ed, refs[0]), "the quote “We will stay.” (its speaker)"; got != want {
		t.Errorf("describeReference = %q, want %q", got, want)
	}
}
