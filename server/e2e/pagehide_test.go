package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/domdebugger"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// recordWindowListenersJS runs before any script of a page: it records the
// type of every listener added to window, so that one added and removed
// again (as the unload listener was while the database opened) is seen too.
const recordWindowListenersJS = `window.__windowListeners = [];
(() => {
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    if (this === window) window.__windowListeners.push(type);
    return add.call(this, type, ...rest);
  };
})();`

// windowListenerTypes lists the types of the listeners on the window of
// ctx's page now, as Chromium's DevTools see them (onunload included).
func windowListenerTypes(t *testing.T, ctx context.Context) []string {
	t.Helper()
	win, err := chromedp.Call(ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: "window"})
	if err != nil {
		t.Fatalf("evaluate window: %v", err)
	}
	if win.ExceptionDetails != nil {
		t.Fatalf("evaluate window: %s", win.ExceptionDetails.Text)
	}
	res, err := chromedp.Call(ctx, domdebugger.GetEventListeners, domdebugger.GetEventListenersParams{ObjectID: win.Result.ObjectID})
	if err != nil {
		t.Fatalf("list the window's listeners: %v", err)
	}
	var types []string
	for _, l := range res.Listeners {
		types = append(types, l.Type)
	}
	return types
}

// TestNoUnloadListener opens the library and then an article in a new
// profile (the first open of the local database creates it) and checks
// that no page ever listens to unload, which browsers are removing and
// which keeps a page out of the back-forward cache; pagehide is listened
// to instead.
func TestNoUnloadListener(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Unload", editorText)
	ctx := newBrowser(t, "")
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordWindowListenersJS}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, srv, "una")
	for _, path := range []string{"/", "/articles/" + id} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
			t.Fatal(err)
		}
		waitApp(t, ctx)
		waitFor(t, ctx, `document.getElementById("library") || `+articleReadyJS, 15*time.Second)
		added := evalJS[[]string](t, ctx, `window.__windowListeners`)
		now := windowListenerTypes(t, ctx)
		for _, types := range [][]string{added, now} {
			for _, typ := range types {
				if typ == "unload" {
					t.Errorf("%s: the page listens to unload (added %v, now %v)", path, added, now)
				}
			}
		}
		if !strings.Contains(" "+strings.Join(now, " ")+" ", " pagehide ") {
			t.Errorf("%s: no pagehide listener on the window (now %v)", path, now)
		}
	}
}

// TestBackForwardCacheSeesCurrentData leaves an article for the library,
// tags a mention of it in another tab meanwhile, and goes back: the article
// page, whether the back-forward cache kept it or not, shows the mention,
// and an edit made there reaches the other tab (its database is open
// again, nothing hangs).
func TestBackForwardCacheSeesCurrentData(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Back", editorText)
	a := openArticleAs(t, srv, id, "bea")
	notUsed := bfcacheNotUsed(a)
	if err := chromedp.Do(a, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, a)

	b := openTab(t, a, srv.URL+"/articles/"+id)
	waitApp(t, b)
	waitFor(t, b, articleReadyJS, 15*time.Second)
	evalJS[string](t, b, fmt.Sprintf(selectCodePointsJS, 0, 13))
	keyDown(t, b, "1", false, false)
	mentionsAre(t, b, "Rex Tillerson|PER")
	waitKept(t, b)

	if err := chromedp.Do(a, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, a, `document.readyState === "complete" && !document.getElementById("app-wasm-loader") && `+articleReadyJS, 30*time.Second)
	select {
	case reasons := <-notUsed:
		t.Logf("the back-forward cache was not used: %v", reasons)
		for _, r := range reasons {
			if strings.Contains(r, "Unload") {
				t.Errorf("the back-forward cache was not used because of an unload handler: %v", reasons)
			}
		}
	default:
		t.Logf("the article page came back from the back-forward cache")
	}
	mentionsAre(t, a, "Rex Tillerson|PER")
	evalJS[string](t, a, fmt.Sprintf(selectCodePointsJS, 40, 53))
	keyDown(t, a, "2", false, false)
	waitKept(t, a)
	want := "Rex Tillerson|PER," + evalJS[string](t, a, fmt.Sprintf(selectCodePointsJS, 40, 53)) + "|ORG"
	mentionsAre(t, a, want)
	mentionsAre(t, b, want)
}

