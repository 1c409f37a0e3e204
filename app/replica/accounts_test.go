package replica

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// twoAnnotatorDevice returns a device store where ann and bob each made a
// mention, each in an article of their own the server lacks, and where an
// article nobody annotated waits too; and the IDs of those three articles.
func twoAnnotatorDevice(t *testing.T) (store *MemoryStore, annsArticle, bobsArticle, bare string) {
	t.Helper()
	store = NewMemoryStore()
	article := func(text string) annotations.Article {
		a, err := annotations.NewArticle("", text, time.Unix(0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if err := store.PutArticle(a, false); err != nil {
			t.Fatal(err)
		}
		return a
	}
	mention := func(a annotations.Article, annotator string) {
		span, err := annotations.NewSpan([]rune(a.Text), 0, 3)
		if err != nil {
			t.Fatal(err)
		}
		r, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: annotator}, annotations.Entity{ID: "00000000-0000-4000-8000-000000000001", Span: span, Label: "PER"})
		if err != nil {
			t.Fatal(err)
		}
		store.Add(r, true)
	}
	ann, bob := article("Ana met Bob."), article("Bob met Ana.")
	mention(ann, "ann")
	mention(bob, "bob")
	return store, ann.ID, bob.ID, article("Nobody annotated this.").ID
}

// applyingServer returns a server that applies every pushed revision and
// brings it back in the next pull.
func applyingServer() *answeringServer {
	srv := &answeringServer{}
	srv.answer = func(r annotations.Revision) PushResult {
		srv.revs = append(srv.revs, r)
		return PushResult{Rev: r.ID, Item: r.Item, Status: api.StatusApplied, Seq: int64(len(srv.revs))}
	}
	return srv
}

// TestRoundSendsOnlyTheAnnotatorsWork: a round for one annotator pushes
// that annotator's pending revisions and uploads the articles they need
// and the one nobody annotated; the other annotator's revision and the
// article only it needs stay on the device, counted for that annotator.
func TestRoundSendsOnlyTheAnnotatorsWork(t *testing.T) {
	tests := []struct {
		annotator, other    string
		wantUploaded        func(ann, bob, bare string) []string
		wantLeftForTheOther int
	}{
		{"ann", "bob", func(ann, _, bare string) []string { return []string{ann, bare} }, 2},
		{"bob", "ann", func(_, bob, bare string) []string { return []string{bob, bare} }, 2},
	}
	for _, tt := range tests {
		t.Run(tt.annotator, func(t *testing.T) {
			store, ann, bob, bare := twoAnnotatorDevice(t)
			if n, err := CountPending(store, tt.annotator); err != nil || n != 3 {
				t.Fatalf("CountPending(%s) before = %d, %v; want its revision, its article and the bare one", tt.annotator, n, err)
			}
			srv := applyingServer()
			out := Round(context.Background(), store, srv, tt.annotator)
			if out.Err != nil {
				t.Fatalf("Round: %v", out.Err)
			}
			for _, r := range srv.pushed {
				if r.Annotator != tt.annotator {
					t.Errorf("pushed %s's revision in %s's round", r.Annotator, tt.annotator)
				}
			}
			want := tt.wantUploaded(ann, bob, bare)
			slices.Sort(want)
			slices.Sort(srv.uploaded)
			if len(srv.pushed) != 1 || !slices.Equal(srv.uploaded, want) {
				t.Errorf("pushed %d revisions, uploaded %v; want 1 and %v", len(srv.pushed), srv.uploaded, want)
			}
			if n, err := CountPending(store, tt.annotator); err != nil || n != 0 {
				t.Errorf("CountPending(%s) after = %d, %v; want 0", tt.annotator, n, err)
			}
			if n, err := CountPending(store, tt.other); err != nil || n != tt.wantLeftForTheOther {
				t.Errorf("CountPending(%s) after = %d, %v; want %d (its revision and article)", tt.other, n, err, tt.wantLeftForTheOther)
			}
		})
	}
}

