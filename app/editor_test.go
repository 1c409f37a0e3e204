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

	del, err := ed.remove(e.ID)
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
	if _, err := ed.remove(e.ID); err == nil {
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
