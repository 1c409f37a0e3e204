package sqlite_test

import (
	"context"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// TestImport stores new and known articles and revisions in one go: known
// articles stay as they were, known revisions are duplicates, and importing
// the same again changes nothing.
func TestImport(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	known := article(t, "Stored title", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	storeArticle(t, s, known)
	stored := entity(t, known, "ann", item1, "PER", 0, 13)
	if _, err := s.PutRevisions(ctx, []annotations.Revision{stored}); err != nil {
		t.Fatal(err)
	}
	again := known
	again.Title, again.Source = "Imported title", "import"
	fresh := article(t, "New", "Paris is in France.", t0)
	revs := []annotations.Revision{
		stored,
		entity(t, known, "ann", item2, "PER", 18, 33),
		entity(t, fresh, "bob", item3, "LOC", 0, 5),
	}

	res, err := s.Import(ctx, []annotations.Article{again, fresh}, revs)
	if err != nil {
		t.Fatal(err)
	}
	if want := (server.ImportResult{ArticlesCreated: 1, Applied: 2, Duplicate: 1}); res != want {
		t.Errorf("Import = %+v, want %+v", res, want)
	}
	got, err := s.Article(ctx, known.ID)
	if err != nil || got.Title != "Stored title" || got.Source != "paste" {
		t.Errorf("the stored article became %+v, %v; want it kept as it was", got, err)
	}
	if got, err := s.Article(ctx, fresh.ID); err != nil || got.Title != "New" {
		t.Errorf("the new article: %+v, %v", got, err)
	}
	sets, err := s.Sets(ctx, "")
	if err != nil || len(sets) != 2 {
		t.Errorf("sets %v, %v; want ann's and bob's", sets, err)
	}

	res, err = s.Import(ctx, []annotations.Article{again, fresh}, revs)
	if err != nil {
		t.Fatal(err)
	}
	if want := (server.ImportResult{Duplicate: 3}); res != want {
		t.Errorf("Import again = %+v, want %+v", res, want)
	}
	if res, err := s.Import(ctx, nil, nil); err != nil || res != (server.ImportResult{}) {
		t.Errorf("an empty Import = %+v, %v", res, err)
	}
}

// TestImportAllOrNothing: a revision that cannot be stored (its article is
// neither stored nor imported) leaves nothing of the import, articles
// included.
func TestImportAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	a := article(t, "", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	missing := article(t, "", "Never stored.", t0)
	good := entity(t, a, "ann", item1, "PER", 0, 13)
	orphan := entity(t, missing, "ann", item2, "MISC", 0, 5)
	if _, err := s.Import(ctx, []annotations.Article{a}, []annotations.Revision{good, orphan}); err == nil {
		t.Fatal("Import of a revision without its article succeeded")
	}
	if n, err := s.CountArticles(ctx); err != nil || n != 0 {
		t.Errorf("%d articles after the failed import (%v), want 0", n, err)
	}
	if sets, err := s.Sets(ctx, ""); err != nil || len(sets) != 0 {
		t.Errorf("sets after the failed import: %v, %v", sets, err)
	}
	res, err := s.Import(ctx, []annotations.Article{a}, []annotations.Revision{good})
	if diff := cmp.Diff(server.ImportResult{ArticlesCreated: 1, Applied: 1}, res); err != nil || diff != "" {
		t.Errorf("Import after the failure: %v (-want +got):\n%s", err, diff)
	}
}
