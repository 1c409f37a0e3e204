package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/google/go-cmp/cmp"
)

func TestSetHeads(t *testing.T) {
	store, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	a, err := annotations.NewArticle("A", "Angela Merkel met Emmanuel Macron.", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	put := func(project, annotator string, n int) {
		t.Helper()
		k := annotations.SetKey{Project: project, ArticleID: a.ID, Annotator: annotator}
		span, err := annotations.NewSpan([]rune(a.Text), 0, 6)
		if err != nil {
			t.Fatal(err)
		}
		r, err := annotations.NewEntityRevision("", k, annotations.Entity{ID: "00000000-0000-4000-8000-00000000000" + string(rune('0'+n)), Span: span, Label: "PER"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.Import(ctx, []annotations.Article{a}, []annotations.Revision{r}); err != nil {
			t.Fatal(err)
		}
	}
	put("", "bo", 1)
	put("", "ana", 2)
	put("", "bo", 3)
	put("climate", "ana", 4) // another project: not listed
	heads, err := store.SetHeads(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(heads) != 2 || heads[0].Set.Annotator != "ana" || heads[1].Set.Annotator != "bo" || heads[1].Seq <= heads[0].Seq {
		t.Fatalf("heads %+v: want ana's then bo's, bo's newer", heads)
	}
	// After ana's head, only bo's set changed.
	since, err := store.SetHeads(ctx, "", heads[0].Seq)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]server.SetHead{heads[1]}, since); diff != "" {
		t.Errorf("heads after %d (-want +got):\n%s", heads[0].Seq, diff)
	}
	none, err := store.SetHeads(ctx, "", heads[1].Seq+10)
	if err != nil || len(none) != 0 {
		t.Errorf("heads after the last: %v, %v; want none", none, err)
	}
}
