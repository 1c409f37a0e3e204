package app

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
)

// An edit is shown at once and written to IndexedDB after, one transaction
// an edit. The writes go one at a time, in the order the edits were made
// (editWriter), so that when one fails the later ones have not been written
// yet: those that build on the failed one (a revision on top of one of
// its revisions, a reference to an item it made) are dropped with it, for
// stored they would point at nothing; the others are written as usual.
// The page then takes what was dropped off the screen and out of the undo
// history, and names the change that failed.

// historyRole is what a written edit is to the undo history.
type historyRole int

const (
	// roleEdit: an edit of the user's, recorded as it is.
	roleEdit historyRole = iota
	// roleUndo: the revisions that undo a recorded edit.
	roleUndo
	// roleRedo: the revisions that make an undone edit again.
	roleRedo
)

// editWrite is an edit on its way into IndexedDB.
type editWrite struct {
	revs []annotations.Revision
	// refs are the items the revisions refer to (a quote's speaker, a
	// group's members), besides their own.
	refs []string
	// what names the change for a message: "tagging “Rex Tillerson” as PER".
	what string
	role historyRole
	// edit is the history's entry: the edit itself (roleEdit), or the edit
	// undone or redone.
	edit []annotations.Revision
	// done ends the write's count in unsavedWrites.
	done func()
	// failed is told, on the writer's goroutine, that the write failed
	// and which later writes were dropped with it.
	failed func(err error, dropped []*editWrite)
}

// editWriter writes the page's edits, one at a time, in order.
type editWriter struct {
	mu    sync.Mutex
	queue []*editWrite // the first is being written
}

// edits is the page's writer: it outlives the article page (an edit made
// just before leaving for the library is still written).
var edits = &editWriter{}

// add queues w; the writer starts if it was idle. It is where every
// revision the app makes passes on its way to the device, so it stamps
// each with the time of its edit (annotations.Revision.At, Unix ms by the
// browser's clock; not part of the revision's ID): the progress view's
// time spent. The revisions are stamped in place, so the undo history,
// which holds the same slice, has the times too.
func (q *editWriter) add(w *editWrite) {
	now := time.Now().UnixMilli()
	for i := range w.revs {
		w.revs[i].At = now
	}
	q.mu.Lock()
	q.queue = append(q.queue, w)
	idle := len(q.queue) == 1
	q.mu.Unlock()
	if idle {
		go q.run()
	}
}

// queued returns the revisions of the edits not written yet, in order:
// what a set read from IndexedDB lacks.
func (q *editWriter) queued() []annotations.Revision {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []annotations.Revision
	for _, w := range q.queue {
		out = append(out, w.revs...)
	}
	return out
}

// run writes the queued edits until none is left. A write stays first in
// the queue until it has committed or failed, so queued always has it.
func (q *editWriter) run() {
	for {
		q.mu.Lock()
		if len(q.queue) == 0 {
			q.mu.Unlock()
			return
		}
		w := q.queue[0]
		q.mu.Unlock()
		err := addLocalRevisions(w.revs...)
		q.mu.Lock()
		q.queue = q.queue[1:]
		var dropped []*editWrite
		if err != nil {
			q.queue, dropped = splitDependents(w, q.queue)
		}
		q.mu.Unlock()
		if err == nil {
			background.localChange()
		} else if w.failed != nil {
			w.failed(err, dropped)
		}
		w.done()
		for _, d := range dropped {
			d.done()
		}
	}
}

// splitDependents splits the writes queued after the failed one into those
// that stand without it (keep) and those that build on it (drop): a
// revision on top of one of its revisions, or a reference to an item it
// made, directly or through another dropped write.
func splitDependents(failed *editWrite, later []*editWrite) (keep, drop []*editWrite) {
	gone := map[string]bool{} // revision IDs
	made := map[string]bool{} // items a gone revision made
	forget := func(w *editWrite) {
		for _, r := range w.revs {
			gone[r.ID] = true
			if r.Parent == "" {
				made[r.Item] = true
			}
		}
	}
	forget(failed)
	for _, w := range later {
		builds := slices.ContainsFunc(w.revs, func(r annotations.Revision) bool { return r.Parent != "" && gone[r.Parent] }) ||
			slices.ContainsFunc(w.refs, func(item string) bool { return made[item] })
		if builds {
			forget(w)
			drop = append(drop, w)
		} else {
			keep = append(keep, w)
		}
	}
	return keep, drop
}

// refsOf returns the items revs refer to, besides their own.
func refsOf(revs []annotations.Revision) []string {
	var out []string
	for _, r := range revs {
		items, _ := r.ReferredItems()
		for _, item := range items {
			if item != r.Item && !slices.Contains(out, item) {
				out = append(out, item)
			}
		}
	}
	return out
}

// describeWrite names the change w makes, for a message: "tagging “Rex
// Tillerson” as PER", "undoing tagging …". Call it before w's revisions
// are applied.
func (e *editor) describeWrite(w *editWrite) string {
	switch w.role {
	case roleUndo:
		return "undoing " + e.describeEdit(w.edit)
	case roleRedo:
		return "redoing " + e.describeEdit(w.edit)
	}
	return e.describeEdit(w.revs)
}

// describeEdit names the change an edit makes by its first revision, which
// is the change the user asked for (what else an edit holds follows from
// it).
func (e *editor) describeEdit(revs []annotations.Revision) string {
	if len(revs) == 0 {
		return "a change"
	}
	r := revs[0]
	before, had := e.revision(r.Item, r.Parent)
	had = had && r.Parent != "" && !before.Deleted
	if r.Deleted {
		if had {
			return "deleting " + describeItem(e, before)
		}
		return "deleting " + string(r.Kind)
	}
	if en, err := r.Entity(); err == nil {
		old, err := before.Entity()
		switch {
		case !had:
			return fmt.Sprintf("tagging “%s” as %s", en.Exact, en.Label)
		case err == nil && old.Label != en.Label:
			return fmt.Sprintf("relabelling “%s” as %s", en.Exact, en.Label)
		}
	}
	if had {
		return "changing " + describeItem(e, r)
	}
	return "making " + describeItem(e, r)
}

// describeItem names the item a revision sets, by its value there: the
// mention “Rex Tillerson” (PER), the quote “…”.
func describeItem(e *editor, r annotations.Revision) string {
	switch r.Kind {
	case annotations.KindEntity:
		if en, err := r.Entity(); err == nil {
			return fmt.Sprintf("the mention “%s” (%s)", en.Exact, en.Label)
		}
	case annotations.KindQuote:
		if q, err := r.Quote(); err == nil {
			return "the quote " + quoted(q.Content.Exact, 50)
		}
	case annotations.KindStance:
		if st, err := r.Stance(); err == nil {
			return "the stance " + describeStance(e, st)
		}
	case annotations.KindGroup:
		if g, err := r.Group(); err == nil {
			return "the group " + g.Name
		}
	case annotations.KindSchema:
		return "the labels"
	}
	return "the " + string(r.Kind)
}
