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
	// SetHeads lists the head of every set with revisions of the project
	// (as revisions write it: "" for the Default project), ordered by
	// article and annotator. It reads no revision's body.
	SetHeads(ctx context.Context, project string) ([]SetHead, error)
}
