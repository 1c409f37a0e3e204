package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
)

// TestHostCheck: the server answers for IP addresses, localhost and the
// names it is given, and refuses any other Host with a 421 misdirected
// (JSON, not cached), API and pages alike: a page whose domain was made to
// resolve to the server (DNS rebinding) reaches nothing.
func TestHostCheck(t *testing.T) {
	e := newEnv(t, server.Options{Hosts: []string{"gloss.example.org"}})
	tests := []struct {
		host   string
		served bool
	}{
		{"127.0.0.1:8080", true},
		{"127.0.0.1", true},
		{"[::1]:8080", true},
		{"192.168.1.20:8080", true},
		{"localhost:8080", true},
		{"LOCALHOST.", true},
		{"gloss.example.org", true},
		{"Gloss.Example.Org.:443", true},
		{testHost, true}, // the test environment's own name
		{"evil.example", false},
		{"evil.example:8080", false},
		{"localhost.evil.example", false},
		{"127.0.0.1.evil.example", false},
		{"gloss.example.org.evil.example", false},
		{"", false},
	}
	for _, tt := range tests {
		for _, path := range []string{"/api/v1/articles", "/"} {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Host = tt.host
			e.authorize(req)
			rec := httptest.NewRecorder()
			e.handler.ServeHTTP(rec, req)
			if tt.served {
				if rec.Code != http.StatusOK {
					t.Errorf("Host %q, %s: status %d, want 200: %s", tt.host, path, rec.Code, rec.Body)
				}
				continue
			}
			var body api.ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != http.StatusMisdirectedRequest || body.Error.Code != api.CodeMisdirected {
				t.Errorf("Host %q, %s: status %d, %s (%v); want 421 misdirected", tt.host, path, rec.Code, rec.Body, err)
			}
			if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Host %q, %s: Cache-Control %q, want no-store", tt.host, path, cc)
			}
		}
	}
	// The health check answers any host: a load balancer asks by a name
	// of its own. Only GET (and HEAD) of it.
	for _, tt := range []struct {
		method string
		want   int
	}{{http.MethodGet, http.StatusOK}, {http.MethodHead, http.StatusOK}, {http.MethodPost, http.StatusMisdirectedRequest}} {
		req := httptest.NewRequest(tt.method, api.PathHealth, nil)
		req.Host = "gloss.service.internal:8080"
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("%s %s from another host: %d %s, want %d", tt.method, api.PathHealth, rec.Code, rec.Body, tt.want)
		}
	}
}
