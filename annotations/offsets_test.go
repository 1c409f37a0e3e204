package annotations

import (
	"testing"
	"unicode/utf16"
)

// offsetTexts are NFC texts that count differently in code points, UTF-16
// units and bytes.
var offsetTexts = map[string]string{
	"empty":          "",
	"ASCII":          "Rex Tillerson said.",
	"emoji":          "😀",
	"skin tone":      "👍🏽",
	"flag":           "🇺🇸",
	"ZWJ family":     "👨\u200d👩\u200d👧\u200d👦",
	"combining mark": "q\u0307 and q\u0323\u0307",
	"CJK":            "中文",
	"Arabic":         "مرحبا",
	"mixed": "😀 Rex 👍🏽 said «中文» to مرحبا, q\u0307\n" +
		"🇺🇸 👨\u200d👩\u200d👧 é\tend",
}

func TestOffsetTextsStayDecomposed(t *testing.T) {
	// The combining-mark fixture is only useful if NFC leaves it decomposed.
	for name, s := range offsetTexts {
		if s == "" {
			continue
		}
		got, err := NormalizeText(s)
		if err != nil || got != s {
			t.Errorf("%s: NormalizeText(%q) = %q, %v; the fixture must already be normalized", name, s, got, err)
		}
	}
}

func TestOffsetsExamples(t *testing.T) {
	const s = "a😀b中" // code points a,😀,b,中; UTF-16 1,2,1,1; bytes 1,4,1,3
	tests := []struct {
		name string
		f    func(string, int) int
		in   int
		want int
	}{
		{"CodePointToUTF16", CodePointToUTF16, -1, 0},
		{"CodePointToUTF16", CodePointToUTF16, 0, 0},
		{"CodePointToUTF16", CodePointToUTF16, 1, 1},
		{"CodePointToUTF16", CodePointToUTF16, 2, 3},
		{"CodePointToUTF16", CodePointToUTF16, 3, 4},
		{"CodePointToUTF16", CodePointToUTF16, 4, 5},
		{"CodePointToUTF16", CodePointToUTF16, 5, 5},
		{"CodePointToUTF16", CodePointToUTF16, 1000, 5},

		{"UTF16ToCodePoint", UTF16ToCodePoint, -1, 0},
		{"UTF16ToCodePoint", UTF16ToCodePoint, 0, 0},
		{"UTF16ToCodePoint", UTF16ToCodePoint, 1, 1},
		{"UTF16ToCodePoint", UTF16ToCodePoint, 2, 1}, // inside the surrogate pair: rounds down
		{"UTF16ToCodePoint", UTF16ToCodePoint, 3, 2},
		{"UTF16ToCodePoint", UTF16ToCodePoint, 4, 3},
		{"UTF16ToCodePoint", UTF16ToCodePoint, 5, 4},
		{"UTF16ToCodePoint", UTF16ToCodePoint, 6, 4},
		{"UTF16ToCodePoint", UTF16ToCodePoint, 1000, 4},

		{"CodePointToByte", CodePointToByte, -1, 0},
		{"CodePointToByte", CodePointToByte, 0, 0},
		{"CodePointToByte", CodePointToByte, 1, 1},
		{"CodePointToByte", CodePointToByte, 2, 5},
		{"CodePointToByte", CodePointToByte, 3, 6},
		{"CodePointToByte", CodePointToByte, 4, 9},
		{"CodePointToByte", CodePointToByte, 5, 9},

		{"ByteToCodePoint", ByteToCodePoint, -1, 0},
		{"ByteToCodePoint", ByteToCodePoint, 0, 0},
		{"ByteToCodePoint", ByteToCodePoint, 1, 1},
		{"ByteToCodePoint", ByteToCodePoint, 2, 1}, // inside 😀's four bytes: rounds down
		{"ByteToCodePoint", ByteToCodePoint, 3, 1},
		{"ByteToCodePoint", ByteToCodePoint, 4, 1},
		{"ByteToCodePoint", ByteToCodePoint, 5, 2},
		{"ByteToCodePoint", ByteToCodePoint, 6, 3},
		{"ByteToCodePoint", ByteToCodePoint, 7, 3}, // inside 中
		{"ByteToCodePoint", ByteToCodePoint, 8, 3},
		{"ByteToCodePoint", ByteToCodePoint, 9, 4},
		{"ByteToCodePoint", ByteToCodePoint, 10, 4},
	}
	for _, tt := range tests {
		if got := tt.f(s, tt.in); got != tt.want {
			t.Errorf("%s(%q, %d) = %d, want %d", tt.name, s, tt.in, got, tt.want)
		}
	}
	if got := UTF16Len(s); got != 5 {
		t.Errorf("UTF16Len(%q) = %d, want 5", s, got)
	}
	if got := RuneCount(s); got != 4 {
		t.Errorf("RuneCount(%q) = %d, want 4", s, got)
	}
}

