package suggest

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations"
)

// Source names where a suggestion comes from.
type Source = annotations.SuggestionSource

// SourceSameString is another occurrence of a string the annotator tagged
// (SameString).
const SourceSameString = annotations.SourceSameString

// Suggestion is a proposed entity mention (annotations.Suggestion).
type Suggestion = annotations.Suggestion

// Gazetteer counts, for each string tagged (a mention's exact text), the
// labels it was tagged with.
type Gazetteer map[string]map[string]int

// Add counts one tagging of exact with label.
func (g Gazetteer) Add(exact, label string) {
	if strings.TrimSpace(exact) == "" || label == "" {
		return
	}
	if g[exact] == nil {
		g[exact] = map[string]int{}
	}
	g[exact][label]++
}

// AddMentions counts every mention of mentions.
func (g Gazetteer) AddMentions(mentions []annotations.Entity) {
	for _, e := range mentions {
		g.Add(e.Exact, e.Label)
	}
}

// best returns the label exact was tagged with most (ties: the first in
// alphabetical order) and its share of exact's taggings.
func (g Gazetteer) best(exact string) (string, float64) {
	label, most, all := "", 0, 0
	for l, n := range g[exact] {
		all += n
		if n > most || n == most && l < label {
			label, most = l, n
		}
	}
	if all == 0 {
		return "", 0
	}
	return label, float64(most) / float64(all)
}

// SameString proposes the occurrences in text of the strings of g that no
// mention of mentions (the set's, in code points of text) overlaps, as
// the package doc says, in text order, leaving out the rejected ones (by
// Key).
func SameString(text []rune, g Gazetteer, mentions []annotations.Entity, rejected map[string]bool) []Suggestion {
	// Longer strings first, so that "Rex Tillerson" takes its span before
	// "Tillerson" could; then in order, for the same result every time.
	words := make([]string, 0, len(g))
	for w := range g {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		a, b := utf8.RuneCountInString(words[i]), utf8.RuneCountInString(words[j])
		return a > b || a == b && words[i] < words[j]
	})
	taken := newSpans(mentions)
	s := string(text)
	// at maps a byte offset of s to its code point offset.
	at := make([]int, len(s)+1)
	n := 0
	for i := range s {
		at[i] = n
		n++
	}
	at[len(s)] = n
	var out []Suggestion
	for _, w := range words {
		label, confidence := g.best(w)
		if label == "" {
			continue
		}
		for from := 0; from < len(s); {
			i := strings.Index(s[from:], w)
			if i < 0 {
				break
			}
			byteStart := from + i
			from = byteStart + len(w)
			start, end := at[byteStart], at[byteStart+len(w)]
			if !annotations.SpanBoundary(text, start, end).OK() || taken.Overlaps(start, end) || capitalNext(text, end) {
				continue
			}
			sg := Suggestion{Start: start, End: end, Label: label, Source: SourceSameString, Confidence: confidence}
			if rejected[sg.Key()] {
				continue
			}
			taken.Add(start, end)
			out = append(out, sg)
		}
	}
	slices.SortFunc(out, func(a, b Suggestion) int { return a.Start - b.Start })
	return out
}

// newSpans returns an index of the mentions' spans.
func newSpans(mentions []annotations.Entity) *annotations.SpanIndex {
	var x annotations.SpanIndex
	for _, e := range mentions {
		x.Add(e.Start, e.End)
	}
	return &x
}

// capitalNext reports whether a capitalized word follows end after a single
// space: the string is then likely the start of a longer name ("Kenya
// Railways").
func capitalNext(text []rune, end int) bool {
	return end+1 < len(text) && text[end] == ' ' && unicode.IsUpper(text[end+1])
}

// Entities returns the mention suggestions the editor shows on text, in
// text order: SameString's over g (when sameString) and the tagger's (nil:
// none, g its gazetteer feature), each at threshold or above, a tagger's
// left out where a same-string one overlaps it. mentions are the set's.
func Entities(text []rune, g Gazetteer, tagger *Tagger, mentions []annotations.Entity, rejected map[string]bool, threshold float64, sameString bool) []Suggestion {
	var out []Suggestion
	if sameString {
		for _, s := range SameString(text, g, mentions, rejected) {
			if s.Confidence >= threshold {
				out = append(out, s)
			}
		}
	}
	if tagger != nil {
		same := newSpans(nil)
		for _, s := range out {
			same.Add(s.Start, s.End)
		}
		for _, s := range tagger.Suggest(text, g, mentions, rejected) {
			if s.Confidence >= threshold && !same.Overlaps(s.Start, s.End) {
				out = append(out, s)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int { return a.Start - b.Start })
	return out
}
