package formats

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// OffsetUnit is what the offsets of a file count. Gloss counts code points;
// doccano's editor is JavaScript and counts UTF-16 code units (doccano issue
// 2290), or grapheme clusters when its project counts them as one character.
type OffsetUnit string

// The units a doccano export or import may count offsets in.
const (
	// UnitUTF16 counts UTF-16 code units, as JavaScript strings do: an
	// emoji such as 👋 is 2. doccano's default.
	UnitUTF16 OffsetUnit = "utf16"
	// UnitGrapheme counts grapheme clusters (what a reader sees as one
	// character: 👋🏽 is 1), as doccano does with its project option
	// "Count grapheme clusters as one character".
	UnitGrapheme OffsetUnit = "grapheme"
	// UnitCodePoint counts Unicode code points, as Python's str and Gloss's
	// own formats do: 👋🏽 is 2.
	UnitCodePoint OffsetUnit = "codepoint"
)

// OffsetUnits lists the units, the default (UTF-16) first.
var OffsetUnits = []OffsetUnit{UnitUTF16, UnitGrapheme, UnitCodePoint}

// ParseOffsetUnit reads the name of an OffsetUnit; "" is UnitUTF16.
func ParseOffsetUnit(s string) (OffsetUnit, error) {
	if s == "" {
		return UnitUTF16, nil
	}
	if u := OffsetUnit(s); slices.Contains(OffsetUnits, u) {
		return u, nil
	}
	names := make([]string, len(OffsetUnits))
	for i, u := range OffsetUnits {
		names[i] = string(u)
	}
	return "", fmt.Errorf("offsets %q: the units are %s", s, strings.Join(names, ", "))
}

// describe names what u counts, for messages.
func (u OffsetUnit) describe() string {
	switch u {
	case UnitUTF16:
		return "UTF-16 code units"
	case UnitGrapheme:
		return "grapheme clusters"
	}
	return "characters (code points)"
}

// walkUnit calls visit with each boundary of text that an offset in unit can
// name, in order, as its code point offset and its offset in unit: every
// code point boundary for code points and UTF-16, cluster boundaries for
// grapheme clusters. The first is (0, 0), the last the text's end. visit
// returns false to stop.
func walkUnit(text string, unit OffsetUnit, visit func(cp, u int) bool) {
	cp, u := 0, 0
	if !visit(0, 0) {
		return
	}
	if unit == UnitGrapheme {
		state := -1
		var cluster string
		for rest := text; rest != ""; {
			cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
			cp += utf8.RuneCountInString(cluster)
			u++
			if !visit(cp, u) {
				return
			}
		}
		return
	}
	for _, r := range text {
		cp++
		if unit == UnitUTF16 {
			u += utf16.RuneLen(r)
		} else {
			u++
		}
		if !visit(cp, u) {
			return
		}
	}
}

// toUnit converts code point offsets of text to offsets in unit, in one
// pass over the text: an offset that falls inside a grapheme cluster, or
// outside the text, is -1.
func toUnit(text string, unit OffsetUnit, cps []int) []int {
	return mapOffsets(text, unit, cps, true)
}

// fromUnit converts offsets in unit of text to code point offsets, in one
// pass: an offset inside a character (between the halves of a UTF-16
// surrogate pair), or outside the text, is -1.
func fromUnit(text string, unit OffsetUnit, offs []int) []int {
	return mapOffsets(text, unit, offs, false)
}

// mapOffsets converts offs from code points to unit (toUnit) or back.
func mapOffsets(text string, unit OffsetUnit, offs []int, toUnit bool) []int {
	out := make([]int, len(offs))
	if unit == UnitCodePoint {
		n := utf8.RuneCountInString(text)
		for i, o := range offs {
			out[i] = o
			if o < 0 || o > n {
				out[i] = -1
			}
		}
		return out
	}
	order := make([]int, len(offs))
	for i := range order {
		order[i] = i
		out[i] = -1
	}
	slices.SortFunc(order, func(a, b int) int { return offs[a] - offs[b] })
	next := 0
	walkUnit(text, unit, func(cp, u int) bool {
		from, to := cp, u
		if !toUnit {
			from, to = u, cp
		}
		for next < len(order) && offs[order[next]] <= from {
			if offs[order[next]] == from {
				out[order[next]] = to
			}
			next++
		}
		return next < len(order)
	})
	return out
}
