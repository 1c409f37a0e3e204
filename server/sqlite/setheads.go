package sqlite

import (
	"context"

	"github.com/gloss-annotate/gloss/server"
)

// SetHeads lists the head of every set of the project, by article and
// annotator: one query, on the revisions' project index.
func (s *Store) SetHeads(ctx context.Context, project string) ([]server.SetHead, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT article_id, annotator, max(seq) FROM revisions
		WHERE project = ? AND article_id != '' GROUP BY article_id, annotator ORDER BY article_id, annotator`, project)
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
