package sqlite

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// addProjectSchemas is migration 8 → 9: a project's schema is a revision
// of no article and no annotator (annotations.ProjectKey), so revisions no
// longer declare article_id a foreign key (SQLite cannot drop one: the
// table is rebuilt with its sequence numbers, and two triggers keep what
// the key kept: a revision's article exists, and an annotated article is
// not deleted). The Default project then gets the union of its sets'
// schemas as its schema (annotations.UnionSchemas), so that every set
// keeps every label it had.
func addProjectSchemas(tx *sql.Tx) error {
	var last sql.NullInt64
	if err := tx.QueryRow(`SELECT seq FROM sqlite_sequence WHERE name = 'revisions'`).Scan(&last); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := tx.Exec(`
CREATE TABLE revisions_new (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	rev        TEXT NOT NULL,
	parent     TEXT NOT NULL DEFAULT '',
	item       TEXT NOT NULL,
	kind       TEXT NOT NULL,
	article_id TEXT NOT NULL,
	annotator  TEXT NOT NULL,
	deleted    INTEGER NOT NULL DEFAULT 0,
	body       TEXT,
	set_id     TEXT NOT NULL DEFAULT '',
	chain      TEXT NOT NULL DEFAULT '',
	project    TEXT NOT NULL DEFAULT '',
	UNIQUE (item, rev)
);
INSERT INTO revisions_new (seq, rev, parent, item, kind, article_id, annotator, deleted, body, set_id, chain, project)
	SELECT seq, rev, parent, item, kind, article_id, annotator, deleted, body, set_id, chain, project FROM revisions ORDER BY seq;
DROP TABLE revisions;
ALTER TABLE revisions_new RENAME TO revisions;
CREATE INDEX revisions_by_annotator ON revisions (annotator, seq);
CREATE INDEX revisions_by_set ON revisions (article_id, annotator, seq);
CREATE INDEX revisions_by_set_id ON revisions (set_id, seq);
CREATE INDEX revisions_by_project ON revisions (project, annotator, seq);
CREATE TRIGGER revisions_need_article BEFORE INSERT ON revisions
	WHEN NEW.article_id != '' AND NOT EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id)
	BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: no article for the revision'); END;
CREATE TRIGGER articles_keep_annotated BEFORE DELETE ON articles
	WHEN EXISTS (SELECT 1 FROM revisions WHERE article_id = OLD.id)
	BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: the article has revisions'); END;
`); err != nil {
		return err
	}
	if last.Valid {
		if _, err := tx.Exec(`UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'revisions'`, last.Int64); err != nil {
			return err
		}
	}
	return addDefaultSchema(tx)
}

// addDefaultSchema stores the Default project's schema: the union of the
// schemas its sets have (the default one first when a set has none of its
// own), in the order Resolve gives their items; nothing when no set has a
// schema of its own.
func addDefaultSchema(tx *sql.Tx) error {
	rows, err := tx.Query(`SELECT ` + revisionColumnsBeforeAt + ` FROM revisions WHERE kind = 'schema' AND project = '' AND article_id != '' ORDER BY set_id, seq`)
	if err != nil {
		return err
	}
	revs, _, err := scanRevisions(rows)
	if err != nil {
		return err
	}
	var schemas []annotations.Schema
	for _, st := range annotations.Resolve(revs) {
		if st.Winner.Deleted {
			continue
		}
		sc, err := st.Winner.Schema()
		if err != nil || sc.Validate() != nil {
			continue // a set whose schema does not resolve kept the default
		}
		schemas = append(schemas, sc)
	}
	if len(schemas) == 0 {
		return nil
	}
	// A set without a schema of its own has the default one.
	var sets int
	if err := tx.QueryRow(`SELECT count(DISTINCT set_id) FROM revisions WHERE project = '' AND article_id != ''`).Scan(&sets); err != nil {
		return err
	}
	if sets > len(schemas) {
		schemas = append([]annotations.Schema{annotations.DefaultSchema()}, schemas...)
	}
	union := annotations.UnionSchemas(schemas...)
	r, err := annotations.NewSchemaRevision("", annotations.ProjectKey(""), union)
	if err != nil {
		return fmt.Errorf("the Default project's schema: %w", err)
	}
	var chain string
	if err := tx.QueryRow(`SELECT chain FROM revisions ORDER BY seq DESC LIMIT 1`).Scan(&chain); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO revisions (rev, parent, item, kind, project, article_id, annotator, set_id, deleted, body, chain) VALUES (?, '', ?, 'schema', '', '', '', ?, 0, ?, ?)`,
		r.ID, r.Item, r.SetID(), string(r.Body), api.NextChain(chain, r)); err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO items (set_id, item, kind) VALUES (?, ?, 'schema')`, r.SetID(), r.Item)
	return err
}
