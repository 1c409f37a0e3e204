package sqlite

import (
	"context"

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
