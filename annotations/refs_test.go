package annotations

import (
	"errors"
	"maps"
	"slices"
	"testing"
)

func TestCheckReferences(t *testing.T) {
	f := newKindsFixture(t)
	must := mustRev(t)
	// The set: mentions 2 and 5, group 4, quote 1 (speaker mention 2);
	// the stance (3) refers to quote 1 twice.
	items := map[string]Kind{
		testItem2: KindEntity,
		testItem5: KindEntity,
		testItem4: KindGroup,
		testItem:  KindQuote,
		SchemaItemID(SetKey{ArticleID: f.a.ID, Annotator: "ana"}): KindSchema,
		"99999999-9999-4999-8999-999999999999":                    KindEntity, // deleted, but known
	}
	const deleted = "99999999-9999-4999-8999-999999999999"
	const missing = "abcdef01-2345-4678-8abc-def012345678"
	quote := func(m func(*Quote)) Revision {
		q := f.quote
		m(&q)
		return must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, q))
	}
	stance := func(m func(*Stance)) Revision {
		s := f.stance
		s.Evidence = append([]Evidence(nil), f.stance.Evidence...)
		m(&s)
		return must(NewStanceRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, s))
	}
	group := func(m func(*EntityGroup)) Revision {
		g := f.group
		m(&g)
		return must(NewGroupRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, g))
	}
	entity := must(NewEntityRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, Entity{ID: testItem2, Span: spanOf(t, f.a, "Rex Tillerson", 0), Label: "PER"}))

	valid := map[string]Revision{
		"quote, speaker a mention":       quote(func(*Quote) {}),
		"quote, speaker a group":         quote(func(q *Quote) { q.Speaker = Ref{Kind: RefGroup, ID: testItem4} }),
		"quote, speaker deleted":         quote(func(q *Quote) { q.Speaker.ID = deleted }),
		"stance, holder a quote speaker": stance(func(*Stance) {}),
		"stance, article toward a group": stance(func(s *Stance) { s.Holder = Holder{Kind: RefArticle}; s.Target = Target{Kind: RefGroup, ID: testItem4} }),
		"stance, mention toward mention": stance(func(s *Stance) {
			s.Holder = Holder{Kind: RefEntity, ID: testItem2}
			s.Target = Target{Kind: RefEntity, ID: testItem5}
		}),
		"group of known mentions":        group(func(*EntityGroup) {}),
		"group with a deleted member":    group(func(g *EntityGroup) { g.Members = []string{testItem2, deleted} }),
		"a new mention":                  must(NewEntityRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, Entity{ID: testItem6, Span: spanOf(t, f.a, "Anna Ruiz", 0), Label: "PER"})),
		"an edit of a mention":           entity,
		"the schema":                     must(NewSchemaRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.schema)),
		"a deletion":                     must(NewDeletion(entity)),
		"the first item of an empty set": quote(func(*Quote) {}),
	}
	for name, r := range valid {
		known := items
		if name == "the first item of an empty set" {
			known = map[string]Kind{testItem2: KindEntity}
		}
		if err := CheckReferences(r, known); err != nil {
			t.Errorf("%s: CheckReferences() = %v", name, err)
		}
	}

	tests := []struct {
		name     string
		r        Revision
		field    string
		mentions []string
	}{
		{"quote speaker missing", quote(func(q *Quote) { q.Speaker.ID = missing }), "speaker", []string{"names an entity mention this annotation set does not have (abcdef01…)"}},
		{"quote speaker a group that is a mention", quote(func(q *Quote) { q.Speaker = Ref{Kind: RefGroup, ID: testItem2} }), "speaker", []string{"must be an entity group, but 0a1b2c3d… is an entity mention"}},
		{"quote speaker a mention that is a group", quote(func(q *Quote) { q.Speaker.ID = testItem4 }), "speaker", []string{"must be an entity mention, but 44444444… is an entity group"}},
		{"quote speaker a quote", quote(func(q *Quote) { q.Speaker.ID = testItem }), "speaker", []string{"is a quote"}},
		{"stance holder missing group", stance(func(s *Stance) { s.Holder = Holder{Kind: RefGroup, ID: missing} }), "holder", []string{"names an entity group this annotation set does not have (abcdef01…)"}},
		{"stance holder a quote speaker that is a mention", stance(func(s *Stance) { s.Holder.ID = testItem2 }), "holder", []string{"must be a quote, but 0a1b2c3d… is an entity mention"}},
		{"stance target missing mention", stance(func(s *Stance) { s.Target = Target{Kind: RefEntity, ID: missing} }), "target", []string{"names an entity mention"}},
		{"stance target a group that is the schema", stance(func(s *Stance) {
			s.Target = Target{Kind: RefGroup, ID: SchemaItemID(SetKey{ArticleID: f.a.ID, Annotator: "ana"})}
		}), "target", []string{"must be an entity group, but", "is a label schema"}},
		{"stance evidence a missing quote", stance(func(s *Stance) { s.Evidence = append(s.Evidence, Evidence{Kind: RefQuote, ID: missing}) }), "evidence[2]", []string{"names a quote this annotation set does not have (abcdef01…)"}},
		{"stance evidence a group", stance(func(s *Stance) { s.Evidence[0].ID = testItem4 }), "evidence[0]", []string{"must be a quote, but 44444444… is an entity group"}},
		{"group member missing", group(func(g *EntityGroup) { g.Members = []string{testItem2, missing} }), "members[1]", []string{"names an entity mention this annotation set does not have (abcdef01…)"}},
		{"group member a group", group(func(g *EntityGroup) { g.Members = []string{testItem4} }), "members[0]", []string{"must be an entity mention, but 44444444… is an entity group"}},
		{"a quote revision on a mention's item", quote(func(q *Quote) { q.ID = testItem2 }), "kind", []string{"is an entity mention", "cannot make it a quote"}},
		{"a mention revision on a quote's item", must(NewEntityRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, Entity{ID: testItem, Span: spanOf(t, f.a, "Rex", 0), Label: "PER"})), "kind", []string{"is a quote", "cannot make it an entity mention"}},
		{"a deletion of another kind", must(NewDeletion(quote(func(q *Quote) { q.ID = testItem5 }))), "kind", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckReferences(tt.r, items)
			if err == nil {
				t.Fatalf("CheckReferences() = nil, want an error on %q", tt.field)
			}
			wantInvalid(t, err, tt.field, tt.mentions...)
		})
	}

	// A body that does not decode is reported, not ignored.
	bad := quote(func(*Quote) {})
	bad.Body = []byte(`{"id":1}`)
	var ve *ValidationError
	if err := CheckReferences(bad, items); !errors.As(err, &ve) || ve.Field != "body" {
		t.Errorf("CheckReferences of an undecodable body = %v, want a body error", err)
	}
}

