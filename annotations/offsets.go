package annotations

import (
	"unicode/utf16"
	"unicode/utf8"
)

// The conversions below translate offsets between the three ways Gloss's
// software counts positions in a string: Unicode code points (the unit of
// every stored and exported offset), UTF-16 code units (the browser's DOM and
// JavaScript strings) and bytes (Go strings). Offsets past the end clamp to
// the end; an offset inside a character (a UTF-16 surrogate pair or a UTF-8
// sequence) rounds down to the start of that character.

// RuneCount returns the length of s in code points.
func RuneCount(s string) int { return utf8.RuneCountInString(s) }

// UTF16Len returns the length of s in UTF-16 code units.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// CodePointToUTF16 converts a code point offset in s to a UTF-16 offset.
func CodePointToUTF16(s string, cp int) int {
	u, i := 0, 0
	for _, r := range s {
		if i >= cp {
			break
		}
		u += utf16.RuneLen(r)
		i++
	}
	return u
}

// UTF16ToCodePoint converts a UTF-16 offset in s to a code point offset.
func UTF16ToCodePoint(s string, u16 int) int {
	u, i := 0, 0
	for _, r := range s {
		n := utf16.RuneLen(r)
		if u+n > u16 {
			break
		}
		u += n
		i++
	}
	return i
}

// CodePointToByte converts a code point offset in s to a byte offset.
func CodePointToByte(s string, cp int) int {
	if cp <= 0 {
		return 0
	}
	i := 0
	for b := range s {
		if i == cp {
			return b
		}
		i++
	}
	return len(s)
}

// ByteToCodePoint converts a byte offset in s to a code point offset.
func ByteToCodePoint(s string, b int) int {
	if b >= len(s) {
		return utf8.RuneCountInString(s)
	}
	if b <= 0 {
		return 0
	}
	for b > 0 && !utf8.RuneStart(s[b]) {
		b--
	}
	return utf8.RuneCountInString(s[:b])
}
