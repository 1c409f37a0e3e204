package app

import (
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

func TestSetProgress(t *testing.T) {
	tests := []struct {
		name string
		set  annotations.Set
		want string
	}{
		{"nothing", annotations.Set{}, ""},
		{"one mention", annotations.Set{Entities: make([]annotations.Entity, 1)}, "1 mention"},
		{"every kind", annotations.Set{Entities: make([]annotations.Entity, 12), Quotes: make([]annotations.Quote, 3), Stances: make([]annotations.Stance, 1), Groups: make([]annotations.EntityGroup, 2)},
			"12 mentions, 3 quotes, 1 stance, 2 groups"},
		{"kinds it lacks are left out", annotations.Set{Entities: make([]annotations.Entity, 2), Stances: make([]annotations.Stance, 2)}, "2 mentions, 2 stances"},
		{"conflicts and review", annotations.Set{Entities: make([]annotations.Entity, 2), Conflicts: make([]annotations.Revision, 1), Review: make([]annotations.ReviewFlag, 3)},
			"2 mentions · 1 conflict · 3 to review"},
		{"only a quote to review", annotations.Set{Quotes: make([]annotations.Quote, 1), Review: make([]annotations.ReviewFlag, 1)}, "1 quote · 1 to review"},
		{"only conflicts", annotations.Set{Conflicts: make([]annotations.Revision, 2)}, "2 conflicts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := setProgress(tt.set); got != tt.want {
				t.Errorf("setProgress = %q, want %q", got, tt.want)
			}
		})
	}
}
