package suggest

import (
	"slices"
	"strconv"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/annotationstest"
	"github.com/google/go-cmp/cmp"
)

// mention returns the mention of the n-th (from 0) occurrence of sub in
// text, labelled label.
func mention(t *testing.T, text, sub string, n int, label string) annotations.Entity {
	t.Helper()
	return annotations.Entity{Span: annotationstest.SpanOf(t, text, sub, n), Label: label}
}

// describe lists suggestions as "exact LABEL confidence".
func describe(text []rune, ss []Suggestion) []string {
	var out []string
	for _, s := range ss {
		out = append(out, string(text[s.Start:s.End])+" "+s.Label+" "+strconv.FormatFloat(s.Confidence, 'f', 2, 64))
	}
	return out
}

func TestSameString(t *testing.T) {
	const text = "Rex Tillerson met Apple. Tillerson, not tillerson nor Tillersons, ate an apple. " +
		"Rex Tillerson left; 👋🏽 Tillerson stayed. APPLE and Apple: Paris, Paris."
	tests := []struct {
		name     string
		tagged   []annotations.Entity // the set's mentions, counted into the gazetteer too
		more     map[string][]string  // taggings from other articles: exact → labels
		rejected []string             // exact texts whose first suggestion was rejected
		want     []string
	}{{
		name:   "whole words, case and all, in text order",
		tagged: []annotations.Entity{mention(t, text, "Tillerson", 1, "PER")},
		want:   []string{"Tillerson PER 1.00", "Tillerson PER 1.00", "Tillerson PER 1.00"},
	}, {
		name:   "a longer string wins over one inside it",
		tagged: []annotations.Entity{mention(t, text, "Rex Tillerson", 0, "PER"), mention(t, text, "Tillerson", 1, "PER")},
		want:   []string{"Rex Tillerson PER 1.00", "Tillerson PER 1.00"},
	}, {
		name:   "the label tagged most, with its share",
		tagged: []annotations.Entity{mention(t, text, "Paris", 0, "LOC")},
		more:   map[string][]string{"Paris": {"LOC", "ORG"}, "Apple": {"ORG", "ORG", "MISC"}},
		want:   []string{"Apple ORG 0.67", "Apple ORG 0.67", "Paris LOC 0.67"},
	}, {
		name:     "a rejected suggestion does not come back",
		tagged:   []annotations.Entity{mention(t, text, "Tillerson", 1, "PER")},
		rejected: []string{"Tillerson"},
		want:     []string{"Tillerson PER 1.00", "Tillerson PER 1.00"},
	}, {
		name: "nothing tagged, nothing proposed",
	}}
	runes := []rune(text)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Gazetteer{}
			g.AddMentions(tt.tagged)
			for exact, labels := range tt.more {
				for _, l := range labels {
					g.Add(exact, l)
				}
			}
			rejected := map[string]bool{}
			if len(tt.rejected) > 0 {
				for _, s := range SameString(runes, g, tt.tagged, nil) {
					if string(runes[s.Start:s.End]) == tt.rejected[0] {
						rejected[s.Key()] = true
						break
					}
				}
			}
			got := SameString(runes, g, tt.tagged, rejected)
			if diff := cmp.Diff(tt.want, describe(runes, got)); diff != "" {
				t.Errorf("suggestions (-want +got):\n%s", diff)
			}
			for _, s := range got {
				if s.Source != SourceSameString {
					t.Errorf("%+v: source %q", s, s.Source)
				}
				for _, m := range tt.tagged {
					if s.Start < m.End && m.Start < s.End {
						t.Errorf("%+v overlaps the mention %+v", s, m)
					}
				}
			}
		})
	}
}

// TestSameStringLongerName: a tagged string that a capitalized word
// follows is the start of another name ("Kenya" in "Kenya Railways"), not
// proposed; before a comma, a lower-case word or a line break it is.
func TestSameStringLongerName(t *testing.T) {
	const text = "Kenya Railways said Kenya, not Kenya Airways, would pay. Kenya will.\nKenya\nKenya Power."
	runes := []rune(text)
	g := Gazetteer{}
	g.Add("Kenya", "LOC")
	var got []int
	for _, s := range SameString(runes, g, nil, nil) {
		got = append(got, s.Start)
	}
	want := []int{20, 57, 69}
	if !slices.Equal(got, want) {
		t.Errorf("proposed at %v, want %v", got, want)
	}
}
