package normform

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// xtext is each form as golang.org/x/text/unicode/norm, the reference.
var xtext = [...]norm.Form{NFC: norm.NFC, NFD: norm.NFD, NFKC: norm.NFKC, NFKD: norm.NFKD}

var forms = [...]Form{NFC, NFD, NFKC, NFKD}

// TestUnassignedAreBoundaries checks the premise of the browser build: to
// x/text's tables, every code point that Assigned says Unicode 15.0 left
// unassigned is a starter that neither composes nor decomposes, in every
// form, so that a text may be cut there and its pieces normalized apart.
// It also checks that both know the same version.
func TestUnassignedAreBoundaries(t *testing.T) {
	if norm.Version != "15.0.0" {
		t.Fatalf("x/text's norm tables are of Unicode %s; Assigned is of 15.0.0 (update the package's documentation and this test)", norm.Version)
	}
	unassigned := 0
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if Assigned(r) || !utf8.ValidRune(r) {
			continue
		}
		unassigned++
		s := string(r)
		for _, f := range forms {
			p := xtext[f].PropertiesString(s)
			if p.CCC() != 0 || !p.BoundaryBefore() || !p.BoundaryAfter() || len(p.Decomposition()) != 0 {
				t.Fatalf("%U is unassigned in Unicode 15.0 but not a boundary in %s: ccc %d, boundary before %v, after %v, decomposition %q",
					r, f.name(), p.CCC(), p.BoundaryBefore(), p.BoundaryAfter(), p.Decomposition())
			}
		}
	}
	// Unicode 15.0 has 149,186 graphic and format characters, 65 controls,
	// 137,468 code points for private use and 2,048 surrogates (not
	// runes); the rest is Cn, its 66 noncharacters included.
	if want := int(utf8.MaxRune) + 1 - 149186 - 65 - 137468 - 2048; unassigned != want {
		t.Errorf("%d code points unassigned, want %d", unassigned, want)
	}
}

// TestBelowCombiningMarksIsNFC checks the shortcut the js build takes: a text
// of code points below U+0300 is in NFC, each one being in NFC and none
// composing with what precedes it.
func TestBelowCombiningMarksIsNFC(t *testing.T) {
	for r := rune(0); r < firstNotNFCStable; r++ {
		p := norm.NFC.PropertiesString(string(r))
		if p.CCC() != 0 || !p.BoundaryBefore() || !norm.NFC.IsNormalString(string(r)) {
			t.Fatalf("%U changes in NFC, or changes what precedes it", r)
		}
	}
	if Assigned(0x378) || !Assigned(0x300) || !Assigned(0xE000) || !Assigned(0x1F600) || Assigned(0x1FAE9) {
		t.Error("Assigned disagrees with Unicode 15.0 on U+0378, U+0300, U+E000, U+1F600 or U+1FAE9")
	}
}

// TestMatchesXText compares every form with x/text on texts that exercise
// composition, reordering, compatibility mappings, Hangul, code points
// that later versions of Unicode assigned, and bytes that are not UTF-8.
// Built natively, this is the reference against itself; built for js and
// run in Chromium (server/e2e), it compares the browser's tables with
// x/text's.
func TestMatchesXText(t *testing.T) {
	for _, s := range testTexts() {
		for _, f := range forms {
			if got, want := f.String(s), xtext[f].String(s); got != want {
				t.Errorf("%s(%+q) = %+q, want %+q", f.name(), s, got, want)
			}
		}
	}
}

// testTexts returns fixed cases and, from a fixed seed, random strings of
// code points from pools that normalization treats differently.
func testTexts() []string {
	texts := []string{
		"", "plain ASCII", "Zürich, São Paulo, Łódź", "Cafe\u0301 cre\u0300me",
		"a\u0316\u0301\u0300b", "\u1100\u1161\u11A8 한국어 \u1100\uAC00\u11A8",
		"ﬁ ① ｆｕｌｌ ¹²³ Å Ω ǅ", "\u0344 \u0958 \u2126 \u212B \u0F73",
		// U+0897 (ccc 230) and U+1E5EE (ccc 230) came in Unicode 16.0,
		// U+1FAE9 (an emoji) too: x/text treats them as starters.
		"a\u0897\u0316", "e\U0001E5EE\u0301", "\U0001FAE9\u0301", "x\u0378\u0301\u0316",
		"bad \xff\xfe bytes e\u0301\xc3", "\xe2\x82",
	}
	pools := [][2]rune{
		{'a', 'z'}, {0xC0, 0x17F}, {0x300, 0x36F}, {0x591, 0x5C7}, {0x1100, 0x1112},
		{0x1161, 0x1175}, {0x11A8, 0x11C2}, {0xAC00, 0xAC40}, {0xFB00, 0xFB06},
		{0xFF01, 0xFF5E}, {0x2460, 0x2473}, {0x1F00, 0x1F20}, {0x0374, 0x0390},
		{0x0890, 0x089F}, {0x1E5D0, 0x1E5FF}, {0x1FAE0, 0x1FAEF}, {0x0F70, 0x0F85},
	}
	state := uint64(20261206)
	next := func(n int) int { // xorshift64*, so both builds see the same texts
		state ^= state >> 12
		state ^= state << 25
		state ^= state >> 27
		return int((state * 2685821657736338717) >> 33 % uint64(n))
	}
	for range 3000 {
		var b []byte
		for range 1 + next(12) {
			if next(40) == 0 {
				b = append(b, 0xC3) // a lead byte without its continuation
				continue
			}
			p := pools[next(len(pools))]
			b = utf8.AppendRune(b, p[0]+rune(next(int(p[1]-p[0]+1))))
		}
		texts = append(texts, string(b))
	}
	return texts
}
