//go:build js

package normform

import (
	"strings"
	"syscall/js"
	"unicode/utf8"
)

// jsNormalize is String.prototype.normalize, called with a string as this.
var jsNormalize = js.Global().Get("String").Get("prototype").Get("normalize")

// normalize returns s in form f, by the JavaScript engine's tables. The
// text is cut at each code point that Unicode 15.0 left unassigned, and at
// each byte that is not UTF-8; those are kept as they are and the pieces
// between them are normalized one by one (see the package's documentation).
func (f Form) normalize(s string) string {
	var b strings.Builder
	piece := 0 // where the piece being scanned starts
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (r >= firstNotNFCStable && !Assigned(r)) {
			b.WriteString(f.normalizePiece(s[piece:i]))
			b.WriteString(s[i : i+size])
			piece = i + size
		}
		i += size
	}
	if piece == 0 {
		return f.normalizePiece(s)
	}
	b.WriteString(f.normalizePiece(s[piece:]))
	return b.String()
}

// normalizePiece returns s, valid UTF-8 of assigned code points, in form f.
func (f Form) normalizePiece(s string) string {
	if f.unchanged(s) {
		return s
	}
	return jsNormalize.Call("call", s, f.name()).String()
}

// unchanged reports whether s is in form f for a reason found without
// tables: ASCII is in every form, and a text of code points below U+0300
// (Latin-1 and the Latin extensions, before the combining marks) is in NFC.
func (f Form) unchanged(s string) bool {
	limit := rune(utf8.RuneSelf)
	if f == NFC {
		limit = firstNotNFCStable
	}
	for _, r := range s {
		if r >= limit {
			return false
		}
	}
	return true
}
