package annotations

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// kindsSet returns revisions of a full set on quoteArticle: mentions of Rex
// Tillerson (2, 5) and Anna Ruiz (6), a group of Rex's mentions (4), a quote
// by Rex's mention (1), a stance of the quote's speaker toward a topic (3),
// a quote by the group (7) and the schema.
func kindsSet(t *testing.T) (kindsFixture, map[string]Revision) {
	f := newKindsFixture(t)
	must := mustRev(t)
	ent := func(id, sub string, nth int, label string) Revision {
		return must(NewEntityRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, Entity{ID: id, Span: spanOf(t, f.a, sub, nth), Label: label}))
	}
	q7 := Quote{ID: testItem7, Content: spanOf(t, f.a, "him of bluffing", 0), Speaker: Ref{Kind: RefGroup, ID: testItem4}}
	revs := map[string]Revision{
		testItem2: ent(testItem2, "Rex Tillerson", 0, "PER"),
		testItem5: ent(testItem5, "him", 0, "PER"),
		testItem6: ent(testItem6, "Anna Ruiz", 0, "ROLE"),
		testItem4: must(NewGroupRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.group)),
		testItem:  must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.quote)),
		testItem3: must(NewStanceRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.stance)),
		testItem7: must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, q7)),
		"schema":  must(NewSchemaRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.schema)),
	}
	return f, revs
}

func values(m map[string]Revision, extra ...Revision) []Revision {
	out := extra
	for _, r := range m {
		out = append(out, r)
	}
	return out
}

func TestBuildSetKinds(t *testing.T) {
	f, revs := kindsSet(t)
	s, err := BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "ana"}, values(revs))
	if err != nil {
		t.Fatal(err)
	}
	wantSchema := f.schema
	if diff := cmp.Diff(wantSchema, s.Schema); diff != "" {
		t.Errorf("schema (-want +got):\n%s", diff)
	}
	q7, _ := revs[testItem7].Quote()
	if diff := cmp.Diff([]Quote{f.quote, q7}, s.Quotes); diff != "" { // in text order
		t.Errorf("quotes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Stance{f.stance}, s.Stances); diff != "" {
		t.Errorf("stances (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]EntityGroup{f.group}, s.Groups); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	if len(s.Entities) != 3 || len(s.Review) != 0 || len(s.Heads) != 8 {
		t.Errorf("entities %d (want 3), review %v (want none), heads %d (want 8)", len(s.Entities), s.Review, len(s.Heads))
	}
	// Another annotator's set on the same revisions has none of them and
	// the default schema.
	bob, err := BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "bob"}, values(revs))
	if err != nil || len(bob.Quotes)+len(bob.Stances)+len(bob.Groups) != 0 || !cmp.Equal(bob.Schema, DefaultSchema()) {
		t.Errorf("bob's set = %+v, %v", bob, err)
	}

	// The schema's deletion brings back the default; one without
	// polarities gets the default polarities.
	must := mustRev(t)
	del := must(NewDeletion(revs["schema"]))
	s, err = BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "ana"}, values(revs, del))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(DefaultSchema(), s.Schema); diff != "" {
		t.Errorf("schema after its deletion (-want +got):\n%s", diff)
	}
	noPol := f.schema
	noPol.StancePolarities = nil
	edit := must(NewSchemaRevision(revs["schema"].ID, SetKey{ArticleID: f.a.ID, Annotator: "ana"}, noPol))
	s, err = BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "ana"}, values(revs, edit))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f.schema, s.Schema); diff != "" {
		t.Errorf("schema without polarities (-want +got):\n%s", diff)
	}
}

