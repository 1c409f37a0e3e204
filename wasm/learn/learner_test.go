package main

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/suggest"
)

// mention is the mention of the first occurrence of exact in text.
func mention(t *testing.T, text, exact, label string) annotations.Entity {
	t.Helper()
	i := strings.Index(text, exact)
	if i < 0 {
		t.Fatalf("%q is not in the text", exact)
	}
	runes := []rune(text)
	start := len([]rune(text[:i]))
	span, err := annotations.NewSpan(runes, start, start+len([]rune(exact)))
	if err != nil {
		t.Fatal(err)
	}
	return annotations.Entity{ID: exact, Span: span, Label: label}
}

// TestExampleTaughtUpToItsLastMention: an unfinished article teaches its
// text up to the end of the line of its last mention; a done one all of
// it; one without mentions nothing.
func TestExampleTaughtUpToItsLastMention(t *testing.T) {
	const text = "Ana Ruiz spoke.\nLi Wei listened.\nOmar Haddad left."
	m := []annotations.Entity{mention(t, text, "Ana Ruiz", "PER")}
	tests := []struct {
		name string
		ex   example
		want string
		ok   bool
	}{
		{"unfinished", example{Text: text, Mentions: m}, "Ana Ruiz spoke.", true},
		{"done", example{Text: text, Mentions: m, Done: true}, text, true},
		{"no mentions", example{Text: text, Done: true}, "", false},
	}
	for _, tt := range tests {
		got, ok := tt.ex.taught()
		if ok != tt.ok || string(got.Text) != tt.want {
			t.Errorf("%s: taught %q, %v; want %q, %v", tt.name, string(got.Text), ok, tt.want, tt.ok)
		}
	}
}

// TestLearnerTrainsEveryFewMentions: training is due after trainEvery
// mentions changed, or as soon as a set is marked done; sending the same
// example again changes nothing.
func TestLearnerTrainsEveryFewMentions(t *testing.T) {
	const text = "Ana Ruiz met Li Wei and Omar Haddad in Lima."
	a, b, c := mention(t, text, "Ana Ruiz", "PER"), mention(t, text, "Li Wei", "PER"), mention(t, text, "Omar Haddad", "PER")
	l := newLearner()
	steps := []struct {
		ex      example
		changed bool
		due     bool
	}{
		{example{Text: text, Mentions: []annotations.Entity{a}}, true, false},
		{example{Text: text, Mentions: []annotations.Entity{a}}, false, false},
		{example{Text: text, Mentions: []annotations.Entity{a, b}}, true, false},
		{example{Text: text, Mentions: []annotations.Entity{a, b, c}}, true, true},
	}
	for i, s := range steps {
		if changed := l.update("x", s.ex); changed != s.changed || l.due() != s.due {
			t.Fatalf("step %d: changed %v, due %v; want %v, %v", i, changed, l.due(), s.changed, s.due)
		}
	}
	m := l.train()
	if l.due() || m.Articles != 1 || m.Tagger == nil || m.Gazetteer["Li Wei"]["PER"] != 1 {
		t.Fatalf("after training: due %v, model %d articles, gazetteer %v", l.due(), m.Articles, m.Gazetteer)
	}
	// Relabelling one mention counts as one change; marking done trains.
	b.Label = "ORG"
	l.update("x", example{Text: text, Mentions: []annotations.Entity{a, b, c}})
	if l.pending != 2 || l.due() {
		t.Errorf("a relabel counted %d changes, want 2 (the old and the new), not due", l.pending)
	}
	l.update("x", example{Text: text, Mentions: []annotations.Entity{a, b, c}, Done: true})
	if !l.due() {
		t.Error("marking the set done did not make training due")
	}
}

