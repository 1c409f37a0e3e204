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

// unitIndex maps the offsets of one text between code points and a unit,
// each offset in constant time once built: an export or import converts
// every span of a text of up to annotations.MaxTextRunes code points.
type unitIndex struct {
	n int // the text's length in code points
	// toUnit[cp] is the offset in the unit of code point offset cp, -1
	// inside a grapheme cluster; fromUnit[u] is the code point offset of u,
	// -1 inside a character. Both nil when the offsets are the same in
	// both (code points, or a text where each code point is one unit).
	// int32: a text has at most annotations.MaxTextRunes code points (4
	// million UTF-16 units), and the two tables of a 1.5 MB text take
	// 12 MB instead of 24.
	toUnit, fromUnit []int32
	len              int // the text's length in the unit
}

// newUnitIndex indexes the boundaries of text that an offset in unit can
// name (walkUnit).
func newUnitIndex(text string, unit OffsetUnit) unitIndex {
	n := utf8.RuneCountInString(text)
	idx := unitIndex{n: n, len: n}
	if unit == UnitCodePoint {
		return idx
	}
	to := make([]int32, n+1)
	for i := range to {
		to[i] = -1
	}
	from := make([]int32, 0, n+1)
	same := true
	walkUnit(text, unit, func(cp, u int) bool {
		to[cp] = int32(u)
		for len(from) < u {
			from = append(from, -1)
		}
		from = append(from, int32(cp))
		same = same && cp == u
		return true
	})
	idx.len = len(from) - 1
	if !same || idx.len != n {
		idx.toUnit, idx.fromUnit = to, from
	}
	return idx
}

// to returns the offset in the unit of code point offset cp, and false when
// cp is outside the text or inside a grapheme cluster.
func (x unitIndex) to(cp int) (int, bool) {
	if cp < 0 || cp > x.n {
		return -1, false
	}
	if x.toUnit == nil {
		return cp, true
	}
	u := int(x.toUnit[cp])
	return u, u >= 0
}

// from returns the code point offset of offset u in the unit, and false
// when u is outside the text or inside a character (between the halves of
// a UTF-16 surrogate pair).
func (x unitIndex) from(u int) (int, bool) {
	if u < 0 || u > x.len {
		return -1, false
	}
	if x.fromUnit == nil {
		return u, true
	}
	cp := int(x.fromUnit[u])
	return cp, cp >= 0
}

// toUnit converts code point offsets of text to offsets in unit: an offset
// that falls inside a grapheme cluster, or outside the text, is -1.
func toUnit(text string, unit OffsetUnit, cps []int) []int {
	idx := newUnitIndex(text, unit)
	out := make([]int, len(cps))
	for i, cp := range cps {
		out[i], _ = idx.to(cp)
	}
	return out
}

// fromUnit converts offsets in unit of text to code point offsets: an
// offset inside a character (between the halves of a UTF-16 surrogate
// pair), or outside the text, is -1. It walks the text once, with memory
// for offs alone: an import converts, and checks in every unit
// (checkUnit), texts of up to annotations.MaxTextRunes code points.
func fromUnit(text string, unit OffsetUnit, offs []int) []int {
	order := make([]int, len(offs)) // the indexes of offs, by offset
	out := make([]int, len(offs))
	for i := range order {
		order[i], out[i] = i, -1
	}
	slices.SortFunc(order, func(a, b int) int { return offs[a] - offs[b] })
	k := 0
	walkUnit(text, unit, func(cp, u int) bool {
		for k < len(order) && offs[order[k]] < u {
			k++ // inside a character: -1
		}
		for k < len(order) && offs[order[k]] == u {
			out[order[k]] = cp
			k++
		}
		return k < len(order)
	})
	return out
}
