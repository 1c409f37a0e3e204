package annotations

import "testing"

func TestSniffEncoding(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		want Sniffed
	}{
		{"UTF-8 BOM", []byte("\xEF\xBB\xBFcaf\xC3\xA9"), Sniffed{EncodingUTF8, true}},
		{"UTF-16LE BOM", []byte{0xFF, 0xFE, 'c', 0, 0xE9, 0}, Sniffed{EncodingUTF16LE, true}},
		{"UTF-16BE BOM", []byte{0xFE, 0xFF, 0, 'c', 0, 0xE9}, Sniffed{EncodingUTF16BE, true}},
		{"UTF-8", []byte("café 😀"), Sniffed{EncodingUTF8, false}},
		{"ASCII", []byte("plain"), Sniffed{EncodingUTF8, false}},
		{"Windows-1252", []byte("caf\xE9 \x93quoted\x94"), Sniffed{}},
		{"Shift_JIS", []byte{0x93, 0xfa, 0x96, 0x7b}, Sniffed{}},
	}
	for _, tt := range tests {
		if got := SniffEncoding(tt.b); got != tt.want {
			t.Errorf("%s: SniffEncoding(% x) = %+v; want %+v", tt.name, tt.b, got, tt.want)
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
