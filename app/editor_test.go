package app

import (
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
)

func newTestEditor(t *testing.T, text, annotator string) *editor {
	t.Helper()
	a, err := annotations.NewArticle("T", text, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	ed, err := newEditor(a, "", annotator, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ed
}

func TestEditorTagRelabelRemove(t *testing.T) {
	ed := newTestEditor(t, "Hi 😀 Rex Tillerson said.", "ana")
	// Code points: "Hi 😀 " is 5, "Rex Tillerson" is 5..18. A selection that
	// takes in the spaces around is trimmed.
	rev, ok, err := ed.tag(4, 19, "PER")
	if err != nil || !ok {
		t.Fatalf("tag: ok=%v err=%v", ok, err)
	}
	if err := ed.apply(rev); err != nil {
		t.Fatal(err)
	}
	if len(ed.set.Entities) != 1 {
		t.Fatalf("entities = %d, want 1", len(ed.set.Entities))
	}
	e := ed.set.Entities[0]
	if e.Start != 5 || e.End != 18 || e.Exact != "Rex Tillerson" || e.Label != "PER" {
		t.Fatalf("entity = %+v, want 5-18 PER \"Rex Tillerson\"", e)
	}

	// Tagging the same span again with another label relabels it.
	rev2, ok, err := ed.tag(5, 18, "ORG")
	if err != nil || !ok {
		t.Fatalf("retag: ok=%v err=%v", ok, err)
	}
	if rev2.Parent != rev.ID || rev2.Item != rev.Item {
		t.Errorf("retag made %+v, want a child of %s on the same item", rev2, rev.ID)
	}
	if err := ed.apply(rev2); err != nil {
		t.Fatal(err)
	}
	if got := ed.set.Entities[0].Label; got != "ORG" || len(ed.set.Entities) != 1 {
		t.Errorf("after relabel: %+v", ed.set.Entities)
	}
	// The same label again changes nothing.
	if _, ok, err := ed.relabel(e.ID, "ORG"); ok || err != nil {
		t.Errorf("relabel to the same label: ok=%v err=%v, want nothing to do", ok, err)
	}

	del, err := ed.removeItem(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !del.Deleted || del.Parent != rev2.ID {
		t.Errorf("deletion %+v, want a tombstone child of %s", del, rev2.ID)
	}
	if err := ed.apply(del); err != nil {
		t.Fatal(err)
	}
	if len(ed.set.Entities) != 0 {
		t.Errorf("entities after delete = %v", ed.set.Entities)
	}
	if _, err := ed.removeItem(e.ID); err == nil {
		t.Error("removing a deleted mention succeeded")
	}
}

func TestEditorTagErrors(t *testing.T) {
	tests := []struct {
		name       string
		annotator  string
		start, end int
		label      string
	}{
		{"no annotator", "", 0, 2, "PER"},
		{"unknown label", "ana", 0, 2, "PERSON"},
		{"only white space", "ana", 2, 3, "PER"},
		{"empty", "ana", 3, 3, "PER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ed := newTestEditor(t, "Hi there", tt.annotator)
			if _, ok, err := ed.tag(tt.start, tt.end, tt.label); err == nil || ok {
				t.Errorf("tag(%d, %d, %q) = ok %v, err %v; want an error", tt.start, tt.end, tt.label, ok, err)
			}
		})
	}
}

// concurrentRelabels makes two devices relabel the same mention from the
// same parent and returns an editor that knows all three revisions.
func concurrentRelabels(t *testing.T) (*editor, annotations.Revision, annotations.Revision, annotations.Revision) {
	t.Helper()
	ed := newTestEditor(t, "Rex Tillerson met Lavrov.", "ana")
	first, _, err := ed.tag(0, 13, "PER")
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.apply(first); err != nil {
		t.Fatal(err)
	}
	en, _ := ed.entity(first.Item)
	en.Label = "ORG"
	a, _ := annotations.NewEntityRevision(first.ID, annotations.SetKey{ArticleID: ed.article.ID, Annotator: "ana"}, en)
	en.Label = "MISC"
	b, _ := annotations.NewEntityRevision(first.ID, annotations.SetKey{ArticleID: ed.article.ID, Annotator: "ana"}, en)
	if err := ed.apply(a, b); err != nil {
		t.Fatal(err)
	}
	return ed, first, a, b
}

func TestEditorConflictsAndResolve(t *testing.T) {
	for _, keepWinner := range []bool{true, false} {
		ed, first, a, b := concurrentRelabels(t)
		cs := ed.conflicts()
		if len(cs) != 1 || cs[0].Item != first.Item || len(cs[0].Others) != 1 {
			t.Fatalf("conflicts = %+v, want one on %s", cs, first.Item)
		}
		winner, loser := a, b
		if annotations.Wins(b, a) {
			winner, loser = b, a
		}
		if cs[0].Winner.ID != winner.ID || cs[0].Others[0].ID != loser.ID {
			t.Fatalf("conflict %+v, want winner %s and other %s", cs[0], winner.ID, loser.ID)
		}
		keep := winner
		if !keepWinner {
			keep = loser
		}
		revs, err := ed.resolve(first.Item, keep.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := ed.apply(revs...); err != nil {
			t.Fatal(err)
		}
		if cs := ed.conflicts(); len(cs) != 0 {
			t.Errorf("keep winner %v: conflicts after resolve = %+v", keepWinner, cs)
		}
		wantLabel, _ := keep.Entity()
		if got, _ := ed.entity(first.Item); got.Label != wantLabel.Label {
			t.Errorf("keep winner %v: label after resolve = %s, want %s", keepWinner, got.Label, wantLabel.Label)
		}
	}
}

func TestEditorResolveErrors(t *testing.T) {
	ed, first, _, _ := concurrentRelabels(t)
	if _, err := ed.resolve(first.Item, "9-notarevision"); err == nil {
		t.Error("resolve kept a revision that is not a version of the mention")
	}
	if _, err := ed.resolve("no-such-item", first.ID); err == nil {
		t.Error("resolve of an item with no conflict succeeded")
	}
}

func TestPlanTag(t *testing.T) {
	en := func(id string, start, end int, label string) annotations.Entity {
		return annotations.Entity{ID: id, Span: annotations.Span{Start: start, End: end}, Label: label}
	}
	set := []annotations.Entity{en("a", 0, 13, "PER"), en("b", 4, 13, "PER"), en("c", 20, 30, "ORG"), en("d", 20, 30, "LOC")}
	tests := []struct {
		name       string
		start, end int
		label      string
		plan       tagPlan
		id         string
	}{
		{"no mention of the span", 0, 3, "PER", tagNew, ""},
		{"a span inside a mention", 4, 10, "PER", tagNew, ""},
		{"a span around a mention", 0, 14, "ORG", tagNew, ""},
		{"the exact span, another label", 0, 13, "ORG", tagRelabel, "a"},
		{"the exact span, its label", 0, 13, "PER", tagNothing, "a"},
		{"a nested mention's exact span", 4, 13, "LOC", tagRelabel, "b"},
		{"two mentions of the span, neither with the label", 20, 30, "PER", tagRelabel, "c"},
		{"two mentions of the span, the second with the label", 20, 30, "LOC", tagNothing, "d"},
	}
	for _, tt := range tests {
		plan, id := planTag(set, tt.start, tt.end, tt.label)
		if plan != tt.plan || id != tt.id {
			t.Errorf("%s: planTag(%d, %d, %s) = %v %q, want %v %q", tt.name, tt.start, tt.end, tt.label, plan, id, tt.plan, tt.id)
		}
	}
	if plan, _ := planTag(nil, 0, 1, "PER"); plan != tagNew {
		t.Errorf("planTag on an empty set = %v, want tagNew", plan)
	}
}

// TestTagInStaleTabRelabelsOnceItKnows: two tabs hold the same set; one
// tags a span. The other, once it has that revision (the tabs' broadcast
// brings it), relabels the mention when a label is pressed on the same
// span, instead of adding a second one; pressing the mention's label does
// nothing; and undoing the relabel brings the first label back.
func TestTagInStaleTabRelabelsOnceItKnows(t *testing.T) {
	const text = "Rex Tillerson said."
	a := newTestEditor(t, text, "ana")
	b := newTestEditor(t, text, "ana")
	b.article = a.article // the same article: an editor's text makes its ID
	tag, ok, err := a.tag(0, 13, "PER")
	if err != nil || !ok {
		t.Fatalf("tag in A: ok=%v err=%v", ok, err)
	}
	if err := a.apply(tag); err != nil {
		t.Fatal(err)
	}

	// Before B knows, a label there is a new mention: what the broadcast is for.
	if early, ok, _ := b.tag(0, 13, "ORG"); !ok || early.Parent != "" {
		t.Fatalf("B, not knowing A's mention, made %+v, want a new mention", early)
	}
	if err := b.apply(tag); err != nil { // the broadcast arrives
		t.Fatal(err)
	}
	if _, ok, err := b.tag(0, 13, "PER"); ok || err != nil {
		t.Errorf("the mention's own label in B: ok=%v err=%v, want nothing to do", ok, err)
	}
	relabel, ok, err := b.tag(0, 13, "ORG")
	if err != nil || !ok {
		t.Fatalf("tag in B: ok=%v err=%v", ok, err)
	}
	if relabel.Item != tag.Item || relabel.Parent != tag.ID {
		t.Fatalf("B's tag made %+v, want a revision of %s on top of %s", relabel, tag.Item, tag.ID)
	}
	var h history
	if err := b.apply(relabel); err != nil {
		t.Fatal(err)
	}
	h.record([]annotations.Revision{relabel})
	if got := entityLabels(b); got != "ORG " {
		t.Fatalf("B's mentions after the relabel: %q, want one ORG", got)
	}
	undo, err := h.undo(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.apply(undo...); err != nil {
		t.Fatal(err)
	}
	if got := entityLabels(b); got != "PER " {
		t.Errorf("B's mentions after undoing the relabel: %q, want one PER", got)
	}
	if err := a.apply(relabel); err != nil { // and back to A
		t.Fatal(err)
	}
	if got := entityLabels(a); got != "ORG " {
		t.Errorf("A's mentions with B's relabel: %q, want one ORG", got)
	}
}
