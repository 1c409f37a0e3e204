package app

import (
	"errors"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// entityLabels returns the labels of the set's mentions in text order.
func entityLabels(ed *editor) string {
	s := ""
	for _, e := range ed.set.Entities {
		s += e.Label + " "
	}
	return s
}

func TestHistoryUndoRedo(t *testing.T) {
	ed := newTestEditor(t, "Rex Tillerson said it.", "ana")
	var h history
	do := func(revs ...annotations.Revision) {
		t.Helper()
		if err := ed.apply(revs...); err != nil {
			t.Fatal(err)
		}
		h.record(revs)
	}
	step := func(redo bool) {
		t.Helper()
		var revs []annotations.Revision
		var err error
		if redo {
			revs, err = h.redo(ed)
		} else {
			revs, err = h.undo(ed)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := ed.apply(revs...); err != nil {
			t.Fatal(err)
		}
	}
	tag, _, err := ed.tag(0, 13, "PER")
	if err != nil {
		t.Fatal(err)
	}
	do(tag)
	relabel, _, err := ed.relabel(tag.Item, "ORG")
	if err != nil {
		t.Fatal(err)
	}
	do(relabel)
	del, err := ed.removeItem(tag.Item)
	if err != nil {
		t.Fatal(err)
	}
	do(del)

	for _, tt := range []struct {
		redo bool
		want string
	}{
		{false, "ORG "}, // the deletion undone: back as it was
		{false, "PER "}, // the relabel undone
		{false, ""},     // the tag undone: gone
		{true, "PER "},  // and redone, step by step
		{true, "ORG "},
		{true, ""},
		{false, "ORG "},
	} {
		step(tt.redo)
		if got := entityLabels(ed); got != tt.want {
			t.Fatalf("after %s: labels %q, want %q", map[bool]string{false: "undo", true: "redo"}[tt.redo], got, tt.want)
		}
	}
	// Every undo and redo made new revisions on top of the item's head:
	// they sync like any edit, and the item has no conflict.
	if len(ed.set.Conflicts) != 0 {
		t.Errorf("conflicts %v, want none", ed.set.Conflicts)
	}
	if _, err := h.redo(ed); err != nil {
		t.Errorf("redo after undo: %v", err)
	}
	var empty history
	if _, err := empty.undo(ed); !errors.Is(err, errNothingToUndo) {
		t.Errorf("undo with no history: %v, want errNothingToUndo", err)
	}
	// A new edit clears what could be redone.
	h.record([]annotations.Revision{tag})
	if _, err := h.redo(ed); !errors.Is(err, errNothingToRedo) {
		t.Errorf("redo after a new edit: %v, want errNothingToRedo", err)
	}
}
