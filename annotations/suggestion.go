package annotations

import (
	"encoding/binary"
	"errors"
	"slices"
	"strconv"
)

// SuggestionSource names where a suggestion comes from (package
// annotations/suggest makes them).
type SuggestionSource string

// The sources of suggestions.
const (
	// SourceSameString is another occurrence of a string the annotator
	// tagged.
	SourceSameString SuggestionSource = "same-string"
	// SourceQuotePattern is text in quotation marks beside a cue verb and
	// its speaker.
	SourceQuotePattern SuggestionSource = "quote-pattern"
	// SourceTagger is a mention proposed by the learned tagger.
	SourceTagger SuggestionSource = "tagger"
)

// Suggestion is a proposed entity mention: shown apart from the
// annotations, never stored until an annotator accepts it. It lives here,
// not in annotations/suggest, so that the app reads suggestions without
// linking the tagger (which needs the export formats' tokenizer).
type Suggestion struct {
	// Start and End are its span in code points of the article's text.
	Start int `json:"start"`
	End   int `json:"end"`
	// Label is the entity label proposed.
	Label  string           `json:"label"`
	Source SuggestionSource `json:"source"`
	// Confidence, in (0, 1], is how sure the source is: for the same
	// string, the share of the string's taggings that have Label.
	Confidence float64 `json:"confidence"`
}

// Key names the suggestion for remembering that it was rejected: its span
// and label (the same proposal from another source is the same rejection).
func (s Suggestion) Key() string {
	return strconv.Itoa(s.Start) + "-" + strconv.Itoa(s.End) + " " + s.Label
}

// QuoteSuggestion is a proposed direct quote: its content (the words in
// the quotation marks), its cue and the speaker the cue points at.
type QuoteSuggestion struct {
	Start    int              `json:"start"`
	End      int              `json:"end"`
	CueStart int              `json:"cue_start"`
	CueEnd   int              `json:"cue_end"`
	Speaker  Ref              `json:"speaker"`
	Source   SuggestionSource `json:"source"`
	// Confidence is 0.9 when the speaker stands next to the cue ("X
	// said", "said X", "according to X"), 0.6 when other words come
	// between them.
	Confidence float64 `json:"confidence"`
}

// Key names the suggestion for remembering that it was rejected: its
// content's span.
func (q QuoteSuggestion) Key() string {
	return "quote " + strconv.Itoa(q.Start) + "-" + strconv.Itoa(q.End)
}

// suggestionSources lists the sources in the order PackSuggestions numbers
// them.
var suggestionSources = []SuggestionSource{SourceSameString, SourceTagger, SourceQuotePattern}

// PackSuggestions writes suggestions compactly, for the learning worker to
// send the page what it proposes without JSON (whose decoder would cost
// app.wasm kilobytes of reflection, and whose decoding of thousands of
// suggestions a long task): the counts of mentions and quotes, then each
// mention's start, end, label (an index into strs), source and confidence
// (in millionths), then each quote's start, end, cue start, cue end,
// speaker kind (0 a mention, 1 a group), speaker ID (an index into strs),
// source and confidence; every number a little-endian uint32. strs holds
// the labels and IDs.
func PackSuggestions(entities []Suggestion, quotes []QuoteSuggestion) (packed []byte, strs []string) {
	index := map[string]int{}
	str := func(s string) uint32 {
		i, ok := index[s]
		if !ok {
			i = len(strs)
			index[s] = i
			strs = append(strs, s)
		}
		return uint32(i)
	}
	put := func(v uint32) { packed = binary.LittleEndian.AppendUint32(packed, v) }
	source := func(s SuggestionSource) uint32 { return uint32(max(0, slices.Index(suggestionSources, s))) }
	millionths := func(c float64) uint32 { return uint32(max(0, min(1, c))*1e6 + 0.5) }
	put(uint32(len(entities)))
	put(uint32(len(quotes)))
	for _, e := range entities {
		put(uint32(e.Start))
		put(uint32(e.End))
		put(str(e.Label))
		put(source(e.Source))
		put(millionths(e.Confidence))
	}
	for _, q := range quotes {
		kind := uint32(0)
		if q.Speaker.Kind == RefGroup {
			kind = 1
		}
		for _, v := range []uint32{uint32(q.Start), uint32(q.End), uint32(q.CueStart), uint32(q.CueEnd), kind, str(q.Speaker.ID), source(q.Source), millionths(q.Confidence)} {
			put(v)
		}
	}
	return packed, strs
}

// UnpackSuggestions reads what PackSuggestions wrote.
func UnpackSuggestions(packed []byte, strs []string) ([]Suggestion, []QuoteSuggestion, error) {
	bad := errors.New("the suggestions are not readable")
	word := func(i int) uint32 { return binary.LittleEndian.Uint32(packed[4*i:]) }
	if len(packed) < 8 || len(packed)%4 != 0 {
		return nil, nil, bad
	}
	ne, nq := int(word(0)), int(word(1))
	if len(packed)/4 != 2+5*ne+8*nq {
		return nil, nil, bad
	}
	str := func(i uint32) (string, bool) {
		if int(i) >= len(strs) {
			return "", false
		}
		return strs[i], true
	}
	src := func(i uint32) (SuggestionSource, bool) {
		if int(i) >= len(suggestionSources) {
			return "", false
		}
		return suggestionSources[i], true
	}
	entities := make([]Suggestion, ne)
	for k := range entities {
		w := 2 + 5*k
		label, ok1 := str(word(w + 2))
		source, ok2 := src(word(w + 3))
		if !ok1 || !ok2 {
			return nil, nil, bad
		}
		entities[k] = Suggestion{Start: int(word(w)), End: int(word(w + 1)), Label: label, Source: source, Confidence: float64(word(w+4)) / 1e6}
	}
	quotes := make([]QuoteSuggestion, nq)
	for k := range quotes {
		w := 2 + 5*ne + 8*k
		id, ok1 := str(word(w + 5))
		source, ok2 := src(word(w + 6))
		if !ok1 || !ok2 || word(w+4) > 1 {
			return nil, nil, bad
		}
		kind := RefEntity
		if word(w+4) == 1 {
			kind = RefGroup
		}
		quotes[k] = QuoteSuggestion{Start: int(word(w)), End: int(word(w + 1)), CueStart: int(word(w + 2)), CueEnd: int(word(w + 3)),
			Speaker: Ref{Kind: kind, ID: id}, Source: source, Confidence: float64(word(w+7)) / 1e6}
	}
	return entities, quotes, nil
}
