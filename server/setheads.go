package server

import "context"

// SetHead is an annotation set and the sequence number of its newest
// revision. Revisions are only ever added, so a set's content is the same
// as long as its head is: the agreement's cache keys each article's tally
// by its sets' heads.
type SetHead struct {
	Set SetRef
	Seq int64
}

// SetHeads is the part of a Store that lists the heads of sets.
type SetHeads interface {
	// SetHeads lists the head of every set of the project (as revisions
	// write it: "" for the Default project) that has a revision after the
	// sequence number after (every set with revisions when 0), ordered by
	// article and annotator. It reads no revision's body. Revisions are
	// committed in sequence order, so the sets that changed since a call
	// are those with a revision after the greatest head it returned.
	SetHeads(ctx context.Context, project string, after int64) ([]SetHead, error)
}
