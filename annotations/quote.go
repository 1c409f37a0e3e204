package annotations

import (
	"strings"
	"unicode"

	"github.com/google/uuid"
)

// Quote is an attribution, after PARC 3.0 (source, cue, content): the quoted
// span (Content), who said it (Speaker: an entity mention or group of the
// set), optionally the span that introduces it (Cue: "said", "accused"), and
// whether it is direct (in quotation marks) or indirect (reported).
type Quote struct {
	ID      string `json:"id"`
	Content Span   `json:"content"`
	Speaker Ref    `json:"speaker"`
	Cue     *Span  `json:"cue,omitempty"`
	Direct  bool   `json:"direct"`
}

// Validate reports whether q is a well-formed quote of text: a UUID, a
// content span and (if any) a cue span matching text, and a speaker that is
// an entity or group reference. Whether the speaker exists is
// CheckReferences's question.
func (q Quote) Validate(text []rune) error {
	if _, err := uuid.Parse(q.ID); err != nil {
		return invalid("id", "%q is not a UUID", q.ID)
	}
	if err := q.Content.Validate(text); err != nil {
		return inField("content", err)
	}
	if err := q.Speaker.Validate(); err != nil {
		return inField("speaker", err)
	}
	if q.Cue != nil {
		if err := q.Cue.Validate(text); err != nil {
			return inField("cue", err)
		}
	}
	return nil
}

func (q Quote) references() []reference {
	return itemRefs(reference{field: "speaker", kind: q.Speaker.Kind, id: q.Speaker.ID})
}

// quotePairs maps each opening quotation mark to the marks that close it:
// straight, English and German curly quotes, guillemets both ways round, and
// CJK corner brackets. The straight single quote is left out: it is also the
// apostrophe.
var quotePairs = map[rune]string{
	'"': `"`,
	'“': "”",
	'”': "”", // Swedish and Finnish
	'„': "“”",
	'‘': "’",
	'‚': "‘’",
	'«': "»",
	'»': "«", // German and Danish
	'‹': "›",
	'›': "‹",
	'「': "」",
	'『': "』",
}

// QuotedSpans returns the spans of text (code points, end exclusive) that
// stand in matching quotation marks within one paragraph, without the marks
// and the spaces inside them, in text order; a quote nested in another is
// part of the outer one. The single quotes ‘ and ‚ are left out: their
// closer ’ is also the apostrophe ("don’t"), which would end a quote early.
// A span with no letter or digit (a quoted dash) is left out too.
func QuotedSpans(text []rune) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); i++ {
		closers, ok := quotePairs[text[i]]
		if !ok || text[i] == '‘' || text[i] == '‚' {
			continue
		}
		j := i + 1
		for j < len(text) && text[j] != '\n' && !strings.ContainsRune(closers, text[j]) {
			j++
		}
		if j == len(text) || text[j] == '\n' {
			continue // no closer in the paragraph: not an opening mark here
		}
		s, e := i+1, j
		for s < e && unicode.IsSpace(text[s]) {
			s++
		}
		for e > s && unicode.IsSpace(text[e-1]) {
			e--
		}
		if strings.IndexFunc(string(text[s:e]), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			out = append(out, [2]int{s, e})
		}
		i = j // the closing mark opens nothing
	}
	return out
}

// ProposeDirect reports whether the span [start, end) of text (code points)
// reads as a direct quote: enclosed in matching quotation marks, which may lie
// just inside the span or just outside it (past spaces), with punctuation
// allowed between the words and the closing mark ("win," he said; "win".).
// It proposes the Direct flag of a new quote; the annotator decides. Text
// between the marks must not hold the closing mark (two quotes and the words
// between them are not one quote), and a straight " opens a quote only after
// an even number of them in its paragraph.
func ProposeDirect(text []rune, start, end int) bool {
	if checkRange(len(text), start, end) != nil {
		return false
	}
	s, e := start, end
	for s < e && unicode.IsSpace(text[s]) {
		s++
	}
	for e > s && unicode.IsSpace(text[e-1]) {
		e--
	}
	if s == e {
		return false
	}
	// The opening mark: the span's first character, else the first
	// character before it past spaces.
	open := s
	if _, ok := quotePairs[text[s]]; !ok {
		open = s - 1
		for open >= 0 && isInlineSpace(text[open]) {
			open--
		}
		if open < 0 {
			return false
		}
		if _, ok := quotePairs[text[open]]; !ok {
			return false
		}
	}
	closers := quotePairs[text[open]]
	inner := max(open+1, s)
	// The closing mark: the span's last character past trailing punctuation
	// and spaces, else the first character after it past the same.
	closing := e - 1
	for closing >= inner && isTrailing(text[closing]) {
		closing--
	}
	if closing < inner || !strings.ContainsRune(closers, text[closing]) {
		closing = e
		for closing < len(text) && isTrailing(text[closing]) {
			closing++
		}
		if closing == len(text) || !strings.ContainsRune(closers, text[closing]) {
			return false
		}
	}
	words := text[inner:closing]
	if strings.TrimFunc(string(words), func(r rune) bool { return unicode.IsSpace(r) || isTrailing(r) }) == "" {
		return false
	}
	if strings.ContainsAny(string(words), closers) {
		return false
	}
	if text[open] == '"' {
		n := 0
		for i := open - 1; i >= 0 && text[i] != '\n'; i-- {
			if text[i] == '"' {
				n++
			}
		}
		if n%2 == 1 {
			return false // this " closes an earlier quote
		}
	}
	return true
}

// isInlineSpace reports whether r is a space within a line (not a break).
func isInlineSpace(r rune) bool { return r == '\t' || unicode.Is(unicode.Zs, r) }

// isTrailing reports whether r may stand between a quote's last word and its
// closing mark, or between the span and a closing mark outside it.
func isTrailing(r rune) bool { return isInlineSpace(r) || strings.ContainsRune(".,;:!?…", r) }

// TrimQuoteMarks returns s without the quotation marks (and spaces) at its
// ends: a quote's own marks, so that a preview that puts the quote between
// marks does not double them ("“"We will not back down."”").
func TrimQuoteMarks(s string) string {
	isMark := func(r rune) bool {
		if _, ok := quotePairs[r]; ok {
			return true
		}
		return strings.ContainsRune("\"“”„‘’‚«»‹›「」『』", r)
	}
	r := []rune(strings.TrimSpace(s))
	start, end := 0, len(r)
	if start < end && isMark(r[start]) {
		start++
	}
	if end > start && isMark(r[end-1]) && r[end-1] != '’' || end > start && r[end-1] == '’' && start > 0 {
		end--
	}
	return strings.TrimSpace(string(r[start:end]))
}
