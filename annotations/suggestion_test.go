package annotations

import (
	"reflect"
	"testing"
)

// TestPackSuggestions: what PackSuggestions writes unpacks to the same
// suggestions (confidences to a millionth), and a cut or tampered packing
// is refused.
func TestPackSuggestions(t *testing.T) {
	entities := []Suggestion{
		{Start: 0, End: 8, Label: "PER", Source: SourceSameString, Confidence: 1},
		{Start: 13, End: 19, Label: "LOC", Source: SourceTagger, Confidence: 0.731},
	}
	quotes := []QuoteSuggestion{{Start: 1, End: 23, CueStart: 34, CueEnd: 38, Speaker: Ref{Kind: RefGroup, ID: "g1"}, Source: SourceQuotePattern, Confidence: 0.9}}
	packed, strs := PackSuggestions(entities, quotes)
	gotE, gotQ, err := UnpackSuggestions(packed, strs)
	if err != nil || !reflect.DeepEqual(gotE, entities) || !reflect.DeepEqual(gotQ, quotes) {
		t.Fatalf("unpacked %+v %+v (%v), want %+v %+v", gotE, gotQ, err, entities, quotes)
	}
	if e, q, err := UnpackSuggestions(PackSuggestions(nil, nil)); err != nil || len(e)+len(q) != 0 {
		t.Errorf("nothing packed unpacks to %d suggestions, %v", len(e)+len(q), err)
	}
	for name, bad := range map[string][]byte{"cut": packed[:len(packed)-4], "odd": packed[:len(packed)-1], "empty": nil} {
		if _, _, err := UnpackSuggestions(bad, strs); err == nil {
			t.Errorf("%s: unpacked without an error", name)
		}
	}
	if _, _, err := UnpackSuggestions(packed, strs[:1]); err == nil {
		t.Error("a label index past the strings unpacked without an error")
	}
}
