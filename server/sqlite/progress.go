package sqlite

import (
	"context"

	"github.com/gloss-annotate/gloss/annotations"
)

// ProgressRevisions returns every revision of the project, in commit
// order, with the bodies of status and assignment revisions only.
func (s *Store) ProgressRevisions(ctx context.Context, project string) ([]annotations.Revision, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT seq, rev, parent, item, kind, project, article_id, annotator, deleted,
		CASE WHEN kind IN (?, ?) THEN body END, at FROM revisions WHERE project = ? ORDER BY seq`,
		string(annotations.KindStatus), string(annotations.KindAssignment), project)
	if err != nil {
		return nil, err
	}
	revs, _, err := scanRevisions(rows)
	return revs, err
}