func TestMissingReferences(t *testing.T) {
	f := newKindsFixture(t)
	must := mustRev(t)
	const gone = "abcdef01-2345-4678-8abc-def012345678"
	// The set knows mention 2 and group 4 only.
	items := map[string]Kind{testItem2: KindEntity, testItem4: KindGroup}
	kindOf := func(id string) (Kind, bool) { k, ok := items[id]; return k, ok }
	stance := f.stance
	stance.Holder = Holder{Kind: RefQuoteSpeaker, ID: testItem}
	stance.Target = Target{Kind: RefGroup, ID: testItem4}
	stance.Evidence = []Evidence{{Kind: RefQuote, ID: testItem}, {Kind: RefQuote, ID: gone}}
	quoteOfGone := f.quote
	quoteOfGone.Speaker = Ref{Kind: RefGroup, ID: gone}
	tests := []struct {
		name string
		rev  Revision
		want []MissingItem
	}{
		{"quote whose speaker is known", must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.quote)), nil},
		{"quote whose speaker group is gone", must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, quoteOfGone)), []MissingItem{{ID: gone, Kind: KindGroup}}},
		{"stance: quote 1 twice (holder, evidence), another quote", must(NewStanceRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, stance)), []MissingItem{{ID: testItem, Kind: KindQuote}, {ID: gone, Kind: KindQuote}}},
		{"a mention refers to nothing", must(NewEntityRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, Entity{ID: testItem6, Span: spanOf(t, f.a, "Anna Ruiz", 0), Label: "PER"})), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MissingReferences(tt.rev, kindOf)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("MissingReferences() = %v, want %v", got, tt.want)
			}
			// With a tombstone for each, the revision's references check.
			known := maps.Clone(items)
			for _, m := range got {
				tomb := must(NewRevision("", m.ID, m.Kind, SetKey{ArticleID: f.a.ID, Annotator: "ana"}, true, nil))
				if err := CheckReferences(tomb, known); err != nil {
					t.Fatalf("the tombstone of %v: %v", m, err)
				}
				known[m.ID] = m.Kind
			}
			if err := CheckReferences(tt.rev, known); err != nil {
				t.Errorf("with tombstones for what was missing, CheckReferences() = %v", err)
			}
		})
	}
}

// TestReferredItems: every item a revision refers to, once, in order; none
// for a mention or a deletion.
func TestReferredItems(t *testing.T) {
	f := newKindsFixture(t)
	must := mustRev(t)
	stance := f.stance
	stance.Holder = Holder{Kind: RefQuoteSpeaker, ID: testItem}
	stance.Target = Target{Kind: RefGroup, ID: testItem4}
	stance.Evidence = []Evidence{{Kind: RefQuote, ID: testItem}}
	quote := must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.quote))
	tests := []struct {
		name string
		rev  Revision
		want []string
	}{
		{"a quote: its speaker", quote, []string{f.quote.Speaker.ID}},
		{"a stance: holder's quote once, target", must(NewStanceRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, stance)), []string{testItem, testItem4}},
		{"a mention: nothing", must(NewEntityRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, Entity{ID: testItem6, Span: spanOf(t, f.a, "Anna Ruiz", 0), Label: "PER"})), nil},
		{"a deletion: nothing", must(NewDeletion(quote)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.rev.ReferredItems()
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("ReferredItems() = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestReferenceOrder checks ReferenceOrder against what each kind may
// refer to: every kind a reference wants ranks below the referring kind.
func TestReferenceOrder(t *testing.T) {
	refers := map[Kind][]RefKind{
		KindGroup:  {RefEntity},
		KindQuote:  {RefEntity, RefGroup},
		KindStance: {RefEntity, RefGroup, RefQuote, RefQuoteSpeaker},
	}
	for from, kinds := range refers {
		for _, rk := range kinds {
			to, _ := rk.itemKind()
			if ReferenceOrder(to) >= ReferenceOrder(from) {
				t.Errorf("%s refers to %s, but ReferenceOrder(%s) = %d is not below %d", from, to, to, ReferenceOrder(to), ReferenceOrder(from))
			}
		}
	}
	if ReferenceOrder(KindSchema) >= ReferenceOrder(KindEntity) {
		t.Error("the schema (whose labels mentions use) does not come first")
	}
}
