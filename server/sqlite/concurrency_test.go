package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// itemN returns a fixed UUID numbered n.
func itemN(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}

// storeArticle stores a and fails the test on error.
func storeArticle(t testing.TB, s server.Store, a annotations.Article) {
	t.Helper()
	if _, _, err := s.PutArticle(context.Background(), a); err != nil {
		t.Fatalf("PutArticle: %v", err)
	}
}

// TestChangesThreePages walks five revisions of one annotator two at a
// time: three pages, the cursor strictly increasing, more on all but the
// last, another annotator's revisions left out.
func TestChangesThreePages(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	a := article(t, "", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	storeArticle(t, s, a)
	var ann []annotations.Revision
	for i, sp := range [][2]int{{0, 6}, {7, 13}, {18, 26}, {27, 33}, {37, 42}} {
		ann = append(ann, entity(t, a, "ann", itemN(i+1), "PER", sp[0], sp[1]))
	}
	// Interleave bob's revisions, one batch per revision, so that ann's
	// sequence numbers are not consecutive.
	for i, r := range ann {
		bob := entity(t, a, "bob", itemN(100+i), "LOC", 37, 42)
		for _, batch := range [][]annotations.Revision{{bob}, {r}} {
			if _, err := s.PutRevisions(ctx, batch); err != nil {
				t.Fatal(err)
			}
		}
	}

	type page struct {
		Revisions []annotations.Revision
		More      bool
	}
	var got []page
	var cursor server.Cursor
	for range 10 {
		p, err := s.Changes(ctx, "ann", cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Revisions) > 0 && p.Cursor.Seq <= cursor.Seq {
			t.Errorf("cursor %v after a page of %d from %v: not increasing", p.Cursor, len(p.Revisions), cursor)
		}
		got = append(got, page{p.Revisions, p.More})
		cursor = p.Cursor
		if !p.More {
			break
		}
	}
	want := []page{{ann[0:2], true}, {ann[2:4], true}, {ann[4:5], false}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	// A page exactly as long as what is left says there is no more.
	p, err := s.Changes(ctx, "bob", server.Cursor{}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Revisions) != 5 || p.More {
		t.Errorf("bob's five revisions with limit 5: %d revisions, more %v; want 5, false", len(p.Revisions), p.More)
	}
	// An annotator without revisions: an empty page at the given cursor.
	p, err = s.Changes(ctx, "zoe", cursor, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Revisions) != 0 || p.More || p.Cursor != cursor {
		t.Errorf("zoe's page = %+v, want empty at cursor %v", p, cursor)
	}
}

// TestPutRevisionsRollsBackWholeBatch: a revision whose article is not
// stored fails on the foreign key wherever it is in the batch, and none of
// the batch stays, in any set.
func TestPutRevisionsRollsBackWholeBatch(t *testing.T) {
	ctx := context.Background()
	a := article(t, "", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	missing := article(t, "", "A text the store has not got.", t0)
	good1 := entity(t, a, "ann", itemN(1), "PER", 0, 13)
	good2 := entity(t, a, "bob", itemN(2), "PER", 18, 33)
	orphan := entity(t, missing, "ann", itemN(3), "MISC", 0, 6)
	for _, tt := range []struct {
		name  string
		batch []annotations.Revision
	}{
		{"orphan first", []annotations.Revision{orphan, good1, good2}},
		{"orphan in the middle", []annotations.Revision{good1, orphan, good2}},
		{"orphan last", []annotations.Revision{good1, good2, orphan}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t, t.TempDir())
			storeArticle(t, s, a)
			statuses, err := s.PutRevisions(ctx, tt.batch)
			if err == nil {
				t.Fatalf("PutRevisions = %v, nil; want a foreign key error", statuses)
			}
			sets, err := s.Sets(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(sets) != 0 {
				t.Errorf("sets after a failed batch: %v, want none", sets)
			}
			// The store still works, and the good revisions apply anew.
			statuses, err = s.PutRevisions(ctx, []annotations.Revision{good1, good2})
			if diff := cmp.Diff([]server.Stored{{Status: server.StatusApplied, Seq: 1}, {Status: server.StatusApplied, Seq: 2}}, statuses); err != nil || diff != "" {
				t.Errorf("PutRevisions after the failure: %v (-want +got):\n%s", err, diff)
			}
		})
	}
}

// TestConcurrentPutRevisions pushes batches from several goroutines while
// others read: every push succeeds (no SQLITE_BUSY), every revision lands
// once, and the sequence Changes reveals has no gap.
func TestConcurrentPutRevisions(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	a := article(t, "", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	storeArticle(t, s, a)
	const writers, batches, perBatch = 8, 10, 5
	revs := make([][][]annotations.Revision, writers)
	for w := range writers {
		revs[w] = make([][]annotations.Revision, batches)
		for b := range batches {
			for k := range perBatch {
				n := (w*batches+b)*perBatch + k + 1
				revs[w][b] = append(revs[w][b], entity(t, a, "ann", itemN(n), "PER", 0, 13))
			}
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, writers*batches+4*20)
	for w := range writers {
		wg.Go(func() {
			for _, batch := range revs[w] {
				statuses, err := s.PutRevisions(ctx, batch)
				if err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				for i, st := range statuses {
					if st.Status != server.StatusApplied {
						errs <- fmt.Errorf("writer %d: revision %s %s, want applied", w, batch[i].ID, st.Status)
					}
				}
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 20 {
				if _, err := s.Changes(ctx, "ann", server.Cursor{}, 50); err != nil {
					errs <- fmt.Errorf("reader: %w", err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// Walk one revision at a time: the cursor is then each revision's
	// sequence number.
	var cursors []int64
	got := map[string]annotations.Revision{}
	pos := map[string]int{} // each revision's place in commit order
	var cursor server.Cursor
	for {
		p, err := s.Changes(ctx, "ann", cursor, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Revisions) == 0 {
			break
		}
		r := p.Revisions[0]
		if _, dup := got[r.ID]; dup {
			t.Errorf("revision %s returned twice", r.ID)
		}
		got[r.ID] = r
		pos[r.ID] = len(cursors)
		cursors = append(cursors, p.Cursor.Seq)
		cursor = p.Cursor
	}
	const total = writers * batches * perBatch
	if len(got) != total {
		t.Errorf("%d revisions stored, want %d", len(got), total)
	}
	for i := 1; i < len(cursors); i++ {
		if cursors[i] != cursors[i-1]+1 {
			t.Errorf("sequence jumps from %d to %d", cursors[i-1], cursors[i])
		}
	}
	// Each writer's revisions come back whole and in the order it pushed
	// them.
	for w := range writers {
		last := -1
		for _, batch := range revs[w] {
			for _, r := range batch {
				if diff := cmp.Diff(r, got[r.ID]); diff != "" {
					t.Errorf("writer %d revision %s (-pushed +stored):\n%s", w, r.ID, diff)
				}
				if p, ok := pos[r.ID]; !ok || p <= last {
					t.Errorf("writer %d: revision %s at position %d, after %d", w, r.ID, p, last)
				} else {
					last = p
				}
			}
		}
	}
	if check, err := s.IntegrityCheck(ctx); err != nil || check != "ok" {
		t.Errorf("IntegrityCheck = %q, %v", check, err)
	}
}
