package postgres

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/jackc/pgx/v5"
)

var _ server.Copier = (*Store)(nil)

// storedOrder is the column that orders a table's rows as they were
// stored, for the tables where that order means something: articles of
// equal times are listed newest stored first, revisions are the log.
var storedOrder = map[string]string{"articles": "seq", "revisions": "seq"}

// ReadTables calls fn with every row of tables, in one read-only
// transaction of repeatable read: one snapshot, whatever replicas write
// meanwhile.
func (s *Store) ReadTables(ctx context.Context, tables []server.CopyTable, fn func(server.CopyRow) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
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
	})
}

func readRows(ctx context.Context, tx pgx.Tx, query string, t *server.CopyTable, fn func(server.CopyRow) error) error {
	rows, err := tx.Query(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		values, err := rows.Values()
		if err != nil {
			return err
		}
		for i, v := range values {
			if n, ok := v.(int32); ok { // INTEGER columns: every store's integers are int64
				values[i] = int64(n)
			}
		}
		if err := fn(server.CopyRow{Table: t, Values: values}); err != nil {
			return err
		}
	}
	return rows.Err()
}

// WriteTables stores rows into the empty database, in one transaction
// that holds the log's head, with PostgreSQL's COPY; revisions
// keep their sequence numbers and history hashes, and the head moves to
// the last.
func (s *Store) WriteTables(ctx context.Context, tables []server.CopyTable, rows iter.Seq2[server.CopyRow, error]) error {
	return s.inLogTx(ctx, func(tx pgx.Tx) error {
		if _, err := lockLog(ctx, tx); err != nil {
			return err
		}
		var held int
		if err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM revisions)
			+ (SELECT count(*) FROM users) + (SELECT count(*) FROM projects WHERE id != $1)`, api.DefaultProject).Scan(&held); err != nil {
			return err
		}
		if held > 0 {
			return server.ErrNotEmpty
		}
		if _, err := tx.Exec(ctx, `DELETE FROM projects`); err != nil {
			return err
		}
		// One COPY a table (pgx.CopyFrom), fed from the rows as they come:
		// the rows are read table by table.
		next, stop := iter.Pull2(rows)
		defer stop()
		r, err, more := next()
		for more {
			if err != nil {
				return err
			}
			table := r.Table
			pending := &r
			source := pgx.CopyFromFunc(func() ([]any, error) {
				if pending != nil {
					values := pending.Values
					pending = nil
					return values, nil
				}
				r, err, more = next()
				if !more || err != nil || r.Table.Name != table.Name {
					return nil, err
				}
				return r.Values, nil
			})
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{table.Name}, table.Columns, source); err != nil {
				return fmt.Errorf("copy the rows of %s: %w", table.Name, err)
			}
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE log_head SET seq = coalesce((SELECT max(seq) FROM revisions), 0),
			chain = coalesce((SELECT chain FROM revisions ORDER BY seq DESC LIMIT 1), '')`)
		return err
	})
}
