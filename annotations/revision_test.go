package annotations

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testText's code points: 😀 0, Rex 2-5, Tillerson 6-15, <Anna> 20-26,
// & 27, Bob 29-32, 中文 36-38, مرحبا 39-44, "." 44.
const testText = "😀 Rex Tillerson met <Anna> & Bob in 中文 مرحبا."

func testArticle(t testing.TB) Article {
	t.Helper()
	a, err := NewArticle("Test", testText, testTime)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func testEntity(t testing.TB, a Article, id string, start, end int, label string) Entity {
	t.Helper()
	s, err := NewSpan([]rune(a.Text), start, end)
	if err != nil {
		t.Fatal(err)
	}
	return Entity{ID: id, Span: s, Label: label}
}

func mustRev(t testing.TB) func(Revision, error) Revision {
	return func(r Revision, err error) Revision {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
}

var revIDPattern = regexp.MustCompile(`^([1-9][0-9]*)-[0-9a-f]{32}$`)

func TestNewEntityRevisionAndDeletion(t *testing.T) {
	a := testArticle(t)
	must := mustRev(t)
	e1 := testEntity(t, a, testItem, 2, 15, "PER")
	r1 := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, e1))
	e2 := e1
	e2.Label = "ORG"
	r2 := must(NewEntityRevision(r1.ID, SetKey{ArticleID: a.ID, Annotator: "ana"}, e2))
	d3 := must(NewDeletion(r2))
	r4 := must(NewEntityRevision(d3.ID, SetKey{ArticleID: a.ID, Annotator: "ana"}, e1)) // undelete

	tests := []struct {
		name      string
		r         Revision
		gen       int
		parent    string
		deleted   bool
		wantBody  *Entity
		idPattern string
	}{
		{"first", r1, 1, "", false, &e1, "1-"},
		{"edit", r2, 2, r1.ID, false, &e2, "2-"},
		{"deletion", d3, 3, r2.ID, true, nil, "3-"},
		{"edit after deletion", r4, 4, d3.ID, false, &e1, "4-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			m := revIDPattern.FindStringSubmatch(r.ID)
			if m == nil || !strings.HasPrefix(r.ID, tt.idPattern) {
				t.Fatalf("ID = %q, want %s<32 hex>", r.ID, tt.idPattern)
			}
			if r.Generation() != tt.gen {
				t.Errorf("Generation() = %d, want %d", r.Generation(), tt.gen)
			}
			if r.Parent != tt.parent || r.Item != testItem || r.Kind != KindEntity || r.ArticleID != a.ID || r.Annotator != "ana" || r.Deleted != tt.deleted {
				t.Errorf("revision = %+v", r)
			}
			if err := r.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
			if err := r.ValidateAgainst(a, DefaultSchema()); err != nil {
				t.Errorf("ValidateAgainst() = %v", err)
			}
			if tt.wantBody == nil {
				if r.Body != nil {
					t.Errorf("deletion has body %s", r.Body)
				}
				return
			}
			got, err := r.Entity()
			if err != nil {
				t.Fatalf("Entity() error: %v", err)
			}
			if diff := cmp.Diff(*tt.wantBody, got); diff != "" {
				t.Errorf("Entity() (-want +got):\n%s", diff)
			}
		})
	}

	// The same change made twice (on two devices, or replayed) is the same
	// revision.
	if again := must(NewEntityRevision("", (SetKey{ArticleID: a.ID, Annotator: "ana"}), e1)); !cmp.Equal(again, r1) {
		t.Errorf("NewEntityRevision is not deterministic:\n%+v\n%+v", again, r1)
	}
	if again := must(NewDeletion(r2)); !cmp.Equal(again, d3) {
		t.Errorf("NewDeletion is not deterministic:\n%+v\n%+v", again, d3)
	}
}

