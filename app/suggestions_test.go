package app

import (
	"slices"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// shownKeys lists the keys of the suggestions s shows, in order.
func shownKeys(s *session) []string {
	var keys []string
	for _, g := range s.sug.list {
		keys = append(keys, g.Key)
	}
	return keys
}

// TestSuggestionsWalkAcceptReject drives the suggestions as the keys do: n
// chooses the next after the caret, Enter accepts it as an ordinary
// mention and chooses the next, x rejects it (kept on the device) and
// chooses the next, a label key accepts the chosen one with that label.
func TestSuggestionsWalkAcceptReject(t *testing.T) {
	const text = "Ana Ruiz met Li Wei in Lima. Ana Ruiz and Li Wei left Lima for Quito."
	s, kept, _ := newTestSession(t, text)
	var rejectedKept map[string]bool
	s.keepRejected = func(setID string, rejected map[string]bool) { rejectedKept = rejected }
	s.runNamed(cmdLabel, "PER", textSelection{0, 8, true})

	got := learnedSuggestions{Entities: []annotations.Suggestion{
		{Start: 0, End: 8, Label: "PER", Source: annotations.SourceSameString, Confidence: 1}, // taken: tagged already
		{Start: 13, End: 19, Label: "PER", Source: annotations.SourceTagger, Confidence: 0.8},
		{Start: 23, End: 27, Label: "LOC", Source: annotations.SourceTagger, Confidence: 0.7},
		{Start: 29, End: 37, Label: "PER", Source: annotations.SourceSameString, Confidence: 1},
		{Start: 42, End: 48, Label: "PER", Source: annotations.SourceTagger, Confidence: 0.6},
		{Start: 64, End: 69, Label: "PER", Source: annotations.SourceTagger, Confidence: 0.55}, // Quito, wrong label
	}}
	s.setSuggestions(got, learnInfo{Articles: 2})
	if want := []string{"13-19 PER", "23-27 LOC", "29-37 PER", "42-48 PER", "64-69 PER"}; !slices.Equal(shownKeys(s), want) {
		t.Fatalf("shown %v, want %v (the tagged one left out)", shownKeys(s), want)
	}
	if len(s.ed.set.Entities) != 1 {
		t.Fatalf("suggestions made mentions: %d", len(s.ed.set.Entities))
	}

	// n from the caret at 20 chooses Lima (23); Enter accepts it.
	fx := s.runNamed(cmdNextSuggestion, "", textSelection{start: 20, end: 20})
	if s.sug.chosen != "23-27 LOC" || fx.Caret != 23 || !fx.PlaceCaret {
		t.Fatalf("n: chosen %q, effect %+v", s.sug.chosen, fx)
	}
	s.runNamed(cmdAccept, "", textSelection{start: -1})
	if e, ok := s.ed.entityAt(23, 27); !ok || e.Label != "LOC" {
		t.Fatalf("Enter did not make Lima a LOC mention: %+v", s.ed.set.Entities)
	}
	if s.sug.chosen != "29-37 PER" {
		t.Errorf("after Enter the chosen one is %q, want the next (29-37 PER)", s.sug.chosen)
	}
	// x rejects the chosen one: kept, gone, and the next is chosen.
	s.runNamed(cmdReject, "", textSelection{start: -1})
	if !rejectedKept["29-37 PER"] || slices.Contains(shownKeys(s), "29-37 PER") || s.sug.chosen != "42-48 PER" {
		t.Fatalf("x: rejected %v, shown %v, chosen %q", rejectedKept, shownKeys(s), s.sug.chosen)
	}
	// A rejected suggestion the worker proposes again stays away.
	s.setSuggestions(got, learnInfo{Articles: 2})
	if slices.Contains(shownKeys(s), "29-37 PER") {
		t.Error("a rejected suggestion came back")
	}
	// Quito: a label key with it chosen accepts it as that label.
	s.sug.chosen = "64-69 PER"
	s.runNamed(cmdLabel, "LOC", textSelection{start: 64, end: 64})
	if e, ok := s.ed.entityAt(64, 69); !ok || e.Label != "LOC" {
		t.Fatalf("the label key did not accept Quito as LOC: %+v (%s)", s.ed.set.Entities, s.editErr)
	}
	// Enter at a caret inside a suggestion, none chosen, accepts it.
	s.sug.chosen = ""
	s.runNamed(cmdAccept, "", textSelection{start: 15, end: 15})
	if _, ok := s.ed.entityAt(13, 19); !ok {
		t.Fatalf("Enter at the caret in Li Wei did not accept it: %s", s.editErr)
	}
	if n := len(*kept); n != 4 {
		t.Errorf("%d edits kept, want 4 (a tag and three accepted)", n)
	}
}

// TestSuggestionsAcceptAllOfALabel: A accepts every suggestion of the
// chosen one's label as one edit, which one undo takes back.
func TestSuggestionsAcceptAllOfALabel(t *testing.T) {
	const text = "Ana met Li in Lima and Quito."
	s, _, _ := newTestSession(t, text)
	s.setSuggestions(learnedSuggestions{Entities: []annotations.Suggestion{
		{Start: 0, End: 3, Label: "PER", Source: annotations.SourceTagger, Confidence: 0.9},
		{Start: 8, End: 10, Label: "PER", Source: annotations.SourceTagger, Confidence: 0.9},
		{Start: 14, End: 18, Label: "LOC", Source: annotations.SourceTagger, Confidence: 0.9},
	}}, learnInfo{})
	if fx := s.runNamed(cmdAcceptAll, "", textSelection{}); s.editErr == "" || len(s.ed.set.Entities) != 0 {
		t.Fatalf("A with none chosen: effect %+v, message %q, %d mentions", fx, s.editErr, len(s.ed.set.Entities))
	}
	s.sug.chosen = "8-10 PER"
	s.runNamed(cmdAcceptAll, "", textSelection{})
	if len(s.ed.set.Entities) != 2 || !slices.Equal(shownKeys(s), []string{"14-18 LOC"}) {
		t.Fatalf("A: %d mentions, shown %v", len(s.ed.set.Entities), shownKeys(s))
	}
	s.runNamed(cmdUndo, "", textSelection{})
	if len(s.ed.set.Entities) != 0 {
		t.Fatalf("one undo left %d of the accepted mentions", len(s.ed.set.Entities))
	}
}

// TestSuggestionsTakenByAnEdit: tagging by hand over a suggestion takes it
// off the screen at once, without waiting for the worker.
func TestSuggestionsTakenByAnEdit(t *testing.T) {
	const text = "Ana met Li in Lima."
	s, _, _ := newTestSession(t, text)
	s.setSuggestions(learnedSuggestions{Entities: []annotations.Suggestion{
		{Start: 14, End: 18, Label: "LOC", Source: annotations.SourceTagger, Confidence: 0.9},
	}}, learnInfo{})
	s.sug.chosen = "14-18 LOC"
	version := s.sug.version
	s.runNamed(cmdLabel, "ORG", textSelection{14, 18, true})
	if len(s.sug.list) != 0 || s.sug.chosen != "" || s.sug.version == version {
		t.Fatalf("after tagging over it: shown %v, chosen %q, version %d (was %d)", shownKeys(s), s.sug.chosen, s.sug.version, version)
	}
	if e, ok := s.ed.entityAt(14, 18); !ok || e.Label != "ORG" {
		t.Fatalf("the selection's tag lost to the suggestion: %+v", s.ed.set.Entities)
	}
}

// TestQuoteSuggestionAccepted: accepting a quote suggestion makes one
// revision: a direct quote with its cue and speaker.
func TestQuoteSuggestionAccepted(t *testing.T) {
	const text = `"We will not back down," Ana Ruiz said.`
	s, kept, _ := newTestSession(t, text)
	s.runNamed(cmdLabel, "PER", textSelection{25, 33, true})
	per := s.ed.set.Entities[0].ID
	s.setSuggestions(learnedSuggestions{Quotes: []annotations.QuoteSuggestion{{Start: 1, End: 23, CueStart: 34, CueEnd: 38,
		Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: per}, Source: annotations.SourceQuotePattern, Confidence: 0.9}}}, learnInfo{})
	s.runNamed(cmdNextSuggestion, "", textSelection{start: 0, end: 0})
	s.runNamed(cmdAccept, "", textSelection{start: -1})
	if len(s.ed.set.Quotes) != 1 {
		t.Fatalf("no quote made: %s", s.editErr)
	}
	q := s.ed.set.Quotes[0]
	if q.Content.Exact != "We will not back down," || q.Cue == nil || q.Cue.Exact != "said" || q.Speaker.ID != per || !q.Direct {
		t.Errorf("quote %+v", q)
	}
	if len(*kept) != 2 || len((*kept)[1].revs) != 1 {
		t.Errorf("the quote took %d writes, want one revision", len(*kept)-1)
	}
}

// entityAt returns the set's mention of [start, end).
func (e *editor) entityAt(start, end int) (annotations.Entity, bool) {
	for _, en := range e.set.Entities {
		if en.Start == start && en.End == end {
			return en, true
		}
	}
	return annotations.Entity{}, false
}
