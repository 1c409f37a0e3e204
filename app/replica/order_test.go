package replica

import (
	"slices"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestOrderPending checks that pending revisions go to the server with
// what each refers to and each parent first, whatever order the device's
// store returns them in (IndexedDB returns them by revision ID) and
// whichever device made them: a quote is pushed after its speaker's
// mention even when its ID sorts first, or when another device made it
// and this one sends it again after a restore (its Made is 0, the
// mention's is not).
func TestOrderPending(t *testing.T) {
	a, err := annotations.NewArticle("", "Rex Tillerson said “we will win”.", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	text := []rune(a.Text)
	span := func(start, end int) annotations.Span {
		s, err := annotations.NewSpan(text, start, end)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	mention := annotations.Entity{ID: "00000000-0000-4000-8000-000000000001", Span: span(0, 13), Label: "PER"}
	tag, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ana"}, mention)
	if err != nil {
		t.Fatal(err)
	}
	quote, err := annotations.NewQuoteRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ana"}, annotations.Quote{ID: "00000000-0000-4000-8000-000000000002",
		Content: span(19, 32), Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: mention.ID}})

	if err != nil {
		t.Fatal(err)
	}
	mention.Label = "ORG"
	relabel, err := annotations.NewEntityRevision(tag.ID, annotations.SetKey{ArticleID: a.ID, Annotator: "ana"}, mention)
	if err != nil {
		t.Fatal(err)
	}
	other, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ana"}, annotations.Entity{ID: "00000000-0000-4000-8000-000000000003", Span: span(19, 32), Label: "MISC"})
	if err != nil {
		t.Fatal(err)
	}
	old := Pending{Revision: tag} // stored before "made" existed
	made := []Pending{{Revision: quote, Made: 2}, {Revision: relabel, Made: 3}, {Revision: tag, Made: 1}}
	for _, tt := range []struct {
		name string
		in   []Pending
		want []string
	}{
		{"by kind, generation, made", made, []string{tag.ID, relabel.ID, quote.ID}},
		{"reversed", []Pending{made[1], made[0], made[2]}, []string{tag.ID, relabel.ID, quote.ID}},
		{"older records first, by generation", []Pending{made[0], {Revision: relabel}, old}, []string{tag.ID, relabel.ID, quote.ID}},
		// Sent again after the server lost them: none has a Made value,
		// and the quote (generation 1) still follows its speaker's mention
		// (whose revisions are generations 1 and 2).
		{"sent again, by kind then generation", []Pending{{Revision: quote}, {Revision: relabel}, old}, []string{tag.ID, relabel.ID, quote.ID}},
		// Sent again after a restore: the quote another device made
		// (pulled, Made 0) refers to the mention this device made.
		{"a pulled quote of a mention made here", []Pending{{Revision: quote}, {Revision: tag, Made: 1}}, []string{tag.ID, quote.ID}},
		// And the relabel another device made is a child of it.
		{"a pulled child of a revision made here", []Pending{{Revision: relabel}, {Revision: tag, Made: 1}}, []string{tag.ID, relabel.ID}},
		{"same kind and generation: as made", []Pending{{Revision: tag, Made: 2}, {Revision: other, Made: 1}}, []string{other.ID, tag.ID}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pending := slices.Clone(tt.in)
			OrderPending(pending)
			var got []string
			for _, p := range pending {
				got = append(got, p.Revision.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("order %v, want %v", got, tt.want)
			}
		})
	}
}
