package annotations

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// The encodings SniffEncoding can be sure of, as WHATWG Encoding labels
// (what a browser's TextDecoder takes).
const (
	EncodingUTF8    = "utf-8"
	EncodingUTF16LE = "utf-16le"
	EncodingUTF16BE = "utf-16be"
)

// Sniffed is what the bytes of a file say of their encoding by themselves.
type Sniffed struct {
	// Encoding is a WHATWG label, "" when the bytes do not say: they are
	// neither valid UTF-8 nor marked, so a legacy encoding (windows-1252,
	// Shift_JIS, ...) must be guessed from their statistics.
	Encoding string
	// BOM says that a byte order mark names the encoding.
	BOM bool
	// Binary says that the bytes are no text in any encoding (IsBinary):
	// an image, a PDF or another binary file, whatever its name says.
	Binary bool
}

// SniffEncoding reads the encoding of a text file from its bytes alone: a
// byte order mark (UTF-8, UTF-16 little- or big-endian), else UTF-16 when
// NULs fall as in UTF-16 text of Latin letters (utf16WithoutBOM), else
// binary when it has NULs (IsBinary), else UTF-8 when
// the bytes are valid UTF-8. A file of another encoding is rarely valid
// UTF-8 by chance once it has a letter outside ASCII, and one of only ASCII
// reads the same in UTF-8. Bytes that IsBinary finds no text, but for
// UTF-16's, whose NULs are the encoding's, are Binary.
func SniffEncoding(b []byte) Sniffed {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return Sniffed{Encoding: EncodingUTF16LE, BOM: true}
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return Sniffed{Encoding: EncodingUTF16BE, BOM: true}
	case IsBinary(string(b[:min(len(b), binaryPrefix)])):
		if e := utf16WithoutBOM(b[:min(len(b), binaryPrefix)]); e != "" {
			return Sniffed{Encoding: e}
		}
		return Sniffed{Binary: true}
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return Sniffed{Encoding: EncodingUTF8, BOM: true}
	case utf8.Valid(b):
		return Sniffed{Encoding: EncodingUTF8}
	}
	return Sniffed{}
}

// utf16WithoutBOM returns the UTF-16 encoding of b, a file's start with
// NULs but no byte order mark, when its NULs are those of UTF-16 text in
// Latin letters: in at least half its byte pairs, and all on one side of
// them (the high bytes: odd offsets in little-endian, even in
// big-endian). A binary file's NULs fall on both sides. "" otherwise.
func utf16WithoutBOM(b []byte) string {
	var even, odd int
	for i, c := range b[:len(b)&^1] {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	switch half := len(b) / 4; {
	case even == 0 && odd > 0 && odd >= half:
		return EncodingUTF16LE
	case odd == 0 && even > 0 && even >= half:
		return EncodingUTF16BE
	}
	return ""
}

// binaryPrefix is how much of a file IsBinary reads: its first 8,000
// bytes, as git and GNU grep do.
const binaryPrefix = 8000

// IsBinary reports whether text, what a file holds read as text, is not
// text at all but an image, a PDF, an archive or another binary file:
// whether its first 8,000 bytes hold a NUL, as the headers of those
// formats do and no text does (in UTF-8 or a legacy encoding; UTF-16 and
// UTF-32 bytes have NULs, but decoded they have none). It is the one rule
// of the app's form (SniffEncoding), the server's API and imports
// (NewArticle) and HTML pages (htmltext.MainText); a text already stored,
// its NULs made spaces, is not judged again.
func IsBinary(text string) bool {
	return strings.IndexByte(text[:min(len(text), binaryPrefix)], 0) >= 0
}

// ErrNotText refuses a file that IsBinary finds no text, where an article
// is added: in the app's form, and on the server, the text or page of an
// article or of an import's record.
var ErrNotText error = &ValidationError{Message: "This file is not text but an image, a PDF or another binary file, whatever its name says: add the article as a .txt or .html file, or paste its text."}

// encodingNames names the encodings for a user.
var encodingNames = [...]struct{ label, name string }{
	{EncodingUTF8, "UTF-8"},
	{EncodingUTF16LE, "UTF-16 (little-endian)"},
	{EncodingUTF16BE, "UTF-16 (big-endian)"},
	{"windows-1252", "Windows-1252 (Western European)"},
	{"iso-8859-1", "Windows-1252 (Western European)"},
	{"windows-1250", "Windows-1250 (Central European)"},
	{"iso-8859-2", "ISO-8859-2 (Central European)"},
	{"windows-1251", "Windows-1251 (Cyrillic)"},
	{"koi8-r", "KOI8-R (Cyrillic)"},
	{"windows-1253", "Windows-1253 (Greek)"},
	{"windows-1254", "Windows-1254 (Turkish)"},
	{"windows-1255", "Windows-1255 (Hebrew)"},
	{"windows-1256", "Windows-1256 (Arabic)"},
	{"shift_jis", "Shift_JIS (Japanese)"},
	{"euc-jp", "EUC-JP (Japanese)"},
	{"iso-2022-jp", "ISO-2022-JP (Japanese)"},
	{"gb18030", "GB18030 (Chinese, simplified)"},
	{"big5", "Big5 (Chinese, traditional)"},
	{"euc-kr", "EUC-KR (Korean)"},
	{"iso-8859-5", "ISO-8859-5 (Cyrillic)"},
	{"iso-8859-6", "ISO-8859-6 (Arabic)"},
	{"iso-8859-7", "ISO-8859-7 (Greek)"},
	{"iso-8859-8", "ISO-8859-8 (Hebrew)"},
	{"iso-8859-9", "ISO-8859-9 (Turkish)"},
	{"iso-8859-15", "ISO-8859-15 (Western European)"},
}

// EncodingName names an encoding label for a user: "UTF-16 (little-endian)"
// rather than "utf-16le"; labels it does not know are returned as they are.
func EncodingName(label string) string {
	for _, e := range encodingNames {
		if e.label == label {
			return e.name
		}
	}
	return label
}

// CountReplacements counts the U+FFFD replacement characters in s: what a
// decoder puts where bytes are not text in the encoding it was told.
func CountReplacements(s string) int { return strings.Count(s, "\uFFFD") }

// CommonEncodings are the encodings a user may pick for a text file, as
// WHATWG labels: those of most legacy text files.
var CommonEncodings = []string{
	EncodingUTF8, "windows-1252", "windows-1250", "windows-1251", "koi8-r", "windows-1253",
	"windows-1254", "windows-1255", "windows-1256", "shift_jis", "euc-jp", "iso-2022-jp",
	"gb18030", "big5", "euc-kr", EncodingUTF16LE, EncodingUTF16BE,
}

// DecoderLabel returns the WHATWG label of a charset named as IANA does (as
// charset detectors report them: "ISO-8859-1", "Shift_JIS"), and false
// for one a browser cannot decode (UTF-32, EBCDIC, ISO-2022-KR and -CN,
// which WHATWG maps to its replacement decoder).
func DecoderLabel(charset string) (string, bool) {
	l := strings.ToLower(charset)
	switch {
	case l == "iso-8859-1": // WHATWG decodes it as windows-1252, a superset
		return "windows-1252", true
	case l == "iso-2022-kr", l == "iso-2022-cn", strings.HasPrefix(l, "utf-32"), strings.HasPrefix(l, "ibm"):
		return "", false
	}
	return l, l != ""
}
