package annotations

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
)

// kindsFixture returns a valid body of every new kind on quoteArticle.
type kindsFixture struct {
	a      Article
	quote  Quote
	stance Stance
	group  EntityGroup
	schema Schema
}

func newKindsFixture(t testing.TB) kindsFixture {
	a := quoteArticle(t)
	cue := spanOf(t, a, "said", 0)
	ev := spanOf(t, a, "accused him of bluffing", 0)
	schema := DefaultSchema()
	schema.EntityLabels = append(schema.EntityLabels, Label{Name: "ROLE", Key: "5", Color: "#123456"})
	return kindsFixture{
		a:     a,
		quote: Quote{ID: testItem, Content: spanOf(t, a, "We will not back down.", 0), Speaker: Ref{Kind: RefEntity, ID: testItem2}, Cue: &cue, Direct: true},
		stance: Stance{ID: testItem3, Holder: Holder{Kind: RefQuoteSpeaker, ID: testItem}, Target: Target{Kind: RefTopic, Topic: "the UN resolution"},
			Polarity: "AGAINST", Evidence: []Evidence{{Kind: RefQuote, ID: testItem}, {Kind: RefSpan, Span: &ev}}},
		group:  EntityGroup{ID: testItem4, Name: "Rex Tillerson", Members: []string{testItem2, testItem5}},
		schema: schema,
	}
}

func TestNewKindRevisions(t *testing.T) {
	f := newKindsFixture(t)
	must := mustRev(t)
	q := must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.quote))
	s := must(NewStanceRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.stance))
	g := must(NewGroupRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.group))
	sc := must(NewSchemaRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.schema))
	sc2 := must(NewSchemaRevision(sc.ID, SetKey{ArticleID: f.a.ID, Annotator: "ana"}, DefaultSchema()))

	checks := []struct {
		name   string
		r      Revision
		kind   Kind
		item   string
		decode func(Revision) (any, error)
		want   any
	}{
		{"quote", q, KindQuote, testItem, func(r Revision) (any, error) { return r.Quote() }, f.quote},
		{"stance", s, KindStance, testItem3, func(r Revision) (any, error) { return r.Stance() }, f.stance},
		{"group", g, KindGroup, testItem4, func(r Revision) (any, error) { return r.Group() }, f.group},
		{"schema", sc, KindSchema, SchemaItemID(SetKey{ArticleID: f.a.ID, Annotator: "ana"}), func(r Revision) (any, error) { return r.Schema() }, f.schema},
		{"schema edit", sc2, KindSchema, SchemaItemID(SetKey{ArticleID: f.a.ID, Annotator: "ana"}), func(r Revision) (any, error) { return r.Schema() }, DefaultSchema()},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.r.Kind != c.kind || c.r.Item != c.item {
				t.Errorf("kind, item = %s, %s; want %s, %s", c.r.Kind, c.r.Item, c.kind, c.item)
			}
			if err := c.r.ValidateAgainst(f.a, f.schema); err != nil {
				t.Errorf("ValidateAgainst() = %v", err)
			}
			got, err := c.decode(c.r)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("decoded body (-want +got):\n%s", diff)
			}
			if _, err := c.r.Entity(); err == nil {
				t.Error("Entity() decoded a revision of another kind")
			}
		})
	}
	if !strings.Contains(string(sc.Body), `"id":"`+SchemaItemID((SetKey{ArticleID: f.a.ID, Annotator: "ana"}))+`","entity_labels":`) {
		t.Errorf("schema body %s is not {id, entity_labels, stance_polarities}", sc.Body)
	}
	if sc2.Parent != sc.ID || sc2.Generation() != 2 {
		t.Errorf("schema edit has parent %q, generation %d", sc2.Parent, sc2.Generation())
	}
	// A deletion of each kind is valid: the schema's brings back the default.
	for _, r := range []Revision{q, s, g, sc} {
		d := must(NewDeletion(r))
		if err := d.ValidateAgainst(f.a, f.schema); err != nil {
			t.Errorf("deletion of a %s: %v", r.Kind, err)
		}
	}
}

func TestSchemaItemID(t *testing.T) {
	a1, a2 := ArticleID("one"), ArticleID("two")
	id := SchemaItemID(SetKey{ArticleID: a1, Annotator: "ana"})
	if id != SchemaItemID((SetKey{ArticleID: a1, Annotator: "ana"})) {
		t.Fatal("SchemaItemID is not deterministic")
	}
	if u, err := uuid.Parse(id); err != nil || u.Version() != 5 {
		t.Fatalf("SchemaItemID = %q is not a name-based UUID: %v", id, err)
	}
	for name, other := range map[string]string{
		"the set's ID":    SetKey{ArticleID: a1, Annotator: "ana"}.ID(),
		"other article":   SchemaItemID(SetKey{ArticleID: a2, Annotator: "ana"}),
		"other annotator": SchemaItemID(SetKey{ArticleID: a1, Annotator: "bob"}),
	} {
		if other == id {
			t.Errorf("SchemaItemID equals the ID of %s", name)
		}
	}
}

