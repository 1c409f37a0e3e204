package annotations

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "Hello, world.", "Hello, world."},
		{"CRLF", "a\r\nb\r\nc", "a\nb\nc"},
		{"lone CR", "a\rb", "a\nb"},
		{"CR CR LF", "a\r\r\nb", "a\n\nb"},
		{"LF CR", "a\n\rb", "a\n\nb"},
		{"LF kept", "a\n\nb", "a\n\nb"},
		{"tab kept", "a\tb", "a\tb"},
		{"NUL", "a\x00b", "a b"},
		{"BEL", "a\x07b", "a b"},
		{"DEL", "a\x7fb", "a b"},
		{"NEL U+0085", "a\u0085b", "a b"},
		{"C1 U+009F", "a\u009fb", "a b"},
		{"control runs keep their length", "a\x00\x01\x02b", "a   b"},
		{"controls at the edges are trimmed", "\x00a\x07", "a"},
		{"NFC e + U+0301", "cafe\u0301", "caf\u00e9"},
		{"NFC already composed", "caf\u00e9", "caf\u00e9"},
		{"NFC Hangul jamo", "\u1112\u1161\u11ab\u1100\u1173\u11af", "\ud55c\uae00"},
		{"NFC reorders marks", "\u1e0b\u0323", "\u1e0d\u0307"},
		{"q + dot above stays decomposed", "q\u0307", "q\u0307"},
		{"emoji kept", "👍🏽 🇺🇸 👨\u200d👩\u200d👧", "👍🏽 🇺🇸 👨\u200d👩\u200d👧"},
		{"RTL kept", "مرحبا", "مرحبا"},
		{"trim", "  \n\t Hello world \r\n\r\n ", "Hello world"},
		{"trim NBSP and ideographic space", "\u00a0\u3000中文\u3000", "中文"},
		{"inner blank space kept", "a  \n\n  b", "a  \n\n  b"},
		{"leading indentation trimmed, later kept", "  a\n  b", "a\n  b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeText(tt.in)
			if err != nil {
				t.Fatalf("NormalizeText(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
			again, err := NormalizeText(got)
			if err != nil || again != got {
				t.Errorf("NormalizeText is not idempotent: NormalizeText(%q) = %q, %v", got, again, err)
			}
			if !norm.NFC.IsNormalString(got) {
				t.Errorf("NormalizeText(%q) = %q is not NFC", tt.in, got)
			}
		})
	}
}

func TestNormalizeTextErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		mention string
	}{
		{"empty", "", "empty"},
		{"spaces only", "   ", "empty"},
		{"blank lines and tabs only", " \r\n\t\r\n ", "empty"},
		{"controls only", "\x00\x07\u0085", "empty"},
		{"invalid UTF-8", "a\xffb", "UTF-8"},
		{"truncated UTF-8 sequence", "caf\xc3", "UTF-8"},
		{"UTF-16 surrogate encoded in UTF-8", "a\xed\xa0\x80b", "UTF-8"},
		{"over MaxTextRunes", strings.Repeat("a", MaxTextRunes+1), "limit"},
		{"over MaxTextRunes in multi-byte runes", strings.Repeat("中", MaxTextRunes+1), "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeText(tt.in)
			if err == nil {
				t.Fatalf("NormalizeText(%.40q) = %.40q, want an error", tt.in, got)
			}
			wantInvalid(t, err, "text", tt.mention)
			if got != "" {
				t.Errorf("NormalizeText returned %.40q with its error, want \"\"", got)
			}
		})
	}
}

