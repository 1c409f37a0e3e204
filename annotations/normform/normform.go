// Package normform puts text in one of Unicode's four normalization forms
// (NFC, NFD, NFKC, NFKD), the same on the server and in the browser.
//
// Built natively, it is golang.org/x/text/unicode/norm. Built for
// WebAssembly (js), it asks the JavaScript engine's String.prototype.normalize
// instead, so that app.wasm carries no normalization tables (about 35 kB of
// Brotli): the browser has its own, from ICU.
//
// The two agree because of Unicode's normalization stability policy: once
// a character is assigned, its decomposition and combining class never
// change. Both sides here know Unicode 15.0.0 (the standard library's unicode
// tables and x/text's norm tables are of the same version); browsers since
// 2023 know 15.0 or later. A character that was still unassigned in 15.0 is,
// for x/text, a starter that never composes nor decomposes, so it is a
// boundary: the text on each side of it is normalized on its own. The
// browser build cuts the text at each such character (Assigned says which),
// normalizes the pieces between them, and keeps those characters as they
// are, which is what x/text does whatever a newer Unicode says of them.
// TestUnassignedAreBoundaries checks that premise against x/text's tables,
// and the wasm test (server/e2e, TestNormformInBrowser) compares the two
// builds on the same texts.
//
// A browser older than Unicode 15.0 could still normalize a character of a
// script added in 13.0 to 15.0 differently: the server, which checks every
// article's text, then refuses it as not normalized (a clear 400), and
// nothing stored changes.
package normform

import (
	"unicode"
)

// Form is one of Unicode's normalization forms.
type Form int

// The normalization forms, in the order Unicode lists them.
const (
	NFC Form = iota
	NFD
	NFKC
	NFKD
)

// name returns the form's name, as String.prototype.normalize takes it.
func (f Form) name() string {
	switch f {
	case NFD:
		return "NFD"
	case NFKC:
		return "NFKC"
	case NFKD:
		return "NFKD"
	}
	return "NFC"
}

// String returns s in form f. Bytes that are not UTF-8 are kept as they are.
func (f Form) String(s string) string { return f.normalize(s) }

// firstNotNFCStable is the first code point that may change, or change its
// neighbours, in NFC: U+0300, the first combining mark.
const firstNotNFCStable = 0x300

// Assigned reports whether r was assigned a character in Unicode 15.0.0,
// the version both builds know: whether its general category is not Cn
// (unassigned, noncharacters included). Each one that is not is a
// normalization boundary (see the package's documentation).
func Assigned(r rune) bool { return !unicode.Is(unicode.Cn, r) }
