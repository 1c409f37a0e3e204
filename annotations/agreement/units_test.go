package agreement

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
)

// at returns the code point offsets of the n-th (from 0) occurrence of sub
// in text.
func at(t testing.TB, text, sub string, n int) (int, int) {
	t.Helper()
	from := 0
	for {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			t.Fatalf("%q not found %d times in %q", sub, n+1, text)
		}
		if n == 0 {
			start := len([]rune(text[:from+i]))
			return start, start + len([]rune(sub))
		}
		from += i + len(sub)
		n--
	}
}

// mention returns an entity of text over the first occurrence of sub.
func mention(t testing.TB, text, id, sub, label string) annotations.Entity {
	s, e := at(t, text, sub, 0)
	return annotations.Entity{ID: id, Span: annotations.Span{Start: s, End: e, Exact: sub}, Label: label}
}

func TestTokenLabels(t *testing.T) {
	text := "👋 Rex Tillerson met Sergei Lavrov in New York."
	ana := annotations.Set{Annotator: "ana", Entities: []annotations.Entity{
		mention(t, text, "a1", "Rex Tillerson met Sergei Lavrov", "MISC"),
		mention(t, text, "a2", "Rex Tillerson", "PER"),
		mention(t, text, "a3", "Sergei Lavrov", "PER"),
		mention(t, text, "a4", "New York", "LOC"),
	}}
	bo := annotations.Set{Annotator: "bo", Entities: []annotations.Entity{
		mention(t, text, "b1", "Tillerson", "PER"),
		mention(t, text, "b2", "New Yo", "ORG"), // ends inside "York"
	}}
	runes := []rune(text)
	tokens := Tokens(runes, []annotations.Set{ana, bo})
	var words []string
	for _, tok := range tokens {
		words = append(words, string(runes[tok[0]:tok[1]]))
	}
	wantWords := []string{"👋", "Rex", "Tillerson", "met", "Sergei", "Lavrov", "in", "New", "Yo", "rk", "."}
	if diff := cmp.Diff(wantWords, words); diff != "" {
		t.Errorf("tokens (-want +got):\n%s", diff)
	}
	if tokens[1] != [2]int{2, 5} {
		t.Errorf("token Rex = %v, want [2 5] (code points: 👋 is one)", tokens[1])
	}
	got := TokenLabels(runes, tokens, []annotations.Set{ana, bo})
	want := [][]string{
		{"O", "PER", "PER", "MISC", "PER", "PER", "O", "LOC", "LOC", "LOC", "O"},
		{"O", "O", "PER", "O", "O", "O", "O", "ORG", "ORG", "O", "O"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("token labels (-want +got):\n%s", diff)
	}
}

// TestTokensChinese: agreement on tokens counts a Chinese text, written
// without spaces, an ideograph a token, as the exports cut it, not as a
// token a run between punctuation.
func TestTokensChinese(t *testing.T) {
	text := "普京在莫斯科会见了蒂勒森。"
	ana := annotations.Set{Annotator: "ana", Entities: []annotations.Entity{mention(t, text, "a1", "普京", "PER")}}
	bo := annotations.Set{Annotator: "bo", Entities: []annotations.Entity{mention(t, text, "b1", "莫斯科", "LOC")}}
	runes := []rune(text)
	tokens := Tokens(runes, []annotations.Set{ana, bo})
	if len(tokens) != len(runes) {
		t.Errorf("Tokens(%q) = %v; want one a character", text, tokens)
	}
	got := TokenLabels(runes, tokens, []annotations.Set{ana, bo})
	want := [][]string{
		{"PER", "PER", "O", "O", "O", "O", "O", "O", "O", "O", "O", "O", "O"},
		{"O", "O", "O", "LOC", "LOC", "LOC", "O", "O", "O", "O", "O", "O", "O"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("token labels (-want +got):\n%s", diff)
	}
}

// quoteText is the article of the quote and stance tests.
const quoteText = `Sergei Lavrov spoke. "We talked about the relations," Lavrov said. He said nothing else.`

// quoteSets returns two annotators' sets of quoteText.
func quoteSets(t testing.TB) (annotations.Set, annotations.Set) {
	text := quoteText
	span := func(sub string) annotations.Span {
		s, e := at(t, text, sub, 0)
		return annotations.Span{Start: s, End: e, Exact: sub}
	}
	ana := annotations.Set{Annotator: "ana",
		Entities: []annotations.Entity{mention(t, text, "a-full", "Sergei Lavrov", "PER"), mention(t, text, "a-short", "Lavrov said", "PER")},
		Groups:   []annotations.EntityGroup{{ID: "a-g", Name: "Sergei Lavrov", Members: []string{"a-full", "a-short"}}},
		Quotes: []annotations.Quote{
			{ID: "a-q1", Content: span(`"We talked about the relations,"`), Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: "a-short"}, Direct: true},
			{ID: "a-q2", Content: span("nothing else"), Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: "a-full"}},
		},
		Stances: []annotations.Stance{
			{ID: "a-s1", Holder: annotations.Holder{Kind: annotations.RefGroup, ID: "a-g"}, Target: annotations.Target{Kind: annotations.RefTopic, Topic: "US-Russia  Relations"}, Polarity: "AGAINST"},
			{ID: "a-s2", Holder: annotations.Holder{Kind: annotations.RefArticle}, Target: annotations.Target{Kind: annotations.RefTopic, Topic: "talks"}, Polarity: "FAVOR"},
		},
	}
	bo := annotations.Set{Annotator: "bo",
		Entities: []annotations.Entity{mention(t, text, "b-full", "Sergei Lavrov", "PER")},
		Quotes: []annotations.Quote{
			// Jaccard 29/32 with ana's first quote.
			{ID: "b-q1", Content: span("We talked about the relations"), Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: "b-full"}, Direct: false},
			// "He said nothing else" against "nothing else": Jaccard 12/20.
			{ID: "b-q2", Content: span("He said nothing else"), Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: "b-full"}, Direct: false},
		},
		Stances: []annotations.Stance{
			{ID: "b-s1", Holder: annotations.Holder{Kind: annotations.RefQuoteSpeaker, ID: "b-q1"}, Target: annotations.Target{Kind: annotations.RefTopic, Topic: "us-russia relations"}, Polarity: "AGAINST"},
			{ID: "b-s2", Holder: annotations.Holder{Kind: annotations.RefArticle}, Target: annotations.Target{Kind: annotations.RefTopic, Topic: "the talks"}, Polarity: "FAVOR"},
		},
	}
	return ana, bo
}

