package annotations

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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

func TestProposeGroups(t *testing.T) {
	ent := func(id string, start int, exact string) Entity {
		return Entity{ID: id, Span: Span{Start: start, End: start + RuneCount(exact), Exact: exact}, Label: "PER"}
	}
	const (
		g1 = "00000000-0000-4000-8000-0000000000a1"
		m1 = "00000000-0000-4000-8000-000000000001"
		m2 = "00000000-0000-4000-8000-000000000002"
		m3 = "00000000-0000-4000-8000-000000000003"
		m4 = "00000000-0000-4000-8000-000000000004"
		m5 = "00000000-0000-4000-8000-000000000005"
		m6 = "00000000-0000-4000-8000-000000000006"
		m7 = "00000000-0000-4000-8000-000000000007"
		m8 = "00000000-0000-4000-8000-000000000008"
	)
	s := Set{
		Entities: []Entity{
			ent(m1, 0, "Tillerson"), ent(m2, 20, "Merkel"), ent(m3, 40, "Tillerson"),
			ent(m4, 60, "Merkel"), ent(m5, 80, "tillerson"), ent(m6, 100, "Merkel"),
			ent(m7, 120, "Macron"), ent(m8, 140, "Angela\nMerkel"),
		},
		Groups: []EntityGroup{{ID: g1, Name: "Rex Tillerson", Members: []string{m3}}},
	}
	SortEntities(s.Entities)
	want := []GroupProposal{
		{Name: "Merkel", Members: []string{m2, m4, m6}},       // a new group of three
		{Name: "Tillerson", Group: g1, Members: []string{m1}}, // joins the group of m3
	}
	// "tillerson" (case differs), "Macron" (alone) and "Angela Merkel" (alone,
	// after NormalizeLine) propose nothing.
	if diff := cmp.Diff(want, ProposeGroups(s)); diff != "" {
		t.Errorf("ProposeGroups (-want +got):\n%s", diff)
	}
	s.Groups[0].Members = []string{m1, m3}
	if got := ProposeGroups(s); len(got) != 1 || got[0].Name != "Merkel" {
		t.Errorf("with both Tillersons grouped, ProposeGroups = %+v, want only Merkel", got)
	}
	if got := ProposeGroups(Set{}); got != nil {
		t.Errorf("ProposeGroups of an empty set = %+v", got)
	}
}

func TestCheckGroupMembers(t *testing.T) {
	rex := EntityGroup{ID: testItem, Name: "Rex Tillerson", Members: []string{testItem2, testItem3}}
	un := EntityGroup{ID: testItem4, Name: "UN", Members: []string{testItem5}}
	tests := []struct {
		name   string
		g      EntityGroup
		groups []EntityGroup
		field  string // "" for no problem
	}{
		{"no other group", rex, nil, ""},
		{"its own earlier value", EntityGroup{ID: testItem, Name: "Rex", Members: []string{testItem2}}, []EntityGroup{rex}, ""},
		{"members apart", rex, []EntityGroup{un}, ""},
		{"a second group of a mention", EntityGroup{ID: testItem6, Name: "Rex Tillerson", Members: []string{testItem7, testItem3}}, []EntityGroup{un, rex}, "members[1]"},
	}
	for _, tt := range tests {
		err := CheckGroupMembers(tt.g, tt.groups)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: CheckGroupMembers = %v, want nil", tt.name, err)
			}
			continue
		}
		wantInvalid(t, err, tt.field, `already in the group "Rex Tillerson"`, "one group only")
	}
}

// TestGroupSharingAMentionIsFlagged: a mention in two groups (stored
// before the rule, or grouped differently on two devices at once) flags
// both groups for review, naming the mention by its text; taking it out of
// one clears both flags.
func TestGroupSharingAMentionIsFlagged(t *testing.T) {
	f, revs := kindsSet(t)
	st := NewSetState(SetKey{ArticleID: f.a.ID, Annotator: "ana"})
	if err := st.Apply(values(revs)...); err != nil {
		t.Fatal(err)
	}
	g, err := NewGroupRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, EntityGroup{ID: "88888888-8888-4888-8888-888888888888", Name: "Tillerson", Members: []string{testItem2}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Apply(g); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fl := range st.Set().Review {
		got = append(got, fl.Reason)
	}
	want := []string{
		`the mention “Rex Tillerson” is also in the group "Tillerson": a mention can be in one group only; take it out of one of them`,
		`the mention “Rex Tillerson” is also in the group "Rex Tillerson": a mention can be in one group only; take it out of one of them`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("review of two groups sharing a mention (-want +got):\n%s", diff)
	}
	del, err := NewDeletion(g)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Apply(del); err != nil {
		t.Fatal(err)
	}
	if r := st.Set().Review; len(r) != 0 {
		t.Errorf("review after the second group's deletion = %v, want none", r)
	}
}
