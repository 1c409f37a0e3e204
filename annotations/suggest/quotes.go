package suggest

import (
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
)

// SourceQuotePattern is text in quotation marks beside a cue verb and its
// speaker (Quotes).
const SourceQuotePattern = annotations.SourceQuotePattern

// DefaultCues are the cue words Quotes looks for, by language, lower case:
// a project edits its own list. A cue of several words ("according to")
// matches them with single spaces between.
var DefaultCues = map[string][]string{
	"en": {"said", "says", "say", "told", "tells", "added", "adds", "asked", "wrote", "writes", "stated",
		"explained", "noted", "argued", "insisted", "claimed", "declared", "warned", "replied", "recalled",
		"announced", "according to"},
	"de": {"sagte", "sagt", "sagten", "erklärte", "erklärt", "betonte", "meinte", "fügte", "schrieb", "warnte", "laut"},
	"fr": {"a dit", "dit", "a déclaré", "déclare", "a affirmé", "affirme", "a expliqué", "explique", "a ajouté", "selon"},
	"es": {"dijo", "afirmó", "declaró", "señaló", "explicó", "añadió", "aseguró", "según"},
	"it": {"ha detto", "ha dichiarato", "ha spiegato", "ha aggiunto", "secondo"},
	"pt": {"disse", "afirmou", "declarou", "explicou", "acrescentou", "segundo"},
}

// QuoteSuggestion is a proposed direct quote (annotations.QuoteSuggestion).
type QuoteSuggestion = annotations.QuoteSuggestion

// quoteReach is how far from its quotation marks, in code points, a cue
// and its speaker are looked for, within the paragraph.
const quoteReach = 80

// Quotes proposes the spans of text in quotation marks
// (annotations.QuotedSpans) that no quote of set overlaps, each with the
// nearest cue of cues (whole words, any case) within quoteReach after the
// closing mark, else before the opening one, and the mention of a label
// in speakerLabels (PER by default) nearest that cue on the same side: a
// group's member gives its group. A span without a cue or a speaker is not
// proposed; nor are the rejected ones (by Key). In text order.
func Quotes(text []rune, set annotations.Set, cues []string, speakerLabels []string, rejected map[string]bool) []QuoteSuggestion {
	if len(speakerLabels) == 0 {
		speakerLabels = []string{"PER"}
	}
	groupOf := map[string]string{}
	for _, g := range set.Groups {
		for _, m := range g.Members {
			groupOf[m] = g.ID
		}
	}
	var speakers []annotations.Entity
	for _, e := range set.Entities {
		for _, l := range speakerLabels {
			if e.Label == l {
				speakers = append(speakers, e)
			}
		}
	}
	lower := []rune(strings.ToLower(string(text)))
	if len(lower) != len(text) {
		lower = text // a lower case of another length: match the case as written
	}
	var out []QuoteSuggestion
	spans := annotations.QuotedSpans(text)
	for k, sp := range spans {
		if overlapsQuote(set.Quotes, sp[0], sp[1]) {
			continue
		}
		q := QuoteSuggestion{Start: sp[0], End: sp[1], Source: SourceQuotePattern}
		if rejected[q.Key()] {
			continue
		}
		open, close := sp[0]-1, sp[1]
		for open > 0 && !isMark(text[open]) {
			open--
		}
		for close < len(text)-1 && !isMark(text[close]) {
			close++
		}
		// The cue and the speaker are in the quote's sentence: between
		// the quotes before and after it, and the sentence ends around it.
		after := [2]int{close + 1, sentenceEnd(text, close+1, quoteReach)}
		if k+1 < len(spans) {
			after[1] = min(after[1], spans[k+1][0])
		}
		before := [2]int{sentenceStart(text, open, quoteReach), open}
		if k > 0 {
			before[0] = max(before[0], spans[k-1][1])
		}
		for _, side := range [][2]int{after, before} {
			cs, ce, ok := nearestCue(lower, side, cues, side == before)
			if !ok {
				continue
			}
			e, gap, ok := nearestSpeaker(speakers, side, cs, ce)
			if !ok {
				continue
			}
			q.CueStart, q.CueEnd = cs, ce
			q.Speaker = annotations.Ref{Kind: annotations.RefEntity, ID: e.ID}
			if g := groupOf[e.ID]; g != "" {
				q.Speaker = annotations.Ref{Kind: annotations.RefGroup, ID: g}
			}
			q.Confidence = 0.6
			if gap <= 2 {
				q.Confidence = 0.9
			}
			out = append(out, q)
			break
		}
	}
	return out
}

// isMark reports whether r is a quotation mark.
func isMark(r rune) bool { return strings.ContainsRune(`"“”„«»‹›「」『』`, r) }

// sentenceEnd returns where the sentence that goes on at from ends (past
// its last word, before . ! ? or a paragraph break), reach code points on
// at most.
func sentenceEnd(text []rune, from, reach int) int {
	end := from
	for end < len(text) && end < from+reach && text[end] != '\n' && !strings.ContainsRune(".!?", text[end]) {
		end++
	}
	return end
}

// sentenceStart returns where the sentence that goes on to to starts
// (after . ! ?, closing marks and spaces, or a paragraph break), reach code
// points back at most.
func sentenceStart(text []rune, to, reach int) int {
	start := to
	for start > 0 && start > to-reach && text[start-1] != '\n' && !strings.ContainsRune(".!?", text[start-1]) {
		start--
	}
	return start
}

// nearestCue returns the cue of cues in [side) of lower nearest the quote:
// the first after it, or the last before it (fromEnd).
func nearestCue(lower []rune, side [2]int, cues []string, fromEnd bool) (int, int, bool) {
	best, bestEnd, found := 0, 0, false
	for _, c := range cues {
		cue := []rune(strings.ToLower(c))
		for i := side[0]; i+len(cue) <= side[1]; i++ {
			if !hasAt(lower, i, cue) || !annotations.SpanBoundary(lower, i, i+len(cue)).OK() {
				continue
			}
			if !found || !fromEnd && i < best || fromEnd && i > best {
				best, bestEnd, found = i, i+len(cue), true
			}
			if !fromEnd {
				break // the first of this cue; later ones are farther
			}
		}
	}
	return best, bestEnd, found
}

// hasAt reports whether word stands in text at i.
func hasAt(text []rune, i int, word []rune) bool {
	for k, r := range word {
		if text[i+k] != r {
			return false
		}
	}
	return true
}

// nearestSpeaker returns the speaker mention inside side nearest the cue
// [cs, ce), and the number of code points between them.
func nearestSpeaker(speakers []annotations.Entity, side [2]int, cs, ce int) (annotations.Entity, int, bool) {
	var best annotations.Entity
	bestGap, found := 0, false
	for _, e := range speakers {
		if e.Start < side[0] || e.End > side[1] || e.Start < ce && cs < e.End {
			continue
		}
		gap := cs - e.End
		if e.Start >= ce {
			gap = e.Start - ce
		}
		if !found || gap < bestGap {
			best, bestGap, found = e, gap, true
		}
	}
	return best, bestGap, found
}

// overlapsQuote reports whether [start, end) shares a code point with the
// content of one of quotes.
func overlapsQuote(quotes []annotations.Quote, start, end int) bool {
	for _, q := range quotes {
		if q.Content.Start < end && start < q.Content.End {
			return true
		}
	}
	return false
}

// AllCues returns the cues of every language of DefaultCues, for a
// project that has not chosen its own.
func AllCues() []string {
	var out []string
	for _, lang := range []string{"en", "de", "fr", "es", "it", "pt"} {
		out = append(out, DefaultCues[lang]...)
	}
	return out
}
