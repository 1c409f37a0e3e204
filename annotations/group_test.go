package annotations

import (
	"strings"
	"testing"
)

func TestEntityGroupValidate(t *testing.T) {
	good := EntityGroup{ID: testItem, Name: "Rex Tillerson", Members: []string{testItem2, testItem3}}
	valid := map[string]EntityGroup{
		"as is":            good,
		"one member":       {ID: testItem, Name: "Tillerson", Members: []string{testItem2}},
		"non-ASCII name":   {ID: testItem, Name: "Ангела Меркель 😀", Members: []string{testItem2}},
		"name of 200":      {ID: testItem, Name: strings.Repeat("中", MaxNameRunes), Members: []string{testItem2}},
		"member is its ID": {ID: testItem, Name: "X", Members: []string{testItem}}, // CheckReferences rejects it: not a mention
	}
	for name, g := range valid {
		if err := g.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v", name, err)
		}
	}
	tests := []struct {
		name     string
		mutate   func(*EntityGroup)
		field    string
		mentions []string
	}{
		{"id not a UUID", func(g *EntityGroup) { g.ID = "rex" }, "id", []string{"rex"}},
		{"name empty", func(g *EntityGroup) { g.Name = "" }, "name", []string{"empty"}},
		{"name of spaces", func(g *EntityGroup) { g.Name = "   " }, "name", []string{""}},
		{"name with a tab", func(g *EntityGroup) { g.Name = "Rex\tTillerson" }, "name", []string{"control characters"}},
		{"name not NFC", func(g *EntityGroup) { g.Name = "Jose\u0301" }, "name", []string{""}},
		{"name too long", func(g *EntityGroup) { g.Name = strings.Repeat("a", MaxNameRunes+1) }, "name", []string{"limit of 200"}},
		{"no members", func(g *EntityGroup) { g.Members = nil }, "members", []string{"at least one"}},
		{"empty members", func(g *EntityGroup) { g.Members = []string{} }, "members", []string{"at least one"}},
		{"member not a UUID", func(g *EntityGroup) { g.Members = []string{testItem2, "Tillerson"} }, "members[1]", []string{"Tillerson"}},
		{"duplicate member", func(g *EntityGroup) { g.Members = []string{testItem2, testItem3, testItem2} }, "members[2]", []string{"twice", testItem2[:8]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := good
			tt.mutate(&g)
			err := g.Validate()
			if err == nil {
				t.Fatalf("Validate(%+v) = nil, want an error on %q", g, tt.field)
			}
			wantInvalid(t, err, tt.field, tt.mentions...)
		})
	}
}