func TestNormalizeTextLimit(t *testing.T) {
	// Exactly the limit passes; the limit counts code points after trimming
	// and NFC, not bytes.
	for _, in := range []string{
		strings.Repeat("a", MaxTextRunes),
		"  " + strings.Repeat("a", MaxTextRunes) + "\n\n",
		strings.Repeat("中", MaxTextRunes),
		strings.Repeat("e\u0301", MaxTextRunes), // 2*limit code points in, limit after NFC
	} {
		got, err := NormalizeText(in)
		if err != nil {
			t.Errorf("NormalizeText(%d code points) error: %v", utf8.RuneCountInString(in), err)
			continue
		}
		if n := utf8.RuneCountInString(got); n != MaxTextRunes {
			t.Errorf("NormalizeText kept %d code points, want %d", n, MaxTextRunes)
		}
	}
}

func TestNormalizeLine(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"   ", ""},
		{"Title", "Title"},
		{"  Hello   world  ", "Hello world"},
		{"a\nb\r\nc\rd\te", "a b c d e"},
		{"a\x00b\x07c\x7fd\u0085e", "a b c d e"},
		{"\u00a0x\u2003y\u3000", "x y"},
		{"cafe\u0301", "caf\u00e9"},
		{"a\xffb", "a\ufffdb"},
		{"👍🏽 مرحبا", "👍🏽 مرحبا"},
		// Bidi controls stay (NormalizeShownLine drops some): names in
		// revisions stored with them must stay valid.
		{"admin\u202Egnp.exe", "admin\u202Egnp.exe"},
		{"\u200Fשלום\u200E", "\u200Fשלום\u200E"},
	}
	for _, tt := range tests {
		got := NormalizeLine(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := NormalizeLine(got); again != got {
			t.Errorf("NormalizeLine is not idempotent: NormalizeLine(%q) = %q", got, again)
		}
	}
}

// TestNormalizeShownLine: the embeddings, overrides and isolates, which
// would show others a text reordered, are dropped; right-to-left letters,
// the direction marks, joiners and other format characters stay.
func TestNormalizeShownLine(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"  Hello \n world ", "Hello world"},
		{"admin\u202Egnp.exe", "admingnp.exe"},
		{"\u2067ann\u2069 \u202Abob\u202C", "ann bob"},
		{"a\u202Bb\u202Dc\u2066d\u2068e", "abcde"},
		{"\u202E \u202E", ""},
		{"\u200Fשלום\u200E ok\u061C", "\u200Fשלום\u200E ok\u061C"},
		{"عبد\u200Cالله שָׁלוֹם", "عبد\u200Cالله שָׁלוֹם"},
		{"a\u200Db\u00ADc", "a\u200Db\u00ADc"},
	}
	for _, tt := range tests {
		if got := NormalizeShownLine(tt.in); got != tt.want {
			t.Errorf("NormalizeShownLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeTextBOMAndSeparators(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"leading BOM dropped", "\uFEFFHello", "Hello"},
		{"line separator", "a\u2028b", "a\nb"},
		{"paragraph separator", "a\u2029b", "a\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeText(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("NormalizeText(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	withBOM, _ := NewArticle("", "\uFEFFSame text", testTime)
	without, _ := NewArticle("", "Same text", testTime)
	if withBOM.ID != without.ID {
		t.Errorf("a BOM changes the article id: %s vs %s", withBOM.ID, without.ID)
	}
}

func TestFolded(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Zurich Talks", "zurich talks"},   // ASCII: only lowered
		{"Zürich", "zurich"},               // a combining accent dropped
		{"ＺＵＲＩＣＨ", "zurich"},               // fullwidth made plain
		{"Łódź, Øresund", "lodz, oresund"}, // letters with a stroke
		{"Straße", "strasse"},              // sharp s
		{"Æthelred and Œuvre", "aethelred and oeuvre"},
		{"Đakovo, Þingvellir", "dakovo, thingvellir"},
		{"İstanbul, Diyarbakır", "istanbul, diyarbakir"}, // dotted and dotless i
		{"北京", "北京"},                                     // no case, no marks: unchanged
	}
	for _, tt := range tests {
		if got := Folded(tt.in); got != tt.want {
			t.Errorf("Folded(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
