package server

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func TestLoginWait(t *testing.T) {
	for _, tt := range []struct {
		failures int
		want     time.Duration
	}{
		{0, 0}, {4, 0}, {5, 15 * time.Second}, {6, 30 * time.Second}, {7, time.Minute},
		{10, 8 * time.Minute}, {11, 15 * time.Minute}, {40, 15 * time.Minute}, {1 << 30, 15 * time.Minute},
	} {
		if got := loginWait(tt.failures); got != tt.want {
			t.Errorf("loginWait(%d) = %v; want %v", tt.failures, got, tt.want)
		}
	}
}

// TestSignInLimiterBounded: however many logins and addresses fail, the
// limiter keeps at most maxTracked of each, dropping the stale first.
func TestSignInLimiterBounded(t *testing.T) {
	l := newSignInLimiter()
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for i := range maxTracked + 500 {
		l.failed("login"+strconv.Itoa(i), "addr"+strconv.Itoa(i), start)
	}
	if len(l.logins) > maxTracked || len(l.addresses) > maxTracked {
		t.Fatalf("%d logins, %d addresses kept; want at most %d", len(l.logins), len(l.addresses), maxTracked)
	}
	// A day later the old entries are stale: the next failures drop them
	// all, and the newest are kept whole.
	later := start.Add(loginForget + time.Minute)
	l.failed("fresh", "fresh-addr", later)
	if len(l.logins) != 1 || len(l.addresses) != 1 {
		t.Errorf("%d logins, %d addresses after the stale ones went; want 1 and 1", len(l.logins), len(l.addresses))
	}
	if l.logins["fresh"] == nil || l.addresses["fresh-addr"] == nil {
		t.Error("the newest failure was not kept")
	}
}

func TestClientAddress(t *testing.T) {
	for _, tt := range []struct{ remote, forwarded, want string }{
		{"198.51.100.7:4000", "", "198.51.100.7"},
		{"198.51.100.7:4000", "203.0.113.1", "198.51.100.7"}, // X-Forwarded-For is not read
		{"[2001:db8:1:2:3:4:5:6]:443", "", "2001:db8:1:2::/64"},
		{"[::ffff:198.51.100.7]:80", "", "198.51.100.7"},
		{"not an address", "", "not an address"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		if tt.forwarded != "" {
			r.Header.Set("X-Forwarded-For", tt.forwarded)
		}
		if got := clientAddress(r); got != tt.want {
			t.Errorf("clientAddress(%q) = %q; want %q", tt.remote, got, tt.want)
		}
	}
}
