package annotations

import (
	"strings"
	"testing"
)

func TestNormalizeAndValidateLogin(t *testing.T) {
	tests := []struct {
		in, normal string
		ok         bool
	}{
		{"ana", "ana", true},
		{"Ana ", "ana", true},
		{"  Ana   María ", "ana maría", true},
		{"", "", false},
		{"\t\n", "", false},
		{strings.Repeat("a", MaxAnnotatorRunes+1), strings.Repeat("a", MaxAnnotatorRunes+1), false},
	}
	for _, tt := range tests {
		got := NormalizeLogin(tt.in)
		if got != tt.normal {
			t.Errorf("NormalizeLogin(%q) = %q, want %q", tt.in, got, tt.normal)
		}
		if err := ValidateLogin(got); (err == nil) != tt.ok {
			t.Errorf("ValidateLogin(%q) = %v, want ok %v", got, err, tt.ok)
		}
	}
	// Not normalized: refused as it is.
	for _, login := range []string{"Ana", " ana", "ana\x00"} {
		if err := ValidateLogin(login); err == nil {
			t.Errorf("ValidateLogin(%q) accepted a login that is not normalized", login)
		}
	}
}

func TestValidateNewLogin(t *testing.T) {
	for _, tt := range []struct {
		login string
		ok    bool
	}{
		{"ana maría", true},
		{"x,y", false},
		{"a/b", false},
		{"", false},
		{"Ana", false},
		{"ｊｏｓé", false},   // fullwidth: reads as josé
		{"ﬁona", false},   // a ligature: reads as fiona
		{"li²", false},    // a superscript
		{"zoë", true},     // composed, as NFC makes it
		{"王小明", true},     // not a compatibility form
		{"дмитрий", true}, // Cyrillic is its own
	} {
		if err := ValidateNewLogin(tt.login); (err == nil) != tt.ok {
			t.Errorf("ValidateNewLogin(%q) = %v, want ok %v", tt.login, err, tt.ok)
		}
	}
	// An account made before the rule signs in with its login still.
	if err := ValidateLogin("x,y"); err != nil {
		t.Errorf("ValidateLogin(%q) = %v, want ok", "x,y", err)
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		pw string
		ok bool
	}{
		{"", false},
		{"123456789", false},
		{"1234567890", true},
		{"ñññññññññ", false}, // 9 code points, 18 bytes
		{"ññññññññññ", true},
		{strings.Repeat("x", MaxPasswordBytes), true},
		{strings.Repeat("x", MaxPasswordBytes+1), false},
		{"abcdefghij\xff", false},
	}
	for _, tt := range tests {
		if err := ValidatePassword(tt.pw); (err == nil) != tt.ok {
			t.Errorf("ValidatePassword(%q) = %v, want ok %v", tt.pw, err, tt.ok)
		}
	}
}

func TestValidateDisplayName(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{{"", true}, {"Ana María", true}, {" Ana", false}, {"a\nb", false}, {strings.Repeat("é", MaxDisplayNameRunes+1), false}} {
		if err := ValidateDisplayName(tt.name); (err == nil) != tt.ok {
			t.Errorf("ValidateDisplayName(%q) = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func TestValidateProject(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{{"Elections 2026", true}, {"", false}, {" x", false}, {"a\tb", false}, {strings.Repeat("p", MaxProjectNameRunes+1), false}} {
		if err := ValidateProjectName(tt.name); (err == nil) != tt.ok {
			t.Errorf("ValidateProjectName(%q) = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
	for _, tt := range []struct {
		text string
		ok   bool
	}{{"", true}, {"Tag people.\n\nSee https://example.org.", true}, {"\xff", false}, {strings.Repeat("g", MaxGuidelinesBytes+1), false}} {
		if err := ValidateGuidelines(tt.text); (err == nil) != tt.ok {
			t.Errorf("ValidateGuidelines(%.20q) = %v, want ok %v", tt.text, err, tt.ok)
		}
	}
}
