package sqlite

import (
	"context"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
)

// SetHeads lists the head of every set of the project with a revision
// after the sequence number after, by article and annotator, in one query:
// over the project's index for every set (after 0), over the revisions
// after after only (a range of the primary key; NOT INDEXED keeps SQLite
// from scanning the project's index instead) for the sets that changed.
func (s *Store) SetHeads(ctx context.Context, project string, after int64) ([]server.SetHead, error) {
	from := `revisions`
	if after > 0 {
		from = `revisions NOT INDEXED`
	}
	rows, err := s.read.QueryContext(ctx, `SELECT article_id, annotator, max(seq) FROM `+from+`
		WHERE seq > ? AND project = ? AND article_id != '' GROUP BY article_id, annotator ORDER BY article_id, annotator`, after, project)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.SetHead
	for rows.Next() {
		h := server.SetHead{Set: server.SetRef{Project: project}}
		if err := rows.Scan(&h.Set.ArticleID, &h.Set.Annotator, &h.Seq); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// StatusRevisions returns the status revisions of the project's sets in
// (after, through], in commit order, over the partial index of status
// revisions (revisions_status): what it reads grows with the sets marked,
// not with their annotations. The kind is written out in the query, not
// bound, so that SQLite may use that index.
func (s *Store) StatusRevisions(ctx context.Context, project string, after, through int64) ([]annotations.Revision, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+revisionColumns+` FROM revisions
		WHERE project = ? AND kind = '`+string(annotations.KindStatus)+`' AND seq > ? AND seq <= ? AND article_id != '' ORDER BY seq`,
		project, after, through)
	if err != nil {
		return nil, err
	}
	revs, _, err := scanRevisions(rows)
	return revs, err
}
