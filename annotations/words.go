package annotations

import (
	"strings"
	"unicode"
)

// Boundary says how a span sits against the words of its text: whether it
// starts or ends inside a word ("Tiller" of "Tillerson", "resolution" with
// its "s" left out), and whether it crosses a paragraph break. Such a span
// is allowed (a mention may be part of a compound), but it is most often a
// slip of the mouse, so the editor marks it at once.
type Boundary struct {
	StartsInWord     bool
	EndsInWord       bool
	CrossesParagraph bool
}

// OK reports whether the span starts and ends at word boundaries within one
// paragraph.
func (b Boundary) OK() bool { return b == Boundary{} }

// String says what is off in words for the annotator ("starts inside a
// word, crosses a paragraph break"), or "" when nothing is.
func (b Boundary) String() string {
	var parts []string
	if b.StartsInWord {
		parts = append(parts, "starts inside a word")
	}
	if b.EndsInWord {
		parts = append(parts, "ends inside a word")
	}
	if b.CrossesParagraph {
		parts = append(parts, "crosses a paragraph break")
	}
	return strings.Join(parts, ", ")
}

// SpanBoundary returns how [start, end) of text (code points) sits against
// word boundaries. A word is a run of letters, digits and combining marks,
// with an apostrophe or hyphen between two of them ("don't", "Jean-Marc");
// a Han ideograph is a word of its own (IsIdeograph), and the other scripts
// written without spaces between words (Japanese kana, Thai, …) have no
// boundaries to check. An out-of-range span gives Boundary{}.
func SpanBoundary(text []rune, start, end int) Boundary {
	if checkRange(len(text), start, end) != nil {
		return Boundary{}
	}
	return Boundary{
		StartsInWord:     start > 0 && inWordAt(text, start),
		EndsInWord:       end < len(text) && inWordAt(text, end),
		CrossesParagraph: strings.ContainsRune(string(text[start:end]), '\n'),
	}
}

// SnapToWords returns [start, end) widened to whole words: a start inside
// a word moves back to the word's start, an end inside a word forward to
// its end. A span that crosses a paragraph break is cut at the first one
// (after the words of its first paragraph). The result is never empty when
// the span was not.
func SnapToWords(text []rune, start, end int) (int, int) {
	if checkRange(len(text), start, end) != nil {
		return start, end
	}
	if i := strings.IndexRune(string(text[start:end]), '\n'); i >= 0 {
		if cut := start + RuneCount(string(text[start:end])[:i]); cut > start {
			end = cut
		}
	}
	for start > 0 && inWordAt(text, start) {
		start--
	}
	for end < len(text) && inWordAt(text, end) {
		end++
	}
	return start, end
}

// inWordAt reports whether position i of text (0 < i < len(text)) is
// inside a word: between two word characters, or at an apostrophe or
// hyphen that joins two.
func inWordAt(text []rune, i int) bool {
	a, b := text[i-1], text[i]
	switch {
	case isWordRune(a) && isWordRune(b):
		return true
	case isJoiner(b) && isWordRune(a) && i+1 < len(text) && isWordRune(text[i+1]):
		return true // "don|'t"
	case isJoiner(a) && isWordRune(b) && i >= 2 && isWordRune(text[i-2]):
		return true // "don'|t"
	}
	return false
}

// isWordRune reports whether r is part of a word whose ends can be
// checked: a letter, digit or combining mark of a script written with
// spaces between words.
func isWordRune(r rune) bool {
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.M, r) {
		return false
	}
	return !IsIdeograph(r) && !unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// IsIdeograph reports whether r is a Han ideograph: a character of
// Unicode's Han script (the CJK Unified Ideographs, their extensions and
// compatibility blocks, and the few marks and numerals of the script).
// Chinese, and Japanese in part, write words of them with no space
// between, so an ideograph is taken as a word of its own, as models
// trained on Chinese take it (BERT's basic tokenizer puts each in a token
// of its own): the exports' tokens (formats.Tokens) end on both sides of
// one, and a span's boundary beside one is a word boundary (SpanBoundary).
func IsIdeograph(r rune) bool { return unicode.Is(unicode.Han, r) }

// isJoiner reports whether r joins two parts of one word: an apostrophe or
// a hyphen.
func isJoiner(r rune) bool { return strings.ContainsRune("'’-‐", r) }
