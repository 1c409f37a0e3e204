package postgres

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server/postgres/pgtest"
)

// TestDump dumps a database, refuses to dump over the file, and restores
// the dump with pg_restore into a new database, which has the articles.
func TestDump(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Database(t)
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var stored []annotations.Article
	for i, title := range []string{"First Headline Here", "Second Headline Here"} {
		a, err := annotations.NewArticle(title, title+"\n\nSome text.", time.Date(2026, 1, 2, 3, 4, 5, 6+i, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, a)
	}
	path := filepath.Join(t.TempDir(), "gloss.dump")
	if n, err := Dump(ctx, dsn, path); err != nil || n != len(stored) {
		t.Fatalf("Dump = %d, %v; want %d articles", n, err, len(stored))
	}
	dump, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(dump, []byte("PGDMP")) {
		t.Errorf("the dump starts %q, not with the custom format's PGDMP", dump[:min(len(dump), 5)])
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the dump's mode: %v (%v), want 0600", info.Mode(), err)
	}

	if _, err := Dump(ctx, dsn, path); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("a dump over a file: %v, want it refused", err)
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, dump) {
		t.Errorf("the refused dump changed the file (%v)", err)
	}

	r := restoreDump(t, path)
	if n, err := r.CountArticles(ctx); err != nil || n != len(stored) {
		t.Errorf("the restored database has %d articles (%v), want %d", n, err, len(stored))
	}
	for _, a := range stored {
		got, err := r.Article(ctx, a.ID)
		if err != nil || got != a {
			t.Errorf("restored article %s: %+v (%v), want %+v", a.ID, got, err, a)
		}
	}
}

// TestDumpCountsTheCopy: an article stored while the dump runs, after
// its snapshot, is neither in the dump nor in the count Dump returns.
func TestDumpCountsTheCopy(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Database(t)
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put := func(title string, created time.Time) {
		t.Helper()
		a, err := annotations.NewArticle(title, title+"\n\nSome text.", created)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	put("Before The Dump", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	afterSnapshot = func() { put("During The Dump", time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC)) }
	defer func() { afterSnapshot = nil }()
	path := filepath.Join(t.TempDir(), "gloss.dump")
	n, err := Dump(ctx, dsn, path)
	if err != nil {
		t.Fatal(err)
	}
	if live, err := s.CountArticles(ctx); err != nil || live != 2 {
		t.Fatalf("the database holds %d articles (%v), want 2", live, err)
	}
	r := restoreDump(t, path)
	if copied, err := r.CountArticles(ctx); err != nil || n != copied || n != 1 {
		t.Errorf("Dump counted %d articles; the dump holds %d (%v), want 1", n, copied, err)
	}
}

// TestDumpFailureLeavesNoFile: pg_dump's error is returned with what it
// printed, and no file is left.
func TestDumpFailureLeavesNoFile(t *testing.T) {
	dsn := pgtest.Database(t)
	missing := strings.Replace(dsn, "dbname=", "dbname=no_such_", 1)
	path := filepath.Join(t.TempDir(), "gloss.dump")
	_, err := Dump(context.Background(), missing, path)
	if err == nil || !strings.Contains(err.Error(), "pg_dump") || !strings.Contains(err.Error(), "no_such_") {
		t.Errorf("a dump of no database: %v, want pg_dump's error naming it", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the failed dump left %s (%v)", path, err)
	}
}

func TestSplitPassword(t *testing.T) {
	tests := []struct {
		dsn, conninfo, password string
	}{
		{"postgres://ana:s3cret@db.example.org:5433/gloss?sslmode=require", "postgres://ana@db.example.org:5433/gloss?sslmode=require", "s3cret"},
		{"postgresql://ana@db/gloss?password=p%40ss&sslmode=disable", "postgresql://ana@db/gloss?sslmode=disable", "p@ss"},
		{"postgres://db/gloss", "postgres://db/gloss", ""},
		{"host=/tmp user=gloss password=x dbname=g", "host=/tmp user=gloss password=x dbname=g", ""},
	}
	for _, tt := range tests {
		conninfo, password := splitPassword(tt.dsn)
		if conninfo != tt.conninfo || password != tt.password {
			t.Errorf("splitPassword(%q) = %q, %q; want %q, %q", tt.dsn, conninfo, password, tt.conninfo, tt.password)
		}
	}
}

func TestClientProgram(t *testing.T) {
	p, err := ClientProgram("pg_dump")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p) != "pg_dump" {
		t.Errorf("ClientProgram(pg_dump) = %q", p)
	}
	if _, err := ClientProgram("pg_no_such_program"); err == nil || !strings.Contains(err.Error(), "postgresql-client") {
		t.Errorf("a missing program: %v, want how to install it", err)
	}
}

// restoreDump restores the dump at path into a new database with
// pg_restore and opens it; the test closes it.
func restoreDump(t *testing.T, path string) *Store {
	t.Helper()
	restored := pgtest.Database(t)
	pgRestore, err := ClientProgram("pg_restore")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pgRestore, "--dbname", restored, path).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	r, err := Open(context.Background(), restored)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
