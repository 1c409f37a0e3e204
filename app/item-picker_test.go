package app

import (
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestTargetTypedNamesAMention: a stance's target typed as the name of a
// mention picks the mention on Enter (the first option), the topic of that
// name coming last; any other text typed is a new topic, first.
func TestTargetTypedNamesAMention(t *testing.T) {
	ed := newTestEditor(t, "Russia vetoed the resolution.", "ana")
	rev, ok, err := ed.tag(0, 6, "LOC")
	if err == nil && ok {
		err = ed.apply(rev)
	}
	if err != nil || !ok {
		t.Fatalf("tag Russia: %v", err)
	}
	tests := []struct {
		filter      string
		first, last annotations.RefKind
	}{
		{"russia", annotations.RefEntity, annotations.RefTopic},
		{"Russia ", annotations.RefEntity, annotations.RefTopic},
		{"the resolution", annotations.RefTopic, annotations.RefTopic},
		{"Russ", annotations.RefTopic, annotations.RefEntity}, // a topic of its own, the mention matching too
	}
	for _, tt := range tests {
		p := &ItemPicker{Ed: ed, Mode: pickTarget, filter: tt.filter}
		opts := p.options()
		if len(opts) == 0 || opts[0].Kind != tt.first || opts[len(opts)-1].Kind != tt.last {
			t.Errorf("typed %q: options %+v; want first a %s, last a %s", tt.filter, opts, tt.first, tt.last)
		}
	}
}
