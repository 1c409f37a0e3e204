package postgres_test

import (
	"context"
	"testing"

	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/postgres"
	"github.com/gloss-annotate/gloss/server/postgres/pgtest"
	"github.com/gloss-annotate/gloss/server/storetest"
)

// TestResultsContract runs the stores' cases of kept results
// (server/storetest).
func TestResultsContract(t *testing.T) {
	storetest.Results(t, func(t *testing.T) server.Results { return openStore(t) })
}

// TestExclusivelyAcrossReplicas: stores of one database, as replicas of
// the server have, take turns in Exclusively.
func TestExclusivelyAcrossReplicas(t *testing.T) {
	dsn := pgtest.Database(t)
	open := func(t *testing.T) server.Results {
		s, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	storetest.Exclusive(t, open(t), open)
}