// TestPushSendsOnlyTheAnnotatorsWork: Push sends what Round would, and
// never pulls.
func TestPushSendsOnlyTheAnnotatorsWork(t *testing.T) {
	store, ann, _, bare := twoAnnotatorDevice(t)
	srv := applyingServer()
	if err := Push(context.Background(), store, srv, "ann"); err != nil {
		t.Fatal(err)
	}
	want := []string{ann, bare}
	slices.Sort(want)
	slices.Sort(srv.uploaded)
	if len(srv.pushed) != 1 || srv.pushed[0].Annotator != "ann" || !slices.Equal(srv.uploaded, want) || len(srv.pulls) != 0 {
		t.Errorf("pushed %v, uploaded %v, pulled %v; want ann's revision, %v, no pull", srv.pushed, srv.uploaded, srv.pulls, want)
	}
}

// TestSignedOutSendsNothing: a round or push for no annotator makes no
// request and answers ErrSignedOut.
func TestSignedOutSendsNothing(t *testing.T) {
	store, _, _, _ := twoAnnotatorDevice(t)
	client := &Client{Transport: transportFunc(func(_ context.Context, method, path string, _ []byte) (int, []byte, error) {
		t.Errorf("request %s %s while signed out", method, path)
		return 500, nil, nil
	})}
	if out := Round(context.Background(), store, client, ""); !errors.Is(out.Err, ErrSignedOut) {
		t.Errorf("Round signed out: %v, want ErrSignedOut", out.Err)
	}
	if err := Push(context.Background(), store, client, ""); !errors.Is(err, ErrSignedOut) {
		t.Errorf("Push signed out: %v, want ErrSignedOut", err)
	}
}

// TestRoundStopsWhenTheServerWantsASignIn: a 401 answer ends the round at
// the first request, as ErrUnauthenticated and the server's *ServerError,
// and everything stays pending.
func TestRoundStopsWhenTheServerWantsASignIn(t *testing.T) {
	unauthenticated, err := json.Marshal(api.ErrorBody{Error: api.Errorf(api.CodeUnauthenticated, "sign in first")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		articleFirst bool // the device has an unsent article: the round starts with its upload
	}{
		{"first request an upload", true},
		{"first request a push", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store, mine := pendingDevice(t)
			if tt.articleFirst {
				a, err := annotations.NewArticle("", "Another text.", time.Unix(0, 0))
				if err != nil {
					t.Fatal(err)
				}
				if err := store.PutArticle(a, false); err != nil {
					t.Fatal(err)
				}
			}
			before, err := CountPending(store, mine.Annotator)
			if err != nil {
				t.Fatal(err)
			}
			requests := 0
			client := &Client{Transport: transportFunc(func(context.Context, string, string, []byte) (int, []byte, error) {
				requests++
				return api.StatusOf(api.CodeUnauthenticated), unauthenticated, nil
			})}
			out := Round(context.Background(), store, client, mine.Annotator)
			var se *ServerError
			if !errors.Is(out.Err, ErrUnauthenticated) || !errors.As(out.Err, &se) || se.Message != "sign in first" {
				t.Errorf("round error = %v, want ErrUnauthenticated with the server's message", out.Err)
			}
			if requests != 1 {
				t.Errorf("%d requests, want the round to stop after the first", requests)
			}
			if after, err := CountPending(store, mine.Annotator); err != nil || after != before {
				t.Errorf("pending after a 401 = %d, %v; want %d", after, err, before)
			}
		})
	}
}

// TestOnly401IsUnauthenticated: other error answers do not match
// ErrUnauthenticated.
func TestOnly401IsUnauthenticated(t *testing.T) {
	for _, status := range []int{400, 403, 404, 429, 500} {
		if errors.Is(&ServerError{Status: status}, ErrUnauthenticated) {
			t.Errorf("a %d answer matches ErrUnauthenticated", status)
		}
	}
	if !errors.Is(&ServerError{Status: 401}, ErrUnauthenticated) {
		t.Error("a 401 answer does not match ErrUnauthenticated")
	}
}
