package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
)

// downStore is a store whose database does not answer.
type downStore struct{ server.Store }

func (downStore) Ping(context.Context) error { return errors.New("connection refused") }

// TestHealth: GET /api/v1/health answers 200 with the version while the
// database answers, 503 unavailable (JSON, no-store) when it does not;
// nobody needs to be signed in.
func TestHealth(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v-test"})
	r := e.anonymous().do(t, "GET", api.PathHealth, "", "")
	var h api.Health
	if r.status != 200 || json.Unmarshal([]byte(r.body), &h) != nil || h != (api.Health{Status: "ok", Version: "v-test"}) {
		t.Errorf("health: %d %s; want 200 ok v-test", r.status, r.body)
	}
	e.handler = server.NewHandler(downStore{e.store}, server.Options{Logger: discardLogger(), Web: testWeb(), Hosts: []string{testHost}})
	r = e.anonymous().do(t, "GET", api.PathHealth, "", "")
	if r.status != 503 || errorOf(t, r).Code != api.CodeUnavailable || r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("health of a server whose database is down: %d %s %q; want 503 unavailable, no-store", r.status, r.body, r.header.Get("Cache-Control"))
	}
}
