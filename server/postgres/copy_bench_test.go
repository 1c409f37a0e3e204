package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/gloss-annotate/gloss/server/storetest"
)

// BenchmarkCopyDeployment copies (gloss migrate) a SQLite deployment of
// 100 articles × 10 annotators × 100 mentions (100,000 revisions) to
// PostgreSQL, the comparison of the two included, and reports the
// revisions copied a second.
func BenchmarkCopyDeployment(b *testing.B) {
	ctx := context.Background()
	lite, err := sqlite.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer lite.Close()
	text := strings.Repeat("Angela Merkel met Emmanuel Macron in Paris. ", 30)
	total := 0
	for i := range 100 {
		a, err := annotations.NewArticle(fmt.Sprintf("Article %d", i), fmt.Sprintf("%d. %s", i, text), time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC))
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := lite.PutArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
		for n := range 10 {
			var revs []annotations.Revision
			for m := range 100 {
				start := m * 13
				revs = append(revs, storetest.Entity(b, a, fmt.Sprintf("annotator %d", n), fmt.Sprintf("00000000-0000-4000-8000-%012d", total+m), "PER", start, start+6))
			}
			if _, err := lite.PutRevisions(ctx, revs); err != nil {
				b.Fatal(err)
			}
			total += len(revs)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		pg := openStore(b)
		b.StartTimer()
		start := time.Now()
		counts, err := server.CopyDeployment(ctx, lite, pg)
		if err != nil {
			b.Fatal(err)
		}
		if counts["revisions"] != total {
			b.Fatalf("copied %d revisions, want %d", counts["revisions"], total)
		}
		b.ReportMetric(float64(total)/time.Since(start).Seconds(), "revisions/s")
	}
}
