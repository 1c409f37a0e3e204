package suggest

import (
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
)

func TestQuotes(t *testing.T) {
	const text = `"We will not back down," Rex Tillerson said on Monday. Merkel met Macron.` + "\n" +
		`Angela Merkel told reporters: „Wir schaffen das.“ Nobody answered "maybe".` + "\n" +
		`"It is over," according to Anna Ruiz, a UN envoy.` + "\n" +
		`"Already quoted," said Paris.`
	runes := []rune(text)
	tillerson := mention(t, text, "Rex Tillerson", 0, "PER")
	tillerson.ID = "00000000-0000-4000-8000-000000000001"
	merkel := mention(t, text, "Angela Merkel", 0, "PER")
	merkel.ID = "00000000-0000-4000-8000-000000000002"
	ruiz := mention(t, text, "Anna Ruiz", 0, "PER")
	ruiz.ID = "00000000-0000-4000-8000-000000000003"
	paris := mention(t, text, "Paris", 0, "LOC")
	paris.ID = "00000000-0000-4000-8000-000000000004"
	group := annotations.EntityGroup{ID: "00000000-0000-4000-8000-0000000000g1", Name: "Angela Merkel", Members: []string{merkel.ID}}
	quoted := mention(t, text, "Already quoted,", 0, "")
	set := annotations.Set{
		Entities: []annotations.Entity{tillerson, merkel, ruiz, paris},
		Groups:   []annotations.EntityGroup{group},
		Quotes:   []annotations.Quote{{ID: "00000000-0000-4000-8000-0000000000q1", Content: quoted.Span}},
	}
	type got struct {
		Content, Cue, Speaker string
		Confidence            float64
	}
	describe := func(qs []QuoteSuggestion) []got {
		var out []got
		for _, q := range qs {
			out = append(out, got{string(runes[q.Start:q.End]), string(runes[q.CueStart:q.CueEnd]), q.Speaker.ID, q.Confidence})
		}
		return out
	}
	want := []got{
		{"We will not back down,", "said", tillerson.ID, 0.9},
		{"Wir schaffen das.", "told", group.ID, 0.9},
		{"It is over,", "according to", ruiz.ID, 0.9},
	}
	qs := Quotes(runes, set, AllCues(), nil, nil)
	if diff := cmp.Diff(want, describe(qs)); diff != "" {
		t.Errorf("suggestions (-want +got):\n%s", diff)
	}
	for _, q := range qs {
		if q.Source != SourceQuotePattern {
			t.Errorf("%+v: source %q", q, q.Source)
		}
	}
	// "maybe" has no cue near it; the quote of Paris exists; a rejected
	// suggestion does not come back.
	rejected := map[string]bool{qs[0].Key(): true}
	if diff := cmp.Diff(want[1:], describe(Quotes(runes, set, AllCues(), nil, rejected))); diff != "" {
		t.Errorf("after rejecting the first (-want +got):\n%s", diff)
	}
	// Without PER mentions there is no speaker, so no suggestion.
	if qs := Quotes(runes, annotations.Set{Entities: []annotations.Entity{paris}}, AllCues(), nil, nil); len(qs) > 0 {
		t.Errorf("with no person tagged: %+v", describe(qs))
	}
}
