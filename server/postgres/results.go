package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/gloss-annotate/gloss/server"
	"github.com/jackc/pgx/v5"
)

// Result returns the value kept under key and its tag.
func (s *Store) Result(ctx context.Context, key string) (string, []byte, error) {
	var tag string
	var value []byte
	err := s.pool.QueryRow(ctx, `SELECT tag, value FROM results WHERE key = $1`, key).Scan(&tag, &value)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, server.ErrNotFound
	}
	return tag, value, err
}

// PutResult keeps value under key with tag.
func (s *Store) PutResult(ctx context.Context, key, tag string, value []byte) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO results (key, tag, value) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET tag = excluded.tag, value = excluded.value`, key, tag, value)
	return storageError(err)
}

// resultLocks is the first key of Exclusively's advisory locks (the
// second is a hash of the key), apart from the migrations' lock, which
// has one key.
const resultLocks = 0x676c6f73 // "glos"

// Exclusively runs fn holding a session-level advisory lock of key on one
// connection of the pool, which every replica's Exclusively of the same key
// waits for (a hash collision of two keys only makes one wait for the
// other). When the lock cannot be released, the connection is closed,
// which releases it.
func (s *Store) Exclusively(ctx context.Context, key string, fn func(context.Context) error) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, hashtext($2))`, resultLocks, key); err != nil {
		return fmt.Errorf("wait for %s: %w", key, err)
	}
	defer func() {
		if _, err := conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1, hashtext($2))`, resultLocks, key); err != nil {
			conn.Conn().Close(context.Background())
		}
	}()
	return fn(ctx)
}