func TestNewRevisionErrors(t *testing.T) {
	a := testArticle(t)
	e := testEntity(t, a, testItem, 2, 15, "PER")
	bad := e
	bad.ID = "nope"
	if _, err := NewEntityRevision("", (SetKey{ArticleID: a.ID, Annotator: "ana"}), bad); err == nil {
		t.Error("NewEntityRevision accepted an entity without a UUID")
	} else {
		wantInvalid(t, err, "item")
	}
	if _, err := NewEntityRevision("", (SetKey{ArticleID: "not-an-article", Annotator: "ana"}), e); err == nil {
		t.Error("NewEntityRevision accepted a bad article ID")
	} else {
		wantInvalid(t, err, "article_id")
	}
	if _, err := NewEntityRevision("", (SetKey{ArticleID: a.ID, Annotator: ""}), e); err == nil {
		t.Error("NewEntityRevision accepted an empty annotator")
	} else {
		wantInvalid(t, err, "annotator")
	}
	if _, err := NewRevision("", testItem, KindEntity, (SetKey{ArticleID: a.ID, Annotator: "ana"}), false, make(chan int)); err == nil {
		t.Error("NewRevision accepted a body that does not encode")
	}
}

func TestComputeID(t *testing.T) {
	a := testArticle(t)
	must := mustRev(t)
	r1 := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, testEntity(t, a, testItem, 2, 15, "PER")))
	base := must(NewEntityRevision(r1.ID, SetKey{ArticleID: a.ID, Annotator: "ana"}, testEntity(t, a, testItem, 6, 15, "PER")))
	if base.ComputeID() != base.ID || base.ComputeID() != base.ComputeID() {
		t.Fatalf("ComputeID() = %q, not stable or not the ID %q", base.ComputeID(), base.ID)
	}

	changes := []struct {
		name   string
		mutate func(*Revision)
	}{
		{"parent", func(r *Revision) { r.Parent = "1-" + strings.Repeat("0", 32) }},
		{"no parent", func(r *Revision) { r.Parent = "" }},
		{"item", func(r *Revision) { r.Item = testItem2 }},
		{"kind", func(r *Revision) { r.Kind = "quote" }},
		{"article", func(r *Revision) { r.ArticleID = ArticleID("other") }},
		{"annotator", func(r *Revision) { r.Annotator = "bob" }},
		{"project", func(r *Revision) { r.Project = "climate" }},
		{"deleted", func(r *Revision) { r.Deleted = true }},
		{"body", func(r *Revision) { r.Body = bytes.Replace(r.Body, []byte(`"PER"`), []byte(`"ORG"`), 1) }},
		{"body key order", func(r *Revision) {
			r.Body = json.RawMessage(`{"label":"PER",` + strings.TrimPrefix(strings.Replace(string(r.Body), `,"label":"PER"`, "", 1), "{"))
		}},
		{"no body", func(r *Revision) { r.Body = nil }},
	}
	for _, c := range changes {
		r := base
		c.mutate(&r)
		if cmp.Equal(r, base) {
			t.Fatalf("%s: the mutation changed nothing", c.name)
		}
		if len(r.Body) > 0 && !json.Valid(r.Body) {
			t.Fatalf("%s: the mutated body is not JSON: %s", c.name, r.Body)
		}
		if got := r.ComputeID(); got == base.ID {
			t.Errorf("changing the %s leaves the ID %q", c.name, got)
		}
	}

	// What is not content does not change the ID: the ID itself, and the
	// body's insignificant white space.
	r := base
	r.ID = "9-" + strings.Repeat("f", 32)
	if r.ComputeID() != base.ID {
		t.Error("ComputeID depends on the ID field")
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, base.Body, "", "  "); err != nil {
		t.Fatal(err)
	}
	r = base
	r.Body = indented.Bytes()
	if r.ComputeID() != base.ID {
		t.Errorf("ComputeID depends on the body's white space:\n%s", indented.Bytes())
	}
	if !strings.HasPrefix(base.ID, "2-") {
		t.Errorf("ID %q of a child of %q does not start with 2-", base.ID, r1.ID)
	}
}

