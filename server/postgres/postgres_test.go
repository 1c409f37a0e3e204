package postgres_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/gloss-annotate/gloss/server/postgres"
	"github.com/gloss-annotate/gloss/server/postgres/pgtest"
	"github.com/gloss-annotate/gloss/server/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// openStore opens a store on a new database of the test's cluster.
func openStore(t testing.TB) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestArticlesContract runs the stores' article cases (server/storetest).
func TestArticlesContract(t *testing.T) {
	storetest.Articles(t, func(t *testing.T) storetest.ArticleStore { return openStore(t) })
}

// TestOpenTwiceMigratesOnce: replicas opening one database together apply
// each step once, and a second open finds the schema up to date.
func TestOpenTwiceMigratesOnce(t *testing.T) {
	dsn := pgtest.Database(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				// A new database is made, not upgraded.
				if from, to := s.SchemaUpgrade(); from != 0 || to != 0 {
					err = fmt.Errorf("SchemaUpgrade() = %d, %d of a new database, want 0, 0", from, to)
				}
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("open: %v", err)
		}
	}
}
