//go:build js

package app

import (
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestDatabaseUpgradeAddsHistory opens a database made by version 1 (its
// three stores, an article in it) with this version: the upgrade adds the
// history store and keeps what was there; a history kept reads back.
func TestDatabaseUpgradeAddsHistory(t *testing.T) {
	dropDatabase(t)
	t.Cleanup(func() { dropDatabase(t) })
	req := app.Window().Get("indexedDB").Call("open", dbName, 1)
	upgrade := app.FuncOf(func(this app.Value, args []app.Value) any {
		db := req.Get("result")
		db.Call("createObjectStore", "articles", map[string]any{"keyPath": "id"})
		revs := db.Call("createObjectStore", "revisions", map[string]any{"keyPath": "rev"})
		revs.Call("createIndex", "set_id", "set_id")
		revs.Call("createIndex", "pending", "pending")
		db.Call("createObjectStore", "meta", map[string]any{"keyPath": "key"})
		req.Get("transaction").Call("objectStore", "articles").Call("put", map[string]any{"id": "old", "json": "{}", "uploaded": 1})
		return nil
	})
	defer upgrade.Release()
	req.Set("onupgradeneeded", upgrade)
	old, err := awaitRequest(req)
	if err != nil {
		t.Fatalf("open version 1: %v", err)
	}
	old.Call("close")

	db, err := database()
	if err != nil {
		t.Fatalf("open version %d over version 1: %v", dbVersion, err)
	}
	if v := db.Get("version").Int(); v != dbVersion {
		t.Errorf("the database is at version %d, want %d", v, dbVersion)
	}
	for _, store := range []string{"articles", "revisions", "meta", "history"} {
		if !db.Get("objectStoreNames").Call("contains", store).Bool() {
			t.Errorf("no %s store after the upgrade", store)
		}
	}
	var got app.Value
	if err := transaction("readonly", []string{"articles"}, func(tx app.Value) error {
		got = tx.Call("objectStore", "articles").Call("get", "old")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if rec := got.Get("result"); !rec.Truthy() || rec.Get("uploaded").Int() != 1 {
		t.Error("the article stored by version 1 is gone after the upgrade")
	}

	// A history kept reads back, per set; a set without one has none.
	a, err := annotations.NewArticle("T", "Rex Tillerson said.", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	ed, err := newEditor(a, "", "ana", nil)
	if err != nil {
		t.Fatal(err)
	}
	rev, _, err := ed.tag(0, 13, "PER")
	if err != nil {
		t.Fatal(err)
	}
	setID := annotations.SetKey{ArticleID: a.ID, Annotator: "ana"}.ID()
	b, err := encodeHistory(history{done: [][]annotations.Revision{{rev}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := putHistory(setID, b); err != nil {
		t.Fatalf("keep a history: %v", err)
	}
	h := storedHistory(setID)
	if len(h.done) != 1 || len(h.done[0]) != 1 || h.done[0][0].ID != rev.ID || len(h.undone) != 0 {
		t.Errorf("the history read back is %+v, want the one edit kept", h)
	}
	for _, other := range []annotations.SetKey{
		{ArticleID: a.ID, Annotator: "someone else"},
		{Project: "climate", ArticleID: a.ID, Annotator: "ana"}, // the same article in another project
	} {
		if h := storedHistory(other.ID()); len(h.done) != 0 {
			t.Errorf("the history of set %+v is %+v, want none", other, h)
		}
	}
}
