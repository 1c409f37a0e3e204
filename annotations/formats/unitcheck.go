package formats

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// checkUnit refuses a file read in unit by default (its import named no
// unit) when its offsets fit another unit instead: some span starts or ends
// inside a word, or inside a character, when the offsets count unit, and
// every span starts and ends between words when they count the other.
// Such a file most likely counts the other unit (doccano's project option
// to count grapheme clusters as one character, or a Python tool's code
// points), and stored in unit each span after the first character the two
// count differently would be shifted: silently wrong data, which the
// refusal turns into a message naming the unit to give. Texts that every
// unit counts alike (no emoji, no combining characters) say nothing, so a
// file of such texts is never refused. Words are judged only in scripts
// written with spaces between words: a span of Chinese text may start
// anywhere.
func checkUnit(drafts []draft, unit OffsetUnit) error {
	type tally struct {
		fits   bool // every offset names a boundary in this unit
		inside int  // boundaries inside a word or a character
	}
	tallies := map[OffsetUnit]*tally{}
	for _, u := range OffsetUnits {
		tallies[u] = &tally{fits: true}
	}
	var first error // the first span that unit puts inside a word
	for i := range drafts {
		d := &drafts[i]
		if unitsAgree(d.text) {
			continue
		}
		refs, offs := d.offsetRefs()
		if len(offs) == 0 {
			continue
		}
		byUnit := map[OffsetUnit][]int{}
		same := true
		for _, u := range OffsetUnits {
			byUnit[u] = fromUnit(d.text, u, offs)
			same = same && slices.Equal(byUnit[u], byUnit[OffsetUnits[0]])
		}
		if same {
			continue
		}
		for _, u := range OffsetUnits {
			t := tallies[u]
			cps := byUnit[u]
			inside := insideWords(d.text, cps)
			for k, cp := range cps {
				if cp >= 0 && !inside[k] {
					continue
				}
				t.inside++
				t.fits = t.fits && cp >= 0
				if u != unit || first != nil {
					continue
				}
				r, span := refs[k/2], offs[k-k%2:k-k%2+2]
				what := "falls inside a character"
				if start, end := cps[k-k%2], cps[k-k%2+1]; start >= 0 && end > start {
					what = "cuts a word (“" + excerpt(d.text, start, end) + "”)"
				}
				first = d.failAt(r.line, "%s: the span %d-%d %s when the offsets count %s", r.where, span[0], span[1], what, unit.describe())
			}
		}
	}
	if first == nil {
		return nil
	}
	var fitting, options []string
	for _, u := range OffsetUnits {
		if t := tallies[u]; u != unit && t.fits && t.inside == 0 {
			fitting = append(fitting, u.describe())
			options = append(options, "offsets="+string(u))
		}
	}
	if len(fitting) == 0 {
		return nil // no unit fits better: convertOffsets says what is wrong
	}
	err := first.(*ImportError)
	err.Msg += fmt.Sprintf(" (offsets=%s, the default), while every span of the file starts and ends between words when they count %s: import it with %s, or with offsets=%s to read the offsets as %s all the same",
		unit, strings.Join(fitting, " or "), strings.Join(options, " or "), unit, unit.describe())
	return err
}

// unitsAgree reports, cheaply, whether every unit counts text alike: no
// character past U+02FF (no emoji, no combining mark) and no "\r\n",
// which is one grapheme cluster. (Some texts it says no to are counted
// alike all the same: it only spares the full check the common case.)
func unitsAgree(text string) bool {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c >= 0xcc || c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			return false // 0xcc starts U+0300 and up in UTF-8
		}
	}
	return true
}

// insideWords reports for each code point offset of cps (-1: none)
// whether it is inside a word of text: between two letters, digits or
// marks of a script that puts spaces between words.
func insideWords(text string, cps []int) []bool {
	order := make([]int, 0, len(cps))
	for i, cp := range cps {
		if cp > 0 {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return cps[a] - cps[b] })
	out := make([]bool, len(cps))
	cp, prev := 0, rune(-1)
	for _, r := range text {
		for len(order) > 0 && cps[order[0]] == cp {
			out[order[0]] = wordRune(prev) && wordRune(r)
			order = order[1:]
		}
		if len(order) == 0 {
			break
		}
		cp, prev = cp+1, r
	}
	return out
}

// wordRune reports whether r is part of a word in a script written with
// spaces between words: a letter, digit or mark, but not of Chinese,
// Japanese, Thai, Lao, Khmer, Myanmar or Tibetan, where a word may end at
// any character.
func wordRune(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.Nd) &&
		!unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Tibetan)
}

// excerpt returns text's code points start to end, the middle left out
// past 40.
func excerpt(text string, start, end int) string {
	runes := []rune(text)[start:end]
	if len(runes) <= 40 {
		return string(runes)
	}
	return string(runes[:20]) + "…" + string(runes[len(runes)-19:])
}
