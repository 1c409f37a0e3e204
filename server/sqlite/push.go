package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
)

// maxGroupRevisions caps the revisions of one group commit: the pushes
// waiting for the writer are committed together until their revisions
// reach it.
const maxGroupRevisions = 4 * api.MaxPushRevisions

// errClosed answers a push made after Close.
var errClosed = errors.New("the store is closed")

// pushRequest is one PutRevisions waiting for the group committer.
type pushRequest struct {
	ctx  context.Context
	revs []annotations.Revision
	// valid holds annotations.ValidateEach's answers, found before the
	// push waits for the writer.
	valid annotations.Validated
	done  chan pushAnswer // buffered: the committer never waits on it
}

// pushAnswer is the committer's answer to one pushRequest.
type pushAnswer struct {
	stored []server.Stored
	err    error
}

// PutRevisions checks the revisions with annotations.CheckBatch and stores
// the valid ones, in a write transaction, and answers once that
// transaction is durable. The part of the check that needs nothing stored
// (annotations.ValidateEach) runs first, in the caller's goroutine.
//
// Pushes are committed in groups: one goroutine commits while the pushes
// that arrive meanwhile wait, then takes all of them into its next
// transaction, each checked against the state the earlier ones left (a
// push that fails still fails alone: see commitGroup).
// One commit, and so one sync to disk, serves every push of the group: the
// writer drains a queue of N pushes in about as many transactions as the
// disk can sync while they arrive, not N.
func (s *Store) PutRevisions(ctx context.Context, revs []annotations.Revision) ([]server.Stored, error) {
	req := &pushRequest{ctx: ctx, revs: revs, valid: annotations.ValidateEach(revs), done: make(chan pushAnswer, 1)}
	select {
	case s.pushes <- req:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.closed:
		return nil, errClosed
	}
	// Once queued, the push is answered: committed, or failed.
	a := <-req.done
	return a.stored, a.err
}

// commitPushes is the group committer: it runs until Close.
func (s *Store) commitPushes() {
	defer s.done.Done()
	for {
		var group []*pushRequest
		select {
		case req := <-s.pushes:
			group = append(group, req)
		case <-s.closed:
			return
		}
		n := len(group[0].revs)
	drain:
		for n < maxGroupRevisions {
			select {
			case req := <-s.pushes:
				group = append(group, req)
				n += len(req.revs)
			default:
				break drain
			}
		}
		s.commitGroup(group)
	}
}

// commitGroup commits one group of pushes in one transaction and answers
// each. A push's check reads what the pushes before it in the group
// stored, and a push it refuses stores nothing; a push whose insert fails
// (which its check should have made impossible: a cancelled request, an
// I/O error) fails the transaction, and then each push of the group is
// committed alone, so that it fails alone. A savepoint per push would do
// the same at a cost in every group: SQLite copies each page a savepoint's
// push changes first into a journal of its own (a sixth of the writer's
// time, measured by BenchmarkSyncLoad's CPU profile).
func (s *Store) commitGroup(group []*pushRequest) {
	answers := make([]pushAnswer, len(group))
	err := s.inTx(context.Background(), func(tx *sql.Tx) error {
		stored, err := newTxStored(context.Background(), tx)
		if err != nil {
			return err
		}
		defer stored.close()
		for i, req := range group {
			if err := req.ctx.Err(); err != nil {
				answers[i].err = err
				continue
			}
			answers[i].stored, answers[i].err = putChecked(req.ctx, tx, stored, s.inserts, req.revs, req.valid)
			switch {
			case answers[i].err == nil:
			case len(group) > 1:
				return errAlone
			default:
				return answers[i].err // rolled back: nothing of it stored
			}
		}
		return nil
	})
	if errors.Is(err, errAlone) {
		for _, req := range group {
			s.commitGroup([]*pushRequest{req})
		}
		return
	}
	for i, req := range group {
		a := answers[i]
		if err != nil {
			// The transaction failed: nothing of the group is stored.
			a = pushAnswer{err: err}
		}
		if a.err != nil {
			a.err = storageError(a.err)
		}
		req.done <- a
	}
}

// errAlone fails a group's transaction whose pushes must be committed one
// by one.
var errAlone = errors.New("commit the group's pushes one by one")

// putChecked checks revs against the transaction's state and stores the
// valid ones.
func putChecked(ctx context.Context, tx *sql.Tx, stored *txStored, inserts *insertStmts, revs []annotations.Revision, validated annotations.Validated) ([]server.Stored, error) {
	stored.forget()
	problems, err := annotations.CheckStored(revs, validated, stored.with(ctx))
	if err != nil {
		return nil, err
	}
	var valid []annotations.Revision
	var validAt []int
	out := make([]server.Stored, len(revs))
	for i, p := range problems {
		if p != nil {
			out[i] = server.Stored{Status: api.StatusRejected, Problem: p}
			continue
		}
		valid = append(valid, revs[i])
		validAt = append(validAt, i)
	}
	statuses, err := insertRevisions(ctx, tx, inserts, stored.known, valid)
	if err != nil {
		return nil, err
	}
	for k, st := range statuses {
		out[validAt[k]] = st
	}
	return out, nil
}

