//go:build js

package app

import (
	"sync"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/gloss-annotate/gloss/app/replica/storetest"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestIDBStoreContract runs the replica.Store contract on idbStore, the
// browser's IndexedDB, each case on a new database. It runs in a browser
// only: server/e2e's TestAppWasmTestsInChromium builds this package's
// tests for js/wasm and runs them in Chromium.
func TestIDBStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) replica.Store {
		freshDatabase(t)
		return madeIDBStore{}
	})
}

// madeIDBStore is idbStore with the editor's way of storing the revisions
// the device makes, as storetest.Maker asks.
type madeIDBStore struct{ idbStore }

func (madeIDBStore) AddMade(revs ...annotations.Revision) error { return addLocalRevisions(revs...) }

// freshDatabase deletes the page's database and opens it anew, empty, for
// one test; the test's end closes and deletes it.
func freshDatabase(t *testing.T) {
	t.Helper()
	dropDatabase(t)
	if _, err := database(); err != nil {
		t.Fatalf("open a new database: %v", err)
	}
	t.Cleanup(func() { dropDatabase(t) })
}

// dropDatabase closes this page's connection and deletes the database,
// then lets the next database() call open it again. It opens the
// connection first if it never was (the package's init may be opening it
// still): once the connection is closed, nothing holds the deletion.
func dropDatabase(t *testing.T) {
	t.Helper()
	if db, err := database(); err == nil {
		db.Call("close")
	}
	req := app.Window().Get("indexedDB").Call("deleteDatabase", dbName)
	done := make(chan string, 1)
	on := func(event string) app.Func {
		return app.FuncOf(func(this app.Value, args []app.Value) any {
			problem := ""
			switch event {
			case "error":
				problem = "failed: " + jsError(req.Get("error")).Error()
			case "blocked":
				problem = "blocked: a connection to it is still open"
			}
			select {
			case done <- problem: // the first event tells
			default: // a success after blocked: the test has failed already
			}
			return nil
		})
	}
	for _, event := range []string{"success", "error", "blocked"} {
		f := on(event)
		defer f.Release()
		req.Set("on"+event, f)
	}
	if problem := <-done; problem != "" {
		t.Fatalf("delete the database %q: %s", dbName, problem)
	}
	idbOnce, idbConn, idbErr = sync.Once{}, nil, nil
	databaseLetGo.Store(false)
}
