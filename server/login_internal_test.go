package server

import "testing"

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
