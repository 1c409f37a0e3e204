// Package storetest is the contract every store of the server keeps
// (issue 16): the same cases run against the SQLite store and the
// PostgreSQL one, each store's tests calling them with a function that
// opens an empty store of its own.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// ArticleStore is the part of server.Store that keeps articles.
type ArticleStore interface {
	PutArticle(ctx context.Context, a annotations.Article) (annotations.Article, bool, error)
	Article(ctx context.Context, id string) (annotations.Article, error)
	Articles(ctx context.Context) ([]api.ArticleSummary, error)
	UpdateArticle(ctx context.Context, id string, patch api.ArticlePatch) (api.ArticleSummary, error)
	CountArticles(ctx context.Context) (int, error)
}

// t0 is the tests' first time.
var t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// Article returns a pasted article of text, which the stores' tests store.
func Article(t *testing.T, title, text string, created time.Time) annotations.Article {
	t.Helper()
	a, err := annotations.NewArticle(title, text, created)
	if err != nil {
		t.Fatalf("NewArticle(%q): %v", text, err)
	}
	a.Source = "paste"
	return a
}

// Articles runs the article cases on stores open returns, each empty.
func Articles(t *testing.T, open func(t *testing.T) ArticleStore) {
	t.Run("PutArticle", func(t *testing.T) { putArticle(t, open(t)) })
	t.Run("NotFound", func(t *testing.T) {
		s := open(t)
		if _, err := s.Article(context.Background(), annotations.ArticleID("nothing")); err != server.ErrNotFound {
			t.Errorf("Article(unknown) error = %v, want ErrNotFound", err)
		}
		if _, err := s.UpdateArticle(context.Background(), annotations.ArticleID("nothing"), api.ArticlePatch{}); err != server.ErrNotFound {
			t.Errorf("UpdateArticle(unknown) error = %v, want ErrNotFound", err)
		}
	})
	t.Run("NewestFirst", func(t *testing.T) { newestFirst(t, open(t)) })
	t.Run("Update", func(t *testing.T) { updateArticle(t, open(t)) })
}

// putArticle: a new article is stored whole (its time to the
// nanosecond); the same text again keeps the stored one.
func putArticle(t *testing.T, s ArticleStore) {
	ctx := context.Background()
	first := Article(t, "First title", "Angela Merkel met 🙂 Emmanuel Macron in Paris.", t0.Add(123456789*time.Nanosecond))
	again := first
	again.Title, again.Created, again.Source = "Another title", t0.Add(time.Hour), "text-file"
	tests := []struct {
		name        string
		in          annotations.Article
		want        annotations.Article
		wantCreated bool
	}{
		{"new article is created", first, first, true},
		{"same text keeps the stored article", again, first, false},
	}
	for _, tt := range tests {
		got, created, err := s.PutArticle(ctx, tt.in)
		if err != nil {
			t.Fatalf("%s: PutArticle: %v", tt.name, err)
		}
		if created != tt.wantCreated {
			t.Errorf("%s: created = %v, want %v", tt.name, created, tt.wantCreated)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: PutArticle returned (-want +got):\n%s", tt.name, diff)
		}
		stored, err := s.Article(ctx, tt.in.ID)
		if err != nil {
			t.Fatalf("%s: Article: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, stored); diff != "" {
			t.Errorf("%s: stored article (-want +got):\n%s", tt.name, diff)
		}
	}
}

// newestFirst: Articles lists the newest first (times with and without
// fractional seconds: the order is time order), of equal times the one
// stored last first, with each text's length in code points.
func newestFirst(t *testing.T, s ArticleStore) {
	ctx := context.Background()
	old := Article(t, "Old", "An old text.", t0)
	mid := Article(t, "Mid", "A text with an emoji 🙂.", t0.Add(500*time.Millisecond))
	late := Article(t, "Late", "A later text.", t0.Add(time.Second))
	tie := Article(t, "Tie", "Another later text.", t0.Add(time.Second))
	for _, a := range []annotations.Article{mid, late, old, tie} {
		if _, _, err := s.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []api.ArticleSummary{
		{ID: tie.ID, Title: "Tie", Source: "paste", Created: tie.Created, Chars: 19},
		{ID: late.ID, Title: "Late", Source: "paste", Created: late.Created, Chars: 13},
		{ID: mid.ID, Title: "Mid", Source: "paste", Created: mid.Created, Chars: 23},
		{ID: old.ID, Title: "Old", Source: "paste", Created: old.Created, Chars: 12},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Articles (-want +got):\n%s", diff)
	}
	if n, err := s.CountArticles(ctx); err != nil || n != 4 {
		t.Errorf("CountArticles = %d, %v; want 4", n, err)
	}
}

// updateArticle: a title and the archived flag change, each alone; the
// text and the time never do.
func updateArticle(t *testing.T, s ArticleStore) {
	ctx := context.Background()
	a := Article(t, "Title", "Some text.", t0)
	if _, _, err := s.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	title, archived := "New title", true
	got, err := s.UpdateArticle(ctx, a.ID, api.ArticlePatch{Title: &title})
	want := api.ArticleSummary{ID: a.ID, Title: "New title", Source: "paste", Created: a.Created, Chars: 10}
	if err != nil || got != want {
		t.Errorf("UpdateArticle(title) = %+v, %v; want %+v", got, err, want)
	}
	got, err = s.UpdateArticle(ctx, a.ID, api.ArticlePatch{Archived: &archived})
	want.Archived = true
	if err != nil || got != want {
		t.Errorf("UpdateArticle(archived) = %+v, %v; want %+v", got, err, want)
	}
	if stored, err := s.Article(ctx, a.ID); err != nil || stored.Text != a.Text || stored.Title != "New title" {
		t.Errorf("after the updates the article is %+v, %v", stored, err)
	}
}
