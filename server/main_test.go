package server_test

import (
	"os"
	"testing"

	"github.com/gloss-annotate/gloss/server/postgres/pgtest"
)

// TestMain stops the throwaway PostgreSQL cluster that the tests of
// replicas start (pgtest), if one did.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
