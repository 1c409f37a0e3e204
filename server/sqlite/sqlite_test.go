package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/gloss-annotate/gloss/server/storetest"
	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func openStore(t *testing.T, dir string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// article returns a pasted article (storetest.Article).
var article = storetest.Article

// entity returns the first revision of a mention (storetest.Entity).
var entity = storetest.Entity

const item1 = "00000000-0000-4000-8000-000000000001"

// itemN returns a fixed UUID numbered n.
func itemN(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}

// storeArticle stores a and fails the test on error.
func storeArticle(t testing.TB, s *sqlite.Store, a annotations.Article) {
	t.Helper()
	if _, _, err := s.PutArticle(context.Background(), a); err != nil {
		t.Fatalf("PutArticle: %v", err)
	}
}

// TestArticlesContract runs the stores' article cases (server/storetest).
func TestArticlesContract(t *testing.T) {
	storetest.Articles(t, func(t *testing.T) storetest.ArticleStore { return openStore(t, t.TempDir()) })
}

// TestRevisionsContract runs the stores' revision cases (server/storetest).
func TestRevisionsContract(t *testing.T) {
	storetest.Revisions(t, func(t *testing.T) storetest.RevisionStore { return openStore(t, t.TempDir()) })
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data", "nested") // created by Open
	a := article(t, "Kept", "Angela Merkel met 🙂 Emmanuel Macron in Paris.", t0)
	r := entity(t, a, "ann", item1, "PER", 20, 35)

	s, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutRevisions(ctx, []annotations.Revision{r}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s = openStore(t, dir)
	got, err := s.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("article after reopening (-want +got):\n%s", diff)
	}
	page, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, server.Cursor{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]annotations.Revision{r}, page.Revisions); diff != "" {
		t.Errorf("revisions after reopening (-want +got):\n%s", diff)
	}
	statuses, err := s.PutRevisions(ctx, []annotations.Revision{r})
	if err != nil || len(statuses) != 1 || statuses[0].Status != api.StatusDuplicate {
		t.Errorf("replay after reopening = %v, %v; want duplicate", statuses, err)
	}
	if check, err := s.IntegrityCheck(ctx); err != nil || check != "ok" {
		t.Errorf("IntegrityCheck = %q, %v", check, err)
	}
}
