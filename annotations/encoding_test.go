package annotations

import (
	"strings"
	"testing"
)

func TestSniffEncoding(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		want Sniffed
	}{
		{"UTF-8 BOM", []byte("\xEF\xBB\xBFcaf\xC3\xA9"), Sniffed{Encoding: EncodingUTF8, BOM: true}},
		{"UTF-16LE BOM", []byte{0xFF, 0xFE, 'c', 0, 0xE9, 0}, Sniffed{Encoding: EncodingUTF16LE, BOM: true}},
		{"UTF-16BE BOM", []byte{0xFE, 0xFF, 0, 'c', 0, 0xE9}, Sniffed{Encoding: EncodingUTF16BE, BOM: true}},
		{"UTF-8", []byte("café 😀"), Sniffed{Encoding: EncodingUTF8}},
		{"ASCII", []byte("plain"), Sniffed{Encoding: EncodingUTF8}},
		{"Windows-1252", []byte("caf\xE9 \x93quoted\x94"), Sniffed{}},
		{"Shift_JIS", []byte{0x93, 0xfa, 0x96, 0x7b}, Sniffed{}},
		{"PNG", []byte(pngHeader), Sniffed{Binary: true}},
		{"NULs after a UTF-8 BOM", []byte("\xEF\xBB\xBF\x00\x00\x01"), Sniffed{Binary: true}},
		{"UTF-16LE without BOM", []byte{'c', 0, 'a', 0, 'f', 0, 0xE9, 0, ' ', 0, 0x2D, 0x4E}, Sniffed{Encoding: EncodingUTF16LE}},
		{"UTF-16BE without BOM", []byte{0, 'c', 0, 'a', 0, 'f', 0, 0xE9, 0, ' ', 0x4E, 0x2D}, Sniffed{Encoding: EncodingUTF16BE}},
		{"NULs in a few pairs only", []byte{'a', 'b', 'c', 'd', 'e', 'f', 'g', 0}, Sniffed{Binary: true}},
	}
	for _, tt := range tests {
		if got := SniffEncoding(tt.b); got != tt.want {
			t.Errorf("%s: SniffEncoding(% x) = %+v; want %+v", tt.name, tt.b, got, tt.want)
		}
	}
}

// pngHeader is how a PNG file starts: its signature and the start of its
// IHDR chunk (a 16 × 16 image).
const pngHeader = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"

// TestIsBinary: the files people rename .html or .txt by mistake are not
// text; no text is binary, however odd, nor a long text with a stray NUL
// far from its start.
func TestIsBinary(t *testing.T) {
	long := strings.Repeat("Rex Tillerson met Sergei Lavrov. ", 300) // 9,900 bytes
	tests := []struct {
		name, text string
		want       bool
	}{
		{"PNG", pngHeader, true},
		{"JPEG", "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01", true},
		{"GIF", "GIF89a\x10\x00\x10\x00\x80\x00\x00", true},
		{"zip (a .docx)", "PK\x03\x04\x14\x00\x06\x00\x08\x00", true},
		{"PDF with a stream", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</Length 9/Filter/FlateDecode>>stream\nx\x9c\x00\x03\x1b", true},
		{"text", "Rex Tillerson met Sergei Lavrov in Moscow.", false},
		{"text with tabs, form feeds and escapes", "a\tb\fc\x1b[1md\r\n", false},
		{"Windows-1252 bytes", "caf\xE9 \x93quoted\x94", false},
		{"empty", "", false},
		{"a NUL past the first 8,000 bytes", long + "\x00", false},
		{"a NUL within them", long[:7999] + "\x00" + long, true},
	}
	for _, tt := range tests {
		if got := IsBinary(tt.text); got != tt.want {
			t.Errorf("%s: IsBinary(%.30q) = %v; want %v", tt.name, tt.text, got, tt.want)
		}
	}
}

func TestCountReplacements(t *testing.T) {
	if got := CountReplacements("caf\uFFFD \uFFFD ok"); got != 2 {
		t.Errorf("CountReplacements = %d; want 2", got)
	}
}

func TestDecoderLabel(t *testing.T) {
	tests := []struct {
		charset, want string
		ok            bool
	}{
		{"ISO-8859-1", "windows-1252", true},
		{"windows-1252", "windows-1252", true},
		{"Shift_JIS", "shift_jis", true},
		{"GB18030", "gb18030", true},
		{"UTF-16LE", "utf-16le", true},
		{"ISO-2022-KR", "", false},
		{"UTF-32BE", "", false},
		{"IBM420_ltr", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := DecoderLabel(tt.charset); got != tt.want || ok != tt.ok {
			t.Errorf("DecoderLabel(%q) = %q, %v; want %q, %v", tt.charset, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEncodingName(t *testing.T) {
	for label, want := range map[string]string{
		"utf-16le":     "UTF-16 (little-endian)",
		"windows-1252": "Windows-1252 (Western European)",
		"shift_jis":    "Shift_JIS (Japanese)",
		"iso-8859-9":   "ISO-8859-9 (Turkish)",
		"iso-8859-6":   "ISO-8859-6 (Arabic)",
		"x-unknown":    "x-unknown",
	} {
		if got := EncodingName(label); got != want {
			t.Errorf("EncodingName(%q) = %q; want %q", label, got, want)
		}
	}
}
