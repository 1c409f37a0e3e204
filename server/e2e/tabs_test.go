package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// openTab opens url in a new tab of ctx's browser (the same profile: the
// same IndexedDB database) and returns the tab's context; the tab closes
// when the test ends.
func openTab(t *testing.T, ctx context.Context, url string) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s in a new tab: %v", url, err)
	}
	return tab
}

// keyDownJS sends the page's window a keydown of key, as the editor's
// shortcuts receive it; it works in a tab that does not have the focus.
const keyDownJS = `((key, ctrlKey, shiftKey) => window.dispatchEvent(new KeyboardEvent("keydown", {key, ctrlKey, shiftKey, bubbles: true, cancelable: true})) || true)(%q, %t, %t)`

// keyDown sends key (with Ctrl, with Shift) to the page of ctx.
func keyDown(t *testing.T, ctx context.Context, key string, ctrl, shift bool) {
	t.Helper()
	evalJS[bool](t, ctx, fmt.Sprintf(keyDownJS, key, ctrl, shift))
}

// mentionsJS lists the mentions drawn in the text, in text order, as
// "text|label" joined by commas. A mention drawn in several marks (a
// suggested quote's edge cuts it) is one, its marks' texts joined.
const mentionsJS = `(() => {
  const seen = new Map();
  for (const m of document.querySelectorAll("#article-text mark[data-label]")) {
    const key = m.dataset.annotationId + "|" + m.dataset.label;
    seen.set(key, (seen.get(key) ?? "") + m.textContent);
  }
  return [...seen].map(([key, text]) => text + "|" + key.split("|")[1]).join(",");
})()`

// mentionsAre waits until the page of ctx draws exactly the mentions want
// (mentionsJS's form).
func mentionsAre(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	waitFor(t, ctx, fmt.Sprintf(`%s === %s && document.getElementById("annotation-list")?.dataset.count === "%d"`, mentionsJS, jsString(want), countMentions(want)), 10*time.Second)
}

func countMentions(list string) int {
	if list == "" {
		return 0
	}
	n := 1
	for _, r := range list {
		if r == ',' {
			n++
		}
	}
	return n
}

// TestTabsShareEditsAndRelabel opens one article in two tabs of one
// browser, and the library in a third. A mention tagged in tab A shows in
// tab B without a reload, with B's pending count and the library's line;
// a label pressed on the same span in B relabels that mention (one
// mention, seen in both tabs) instead of adding a second one, pressing
// its label again does nothing, and undo and redo of the relabel show in
// both tabs. The server is stopped meanwhile, so that only the tabs can
// tell each other; once it is back, it has the one mention.
func TestTabsShareEditsAndRelabel(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Tabs", editorText)
	a := openArticleAs(t, srv, id, "tia")
	b := openTab(t, a, srv.URL+"/articles/"+id)
	waitApp(t, b)
	waitFor(t, b, articleReadyJS, 15*time.Second)
	lib := openTab(t, a, srv.URL+"/")
	waitApp(t, lib)
	line := fmt.Sprintf(`(document.querySelector('#library li[data-article-id="%s"] .meta')?.textContent || "")`, id)
	waitFor(t, lib, line+`.includes("on this device")`, 15*time.Second)
	for _, ctx := range []context.Context{a, b} {
		waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced"`, 30*time.Second)
	}
	srv.stop()

	evalJS[string](t, a, fmt.Sprintf(selectCodePointsJS, 0, 13))
	keyDown(t, a, "1", false, false)
	mentionsAre(t, a, "Rex Tillerson|PER")
	mentionsAre(t, b, "Rex Tillerson|PER")
	waitFor(t, b, `document.getElementById("sync-status")?.dataset.pending === "1"`, 10*time.Second)
	waitFor(t, lib, line+`.includes("tia: 1 mention")`, 10*time.Second)

	// B, on the exact span: ORG relabels A's mention.
	if got := evalJS[string](t, b, fmt.Sprintf(selectCodePointsJS, 0, 13)); got != "Rex Tillerson" {
		t.Fatalf("selected %q in tab B", got)
	}
	keyDown(t, b, "2", false, false)
	mentionsAre(t, b, "Rex Tillerson|ORG")
	mentionsAre(t, a, "Rex Tillerson|ORG")
	waitFor(t, a, `document.getElementById("sync-status")?.dataset.pending === "2"`, 10*time.Second)
	waitFor(t, lib, line+`.includes("tia: 1 mention")`, 10*time.Second)

	// ORG again changes nothing: the undo after it undoes the relabel.
	waitFor(t, b, caretInText, 5*time.Second) // the relabel put the caret back: select after that
	evalJS[string](t, b, fmt.Sprintf(selectCodePointsJS, 0, 13))
	keyDown(t, b, "2", false, false)
	waitFor(t, b, `getSelection().isCollapsed`, 5*time.Second) // the key was handled: it clears the selection
	keyDown(t, b, "z", true, false)
	mentionsAre(t, b, "Rex Tillerson|PER")
	mentionsAre(t, a, "Rex Tillerson|PER")
	keyDown(t, b, "z", true, true)
	mentionsAre(t, b, "Rex Tillerson|ORG")
	mentionsAre(t, a, "Rex Tillerson|ORG")

	// The server is back: A's sync sends it all, and both tabs say so.
	waitKept(t, b)
	srv = startServer(t, srv.DataDir, srv.Addr)
	evalJS[bool](t, a, `document.getElementById("sync-status").click() || true`)
	waitExport(t, srv, id, func(sets []exportedSet) bool {
		return len(sets) == 1 && len(sets[0].Entities) == 1 && sets[0].Entities[0].Label == "ORG"
	})
	for _, ctx := range []context.Context{a, b} {
		waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 30*time.Second)
	}
}