func TestRevisionValidate(t *testing.T) {
	a := testArticle(t)
	must := mustRev(t)
	r1 := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, testEntity(t, a, testItem, 2, 15, "PER")))
	good := must(NewEntityRevision(r1.ID, SetKey{ArticleID: a.ID, Annotator: "ana"}, testEntity(t, a, testItem, 6, 15, "PER")))

	tests := []struct {
		name    string
		mutate  func(*Revision)
		rehash  bool // give the revision the ID of its new content
		field   string
		mention string
	}{
		{"unknown kind", func(r *Revision) { r.Kind = "relation" }, true, "kind", "relation"},
		{"empty kind", func(r *Revision) { r.Kind = "" }, true, "kind", ""},
		{"item not a UUID", func(r *Revision) { r.Item = "item-1" }, true, "item", "item-1"},
		{"empty item", func(r *Revision) { r.Item = "" }, true, "item", ""},
		{"bad article id", func(r *Revision) { r.ArticleID = "xyz" }, true, "article_id", "xyz"},
		{"upper-case article id", func(r *Revision) { r.ArticleID = strings.ToUpper(a.ID) }, true, "article_id", ""},
		{"empty annotator", func(r *Revision) { r.Annotator = "" }, true, "annotator", ""},
		{"annotator with spaces", func(r *Revision) { r.Annotator = " ana " }, true, "annotator", ""},
		{"parent without generation", func(r *Revision) { r.Parent = "abc" }, true, "parent", "abc"},
		{"parent of generation 0", func(r *Revision) { r.Parent = "0-" + strings.Repeat("a", 32) }, true, "parent", ""},
		{"parent of negative generation", func(r *Revision) { r.Parent = "-1-abc" }, true, "parent", ""},
		{"parent with letters for generation", func(r *Revision) { r.Parent = "x-abc" }, true, "parent", ""},
		{"deletion with a body", func(r *Revision) { r.Deleted = true }, true, "body", "deletion"},
		{"missing body", func(r *Revision) { r.Body = nil }, true, "body", "missing"},
		{"empty body", func(r *Revision) { r.Body = json.RawMessage{} }, true, "body", "missing"},
		{"invalid JSON body", func(r *Revision) { r.Body = r.Body[:len(r.Body)-1] }, true, "body", "JSON"},
		{"two JSON values", func(r *Revision) { r.Body = append(append(json.RawMessage{}, r.Body...), r.Body...) }, true, "body", "JSON"},
		{"body too large", func(r *Revision) {
			r.Body = json.RawMessage(`"` + strings.Repeat("x", MaxBodyBytes) + `"`)
		}, true, "body", "limit"},
		{"tampered body", func(r *Revision) { r.Body = bytes.Replace(r.Body, []byte(`"PER"`), []byte(`"ORG"`), 1) }, false, "rev", ""},
		{"tampered annotator", func(r *Revision) { r.Annotator = "bob" }, false, "rev", ""},
		{"tampered parent", func(r *Revision) { r.Parent = "" }, false, "rev", ""},
		{"tampered deletion flag", func(r *Revision) { r.Deleted, r.Body = true, nil }, false, "rev", ""},
		{"wrong generation", func(r *Revision) { r.ID = "3-" + revHash(r.ID) }, false, "rev", ""},
		{"wrong hash", func(r *Revision) { r.ID = "2-" + strings.Repeat("0", 32) }, false, "rev", ""},
		{"empty ID", func(r *Revision) { r.ID = "" }, false, "rev", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			r.Body = append(json.RawMessage{}, good.Body...)
			tt.mutate(&r)
			if tt.rehash {
				r.ID = r.ComputeID()
			}
			err := r.Validate()
			if err == nil {
				t.Fatalf("Validate(%+v) = nil, want an error on %q", r, tt.field)
			}
			wantInvalid(t, err, tt.field, tt.mention)
		})
	}
	// A body of exactly MaxBodyBytes is allowed by the size check.
	r := good
	r.Body = json.RawMessage(`"` + strings.Repeat("x", MaxBodyBytes-2) + `"`)
	r.ID = r.ComputeID()
	if err := r.Validate(); err != nil {
		t.Errorf("body of MaxBodyBytes: Validate() = %v", err)
	}
}

