package app

import (
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// history keeps the edits made on this page, for undo and redo. An edit is
// the revisions one action committed. Undoing makes new revisions that
// bring every item the edit touched back to its value before the edit;
// redoing makes revisions that bring them to the value after it. Both are
// edits like any other: kept on the device and synced.
type history struct {
	done   [][]annotations.Revision
	undone [][]annotations.Revision
}

// maxHistory bounds how many edits can be undone.
const maxHistory = 500

// record adds an edit the user made; it clears what could be redone.
func (h *history) record(edit []annotations.Revision) {
	if len(edit) == 0 {
		return
	}
	h.done = append(h.done, edit)
	if len(h.done) > maxHistory {
		h.done = h.done[len(h.done)-maxHistory:]
	}
	h.undone = nil
}

// errNothingToUndo and errNothingToRedo say the stacks are empty.
var (
	errNothingToUndo = errors.New("nothing to undo")
	errNothingToRedo = errors.New("nothing to redo")
)

// undo returns the revisions that undo the last edit and moves it to the
// redo stack; the caller commits them without recording them.
func (h *history) undo(e *editor) ([]annotations.Revision, error) {
	if len(h.done) == 0 {
		return nil, errNothingToUndo
	}
	edit := h.done[len(h.done)-1]
	revs, err := e.restore(edit, true)
	if err != nil {
		return nil, err
	}
	h.done = h.done[:len(h.done)-1]
	h.undone = append(h.undone, edit)
	return revs, nil
}

// redo returns the revisions that make the last undone edit again.
func (h *history) redo(e *editor) ([]annotations.Revision, error) {
	if len(h.undone) == 0 {
		return nil, errNothingToRedo
	}
	edit := h.undone[len(h.undone)-1]
	revs, err := e.restore(edit, false)
	if err != nil {
		return nil, err
	}
	h.undone = h.undone[:len(h.undone)-1]
	h.done = append(h.done, edit)
	return revs, nil
}

// restore returns the revisions that bring every item edit touched to its
// value before the edit (before) or after it: a tombstone where it did not
// exist, its old body where it did. Items already at that value get none.
func (e *editor) restore(edit []annotations.Revision, before bool) ([]annotations.Revision, error) {
	type target struct {
		kind    annotations.Kind
		deleted bool
		body    json.RawMessage
	}
	var order []string
	targets := map[string]target{}
	for _, r := range edit {
		_, seen := targets[r.Item]
		switch {
		case before && !seen:
			t := target{kind: r.Kind, deleted: true}
			if p, ok := e.revision(r.Item, r.Parent); ok && r.Parent != "" {
				t = target{kind: p.Kind, deleted: p.Deleted, body: p.Body}
			}
			targets[r.Item] = t
			order = append(order, r.Item)
		case !before:
			if !seen {
				order = append(order, r.Item)
			}
			targets[r.Item] = target{kind: r.Kind, deleted: r.Deleted, body: r.Body}
		}
	}
	// Undo in reverse: what refers to an item goes before the item does.
	if before {
		for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 {
			order[i], order[j] = order[j], order[i]
		}
	}
	var out []annotations.Revision
	for _, item := range order {
		t := targets[item]
		head, exists := e.head(item)
		switch {
		case t.deleted && (!exists || head.Deleted):
			continue
		case t.deleted:
			del, err := annotations.NewDeletion(head)
			if err != nil {
				return nil, err
			}
			out = append(out, del)
		default:
			if exists && !head.Deleted && string(head.Body) == string(t.body) {
				continue
			}
			parent := ""
			if exists {
				parent = head.ID
			}
			rev, err := annotations.NewRevision(parent, item, t.kind, e.key(), false, t.body)
			if err != nil {
				return nil, err
			}
			out = append(out, rev)
		}
	}
	return out, nil
}

// moved returns the edit the last undo (or redo, when redo) moved between
// the stacks: the history's entry of the revisions it returned.
func (h *history) moved(redo bool) []annotations.Revision {
	stack := h.undone
	if redo {
		stack = h.done
	}
	if len(stack) == 0 {
		return nil
	}
	return stack[len(stack)-1]
}

// dropWrite mends the history after the write of an edit failed: an edit
// (roleEdit) was never kept, so it leaves the history, and cannot be undone
// or redone; an undo or redo did not happen, so its edit goes back to the
// stack it came from.
func (h *history) dropWrite(role historyRole, edit []annotations.Revision) {
	switch role {
	case roleEdit:
		h.done = slices.DeleteFunc(h.done, func(e []annotations.Revision) bool { return sameEdit(e, edit) })
		h.undone = slices.DeleteFunc(h.undone, func(e []annotations.Revision) bool { return sameEdit(e, edit) })
	case roleUndo:
		if i := slices.IndexFunc(h.undone, func(e []annotations.Revision) bool { return sameEdit(e, edit) }); i >= 0 {
			h.undone = slices.Delete(h.undone, i, i+1)
			h.done = append(h.done, edit)
		}
	case roleRedo:
		if i := slices.IndexFunc(h.done, func(e []annotations.Revision) bool { return sameEdit(e, edit) }); i >= 0 {
			h.done = slices.Delete(h.done, i, i+1)
			h.undone = append(h.undone, edit)
		}
	}
}

// sameEdit reports whether a and b are the same edit: revision IDs are
// unique, so the first one tells.
func sameEdit(a, b []annotations.Revision) bool {
	return len(a) > 0 && len(b) > 0 && a[0].ID == b[0].ID
}

// historyRecord is the undo history of a set as this device keeps it.
type historyRecord struct {
	Done   [][]annotations.Revision `json:"done"`
	Undone [][]annotations.Revision `json:"undone,omitempty"`
}

// encodeHistory returns h as JSON, for the device.
func encodeHistory(h history) ([]byte, error) {
	return json.Marshal(historyRecord{Done: h.done, Undone: h.undone})
}

// decodeHistory reads a history kept by encodeHistory; what is not one
// reads as an empty history (undo then starts afresh).
func decodeHistory(b []byte) history {
	var r historyRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return history{}
	}
	valid := func(stack [][]annotations.Revision) [][]annotations.Revision {
		return slices.DeleteFunc(stack, func(edit []annotations.Revision) bool {
			return len(edit) == 0 || slices.ContainsFunc(edit, func(rev annotations.Revision) bool { return rev.Validate() != nil })
		})
	}
	h := history{done: valid(r.Done), undone: valid(r.Undone)}
	if len(h.done) > maxHistory {
		h.done = h.done[len(h.done)-maxHistory:]
	}
	return h
}

