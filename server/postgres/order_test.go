package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/postgres"
	"github.com/gloss-annotate/gloss/server/postgres/pgtest"
	"github.com/gloss-annotate/gloss/server/storetest"
)

// TestPullNeverSkipsALaterCommit: writers on two replicas (two stores on
// one database) push at once, each push's commit delayed by a random time
// after it took its numbers, so that pushes try to commit in another order
// than they were numbered; a reader pulls all the while, a few revisions a
// page. Every page is in sequence order, and the reader ends with every
// pushed revision exactly once: no pull passed a number that a slower
// transaction committed later.
func TestPullNeverSkipsALaterCommit(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Database(t)
	var replicas []*postgres.Store
	for range 2 {
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		replicas = append(replicas, s)
	}
	a := storetest.Article(t, "Order", "Ana Lima met Rui Costa in Lisbon on Monday.", time.Now())
	if _, _, err := replicas[0].PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	random := rand.New(rand.NewPCG(1, 2))
	postgres.SetBeforeCommit(func() {
		mu.Lock()
		d := time.Duration(random.IntN(15)) * time.Millisecond
		mu.Unlock()
		time.Sleep(d)
	})
	t.Cleanup(func() { postgres.SetBeforeCommit(nil) })

	const writers, pushes, perPush = 6, 8, 4
	want := map[string]bool{}
	batches := make([][][]annotations.Revision, writers)
	for w := range writers {
		for p := range pushes {
			var batch []annotations.Revision
			for i := range perPush {
				item := fmt.Sprintf("00000000-0000-4000-8000-%012d", (w*pushes+p)*perPush+i)
				r, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ana"},
					annotations.Entity{ID: item, Span: mustSpan(t, a, 0, 3), Label: "PER"})
				if err != nil {
					t.Fatal(err)
				}
				batch = append(batch, r)
				want[r.Item] = true
			}
			batches[w] = append(batches[w], batch)
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, batch := range batches[w] {
				stored, err := replicas[w%2].PutRevisions(ctx, batch)
				if err != nil {
					errs <- err
					return
				}
				for _, st := range stored {
					if st.Status != api.StatusApplied {
						errs <- fmt.Errorf("a push's revision was %s (%v), want applied", st.Status, st.Problem)
						return
					}
				}
			}
		}()
	}
	writing := make(chan struct{})
	go func() { wg.Wait(); close(writing) }()

	got := map[string]int{}
	var cursor api.Cursor
	pull := func() (int, error) {
		page, err := replicas[1].Changes(ctx, server.ChangeFilter{Annotator: "ana"}, cursor, 3)
		if err != nil {
			return 0, err
		}
		if page.Cursor.Seq < cursor.Seq {
			return 0, fmt.Errorf("the cursor went back from %d to %d", cursor.Seq, page.Cursor.Seq)
		}
		for _, r := range page.Revisions {
			got[r.Item]++
		}
		cursor = page.Cursor
		return len(page.Revisions), nil
	}
	for done := false; !done; {
		select {
		case <-writing:
			done = true
		default:
		}
		if _, err := pull(); err != nil {
			t.Fatal(err)
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// The writers are done: what is left is read to the end.
	for {
		n, err := pull()
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	for item := range want {
		if got[item] != 1 {
			t.Errorf("item %s pulled %d times, want once", item, got[item])
		}
	}
	if len(got) != len(want) {
		t.Errorf("pulled %d items, want %d", len(got), len(want))
	}
}

func mustSpan(t *testing.T, a annotations.Article, start, end int) annotations.Span {
	t.Helper()
	span, err := annotations.NewSpan([]rune(a.Text), start, end)
	if err != nil {
		t.Fatal(err)
	}
	return span
}