func TestValidateAgainst(t *testing.T) {
	a := testArticle(t)
	other, err := NewArticle("Other", "A different text about Bob.", testTime)
	if err != nil {
		t.Fatal(err)
	}
	must := mustRev(t)
	e := testEntity(t, a, testItem, 2, 15, "PER")
	good := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, e))
	if err := good.ValidateAgainst(a, DefaultSchema()); err != nil {
		t.Fatalf("ValidateAgainst() of a good revision = %v", err)
	}
	del := must(NewDeletion(good))
	if err := del.ValidateAgainst(a, DefaultSchema()); err != nil {
		t.Errorf("ValidateAgainst() of a deletion = %v", err)
	}

	// withBody returns good with body, its ID recomputed so that only
	// ValidateAgainst can object.
	withBody := func(body string) Revision {
		r := good
		r.Body = json.RawMessage(body)
		r.ID = r.ComputeID()
		if err := r.Validate(); err != nil {
			t.Fatalf("fixture %s: Validate() = %v", body, err)
		}
		return r
	}
	entityBody := func(e Entity) string {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	otherID := e
	otherID.ID = testItem2
	badExact := e
	badExact.Exact = "Rex Tillersen"
	badLabel := e
	badLabel.Label = "PERSON"
	badEnd := e
	badEnd.End = 100

	tests := []struct {
		name     string
		r        Revision
		article  Article
		field    string
		mentions []string
	}{
		{"wrong article", good, other, "article_id", []string{a.ID, other.ID}},
		{"deletion on the wrong article", del, other, "article_id", nil},
		{"entity id differs from the item", withBody(entityBody(otherID)), a, "body", []string{testItem2, testItem}},
		{"unknown field in the body", withBody(strings.Replace(entityBody(e), `{`, `{"colour":"red",`, 1)), a, "body", []string{"colour"}},
		{"body not an object", withBody(`[1,2]`), a, "body", nil},
		{"body null", withBody(`null`), a, "body", nil},
		{"start of the wrong type", withBody(strings.Replace(entityBody(e), `"start":2`, `"start":"2"`, 1)), a, "body", nil},
		{"quote does not match", withBody(entityBody(badExact)), a, "exact", nil},
		{"span past the end", withBody(entityBody(badEnd)), a, "end", nil},
		{"unknown label", withBody(entityBody(badLabel)), a, "label", []string{"PERSON"}},
		{"span of the other article's text", must(NewEntityRevision("", SetKey{ArticleID: other.ID, Annotator: "ana"}, testEntity(t, other, testItem, 23, 26, "PER"))), other, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.ValidateAgainst(tt.article, DefaultSchema())
			if tt.field == "" {
				if err != nil {
					t.Fatalf("ValidateAgainst() = %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidateAgainst() = nil, want an error on %q", tt.field)
			}
			wantInvalid(t, err, tt.field, tt.mentions...)
		})
	}

	// The schema given decides the labels.
	if err := good.ValidateAgainst(a, Schema{EntityLabels: []Label{{Name: "ORG"}}}); err == nil {
		t.Error("PER accepted by a schema without PER")
	} else {
		wantInvalid(t, err, "label")
	}
}

func TestRevisionEntityWrongKind(t *testing.T) {
	r := Revision{Kind: "quote", Item: testItem, Body: json.RawMessage(`{}`)}
	if _, err := r.Entity(); err == nil {
		t.Error("Entity() decoded a quote revision")
	} else {
		wantInvalid(t, err, "kind")
	}
}

