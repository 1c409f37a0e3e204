package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// holdRevisionsJS opens Gloss's IndexedDB database beside the page's own
// connection and holds its revisions store with a readwrite transaction
// that keeps itself alive, so that the page's writes to the store wait
// behind it until window.glossHold.release().
const holdRevisionsJS = `new Promise((resolve, reject) => {
  const req = indexedDB.open("gloss");
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const store = req.result.transaction(["revisions"], "readwrite").objectStore("revisions");
    let held = true;
    const spin = () => { if (held) store.get("hold").onsuccess = spin; };
    spin();
    window.glossHold = { release() { held = false; } };
    resolve(true);
  };
})`

// revisionCountJS counts the revisions the page's device keeps.
const revisionCountJS = `new Promise((resolve, reject) => {
  const req = indexedDB.open("gloss");
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const count = req.result.transaction(["revisions"]).objectStore("revisions").count();
    count.onsuccess = () => resolve(count.result);
    count.onerror = () => reject(count.error);
  };
})`

// waitKept waits until the page has written every edit to IndexedDB: its
// beforeunload listener no longer holds a leave back. A test that reloads
// or navigates right after an edit calls it first, as a user who leaves
// without being asked has waited those milliseconds.
func waitKept(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, `(() => { const e = new Event("beforeunload", {cancelable: true}); dispatchEvent(e); return !e.defaultPrevented; })()`, 10*time.Second)
}

// TestLeavingBeforeAnEditIsKeptAsks: an edit is shown at once and written
// to IndexedDB in the background; leaving the page while the write has not
// committed would lose it, so the browser asks first (beforeunload). Once
// the write has committed, the page reloads without asking and the edit is
// there.
func TestLeavingBeforeAnEditIsKeptAsks(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Unsaved", editorText)
	ctx := openArticleAs(t, srv, id, "uma")

	dialogs := make(chan page.EventJavascriptDialogOpening, 4)
	go func() {
		for ev, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			dialogs <- ev
		}
	}()

	evalAsync[bool](t, ctx, holdRevisionsJS)
	if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13)); got != "Rex Tillerson" {
		t.Fatalf("selected %q", got)
	}
	press(t, ctx, "1", 1) // a key press: the user activation a beforeunload dialog needs
	waitFor(t, ctx, `document.querySelectorAll("#article-text [data-annotation-id]").length === 1`, 5*time.Second)

	// Reload while the write waits: the browser asks; the user stays.
	evalJS[bool](t, ctx, `(setTimeout(() => location.reload(), 0), true)`)
	select {
	case ev := <-dialogs:
		if ev.Type != page.DialogTypeBeforeunload {
			t.Fatalf("a %s dialog opened, want beforeunload", ev.Type)
		}
		if _, err := chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false}); err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reloading while an edit is being written to IndexedDB did not ask before leaving")
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#article-text [data-annotation-id]").length`); n != 1 {
		t.Fatalf("after staying, %d highlights, want the edit's 1", n)
	}

	// Let the write commit, then reload: nothing to ask, the edit is kept.
	evalJS[bool](t, ctx, `window.glossHold.release() || true`)
	deadline := time.Now().Add(10 * time.Second)
	for evalAsync[int](t, ctx, revisionCountJS) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the edit's revision never reached IndexedDB after the hold was released")
		}
		time.Sleep(50 * time.Millisecond)
	}
	waitKept(t, ctx)
	navCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	navigated := make(chan error, 1)
	go func() { navigated <- chromedp.Do(navCtx, chromedp.Navigate(srv.URL+"/articles/"+id)) }()
	select {
	case ev := <-dialogs:
		t.Errorf("reloading with the edit kept opened a %s dialog", ev.Type)
		chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
	case err := <-navigated:
		if err != nil {
			t.Fatalf("reload: %v", err)
		}
	}
	waitApp(t, ctx)
	waitFor(t, ctx, `document.querySelectorAll("#article-text [data-annotation-id]").length === 1`, 10*time.Second)
}
