package formats

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/gloss-annotate/gloss/annotations"
)

// token is a stretch of text, in code points, end exclusive. Tokens never
// hold white space; the text between two tokens is white space (or
// zero-width spaces) only.
type token struct{ start, end int }

// abbreviations take their period into their token ("Mr.") and so never
// end a sentence there.
var abbreviations = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "St": true, "Mt": true,
	"Gen": true, "Sen": true, "Rep": true, "Gov": true, "Lt": true, "Col": true, "Sgt": true,
	"Capt": true, "Adm": true, "Maj": true, "Jr": true, "Sr": true, "Rev": true, "Hon": true,
	"Pres": true, "Sec": true, "Amb": true, "Inc": true, "Corp": true, "Ltd": true, "Co": true,
	"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true, "Jul": true, "Aug": true,
	"Sep": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true,
	"vs": true, "etc": true, "approx": true, "No": true, "Nos": true, "Vol": true, "pp": true,
}

// isWordRune reports whether r makes up words of several characters:
// letters, digits and other numbers, combining marks, but not Han
// ideographs, each a word of its own (annotations.IsIdeograph).
func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r)) && !annotations.IsIdeograph(r)
}

// isJoiner reports whether r, between word characters a and b, keeps them
// in one token: an apostrophe or hyphen or period between any two, a comma
// or colon between digits ("1,000", "10:30").
func isJoiner(a, r, b rune) bool {
	switch r {
	case '\'', '’', '-', '‐', '\u2011', '\u00ad', '.': // U+2011 no-break hyphen, U+00AD soft hyphen
		return true
	case ',', ':':
		return unicode.IsDigit(a) && unicode.IsDigit(b)
	}
	return false
}

// tokenize splits text into tokens:
//   - a word is a run of letters, digits and combining marks, with single
//     inner apostrophes, hyphens (soft and no-break ones too) and periods
//     ("don't", "war-torn", "co‑op", "U.S")
//     and inner commas and colons between digits ("1,000", "10:30");
//     a final "'s" or "’s" is its own token ("Syria" "'s"); a word with an
//     inner period, or in the abbreviation list, takes a following period
//     ("U.S.", "Mr.");
//   - a Han ideograph (annotations.IsIdeograph) is a token of its own, with
//     the combining marks after it (a variation selector), as BERT's basic
//     tokenizer cuts Chinese: a run of other letters (kana, Hangul, Latin)
//     ends where one starts ("G7" "峰" "会", "東" "京" "タワー");
//   - an emoji keeps its modifiers, variation selectors, zero-width-joined
//     parts and regional-indicator pair in one token;
//   - any other character but white space is a token of its own.
func tokenize(text []rune) []token {
	var toks []token
	n := len(text)
	for i := 0; i < n; {
		r := text[i]
		switch {
		case unicode.IsSpace(r) || r == '\u200b': // a zero-width space parts words, as a space does
			i++
		case annotations.IsIdeograph(r):
			j := i + 1
			for j < n && unicode.Is(unicode.M, text[j]) {
				j++
			}
			toks = append(toks, token{i, j})
			i = j
		case isWordRune(r):
			j := i + 1
			inner := false
			for j < n {
				if isWordRune(text[j]) {
					j++
					continue
				}
				if j+1 < n && isWordRune(text[j+1]) && isJoiner(text[j-1], text[j], text[j+1]) {
					inner = inner || text[j] == '.'
					j += 2
					continue
				}
				break
			}
			if j-i > 2 && (text[j-2] == '\'' || text[j-2] == '’') && (text[j-1] == 's' || text[j-1] == 'S') {
				toks = append(toks, token{i, j - 2}, token{j - 2, j})
				i = j
				continue
			}
			if j < n && text[j] == '.' && (inner || abbreviations[string(text[i:j])]) {
				j++
			}
			toks = append(toks, token{i, j})
			i = j
		case isRegionalIndicator(r) && i+1 < n && isRegionalIndicator(text[i+1]):
			toks = append(toks, token{i, i + 2})
			i += 2
		case unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r):
			j := i + 1
			for j < n {
				switch c := text[j]; {
				case unicode.Is(unicode.M, c) || unicode.Is(unicode.Sk, c) || c == '\uFE0F' || c == '\uFE0E':
					j++
					continue
				case c == '\u200D' && j+1 < n && !unicode.IsSpace(text[j+1]):
					j += 2
					continue
				}
				break
			}
			toks = append(toks, token{i, j})
			i = j
		default:
			toks = append(toks, token{i, i + 1})
			i++
		}
	}
	return toks
}

