package server

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

func TestLookalikeLogin(t *testing.T) {
	for _, tt := range []struct {
		login string
		ok    bool
	}{
		{"gоld", false},      // a Cyrillic о among Latin letters
		{"b\u200bob", false}, // a zero-width space
		{"bob\ufe0f", false}, // a variation selector
		{"ana\u202e", false}, // a right-to-left override
		{"bıll", false},      // a dotless ı reads as i
		{"strauß", true},     // ß is its own letter
		{"дмитрий", true},    // Cyrillic alone
		{"σοφία", true},      // Greek
		{"ςοφος", true},      // a final sigma is Greek's own
		{"山田たろう", true},      // Han and Hiragana, as Japanese writes them
		{"김민준", true},        // Hangul
		{"li 王", true},       // Latin with Han
		{"ana-2", true},
		{"zoë", true},
	} {
		if err := lookalikeLogin(tt.login); (err == nil) != tt.ok {
			t.Errorf("lookalikeLogin(%q) = %v, want ok %v", tt.login, err, tt.ok)
		}
	}
}

// TestLoginFromName checks the logins derived from annotator names of
// before accounts: each passes CheckNewLogin (but for gold, which the
// migration numbers), or is "" when none can be derived.
func TestLoginFromName(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"ann", "ann"},
		{"ANN", "ann"},
		{"  Bob   Ross ", "bob ross"},
		{"ａｎｎ", "ann"},    // fullwidth
		{"ＡＮＮ", "ann"},    // fullwidth capitals
		{"ﬁona", "fiona"}, // a ligature
		{"x²", "x2"},      // a superscript
		{"Smith, J", "smith j"},
		{"a/b", "a b"},
		{"ｘ，ｙ／ｚ", "x y z"},   // fullwidth comma and slash
		{"b\u200bob", "bob"}, // a zero-width space
		{"bob\ufe0f", "bob"}, // a variation selector
		{"bıll", "bill"},     // a dotless ı
		{"Strauß", "strauß"},
		{"Дмитрий", "дмитрий"},
		{"Gold", "gold"}, // reserved: the caller numbers it
		{"gоld", ""},     // a Cyrillic о among Latin letters
		{"\u200b", ""},
		{" / , ", ""},
		{strings.Repeat("A", 120), strings.Repeat("a", 100)},
	} {
		got := LoginFromName(tt.name)
		if got != tt.want {
			t.Errorf("LoginFromName(%q) = %q, want %q", tt.name, got, tt.want)
		}
		if err := CheckNewLogin(got); got != "" && got != "gold" && err != nil {
			t.Errorf("LoginFromName(%q) = %q, which CheckNewLogin refuses: %v", tt.name, got, err)
		}
	}
}

// FuzzLoginFromName checks that whatever the name, LoginFromName gives a
// login that CheckNewLogin accepts, gold, or "".
func FuzzLoginFromName(f *testing.F) {
	for _, s := range []string{"ANN", "ａｎｎ", "ﬁ/,", "b\u200bob", "İstanbul", "ǅemal", "ΐ", "gоld", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := LoginFromName(name)
		if got == "" || got == annotations.GoldAnnotator {
			return
		}
		if err := CheckNewLogin(got); err != nil {
			t.Errorf("LoginFromName(%q) = %q, which CheckNewLogin refuses: %v", name, got, err)
		}
	})
}

// TestCheckNewLogin checks the whole rule of a new account's login.
func TestCheckNewLogin(t *testing.T) {
	for _, tt := range []struct {
		login string
		ok    bool
	}{
		{"ann", true},
		{"ann-2", true},
		{"bob ross", true},
		{"Ann", false}, // not lower case
		{"ａｎｎ", false}, // fullwidth
		{"a/b", false},
		{"a,b", false},
		{"gоld", false}, // a lookalike
		{"gold", false}, // reserved
		{"gold-2", true},
		{"", false},
	} {
		if err := CheckNewLogin(tt.login); (err == nil) != tt.ok {
			t.Errorf("CheckNewLogin(%q) = %v, want ok %v", tt.login, err, tt.ok)
		}
	}
}
