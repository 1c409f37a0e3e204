package app

import (
	"slices"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestOrderPending checks that pending revisions go to the server in the
// order they were made, whatever order IndexedDB returns them in (it
// returns them by revision ID): a quote made after its speaker's mention is
// pushed after it, even when its ID sorts first.
func TestOrderPending(t *testing.T) {
	ed := newTestEditor(t, "Rex Tillerson said “we will win”.", "ana")
	tag, _, err := ed.tag(0, 13, "PER")
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.apply(tag); err != nil {
		t.Fatal(err)
	}
	d, err := ed.newDraftQuote(19, 32)
	if err != nil {
		t.Fatal(err)
	}
	quote, err := ed.createQuote(d, annotations.Ref{Kind: annotations.RefEntity, ID: tag.Item})
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.apply(quote); err != nil {
		t.Fatal(err)
	}
	relabel, _, err := ed.relabel(tag.Item, "ORG")
	if err != nil {
		t.Fatal(err)
	}
	old := localRevision{Revision: tag, Pending: true} // stored before "made" existed
	made := []localRevision{
		{Revision: quote, Pending: true, Made: 2},
		{Revision: relabel, Pending: true, Made: 3},
		{Revision: tag, Pending: true, Made: 1},
	}
	for _, tt := range []struct {
		name string
		in   []localRevision
		want []string
	}{
		{"by made", made, []string{tag.ID, quote.ID, relabel.ID}},
		{"reversed", []localRevision{made[1], made[0], made[2]}, []string{tag.ID, quote.ID, relabel.ID}},
		{"older records first, by generation", []localRevision{made[0], {Revision: relabel, Pending: true}, old}, []string{tag.ID, relabel.ID, quote.ID}},
		// Sent again after the server lost them: none has a Made value,
		// and the quote (generation 1) still follows its speaker's mention
		// (whose revisions are generations 1 and 2).
		{"sent again, by kind then generation", []localRevision{{Revision: quote, Pending: true}, {Revision: relabel, Pending: true}, old}, []string{tag.ID, relabel.ID, quote.ID}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			revs := slices.Clone(tt.in)
			orderPending(revs)
			var got []string
			for _, r := range revs {
				got = append(got, r.Revision.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("order %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNextMadeIncreases(t *testing.T) {
	prev := nextMade()
	for range 1000 {
		m := nextMade()
		if m <= prev {
			t.Fatalf("nextMade gave %v after %v", m, prev)
		}
		prev = m
	}
}
