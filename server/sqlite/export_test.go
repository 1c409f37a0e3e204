package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
)

// SetMaxPageCount sets PRAGMA max_page_count on the store's write
// connection (SQLite keeps it at least the database's current size) and
// returns the limit now in force: 1 makes the database full as it is, as a
// full disk would, so that a write needing one more page fails with
// SQLITE_FULL. For tests only.
func SetMaxPageCount(s *Store, pages int64) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var limit int64
	err := s.write.QueryRow(fmt.Sprintf("PRAGMA max_page_count = %d", pages)).Scan(&limit)
	return limit, err
}

// SetBackupStep makes step, until t ends, the step of Backup that writes
// the copy to path (an empty file Backup made); vacuum is the step it
// replaces, SQLite's VACUUM INTO. For tests only.
func SetBackupStep(t testing.TB, step func(ctx context.Context, path string, vacuum func() error) error) {
	orig := vacuumInto
	vacuumInto = func(ctx context.Context, db *sql.DB, path string) error {
		return step(ctx, path, func() error { return orig(ctx, db, path) })
	}
	t.Cleanup(func() { vacuumInto = orig })
}
