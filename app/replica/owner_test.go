package replica

import (
	"context"
	"slices"

	"github.com/gloss-annotate/gloss/annotations/api"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestProjectRevisionOwner: a project's own revision (its schema) is sent
// by the user who made it, and pulled by every member.
func TestProjectRevisionOwner(t *testing.T) {
	schema, err := annotations.NewSchemaRevision("", annotations.ProjectKey("climate"), annotations.DefaultSchema())
	if err != nil {
		t.Fatal(err)
	}
	a, err := annotations.NewArticle("", "Angela Merkel met Emmanuel Macron.", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	span, _ := annotations.NewSpan([]rune(a.Text), 0, 13)
	mention, err := annotations.NewEntityRevision("", annotations.SetKey{Project: "climate", ArticleID: a.ID, Annotator: "ann"}, annotations.Entity{ID: "00000000-0000-4000-8000-000000000001", Span: span, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		p    Pending
		want string
	}{
		{"a mention", Pending{Revision: mention, By: "mia"}, "ann"},
		{"the project's schema", Pending{Revision: schema, By: "mia"}, "mia"},
		{"the project's schema, maker unknown", Pending{Revision: schema}, ""},
	} {
		if got := tt.p.Owner(); got != tt.want {
			t.Errorf("%s: Owner() = %q, want %q", tt.name, got, tt.want)
		}
	}
	if err := CheckPulled("bob", []annotations.Revision{schema}); err != nil {
		t.Errorf("CheckPulled(bob, the project's schema) = %v", err)
	}
	if err := CheckPulled("bob", []annotations.Revision{mention}); err == nil || !strings.Contains(err.Error(), `annotator "ann"`) {
		t.Errorf("CheckPulled(bob, ann's mention) = %v", err)
	}
}

// TestRoundPullsAlso: a curator's round sends the gold revisions they made
// and pulls the gold set and the annotators they curate, each from its
// own cursor.
func TestRoundPullsAlso(t *testing.T) {
	a, err := annotations.NewArticle("", "Angela Merkel met Emmanuel Macron.", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	span, _ := annotations.NewSpan([]rune(a.Text), 0, 13)
	mention := func(annotator, id string) annotations.Revision {
		r, err := annotations.NewEntityRevision("", annotations.SetKey{Project: "climate", ArticleID: a.ID, Annotator: annotator}, annotations.Entity{ID: id, Span: span, Label: "PER"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	gold := mention(annotations.GoldAnnotator, "00000000-0000-4000-8000-000000000001")
	anns := mention("ann", "00000000-0000-4000-8000-000000000002")
	if got := (Pending{Revision: gold, By: "cura"}).Owner(); got != "cura" {
		t.Errorf("a gold revision's Owner() = %q, want its maker", got)
	}
	store := NewMemoryStore()
	if err := store.PutArticle(a, true); err != nil {
		t.Fatal(err)
	}
	store.AddMadeBy(gold, true, "cura")
	srv := &curatorServer{article: a, sets: map[string][]annotations.Revision{"ann": {anns}}}
	out := Round(context.Background(), store, srv, "cura", annotations.GoldAnnotator, "ann", "cura", "ann")
	if out.Err != nil {
		t.Fatal(out.Err)
	}
	if len(srv.pushed) != 1 || srv.pushed[0].ID != gold.ID {
		t.Errorf("pushed %v, want the gold revision the curator made", srv.pushed)
	}
	if want := []string{"cura", annotations.GoldAnnotator, "ann"}; !slices.Equal(srv.pulled, want) {
		t.Errorf("pulled %v, want %v: each annotator once", srv.pulled, want)
	}
	if len(out.Revisions) != 2 || len(out.Pulled) != 1 || out.Pulled[0] != a.ID {
		t.Errorf("round brought %v on %v, want the gold revision and ann's mention on the article", out.Revisions, out.Pulled)
	}
	for _, who := range []string{annotations.GoldAnnotator, "ann"} {
		if c, _ := store.Cursor(who); c == "" {
			t.Errorf("no cursor kept for %s", who)
		}
	}
	if p, _ := store.Pending(); len(p) != 0 {
		t.Errorf("still pending: %v", p)
	}
}

// curatorServer answers a curator's round: it takes every push, and pulls
// each annotator's revisions (gold: those pushed) in one page.
type curatorServer struct {
	article annotations.Article
	sets    map[string][]annotations.Revision
	pushed  []annotations.Revision
	pulled  []string
}

func (s *curatorServer) PostArticle(ctx context.Context, a annotations.Article) (annotations.Article, error) {
	return a, nil
}
func (s *curatorServer) GetArticle(ctx context.Context, id string) (annotations.Article, error) {
	return s.article, nil
}
func (s *curatorServer) Push(ctx context.Context, revs []annotations.Revision, cursor string) (PushAnswer, error) {
	var ans PushAnswer
	for _, r := range revs {
		s.pushed = append(s.pushed, r)
		s.sets[r.Annotator] = append(s.sets[r.Annotator], r)
		ans.Results = append(ans.Results, PushResult{Rev: r.ID, Item: r.Item, Status: api.StatusApplied, Seq: int64(len(s.pushed))})
	}
	return ans, nil
}
func (s *curatorServer) Pull(ctx context.Context, annotator, since string) (PullPage, error) {
	s.pulled = append(s.pulled, annotator)
	return PullPage{Revisions: s.sets[annotator], Cursor: "1.x.0"}, nil
}
