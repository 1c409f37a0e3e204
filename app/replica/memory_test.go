package replica_test

import (
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/gloss-annotate/gloss/app/replica/storetest"
)

// madeMemoryStore is a MemoryStore that takes the revisions the device
// makes as storetest.Maker asks.
type madeMemoryStore struct{ *replica.MemoryStore }

func (m madeMemoryStore) AddMade(revs ...annotations.Revision) error {
	for _, r := range revs {
		m.Add(r, true)
	}
	return nil
}

// TestMemoryStoreContract runs the replica.Store contract on MemoryStore.
func TestMemoryStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) replica.Store {
		return madeMemoryStore{replica.NewMemoryStore()}
	})
}
