package server

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// The sign-in rate limit. A login may fail loginFreeFailures times; each
// failure after those makes the next attempt wait, loginFirstWait after
// the first and twice as long after each further one, up to maxSignInWait.
// A login's failures are forgotten loginForget after its last one, or at
// its next successful sign-in. A client address may fail addressFailures
// times in addressWindow, then waits for the window's end.
const (
	loginFreeFailures = 5
	loginFirstWait    = 15 * time.Second
	maxSignInWait     = 15 * time.Minute
	loginForget       = 24 * time.Hour
	addressFailures   = 20
	addressWindow     = 15 * time.Minute
	// maxTracked caps the logins, and the addresses, whose failures are
	// kept: beyond it the stale ones are dropped, then arbitrary ones.
	maxTracked = 10000
)

// signInLimiter counts failed sign-ins per login and per client address,
// in memory: one server process sees every sign-in while Gloss runs as one
// replica on SQLite; a store every replica shares comes with PostgreSQL.
// It is safe for concurrent use.
type signInLimiter struct {
	mu        sync.Mutex
	logins    map[string]*loginFailures
	addresses map[string]*addressWindowCount
}

// loginFailures are the failures of one login since it last signed in.
type loginFailures struct {
	count int
	last  time.Time
}

// addressWindowCount are the failures from one address in the window that
// began at start.
type addressWindowCount struct {
	count int
	start time.Time
}

func newSignInLimiter() *signInLimiter {
	return &signInLimiter{logins: map[string]*loginFailures{}, addresses: map[string]*addressWindowCount{}}
}

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

// wait returns how long a sign-in as login from addr must wait; 0 when it
// may be tried now. login "" (no account can have it) is not counted.
func (l *signInLimiter) wait(login, addr string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var d time.Duration
	if f, ok := l.logins[login]; ok && login != "" {
		d = f.last.Add(loginWait(f.count)).Sub(now)
	}
	if a, ok := l.addresses[addr]; ok && a.count >= addressFailures {
		d = max(d, a.start.Add(addressWindow).Sub(now))
	}
	return max(d, 0)
}

// failed counts a failed sign-in as login (unless "") from addr.
func (l *signInLimiter) failed(login, addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if login != "" {
		f, ok := l.logins[login]
		if !ok || now.Sub(f.last) > loginForget {
			if !ok && len(l.logins) >= maxTracked {
				l.evictLogins(now)
			}
			f = &loginFailures{}
			l.logins[login] = f
		}
		f.count++
		f.last = now
	}
	a, ok := l.addresses[addr]
	if !ok || now.Sub(a.start) >= addressWindow {
		if !ok && len(l.addresses) >= maxTracked {
			l.evictAddresses(now)
		}
		a = &addressWindowCount{start: now}
		l.addresses[addr] = a
	}
	a.count++
}

// succeeded forgets the failures of login.
func (l *signInLimiter) succeeded(login string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.logins, login)
}

// evictLogins makes room for one more login: it drops the logins whose
// failures are forgotten, and when none is, an arbitrary one.
func (l *signInLimiter) evictLogins(now time.Time) {
	for login, f := range l.logins {
		if now.Sub(f.last) > loginForget {
			delete(l.logins, login)
		}
	}
	for login := range l.logins {
		if len(l.logins) < maxTracked {
			break
		}
		delete(l.logins, login)
	}
}

// evictAddresses makes room for one more address: it drops those whose
// window ended, and when none has, an arbitrary one.
func (l *signInLimiter) evictAddresses(now time.Time) {
	for addr, a := range l.addresses {
		if now.Sub(a.start) >= addressWindow {
			delete(l.addresses, addr)
		}
	}
	for addr := range l.addresses {
		if len(l.addresses) < maxTracked {
			break
		}
		delete(l.addresses, addr)
	}
}

// clientAddress is the address a request's failures count against: the
// connection's IP address (X-Forwarded-For, which any client can write,
// is not read), an IPv6 address's /64 network, which one host commonly
// holds whole.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return host
	}
	if ip.To4() != nil {
		return ip.To4().String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}
