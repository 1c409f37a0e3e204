package app

import (
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestGroupEdits: g's new group, a proposal accepted by name (it adds to
// that group), and a move of a mention from one group into another, which
// the one-group rule takes only as one edit of both groups.
func TestGroupEdits(t *testing.T) {
	ed := newTestEditor(t, "Tillerson said no. Later, Tillerson said yes. Rex agreed.", "ana")
	var ids []string
	for _, span := range [][2]int{{0, 9}, {26, 35}, {46, 49}} {
		rev, _, err := ed.tag(span[0], span[1], "PER")
		if err != nil {
			t.Fatal(err)
		}
		if err := ed.apply(rev); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rev.Item)
	}
	mustApply := func(revs []annotations.Revision, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if err := ed.apply(revs...); err != nil {
			t.Fatal(err)
		}
	}
	mustApply(ed.joinGroup(ids[0], ""))
	rev, err := ed.acceptProposal("Tillerson")
	mustApply([]annotations.Revision{rev}, err)
	if len(ed.set.Groups) != 1 || len(ed.set.Groups[0].Members) != 2 {
		t.Fatalf("groups after accepting the proposal = %+v, want one of two mentions", ed.set.Groups)
	}
	if _, err := ed.acceptProposal("Tillerson"); err == nil {
		t.Error("accepting a proposal that no longer holds: no error")
	}
	mustApply(ed.joinGroup(ids[2], ""))
	rex := ed.set.Groups[0].ID // "Rex" sorts before "Tillerson"
	revs, err := ed.joinGroup(ids[1], rex)
	mustApply(revs, err)
	if len(revs) != 2 {
		t.Errorf("a move made %d revisions, want 2 (out of one group, into the other)", len(revs))
	}
	for _, g := range ed.set.Groups {
		want := map[string]int{"Rex": 2, "Tillerson": 1}[g.Name]
		if len(g.Members) != want {
			t.Errorf("group %q has %d members after the move, want %d", g.Name, len(g.Members), want)
		}
	}
	if len(ed.set.Review) != 0 {
		t.Errorf("review after the move = %+v, want none", ed.set.Review)
	}
	// A second group of a mention is refused by the model.
	if _, err := ed.putGroup(annotations.EntityGroup{Name: "Rex", Members: []string{ids[2]}}); err == nil {
		t.Error("a second group of a mention: no error")
	}
}
