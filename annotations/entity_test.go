package annotations

import (
	"testing"
)

const (
	testItem  = "7d3b5c1e-3d4a-4f6b-9a2e-1c2d3e4f5a6b"
	testItem2 = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	testItem3 = "f0e1d2c3-b4a5-4968-8776-655443322110"
)

func TestEntityValidate(t *testing.T) {
	text := []rune("😀 Rex Tillerson met 中文 reporters.")
	span, err := NewSpan(text, 2, 15)
	if err != nil {
		t.Fatal(err)
	}
	good := Entity{ID: testItem, Span: span, Label: "PER"}
	if err := good.Validate(text, DefaultSchema()); err != nil {
		t.Fatalf("Validate() of a good entity = %v", err)
	}
	tests := []struct {
		name     string
		mutate   func(*Entity)
		field    string
		mentions []string
	}{
		{"empty id", func(e *Entity) { e.ID = "" }, "id", []string{"UUID"}},
		{"id not a UUID", func(e *Entity) { e.ID = "not-a-uuid" }, "id", []string{"not-a-uuid"}},
		{"id one character short", func(e *Entity) { e.ID = testItem[:35] }, "id", nil},
		{"unknown label", func(e *Entity) { e.Label = "PERSON" }, "label", []string{"PERSON", "PER", "ORG", "LOC", "MISC"}},
		{"empty label", func(e *Entity) { e.Label = "" }, "label", []string{"PER", "ORG", "LOC", "MISC"}},
		{"label in the wrong case", func(e *Entity) { e.Label = "per" }, "label", nil},
		{"span start", func(e *Entity) { e.Start = -1 }, "start", nil},
		{"span end", func(e *Entity) { e.End = len(text) + 1 }, "end", nil},
		{"span empty", func(e *Entity) { e.End = e.Start }, "end", nil},
		{"span exact", func(e *Entity) { e.Exact = "Rex" }, "exact", nil},
		{"span prefix", func(e *Entity) { e.Prefix = "x" }, "prefix", nil},
		{"span suffix", func(e *Entity) { e.Suffix = "x" }, "suffix", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := good
			tt.mutate(&e)
			err := e.Validate(text, DefaultSchema())
			if err == nil {
				t.Fatalf("Validate(%+v) = nil, want an error on %q", e, tt.field)
			}
			wantInvalid(t, err, tt.field, tt.mentions...)
		})
	}

	// The label is checked against the schema given, not the default one.
	custom := Schema{EntityLabels: []Label{{Name: "GPE"}}}
	if err := good.Validate(text, custom); err == nil {
		t.Error("PER validated against a schema without PER")
	} else {
		wantInvalid(t, err, "label", "GPE")
	}
	e := good
	e.Label = "GPE"
	if err := e.Validate(text, custom); err != nil {
		t.Errorf("GPE against a schema with GPE: %v", err)
	}
}
