package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"
)

// The sign-in rate limit. A login may fail loginFreeFailures times; each
// failure after those makes the next attempt wait, loginFirstWait after
// the first and twice as long after each further one, up to maxSignInWait.
// A login's failures are forgotten loginForget after its last one, or at
// its next successful sign-in. A client address may fail addressFailures
// times in addressWindow, then waits for the window's end. The store
// counts the failures (SignInFailures), shared by every replica.
const (
	loginFreeFailures = 5
	loginFirstWait    = 15 * time.Second
	maxSignInWait     = 15 * time.Minute
	loginForget       = 24 * time.Hour
	addressFailures   = 20
	addressWindow     = 15 * time.Minute
)

// loginWait is how long a login that failed n times waits after its last
// failure before it may try again.
func loginWait(n int) time.Duration {
	if n < loginFreeFailures {
		return 0
	}
	if n-loginFreeFailures >= 16 { // far past the cap; no overflow
		return maxSignInWait
	}
	return min(loginFirstWait<<(n-loginFreeFailures), maxSignInWait)
}

// signInWait returns how long a sign-in as login from addr must wait,
// given their failures (SignInFailures); 0 when it may be tried now. login
// "" (no account can have it) is not counted.
func signInWait(login string, lf LoginFailures, af AddressFailures, now time.Time) time.Duration {
	var d time.Duration
	if login != "" && lf.Count > 0 && now.Sub(lf.Last) <= loginForget {
		d = lf.Last.Add(loginWait(lf.Count)).Sub(now)
	}
	if af.Count >= addressFailures && now.Sub(af.Start) < addressWindow {
		d = max(d, af.Start.Add(addressWindow).Sub(now))
	}
	return max(d, 0)
}

// clientAddress is the address a request's failures count against: the
// connection's IP address, an IPv6 address's /64 network, which one host
// commonly holds whole. X-Forwarded-For, which any client can write, is
// read only when the connection comes from a trusted proxy (the load
// balancer in front of replicas): then the address is the rightmost one
// there that is not a trusted proxy's, the one the nearest untrusted hop
// connected from.
func clientAddress(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if isTrusted(ip, trusted) {
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // a hop that is no address: the last good one stands
			}
			ip = hop.Unmap()
			if !isTrusted(ip, trusted) {
				break
			}
		}
	}
	return limitAddress(ip)
}

// limitAddress is the address whose failures ip's sign-ins count against:
// ip itself, or an IPv6 address's /64 network.
func limitAddress(ip netip.Addr) string {
	if ip.Is4() {
		return ip.String()
	}
	network, _ := ip.Prefix(64)
	return network.String()
}

// SignInAddress returns the address whose sign-in failures the server
// counts for the IP address ip (an IPv6 address's /64 network), for an
// operator who clears them (Store.ClearAddressFailures).
func SignInAddress(ip string) (string, error) {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return "", fmt.Errorf("%q is no IP address (192.0.2.7 or 2001:db8::7)", ip)
	}
	return limitAddress(a.Unmap()), nil
}

// isTrusted reports whether ip is in one of the trusted networks.
func isTrusted(ip netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
