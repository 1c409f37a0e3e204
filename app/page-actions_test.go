package app

import "testing"

// TestQuotePreviewsInMessages: the delete confirmation and the conflicts
// list name a quote between one pair of quotation marks, not its own marks
// inside curly ones.
func TestQuotePreviewsInMessages(t *testing.T) {
	ed, rex, q := editorWithQuote(t, true)
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
