package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/jackc/pgx/v5"
)

// revisionColumns are the columns scanRevisions reads.
const revisionColumns = `seq, rev, parent, item, kind, project, article_id, annotator, deleted, body, at`

// scanRevisions reads revisions and their sequence numbers, and closes
// rows.
func scanRevisions(rows pgx.Rows) ([]annotations.Revision, []int64, error) {
	defer rows.Close()
	var out []annotations.Revision
	var seqs []int64
	for rows.Next() {
		var r annotations.Revision
		var kind string
		var body *string
		var seq int64
		if err := rows.Scan(&seq, &r.ID, &r.Parent, &r.Item, &kind, &r.Project, &r.ArticleID, &r.Annotator, &r.Deleted, &body, &r.At); err != nil {
			return nil, nil, err
		}
		r.Kind = annotations.Kind(kind)
		if body != nil {
			r.Body = []byte(*body)
		}
		out = append(out, r)
		seqs = append(seqs, seq)
	}
	return out, seqs, rows.Err()
}

// queryRevisions runs a query that selects revisionColumns.
func (s *Store) queryRevisions(ctx context.Context, query string, args ...any) ([]annotations.Revision, []int64, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	return scanRevisions(rows)
}

// Changes returns up to limit revisions that filter chooses after since,
// in commit order. One statement reads them, in one snapshot, and the
// numbers a snapshot sees committed have no hole (see the package's
// documentation), so a revision committed after the page is numbered
// after it.
func (s *Store) Changes(ctx context.Context, filter server.ChangeFilter, since api.Cursor, limit int) (server.ChangePage, error) {
	return server.ReadChanges(server.ChangeLog{
		ChainAt: func(seq int64) (string, bool, error) {
			var chain string
			err := s.pool.QueryRow(ctx, `SELECT chain FROM revisions WHERE seq = $1`, seq).Scan(&chain)
			if errors.Is(err, pgx.ErrNoRows) {
				return "", false, nil
			}
			return chain, err == nil, err
		},
		After: func(after int64, limit int) ([]annotations.Revision, []int64, error) {
			// The annotator's revisions and the projects' own (their
			// schema: no annotator), which go to whoever reads sets of
			// the project: each an ordered range of the annotator's
			// index, merged (Merge Append). As one condition (annotator
			// IN ($1, '')), once ANALYZE had run, the planner's generic
			// plan walked the log in sequence order filtering by
			// annotator: 40 ms for one of 256 annotators' first page of
			// 64,000 revisions, against 0.3 ms now, and the pulls of 256
			// devices at once four times slower in the runs where
			// autovacuum had analyzed the table.
			where := `seq > $2`
			args := []any{filter.Annotator, after, limit}
			if filter.Projects != nil {
				where, args = where+` AND project = ANY($4::text[])`, append(args, filter.Projects)
			}
			if filter.Annotator == "" { // the projects' own only
				return s.queryRevisions(ctx, `SELECT `+revisionColumns+` FROM revisions WHERE annotator = $1 AND `+where+` ORDER BY seq LIMIT $3`, args...)
			}
			return s.queryRevisions(ctx, `SELECT `+revisionColumns+` FROM (
				(SELECT `+revisionColumns+` FROM revisions WHERE annotator = $1 AND `+where+` ORDER BY seq LIMIT $3)
				UNION ALL
				(SELECT `+revisionColumns+` FROM revisions WHERE annotator = '' AND `+where+` ORDER BY seq LIMIT $3)
			) AS page ORDER BY seq LIMIT $3`, args...)
		},
	}, since, limit)
}

// Sets lists the annotation sets with revisions, of one article when
// articleID is not "".
func (s *Store) Sets(ctx context.Context, articleID string) ([]server.SetRef, error) {
	var filter server.SetFilter
	if articleID != "" {
		filter.Articles = []string{articleID}
	}
	return s.SetsMatching(ctx, filter)
}

