package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
)

// ArticleSummary is an article as the library lists it, without its text.
type ArticleSummary struct {
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	Source  string    `json:"source,omitempty"`
	Created time.Time `json:"created"`
	Chars   int       `json:"chars"`
}

// PushStatus is what a store did with one pushed revision.
type PushStatus string

// The outcomes of storing a revision.
const (
	StatusApplied   PushStatus = "applied"
	StatusDuplicate PushStatus = "duplicate"
	StatusRejected  PushStatus = "rejected"
)

// Stored is what a store did with one revision: applied or duplicate, and
// the sequence number the revision has, given now or when it was first
// stored.
type Stored struct {
	Status PushStatus
	Seq    int64
}

// Cursor is a position in the revision sequence: after the revision whose
// sequence number is Seq, in a history whose hash there is Chain
// (NextChain). A database restored from an older copy gives its next
// sequence numbers to other revisions, or to the same revisions in another
// order, so a revision at Seq proves nothing about the history before it:
// a cursor whose Chain differs from the store's at Seq is unknown, since
// its reader did not read that history. Chain is "" at the start (Seq 0).
type Cursor struct {
	Seq   int64
	Chain string
}

// NextChain returns the history's hash after revision r, given prev, the
// hash after the revision before it ("" before the first): the first 16
// bytes of SHA-256 over prev, r's item and r's ID, in hex. Every store
// computes it the same way as it gives r its sequence number.
func NextChain(prev string, r annotations.Revision) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte{0})
	h.Write([]byte(r.Item))
	h.Write([]byte{0})
	h.Write([]byte(r.ID))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// ChangePage is one page of revisions in commit order.
type ChangePage struct {
	Revisions []annotations.Revision
	Cursor    Cursor // the position after the page's last revision
	More      bool   // whether revisions follow
}

// SetRef names one annotation set.
type SetRef struct {
	ArticleID string
	Annotator string
}

// SetFilter chooses annotation sets: those of the listed articles and of
// the listed annotators. An empty list chooses every one.
type SetFilter struct {
	Articles   []string
	Annotators []string
}

// ImportResult is what Store.Import stored.
type ImportResult struct {
	// ArticlesCreated counts the articles stored now (the others were
	// stored before, and were kept as they were).
	ArticlesCreated int
	// Applied and Duplicate count the revisions stored now and those
	// stored before.
	Applied, Duplicate int
}

// Store keeps articles and revisions. Implementations live in their own
// packages, one per technology (server/sqlite).
type Store interface {
	// PutArticle stores a unless an article with its ID is stored; it
	// returns the stored article and whether it was created now.
	PutArticle(ctx context.Context, a annotations.Article) (annotations.Article, bool, error)
	// Article returns the article id, or ErrNotFound.
	Article(ctx context.Context, id string) (annotations.Article, error)
	// Articles lists every article, newest first.
	Articles(ctx context.Context) ([]ArticleSummary, error)
	// CountArticles returns how many articles are stored.
	CountArticles(ctx context.Context) (int, error)
	// PutRevisions stores each revision unless one with its item and ID is
	// stored, all in one transaction, and reports for each, in order,
	// applied or duplicate and its sequence number.
	PutRevisions(ctx context.Context, revs []annotations.Revision) ([]Stored, error)
	// Changes returns up to limit revisions of annotator stored after the
	// cursor since, in commit order, or ErrCursorUnknown when the store has
	// no revision at since.Seq, or its history's hash there is not
	// since.Chain.
	Changes(ctx context.Context, annotator string, since Cursor, limit int) (ChangePage, error)
	// Sets lists the annotation sets that have revisions, of one article
	// when articleID is not "", ordered by article and annotator.
	Sets(ctx context.Context, articleID string) ([]SetRef, error)
	// SetsMatching lists the annotation sets that have revisions and that
	// filter chooses, ordered by article and annotator.
	SetsMatching(ctx context.Context, filter SetFilter) ([]SetRef, error)
	// SetRevisions returns every revision of one set.
	SetRevisions(ctx context.Context, set SetRef) ([]annotations.Revision, error)
	// Import stores, in one transaction (all or nothing), each article
	// unless one with its ID is stored, then each revision unless one with
	// its item and ID is stored, as PutRevisions does.
	Import(ctx context.Context, articles []annotations.Article, revs []annotations.Revision) (ImportResult, error)
	// Close releases the store.
	Close() error
}