// failNextRevisionPutJS makes the next put into the revisions store throw,
// as a browser out of quota refuses a write; the puts after it work.
const failNextRevisionPutJS = `(() => {
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (this.name === "revisions") {
      IDBObjectStore.prototype.put = put;
      throw new DOMException("the disk is full (injected by the test)", "QuotaExceededError");
    }
    return put.apply(this, args);
  };
  return true;
})()`

// TestFailedWriteKeepsTheOthers tags two spans in one task; the first's
// write fails. The message names it, the second stays (on screen, and
// after a reload), and undo skips the failed one: two undos take back the
// second and the mention made before, the third has nothing to undo.
func TestFailedWriteKeepsTheOthers(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Failed write", editorText)
	ctx := openArticleAs(t, srv, id, "fia")
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	keyDown(t, ctx, "1", false, false)
	mentionsAre(t, ctx, "Rex Tillerson|PER")
	waitFor(t, ctx, caretInText, 5*time.Second)
	waitKept(t, ctx)
	srv.stop() // no sync round writes meanwhile: the failing put is an edit's

	evalJS[bool](t, ctx, failNextRevisionPutJS)
	evalJS[bool](t, ctx, fmt.Sprintf(`(() => { %s; %s; %s; %s; return true; })()`,
		fmt.Sprintf(selectCodePointsJS, 71, 80), fmt.Sprintf(keyDownJS, "1", false, false),
		fmt.Sprintf(selectCodePointsJS, 49, 62), fmt.Sprintf(keyDownJS, "2", false, false)))
	want := "Could not save: tagging “Tillerson” as PER — QuotaExceededError: the disk is full (injected by the test)"
	waitFor(t, ctx, fmt.Sprintf(`document.getElementById("edit-error")?.textContent === %s`, jsString(want)), 10*time.Second)
	mentionsAre(t, ctx, "Rex Tillerson|PER,UN resolution|ORG")

	keyDown(t, ctx, "z", true, false)
	mentionsAre(t, ctx, "Rex Tillerson|PER")
	keyDown(t, ctx, "z", true, false)
	mentionsAre(t, ctx, "")
	keyDown(t, ctx, "z", true, false)
	waitFor(t, ctx, `document.getElementById("edit-notice")?.textContent === "nothing to undo."`, 5*time.Second)
	keyDown(t, ctx, "z", true, true)
	keyDown(t, ctx, "z", true, true)
	mentionsAre(t, ctx, "Rex Tillerson|PER,UN resolution|ORG")

	waitKept(t, ctx)
	srv = startServer(t, srv.DataDir, srv.Addr)
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	mentionsAre(t, ctx, "Rex Tillerson|PER,UN resolution|ORG")
	// Stored: the first tag, the second, two undos and two redos; never the failed tag.
	if n := evalAsync[int](t, ctx, revisionCountJS); n != 6 {
		t.Errorf("the device keeps %d revisions, want 6", n)
	}
}

// upgradeDatabaseJS opens Gloss's database at the next version, as a newer
// Gloss in another tab would, and says whether the open went through or
// was blocked by a connection that stayed open.
const upgradeDatabaseJS = `new Promise((resolve, reject) => {
  const probe = indexedDB.open("gloss");
  probe.onerror = () => reject(probe.error);
  probe.onsuccess = () => {
    const next = probe.result.version + 1;
    probe.result.close();
    const req = indexedDB.open("gloss", next);
    req.onblocked = () => resolve("blocked");
    req.onerror = () => reject(req.error);
    req.onsuccess = () => { resolve(req.result.version === next ? "opened the next version" : "opened version " + req.result.version); req.result.close(); };
  };
})`

// TestUpgradeInAnotherTabLetsGo: another tab opens the database at a newer
// version. The article's tab closes its connection at once (the upgrade is
// not blocked), tells the user to reload, and an edit made after says it
// could not be kept instead of hanging.
func TestUpgradeInAnotherTabLetsGo(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Upgrade", editorText)
	ctx := openArticleAs(t, srv, id, "uli")
	if !evalJS[bool](t, ctx, `document.getElementById("database-notice").hidden`) {
		t.Fatalf("the database notice shows before any upgrade: %s", pageState(ctx))
	}
	other := openTab(t, ctx, srv.URL+"/web/icon.svg")
	if got := evalAsync[string](t, other, upgradeDatabaseJS); got != "opened the next version" {
		t.Fatalf("the newer version's open: %s, want opened the next version", got)
	}
	waitFor(t, ctx, `!document.getElementById("database-notice").hidden && document.getElementById("database-notice").textContent.includes("reload this tab") && !document.getElementById("database-reload").hidden`, 10*time.Second)

	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	keyDown(t, ctx, "1", false, false)
	waitFor(t, ctx, `(document.getElementById("edit-error")?.textContent || "").startsWith("Could not save: tagging “Rex Tillerson” as PER — this tab let go of the local database")`, 10*time.Second)
	mentionsAre(t, ctx, "")
}