// SetsMatching lists the annotation sets with revisions that filter
// chooses, each list one array parameter.
func (s *Store) SetsMatching(ctx context.Context, filter server.SetFilter) ([]server.SetRef, error) {
	where := []string{`article_id != ''`} // a project's own revisions are no set
	var args []any
	for _, f := range []struct {
		column string
		values []string
	}{{"project", filter.Projects}, {"article_id", filter.Articles}, {"annotator", filter.Annotators}} {
		if len(f.values) == 0 {
			continue
		}
		args = append(args, f.values)
		where = append(where, fmt.Sprintf(`%s = ANY($%d::text[])`, f.column, len(args)))
	}
	return queryAll(ctx, s, func(row pgx.Row) (server.SetRef, error) {
		var ref server.SetRef
		err := row.Scan(&ref.Project, &ref.ArticleID, &ref.Annotator)
		return ref, err
	}, `SELECT DISTINCT project, article_id, annotator FROM revisions WHERE `+strings.Join(where, ` AND `)+` ORDER BY project, article_id, annotator`, args...)
}

// SetRevisions returns every revision of one set, and of its project's
// schema.
func (s *Store) SetRevisions(ctx context.Context, set server.SetRef) ([]annotations.Revision, error) {
	revs, _, err := s.queryRevisions(ctx, `SELECT `+revisionColumns+` FROM revisions WHERE set_id IN ($1, $2) ORDER BY seq`,
		set.ID(), annotations.ProjectKey(set.Project).ID())
	return revs, err
}

// ProgressRevisions returns every revision of the project, in commit
// order, with the bodies of status and assignment revisions only.
func (s *Store) ProgressRevisions(ctx context.Context, project string) ([]annotations.Revision, error) {
	revs, _, err := s.queryRevisions(ctx, `SELECT seq, rev, parent, item, kind, project, article_id, annotator, deleted,
		CASE WHEN kind IN ($1, $2) THEN body END, at FROM revisions WHERE project = $3 ORDER BY seq`,
		string(annotations.KindStatus), string(annotations.KindAssignment), project)
	return revs, err
}

// StatusRevisions returns the status revisions of the project's sets in
// (after, through], in commit order, over the partial index of status
// revisions (revisions_status). The kind is written out in the query, not
// bound, so that the planner may use that index.
func (s *Store) StatusRevisions(ctx context.Context, project string, after, through int64) ([]annotations.Revision, error) {
	revs, _, err := s.queryRevisions(ctx, `SELECT `+revisionColumns+` FROM revisions
		WHERE project = $1 AND kind = '`+string(annotations.KindStatus)+`' AND seq > $2 AND seq <= $3 AND article_id != '' ORDER BY seq`,
		project, after, through)
	return revs, err
}

// SetHeads lists the head of every set of the project with a revision
// after the sequence number after, by article and annotator, in one query.
func (s *Store) SetHeads(ctx context.Context, project string, after int64) ([]server.SetHead, error) {
	return queryAll(ctx, s, func(row pgx.Row) (server.SetHead, error) {
		h := server.SetHead{Set: server.SetRef{Project: project}}
		err := row.Scan(&h.Set.ArticleID, &h.Set.Annotator, &h.Seq)
		return h, err
	}, `SELECT article_id, annotator, max(seq) FROM revisions
		WHERE seq > $1 AND project = $2 AND article_id != '' GROUP BY article_id, annotator ORDER BY article_id, annotator`, after, project)
}

// DeleteArticle deletes the article id unless it has revisions, holding
// the log's head, so that no push stores a revision of it meanwhile.
func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	return s.inLogTx(ctx, func(tx pgx.Tx) error {
		if _, err := lockLog(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT DISTINCT annotator FROM revisions WHERE article_id = $1 ORDER BY annotator`, id)
		if err != nil {
			return err
		}
		annotators, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		if len(annotators) > 0 {
			return &server.AnnotatedError{Annotators: annotators}
		}
		tag, err := tx.Exec(ctx, `DELETE FROM articles WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return server.ErrNotFound
		}
		return nil
	})
}