func TestRevisionJSONRoundTrip(t *testing.T) {
	a := testArticle(t)
	must := mustRev(t)
	e := testEntity(t, a, testItem, 20, 28, "MISC") // "<Anna> &"
	r1 := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, e))
	d2 := must(NewDeletion(r1))

	// A body as another client may send it: indented, with "<", "&" and
	// U+2028 unescaped.
	e2 := testEntity(t, a, testItem, 20, 26, "PER")
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(e2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(body.Bytes(), []byte("<Anna>")) {
		t.Fatalf("fixture body is escaped: %s", body.Bytes())
	}
	foreign := Revision{Parent: r1.ID, Item: testItem, Kind: KindEntity, ArticleID: a.ID, Annotator: "Ana María", Body: body.Bytes()}
	foreign.ID = foreign.ComputeID()

	for name, r := range map[string]Revision{"entity": r1, "deletion": d2, "foreign body": foreign} {
		t.Run(name, func(t *testing.T) {
			if err := r.Validate(); err != nil {
				t.Fatalf("Validate() before the trip = %v", err)
			}
			for encName, marshal := range map[string]func(any) ([]byte, error){
				"Marshal": json.Marshal,
				"Encoder without HTML escaping": func(v any) ([]byte, error) {
					var b bytes.Buffer
					enc := json.NewEncoder(&b)
					enc.SetEscapeHTML(false)
					err := enc.Encode(v)
					return b.Bytes(), err
				},
			} {
				data, err := marshal(r)
				if err != nil {
					t.Fatal(err)
				}
				var got Revision
				if err := json.Unmarshal(data, &got); err != nil {
					t.Fatalf("%s: Unmarshal(%s) error: %v", encName, data, err)
				}
				if got.ID != r.ID {
					t.Errorf("%s: ID after the trip = %q, want %q", encName, got.ID, r.ID)
				}
				if err := got.Validate(); err != nil {
					t.Errorf("%s: Validate() after the trip = %v\n%s", encName, err, data)
				}
				if err := got.ValidateAgainst(a, DefaultSchema()); err != nil {
					t.Errorf("%s: ValidateAgainst() after the trip = %v", encName, err)
				}
				if diff := cmp.Diff(r, got, cmp.Comparer(func(x, y json.RawMessage) bool {
					var cx, cy bytes.Buffer
					if len(x) == 0 || len(y) == 0 {
						return len(x) == len(y)
					}
					return json.Compact(&cx, x) == nil && json.Compact(&cy, y) == nil && bytes.Equal(unescapeHTML(cx.Bytes()), unescapeHTML(cy.Bytes()))
				})); diff != "" {
					t.Errorf("%s: revision after the trip (-want +got):\n%s", encName, diff)
				}
			}
		})
	}
}

// unescapeHTML undoes encoding/json's HTML escaping, for comparing bodies.
func unescapeHTML(b []byte) []byte {
	r := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&", `\u2028`, "\u2028", `\u2029`, "\u2029")
	return []byte(r.Replace(string(b)))
}

func TestSameValue(t *testing.T) {
	f := newKindsFixture(t)
	must := mustRev(t)
	first := must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, f.quote))
	edited := f.quote
	edited.Direct = !edited.Direct
	second := must(NewQuoteRevision(first.ID, SetKey{ArticleID: f.a.ID, Annotator: "ana"}, edited))
	again := must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, edited)) // the same value as a new item's
	spaced := again
	spaced.Body = append([]byte(" "), again.Body...)
	gone := must(NewDeletion(second))
	tomb := must(NewRevision("", f.quote.ID, KindQuote, SetKey{ArticleID: f.a.ID, Annotator: "ana"}, true, nil))
	bare := edited // its spans without their context, as an API client may send them
	bare.Content.Prefix, bare.Content.Suffix = "", ""
	bareAgain := must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, bare))
	moved := bare // another span of the same text would differ in start and end
	moved.Content.Start++
	movedAgain := must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, moved))
	reordered := again
	reordered.Body = []byte(`{"a":1,"b":[2.50]}`)
	reorderedToo := again
	reorderedToo.Body = []byte(`{ "b": [2.50], "a": 1 }`)
	tests := []struct {
		name string
		a, b Revision
		want bool
	}{
		{"an edit and the same value with no parent", second, again, true},
		{"white space in a body", second, spaced, true},
		{"spans without their prefix and suffix", second, bareAgain, true},
		{"a span that starts elsewhere", bareAgain, movedAgain, false},
		{"the same JSON, its keys in another order", reordered, reorderedToo, true},
		{"before and after an edit", first, second, false},
		{"two deletions", gone, tomb, true},
		{"a value and a deletion", second, gone, false},
		{"another item", second, must(NewQuoteRevision("", SetKey{ArticleID: f.a.ID, Annotator: "ana"}, Quote{ID: testItem6, Content: f.quote.Content, Speaker: f.quote.Speaker})), false},
	}
	for _, tt := range tests {
		if got := SameValue(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: SameValue = %v, want %v", tt.name, got, tt.want)
		}
	}
}
