package replica

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// resyncStore is a Store with pending and acknowledged revisions and a
// stale cursor.
type resyncStore struct {
	pending     []Pending
	acked       []annotations.Revision
	unconfirmed []string
	cursor      string
	applied     []annotations.Revision
	articles    map[string]annotations.Article
	unsent      map[string]bool // articles the server lacks
	sentAgain   int             // SendAgain calls
}

func (s *resyncStore) Pending() ([]Pending, error) { return s.pending, nil }
func (s *resyncStore) Acknowledge(acked []annotations.Revision, unconfirmed map[string]bool, refused map[string]string) error {
	for _, r := range acked {
		s.pending = slices.DeleteFunc(s.pending, func(p Pending) bool { return p.Revision.ID == r.ID })
		s.acked = append(s.acked, r)
		if unconfirmed[r.ID] {
			s.unconfirmed = append(s.unconfirmed, r.ID)
		}
	}
	return nil
}
func (s *resyncStore) Unconfirmed(string) ([]string, error) { return slices.Clone(s.unconfirmed), nil }
func (s *resyncStore) Confirm(_ string, checked, missing []string) error {
	s.unconfirmed = slices.DeleteFunc(s.unconfirmed, func(id string) bool { return slices.Contains(checked, id) })
	for _, id := range missing {
		i := slices.IndexFunc(s.acked, func(r annotations.Revision) bool { return r.ID == id })
		if i >= 0 {
			s.pending = append(s.pending, Pending{Revision: s.acked[i]})
			s.acked = slices.Delete(s.acked, i, i+1)
		}
	}
	return nil
}
func (s *resyncStore) SendAgain() error {
	s.sentAgain++
	for _, r := range s.acked {
		s.pending = append(s.pending, Pending{Revision: r})
	}
	s.acked = nil
	return nil
}
func (s *resyncStore) UnsentArticles() ([]annotations.Article, error) {
	var out []annotations.Article
	for id := range s.unsent {
		out = append(out, s.articles[id])
	}
	return out, nil
}
func (s *resyncStore) Article(id string) (annotations.Article, bool, bool, error) {
	a, ok := s.articles[id]
	return a, !s.unsent[id], ok, nil
}
func (s *resyncStore) PutArticle(a annotations.Article, sent bool) error {
	s.articles[a.ID] = a
	if s.unsent == nil {
		s.unsent = map[string]bool{}
	}
	if sent {
		delete(s.unsent, a.ID)
	} else {
		s.unsent[a.ID] = true
	}
	return nil
}
func (s *resyncStore) Cursor(string) (string, error) { return s.cursor, nil }
func (s *resyncStore) ApplyPulled(_ string, revs []annotations.Revision, cursor string) error {
	s.applied = append(s.applied, revs...)
	s.cursor = cursor
	return nil
}

// resyncServer lost its history: it knows cursors up to 1 only, and is
// offline for pushes, so the pending revision stays pending.
type resyncServer struct {
	revs  []annotations.Revision
	pulls []string
}

func (s *resyncServer) PostArticle(_ context.Context, a annotations.Article) (annotations.Article, error) {
	return a, nil
}
func (s *resyncServer) GetArticle(_ context.Context, id string) (annotations.Article, error) {
	return annotations.Article{}, errors.New("not used")
}
func (s *resyncServer) Push(context.Context, []annotations.Revision, string) (PushAnswer, error) {
	return PushAnswer{}, ErrOffline
}
func (s *resyncServer) Pull(_ context.Context, _, since string) (PullPage, error) {
	s.pulls = append(s.pulls, since)
	if since != "" && since != "1" {
		return PullPage{}, ErrCursorUnknown
	}
	if since == "1" {
		return PullPage{Cursor: "1"}, nil
	}
	return PullPage{Revisions: s.revs, Cursor: "1"}, nil
}

