package app

import (
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestSetStates: marking done, reopening and skipping are edits of the
// set's one status item, each on top of the last, kept and undone as any
// edit; a skip needs a reason.
func TestSetStates(t *testing.T) {
	s, kept, _ := newTestSession(t, "Rex Tillerson met Sergei Lavrov.")
	status := func(state annotations.WorkState, reason string) editOp {
		return editOp{Do: func(e *editor) ([]annotations.Revision, error) {
			rev, err := e.putStatus(state, reason)
			return []annotations.Revision{rev}, err
		}}
	}
	item := annotations.StatusItemID(s.ed.key())
	steps := []struct {
		name       string
		op         editOp
		undo       bool
		want       annotations.WorkState
		wantReason string
		wantErr    bool
	}{
		{name: "nothing yet", want: annotations.WorkNotStarted},
		{name: "done", op: status(annotations.WorkDone, ""), want: annotations.WorkDone},
		{name: "reopened", op: status(annotations.WorkInProgress, ""), want: annotations.WorkInProgress},
		{name: "skipped without a reason", op: status(annotations.WorkSkipped, "  "), want: annotations.WorkInProgress, wantErr: true},
		{name: "skipped", op: status(annotations.WorkSkipped, " not\tpolitics "), want: annotations.WorkSkipped, wantReason: "not politics"},
		{name: "undo the skip", undo: true, want: annotations.WorkInProgress},
		{name: "undo the reopening", undo: true, want: annotations.WorkDone},
		{name: "undo the done", undo: true, want: annotations.WorkNotStarted},
	}
	for _, st := range steps {
		before := len(*kept)
		s.editErr = ""
		switch {
		case st.undo:
			s.runNamed(cmdUndo, "", textSelection{})
		case st.op.Do != nil:
			s.run(st.op)
		}
		if got := s.ed.set.State(); got != st.want {
			t.Errorf("%s: state %s, want %s", st.name, got, st.want)
		}
		if st.wantReason != "" && (s.ed.set.Status == nil || s.ed.set.Status.Reason != st.wantReason) {
			t.Errorf("%s: status %+v, want the reason %q", st.name, s.ed.set.Status, st.wantReason)
		}
		if (s.editErr != "") != st.wantErr {
			t.Errorf("%s: message %q, want one: %v", st.name, s.editErr, st.wantErr)
		}
		if st.wantErr || st.op.Do == nil && !st.undo {
			if len(*kept) != before {
				t.Errorf("%s: an edit was kept", st.name)
			}
			continue
		}
		if len(*kept) != before+1 {
			t.Fatalf("%s: %d edits kept, want %d", st.name, len(*kept), before+1)
		}
		w := (*kept)[before]
		head, _ := s.ed.head(item)
		if len(w.revs) != 1 || w.revs[0].Item != item || w.revs[0].ID != head.ID {
			t.Errorf("%s: kept %+v, want the set's status item, now its head", st.name, w.revs)
		}
	}
	// Each revision builds on the one before: one history, no conflict.
	if len(s.ed.set.Conflicts) != 0 || len(s.ed.state.RevisionsOf(item)) != 6 {
		t.Errorf("%d conflicts, %d revisions of the status; want 0 and 6", len(s.ed.set.Conflicts), len(s.ed.state.RevisionsOf(item)))
	}
}

// TestStateFormAsks: Skip asks why, and wants a reason; the edit is made
// only then. The other states are given at once.
func TestStateFormAsks(t *testing.T) {
	var f stateForm
	steps := []struct {
		name       string
		state      annotations.WorkState
		reason     string // typed before the step
		wantOpen   bool
		wantMade   bool
		wantReason string
		wantErr    bool
	}{
		{name: "done", state: annotations.WorkDone, wantMade: true},
		{name: "skip opens the form", state: annotations.WorkSkipped, reason: "old", wantOpen: true},
		{name: "skip without a reason", state: annotations.WorkSkipped, reason: " \t", wantOpen: true, wantErr: true},
		{name: "skip with a reason", state: annotations.WorkSkipped, reason: "off topic", wantMade: true, wantReason: "off topic"},
		{name: "reopen", state: annotations.WorkInProgress, reason: "left over", wantMade: true},
	}
	for _, st := range steps {
		if st.reason != "" {
			f.reason = st.reason
		}
		reason, made := f.markState(st.state)
		if made != st.wantMade || reason != st.wantReason || f.skipping != st.wantOpen || (f.reasonErr != "") != st.wantErr {
			t.Errorf("%s: made %v with %q, form open %v, problem %q; want %v with %q, open %v, a problem: %v",
				st.name, made, reason, f.skipping, f.reasonErr, st.wantMade, st.wantReason, st.wantOpen, st.wantErr)
		}
	}
	for state, want := range map[annotations.WorkState]string{"": "not started", annotations.WorkInProgress: "in progress", annotations.WorkCurated: "curated"} {
		if got := stateName(state); got != want {
			t.Errorf("stateName(%q) = %q, want %q", state, got, want)
		}
	}
}
