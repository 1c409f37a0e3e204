package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/server"
)

// SignIns runs the cases of server.SignInFailures on stores open returns,
// each empty.
func SignIns(t *testing.T, open func(t *testing.T) server.SignInFailures) {
	const forget, window = 24 * time.Hour, 15 * time.Minute
	ctx := context.Background()
	check := func(t *testing.T, s server.SignInFailures, login, addr string, wantLogin server.LoginFailures, wantAddr server.AddressFailures) {
		t.Helper()
		lf, af, err := s.SignInFailures(ctx, login, addr)
		if err != nil {
			t.Fatal(err)
		}
		if lf.Count != wantLogin.Count || !lf.Last.Equal(wantLogin.Last) {
			t.Errorf("failures of %q = %d, last %v; want %d, last %v", login, lf.Count, lf.Last, wantLogin.Count, wantLogin.Last)
		}
		if af.Count != wantAddr.Count || !af.Start.Equal(wantAddr.Start) {
			t.Errorf("failures from %q = %d since %v; want %d since %v", addr, af.Count, af.Start, wantAddr.Count, wantAddr.Start)
		}
	}
	add := func(t *testing.T, s server.SignInFailures, login, addr string, at time.Time) {
		t.Helper()
		if err := s.AddSignInFailure(ctx, login, addr, at, forget, window); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("Counts", func(t *testing.T) {
		s := open(t)
		check(t, s, "ana", "192.0.2.1", server.LoginFailures{}, server.AddressFailures{})
		add(t, s, "ana", "192.0.2.1", t0)
		add(t, s, "ana", "192.0.2.2", t0.Add(time.Second))
		add(t, s, "", "192.0.2.1", t0.Add(2*time.Second)) // no login: the address only
		check(t, s, "ana", "192.0.2.1", server.LoginFailures{Count: 2, Last: t0.Add(time.Second)}, server.AddressFailures{Count: 2, Start: t0})
		check(t, s, "ana", "192.0.2.2", server.LoginFailures{Count: 2, Last: t0.Add(time.Second)}, server.AddressFailures{Count: 1, Start: t0.Add(time.Second)})
		check(t, s, "", "192.0.2.9", server.LoginFailures{}, server.AddressFailures{})
	})
	t.Run("StartOver", func(t *testing.T) {
		s := open(t)
		add(t, s, "ana", "192.0.2.1", t0)
		add(t, s, "ana", "192.0.2.1", t0.Add(time.Minute))
		// The address's window ended, and the login's failures are not
		// forgotten yet.
		later := t0.Add(window + time.Minute)
		add(t, s, "ana", "192.0.2.1", later)
		check(t, s, "ana", "192.0.2.1", server.LoginFailures{Count: 3, Last: later}, server.AddressFailures{Count: 1, Start: later})
		// A day after the last failure, the login starts over too.
		muchLater := later.Add(forget + time.Second)
		add(t, s, "ana", "192.0.2.1", muchLater)
		check(t, s, "ana", "192.0.2.1", server.LoginFailures{Count: 1, Last: muchLater}, server.AddressFailures{Count: 1, Start: muchLater})
	})
	t.Run("StaleDeleted", func(t *testing.T) {
		// Counts that are over go at the next failure of anyone: a
		// sprayed login does not stay forever.
		s := open(t)
		add(t, s, "bob", "192.0.2.1", t0)
		add(t, s, "ana", "192.0.2.2", t0.Add(forget+time.Second))
		check(t, s, "bob", "192.0.2.1", server.LoginFailures{}, server.AddressFailures{})
	})
	t.Run("Clear", func(t *testing.T) {
		s := open(t)
		add(t, s, "ana", "192.0.2.1", t0)
		add(t, s, "bob", "192.0.2.1", t0)
		if err := s.ClearSignInFailures(ctx, "ana"); err != nil {
			t.Fatal(err)
		}
		// The address keeps its count: a success of one login does not
		// clear an address that tries many.
		check(t, s, "ana", "192.0.2.1", server.LoginFailures{}, server.AddressFailures{Count: 2, Start: t0})
		check(t, s, "bob", "192.0.2.1", server.LoginFailures{Count: 1, Last: t0}, server.AddressFailures{Count: 2, Start: t0})
	})
	t.Run("ClearAddress", func(t *testing.T) {
		s := open(t)
		add(t, s, "ana", "192.0.2.1", t0)
		add(t, s, "bob", "192.0.2.2", t0)
		if err := s.ClearAddressFailures(ctx, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		// The logins keep their counts, and other addresses theirs.
		check(t, s, "ana", "192.0.2.1", server.LoginFailures{Count: 1, Last: t0}, server.AddressFailures{})
		check(t, s, "bob", "192.0.2.2", server.LoginFailures{Count: 1, Last: t0}, server.AddressFailures{Count: 1, Start: t0})
	})
	t.Run("Concurrent", func(t *testing.T) {
		// Failures counted at once are each counted.
		s := open(t)
		const n = 20
		errs := make(chan error, n)
		for range n {
			go func() { errs <- s.AddSignInFailure(ctx, "ana", "192.0.2.1", t0, forget, window) }()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		check(t, s, "ana", "192.0.2.1", server.LoginFailures{Count: n, Last: t0}, server.AddressFailures{Count: n, Start: t0})
	})
}