// TestLearnerStartsFromTheTeamsModel: with the team's model and no example
// of its own, a device proposes with the team's tagger and gazetteer; its
// own examples then train from the team's, and the gazetteer holds both.
func TestLearnerStartsFromTheTeamsModel(t *testing.T) {
	const team = "Minister Ana Ruiz said the plan would work. Minister Li Wei said no."
	teamEx := suggest.Example{Text: []rune(team), Mentions: []annotations.Entity{mention(t, team, "Ana Ruiz", "PER"), mention(t, team, "Li Wei", "PER")}}
	g := suggest.Gazetteer{}
	g.AddMentions(teamEx.Mentions)
	l := newLearner()
	l.team = &suggest.Model{Tagger: suggest.Train([]suggest.Example{teamEx}, suggest.DefaultEpochs, suggest.DefaultSeed), Gazetteer: g, Articles: 1}
	m := l.train()
	if m.Tagger != l.team.Tagger || m.Articles != 1 {
		t.Fatalf("with no example of its own the device's model is not the team's: %d articles", m.Articles)
	}
	const text = "Later, Ana Ruiz met Omar Haddad."
	got := propose([]rune(text), annotations.Set{}, m, api.SuggestSettings{TaggerOff: true}, nil)
	if len(got.Entities) != 1 || got.Entities[0].Label != "PER" || got.Entities[0].Source != suggest.SourceSameString {
		t.Fatalf("the team's gazetteer proposed %+v, want Ana Ruiz PER", got.Entities)
	}
	l.update("mine", example{Text: text, Mentions: []annotations.Entity{mention(t, text, "Omar Haddad", "PER")}, Done: true})
	m = l.train()
	if m.Articles != 2 || m.Gazetteer["Ana Ruiz"]["PER"] != 1 || m.Gazetteer["Omar Haddad"]["PER"] != 1 || m.Tagger == l.team.Tagger {
		t.Errorf("after its own example: %d articles, gazetteer %v", m.Articles, m.Gazetteer)
	}
}

// TestProposeFollowsTheSettings: each source switch, the threshold and the
// rejected suggestions are obeyed.
func TestProposeFollowsTheSettings(t *testing.T) {
	const text = "Ana Ruiz spoke. \"We will win,\" Ana Ruiz said. Later Ana Ruiz left."
	first := mention(t, text, "Ana Ruiz", "PER")
	set := annotations.Set{Entities: []annotations.Entity{first}}
	count := func(p proposals) (int, int) { return len(p.Entities), len(p.Quotes) }
	tests := []struct {
		name            string
		settings        api.SuggestSettings
		rejected        map[string]bool
		entities, quote int
	}{
		{"defaults", api.SuggestSettings{}, nil, 2, 0}, // the quote's speaker is not tagged yet
		{"same string off", api.SuggestSettings{SameStringOff: true}, nil, 0, 0},
		{"threshold above", api.SuggestSettings{Threshold: 1.0}, nil, 2, 0},
		{"one rejected", api.SuggestSettings{}, map[string]bool{"31-39 PER": true}, 1, 0},
	}
	for _, tt := range tests {
		if e, q := count(propose([]rune(text), set, nil, tt.settings, tt.rejected)); e != tt.entities || q != tt.quote {
			t.Errorf("%s: %d mentions and %d quotes proposed, want %d and %d", tt.name, e, q, tt.entities, tt.quote)
		}
	}
	// With the speaker tagged, the quote is proposed, unless quotes are off.
	second := mention(t, text[30:], "Ana Ruiz", "PER")
	second.Start, second.End = second.Start+30, second.End+30
	set.Entities = append(set.Entities, second)
	if _, q := count(propose([]rune(text), set, nil, api.SuggestSettings{}, nil)); q != 1 {
		t.Errorf("%d quotes proposed with the speaker tagged, want 1", q)
	}
	if _, q := count(propose([]rune(text), set, nil, api.SuggestSettings{QuotesOff: true}, nil)); q != 0 {
		t.Errorf("%d quotes proposed with quotes off", q)
	}
}