// txStored is annotations.Stored inside a write transaction: every look-up
// sees what the transaction has stored so far, and nothing another writer
// could change before it commits. Its statements are prepared once per
// transaction; a look-up of many items or revisions is one query, with the
// list as one JSON parameter.
type txStored struct {
	ctx                                     context.Context
	article, kinds, hasRevisions, schemaRev *sql.Stmt
	// known holds what HasRevisions answered since the last forget: each
	// revision asked about, with its sequence number when stored (0 when
	// not), so that insertRevisions need not ask again.
	known map[revisionKey]int64
}

// forget drops what HasRevisions answered: before a check of another
// batch, which the ones before it may have made stale.
func (t *txStored) forget() { clear(t.known) }

var _ annotations.Stored = (*txStored)(nil)

func newTxStored(ctx context.Context, tx *sql.Tx) (*txStored, error) {
	t := &txStored{ctx: ctx, known: map[revisionKey]int64{}}
	for _, p := range []struct {
		stmt  **sql.Stmt
		query string
	}{
		{&t.article, `SELECT text FROM articles WHERE id = ?`},
		{&t.kinds, `SELECT item, kind FROM items WHERE set_id = ? AND item IN (SELECT value FROM json_each(?))`},
		{&t.hasRevisions, `SELECT r.item, r.rev, r.seq FROM json_each(?) AS j JOIN revisions AS r
			ON r.item = json_extract(j.value, '$[0]') AND r.rev = json_extract(j.value, '$[1]')`},
		{&t.schemaRev, `SELECT ` + revisionColumns + ` FROM revisions WHERE item IN (?, ?) AND kind = 'schema' ORDER BY seq`},
	} {
		stmt, err := tx.PrepareContext(ctx, p.query)
		if err != nil {
			t.close()
			return nil, err
		}
		*p.stmt = stmt
	}
	return t, nil
}

// with returns t with look-ups under ctx.
func (t *txStored) with(ctx context.Context) *txStored {
	c := *t
	c.ctx = ctx
	return &c
}

func (t *txStored) close() {
	for _, stmt := range []*sql.Stmt{t.article, t.kinds, t.hasRevisions, t.schemaRev} {
		if stmt != nil {
			stmt.Close()
		}
	}
}

// ArticleText returns a stored article's text.
func (t *txStored) ArticleText(id string) ([]rune, bool, error) {
	var text string
	err := t.article.QueryRowContext(t.ctx, id).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return []rune(text), true, nil
}

// ItemKinds returns the kinds of those of items that set setID has.
func (t *txStored) ItemKinds(setID string, items []string) (map[string]annotations.Kind, error) {
	list, err := json.Marshal(items)
	if err != nil {
		return nil, err
	}
	rows, err := t.kinds.QueryContext(t.ctx, setID, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]annotations.Kind{}
	for rows.Next() {
		var item, kind string
		if err := rows.Scan(&item, &kind); err != nil {
			return nil, err
		}
		out[item] = annotations.Kind(kind)
	}
	return out, rows.Err()
}

// HasRevisions returns those of revs that are stored.
func (t *txStored) HasRevisions(revs []annotations.RevisionRef) (map[annotations.RevisionRef]bool, error) {
	pairs := make([][2]string, len(revs))
	for i, r := range revs {
		pairs[i] = [2]string{r.Item, r.Rev}
	}
	list, err := json.Marshal(pairs)
	if err != nil {
		return nil, err
	}
	rows, err := t.hasRevisions.QueryContext(t.ctx, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for _, r := range revs {
		t.known[revisionKey{r.Item, r.Rev}] = 0
	}
	out := map[annotations.RevisionRef]bool{}
	for rows.Next() {
		var r annotations.RevisionRef
		var seq int64
		if err := rows.Scan(&r.Item, &r.Rev, &seq); err != nil {
			return nil, err
		}
		out[r] = true
		t.known[revisionKey{r.Item, r.Rev}] = seq
	}
	return out, rows.Err()
}

// SchemaRevisions returns the stored revisions of a set's schema item.
func (t *txStored) SchemaRevisions(k annotations.SetKey) ([]annotations.Revision, error) {
	rows, err := t.schemaRev.QueryContext(t.ctx, annotations.SchemaItemID(k), annotations.ProjectSchemaItemID(k.Project))
	if err != nil {
		return nil, err
	}
	revs, _, err := scanRevisions(rows)
	if err != nil {
		return nil, fmt.Errorf("read the schema of the set of %q on article %s: %w", k.Annotator, k.ArticleID, err)
	}
	return revs, nil
}
