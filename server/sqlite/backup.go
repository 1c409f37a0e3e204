package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Backup writes a consistent copy of the database to the file path, while
// the store keeps serving, and returns how many articles the copy holds
// (counted in the copy, so writes committed meanwhile are not counted).
// SQLite's VACUUM INTO reads one snapshot, so writes committed meanwhile
// are not in the copy, and none is half in it. Put back in place of
// FileName, with the server stopped, the copy is the database as it was.
//
// Neither path nor its SQLite journals (path-journal, path-wal) may exist:
// a leftover journal would be applied to the copy. The file is made
// readable by its owner only, whatever the umask, as it holds password and
// session hashes. A failed backup removes the file and the journals it
// wrote, never a file that was there before.
func (s *Store) Backup(ctx context.Context, path string) (articles int, err error) {
	for _, p := range []string{path, path + "-journal", path + "-wal"} {
		if _, err := os.Lstat(p); err == nil {
			return 0, fmt.Errorf("%s exists already: give a new file (or remove it, if an earlier backup left it)", p)
		}
	}
	// The file is created empty, which VACUUM INTO takes, rather than by
	// SQLite, which would make it 0644 less the umask: created 0600, no
	// one else can open it even while it is written, and SQLite gives its
	// journal the file's mode. O_EXCL refuses a file made since the check.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return 0, fmt.Errorf("%s exists already: give a new file", path)
	}
	if err != nil {
		return 0, fmt.Errorf("create the backup: %w", err)
	}
	err = f.Chmod(0o600) // a umask such as 0277 took the owner's write
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = vacuumInto(ctx, s.read, path)
	}
	if err == nil {
		articles, err = countArticlesIn(ctx, path)
	}
	if err != nil {
		// Nothing here was there before: the checks above refused path
		// and its journals, and O_EXCL a path made since.
		var left []error
		for _, p := range []string{path, path + "-journal", path + "-wal"} {
			if rerr := os.Remove(p); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
				left = append(left, rerr)
			}
		}
		return 0, backupError(path, err, errors.Join(left...))
	}
	return articles, nil
}

// vacuumInto writes the copy of db to path, an empty file, for Backup;
// tests replace it (export_test.go).
var vacuumInto = func(ctx context.Context, db *sql.DB, path string) error {
	_, err := db.ExecContext(ctx, `VACUUM INTO ?`, path)
	return err
}

// countArticlesIn counts the articles of the SQLite file path, opened read
// only.
func countArticlesIn(ctx context.Context, path string) (int, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, err
	}
	// A URI, its path escaped, so that a ? or # in the name is no query.
	slashed := filepath.ToSlash(abs)
	if !strings.HasPrefix(slashed, "/") {
		slashed = "/" + slashed // Windows' C:/…
	}
	uri := "file:" + (&url.URL{Path: slashed}).EscapedPath() + "?mode=ro"
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the copy's articles: %w", err)
	}
	return n, nil
}

// backupError says what went wrong writing the backup path, and whether
// removing what it wrote failed too (removeErr): when SQLite found the
// disk full, it is the backup's disk, which the database does not write,
// so the database itself is not said to be full.
func backupError(path string, err, removeErr error) error {
	cleanup := "; the partial backup was removed"
	if removeErr != nil {
		cleanup = fmt.Sprintf("; removing the partial backup failed too (%v): remove it by hand", removeErr)
	}
	var e *sqlite.Error
	if errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_FULL {
		return fmt.Errorf("back up to %s: the backup's target is full, not the database (%v): free space in %s or write the backup to another disk%s", path, err, filepath.Dir(path), cleanup)
	}
	return fmt.Errorf("back up to %s: %w%s", path, err, cleanup)
}
