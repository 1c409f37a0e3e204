package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/google/go-cmp/cmp"
)

// TestDiskFull makes the database full (max_page_count at its current
// size, as a full disk would) and sends each kind of write through the
// HTTP handler: each is a 507 with code storage_full and stores nothing;
// once there is room again, the same request succeeds.
func TestDiskFull(t *testing.T) {
	s := openStore(t, t.TempDir())
	var logged strings.Builder
	h := server.NewHandler(s, server.Options{Logger: slog.New(slog.NewTextHandler(&logged, nil)), Hosts: []string{"example.com"}})
	a := article(t, "Stored", "Angela Merkel met Emmanuel Macron in Paris.", t0)
	storeArticle(t, s, a)
	// The requests are ann's, with her API token, used once before the
	// disk fills (its first use is written; the next, within a minute,
	// are not).
	ann := server.User{ID: "00000000-0000-4000-8000-0000000000a1", Login: "ann", Annotator: "ann", Created: t0}
	if err := s.CreateUser(context.Background(), ann); err != nil {
		t.Fatal(err)
	}
	_, token, err := server.NewAPIToken(context.Background(), s, ann.ID, "tests", t0)
	if err != nil {
		t.Fatal(err)
	}
	me := httptest.NewRequest("GET", api.PathMe, nil)
	me.Header.Set("Authorization", "Bearer "+token)
	meRec := httptest.NewRecorder()
	h.ServeHTTP(meRec, me)
	if meRec.Code != 200 {
		t.Fatalf("GET me: %d %s", meRec.Code, meRec.Body)
	}

	// Every write below needs pages the full database does not have: a
	// long text, or many revisions.
	long := strings.Repeat("Angela Merkel met Emmanuel Macron in Paris. ", 2000)
	var revs []annotations.Revision
	for i := range 200 {
		revs = append(revs, entity(t, a, "ann", fmt.Sprintf("00000000-0000-4000-8000-%012d", i), "PER", 0, 13))
	}
	push, err := json.Marshal(api.PushRequest{Revisions: revs})
	if err != nil {
		t.Fatal(err)
	}
	upload, err := json.Marshal(api.ArticleUpload{Text: &long})
	if err != nil {
		t.Fatal(err)
	}
	doccano, err := json.Marshal(map[string]any{"text": long + "Imported.", "label": [][]any{{0, 13, "PER"}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []fullCase{
		{"push", api.PathPush, "application/json", string(push), 200},
		{"article upload", api.PathArticles, "application/json", string(upload), 201},
		{"import", api.PathImport + "?format=doccano&annotator=ann", "application/x-ndjson", string(doccano) + "\n", 201},
	}
	post := func(tt fullCase) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", tt.path, strings.NewReader(tt.body))
		req.Header.Set("Content-Type", tt.contentType)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := sqlite.SetMaxPageCount(s, 1); err != nil {
				t.Fatal(err)
			}
			before := contents(t, s)
			rec := post(tt)
			if rec.Code != 507 {
				t.Fatalf("full: status %d, want 507: %s", rec.Code, rec.Body)
			}
			var body api.ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error == nil {
				t.Fatalf("full: not a JSON error (%v): %s", err, rec.Body)
			}
			if body.Error.Code != api.CodeStorageFull || body.Error.Message != server.ErrStorageFull.Message {
				t.Errorf("full: error %+v, want %s: %q", body.Error, api.CodeStorageFull, server.ErrStorageFull.Message)
			}
			if want := "the disk is full: a write was refused (507)\" method=POST path=" + strings.Split(tt.path, "?")[0]; !strings.Contains(logged.String(), want) {
				t.Errorf("full: the log lacks %q:\n%s", want, logged.String())
			}
			logged.Reset()
			if diff := cmp.Diff(before, contents(t, s)); diff != "" {
				t.Errorf("a write refused for a full disk stored something (-before +after):\n%s", diff)
			}

			if _, err := sqlite.SetMaxPageCount(s, 1<<30); err != nil {
				t.Fatal(err)
			}
			rec = post(tt)
			if rec.Code != tt.wantStatus {
				t.Fatalf("with room again: status %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if cmp.Equal(before, contents(t, s)) {
				t.Errorf("with room again: nothing was stored")
			}
		})
	}
}

// fullCase is a write TestDiskFull sends.
type fullCase struct {
	name, path, contentType, body string
	wantStatus                    int // once there is room
}

// storeContents is everything a store holds: its articles and every set's
// revisions.
type storeContents struct {
	Articles  []server.ArticleSummary
	Revisions map[server.SetRef][]annotations.Revision
}

// contents reads everything s holds.
func contents(t *testing.T, s *sqlite.Store) storeContents {
	t.Helper()
	ctx := context.Background()
	list, err := s.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := storeContents{Articles: list, Revisions: map[server.SetRef][]annotations.Revision{}}
	sets, err := s.Sets(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range sets {
		if c.Revisions[ref], err = s.SetRevisions(ctx, ref); err != nil {
			t.Fatal(err)
		}
	}
	return c
}
