package app

import (
	"slices"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestSplitDependents: after a failed write, the queued writes on top of
// its revisions, or referring to an item it made, go with it (and so,
// in turn, do those that build on them); the others stay, in order.
func TestSplitDependents(t *testing.T) {
	ed := newTestEditor(t, "Rex Tillerson met Sergei Lavrov.", "ana")
	mk := func(revs ...annotations.Revision) *editWrite {
		t.Helper()
		w := &editWrite{revs: revs, refs: refsOf(revs)}
		if err := ed.apply(revs...); err != nil {
			t.Fatal(err)
		}
		return w
	}
	tag := func(start, end int, label string) annotations.Revision {
		t.Helper()
		r, ok, err := ed.tag(start, end, label)
		if err != nil || !ok {
			t.Fatalf("tag %d-%d: ok=%v err=%v", start, end, ok, err)
		}
		return r
	}
	rex := mk(tag(0, 13, "PER"))     // fails
	sergei := mk(tag(18, 31, "PER")) // independent: kept
	relabel := mk(tag(0, 13, "ORG")) // on top of rex's revision: dropped
	group, err := ed.joinGroup(rex.revs[0].Item, "")
	if err != nil {
		t.Fatal(err)
	}
	grouped := mk(group...) // refers to rex's mention: dropped
	quote, err := ed.createQuote(draftQuote{Start: 14, End: 17}, annotations.Ref{Kind: annotations.RefGroup, ID: group[0].Item})
	if err != nil {
		t.Fatal(err)
	}
	quoted := mk(quote)              // refers to the dropped group: dropped in turn
	lavrov := mk(tag(25, 31, "LOC")) // independent: kept

	keep, drop := splitDependents(rex, []*editWrite{sergei, relabel, grouped, quoted, lavrov})
	if !slices.Equal(keep, []*editWrite{sergei, lavrov}) {
		t.Errorf("kept %d writes, want sergei and lavrov in order", len(keep))
	}
	if !slices.Equal(drop, []*editWrite{relabel, grouped, quoted}) {
		t.Errorf("dropped %d writes, want the relabel, the group and the quote", len(drop))
	}
	if keep, drop := splitDependents(sergei, []*editWrite{lavrov}); len(keep) != 1 || len(drop) != 0 {
		t.Errorf("a write with nothing on top of it dropped %d", len(drop))
	}
}

// TestDescribeEdit: the message of a failed write names the change.
func TestDescribeEdit(t *testing.T) {
	ed := newTestEditor(t, "Rex Tillerson said.", "ana")
	tag, _, err := ed.tag(0, 13, "PER")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ed.describeEdit([]annotations.Revision{tag}), "tagging “Rex Tillerson” as PER"; got != want {
		t.Errorf("a tag: %q, want %q", got, want)
	}
	if got, want := ed.describeWrite(&editWrite{role: roleUndo, edit: []annotations.Revision{tag}}), "undoing tagging “Rex Tillerson” as PER"; got != want {
		t.Errorf("its undo: %q, want %q", got, want)
	}
	if err := ed.apply(tag); err != nil {
		t.Fatal(err)
	}
	relabel, _, err := ed.relabel(tag.Item, "ORG")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ed.describeEdit([]annotations.Revision{relabel}), "relabelling “Rex Tillerson” as ORG"; got != want {
		t.Errorf("a relabel: %q, want %q", got, want)
	}
	del, err := ed.removeItem(tag.Item)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ed.describeEdit([]annotations.Revision{del}), "deleting the mention “Rex Tillerson” (PER)"; got != want {
		t.Errorf("a deletion: %q, want %q", got, want)
	}
	// A quote's own quotation marks are not doubled.
	ed, _, q := editorWithQuote(t, false)
	if got, want := ed.describeEdit([]annotations.Revision{q}), "making the quote “We will stay.”"; got != want {
		t.Errorf("a quote: %q, want %q", got, want)
	}
}

// TestHistoryDropWrite: an edit whose write failed cannot be undone; an
// undo or redo whose write failed leaves its edit where it was.
func TestHistoryDropWrite(t *testing.T) {
	ed := newTestEditor(t, "Rex Tillerson met Sergei Lavrov.", "ana")
	var h history
	edit := func(start, end int) []annotations.Revision {
		t.Helper()
		r, _, err := ed.tag(start, end, "PER")
		if err != nil {
			t.Fatal(err)
		}
		if err := ed.apply(r); err != nil {
			t.Fatal(err)
		}
		h.record([]annotations.Revision{r})
		return []annotations.Revision{r}
	}
	first, failed := edit(0, 13), edit(18, 31)
	h.dropWrite(roleEdit, failed)
	if len(h.done) != 1 || !sameEdit(h.done[0], first) {
		t.Fatalf("after dropping the failed edit the history holds %d edits, want the first", len(h.done))
	}
	if _, err := h.undo(ed); err != nil {
		t.Fatal(err)
	}
	if !sameEdit(h.moved(false), first) {
		t.Fatal("moved(false) is not the edit undone")
	}
	h.dropWrite(roleUndo, first) // the undo was not kept
	if len(h.done) != 1 || len(h.undone) != 0 {
		t.Errorf("after a failed undo: %d done, %d undone, want the edit back in done", len(h.done), len(h.undone))
	}
	if _, err := h.undo(ed); err != nil {
		t.Fatal(err)
	}
	if _, err := h.redo(ed); err != nil {
		t.Fatal(err)
	}
	h.dropWrite(roleRedo, first) // the redo was not kept
	if len(h.done) != 0 || len(h.undone) != 1 {
		t.Errorf("after a failed redo: %d done, %d undone, want the edit back in undone", len(h.done), len(h.undone))
	}
}

// editorWithQuote returns an editor of `Rex said "We will stay." on
// Monday.` with Rex tagged PER and the revision that makes the quoted
// sentence (its quotation marks included) a quote of Rex's, applied when
// apply is true.
func editorWithQuote(t *testing.T, apply bool) (*editor, annotations.Revision, annotations.Revision) {
	t.Helper()
	ed := newTestEditor(t, `Rex said "We will stay." on Monday.`, "ana")
	rex, _, err := ed.tag(0, 3, "PER")
	if err != nil {
		t.Fatal(err)
	}
	if err := ed.apply(rex); err != nil {
		t.Fatal(err)
	}
	d, err := ed.newDraftQuote(9, 24)
	if err != nil {
		t.Fatal(err)
	}
	q, err := ed.createQuote(d, annotations.Ref{Kind: annotations.RefEntity, ID: rex.Item})
	if err != nil {
		t.Fatal(err)
	}
	if apply {
		if err := ed.apply(q); err != nil {
			t.Fatal(err)
		}
	}
	return ed, rex, q
}

// TestAddStampsTimes: every revision queued for the device carries the
// time of its edit (Unix ms), as the progress view's time spent needs.
func TestAddStampsTimes(t *testing.T) {
	ed := newTestEditor(t, "Rex Tillerson met Sergei Lavrov.", "ana")
	rev, _, err := ed.tag(0, 13, "PER")
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := ed.tag(18, 31, "PER")
	if err != nil {
		t.Fatal(err)
	}
	// A write in progress keeps the writer from starting (it would write
	// to IndexedDB): add only queues.
	q := &editWriter{queue: []*editWrite{{}}}
	w := &editWrite{revs: []annotations.Revision{rev, other}}
	before := time.Now().UnixMilli()
	q.add(w)
	after := time.Now().UnixMilli()
	for i, r := range q.queued() {
		if r.At < before || r.At > after {
			t.Errorf("revision %d: At = %d, want the time of the edit (%d to %d)", i, r.At, before, after)
		}
		if r.ID != r.ComputeID() {
			t.Errorf("revision %d: the time changed its ID", i)
		}
	}
	if len(q.queued()) != 2 {
		t.Errorf("queued %d revisions, want 2", len(q.queued()))
	}
}