func TestBuildSetSorts(t *testing.T) {
	f := newKindsFixture(t)
	must := mustRev(t)
	const (
		g1 = "00000000-0000-4000-8000-000000000001"
		g2 = "00000000-0000-4000-8000-000000000002"
		g3 = "00000000-0000-4000-8000-000000000003"
	)
	group := func(id, name string) Revision {
		return must(NewGroupRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, EntityGroup{ID: id, Name: name, Members: []string{testItem2}}))
	}
	stance := func(id string, h Holder, tg Target) Revision {
		return must(NewStanceRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, Stance{ID: id, Holder: h, Target: tg, Polarity: "FAVOR"}))
	}
	quote := func(id, sub string) Revision {
		return must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, Quote{ID: id, Content: spanOf(t, f.a, sub, 0), Speaker: Ref{Kind: RefEntity, ID: testItem2}}))
	}
	topic := func(s string) Target { return Target{Kind: RefTopic, Topic: s} }
	revs := []Revision{
		group(g1, "Tillerson"), group(g2, "Anna Ruiz"), group(g3, "Anna Ruiz"),
		stance(testItem4, Holder{Kind: RefGroup, ID: g2}, topic("b")),
		stance(testItem5, Holder{Kind: RefArticle}, topic("z")),
		stance(testItem6, Holder{Kind: RefGroup, ID: g1}, topic("a")),
		stance(testItem7, Holder{Kind: RefGroup, ID: g1}, Target{Kind: RefGroup, ID: g2}),
		quote(testItem, "UN resolution"), quote(testItem3, "the UN resolution"), quote(testItem2, "We will"),
	}
	s, err := BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "ana"}, revs)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range s.Groups {
		got = append(got, g.ID)
	}
	for _, x := range s.Stances {
		got = append(got, x.ID)
	}
	for _, q := range s.Quotes {
		got = append(got, q.ID)
	}
	want := []string{g2, g3, g1, testItem5, testItem7, testItem6, testItem4, testItem2, testItem3, testItem}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order of groups, stances, quotes (-want +got):\n%s", diff)
	}
}

func TestBuildSetReview(t *testing.T) {
	f, revs := kindsSet(t)
	must := mustRev(t)
	narrow := f.schema
	narrow.EntityLabels = narrow.EntityLabels[:3] // PER, ORG, LOC: MISC and ROLE go
	narrow.StancePolarities = []string{"PRO", "CON"}
	tests := []struct {
		name  string
		extra []Revision
		drop  []string
		want  []ReviewFlag
	}{
		{"a quoted mention deleted (on another device)", []Revision{must(NewDeletion(revs[testItem2]))}, nil, []ReviewFlag{
			{Item: testItem, Kind: KindQuote, Reason: "The speaker, the mention “Rex Tillerson”, was deleted (perhaps on another device): choose another, or undo the deletion"},
			{Item: testItem4, Kind: KindGroup, Reason: "Member 1, the mention “Rex Tillerson”, was deleted (perhaps on another device): choose another, or undo the deletion"},
		}},
		{"a group member deleted", []Revision{must(NewDeletion(revs[testItem5]))}, nil, []ReviewFlag{
			{Item: testItem4, Kind: KindGroup, Reason: "Member 2, the mention “him”, was deleted (perhaps on another device): choose another, or undo the deletion"},
		}},
		{"a speaking group deleted", []Revision{must(NewDeletion(revs[testItem4]))}, nil, []ReviewFlag{
			{Item: testItem7, Kind: KindQuote, Reason: "The speaker, the group “Rex Tillerson”, was deleted (perhaps on another device): choose another, or undo the deletion"},
		}},
		{"a quote deleted: the stance's holder and evidence", []Revision{must(NewDeletion(revs[testItem]))}, nil, []ReviewFlag{
			{Item: testItem3, Kind: KindStance, Reason: "The holder, the quote “We will not back down.”, was deleted (perhaps on another device): choose another, or undo the deletion"},
			{Item: testItem3, Kind: KindStance, Reason: "Evidence 1, the quote “We will not back down.”, was deleted (perhaps on another device): choose another, or undo the deletion"},
		}},
		{"referred items not synced yet", nil, []string{testItem2, testItem}, []ReviewFlag{
			{Item: testItem3, Kind: KindStance, Reason: "The holder is a quote this annotation set does not have (not synced yet, or never made): choose it again"},
			{Item: testItem3, Kind: KindStance, Reason: "Evidence 1 is a quote this annotation set does not have (not synced yet, or never made): choose it again"},
			{Item: testItem4, Kind: KindGroup, Reason: "Member 1 is an entity mention this annotation set does not have (not synced yet, or never made): choose it again"},
		}},
		{"the schema drops labels and polarities", []Revision{must(NewSchemaRevision(revs["schema"].ID, SetKey{ArticleID: f.a.ID, Annotator: "ana"}, narrow))}, nil, []ReviewFlag{
			{Item: testItem6, Kind: KindEntity, Reason: `Its label "ROLE" is no longer one of this set's labels: give it another label, or add "ROLE" back to the labels`},
			{Item: testItem3, Kind: KindStance, Reason: `Its polarity "AGAINST" is no longer one of this set's stance polarities: choose another`},
		}},
		{"the schema deleted", []Revision{must(NewDeletion(revs["schema"]))}, nil, []ReviewFlag{
			{Item: testItem6, Kind: KindEntity, Reason: `Its label "ROLE" is no longer one of this set's labels: give it another label, or add "ROLE" back to the labels`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := map[string]Revision{}
			for k, r := range revs {
				rs[k] = r
			}
			for _, k := range tt.drop {
				delete(rs, k)
			}
			s, err := BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "ana"}, values(rs, tt.extra...))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, s.Review); diff != "" {
				t.Errorf("review (-want +got):\n%s", diff)
			}
			// Nothing that refers is dropped.
			n := map[Kind]int{KindQuote: len(s.Quotes), KindStance: len(s.Stances), KindGroup: len(s.Groups)}
			for _, fl := range s.Review {
				if fl.Kind != KindEntity && n[fl.Kind] == 0 {
					t.Errorf("flagged %s %s is not in the set", fl.Kind, fl.Item)
				}
			}
		})
	}

	// A reference to an item of the wrong kind (a foreign client's doing) is
	// flagged too.
	q := f.quote
	q.Speaker = Ref{Kind: RefGroup, ID: testItem2}
	wrong := must(NewQuoteRevision(revs[testItem].ID, SetKey{ArticleID: f.a.ID, Annotator: "ana"}, q))
	s, err := BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "ana"}, values(revs, wrong))
	if err != nil {
		t.Fatal(err)
	}
	want := []ReviewFlag{{Item: testItem, Kind: KindQuote, Reason: "The speaker must be an entity group, but it is the mention “Rex Tillerson”: choose it again"}}
	if diff := cmp.Diff(want, s.Review); diff != "" {
		t.Errorf("review of a wrong-kind speaker (-want +got):\n%s", diff)
	}
}