// Tokens returns the tokens the CoNLL export (and the Hugging Face one)
// cuts text into, as [start, end) offsets in code points, before the export
// splits a token at an entity's boundary. Agreement on tokens uses it, so
// that it counts the tokens a model is trained on.
func Tokens(text []rune) [][2]int {
	toks := tokenize(text)
	out := make([][2]int, len(toks))
	for i, t := range toks {
		out[i] = [2]int{t.start, t.end}
	}
	return out
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// isTerminal reports whether a token's text ends a sentence.
func isTerminal(s string) bool {
	switch s {
	case ".", "!", "?", "…", "‽", "。", "！", "？":
		return true
	}
	return false
}

// isCloser reports whether a token's text may follow a sentence's final
// punctuation and still belong to the sentence.
func isCloser(s string) bool {
	switch s {
	case `"`, "'", "”", "’", ")", "]", "}", "»", "›", "」", "』":
		return true
	}
	return false
}

// startsSentence reports whether r may begin a sentence: an upper or title
// case letter, a letter of a script without case (Arabic, Hebrew,
// Chinese, …), a digit, or an opening mark.
func startsSentence(r rune) bool {
	caseless := unicode.IsLetter(r) && !unicode.IsLower(r) && unicode.SimpleFold(r) == r
	return unicode.IsUpper(r) || unicode.IsTitle(r) || caseless || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘«‹([¿¡", r)
}

// isFullWidthEnd reports whether s is a full-width sentence end ("。",
// "！", "？"), which Chinese and Japanese write with no space after.
func isFullWidthEnd(s string) bool { return s == "。" || s == "！" || s == "？" }

// sentences groups toks into sentences. A sentence ends:
//   - at a line break (any white space holding "\n" between two tokens);
//   - after "。", "！", "？" (and closing marks right after it), whatever
//     follows;
//   - after ".", "!", "?", "…" (and closing quotes or brackets right after
//     it) when white space and then an upper case letter, a letter of a
//     script without case, a digit or an opening mark follow; a "." right after a one-letter capital ("J.")
//     is an initial, not an end. Abbreviations took their period into
//     their token, so they do not end a sentence either.
//
// same(a, b) reports whether offsets a and b are in one entity: a sentence
// never ends inside an entity.
func sentences(text []rune, toks []token, same func(a, b int) bool) [][]token {
	var out [][]token
	start := 0
	str := func(t token) string { return string(text[t.start:t.end]) }
	for i := 0; i+1 < len(toks); i++ {
		cur, next := toks[i], toks[i+1]
		if same(cur.start, next.start) {
			continue
		}
		gap := text[cur.end:next.start]
		brk := slices.Contains(gap, '\n')
		if !brk {
			j := i
			for j > start && isCloser(str(toks[j])) && toks[j-1].end == toks[j].start {
				j--
			}
			switch {
			case isFullWidthEnd(str(toks[j])):
				brk = len(gap) > 0 || !isCloser(str(next)) // a closing mark right after stays
			case len(gap) > 0 && startsSentence(text[next.start]) && isTerminal(str(toks[j])):
				initial := str(toks[j]) == "." && j > 0 && toks[j-1].end == toks[j].start &&
					toks[j-1].end-toks[j-1].start == 1 && unicode.IsUpper(text[toks[j-1].start]) &&
					(j == 1 || toks[j-2].end < toks[j-1].start)
				brk = !initial
			}
		}
		if brk {
			out = append(out, toks[start:i+1])
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

// tagged is one sentence of IOB2-tagged tokens.
type tagged struct {
	tokens []token
	// labels[i] is the entity label of tokens[i], "" outside entities;
	// begins[i] whether tokens[i] starts its entity.
	labels []string
	begins []bool
}

// tag returns rec's text as IOB2-tagged sentences. Overlapping entities
// cannot all be tagged: the longest (then the earliest) is kept and the
// others reported (a record's problems in text order). A kept entity's boundary inside a token splits the token
// there (reported), so every B-/I- run covers exactly its entity's offsets.
func tag(rec annotations.ExportRecord, report func(Problem)) (text []rune, sents []tagged) {
	text = []rune(rec.Text)
	var found []Problem
	problem := func(item, kind string, offset int, format string, args ...any) {
		found = append(found, Problem{ArticleID: rec.ArticleID, Annotator: rec.Annotator, Item: item, Kind: kind, Offset: offset, Message: fmt.Sprintf(format, args...)})
	}
	defer func() {
		// A record's problems in text order.
		slices.SortStableFunc(found, func(a, b Problem) int { return a.Offset - b.Offset })
		for _, p := range found {
			report(p)
		}
	}()
	order := make([]int, 0, len(rec.Entities))
	for i, e := range rec.Entities {
		if e.Start < 0 || e.End > len(text) || e.Start >= e.End {
			problem(e.ID, ProblemLeftOut, e.Start, "entity %s %d-%d is outside the text", e.Label, e.Start, e.End)
			continue
		}
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ea, eb := rec.Entities[a], rec.Entities[b]
		if la, lb := ea.End-ea.Start, eb.End-eb.Start; la != lb {
			return lb - la
		}
		return ea.Start - eb.Start
	})
	owner := make([]int32, len(text)+1) // entity index + 1 covering each code point; 0 none
	var kept []int
	for _, i := range order {
		e := rec.Entities[i]
		clash := -1
		for p := e.Start; p < e.End; p++ {
			if owner[p] != 0 {
				clash = int(owner[p]) - 1
				break
			}
		}
		if clash >= 0 {
			k := rec.Entities[clash]
			problem(e.ID, ProblemOverlap, e.Start, "entity %s %d-%d %q overlaps %s %d-%d %q, which is kept", e.Label, e.Start, e.End, e.Text, k.Label, k.Start, k.End, k.Text)
			continue
		}
		for p := e.Start; p < e.End; p++ {
			owner[p] = int32(i + 1)
		}
		kept = append(kept, i)
	}
	// Boundaries of kept entities, to split tokens at.
	slices.SortFunc(kept, func(a, b int) int { return rec.Entities[a].Start - rec.Entities[b].Start })
	type boundary struct {
		at   int
		item int
	}
	bounds := make([]boundary, 0, 2*len(kept))
	for _, i := range kept {
		bounds = append(bounds, boundary{rec.Entities[i].Start, i}, boundary{rec.Entities[i].End, i})
	}
	slices.SortStableFunc(bounds, func(a, b boundary) int { return a.at - b.at })
	toks := tokenize(text)
	split := make([]token, 0, len(toks)+4)
	b := 0
	for _, t := range toks {
		for b < len(bounds) && bounds[b].at <= t.start {
			b++
		}
		for b < len(bounds) && bounds[b].at < t.end {
			at, e := bounds[b].at, rec.Entities[bounds[b].item]
			if at > t.start {
				problem(e.ID, ProblemSplitToken, at, "entity %s %d-%d %q has a boundary inside the token %q: split at %d", e.Label, e.Start, e.End, e.Text, string(text[t.start:t.end]), at)
				split = append(split, token{t.start, at})
				t.start = at
			}
			b++
		}
		split = append(split, t)
	}
	for _, i := range kept {
		if e := rec.Entities[i]; unicode.IsSpace(text[e.Start]) || unicode.IsSpace(text[e.End-1]) {
			problem(e.ID, ProblemSpace, e.Start, "entity %s %d-%d %q starts or ends with white space, which no token holds: its tags cover it without that space", e.Label, e.Start, e.End, e.Text)
		}
	}
	same := func(a, b int) bool { return owner[a] != 0 && owner[a] == owner[b] }
	for _, s := range sentences(text, split, same) {
		ts := tagged{tokens: s, labels: make([]string, len(s)), begins: make([]bool, len(s))}
		prev := int32(0)
		for i, t := range s {
			o := owner[t.start]
			if o != 0 {
				ts.labels[i] = rec.Entities[o-1].Label
				ts.begins[i] = o != prev
			}
			prev = o
		}
		sents = append(sents, ts)
	}
	return text, sents
}

// iob2 returns the IOB2 tag of token i of s: "O", "B-PER", "I-PER".
func (s tagged) iob2(i int) string {
	switch {
	case s.labels[i] == "":
		return "O"
	case s.begins[i]:
		return "B-" + s.labels[i]
	}
	return "I-" + s.labels[i]
}
