package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// RevisionStore is the part of server.Store that keeps articles and their
// revisions: what a push, a pull, an import and the views of sets and
// progress read and write.
type RevisionStore interface {
	ArticleStore
	PutRevisions(ctx context.Context, revs []annotations.Revision) ([]server.Stored, error)
	Import(ctx context.Context, articles []annotations.Article, revs []annotations.Revision) (server.ImportResult, error)
	Changes(ctx context.Context, filter server.ChangeFilter, since server.Cursor, limit int) (server.ChangePage, error)
	Sets(ctx context.Context, articleID string) ([]server.SetRef, error)
	SetsMatching(ctx context.Context, filter server.SetFilter) ([]server.SetRef, error)
	SetRevisions(ctx context.Context, set server.SetRef) ([]annotations.Revision, error)
	ProgressRevisions(ctx context.Context, project string) ([]annotations.Revision, error)
	StatusRevisions(ctx context.Context, project string, after, through int64) ([]annotations.Revision, error)
	SetHeads(ctx context.Context, project string, after int64) ([]server.SetHead, error)
	DeleteArticle(ctx context.Context, id string) error
}

// Every store is a RevisionStore: its methods are server.Store's.
var _ RevisionStore = server.Store(nil)

// integrityChecker is a store that can check its own storage (the SQLite
// store's IntegrityCheck, "ok" when sound): the cases that write
// concurrently check it after.
type integrityChecker interface {
	IntegrityCheck(ctx context.Context) (string, error)
}

// Entity returns the first revision of a mention of text[start:end] (code
// points) labelled label, item id of annotator's set of a in the Default
// project.
func Entity(t testing.TB, a annotations.Article, annotator, id, label string, start, end int) annotations.Revision {
	t.Helper()
	span, err := annotations.NewSpan([]rune(a.Text), start, end)
	if err != nil {
		t.Fatalf("NewSpan(%d, %d): %v", start, end, err)
	}
	r, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: annotator}, annotations.Entity{ID: id, Span: span, Label: label})
	if err != nil {
		t.Fatalf("NewEntityRevision: %v", err)
	}
	return r
}

// Item IDs the cases use.
const (
	item1 = "00000000-0000-4000-8000-000000000001"
	item2 = "00000000-0000-4000-8000-000000000002"
	item3 = "00000000-0000-4000-8000-000000000003"
)

// itemN returns a fixed UUID numbered n.
func itemN(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}

// merkel is the text most cases annotate.
const merkel = "Angela Merkel met Emmanuel Macron in Paris."

// storeArticle stores a and fails the test on error.
func storeArticle(t *testing.T, s RevisionStore, a annotations.Article) {
	t.Helper()
	if _, _, err := s.PutArticle(context.Background(), a); err != nil {
		t.Fatalf("PutArticle: %v", err)
	}
}

// Revisions runs the revision cases on stores open returns, each empty.
func Revisions(t *testing.T, open func(t *testing.T) RevisionStore) {
	cases := []struct {
		name string
		run  func(t *testing.T, s RevisionStore)
	}{
		{"PutRevisions", putRevisions},
		{"ChangesPaging", changesPaging},
		{"ChangesThreePages", changesThreePages},
		{"ChangesWhileWriting", changesWhileWriting},
		{"Sets", sets},
		{"ConcurrentPushesKeepOneKind", concurrentPushesKeepOneKind},
		{"ConcurrentPutRevisions", concurrentPutRevisions},
		{"Import", importRevisions},
		{"ImportAllOrNothing", importAllOrNothing},
		{"ProgressRevisions", progressRevisions},
		{"SetHeads", setHeads},
		{"StatusRevisions", statusRevisions},
		{"ProjectSchema", projectSchema},
		{"DeleteArticle", deleteArticle},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open(t)) })
	}
	t.Run("PutRevisionsRejectsAlone", func(t *testing.T) { putRevisionsRejectsAlone(t, open) })
}

