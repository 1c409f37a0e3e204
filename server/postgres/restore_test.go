package postgres_test

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/postgres"
	"github.com/gloss-annotate/gloss/server/postgres/pgtest"
	"github.com/gloss-annotate/gloss/server/storetest"
)

// TestRestoreCaughtByHistoryHash: a device that pulled after a pg_dump
// backup holds a cursor the restored database cannot serve: its number is
// past the restored log, or, once others pushed there, numbers other
// revisions, whose history hash differs. Either way the pull answers
// ErrCursorUnknown, and the device starts over (sending what it has
// again) rather than skip what it pulled before.
func TestRestoreCaughtByHistoryHash(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Database(t)
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := storetest.Article(t, "Restore", "Ana Lima met Rui Costa in Lisbon.", time.Now())
	if _, _, err := s.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	push := func(s server.Store, r annotations.Revision) int64 {
		t.Helper()
		stored, err := s.PutRevisions(ctx, []annotations.Revision{r})
		if err != nil || stored[0].Status != api.StatusApplied {
			t.Fatalf("push: %+v, %v", stored, err)
		}
		return stored[0].Seq
	}
	push(s, storetest.Entity(t, a, "ana", "00000000-0000-4000-8000-000000000001", "PER", 0, 8))
	backup := filepath.Join(t.TempDir(), "gloss.dump")
	if _, err := postgres.Dump(ctx, dsn, backup); err != nil {
		t.Fatal(err)
	}
	push(s, storetest.Entity(t, a, "ana", "00000000-0000-4000-8000-000000000002", "PER", 13, 22))
	page, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ana"}, api.Cursor{}, 100)
	if err != nil || len(page.Revisions) != 2 {
		t.Fatalf("pull before the restore: %d revisions, %v", len(page.Revisions), err)
	}
	device := page.Cursor

	restored := pgtest.Database(t)
	pgRestore, err := postgres.ClientProgram("pg_restore")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pgRestore, "--dbname", restored, backup).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	r, err := postgres.Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Changes(ctx, server.ChangeFilter{Annotator: "ana"}, device, 100); !errors.Is(err, server.ErrCursorUnknown) {
		t.Errorf("a cursor past the restored log: %v, want ErrCursorUnknown", err)
	}
	// Another device pushes to the restored database: the device's
	// number now names another revision.
	if seq := push(r, storetest.Entity(t, a, "rui", "00000000-0000-4000-8000-000000000003", "LOC", 26, 32)); seq != device.Seq {
		t.Fatalf("the push after the restore is numbered %d, want %d (the restored log's next)", seq, device.Seq)
	}
	if _, err := r.Changes(ctx, server.ChangeFilter{Annotator: "ana"}, device, 100); !errors.Is(err, server.ErrCursorUnknown) {
		t.Errorf("a cursor whose number names another history: %v, want ErrCursorUnknown", err)
	}
	// A cursor from before the backup is still good there.
	first, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ana"}, api.Cursor{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if next, err := r.Changes(ctx, server.ChangeFilter{Annotator: "ana"}, first.Cursor, 100); err != nil || len(next.Revisions) != 0 {
		t.Errorf("a cursor from before the backup: %d revisions, %v; want 0, nil", len(next.Revisions), err)
	}
}