func TestMatchQuotes(t *testing.T) {
	ana, bo := quoteSets(t)
	fullStart, fullEnd := at(t, quoteText, "Sergei Lavrov", 0)
	full := spanName(fullStart, fullEnd)
	got := MatchQuotes(ana, bo)
	// Quote 1: ana's speaker "Lavrov said" is in the group of "Sergei
	// Lavrov", bo's speaker: the same speaker. Quote 2: same mention.
	want := []QuotePair{
		{A: 0, B: 0, SameDirect: false, SameSpeaker: true, SpeakerA: full, SpeakerB: full},
		{A: 1, B: 1, SameDirect: true, SameSpeaker: true, SpeakerA: full, SpeakerB: full},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("matches (-want +got):\n%s", diff)
	}
	// Below Jaccard 0.5: "else" against "He said nothing else" is 4/20.
	bo.Quotes[1].Content = annotations.Span{Start: bo.Quotes[1].Content.End - 4, End: bo.Quotes[1].Content.End}
	if got := MatchQuotes(ana, bo); len(got) != 1 {
		t.Errorf("with a Jaccard of 0.2, %d matches, want 1", len(got))
	}
	// A speaker that is another mention disagrees.
	ana.Groups = nil
	got = MatchQuotes(ana, bo)
	if len(got) == 0 || got[0].SameSpeaker || got[0].SpeakerA == got[0].SpeakerB {
		t.Errorf("ungrouped \"Lavrov said\" against \"Sergei Lavrov\": %+v, want different speakers", got)
	}
}

func TestMatchStances(t *testing.T) {
	ana, bo := quoteSets(t)
	got := MatchStances(ana, bo)
	// Stance 1: the group against the speaker of bo's quote (Sergei
	// Lavrov), the same topic after normalization. Stance 2: "talks" is
	// not "the talks".
	want := []StancePair{{A: 0, B: 0, SamePolarity: true}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("matches (-want +got):\n%s", diff)
	}
	bo.Stances[1].Target.Topic = " Talks "
	bo.Stances[1].Polarity = "AGAINST"
	want = append(want, StancePair{A: 1, B: 1, SamePolarity: false})
	if diff := cmp.Diff(want, MatchStances(ana, bo)); diff != "" {
		t.Errorf("with the same topic, matches (-want +got):\n%s", diff)
	}
}
