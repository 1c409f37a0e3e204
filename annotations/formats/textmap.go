package formats

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/gloss-annotate/gloss/annotations"
)

// textMap maps code point offsets in a text as an imported file gives it to
// offsets in the same text after annotations.NormalizeText, which may drop a
// byte order mark and the "\r" of "\r\n", compose characters (NFC) and trim
// surrounding white space. An offset that falls where the normalized text has
// no counterpart (inside a "\r\n", inside a composed character, in trimmed
// white space) maps to -1: a span there cannot be imported without shifting.
type textMap struct {
	raw  []rune
	norm string
	// pos[i] is the normalized offset of raw offset i, or -1; nil when the
	// text was already normalized (every offset maps to itself).
	pos []int
}

// newTextMap normalizes raw and builds the offset map.
func newTextMap(raw string) (*textMap, error) {
	normalized, err := annotations.NormalizeText(raw)
	if err != nil {
		return nil, err
	}
	m := &textMap{raw: []rune(raw), norm: normalized}
	if normalized == raw {
		return m, nil
	}
	// Step 1, as NormalizeText does it: drop a leading byte order mark and
	// the "\r" of each "\r\n"; other characters map one to one (control
	// characters become a space or "\n", of the same length).
	n := len(m.raw)
	toMid := make([]int, n+1)
	mid := make([]rune, 0, n)
	for i, r := range m.raw {
		switch {
		case i == 0 && r == '\uFEFF':
			toMid[i] = -1 // a span cannot start at a dropped mark
			continue
		case r == '\r' && i+1 < n && m.raw[i+1] == '\n':
			toMid[i] = len(mid)
			toMid[i+1] = -1 // between "\r" and "\n"
			continue
		}
		if toMid[i] != -1 {
			toMid[i] = len(mid)
		}
		switch {
		case r == '\n' || r == '\t':
		case r == '\r' || r == '\u2028' || r == '\u2029':
			r = '\n'
		case unicode.IsControl(r):
			r = ' '
		}
		mid = append(mid, r)
	}
	toMid[n] = len(mid)
	// Step 2, NFC, one normalization segment at a time: a segment's
	// boundaries map exactly; offsets inside a segment that changed have
	// no counterpart.
	midStr := string(mid)
	midToNFC := make([]int, len(mid)+1)
	var it norm.Iter
	it.InitString(norm.NFC, midStr)
	var nfc []rune
	in := 0 // code points of mid consumed
	for !it.Done() {
		b0 := it.Pos()
		seg := it.Next()
		b1 := it.Pos()
		src := midStr[b0:b1]
		k := utf8.RuneCountInString(src)
		out := []rune(string(seg))
		midToNFC[in] = len(nfc)
		for j := 1; j < k; j++ {
			if src == string(seg) {
				midToNFC[in+j] = len(nfc) + j
			} else {
				midToNFC[in+j] = -1
			}
		}
		nfc = append(nfc, out...)
		in += k
	}
	midToNFC[len(mid)] = len(nfc)
	// Step 3: trim surrounding white space.
	lead, end := 0, len(nfc)
	for lead < end && annotations.IsEdgeSpace(nfc[lead]) {
		lead++
	}
	for end > lead && annotations.IsEdgeSpace(nfc[end-1]) {
		end--
	}
	if string(nfc[lead:end]) != normalized {
		return nil, fmt.Errorf("the text's normalization could not be followed offset by offset")
	}
	m.pos = make([]int, n+1)
	for i := range m.pos {
		p := toMid[i]
		if p >= 0 {
			p = midToNFC[p]
		}
		switch {
		case p < 0:
		case p < lead || p > end:
			p = -1
		default:
			p -= lead
		}
		m.pos[i] = p
	}
	return m, nil
}

// rawText returns the raw text between raw offsets start and end, checking
// the range.
func (m *textMap) rawText(start, end int) (string, error) {
	if start < 0 || end > len(m.raw) || start >= end {
		return "", fmt.Errorf("offsets %d-%d are out of range: the text has %d characters (code points), and a span needs at least one", start, end, len(m.raw))
	}
	return string(m.raw[start:end]), nil
}

// span maps raw offsets [start, end) to normalized ones, or says why it
// cannot: out of range, or touching text that normalization dropped or
// merged.
func (m *textMap) span(start, end int) (int, int, error) {
	if _, err := m.rawText(start, end); err != nil {
		return 0, 0, err
	}
	if m.pos == nil {
		return start, end, nil
	}
	s, e := m.pos[start], m.pos[end]
	if s < 0 || e < 0 || s >= e {
		return 0, 0, fmt.Errorf("offsets %d-%d (%q) cannot be kept: normalizing the text (NFC, \"\\r\\n\" to \"\\n\", trimming surrounding white space) changes the text at them", start, end, string(m.raw[start:end]))
	}
	return s, e, nil
}
