package postgres_test

import (
	"testing"

	"github.com/gloss-annotate/gloss/server/storetest"
)

// TestRevisionsContract runs the stores' revision cases (server/storetest).
func TestRevisionsContract(t *testing.T) {
	storetest.Revisions(t, func(t *testing.T) storetest.RevisionStore { return openStore(t) })
}