func TestSetReferencesTo(t *testing.T) {
	f, revs := kindsSet(t)
	s, err := BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "ana"}, values(revs))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		item string
		want []Reference
	}{
		{testItem2, []Reference{{From: testItem, Kind: KindQuote, Field: "speaker", To: testItem2}, {From: testItem4, Kind: KindGroup, Field: "members[0]", To: testItem2}}},
		{testItem, []Reference{{From: testItem3, Kind: KindStance, Field: "holder", To: testItem}, {From: testItem3, Kind: KindStance, Field: "evidence[0]", To: testItem}}},
		{testItem4, []Reference{{From: testItem7, Kind: KindQuote, Field: "speaker", To: testItem4}}},
		{testItem6, nil},
		{testItem3, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, s.ReferencesTo(tt.item)); diff != "" {
			t.Errorf("ReferencesTo(%s) (-want +got):\n%s", tt.item, diff)
		}
	}
}

func TestBuildSetBadBodies(t *testing.T) {
	f, revs := kindsSet(t)
	schemaID := SchemaItemID(SetKey{ArticleID: f.a.ID, Annotator: "ana"})
	bad := []struct {
		kind  Kind
		item  string
		body  string
		field string
	}{
		{KindQuote, testItem, `{"id":"` + testItem + `","said":true}`, "body"},
		{KindStance, testItem3, `{"id":"` + testItem3 + `","holder":"Rex"}`, "body"},
		{KindGroup, testItem4, `{"id":"` + testItem2 + `","name":"x","members":[]}`, "body"},
		{KindSchema, schemaID, `{"id":"` + schemaID + `","entity_labels":7}`, "body"},
		{KindSchema, schemaID, `{"id":"` + schemaID + `","entity_labels":[]}`, "entity_labels"},
	}
	for _, b := range bad {
		t.Run(string(b.kind)+" "+b.body, func(t *testing.T) {
			parent := revs[b.item].ID // a child of the item's revision, so it wins
			if b.kind == KindSchema {
				parent = revs["schema"].ID
			}
			r := Revision{Parent: parent, Item: b.item, Kind: b.kind, ArticleID: f.a.ID, Annotator: "ana", Body: json.RawMessage(b.body)}
			r.ID = r.ComputeID()
			_, err := BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "ana"}, values(revs, r))
			if err == nil {
				t.Fatal("BuildSet accepted a bad body")
			}
			wantInvalid(t, err, b.field)
		})
	}
}

func TestBuildSetJSON(t *testing.T) {
	a := testArticle(t)
	s, err := BuildSet(SetKey{ArticleID: a.ID, Annotator: "ana"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"quotes":[]`, `"stances":[]`, `"groups":[]`, `"stance_polarities":["FAVOR","AGAINST","NONE"]`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("empty set %s lacks %s", data, want)
		}
	}
	if strings.Contains(string(data), "review") {
		t.Errorf("empty set %s lists a review", data)
	}
}
