package annotations

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations/normform"
)

// MaxTextRunes caps an article's length in code points.
const MaxTextRunes = 2_000_000

// NormalizeText returns text as Gloss stores it: valid UTF-8 in NFC, line
// breaks as "\n" ("\r\n", a lone "\r" and the Unicode line and paragraph
// separators become "\n"), every other control character except tab
// replaced by a space, no leading byte order mark, and surrounding blank
// space trimmed. It rejects invalid UTF-8 and text that is empty after this.
func NormalizeText(text string) (string, error) {
	text, problem, n := normalizeText(text)
	switch problem {
	case textInvalidUTF8:
		return "", invalid("text", "is not valid UTF-8 (save the file as UTF-8 and try again)")
	case textEmpty:
		return "", invalid("text", "is empty")
	case textTooLong:
		return "", invalid("text", "has %d characters, more than the limit of %d", n, MaxTextRunes)
	}
	return text, nil
}

// textProblem is why a text cannot be normalized.
type textProblem int

// The problems normalizeText finds.
const (
	textFine textProblem = iota
	textInvalidUTF8
	textEmpty
	textTooLong // with the text's length
)

// normalizeText is NormalizeText with its problem as a value, so that each
// caller words it for its reader; n is the text's length when too long.
func normalizeText(text string) (_ string, _ textProblem, n int) {
	if !utf8.ValidString(text) {
		return "", textInvalidUTF8, 0
	}
	text = strings.TrimPrefix(text, "\uFEFF") // a byte order mark is no part of the text
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r' || r == '\u2028' || r == '\u2029':
			return '\n'
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, text)
	text = normform.NFC.String(text)
	text = strings.TrimFunc(text, IsEdgeSpace)
	if text == "" {
		return "", textEmpty, 0
	}
	if n := utf8.RuneCountInString(text); n > MaxTextRunes {
		return "", textTooLong, n
	}
	return text, textFine, 0
}

// IsEdgeSpace reports whether NormalizeText trims r from the ends of a
// text: white space, and byte order marks, which may follow spaces (or each
// other) where files were joined.
func IsEdgeSpace(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }

// NormalizeLine returns s as a single line: NFC, control characters and line
// breaks replaced by a space, runs of space collapsed, trimmed. It is used for
// titles and names. Invalid UTF-8 is replaced, not rejected: callers that must
// reject it check utf8.ValidString first.
func NormalizeLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(normform.NFC.String(s)), " ")
}

// NormalizeShownLine returns s as NormalizeLine does, without the
// bidirectional embeddings, overrides and isolates (U+202A to U+202E,
// U+2066 to U+2069). It is for what one user names and others read: article
// titles, project and display names, logins, where such a control would
// show the text reordered (a login shown backwards, a title that hides its
// end). Right-to-left letters need none of them, and the direction marks
// (U+200E, U+200F, U+061C), which reorder nothing but punctuation and
// spaces beside them, stay. Names inside annotation sets (labels, topics,
// groups, annotators) keep NormalizeLine's rule, so that revisions stored
// with such a character stay valid.
func NormalizeShownLine(s string) string {
	return NormalizeLine(strings.Map(func(r rune) rune {
		if '\u202A' <= r && r <= '\u202E' || '\u2066' <= r && r <= '\u2069' {
			return -1
		}
		return r
	}, s))
}

// Folded returns s as a search compares it: in lower case, in NFKD
// (fullwidth letters made plain, "ﬁ" made "fi") without its combining
// marks, and with the letters that have no mark to drop written as readers
// type them without one: "Ünïcödé" is "unicode", "Łódź" is "lodz",
// "Straße" is "strasse", "Ærø" is "aero". The library's filter and title
// order, and project IDs made from names, use it. A string all in ASCII,
// the usual case, is only lowered.
func Folded(s string) string {
	s = strings.ToLower(s)
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range normform.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'ł':
			b.WriteByte('l')
		case r == 'ø':
			b.WriteByte('o')
		case r == 'đ' || r == 'ð':
			b.WriteByte('d')
		case r == 'ħ':
			b.WriteByte('h')
		case r == 'ı':
			b.WriteByte('i')
		case r == 'ß':
			b.WriteString("ss")
		case r == 'æ':
			b.WriteString("ae")
		case r == 'œ':
			b.WriteString("oe")
		case r == 'þ':
			b.WriteString("th")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
