package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/gloss-annotate/gloss/server/storetest"
	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func openStore(t *testing.T, dir string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// article returns a pasted article (storetest.Article).
var article = storetest.Article

// entity returns the first revision of a mention of text[start:end].
func entity(t *testing.T, a annotations.Article, annotator, id, label string, start, end int) annotations.Revision {
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

const (
	item1 = "00000000-0000-4000-8000-000000000001"
	item2 = "00000000-0000-4000-8000-000000000002"
	item3 = "00000000-0000-4000-8000-000000000003"
)

// TestArticlesContract runs the stores' article cases (server/storetest).
func TestArticlesContract(t *testing.T) {
	storetest.Articles(t, func(t *testing.T) storetest.ArticleStore { return openStore(t, t.TempDir()) })
}

func TestPutRevisions(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	a := article(t, "", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	if _, _, err := s.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	r1 := entity(t, a, "ann", item1, "PER", 0, 13)
	r2 := entity(t, a, "ann", item2, "PER", 18, 33)
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
		// Numbers grow but need not be consecutive: the replay's two
		// inserts that did nothing used 3 and 4 up.
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

func mustEntity(t *testing.T, r annotations.Revision) annotations.Entity {
	t.Helper()
	e, err := r.Entity()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestChangesPaging(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	a := article(t, "", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	if _, _, err := s.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	annA1 := entity(t, a, "ann", item1, "PER", 0, 13)
	bob := entity(t, a, "bob", item1, "PER", 0, 6)
	annA2 := entity(t, a, "ann", item2, "PER", 18, 33)
	annA3 := entity(t, a, "ann", item3, "LOC", 37, 42)
	for _, batch := range [][]annotations.Revision{{annA1, bob}, {annA2}, {annA3}} {
		if _, err := s.PutRevisions(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	// Walk ann's changes two at a time, as a client does.
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
	bob2 := entity(t, a, "ann", "00000000-0000-4000-8000-000000000004", "MISC", 18, 26)
	if _, err := s.PutRevisions(ctx, []annotations.Revision{bob2}); err != nil {
		t.Fatal(err)
	}
	page, err = s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, cursor, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]annotations.Revision{bob2}, page.Revisions); diff != "" {
		t.Errorf("page after a new push (-want +got):\n%s", diff)
	}
}

func TestSets(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	a := article(t, "", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	b := article(t, "", "Paris is in France, said Macron.", t0)
	for _, x := range []annotations.Article{a, b} {
		if _, _, err := s.PutArticle(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	revs := []annotations.Revision{
		entity(t, b, "zoe", item1, "LOC", 0, 5),
		entity(t, a, "zoe", item2, "PER", 0, 13),
		entity(t, a, "ann", item3, "LOC", 37, 42),
		entity(t, b, "ann", "00000000-0000-4000-8000-000000000004", "PER", 25, 31),
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
	tests := []struct {
		name   string
		filter server.SetFilter
		want   []server.SetRef
	}{
		{"all", server.SetFilter{}, []server.SetRef{{ArticleID: first.ID, Annotator: "ann"}, {ArticleID: first.ID, Annotator: "zoe"}, {ArticleID: second.ID, Annotator: "ann"}, {ArticleID: second.ID, Annotator: "zoe"}}},
		{"one article", server.SetFilter{Articles: []string{a.ID}}, []server.SetRef{aAnn, aZoe}},
		{"two articles", server.SetFilter{Articles: []string{second.ID, first.ID}}, []server.SetRef{{ArticleID: first.ID, Annotator: "ann"}, {ArticleID: first.ID, Annotator: "zoe"}, {ArticleID: second.ID, Annotator: "ann"}, {ArticleID: second.ID, Annotator: "zoe"}}},
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
	got, err := s.SetRevisions(ctx, server.SetRef{ArticleID: a.ID, Annotator: "zoe"})
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

func TestReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data", "nested") // created by Open
	a := article(t, "Kept", "Angela Merkel met 🙂 Emmanuel Macron in Paris.", t0)
	r := entity(t, a, "ann", item1, "PER", 20, 35)

	s, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutRevisions(ctx, []annotations.Revision{r}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s = openStore(t, dir)
	got, err := s.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("article after reopening (-want +got):\n%s", diff)
	}
	page, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, server.Cursor{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]annotations.Revision{r}, page.Revisions); diff != "" {
		t.Errorf("revisions after reopening (-want +got):\n%s", diff)
	}
	statuses, err := s.PutRevisions(ctx, []annotations.Revision{r})
	if err != nil || len(statuses) != 1 || statuses[0].Status != api.StatusDuplicate {
		t.Errorf("replay after reopening = %v, %v; want duplicate", statuses, err)
	}
	if check, err := s.IntegrityCheck(ctx); err != nil || check != "ok" {
		t.Errorf("IntegrityCheck = %q, %v", check, err)
	}
}

// TestChangesWhileWriting pulls with a cursor while several writers push:
// since the sequence follows commit order, a reader that pages through
// never misses a revision committed behind its cursor.
func TestChangesWhileWriting(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	a := article(t, "", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	if _, _, err := s.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	const writers, perWriter = 4, 25
	want := map[string]bool{}
	batches := make([][]annotations.Revision, writers)
	for w := range writers {
		for i := range perWriter {
			id := fmt.Sprintf("00000000-0000-4000-8000-%012d", w*perWriter+i)
			r := entity(t, a, "ann", id, "PER", 0, 13)
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
