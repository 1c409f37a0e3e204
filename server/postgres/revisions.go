package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/jackc/pgx/v5"
)

// logHead is the log's head: the last revision's sequence number and the
// history's hash after it.
type logHead struct {
	seq   int64
	chain string
}

// lockLog takes the log's head row for the transaction, which keeps it
// until it commits or rolls back: one writer at a time, across every
// replica, stores revisions (or deletes an article), and each writer sees
// everything the one before it committed.
func lockLog(ctx context.Context, tx pgx.Tx) (logHead, error) {
	var h logHead
	err := tx.QueryRow(ctx, `SELECT seq, chain FROM log_head FOR UPDATE`).Scan(&h.seq, &h.chain)
	return h, err
}

// testHookBeforeCommit, when not nil, runs in each push's transaction
// after its inserts, before it commits: the tests delay commits with it,
// so that writers that took their numbers in one order try to commit in
// another.
var testHookBeforeCommit func()

// PutRevisions checks the revisions with annotations.CheckBatch and stores
// the valid ones, in one transaction that holds the log's head (lockLog):
// the check reads the state it commits on. The part of the check that
// needs nothing stored (annotations.ValidateEach) runs first, before the
// push waits for the lock.
func (s *Store) PutRevisions(ctx context.Context, revs []annotations.Revision) ([]server.Stored, error) {
	valid := annotations.ValidateEach(revs)
	var out []server.Stored
	err := s.inLogTx(ctx, func(tx pgx.Tx) error {
		head, err := lockLog(ctx, tx)
		if err != nil {
			return err
		}
		stored := &txStored{ctx: ctx, tx: tx, known: map[revisionKey]int64{}}
		problems, err := annotations.CheckStored(revs, valid, stored)
		if err != nil {
			return err
		}
		var ok []annotations.Revision
		var okAt []int
		out = make([]server.Stored, len(revs))
		for i, p := range problems {
			if p != nil {
				out[i] = server.Stored{Status: api.StatusRejected, Problem: p}
				continue
			}
			ok = append(ok, revs[i])
			okAt = append(okAt, i)
		}
		statuses, err := insertRevisions(ctx, tx, head, stored.known, ok)
		if err != nil {
			return err
		}
		for k, st := range statuses {
			out[okAt[k]] = st
		}
		if hook := testHookBeforeCommit; hook != nil {
			hook()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Import stores the articles, then the revisions, in one transaction that
// holds the log's head.
func (s *Store) Import(ctx context.Context, articles []annotations.Article, revs []annotations.Revision) (server.ImportResult, error) {
	var res server.ImportResult
	err := s.inLogTx(ctx, func(tx pgx.Tx) error {
		res = server.ImportResult{}
		head, err := lockLog(ctx, tx)
		if err != nil {
			return err
		}
		for _, a := range articles {
			created, err := insertArticle(ctx, tx, a)
			if err != nil {
				return err
			}
			if created {
				res.ArticlesCreated++
			}
		}
		stored := &txStored{ctx: ctx, tx: tx, known: map[revisionKey]int64{}}
		problems, err := annotations.CheckBatch(revs, stored)
		if err != nil {
			return err
		}
		for i, p := range problems {
			if p != nil {
				return &server.ImportProblem{Revision: revs[i], Problem: p}
			}
		}
		statuses, err := insertRevisions(ctx, tx, head, stored.known, revs)
		if err != nil {
			return err
		}
		for _, st := range statuses {
			if st.Status == api.StatusApplied {
				res.Applied++
			} else {
				res.Duplicate++
			}
		}
		return nil
	})
	if err != nil {
		return server.ImportResult{}, err
	}
	return res, nil
}

// revisionKey names a stored revision: its item and ID (the revisions'
// unique key).
type revisionKey struct{ item, rev string }

// insertRevisions stores revs in their order, unless stored, numbering
// them after head, and returns each one's status: applied, or duplicate
// when stored already (or earlier in revs), with its sequence number; it
// notes each new item's kind and moves the log's head. The caller holds
// the head (lockLog) and has checked revs in the same transaction; known
// holds what the check found stored (0: not stored).
func insertRevisions(ctx context.Context, tx pgx.Tx, head logHead, known map[revisionKey]int64, revs []annotations.Revision) ([]server.Stored, error) {
	statuses := make([]server.Stored, len(revs))
	if len(revs) == 0 {
		return statuses, nil
	}
	seqs := make(map[revisionKey]int64, len(revs))
	var unknown []revisionKey
	for _, r := range revs {
		k := revisionKey{r.Item, r.ID}
		switch seq, ok := known[k]; {
		case !ok:
			unknown = append(unknown, k)
		case seq > 0:
			seqs[k] = seq
		}
	}
	if len(unknown) > 0 {
		if err := storedSeqs(ctx, tx, unknown, seqs); err != nil {
			return nil, err
		}
	}
	var (
		cols     revisionRows
		applied  = make(map[int]bool, len(revs))
		setIDs   = map[annotations.SetKey]string{} // a set ID is a hash: computed once a set
		itemSets []string
		items    []string
		kinds    []string
	)
	for i, r := range revs {
		k := revisionKey{r.Item, r.ID}
		if _, ok := seqs[k]; ok {
			continue
		}
		key := r.Key()
		setID := setIDs[key]
		if setID == "" {
			setID = key.ID()
			setIDs[key] = setID
		}
		head.seq++
		head.chain = api.NextChain(head.chain, r)
		seqs[k] = head.seq
		applied[i] = true
		cols.add(head.seq, setID, head.chain, r)
		itemSets, items, kinds = append(itemSets, setID), append(items, r.Item), append(kinds, string(r.Kind))
	}
	if len(cols.seq) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO revisions (seq, rev, parent, item, kind, project, article_id, annotator, set_id, deleted, body, chain, at)
			SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[], $11::text[], $12::text[], $13::bigint[])`,
			cols.seq, cols.rev, cols.parent, cols.item, cols.kind, cols.project, cols.article, cols.annotator, cols.setID, cols.deleted, cols.body, cols.chain, cols.at); err != nil {
			return nil, fmt.Errorf("store revisions: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO items (set_id, item, kind) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
			itemSets, items, kinds); err != nil {
			return nil, fmt.Errorf("store the kinds of items: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE log_head SET seq = $1, chain = $2`, head.seq, head.chain); err != nil {
			return nil, fmt.Errorf("move the log's head: %w", err)
		}
	}
	for i, r := range revs {
		status := api.StatusDuplicate
		if applied[i] {
			status = api.StatusApplied
		}
		statuses[i] = server.Stored{Status: status, Seq: seqs[revisionKey{r.Item, r.ID}]}
	}
	return statuses, nil
}

// revisionRows are revisions to insert, one array a column (one insert of
// unnest'd arrays stores them all).
type revisionRows struct {
	seq, at                                                            []int64
	rev, parent, item, kind, project, article, annotator, setID, chain []string
	body                                                               []*string
	deleted                                                            []bool
}

func (c *revisionRows) add(seq int64, setID, chain string, r annotations.Revision) {
	var body *string
	if len(r.Body) > 0 {
		b := string(r.Body)
		body = &b
	}
	c.seq, c.at = append(c.seq, seq), append(c.at, r.At)
	c.rev, c.parent, c.item, c.kind = append(c.rev, r.ID), append(c.parent, r.Parent), append(c.item, r.Item), append(c.kind, string(r.Kind))
	c.project, c.article, c.annotator = append(c.project, r.Project), append(c.article, r.ArticleID), append(c.annotator, r.Annotator)
	c.setID, c.chain, c.body, c.deleted = append(c.setID, setID), append(c.chain, chain), append(c.body, body), append(c.deleted, r.Deleted)
}

// storedSeqs adds the sequence numbers of those of keys stored already to
// seqs.
func storedSeqs(ctx context.Context, tx pgx.Tx, keys []revisionKey, seqs map[revisionKey]int64) error {
	items, revs := make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		items[i], revs[i] = k.item, k.rev
	}
	rows, err := tx.Query(ctx, `SELECT r.item, r.rev, r.seq FROM unnest($1::text[], $2::text[]) AS k(item, rev)
		JOIN revisions AS r ON r.item = k.item AND r.rev = k.rev`, items, revs)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k revisionKey
		var seq int64
		if err := rows.Scan(&k.item, &k.rev, &seq); err != nil {
			return err
		}
		seqs[k] = seq
	}
	return rows.Err()
}

