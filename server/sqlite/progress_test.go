package sqlite_test

import (
	"context"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
)

// TestProgressRevisions: a project's revisions, its own and its sets',
// come in commit order with their times, the bodies of status and
// assignment revisions only; another project's are left out.
func TestProgressRevisions(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	a := article(t, "", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	if _, _, err := s.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	key := annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}
	mention := entity(t, a, "ann", item1, "PER", 0, 13)
	mention.At = 1000
	status, err := annotations.NewStatusRevision("", key, annotations.StatusItem{State: annotations.WorkDone})
	if err != nil {
		t.Fatal(err)
	}
	status.At = 2000
	assign, err := annotations.NewAssignmentRevision("", "", annotations.Assignment{ArticleID: a.ID, Annotators: []string{"ann"}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := annotations.NewStatusRevision("", annotations.SetKey{Project: "climate", ArticleID: a.ID, Annotator: "ann"}, annotations.StatusItem{State: annotations.WorkDone})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []annotations.Revision{mention, status, assign, other} {
		if st, err := s.PutRevisions(ctx, []annotations.Revision{r}); err != nil || st[0].Problem != nil {
			t.Fatalf("PutRevisions(%s): %+v, %v", r.Kind, st, err)
		}
	}
	got, err := s.ProgressRevisions(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	noBody := mention
	noBody.Body = nil
	want := []annotations.Revision{noBody, status, assign}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ProgressRevisions (-want +got):\n%s", diff)
	}
}
