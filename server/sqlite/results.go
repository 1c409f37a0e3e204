package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/gloss-annotate/gloss/server"
)

// addResults is migration 16 → 17: what the server computes and serves
// many times (server.Results: a project's model), kept across restarts.
const addResults = `
CREATE TABLE results (
	key   TEXT PRIMARY KEY,
	tag   TEXT NOT NULL,
	value BLOB NOT NULL
) WITHOUT ROWID;
`

// Result returns the value kept under key and its tag.
func (s *Store) Result(ctx context.Context, key string) (string, []byte, error) {
	var tag string
	var value []byte
	err := s.read.QueryRowContext(ctx, `SELECT tag, value FROM results WHERE key = ?`, key).Scan(&tag, &value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, server.ErrNotFound
	}
	return tag, value, err
}

// PutResult keeps value under key with tag.
func (s *Store) PutResult(ctx context.Context, key, tag string, value []byte) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO results (key, tag, value) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET tag = excluded.tag, value = excluded.value`, key, tag, value)
		return err
	})
}

// Exclusively runs fn while no other call with key runs. One process
// serves a SQLite database, so a lock in its memory is every replica's.
func (s *Store) Exclusively(ctx context.Context, key string, fn func(context.Context) error) error {
	s.keyLocksMu.Lock()
	if s.keyLocks == nil {
		s.keyLocks = map[string]chan struct{}{}
	}
	lock := s.keyLocks[key]
	if lock == nil {
		lock = make(chan struct{}, 1)
		s.keyLocks[key] = lock
	}
	s.keyLocksMu.Unlock()
	select {
	case lock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-lock }()
	return fn(ctx)
}