// historyKeeper writes the undo histories to the device, one write at a
// time, the latest of each set: a history changed again while one is
// being written is written once more after it, never older over newer.
// Writing waits until edits pause (historyDelay): encoding a long history
// takes a few milliseconds, which an edit's own task need not carry. A
// history stays in latest until written, so that reading it meanwhile
// (storedHistory) gets the newest.
type historyKeeper struct {
	mu      sync.Mutex
	latest  map[string]keptHistory
	changes int
	writing bool
}

// keptHistory is a history waiting to be written; change tells it apart
// from a later one of the same set.
type keptHistory struct {
	h      history
	change int
}

var histories = &historyKeeper{latest: map[string]keptHistory{}}

// historyDelay is how long the keeper waits after a change before it
// writes.
const historyDelay = 250 * time.Millisecond

// keepHistory has the history h of set setID kept on this device, in the
// background.
func keepHistory(setID string, h history) {
	// The stacks' slices are copied: the page appends to them after.
	h = history{done: slices.Clone(h.done), undone: slices.Clone(h.undone)}
	k := histories
	k.mu.Lock()
	defer k.mu.Unlock()
	k.changes++
	k.latest[setID] = keptHistory{h, k.changes}
	if !k.writing {
		k.writing = true
		go k.run()
	}
}

// pending returns the history of setID not written yet, if any.
func (k *historyKeeper) pending(setID string) (history, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	p, ok := k.latest[setID]
	return p.h, ok
}

func (k *historyKeeper) run() {
	for {
		time.Sleep(historyDelay)
		k.mu.Lock()
		var (
			setID string
			next  keptHistory
			found bool
		)
		for id, v := range k.latest {
			setID, next, found = id, v, true
			break
		}
		if !found {
			k.writing = false
			k.mu.Unlock()
			return
		}
		k.mu.Unlock()
		b, err := encodeHistory(next.h)
		if err == nil {
			err = putHistory(setID, b)
		}
		if err != nil {
			app.Log("keep the undo history of", setID, "on this device:", err)
		}
		k.mu.Lock()
		if k.latest[setID].change == next.change {
			delete(k.latest, setID) // written (or given up on), and not changed since
		}
		k.mu.Unlock()
	}
}

// storedHistory returns the undo history kept on this device for setID
// (empty when there is none or it cannot be read). It blocks: call it off
// the UI goroutine.
func storedHistory(setID string) history {
	if h, ok := histories.pending(setID); ok {
		return h // newer than the device's
	}
	b, ok, err := getHistory(setID)
	if err != nil {
		app.Log("read the undo history of", setID, ":", err)
	}
	if !ok {
		return history{}
	}
	return decodeHistory(b)
}
