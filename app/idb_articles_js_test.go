//go:build js

package app

import (
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestArticleRecordKeepsTheDevicesChanges: an article stored again (the
// sync's upload, a download from the server) keeps what the user set on
// this device: its archived state, and, until the server has heard of it,
// its new title. A record written before these fields reads as neither
// archived nor pending.
func TestArticleRecordKeepsTheDevicesChanges(t *testing.T) {
	freshDatabase(t)
	a, err := annotations.NewArticle("Server's title", "Rex Tillerson met Sergey Lavrov.", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	renamed := a
	renamed.Title = "Renamed here"
	if err := putArticleMeta(localArticle{Article: renamed, Archived: true, MetaPending: true}); err != nil {
		t.Fatal(err)
	}
	if err := putArticle(localArticle{Article: a, Uploaded: true}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := getArticle(a.ID)
	if err != nil || !ok {
		t.Fatalf("getArticle = %v, %v", ok, err)
	}
	if got.Article.Title != "Renamed here" || !got.Archived || !got.MetaPending || !got.Uploaded {
		t.Errorf("after putArticle, the record is %+v; want the device's title, archived, pending and uploaded", got)
	}

	// Once sent, the server's title is taken again; archived stays.
	got.MetaPending = false
	if err := putArticleMeta(got); err != nil {
		t.Fatal(err)
	}
	if err := putArticle(localArticle{Article: a, Uploaded: true}); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := getArticle(a.ID); got.Article.Title != "Server's title" || !got.Archived || got.MetaPending {
		t.Errorf("with nothing pending, the record is %+v; want the server's title, still archived", got)
	}

	// A record of the shape before archiving existed.
	old, err := annotations.NewArticle("Old", "An article stored by an older Gloss.", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b := `{"id":"` + old.ID + `","title":"Old","text":"An article stored by an older Gloss.","created":"2026-01-01T00:00:00Z"}`
	if err := transaction("readwrite", []string{"articles"}, func(tx app.Value) error {
		tx.Call("objectStore", "articles").Call("put", map[string]any{"id": old.ID, "json": b, "uploaded": 1})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := getArticle(old.ID); err != nil || !ok || got.Archived || got.MetaPending || !got.Uploaded {
		t.Errorf("an old record reads %+v (%v, %v); want uploaded, not archived, nothing pending", got, ok, err)
	}

	if err := deleteLocalArticle(old.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := getArticle(old.ID); ok || err != nil {
		t.Errorf("after deleteLocalArticle, getArticle = %v, %v; want gone", ok, err)
	}
}
