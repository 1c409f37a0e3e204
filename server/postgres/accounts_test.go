package postgres_test

import (
	"testing"

	"github.com/gloss-annotate/gloss/server/storetest"
)

// TestAccountsContract runs the stores' account cases (server/storetest).
func TestAccountsContract(t *testing.T) {
	storetest.Accounts(t, func(t *testing.T) storetest.AccountStore { return openStore(t) })
}

// TestProjectsContract runs the stores' project cases (server/storetest).
func TestProjectsContract(t *testing.T) {
	storetest.Projects(t, func(t *testing.T) storetest.ProjectStore { return openStore(t) })
}
