package server

import (
	"net/http/httptest"
	"net/netip"
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

// TestSignInWait: the wait follows the counts the store keeps, and counts
// that are over (a login's forgotten failures, an address's ended window)
// make no one wait.
func TestSignInWait(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name  string
		login string
		lf    LoginFailures
		af    AddressFailures
		want  time.Duration
	}{
		{"nothing counted", "ana", LoginFailures{}, AddressFailures{}, 0},
		{"free failures", "ana", LoginFailures{Count: 4, Last: now}, AddressFailures{Count: 4, Start: now}, 0},
		{"fifth failure just now", "ana", LoginFailures{Count: 5, Last: now}, AddressFailures{}, 15 * time.Second},
		{"fifth failure 10 s ago", "ana", LoginFailures{Count: 5, Last: now.Add(-10 * time.Second)}, AddressFailures{}, 5 * time.Second},
		{"login forgotten", "ana", LoginFailures{Count: 30, Last: now.Add(-loginForget - time.Second)}, AddressFailures{}, 0},
		{"no login counted", "", LoginFailures{Count: 30, Last: now}, AddressFailures{}, 0},
		{"address at its cap", "ana", LoginFailures{}, AddressFailures{Count: addressFailures, Start: now.Add(-5 * time.Minute)}, 10 * time.Minute},
		{"address window ended", "ana", LoginFailures{}, AddressFailures{Count: 99, Start: now.Add(-addressWindow)}, 0},
		{"the longer wait", "ana", LoginFailures{Count: 6, Last: now}, AddressFailures{Count: addressFailures, Start: now}, addressWindow},
	} {
		if got := signInWait(tt.login, tt.lf, tt.af, now); got != tt.want {
			t.Errorf("%s: signInWait = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestClientAddress: the connection's address counts, or, from a trusted
// proxy, the nearest untrusted address X-Forwarded-For names.
func TestClientAddress(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	for _, tt := range []struct {
		remote    string
		forwarded []string
		trusted   []netip.Prefix
		want      string
	}{
		{"198.51.100.7:4000", nil, nil, "198.51.100.7"},
		{"198.51.100.7:4000", []string{"203.0.113.1"}, nil, "198.51.100.7"},     // X-Forwarded-For is not read
		{"198.51.100.7:4000", []string{"203.0.113.1"}, trusted, "198.51.100.7"}, // nor from an untrusted peer
		{"[2001:db8:1:2:3:4:5:6]:443", nil, nil, "2001:db8:1:2::/64"},
		{"[::ffff:198.51.100.7]:80", nil, nil, "198.51.100.7"},
		{"not an address", nil, nil, "not an address"},
		{"10.1.2.3:5000", nil, trusted, "10.1.2.3"},
		{"10.1.2.3:5000", []string{"203.0.113.1"}, trusted, "203.0.113.1"},
		// A client's own X-Forwarded-For is to the left of what the proxy
		// added: it is never taken.
		{"10.1.2.3:5000", []string{"192.0.2.66, 203.0.113.1"}, trusted, "203.0.113.1"},
		{"10.1.2.3:5000", []string{"192.0.2.66", "203.0.113.1, 10.9.9.9"}, trusted, "203.0.113.1"},
		{"10.1.2.3:5000", []string{"2001:db8:1:2:3:4:5:6"}, trusted, "2001:db8:1:2::/64"},
		{"[fd00::1]:5000", []string{"::ffff:203.0.113.1"}, trusted, "203.0.113.1"},
		{"10.1.2.3:5000", []string{"garbage, 203.0.113.1"}, trusted, "203.0.113.1"},
		{"10.1.2.3:5000", []string{"203.0.113.1, garbage"}, trusted, "10.1.2.3"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		for _, f := range tt.forwarded {
			r.Header.Add("X-Forwarded-For", f)
		}
		if got := clientAddress(r, tt.trusted); got != tt.want {
			t.Errorf("clientAddress(%q, X-Forwarded-For %q) = %q; want %q", tt.remote, tt.forwarded, got, tt.want)
		}
	}
}
