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

// openWithArticle opens a store in a temporary folder (closed when the test
// ends) and returns it with an article its tests annotate.
func openWithArticle(t *testing.T) (*sqlite.Store, annotations.Article) {
	t.Helper()
	store, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	a, err := annotations.NewArticle("A", "Angela Merkel met Emmanuel Macron.", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return store, a
}

func TestSetHeads(t *testing.T) {
	store, a := openWithArticle(t)
	ctx := context.Background()
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

// TestStatusRevisions: the status revisions of a project's sets, in a
// range of sequence numbers, and nothing else.
func TestStatusRevisions(t *testing.T) {
	store, a := openWithArticle(t)
	ctx := context.Background()
	status := func(project, annotator, parent string, state annotations.WorkState) annotations.Revision {
		t.Helper()
		r, err := annotations.NewStatusRevision(parent, annotations.SetKey{Project: project, ArticleID: a.ID, Annotator: annotator}, annotations.StatusItem{State: state})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	span, err := annotations.NewSpan([]rune(a.Text), 0, 13)
	if err != nil {
		t.Fatal(err)
	}
	mention, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ana"}, annotations.Entity{ID: "00000000-0000-4000-8000-000000000001", Span: span, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	anaDone := status("", "ana", "", annotations.WorkDone)
	revs := []annotations.Revision{
		mention, // 1: not a status
		anaDone, // 2
		status("climate", "ana", "", annotations.WorkDone),        // 3: another project
		status("", "bo", "", annotations.WorkDone),                // 4
		status("", "ana", anaDone.ID, annotations.WorkInProgress), // 5: reopened
	}
	if _, err := store.Import(ctx, []annotations.Article{a}, revs); err != nil {
		t.Fatal(err)
	}
	ids := func(after, through int64) []string {
		t.Helper()
		got, err := store.StatusRevisions(ctx, "", after, through)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range got {
			if r.Kind != annotations.KindStatus || len(r.Body) == 0 {
				t.Errorf("revision %+v: want a status with its body", r)
			}
			out = append(out, r.ID)
		}
		return out
	}
	for _, tt := range []struct {
		after, through int64
		want           []string
	}{
		{0, 5, []string{revs[1].ID, revs[3].ID, revs[4].ID}},
		{2, 5, []string{revs[3].ID, revs[4].ID}},
		{0, 3, []string{revs[1].ID}},
		{5, 10, nil},
	} {
		if diff := cmp.Diff(tt.want, ids(tt.after, tt.through)); diff != "" {
			t.Errorf("StatusRevisions(%d, %d) (-want +got):\n%s", tt.after, tt.through, diff)
		}
	}
}
