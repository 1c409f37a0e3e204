package replica

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// transportFunc is a Transport made of a function.
type transportFunc func(ctx context.Context, method, path string, body []byte) (int, []byte, error)

func (f transportFunc) RoundTrip(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	return f(ctx, method, path, body)
}

// pendingDevice returns a device store with one pending mention of ann on
// an article the server has.
func pendingDevice(t *testing.T) (*MemoryStore, annotations.Revision) {
	t.Helper()
	a, mine, _ := resyncArticle(t)
	store := NewMemoryStore()
	if err := store.PutArticle(a, true); err != nil {
		t.Fatal(err)
	}
	store.Add(mine, true)
	return store, mine
}

// TestRoundKeepsPendingWhenTheDiskIsFull: a push answered 507
// storage_full stops the round with the server's message, and the edit
// stays pending.
func TestRoundKeepsPendingWhenTheDiskIsFull(t *testing.T) {
	store, mine := pendingDevice(t)
	full, err := json.Marshal(api.ErrorBody{Error: api.Errorf(api.CodeStorageFull, "the server's disk is full; nothing was stored")})
	if err != nil {
		t.Fatal(err)
	}
	client := &Client{Transport: transportFunc(func(_ context.Context, method, path string, _ []byte) (int, []byte, error) {
		if path == api.PathPush {
			return api.StatusOf(api.CodeStorageFull), full, nil
		}
		if strings.HasPrefix(path, api.PathPull+"?") {
			return 200, []byte(`{"revisions":[],"cursor":""}`), nil
		}
		t.Errorf("unexpected request %s %s", method, path)
		return 500, nil, nil
	})}
	out := Round(context.Background(), store, client, "ann")
	var se *ServerError
	if !errors.As(out.Err, &se) || se.Status != 507 || se.Code != api.CodeStorageFull || !strings.Contains(out.Err.Error(), "disk is full") {
		t.Errorf("round error = %v, want the server's 507 storage_full message", out.Err)
	}
	pending, err := store.Pending()
	if err != nil || len(pending) != 1 || pending[0].Revision.ID != mine.ID {
		t.Errorf("pending after a full disk = %v, %v; want the edit", pending, err)
	}
}

// TestClientTimesOut: a server that never answers is offline after the
// client's timeout, and the round keeps its edit pending.
func TestClientTimesOut(t *testing.T) {
	store, _ := pendingDevice(t)
	client := &Client{Timeout: 20 * time.Millisecond, Transport: transportFunc(func(ctx context.Context, _, _ string, _ []byte) (int, []byte, error) {
		<-ctx.Done() // never answers
		return 0, nil, ctx.Err()
	})}
	out := Round(context.Background(), store, client, "ann")
	if !errors.Is(out.Err, ErrOffline) || !strings.Contains(out.Err.Error(), "no answer within 20ms") {
		t.Errorf("round error = %v, want offline after the timeout", out.Err)
	}
	if n, err := CountPending(store, "ann"); err != nil || n != 1 {
		t.Errorf("pending after a timeout = %d, %v; want 1", n, err)
	}
}

// TestPushDatesNoChangeAfterTheClock: a change dated after the device's
// clock (made while the clock was ahead, since set right) goes dated when
// it is sent, so that the server, which refuses one more than a day
// ahead, takes it; one dated before goes as it was.
func TestPushDatesNoChangeAfterTheClock(t *testing.T) {
	a, ahead, before := resyncArticle(t)
	ahead.At = time.Now().AddDate(1, 0, 0).UnixMilli()
	before.At = time.Now().Add(-time.Hour).UnixMilli()
	store := NewMemoryStore()
	if err := store.PutArticle(a, true); err != nil {
		t.Fatal(err)
	}
	store.Add(ahead, true)
	store.Add(before, true)
	srv := applyingServer()
	start := time.Now().UnixMilli()
	if err := Push(context.Background(), store, srv, "ann"); err != nil {
		t.Fatal(err)
	}
	end := time.Now().UnixMilli()
	sent := map[string]int64{}
	for _, r := range srv.pushed {
		sent[r.ID] = r.At
	}
	if at, ok := sent[ahead.ID]; !ok || at < start || at > end {
		t.Errorf("the change made a year ahead went dated %d (sent %v); want between %d and %d, when it was sent", at, ok, start, end)
	}
	if at, ok := sent[before.ID]; !ok || at != before.At {
		t.Errorf("the change made an hour ago went dated %d (sent %v); want %d", at, ok, before.At)
	}
}
