package sqlite_test

import (
	"context"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
)

// benchStore opens a store in a temporary folder with one article stored.
func benchStore(b *testing.B) (*sqlite.Store, annotations.Article) {
	b.Helper()
	s, err := sqlite.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	a, err := annotations.NewArticle("", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	if err != nil {
		b.Fatal(err)
	}
	storeArticle(b, s, a)
	return s, a
}

// benchRevisions returns n first revisions of distinct mentions, numbered
// from first.
func benchRevisions(b *testing.B, a annotations.Article, first, n int) []annotations.Revision {
	b.Helper()
	span, err := annotations.NewSpan([]rune(a.Text), 0, 13)
	if err != nil {
		b.Fatal(err)
	}
	revs := make([]annotations.Revision, n)
	for i := range revs {
		revs[i], err = annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.Entity{ID: itemN(first + i), Span: span, Label: "PER"})
		if err != nil {
			b.Fatal(err)
		}
	}
	return revs
}

// BenchmarkPutRevisions stores batches of 100 new revisions, one
// transaction each (with its fsync).
func BenchmarkPutRevisions(b *testing.B) {
	const batch = 100
	ctx := context.Background()
	s, a := benchStore(b)
	n := 0
	for b.Loop() {
		b.StopTimer()
		revs := benchRevisions(b, a, n, batch)
		n += batch
		b.StartTimer()
		statuses, err := s.PutRevisions(ctx, revs)
		if err != nil || len(statuses) != batch {
			b.Fatalf("PutRevisions = %d statuses, %v", len(statuses), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/revision")
}

// BenchmarkChanges reads a full page of 500 revisions out of 5,000.
func BenchmarkChanges(b *testing.B) {
	const stored, limit = 5000, 500
	ctx := context.Background()
	s, a := benchStore(b)
	for i := 0; i < stored; i += 1000 {
		if _, err := s.PutRevisions(ctx, benchRevisions(b, a, i, 1000)); err != nil {
			b.Fatal(err)
		}
	}
	var cursor server.Cursor
	for b.Loop() {
		p, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, cursor, limit)
		if err != nil || len(p.Revisions) != limit {
			b.Fatalf("Changes = %d revisions, %v", len(p.Revisions), err)
		}
		cursor = p.Cursor
		if !p.More {
			cursor = server.Cursor{}
		}
	}
}
