package annotations

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	testItem4 = "44444444-4444-4444-8444-444444444444"
	testItem5 = "55555555-5555-4555-8555-555555555555"
	testItem6 = "66666666-6666-4666-8666-666666666666"
	testItem7 = "77777777-7777-4777-8777-777777777777"
)

func TestBuildSet(t *testing.T) {
	h := newHistory(t)
	a := h.a
	must := mustRev(t)
	ent := func(item string, start, end int, label string) Entity {
		return testEntity(t, a, item, start, end, label)
	}

	e1 := ent(testItem, 2, 15, "PER")  // Rex Tillerson
	e2 := ent(testItem2, 2, 5, "PER")  // Rex: same start, shorter, after e1
	e6 := ent(testItem6, 6, 15, "PER") // Tillerson
	e5 := ent(testItem5, 20, 26, "MISC")
	e4a := ent(testItem4, 36, 38, "LOC")
	e4b := ent(testItem4, 36, 38, "MISC")

	r1 := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, ent(testItem, 2, 5, "ORG")))
	r1b := must(NewEntityRevision(r1.ID, SetKey{ArticleID: a.ID, Annotator: "ana"}, e1))
	r2 := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, e2))
	r3 := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, ent(testItem3, 29, 32, "PER")))
	r3d := must(NewDeletion(r3))
	r4 := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, ent(testItem4, 36, 38, "PER")))
	r4a := must(NewEntityRevision(r4.ID, SetKey{ArticleID: a.ID, Annotator: "ana"}, e4a))
	r4b := must(NewEntityRevision(r4.ID, SetKey{ArticleID: a.ID, Annotator: "ana"}, e4b))
	r5 := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, e5))
	r6 := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, e6))
	win4, lose4, winEnt4 := r4a, r4b, e4a
	if Wins(r4b, r4a) {
		win4, lose4, winEnt4 = r4b, r4a, e4b
	}

	// Other sets' revisions: another annotator on this article (one of them
	// a later revision of testItem that would win if it counted), the
	// same annotator on another article, and the same annotator on this
	// article in another project.
	other, err := NewArticle("", "Bob met Anna.", testTime)
	if err != nil {
		t.Fatal(err)
	}
	bob1 := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "bob"}, ent(testItem7, 29, 32, "PER")))
	bobOverride := must(NewEntityRevision(r1b.ID, SetKey{ArticleID: a.ID, Annotator: "bob"}, ent(testItem, 29, 32, "LOC")))
	elsewhere := must(NewEntityRevision("", SetKey{ArticleID: other.ID, Annotator: "ana"}, testEntity(t, other, testItem7, 0, 3, "PER")))
	climate := SetKey{Project: "climate", ArticleID: a.ID, Annotator: "ana"}
	climate1 := must(NewEntityRevision("", climate, ent(testItem7, 29, 32, "PER")))
	climateOverride := must(NewEntityRevision(r1b.ID, climate, ent(testItem, 29, 32, "LOC")))

	revs := []Revision{r6, bob1, climate1, r4b, r3d, r1b, r5, elsewhere, r2, r4, r3, bobOverride, r4a, climateOverride, r1, r2}
	s, err := BuildSet(SetKey{ArticleID: a.ID, Annotator: "ana"}, revs)
	if err != nil {
		t.Fatalf("BuildSet error: %v", err)
	}
	if s.ID != (SetKey{ArticleID: a.ID, Annotator: "ana"}).ID() || s.ArticleID != a.ID || s.Annotator != "ana" {
		t.Errorf("set = %s %s %s, want %s %s ana", s.ID, s.ArticleID, s.Annotator, SetKey{ArticleID: a.ID, Annotator: "ana"}.ID(), a.ID)
	}
	if diff := cmp.Diff(DefaultSchema(), s.Schema); diff != "" {
		t.Errorf("schema (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Entity{e1, e2, e6, e5, winEnt4}, s.Entities); diff != "" {
		t.Errorf("entities (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{lose4.ID}, ids(s.Conflicts)); diff != "" {
		t.Errorf("conflicts (-want +got):\n%s", diff)
	}
	wantHeads := map[string]string{testItem: r1b.ID, testItem2: r2.ID, testItem3: r3d.ID, testItem4: win4.ID, testItem5: r5.ID, testItem6: r6.ID}
	gotHeads := map[string]string{}
	for item, r := range s.Heads {
		gotHeads[item] = r.ID
	}
	if diff := cmp.Diff(wantHeads, gotHeads); diff != "" {
		t.Errorf("heads (-want +got):\n%s", diff)
	}
	if !s.Heads[testItem3].Deleted {
		t.Error("the head of the deleted item is not its tombstone")
	}

	// Bob's set on the same revisions holds only Bob's revisions: his
	// override's parent is not among them, so it stands alone.
	bs, err := BuildSet(SetKey{ArticleID: a.ID, Annotator: "bob"}, revs)
	if err != nil {
		t.Fatal(err)
	}
	var bobIDs []string
	for _, e := range bs.Entities {
		bobIDs = append(bobIDs, e.ID+" "+e.Label)
	}
	if diff := cmp.Diff([]string{testItem + " LOC", testItem7 + " PER"}, bobIDs); diff != "" {
		t.Errorf("bob's entities (-want +got):\n%s", diff)
	}
}

func TestBuildSetEmpty(t *testing.T) {
	a := testArticle(t)
	s, err := BuildSet(SetKey{ArticleID: a.ID, Annotator: "ana"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Entities == nil || len(s.Entities) != 0 || len(s.Conflicts) != 0 || len(s.Heads) != 0 {
		t.Errorf("BuildSet(nil) = %+v, want no entities (non-nil), conflicts or heads", s)
	}
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"entities":[]`) || strings.Contains(string(data), "conflicts") {
		t.Errorf("empty set encodes as %s", data)
	}
	// A set whose items are all deleted is empty too.
	must := mustRev(t)
	r := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, testEntity(t, a, testItem, 2, 5, "PER")))
	s, err = BuildSet(SetKey{ArticleID: a.ID, Annotator: "ana"}, []Revision{r, must(NewDeletion(r))})
	if err != nil || len(s.Entities) != 0 || len(s.Heads) != 1 {
		t.Errorf("BuildSet of a deleted item = %+v, %v", s, err)
	}
}

func TestBuildSetBadBody(t *testing.T) {
	a := testArticle(t)
	r := Revision{Item: testItem, Kind: KindEntity, ArticleID: a.ID, Annotator: "ana",
		Body: json.RawMessage(`{"id":"` + testItem + `","start":2,"end":5,"exact":"Rex","label":"PER","extra":1}`)}
	r.ID = r.ComputeID()
	if _, err := BuildSet((SetKey{ArticleID: a.ID, Annotator: "ana"}), []Revision{r}); err == nil {
		t.Error("BuildSet accepted a body with an unknown field")
	} else {
		wantInvalid(t, err, "body", "extra")
	}
	// The same bad body in another set is ignored.
	if _, err := BuildSet((SetKey{ArticleID: a.ID, Annotator: "bob"}), []Revision{r}); err != nil {
		t.Errorf("BuildSet of bob failed on ana's revision: %v", err)
	}
}

func TestSortEntities(t *testing.T) {
	e := func(id string, start, end int, label string) Entity {
		return Entity{ID: id, Span: Span{Start: start, End: end}, Label: label}
	}
	got := []Entity{
		e("b", 5, 6, "PER"),
		e("a", 5, 6, "PER"),
		e("c", 5, 6, "ORG"),
		e("d", 5, 9, "PER"),
		e("e", 0, 1, "PER"),
		e("f", 10, 11, "LOC"),
		e("g", 0, 20, "MISC"),
	}
	SortEntities(got)
	want := []Entity{
		e("g", 0, 20, "MISC"),
		e("e", 0, 1, "PER"),
		e("d", 5, 9, "PER"),
		e("c", 5, 6, "ORG"),
		e("a", 5, 6, "PER"),
		e("b", 5, 6, "PER"),
		e("f", 10, 11, "LOC"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SortEntities (-want +got):\n%s", diff)
	}
}
