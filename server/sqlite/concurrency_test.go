package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
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
		p, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, cursor, 2)
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
	p, err := s.Changes(ctx, server.ChangeFilter{Annotator: "bob"}, server.Cursor{}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Revisions) != 5 || p.More {
		t.Errorf("bob's five revisions with limit 5: %d revisions, more %v; want 5, false", len(p.Revisions), p.More)
	}
	// An annotator without revisions: an empty page at the given cursor.
	p, err = s.Changes(ctx, server.ChangeFilter{Annotator: "zoe"}, cursor, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Revisions) != 0 || p.More || p.Cursor != cursor {
		t.Errorf("zoe's page = %+v, want empty at cursor %v", p, cursor)
	}
}

// TestPutRevisionsRejectsAlone: a revision whose article is not stored is
// rejected wherever it is in the batch, and the others of the batch are
// stored.
func TestPutRevisionsRejectsAlone(t *testing.T) {
	ctx := context.Background()
	a := article(t, "", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	missing := article(t, "", "A text the store has not got.", t0)
	good1 := entity(t, a, "ann", itemN(1), "PER", 0, 13)
	good2 := entity(t, a, "bob", itemN(2), "PER", 18, 33)
	orphan := entity(t, missing, "ann", itemN(3), "MISC", 0, 6)
	for _, tt := range []struct {
		name   string
		batch  []annotations.Revision
		orphan int
	}{
		{"orphan first", []annotations.Revision{orphan, good1, good2}, 0},
		{"orphan in the middle", []annotations.Revision{good1, orphan, good2}, 1},
		{"orphan last", []annotations.Revision{good1, good2, orphan}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t, t.TempDir())
			storeArticle(t, s, a)
			statuses, err := s.PutRevisions(ctx, tt.batch)
			if err != nil {
				t.Fatal(err)
			}
			for i, st := range statuses {
				switch {
				case i == tt.orphan && (st.Status != api.StatusRejected || !errors.Is(st.Problem, annotations.ErrUnknownArticle)):
					t.Errorf("orphan: %+v, want rejected for its unknown article", st)
				case i != tt.orphan && st.Status != api.StatusApplied:
					t.Errorf("revision %d: %+v, want applied", i, st)
				}
			}
			sets, err := s.Sets(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			if want := []server.SetRef{{ArticleID: a.ID, Annotator: "ann"}, {ArticleID: a.ID, Annotator: "bob"}}; !cmp.Equal(want, sets) {
				t.Errorf("sets = %v, want %v", sets, want)
			}
		})
	}
}

// TestConcurrentPushesKeepOneKind: pairs of pushes made at once that give
// one new item two kinds (a mention, and an entity group of the set's one
// mention) store it as one kind only: the check runs against the state
// each push commits on, so the second push of a pair sees the first.
func TestConcurrentPushesKeepOneKind(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	a := article(t, "", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	storeArticle(t, s, a)
	member := entity(t, a, "ann", itemN(1), "PER", 0, 13)
	if _, err := s.PutRevisions(ctx, []annotations.Revision{member}); err != nil {
		t.Fatal(err)
	}
	const pairs = 30
	var wg sync.WaitGroup
	results := make([][2]server.Stored, pairs)
	errs := make(chan error, 2*pairs)
	for p := range pairs {
		item := itemN(100 + p)
		asMention := entity(t, a, "ann", item, "LOC", 37, 42)
		asGroup, err := annotations.NewGroupRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.EntityGroup{ID: item, Name: "Merkel", Members: []string{member.Item}})
		if err != nil {
			t.Fatal(err)
		}
		for k, rev := range []annotations.Revision{asMention, asGroup} {
			wg.Go(func() {
				st, err := s.PutRevisions(ctx, []annotations.Revision{rev})
				if err != nil {
					errs <- err
					return
				}
				results[p][k] = st[0]
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for p, pair := range results {
		applied := 0
		for _, st := range pair {
			if st.Status == api.StatusApplied {
				applied++
			}
		}
		if applied != 1 {
			t.Errorf("pair %d: %+v; want one applied and one rejected", p, pair)
		}
	}
	revs, err := s.SetRevisions(ctx, server.SetRef{ArticleID: a.ID, Annotator: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]map[annotations.Kind]bool{}
	for _, r := range revs {
		if kinds[r.Item] == nil {
			kinds[r.Item] = map[annotations.Kind]bool{}
		}
		kinds[r.Item][r.Kind] = true
	}
	for item, k := range kinds {
		if len(k) != 1 {
			t.Errorf("item %s is stored as %d kinds: %v", item, len(k), k)
		}
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
					if st.Status != api.StatusApplied {
						errs <- fmt.Errorf("writer %d: revision %s %s, want applied", w, batch[i].ID, st.Status)
					}
				}
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 20 {
				if _, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, server.Cursor{}, 50); err != nil {
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
		p, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, cursor, 1)
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
