package sqlite_test

import (
	"testing"

	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/storetest"
)

// TestResultsContract runs the stores' cases of kept results
// (server/storetest).
func TestResultsContract(t *testing.T) {
	storetest.Results(t, func(t *testing.T) server.Results { return openStore(t, t.TempDir()) })
}
