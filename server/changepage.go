package server

import (
	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// ChangeLog is what a store's Changes reads, for ReadChanges: the history's
// hash after a revision, and the revisions after a sequence number.
type ChangeLog struct {
	// ChainAt returns the history's hash after the revision numbered seq,
	// and false when no revision has that number.
	ChainAt func(seq int64) (string, bool, error)
	// After returns up to limit revisions that the filter chooses (the
	// store applies it) numbered after after, in sequence order, with
	// their numbers, read in one statement (one snapshot).
	After func(after int64, limit int) ([]annotations.Revision, []int64, error)
}

// ReadChanges is Store.Changes over a store's log, the same for every
// store: ErrCursorUnknown when since names no stored revision or another
// history (a restored copy, a cursor of another server); else up to limit
// revisions after since, whether more follow, and the cursor after the
// page (since when the page is empty).
func ReadChanges(log ChangeLog, since api.Cursor, limit int) (ChangePage, error) {
	if since.Seq > 0 {
		chain, ok, err := log.ChainAt(since.Seq)
		switch {
		case err != nil:
			return ChangePage{}, err
		case !ok || chain != since.Chain:
			return ChangePage{}, ErrCursorUnknown
		}
	} else {
		since = api.Cursor{}
	}
	revs, seqs, err := log.After(since.Seq, limit+1)
	if err != nil {
		return ChangePage{}, err
	}
	page := ChangePage{Revisions: revs, Cursor: since}
	if len(revs) > limit {
		page.Revisions, seqs, page.More = revs[:limit], seqs[:limit], true
	}
	if n := len(seqs); n > 0 {
		chain, ok, err := log.ChainAt(seqs[n-1])
		if err == nil && !ok {
			err = ErrCursorUnknown // a revision just read is gone: none ever is
		}
		if err != nil {
			return ChangePage{}, err
		}
		page.Cursor = api.Cursor{Seq: seqs[n-1], Chain: chain}
	}
	return page, nil
}
