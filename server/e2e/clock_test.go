package e2e

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// clockAheadJS sets the page's clock (Date, which Go's time.Now reads in
// the browser) globalThis.clockAheadMs ahead: two days until a test
// changes it.
const clockAheadJS = `(() => {
  const RealDate = Date;
  globalThis.clockAheadMs = 2 * 24 * 3600 * 1000;
  globalThis.Date = class extends RealDate {
    constructor(...args) { if (args.length === 0) super(RealDate.now() + globalThis.clockAheadMs); else super(...args); }
    static now() { return RealDate.now() + globalThis.clockAheadMs; }
  };
})()`

// TestClockAheadIsToldAndSyncsOnceRight: an edit made while the device's
// clock is two days ahead is refused by the server: the sync badge says
// that the device's clock is wrong, and the edit stays pending. Once the
// clock is right, the edit syncs, dated by the right clock.
func TestClockAheadIsToldAndSyncsOnceRight(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Clock test", editorText)
	ctx := openArticleAs(t, srv, id, "eve")
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: clockAheadJS}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, articleReadyJS, 15*time.Second)

	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	evalJS[bool](t, ctx, `document.getElementById("article-text").focus() || true`)
	selectionIs(t, ctx, "Rex Tillerson")
	press(t, ctx, "1", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
	waitFor(t, ctx, `document.getElementById("sync-status").dataset.syncState === "error" && document.getElementById("sync-status").dataset.pending === "1" && document.querySelector(".sync-message")?.textContent.includes("your device's clock is wrong: this change is dated")`, 30*time.Second)

	start := time.Now().UnixMilli()
	evalJS[bool](t, ctx, `(globalThis.clockAheadMs = 0) === 0`)
	click(t, ctx, "#sync-status")
	waitFor(t, ctx, `document.getElementById("sync-status").dataset.syncState === "synced" && !document.querySelector(".sync-message")`, 30*time.Second)
	end := time.Now().UnixMilli()

	resp, err := srv.as(t, "eve").Get(srv.URL + api.PathPull)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var pulled api.PullResponse
	if err := json.NewDecoder(resp.Body).Decode(&pulled); err != nil {
		t.Fatal(err)
	}
	if len(pulled.Revisions) != 1 || pulled.Revisions[0].At < start || pulled.Revisions[0].At > end {
		t.Errorf("eve's revisions on the server: %+v; want the mention, dated from %d to %d", pulled.Revisions, start, end)
	}
}
