package annotations

import (
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestSetID(t *testing.T) {
	a1, a2 := ArticleID("one"), ArticleID("two")
	id := SetKey{ArticleID: a1, Annotator: "ana"}.ID()
	if id != (SetKey{ArticleID: a1, Annotator: "ana"}).ID() {
		t.Fatal("SetID is not deterministic")
	}
	u, err := uuid.Parse(id)
	if err != nil {
		t.Fatalf("SetID = %q is not a UUID: %v", id, err)
	}
	if u.Version() != 5 {
		t.Errorf("SetID version = %d, want 5 (name-based, SHA-1)", u.Version())
	}
	if id != strings.ToLower(id) {
		t.Errorf("SetID = %q is not lower case", id)
	}
	others := map[string]string{
		"other article":   SetKey{ArticleID: a2, Annotator: "ana"}.ID(),
		"other annotator": SetKey{ArticleID: a1, Annotator: "bob"}.ID(),
		"annotator case":  SetKey{ArticleID: a1, Annotator: "Ana"}.ID(),
		"swapped":         SetKey{ArticleID: "ana", Annotator: a1}.ID(),
	}
	seen := map[string]string{id: "base"}
	for name, o := range others {
		if prev, ok := seen[o]; ok {
			t.Errorf("SetID of %s = %q, same as %s", name, o, prev)
		}
		seen[o] = name
	}
	r := Revision{ArticleID: a1, Annotator: "ana"}
	if r.SetID() != id {
		t.Errorf("Revision.SetID() = %q, want %q", r.SetID(), id)
	}
}

func TestValidateAnnotator(t *testing.T) {
	valid := []string{"ana", "Ana María", "José", "中文", "👍🏽", strings.Repeat("é", MaxAnnotatorRunes)}
	for _, name := range valid {
		if err := ValidateAnnotator(name); err != nil {
			t.Errorf("ValidateAnnotator(%q) = %v", name, err)
		}
	}
	tests := []struct {
		name, in, mention string
	}{
		{"empty", "", "empty"},
		{"leading space", " ana", ""},
		{"trailing space", "ana ", ""},
		{"double space", "ana  maria", ""},
		{"tab", "ana\tmaria", ""},
		{"newline", "ana\nmaria", ""},
		{"NUL", "ana\x00", ""},
		{"invalid UTF-8", "ana\xff", ""},
		{"not NFC", "Jose\u0301", ""},
		{"too long", strings.Repeat("a", MaxAnnotatorRunes+1), "longer than"},
		{"too long in code points", strings.Repeat("中", MaxAnnotatorRunes+1), "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateAnnotator(tt.in)
			if err == nil {
				t.Fatalf("ValidateAnnotator(%q) = nil, want an error", tt.in)
			}
			wantInvalid(t, err, "annotator", tt.mention)
		})
	}
}
