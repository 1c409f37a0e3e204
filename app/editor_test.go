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
	ed, err := newEditor(a, annotator, nil)
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
	a, _ := annotations.NewEntityRevision(first.ID, ed.article.ID, "ana", en)
	en.Label = "MISC"
	b, _ := annotations.NewEntityRevision(first.ID, ed.article.ID, "ana", en)
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