func TestLengths(t *testing.T) {
	tests := []struct {
		s           string
		runes, u16s int
	}{
		{"", 0, 0},
		{"abc", 3, 3},
		{"😀", 1, 2},
		{"👍🏽", 2, 4},
		{"🇺🇸", 2, 4},
		{"👨\u200d👩\u200d👧", 5, 8},
		{"q\u0307", 2, 2},
		{"中文", 2, 2},
		{"مرحبا", 5, 5},
		{"\U0010FFFF", 1, 2},
		{"\uFFFF", 1, 1},
	}
	for _, tt := range tests {
		if got := RuneCount(tt.s); got != tt.runes {
			t.Errorf("RuneCount(%q) = %d, want %d", tt.s, got, tt.runes)
		}
		if got := UTF16Len(tt.s); got != tt.u16s {
			t.Errorf("UTF16Len(%q) = %d, want %d", tt.s, got, tt.u16s)
		}
	}
}

// TestOffsetsAgainstIndependentCount checks every conversion, at every
// offset from before the start to past the end, against counts computed
// another way: utf16.Encode and string([]rune) lengths of each prefix.
func TestOffsetsAgainstIndependentCount(t *testing.T) {
	for name, s := range offsetTexts {
		t.Run(name, func(t *testing.T) {
			runes := []rune(s)
			n := len(runes)
			u16At := make([]int, n+1) // UTF-16 offset of code point i
			byteAt := make([]int, n+1)
			for i := 0; i <= n; i++ {
				u16At[i] = len(utf16.Encode(runes[:i]))
				byteAt[i] = len(string(runes[:i]))
			}
			if got := RuneCount(s); got != n {
				t.Errorf("RuneCount = %d, want %d", got, n)
			}
			if got := UTF16Len(s); got != u16At[n] {
				t.Errorf("UTF16Len = %d, want %d", got, u16At[n])
			}
			clamp := func(i int) int { return min(max(i, 0), n) }
			for cp := -2; cp <= n+2; cp++ {
				if got, want := CodePointToUTF16(s, cp), u16At[clamp(cp)]; got != want {
					t.Errorf("CodePointToUTF16(%d) = %d, want %d", cp, got, want)
				}
				if got, want := CodePointToByte(s, cp), byteAt[clamp(cp)]; got != want {
					t.Errorf("CodePointToByte(%d) = %d, want %d", cp, got, want)
				}
				// Round trips at every code point boundary.
				if got := UTF16ToCodePoint(s, CodePointToUTF16(s, cp)); got != clamp(cp) {
					t.Errorf("UTF16ToCodePoint(CodePointToUTF16(%d)) = %d, want %d", cp, got, clamp(cp))
				}
				if got := ByteToCodePoint(s, CodePointToByte(s, cp)); got != clamp(cp) {
					t.Errorf("ByteToCodePoint(CodePointToByte(%d)) = %d, want %d", cp, got, clamp(cp))
				}
			}
			// The code point at or before a UTF-16 or byte offset: the last
			// boundary not past it.
			floor := func(at []int, off int) int {
				cp := 0
				for i, o := range at {
					if o <= off {
						cp = i
					}
				}
				return cp
			}
			for u := -2; u <= u16At[n]+2; u++ {
				if got, want := UTF16ToCodePoint(s, u), floor(u16At, u); got != want {
					t.Errorf("UTF16ToCodePoint(%d) = %d, want %d", u, got, want)
				}
			}
			for b := -2; b <= len(s)+2; b++ {
				if got, want := ByteToCodePoint(s, b), floor(byteAt, b); got != want {
					t.Errorf("ByteToCodePoint(%d) = %d, want %d", b, got, want)
				}
				// And through a UTF-16 offset: bytes -> code point -> UTF-16 -> code point.
				cp := ByteToCodePoint(s, b)
				if got := UTF16ToCodePoint(s, CodePointToUTF16(s, cp)); got != cp {
					t.Errorf("byte %d: code point %d does not survive a UTF-16 round trip (%d)", b, cp, got)
				}
			}
		})
	}
}
