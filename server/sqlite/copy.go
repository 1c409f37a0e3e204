package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strings"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
)

var _ server.Copier = (*Store)(nil)

// storedOrder is the column that orders a table's rows as they were
// stored, for the tables where that order means something: articles of
// equal times are listed newest stored first, revisions are the log.
var storedOrder = map[string]string{"articles": "rowid", "revisions": "seq"}

// ReadTables calls fn with every row of tables, in one transaction.
func (s *Store) ReadTables(ctx context.Context, tables []server.CopyTable, fn func(server.CopyRow) error) error {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i := range tables {
		t := &tables[i]
		q := `SELECT ` + strings.Join(t.Columns, ", ") + ` FROM ` + t.Name
		if col, ok := storedOrder[t.Name]; ok {
			q += ` ORDER BY ` + col
		}
		if err := readRows(ctx, tx, q, t, fn); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
	}
	return nil
}

func readRows(ctx context.Context, tx *sql.Tx, query string, t *server.CopyTable, fn func(server.CopyRow) error) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		values := make([]any, len(t.Columns))
		ptrs := make([]any, len(values))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range values {
			if b, ok := v.([]byte); ok { // text the driver gave as bytes
				values[i] = string(b)
			}
		}
		if err := fn(server.CopyRow{Table: t, Values: values}); err != nil {
			return err
		}
	}
	return rows.Err()
}

// WriteTables stores rows into the empty store, in one transaction, one
// prepared insert a table; revisions keep their sequence numbers (and
// SQLite's sequence moves past them).
func (s *Store) WriteTables(ctx context.Context, tables []server.CopyTable, rows iter.Seq2[server.CopyRow, error]) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var held int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM revisions)
			+ (SELECT count(*) FROM users) + (SELECT count(*) FROM projects WHERE id != ?)`, api.DefaultProject).Scan(&held); err != nil {
			return err
		}
		if held > 0 {
			return server.ErrNotEmpty
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM projects`); err != nil {
			return err
		}
		inserts := map[string]*sql.Stmt{}
		defer func() {
			for _, st := range inserts {
				st.Close()
			}
		}()
		for r, err := range rows {
			if err != nil {
				return err
			}
			st := inserts[r.Table.Name]
			if st == nil {
				q := `INSERT INTO ` + r.Table.Name + ` (` + strings.Join(r.Table.Columns, ", ") + `) VALUES (?` + strings.Repeat(", ?", len(r.Table.Columns)-1) + `)`
				if st, err = tx.PrepareContext(ctx, q); err != nil {
					return err
				}
				inserts[r.Table.Name] = st
			}
			if _, err := st.ExecContext(ctx, r.Values...); err != nil {
				return fmt.Errorf("copy a row of %s: %w", r.Table.Name, err)
			}
		}
		return nil
	})
}