// putRevisions: new revisions are applied and numbered in order, a replay
// is duplicate at the number it was given and takes none, and a revision
// twice in a batch is applied once.
func putRevisions(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "", merkel, t0)
	storeArticle(t, s, a)
	r1 := Entity(t, a, "ann", item1, "PER", 0, 13)
	r2 := Entity(t, a, "ann", item2, "PER", 18, 33)
	edit, err := annotations.NewEntityRevision(r1.ID, annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.Entity{ID: item1, Span: mustEntity(t, r1).Span, Label: "ORG"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   []annotations.Revision
		want []server.Stored
	}{
		{"new revisions are applied", []annotations.Revision{r1, r2}, []server.Stored{{Status: api.StatusApplied, Seq: 1}, {Status: api.StatusApplied, Seq: 2}}},
		{"a replay is duplicate, at the number it was given", []annotations.Revision{r2, r1}, []server.Stored{{Status: api.StatusDuplicate, Seq: 2}, {Status: api.StatusDuplicate, Seq: 1}}},
		// The replay took no sequence number: the child is the third.
		{"a child is applied, twice in a batch is duplicate", []annotations.Revision{edit, edit}, []server.Stored{{Status: api.StatusApplied, Seq: 3}, {Status: api.StatusDuplicate, Seq: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.PutRevisions(ctx, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
		})
	}
	page, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, server.Cursor{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]annotations.Revision{r1, r2, edit}, page.Revisions); diff != "" {
		t.Errorf("stored revisions (-want +got):\n%s", diff)
	}
}

// mustEntity returns r's entity.
func mustEntity(t *testing.T, r annotations.Revision) annotations.Entity {
	t.Helper()
	e, err := r.Entity()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// changesPaging walks one annotator's changes two at a time, as a client
// does: another annotator's are left out, the cursor never goes back, at
// the end the page is empty at the same cursor, and a revision pushed
// later comes after it.
func changesPaging(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "", merkel, t0)
	storeArticle(t, s, a)
	annA1 := Entity(t, a, "ann", item1, "PER", 0, 13)
	bob := Entity(t, a, "bob", item1, "PER", 0, 6)
	annA2 := Entity(t, a, "ann", item2, "PER", 18, 33)
	annA3 := Entity(t, a, "ann", item3, "LOC", 37, 42)
	for _, batch := range [][]annotations.Revision{{annA1, bob}, {annA2}, {annA3}} {
		if _, err := s.PutRevisions(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	var got [][]annotations.Revision
	var mores []bool
	var cursor server.Cursor
	for range 5 {
		page, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page.Revisions)
		mores = append(mores, page.More)
		if page.Cursor.Seq < cursor.Seq {
			t.Fatalf("cursor went back from %v to %v", cursor, page.Cursor)
		}
		cursor = page.Cursor
		if !page.More {
			break
		}
	}
	want := [][]annotations.Revision{{annA1, annA2}, {annA3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]bool{true, false}, mores); diff != "" {
		t.Errorf("more flags (-want +got):\n%s", diff)
	}
	// At the end, the cursor stays and the page is empty.
	page, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, cursor, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Revisions) != 0 || page.More || page.Cursor != cursor {
		t.Errorf("page after the end = %+v, want empty at cursor %v", page, cursor)
	}
	// A revision pushed later comes after the cursor.
	later := Entity(t, a, "ann", itemN(4), "MISC", 18, 26)
	if _, err := s.PutRevisions(ctx, []annotations.Revision{later}); err != nil {
		t.Fatal(err)
	}
	page, err = s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, cursor, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]annotations.Revision{later}, page.Revisions); diff != "" {
		t.Errorf("page after a new push (-want +got):\n%s", diff)
	}
}

