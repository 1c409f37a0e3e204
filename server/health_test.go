package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"syscall"
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

// unreachableStore is a store whose database's server cannot be reached
// (PostgreSQL down): listing the articles fails with a network error.
type unreachableStore struct{ server.Store }

func (unreachableStore) Articles(context.Context) ([]server.ArticleSummary, error) {
	return nil, fmt.Errorf("list articles: %w", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED})
}

// TestDatabaseUnreachable: a request that meets a database it cannot
// reach is a 503 unavailable with Retry-After, which clients retry, not a
// 500, and the server logs it.
func TestDatabaseUnreachable(t *testing.T) {
	e := newEnv(t, server.Options{})
	var logged strings.Builder
	e.handler = server.NewHandler(unreachableStore{e.store}, server.Options{Logger: slog.New(slog.NewTextHandler(&logged, nil)), Web: testWeb(), Hosts: []string{testHost}})
	r := e.admin(t).do(t, "GET", api.PathArticles, "", "")
	wantError(t, "GET articles", r, 503, api.CodeUnavailable, "the database does not answer: try again in a moment")
	if r.header.Get("Retry-After") == "" {
		t.Errorf("no Retry-After")
	}
	if !strings.Contains(logged.String(), "the database does not answer (503)") || !strings.Contains(logged.String(), "connection refused") {
		t.Errorf("the log lacks the unreachable database:\n%s", logged.String())
	}
}
