package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/server/sqlite"
)

// countIn counts the articles of the SQLite file path, which it opens
// read only.
func countIn(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err != nil {
		t.Fatalf("count the articles of %s: %v", path, err)
	}
	return n
}

// names lists the files in dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestBackup: the copy holds the articles, which Backup counts, and only
// its owner may read it.
func TestBackup(t *testing.T) {
	s := openStore(t, t.TempDir())
	for i := range 3 {
		storeArticle(t, s, article(t, fmt.Sprintf("Headline %d", i), fmt.Sprintf("Angela Merkel met Emmanuel Macron in Paris %d times.", i), t0.Add(time.Duration(i)*time.Minute)))
	}
	path := filepath.Join(t.TempDir(), "bk.db")
	n, err := s.Backup(context.Background(), path)
	if err != nil || n != 3 {
		t.Fatalf("Backup = %d, %v; want 3 articles", n, err)
	}
	if got := countIn(t, path); got != 3 {
		t.Errorf("the copy holds %d articles, want 3", got)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the copy's mode: %v (%v), want 0600", info.Mode(), err)
	}
}

// TestBackupRefusesExistingFiles: a backup to a file that exists, or next
// to a journal of it an earlier backup left, is refused, and changes
// nothing.
func TestBackupRefusesExistingFiles(t *testing.T) {
	s := openStore(t, t.TempDir())
	for _, existing := range []string{"bk.db", "bk.db-journal", "bk.db-wal"} {
		t.Run(existing, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "bk.db")
			if err := os.WriteFile(filepath.Join(dir, existing), []byte("before"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := s.Backup(context.Background(), path)
			if err == nil || !strings.Contains(err.Error(), existing+" exists already") {
				t.Errorf("Backup next to %s: %v, want it refused, naming the file", existing, err)
			}
			if got := names(t, dir); !slices.Equal(got, []string{existing}) {
				t.Errorf("after the refused backup, the folder holds %q, want only %s", got, existing)
			}
			if b, err := os.ReadFile(filepath.Join(dir, existing)); err != nil || string(b) != "before" {
				t.Errorf("the refused backup changed %s: %q (%v)", existing, b, err)
			}
		})
	}
}

// TestBackupCountsTheCopy: an article stored while the copy is written
// (after its snapshot) is neither in the copy nor in the count.
func TestBackupCountsTheCopy(t *testing.T) {
	s := openStore(t, t.TempDir())
	storeArticle(t, s, article(t, "Before", "Angela Merkel met Emmanuel Macron in Paris.", t0))
	sqlite.SetBackupStep(t, func(ctx context.Context, path string, vacuum func() error) error {
		if err := vacuum(); err != nil {
			return err
		}
		storeArticle(t, s, article(t, "During", "Paris is in France.", t0.Add(time.Minute)))
		return nil
	})
	path := filepath.Join(t.TempDir(), "bk.db")
	n, err := s.Backup(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	live, err := s.CountArticles(context.Background())
	if err != nil || live != 2 {
		t.Fatalf("the store holds %d articles (%v), want 2", live, err)
	}
	if copied := countIn(t, path); n != copied || n != 1 {
		t.Errorf("Backup counted %d articles; the copy holds %d, want 1", n, copied)
	}
}

// TestBackupTargetFull: a backup whose disk fills up as it writes the copy
// (SQLITE_FULL writing the file, and its journal left behind) says that
// the backup's target is full, and removes the file and the journal; a
// file that was in the folder before stays.
func TestBackupTargetFull(t *testing.T) {
	s := openStore(t, t.TempDir())
	storeArticle(t, s, article(t, "Stored", "Angela Merkel met Emmanuel Macron in Paris.", t0))
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db-journal")
	if err := os.WriteFile(other, []byte("before"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "bk.db")
	t.Run("full", func(t *testing.T) {
		var left []string
		sqlite.SetBackupStep(t, func(ctx context.Context, path string, vacuum func() error) error {
			// Writes into the file until SQLite finds its disk full, as
			// VACUUM INTO does on a full disk; the persistent journal
			// stays.
			db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(PERSIST)")
			if err != nil {
				return err
			}
			defer func() { left = names(t, dir) }()
			defer db.Close()
			db.SetMaxOpenConns(1)
			if _, err := db.Exec(`CREATE TABLE t (x TEXT)`); err != nil {
				return err
			}
			var limit int
			if err := db.QueryRow(`PRAGMA max_page_count = 4`).Scan(&limit); err != nil {
				return err
			}
			_, err = db.Exec(`INSERT INTO t VALUES (?)`, strings.Repeat("x", 100000))
			return err
		})
		n, err := s.Backup(context.Background(), path)
		if err == nil || !strings.Contains(err.Error(), "the backup's target is full") || !strings.Contains(err.Error(), path) {
			t.Errorf("Backup to a full disk = %d, %v; want an error saying the backup's target is full", n, err)
		}
		if !slices.Contains(left, "bk.db") || !slices.Contains(left, "bk.db-journal") {
			t.Fatalf("the failing step left %q, want bk.db and bk.db-journal (the test is wrong)", left)
		}
		if got := names(t, dir); !slices.Equal(got, []string{"other.db-journal"}) {
			t.Errorf("after the failed backup, the folder holds %q, want only the file that was there", got)
		}
	})
	// The same backup, with room, now succeeds: nothing is in its way.
	if n, err := s.Backup(context.Background(), path); err != nil || n != 1 {
		t.Errorf("the backup again, with room: %d, %v; want 1 article", n, err)
	}
}