// holdOldDatabaseJS opens Gloss's database at version 1, as an older Gloss
// in another tab would, and keeps the connection open without ever
// letting go of it.
const holdOldDatabaseJS = `new Promise((resolve, reject) => {
  const req = indexedDB.open("gloss", 1);
  req.onerror = () => reject(req.error);
  req.onsuccess = () => { window.heldDatabase = req.result; resolve(req.result.version); };
})`

// TestBlockedOpenNotice: another tab holds the local database at an older
// version and does not let go. A new Gloss page says that it waits for the
// other tabs; once the other tab closes its connection, the notice goes and
// the library shows.
func TestBlockedOpenNotice(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	postArticle(t, srv, "Blocked", editorText)
	old := newBrowser(t, "")
	if err := chromedp.Do(old, chromedp.Navigate(srv.URL+"/web/icon.svg")); err != nil {
		t.Fatal(err)
	}
	signInByScript(t, old, srv, "bo") // the new page's library lists the articles
	if v := evalAsync[int](t, old, holdOldDatabaseJS); v != 1 {
		t.Fatalf("the old tab opened version %d, want 1", v)
	}
	ctx := openTab(t, old, srv.URL+"/")
	waitApp(t, ctx)
	waitFor(t, ctx, `!document.getElementById("database-notice").hidden && document.getElementById("database-notice").textContent.includes("waiting for its other tabs") && document.getElementById("database-reload").hidden`, 15*time.Second)
	evalJS[bool](t, old, `window.heldDatabase.close() || true`)
	waitFor(t, ctx, `document.getElementById("database-notice").hidden && document.querySelectorAll("#library li[data-article-id]").length === 2`, 15*time.Second)
}

// TestRestoredPageLoadsAgain leaves the library, once its database is open,
// for another page of the origin and comes back: Chromium restores the page
// from the back-forward cache (nothing keeps it out, no unload listener),
// and the page, whose connection pagehide closed, loads again (pageshow)
// and shows the library, with an article another tab added meanwhile.
func TestRestoredPageLoadsAgain(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := newBrowser(t, "")
	notUsed := bfcacheNotUsed(ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	signIn(t, ctx, srv, "rea")
	waitFor(t, ctx, `document.querySelectorAll("#library li[data-article-id]").length === 1`, 15*time.Second)
	evalJS[bool](t, ctx, `sessionStorage.setItem("firstLoad", String(performance.timeOrigin)) || true`)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/web/icon.svg")); err != nil {
		t.Fatal(err)
	}
	postArticle(t, srv, "Meanwhile", editorText)
	if err := chromedp.Do(ctx, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `sessionStorage.getItem("firstLoad") !== String(performance.timeOrigin) && performance.getEntriesByType("navigation")[0].type === "reload"`, 15*time.Second)
	select {
	case reasons := <-notUsed:
		t.Errorf("the back-forward cache was not used: %v", reasons)
	default:
	}
	waitApp(t, ctx)
	waitFor(t, ctx, `document.getElementById("database-notice").hidden && document.querySelectorAll("#library li[data-article-id]").length === 2`, 15*time.Second)
}

// bfcacheNotUsed returns a channel that receives the reasons Chromium gives
// each time it does not restore a page of ctx from the back-forward cache.
func bfcacheNotUsed(ctx context.Context) <-chan []string {
	notUsed := make(chan []string, 4)
	go func() {
		for e, err := range chromedp.Events(ctx, page.BackForwardCacheNotUsed) {
			if err != nil {
				return
			}
			var reasons []string
			for _, r := range e.NotRestoredExplanations {
				reasons = append(reasons, string(r.Reason))
			}
			select {
			case notUsed <- reasons:
			default:
			}
		}
	}()
	return notUsed
}