func TestValidateAgainstNewKinds(t *testing.T) {
	f := newKindsFixture(t)
	must := mustRev(t)
	base := map[Kind]Revision{
		KindQuote:  must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.quote)),
		KindStance: must(NewStanceRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.stance)),
		KindGroup:  must(NewGroupRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.group)),
		KindSchema: must(NewSchemaRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.schema)),
	}
	// withBody returns the base revision of kind with body (a value to
	// encode, or a string of JSON), its ID recomputed.
	withBody := func(kind Kind, body any) Revision {
		r := base[kind]
		if s, ok := body.(string); ok {
			r.Body = json.RawMessage(s)
		} else {
			b, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			r.Body = b
		}
		r.ID = r.ComputeID()
		if err := r.Validate(); err != nil {
			t.Fatalf("fixture: Validate() = %v", err)
		}
		return r
	}
	quote := func(m func(*Quote)) Quote { q := f.quote; m(&q); return q }
	stance := func(m func(*Stance)) Stance { s := f.stance; m(&s); return s }
	group := func(m func(*EntityGroup)) EntityGroup { g := f.group; m(&g); return g }
	schema := func(m func(*Schema)) SchemaItem {
		s := f.schema
		m(&s)
		return SchemaItem{ID: SchemaItemID(SetKey{ArticleID: f.a.ID, Annotator: "ana"}), Schema: s}
	}
	badContent := f.quote.Content
	badContent.Exact = "We will back down."

	tests := []struct {
		name     string
		r        Revision
		field    string
		mentions []string
	}{
		{"quote id differs from the item", withBody(KindQuote, quote(func(q *Quote) { q.ID = testItem7 })), "body", []string{testItem7}},
		{"quote with an unknown field", withBody(KindQuote, `{"id":"`+testItem+`","who":"Rex"}`), "body", []string{"a quote", "who"}},
		{"quote body an array", withBody(KindQuote, `[]`), "body", []string{"a quote"}},
		{"quote content not matching", withBody(KindQuote, quote(func(q *Quote) { q.Content = badContent })), "content.exact", nil},
		{"quote speaker of a bad kind", withBody(KindQuote, quote(func(q *Quote) { q.Speaker.Kind = "person" })), "speaker.kind", []string{"person"}},
		{"stance id differs from the item", withBody(KindStance, stance(func(s *Stance) { s.ID = testItem7 })), "body", []string{testItem7}},
		{"stance with an unknown field", withBody(KindStance, `{"id":"`+testItem3+`","strength":3}`), "body", []string{"a stance", "strength"}},
		{"stance polarity outside the schema", withBody(KindStance, stance(func(s *Stance) { s.Polarity = "NEUTRAL" })), "polarity", []string{"NEUTRAL", "FAVOR"}},
		{"stance topic too long", withBody(KindStance, stance(func(s *Stance) { s.Target.Topic = strings.Repeat("x", 201) })), "target.topic", nil},
		{"group id differs from the item", withBody(KindGroup, group(func(g *EntityGroup) { g.ID = testItem7 })), "body", []string{testItem7}},
		{"group with no members", withBody(KindGroup, group(func(g *EntityGroup) { g.Members = nil })), "members", nil},
		{"group name a number", withBody(KindGroup, `{"id":"`+testItem4+`","name":7,"members":[]}`), "body", []string{"an entity group"}},
		{"schema id differs from the item", withBody(KindSchema, SchemaItem{ID: testItem7, Schema: f.schema}), "body", []string{testItem7}},
		{"schema with an unknown field", withBody(KindSchema, `{"id":"`+SchemaItemID(SetKey{ArticleID: f.a.ID, Annotator: "ana"})+`","entity_labels":[],"relations":[]}`), "body", []string{"a label schema", "relations"}},
		{"schema without labels", withBody(KindSchema, schema(func(s *Schema) { s.EntityLabels = nil })), "entity_labels", nil},
		{"schema with a duplicate polarity", withBody(KindSchema, schema(func(s *Schema) { s.StancePolarities = []string{"A", "A"} })), "stance_polarities", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.ValidateAgainst(f.a, f.schema)
			if err == nil {
				t.Fatalf("ValidateAgainst(%s) = nil, want an error on %q", tt.r.Body, tt.field)
			}
			wantInvalid(t, err, tt.field, tt.mentions...)
		})
	}

	// The schema given decides a stance's polarities; a schema body is
	// checked on its own, whatever schema is given.
	custom := Schema{EntityLabels: []Label{{Name: "PER"}}, StancePolarities: []string{"PRO", "CON"}}
	if err := base[KindStance].ValidateAgainst(f.a, custom); err == nil {
		t.Error("AGAINST accepted by a schema with only PRO and CON")
	} else {
		wantInvalid(t, err, "polarity", "PRO")
	}
	if err := base[KindSchema].ValidateAgainst(f.a, custom); err != nil {
		t.Errorf("schema revision under another schema: %v", err)
	}

	// The schema item has the set's fixed ID: any other is refused, even
	// with a matching body.
	r := withBody(KindSchema, SchemaItem{ID: testItem7, Schema: f.schema})
	r.Item = testItem7
	r.ID = r.ComputeID()
	if err := r.Validate(); err == nil {
		t.Error("Validate accepted a schema revision with another item ID")
	} else {
		wantInvalid(t, err, "item", SchemaItemID(SetKey{ArticleID: f.a.ID, Annotator: "ana"}))
	}
	bobs := base[KindSchema]
	bobs.Annotator = "bob"
	bobs.ID = bobs.ComputeID()
	if err := bobs.Validate(); err == nil {
		t.Error("Validate accepted ana's schema item in bob's set")
	} else {
		wantInvalid(t, err, "item")
	}
}

func TestDecodeWrongKind(t *testing.T) {
	r := Revision{Kind: KindEntity, Item: testItem, Body: json.RawMessage(`{"id":"` + testItem + `"}`)}
	decoders := map[string]func() error{
		"Quote":  func() error { _, err := r.Quote(); return err },
		"Stance": func() error { _, err := r.Stance(); return err },
		"Group":  func() error { _, err := r.Group(); return err },
		"Schema": func() error { _, err := r.Schema(); return err },
	}
	for name, decode := range decoders {
		if err := decode(); err == nil {
			t.Errorf("%s() decoded an entity revision", name)
		} else {
			wantInvalid(t, err, "kind", "entity")
		}
	}
}