// resyncArticle returns the resync tests' article and two of ann's
// mentions in it: "Rex Tillerson" (the device's) and "Lavrov".
func resyncArticle(t *testing.T) (annotations.Article, annotations.Revision, annotations.Revision) {
	t.Helper()
	a, err := annotations.NewArticle("", "Rex Tillerson met Lavrov.", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	mention := func(id string, start, end int) annotations.Revision {
		span, err := annotations.NewSpan([]rune(a.Text), start, end)
		if err != nil {
			t.Fatal(err)
		}
		r, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.Entity{ID: id, Span: span, Label: "PER"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	return a, mention("00000000-0000-4000-8000-000000000001", 0, 13), mention("00000000-0000-4000-8000-000000000002", 18, 24)
}

func TestPullAfterUnknownCursorStartsOver(t *testing.T) {
	a, mine, theirs := resyncArticle(t)

	store := &resyncStore{pending: []Pending{{Revision: mine}}, cursor: "57", articles: map[string]annotations.Article{a.ID: a}}
	srv := &resyncServer{revs: []annotations.Revision{theirs}}
	changed, revs, resend, err := pullPages(context.Background(), store, srv, "ann")
	if err != nil {
		t.Fatalf("pull: %v", err)
	}
	if !resend || store.sentAgain != 1 {
		t.Errorf("pull: resend %v after %d SendAgain calls, want true after 1", resend, store.sentAgain)
	}
	if len(changed) != 1 || !changed[a.ID] || len(revs) != 1 || revs[0].ID != theirs.ID {
		t.Errorf("pull reported articles %v and revisions %v, want the article and the server's revision", changed, revs)
	}
	if got := srv.pulls; len(got) != 2 || got[0] != "57" || got[1] != "" {
		t.Errorf("pulls since %q, want the stale cursor then the start", got)
	}
	if store.cursor != "1" || len(store.applied) != 1 || store.applied[0].ID != theirs.ID {
		t.Errorf("after the resync: cursor %q, applied %v; want cursor 1 and the server's revision", store.cursor, store.applied)
	}
	if len(store.pending) != 1 || store.pending[0].Revision.ID != mine.ID {
		t.Errorf("pending = %v, want the device's change kept", store.pending)
	}
}

func TestPullStopsWhenCursorUnknownTwice(t *testing.T) {
	store := &resyncStore{cursor: "9", articles: map[string]annotations.Article{}}
	srv := &alwaysUnknown{}
	if _, _, _, err := pullPages(context.Background(), store, srv, "ann"); !errors.Is(err, ErrCursorUnknown) {
		t.Errorf("pull = %v, want ErrCursorUnknown after one restart", err)
	}
	if srv.calls != 2 {
		t.Errorf("%d pulls, want 2: the stale cursor and one restart", srv.calls)
	}
}

type alwaysUnknown struct {
	resyncServer
	calls int
}

func (s *alwaysUnknown) Pull(context.Context, string, string) (PullPage, error) {
	s.calls++
	return PullPage{}, ErrCursorUnknown
}

// restoredServer was restored from a copy older than the device's last
// sync: it has none of the revisions and does not know the cursor.
type restoredServer struct {
	resyncServer
	pushed []annotations.Revision
}

func (s *restoredServer) Push(_ context.Context, revs []annotations.Revision, _ string) (PushAnswer, error) {
	out := make([]PushResult, len(revs))
	for i, r := range revs {
		s.pushed = append(s.pushed, r)
		out[i] = PushResult{Rev: r.ID, Item: r.Item, Status: "applied"}
	}
	return PushAnswer{Results: out}, nil
}

// TestRoundSendsAgainWhatARestoredServerLost: a revision the server had
// acknowledged, then lost in a restore, is pushed again in the round that
// finds the cursor unknown, and is acknowledged again.
func TestRoundSendsAgainWhatARestoredServerLost(t *testing.T) {
	a, mine, _ := resyncArticle(t)
	store := &resyncStore{acked: []annotations.Revision{mine}, cursor: "57", articles: map[string]annotations.Article{a.ID: a}}
	srv := &restoredServer{}
	out := Round(context.Background(), store, srv, "ann")
	if out.Err != nil {
		t.Fatalf("Round: %v", out.Err)
	}
	if len(srv.pushed) != 1 || srv.pushed[0].ID != mine.ID {
		t.Errorf("the restored server got %v, want the device's acknowledged revision again", srv.pushed)
	}
	if len(store.pending) != 0 || len(store.acked) != 1 {
		t.Errorf("after the round: %d pending, %d acknowledged; want 0 and 1", len(store.pending), len(store.acked))
	}
}

// TestRoundSendsAgainWhatAPullDidNotBring: the device's round stopped
// after the server acknowledged a revision and before the pull, then the
// server was restored from a copy that still holds the device's cursor. The
// next pull does not bring the revision, so the device sends it again.
func TestRoundSendsAgainWhatAPullDidNotBring(t *testing.T) {
	a, mine, _ := resyncArticle(t)
	store := &resyncStore{acked: []annotations.Revision{mine}, unconfirmed: []string{mine.ID}, cursor: "1", articles: map[string]annotations.Article{a.ID: a}}
	srv := &restoredServer{}
	out := Round(context.Background(), store, srv, "ann")
	if out.Err != nil {
		t.Fatalf("Round: %v", out.Err)
	}
	if store.sentAgain != 0 {
		t.Errorf("SendAgain called %d times: the cursor is known", store.sentAgain)
	}
	if len(srv.pushed) != 1 || srv.pushed[0].ID != mine.ID {
		t.Errorf("the server got %v, want the revision its pull did not bring", srv.pushed)
	}
	if len(store.pending) != 0 || !slices.Equal(store.unconfirmed, []string{mine.ID}) {
		t.Errorf("after the round: pending %v, unconfirmed %v; want none pending and the revision unconfirmed again", store.pending, store.unconfirmed)
	}
	// A pull that brings it confirms it.
	srv.revs = []annotations.Revision{mine}
	store.cursor = ""
	if _, _, lost, err := pullPages(context.Background(), store, srv, "ann"); err != nil || lost || len(store.unconfirmed) != 0 {
		t.Errorf("a pull that brings the revision: lost %v, err %v, unconfirmed %v; want it confirmed", lost, err, store.unconfirmed)
	}
}

// answeringServer answers every push with the results answer makes (and
// cursorUnknown), and keeps the cursors pushed with and the articles
// uploaded to it.
type answeringServer struct {
	resyncServer
	answer        func(r annotations.Revision) PushResult
	cursorUnknown bool
	pushed        []annotations.Revision
	cursors       []string
	uploaded      []string
}

func (s *answeringServer) Push(_ context.Context, revs []annotations.Revision, cursor string) (PushAnswer, error) {
	out := make([]PushResult, len(revs))
	for i, r := range revs {
		s.pushed = append(s.pushed, r)
		out[i] = s.answer(r)
	}
	s.cursors = append(s.cursors, cursor)
	return PushAnswer{Results: out, CursorUnknown: s.cursorUnknown}, nil
}

func (s *answeringServer) PostArticle(_ context.Context, a annotations.Article) (annotations.Article, error) {
	s.uploaded = append(s.uploaded, a.ID)
	return a, nil
}

// TestDuplicatePastTheCursorIsUnconfirmed: a push answered duplicate for a
// revision past the device's pull cursor (an earlier push of it stored it,
// and its answer was lost) must come back in a pull, as an applied one
// must; a duplicate at or before the cursor is in the history the device
// read.
func TestDuplicatePastTheCursorIsUnconfirmed(t *testing.T) {
	a, mine, _ := resyncArticle(t)
	tests := []struct {
		name            string
		cursor          string
		status          string
		seq             int64
		cursorUnknown   bool
		wantUnconfirmed bool
	}{
		{"applied", "5.00ab", "applied", 9, false, true},
		{"applied by a server that gives no number", "5.00ab", "applied", 0, false, true},
		{"duplicate past the cursor", "5.00ab", "duplicate", 9, false, true},
		{"duplicate past the start", "", "duplicate", 1, false, true},
		{"duplicate past an older server's bare cursor", "5", "duplicate", 6, false, true},
		{"duplicate at the cursor", "9.00ab", "duplicate", 9, false, false},
		{"duplicate before the cursor", "12.00ab", "duplicate", 9, false, false},
		{"duplicate from a server that gives no number", "5.00ab", "duplicate", 0, false, false},
		// A history that does not match the cursor (a restore) proves
		// nothing before it: a second restore could bring the cursor back
		// without the revision.
		{"duplicate before a cursor the server's history does not match", "12.00ab", "duplicate", 9, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &resyncStore{pending: []Pending{{Revision: mine}}, cursor: tt.cursor, articles: map[string]annotations.Article{a.ID: a}}
			srv := &answeringServer{answer: func(r annotations.Revision) PushResult {
				return PushResult{Rev: r.ID, Item: r.Item, Status: api.PushStatus(tt.status), Seq: tt.seq}
			}, cursorUnknown: tt.cursorUnknown}
			if _, err := push(context.Background(), store, srv, "ann"); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(srv.cursors, []string{tt.cursor}) {
				t.Errorf("pushed with cursors %q, want the device's %q", srv.cursors, tt.cursor)
			}
			if got := slices.Contains(store.unconfirmed, mine.ID); got != tt.wantUnconfirmed || len(store.pending) != 0 {
				t.Errorf("unconfirmed %v, pending %d; want unconfirmed %v and nothing pending", got, len(store.pending), tt.wantUnconfirmed)
			}
		})
	}
}

// TestRoundUploadsAnArticleTheServerLost: the server refuses a revision
// for lacking its article (a restore lost it): the same round uploads the
// article and pushes the revision again, and ends without an error.
func TestRoundUploadsAnArticleTheServerLost(t *testing.T) {
	a, mine, _ := resyncArticle(t)
	store := &resyncStore{pending: []Pending{{Revision: mine}}, articles: map[string]annotations.Article{a.ID: a}}
	srv := &answeringServer{}
	srv.revs = []annotations.Revision{mine} // the pull brings it back
	srv.answer = func(r annotations.Revision) PushResult {
		if !slices.Contains(srv.uploaded, r.ArticleID) {
			res := PushResult{Rev: r.ID, Item: r.Item, Status: "rejected"}
			res.Error = api.Errorf(api.CodeUnknownArticle, "article is not on the server: upload it first")
			return res
		}
		return PushResult{Rev: r.ID, Item: r.Item, Status: "applied", Seq: 2}
	}
	out := Round(context.Background(), store, srv, "ann")
	if out.Err != nil {
		t.Fatalf("Round: %v", out.Err)
	}
	if !slices.Equal(srv.uploaded, []string{a.ID}) || len(srv.pushed) != 2 {
		t.Errorf("uploaded %v, %d pushes; want the article uploaded between two pushes", srv.uploaded, len(srv.pushed))
	}
	if len(store.pending) != 0 || len(store.unsent) != 0 {
		t.Errorf("after the round: %d pending, unsent articles %v; want none", len(store.pending), store.unsent)
	}
}
