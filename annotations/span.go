package annotations

// QuoteContext is how many code points of text before and after a span its
// prefix and suffix keep.
const QuoteContext = 32

// Span is a stretch of an article's text, anchored both by position (Start,
// End: code points of the NFC text, End exclusive) and by quote (Exact, with
// up to QuoteContext code points of Prefix and Suffix), as W3C's
// TextPositionSelector and TextQuoteSelector do.
type Span struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

// NewSpan returns the span [start, end) of text (in code points) with its
// quote filled in.
func NewSpan(text []rune, start, end int) (Span, error) {
	if err := checkRange(len(text), start, end); err != nil {
		return Span{}, err
	}
	return Span{
		Start:  start,
		End:    end,
		Exact:  string(text[start:end]),
		Prefix: string(text[max(0, start-QuoteContext):start]),
		Suffix: string(text[end:min(len(text), end+QuoteContext)]),
	}, nil
}

// Validate reports whether s is a span of text: in range, non-empty, and its
// quote equal to the text at its position.
func (s Span) Validate(text []rune) error {
	if err := checkRange(len(text), s.Start, s.End); err != nil {
		return err
	}
	if got := string(text[s.Start:s.End]); got != s.Exact {
		return invalid("exact", "%q does not match the article's text %q at %d-%d", s.Exact, got, s.Start, s.End)
	}
	if p := []rune(s.Prefix); len(p) > s.Start || string(text[s.Start-len(p):s.Start]) != s.Prefix {
		return invalid("prefix", "%q does not match the text before %d", s.Prefix, s.Start)
	}
	if x := []rune(s.Suffix); s.End+len(x) > len(text) || string(text[s.End:s.End+len(x)]) != s.Suffix {
		return invalid("suffix", "%q does not match the text after %d", s.Suffix, s.End)
	}
	return nil
}

func checkRange(n, start, end int) error {
	switch {
	case start < 0:
		return invalid("start", "is %d, below 0", start)
	case end > n:
		return invalid("end", "is %d, past the end of the text (%d characters)", end, n)
	case start >= end:
		return invalid("end", "is %d, not after start %d: a span needs at least one character", end, start)
	}
	return nil
}
