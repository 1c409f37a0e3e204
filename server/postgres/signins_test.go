package postgres_test

import (
	"testing"

	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/storetest"
)

// TestSignInsContract runs the stores' sign-in failure cases
// (server/storetest).
func TestSignInsContract(t *testing.T) {
	storetest.SignIns(t, func(t *testing.T) server.SignInFailures { return openStore(t) })
}

// TestPingContract runs the stores' Ping case (server/storetest).
func TestPingContract(t *testing.T) {
	storetest.Ping(t, func(t *testing.T) storetest.PingStore { return openStore(t) })
}