// changesThreePages walks five revisions of one annotator two at a time:
// three pages, the cursor strictly increasing, more on all but the last,
// another annotator's revisions left out.
func changesThreePages(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "", merkel, t0)
	storeArticle(t, s, a)
	var ann []annotations.Revision
	for i, sp := range [][2]int{{0, 6}, {7, 13}, {18, 26}, {27, 33}, {37, 42}} {
		ann = append(ann, Entity(t, a, "ann", itemN(i+1), "PER", sp[0], sp[1]))
	}
	// Interleave bob's revisions, one batch per revision, so that ann's
	// sequence numbers are not consecutive.
	for i, r := range ann {
		bob := Entity(t, a, "bob", itemN(100+i), "LOC", 37, 42)
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

// changesWhileWriting pulls with a cursor while several writers push:
// since the sequence follows commit order, a reader that pages through
// never misses a revision committed behind its cursor.
func changesWhileWriting(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "", merkel, t0)
	storeArticle(t, s, a)
	const writers, perWriter = 4, 25
	want := map[string]bool{}
	batches := make([][]annotations.Revision, writers)
	for w := range writers {
		for i := range perWriter {
			r := Entity(t, a, "ann", itemN(w*perWriter+i), "PER", 0, 13)
			batches[w] = append(batches[w], r)
			want[r.ID] = true
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for _, batch := range batches {
		wg.Go(func() {
			for _, r := range batch { // one transaction per revision
				if _, err := s.PutRevisions(ctx, []annotations.Revision{r}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	got := map[string]bool{}
	var cursor server.Cursor
	writing := true
	for writing || len(got) < len(want) {
		writing = !waitTimeout(&wg, time.Millisecond)
		page, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, cursor, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Revisions {
			if got[r.ID] {
				t.Fatalf("revision %s pulled twice", r.ID)
			}
			got[r.ID] = true
		}
		cursor = page.Cursor
		if !writing && !page.More && len(got) < len(want) {
			break
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pulled revisions (-want +got):\n%s", diff)
	}
}

// waitTimeout waits for wg up to d and reports whether it is done.
func waitTimeout(wg *sync.WaitGroup, d time.Duration) bool {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// sets: SetsMatching chooses sets by article and annotator (values that
// look like SQL are values), ordered by article then annotator; Sets is
// SetsMatching of one article or of all; SetRevisions reads one set.
func sets(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "", merkel, t0)
	b := Article(t, "", "Paris is in France, said Macron.", t0)
	for _, x := range []annotations.Article{a, b} {
		storeArticle(t, s, x)
	}
	revs := []annotations.Revision{
		Entity(t, b, "zoe", item1, "LOC", 0, 5),
		Entity(t, a, "zoe", item2, "PER", 0, 13),
		Entity(t, a, "ann", item3, "LOC", 37, 42),
		Entity(t, b, "ann", itemN(4), "PER", 25, 31),
	}
	if _, err := s.PutRevisions(ctx, revs); err != nil {
		t.Fatal(err)
	}
	first, second := a, b
	if b.ID < a.ID {
		first, second = b, a
	}
	aAnn, aZoe := server.SetRef{ArticleID: a.ID, Annotator: "ann"}, server.SetRef{ArticleID: a.ID, Annotator: "zoe"}
	bAnn, bZoe := server.SetRef{ArticleID: b.ID, Annotator: "ann"}, server.SetRef{ArticleID: b.ID, Annotator: "zoe"}
	all := []server.SetRef{{ArticleID: first.ID, Annotator: "ann"}, {ArticleID: first.ID, Annotator: "zoe"}, {ArticleID: second.ID, Annotator: "ann"}, {ArticleID: second.ID, Annotator: "zoe"}}
	tests := []struct {
		name   string
		filter server.SetFilter
		want   []server.SetRef
	}{
		{"all", server.SetFilter{}, all},
		{"one article", server.SetFilter{Articles: []string{a.ID}}, []server.SetRef{aAnn, aZoe}},
		{"two articles", server.SetFilter{Articles: []string{second.ID, first.ID}}, all},
		{"article without sets", server.SetFilter{Articles: []string{annotations.ArticleID("none")}}, nil},
		{"one annotator", server.SetFilter{Annotators: []string{"zoe"}}, orderSets(first.ID == a.ID, aZoe, bZoe)},
		{"two annotators", server.SetFilter{Annotators: []string{"zoe", "ann"}}, orderSets(first.ID == a.ID, aAnn, aZoe, bAnn, bZoe)},
		{"annotator without sets", server.SetFilter{Annotators: []string{"bob"}}, nil},
		{"article and annotator", server.SetFilter{Articles: []string{b.ID}, Annotators: []string{"zoe"}}, []server.SetRef{bZoe}},
		{"names that look like SQL", server.SetFilter{Annotators: []string{`zoe' OR '1'='1`, `"]`}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.SetsMatching(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SetsMatching (-want +got):\n%s", diff)
			}
			// Sets is SetsMatching of one article or of all.
			if len(tt.filter.Annotators) == 0 && len(tt.filter.Articles) <= 1 {
				article := ""
				if len(tt.filter.Articles) == 1 {
					article = tt.filter.Articles[0]
				}
				got, err := s.Sets(ctx, article)
				if diff := cmp.Diff(tt.want, got); err != nil || diff != "" {
					t.Errorf("Sets(%q): %v (-want +got):\n%s", article, err, diff)
				}
			}
		})
	}
	got, err := s.SetRevisions(ctx, aZoe)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]annotations.Revision{revs[1]}, got); diff != "" {
		t.Errorf("SetRevisions (-want +got):\n%s", diff)
	}
}

// orderSets returns the sets of a (the first half of refs) then those of
// b, or b's first when aFirst is false.
func orderSets(aFirst bool, refs ...server.SetRef) []server.SetRef {
	if aFirst {
		return refs
	}
	half := len(refs) / 2
	return append(append([]server.SetRef{}, refs[half:]...), refs[:half]...)
}

// putRevisionsRejectsAlone: a revision whose article is not stored is
// rejected wherever it is in the batch, and the others of the batch are
// stored.
func putRevisionsRejectsAlone(t *testing.T, open func(t *testing.T) RevisionStore) {
	ctx := context.Background()
	a := Article(t, "", merkel, t0)
	missing := Article(t, "", "A text the store has not got.", t0)
	good1 := Entity(t, a, "ann", itemN(1), "PER", 0, 13)
	good2 := Entity(t, a, "bob", itemN(2), "PER", 18, 33)
	orphan := Entity(t, missing, "ann", itemN(3), "MISC", 0, 6)
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
			s := open(t)
			storeArticle(t, s, a)
			statuses, err := s.PutRevisions(ctx, tt.batch)
			if err != nil {
				t.Fatal(err)
			}
			if len(statuses) != len(tt.batch) {
				t.Fatalf("%d statuses for %d revisions", len(statuses), len(tt.batch))
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

// concurrentPushesKeepOneKind: pairs of pushes made at once that give one
// new item two kinds (a mention, and an entity group of the set's one
// mention) store it as one kind only: the check runs against the state
// each push commits on, so the second push of a pair sees the first.
func concurrentPushesKeepOneKind(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "", merkel, t0)
	storeArticle(t, s, a)
	member := Entity(t, a, "ann", itemN(1), "PER", 0, 13)
	if _, err := s.PutRevisions(ctx, []annotations.Revision{member}); err != nil {
		t.Fatal(err)
	}
	const pairs = 30
	var wg sync.WaitGroup
	results := make([][2]server.Stored, pairs)
	errs := make(chan error, 2*pairs)
	for p := range pairs {
		item := itemN(100 + p)
		asMention := Entity(t, a, "ann", item, "LOC", 37, 42)
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

// concurrentPutRevisions pushes batches from several goroutines while
// others read: every push succeeds (no SQLITE_BUSY, no serialization
// failure), every revision lands once, the sequence Changes reveals has no
// gap, and each writer's revisions come back whole and in the order it
// pushed them. A store that can check its own storage is checked after.
func concurrentPutRevisions(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "", merkel, t0)
	storeArticle(t, s, a)
	const writers, batches, perBatch = 8, 10, 5
	revs := make([][][]annotations.Revision, writers)
	for w := range writers {
		revs[w] = make([][]annotations.Revision, batches)
		for b := range batches {
			for k := range perBatch {
				n := (w*batches+b)*perBatch + k + 1
				revs[w][b] = append(revs[w][b], Entity(t, a, "ann", itemN(n), "PER", 0, 13))
			}
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, writers*batches*perBatch+4*20)
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
	if c, ok := s.(integrityChecker); ok {
		if check, err := c.IntegrityCheck(ctx); err != nil || check != "ok" {
			t.Errorf("IntegrityCheck = %q, %v", check, err)
		}
	}
}

// importRevisions stores new and known articles and revisions in one go:
// known articles stay as they were, known revisions are duplicates, and
// importing the same again changes nothing.
func importRevisions(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	known := Article(t, "Stored title", merkel, t0)
	storeArticle(t, s, known)
	stored := Entity(t, known, "ann", item1, "PER", 0, 13)
	if _, err := s.PutRevisions(ctx, []annotations.Revision{stored}); err != nil {
		t.Fatal(err)
	}
	again := known
	again.Title, again.Source = "Imported title", "import"
	fresh := Article(t, "New", "Paris is in France.", t0)
	revs := []annotations.Revision{
		stored,
		Entity(t, known, "ann", item2, "PER", 18, 33),
		Entity(t, fresh, "bob", item3, "LOC", 0, 5),
	}

	res, err := s.Import(ctx, []annotations.Article{again, fresh}, revs)
	if err != nil {
		t.Fatal(err)
	}
	if want := (server.ImportResult{ArticlesCreated: 1, Applied: 2, Duplicate: 1}); res != want {
		t.Errorf("Import = %+v, want %+v", res, want)
	}
	got, err := s.Article(ctx, known.ID)
	if err != nil || got.Title != "Stored title" || got.Source != "paste" {
		t.Errorf("the stored article became %+v, %v; want it kept as it was", got, err)
	}
	if got, err := s.Article(ctx, fresh.ID); err != nil || got.Title != "New" {
		t.Errorf("the new article: %+v, %v", got, err)
	}
	sets, err := s.Sets(ctx, "")
	if err != nil || len(sets) != 2 {
		t.Errorf("sets %v, %v; want ann's and bob's", sets, err)
	}

	res, err = s.Import(ctx, []annotations.Article{again, fresh}, revs)
	if err != nil {
		t.Fatal(err)
	}
	if want := (server.ImportResult{Duplicate: 3}); res != want {
		t.Errorf("Import again = %+v, want %+v", res, want)
	}
	if res, err := s.Import(ctx, nil, nil); err != nil || res != (server.ImportResult{}) {
		t.Errorf("an empty Import = %+v, %v", res, err)
	}
}

// importAllOrNothing: a revision that cannot be stored (its article is
// neither stored nor imported) leaves nothing of the import, articles
// included.
func importAllOrNothing(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "", merkel, t0)
	missing := Article(t, "", "Never stored.", t0)
	good := Entity(t, a, "ann", item1, "PER", 0, 13)
	orphan := Entity(t, missing, "ann", item2, "MISC", 0, 5)
	if _, err := s.Import(ctx, []annotations.Article{a}, []annotations.Revision{good, orphan}); err == nil {
		t.Fatal("Import of a revision without its article succeeded")
	}
	if n, err := s.CountArticles(ctx); err != nil || n != 0 {
		t.Errorf("%d articles after the failed import (%v), want 0", n, err)
	}
	if sets, err := s.Sets(ctx, ""); err != nil || len(sets) != 0 {
		t.Errorf("sets after the failed import: %v, %v", sets, err)
	}
	res, err := s.Import(ctx, []annotations.Article{a}, []annotations.Revision{good})
	if diff := cmp.Diff(server.ImportResult{ArticlesCreated: 1, Applied: 1}, res); err != nil || diff != "" {
		t.Errorf("Import after the failure: %v (-want +got):\n%s", err, diff)
	}
}

// progressRevisions: a project's revisions, its own and its sets', come
// in commit order with their times, the bodies of status and assignment
// revisions only; another project's are left out.
func progressRevisions(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "", merkel, t0)
	storeArticle(t, s, a)
	key := annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}
	mention := Entity(t, a, "ann", item1, "PER", 0, 13)
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

// setHeads: the heads of a project's sets, by article and annotator,
// another project's left out; after a head, only the sets that changed
// since; after the last, none.
func setHeads(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "A", "Angela Merkel met Emmanuel Macron.", t0)
	put := func(project, annotator string, n int) {
		t.Helper()
		k := annotations.SetKey{Project: project, ArticleID: a.ID, Annotator: annotator}
		span, err := annotations.NewSpan([]rune(a.Text), 0, 6)
		if err != nil {
			t.Fatal(err)
		}
		r, err := annotations.NewEntityRevision("", k, annotations.Entity{ID: itemN(n), Span: span, Label: "PER"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Import(ctx, []annotations.Article{a}, []annotations.Revision{r}); err != nil {
			t.Fatal(err)
		}
	}
	put("", "bo", 1)
	put("", "ana", 2)
	put("", "bo", 3)
	put("climate", "ana", 4) // another project: not listed
	heads, err := s.SetHeads(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(heads) != 2 || heads[0].Set.Annotator != "ana" || heads[1].Set.Annotator != "bo" || heads[1].Seq <= heads[0].Seq {
		t.Fatalf("heads %+v: want ana's then bo's, bo's newer", heads)
	}
	// After ana's head, only bo's set changed.
	since, err := s.SetHeads(ctx, "", heads[0].Seq)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]server.SetHead{heads[1]}, since); diff != "" {
		t.Errorf("heads after %d (-want +got):\n%s", heads[0].Seq, diff)
	}
	none, err := s.SetHeads(ctx, "", heads[1].Seq+10)
	if err != nil || len(none) != 0 {
		t.Errorf("heads after the last: %v, %v; want none", none, err)
	}
}

// statusRevisions: the status revisions of a project's sets, with their
// bodies, in a range of sequence numbers, and nothing else.
func statusRevisions(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "A", "Angela Merkel met Emmanuel Macron.", t0)
	status := func(project, annotator, parent string, state annotations.WorkState) annotations.Revision {
		t.Helper()
		r, err := annotations.NewStatusRevision(parent, annotations.SetKey{Project: project, ArticleID: a.ID, Annotator: annotator}, annotations.StatusItem{State: state})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	anaDone := status("", "ana", "", annotations.WorkDone)
	revs := []annotations.Revision{
		Entity(t, a, "ana", item1, "PER", 0, 13), // 1: not a status
		anaDone,                                  // 2
		status("climate", "ana", "", annotations.WorkDone),        // 3: another project
		status("", "bo", "", annotations.WorkDone),                // 4
		status("", "ana", anaDone.ID, annotations.WorkInProgress), // 5: reopened
	}
	if _, err := s.Import(ctx, []annotations.Article{a}, revs); err != nil {
		t.Fatal(err)
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
		got, err := s.StatusRevisions(ctx, "", tt.after, tt.through)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range got {
			if r.Kind != annotations.KindStatus || len(r.Body) == 0 {
				t.Errorf("revision %+v: want a status with its body", r)
			}
			ids = append(ids, r.ID)
		}
		if diff := cmp.Diff(tt.want, ids); diff != "" {
			t.Errorf("StatusRevisions(%d, %d) (-want +got):\n%s", tt.after, tt.through, diff)
		}
	}
}

// projectSchema: a project's schema is stored without an article, reaches
// every pull of the project's sets, and is no set.
func projectSchema(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	a := Article(t, "", "Angela Merkel met Emmanuel Macron.", t0)
	storeArticle(t, s, a)
	withCrime := annotations.DefaultSchema()
	withCrime.EntityLabels = append(withCrime.EntityLabels, annotations.Label{Name: "CRIME"})
	schema, err := annotations.NewSchemaRevision("", annotations.ProjectKey("climate"), withCrime)
	if err != nil {
		t.Fatal(err)
	}
	span, err := annotations.NewSpan([]rune(a.Text), 0, 13)
	if err != nil {
		t.Fatal(err)
	}
	key := annotations.SetKey{Project: "climate", ArticleID: a.ID, Annotator: "ann"}
	mention, err := annotations.NewEntityRevision("", key, annotations.Entity{ID: item1, Span: span, Label: "CRIME"})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := s.PutRevisions(ctx, []annotations.Revision{schema}); err != nil || st[0].Status != api.StatusApplied {
		t.Fatalf("PutRevisions(the project's schema) = %+v, %v", st, err)
	}
	if st, err := s.PutRevisions(ctx, []annotations.Revision{mention}); err != nil || st[0].Status != api.StatusApplied {
		t.Fatalf("PutRevisions(a CRIME mention in climate) = %+v, %v", st, err)
	}
	sets, err := s.Sets(ctx, "")
	if err != nil || len(sets) != 1 || sets[0] != key {
		t.Errorf("Sets() = %+v, %v; want ann's set alone", sets, err)
	}
	revs, err := s.SetRevisions(ctx, key)
	if err != nil || len(revs) != 2 {
		t.Errorf("SetRevisions(ann's) = %d revisions, %v; want the schema and the mention", len(revs), err)
	}
	for _, f := range []struct {
		name   string
		filter server.ChangeFilter
		want   int
	}{
		{"ann in climate", server.ChangeFilter{Annotator: "ann", Projects: []string{"climate"}}, 2},
		{"bob in climate", server.ChangeFilter{Annotator: "bob", Projects: []string{"climate"}}, 1},
		{"ann in Default", server.ChangeFilter{Annotator: "ann", Projects: []string{""}}, 0},
	} {
		page, err := s.Changes(ctx, f.filter, server.Cursor{}, 10)
		if err != nil || len(page.Revisions) != f.want {
			t.Errorf("%s: %d revisions, %v; want %d", f.name, len(page.Revisions), err, f.want)
		}
	}
}

// deleteArticle: an article with revisions is refused with an
// *AnnotatedError naming its annotators, once each and in order, and kept
// with its sets; one without is deleted, after which it is not found, and
// neither is an article never stored.
func deleteArticle(t *testing.T, s RevisionStore) {
	ctx := context.Background()
	bare := Article(t, "Bare", "Nobody annotated this.", t0)
	done := Article(t, "Done", merkel, t0)
	storeArticle(t, s, bare)
	storeArticle(t, s, done)
	revs := []annotations.Revision{
		Entity(t, done, "zoe", item1, "PER", 0, 13),
		Entity(t, done, "ana", item2, "PER", 18, 33),
		Entity(t, done, "zoe", item3, "LOC", 37, 42),
	}
	if _, err := s.PutRevisions(ctx, revs); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		id             string
		wantAnnotators []string // an *AnnotatedError naming them
		wantErr        error    // else this error (nil: deleted)
	}{
		{"annotated", done.ID, []string{"ana", "zoe"}, nil},
		{"without annotations", bare.ID, nil, nil},
		{"deleted already", bare.ID, nil, server.ErrNotFound},
		{"never stored", annotations.ArticleID("nothing"), nil, server.ErrNotFound},
	}
	for _, tt := range tests {
		err := s.DeleteArticle(ctx, tt.id)
		var annotated *server.AnnotatedError
		switch {
		case tt.wantAnnotators != nil:
			if !errors.As(err, &annotated) {
				t.Errorf("%s: DeleteArticle = %v, want an *AnnotatedError", tt.name, err)
			} else if diff := cmp.Diff(tt.wantAnnotators, annotated.Annotators); diff != "" {
				t.Errorf("%s: the annotators refusing the delete (-want +got):\n%s", tt.name, diff)
			}
		case tt.wantErr != nil:
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("%s: DeleteArticle = %v, want %v", tt.name, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("%s: DeleteArticle = %v, want it deleted", tt.name, err)
		}
	}
	if _, err := s.Article(ctx, bare.ID); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("Article(deleted) error = %v, want ErrNotFound", err)
	}
	if got, err := s.Article(ctx, done.ID); err != nil || got.Text != done.Text {
		t.Errorf("the annotated article after its delete was refused: %+v, %v", got, err)
	}
	if n, err := s.CountArticles(ctx); err != nil || n != 1 {
		t.Errorf("CountArticles = %d, %v; want 1", n, err)
	}
	want := []server.SetRef{{ArticleID: done.ID, Annotator: "ana"}, {ArticleID: done.ID, Annotator: "zoe"}}
	if sets, err := s.Sets(ctx, ""); err != nil || !cmp.Equal(want, sets) {
		t.Errorf("Sets after the refused delete = %v, %v; want %v", sets, err, want)
	}
}