// txStored is annotations.Stored inside a transaction that holds the log's
// head: every look-up sees what is committed and what the transaction
// stored, and nothing another writer could change before it commits. A
// look-up of many items or revisions is one query, with arrays.
type txStored struct {
	ctx context.Context
	tx  pgx.Tx
	// known holds what HasRevisions answered: each revision asked about,
	// with its sequence number when stored (0 when not), so that
	// insertRevisions need not ask again.
	known map[revisionKey]int64
}

var _ annotations.Stored = (*txStored)(nil)

// ArticleText returns a stored article's text.
func (t *txStored) ArticleText(id string) ([]rune, bool, error) {
	var text string
	err := t.tx.QueryRow(t.ctx, `SELECT text FROM articles WHERE id = $1`, id).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return []rune(text), true, nil
}

// ItemKinds returns the kinds of those of items that set setID has.
func (t *txStored) ItemKinds(setID string, items []string) (map[string]annotations.Kind, error) {
	rows, err := t.tx.Query(t.ctx, `SELECT item, kind FROM items WHERE set_id = $1 AND item = ANY($2::text[])`, setID, items)
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
	keys := make([]revisionKey, len(revs))
	for i, r := range revs {
		keys[i] = revisionKey{r.Item, r.Rev}
		t.known[keys[i]] = 0
	}
	seqs := map[revisionKey]int64{}
	if err := storedSeqs(t.ctx, t.tx, keys, seqs); err != nil {
		return nil, err
	}
	out := make(map[annotations.RevisionRef]bool, len(seqs))
	for k, seq := range seqs {
		out[annotations.RevisionRef{Item: k.item, Rev: k.rev}] = true
		t.known[k] = seq
	}
	return out, nil
}

// SchemaRevisions returns the stored revisions of a set's schema item and
// of its project's.
func (t *txStored) SchemaRevisions(k annotations.SetKey) ([]annotations.Revision, error) {
	rows, err := t.tx.Query(t.ctx, `SELECT `+revisionColumns+` FROM revisions WHERE item IN ($1, $2) AND kind = 'schema' ORDER BY seq`,
		annotations.SchemaItemID(k), annotations.ProjectSchemaItemID(k.Project))
	if err != nil {
		return nil, err
	}
	revs, _, err := scanRevisions(rows)
	if err != nil {
		return nil, fmt.Errorf("read the schema of the set of %q on article %s: %w", k.Annotator, k.ArticleID, err)
	}
	return revs, nil
}
