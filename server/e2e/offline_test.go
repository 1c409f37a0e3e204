package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// openSample opens the library, signs annotator in and returns the sample
// article's path.
func openSample(t *testing.T, ctx context.Context, srv *server, annotator string) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	signIn(t, ctx, srv, annotator)
	waitFor(t, ctx, `!!document.querySelector("#library li a")`, 15*time.Second)
	return evalJS[string](t, ctx, `document.querySelector("#library li a").getAttribute("href")`)
}

// TestKeepOfflineThenDeepLinkInNewBrowser keeps the sample article on the
// device from the library, then, with the server stopped, opens its URL
// directly in a browser closed and started again on the same profile,
// annotates, reloads and opens a new tab: everything comes from the device.
// When the server is back, the change syncs by itself, exactly once.
func TestKeepOfflineThenDeepLinkInNewBrowser(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	profile := t.TempDir()
	ctx, closeBrowser := openBrowser(t, profile)
	defer closeBrowser()
	path := openSample(t, ctx, srv, "fay")
	// The browser finds the app installable (manifest, icons, service
	// worker): go-app holds its banner back and the app offers the button.
	waitFor(t, ctx, `document.getElementById("install-app")?.hidden === false`, 30*time.Second)
	// It sits beside the brand, and Tab goes there next, not last.
	evalJS[bool](t, ctx, `document.querySelector(".topbar .brand").focus() || true`)
	press(t, ctx, kb.Tab, 1)
	waitFor(t, ctx, `document.activeElement?.id === "install-app"`, 5*time.Second)

	waitFor(t, ctx, `document.querySelector("#library li").dataset.offline === "false"`, 10*time.Second)
	waitFor(t, ctx, `(document.getElementById("storage")?.textContent || "").startsWith("Storage on this device")`, 10*time.Second)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#library li .keep-offline`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelector("#library li").dataset.offline === "true" && document.querySelector("#library li .keep-offline").hidden`, 10*time.Second)
	// Every request the page made went to its own origin.
	if other := evalJS[string](t, ctx, `performance.getEntriesByType("resource").map(r => r.name).filter(u => !u.startsWith(location.origin + "/")).join(" ")`); other != "" {
		t.Errorf("the page requested other hosts: %s", other)
	}
	waitWorker(t, ctx)
	closeBrowser()
	srv.stop()

	ctx2, close2 := openBrowser(t, profile)
	defer close2()
	if err := chromedp.Do(ctx2, chromedp.Navigate(srv.URL+path)); err != nil {
		t.Fatalf("open %s offline in a new browser: %v", path, err)
	}
	waitApp(t, ctx2)
	checkModuleFromWorker(t, ctx2) // offline too: the worker's download comes from the service worker's cache
	waitFor(t, ctx2, articleReadyJS+` && document.getElementById("article-text").textContent.includes("Rex Tillerson")`, 30*time.Second)
	waitFor(t, ctx2, `document.getElementById("sync-status")?.dataset.syncState === "offline"`, 30*time.Second)

	// Annotate offline, reload, and open the article in a new tab: the
	// change is there each time, pending.
	text := evalJS[string](t, ctx2, `document.getElementById("article-text").textContent`)
	s, e := codePoints(t, text, "Sergei Lavrov")
	evalJS[string](t, ctx2, fmt.Sprintf(selectCodePointsJS, s, e))
	if err := chromedp.Do(ctx2, chromedp.KeyEvent("1")); err != nil {
		t.Fatal(err)
	}
	markJS := `[...document.querySelectorAll("#article-text mark")].map(m => m.textContent + "|" + m.dataset.label).join(",") === "Sergei Lavrov|PER"`
	waitFor(t, ctx2, markJS, 10*time.Second)
	waitKept(t, ctx2)
	if err := chromedp.Do(ctx2, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx2)
	waitFor(t, ctx2, markJS, 30*time.Second)
	tab, closeTab := chromedp.NewContext(ctx2)
	defer closeTab()
	if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+path)); err != nil {
		t.Fatalf("open %s in a new tab: %v", path, err)
	}
	waitApp(t, tab)
	waitFor(t, tab, markJS, 30*time.Second)
	waitFor(t, tab, `document.getElementById("sync-status")?.dataset.pending === "1"`, 30*time.Second)

	// The server comes back: the change syncs by itself (no click), and the
	// server has it exactly once, though two tabs sync it.
	srv = startServer(t, srv.DataDir, srv.Addr)
	id := strings.TrimPrefix(path, "/articles/")
	waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 1 })
	waitFor(t, tab, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 40*time.Second)
	waitFor(t, ctx2, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 40*time.Second)
	resp, err := srv.as(t, "fay").Get(srv.URL + "/api/v1/sync/pull?annotator=fay&limit=1000")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct {
		Revisions []struct {
			Rev string `json:"rev"`
		} `json:"revisions"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	if len(page.Revisions) != 1 {
		t.Errorf("the server has %d revisions of fay, want the one change exactly once: %+v", len(page.Revisions), page.Revisions)
	}
}

// TestConcurrentOfflineEditsConflict has two devices (browser profiles) of
// one annotator relabel the same mention while the server is down. After
// both sync, both show the same winner and the conflict; keeping the other
// version on one device clears the conflict on both.
func TestConcurrentOfflineEditsConflict(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	a := newBrowser(t, "")
	b := newBrowser(t, "")
	path := openSample(t, a, srv, "gus")
	openSample(t, b, srv, "gus")
	id := strings.TrimPrefix(path, "/articles/")

	for _, ctx := range []context.Context{a, b} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
			t.Fatal(err)
		}
		waitApp(t, ctx)
		waitFor(t, ctx, articleReadyJS, 15*time.Second)
	}
	// A tags Rex Tillerson; B gets it by a sync.
	text := evalJS[string](t, a, `document.getElementById("article-text").textContent`)
	s, e := codePoints(t, text, "Rex Tillerson")
	evalJS[string](t, a, fmt.Sprintf(selectCodePointsJS, s, e))
	if err := chromedp.Do(a, chromedp.KeyEvent("1")); err != nil {
		t.Fatal(err)
	}
	waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 1 })
	if err := chromedp.Do(b, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, `document.querySelectorAll("#annotation-list li").length === 1`, 15*time.Second)
	for _, ctx := range []context.Context{a, b} {
		waitWorker(t, ctx)
		waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced"`, 30*time.Second)
	}

	// Offline, A relabels it ORG and B relabels it LOC.
	srv.stop()
	relabel := func(ctx context.Context, key string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#annotation-list .mention-select`))); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, `!!document.querySelector("#annotation-list li.selected")`, 5*time.Second)
		if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
			t.Fatal(err)
		}
	}
	relabel(a, "2")
	relabel(b, "3")
	waitFor(t, a, `document.querySelector("#article-text mark").dataset.label === "ORG"`, 10*time.Second)
	waitFor(t, b, `document.querySelector("#article-text mark").dataset.label === "LOC"`, 10*time.Second)

	// Back online: A syncs, B syncs, A syncs again to get B's version.
	srv = startServer(t, data, srv.Addr)
	for _, ctx := range []context.Context{a, b, a} {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 30*time.Second)
	}
	conflictJS := `document.querySelectorAll("#conflict-list li").length === 1 && document.querySelectorAll("#conflict-list .version").length === 2`
	waitFor(t, a, conflictJS, 15*time.Second)
	waitFor(t, b, conflictJS, 15*time.Second)
	labelA := evalJS[string](t, a, `document.querySelector("#article-text mark").dataset.label`)
	labelB := evalJS[string](t, b, `document.querySelector("#article-text mark").dataset.label`)
	if labelA != labelB || (labelA != "ORG" && labelA != "LOC") {
		t.Fatalf("devices show %s and %s: want the same winner, ORG or LOC", labelA, labelB)
	}
	other := map[string]string{"ORG": "LOC", "LOC": "ORG"}[labelA]
	if got := evalJS[string](t, a, `[...document.querySelectorAll("#conflict-list .version strong")].map(s => s.textContent).join(",")`); got != labelA+","+other {
		t.Fatalf("conflict versions on A = %q, want the shown %s then %s", got, labelA, other)
	}

	// A keeps the other version: the conflict ends on both devices.
	if err := chromedp.Do(a, chromedp.Click(chromedp.CSS(`#conflict-list .version:nth-child(2) .keep-version`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, a, fmt.Sprintf(`document.querySelector("#article-text mark").dataset.label === %q && document.querySelectorAll("#conflict-list li").length === 0`, other), 10*time.Second)
	if err := chromedp.Do(a, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
		t.Fatal(err)
	}
	waitExport(t, srv, id, func(sets []exportedSet) bool {
		return len(sets) == 1 && len(sets[0].Entities) == 1 && sets[0].Entities[0].Label == other
	})
	if err := chromedp.Do(b, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, fmt.Sprintf(`document.querySelector("#article-text mark")?.dataset.label === %q && document.querySelectorAll("#conflict-list li").length === 0`, other), 15*time.Second)
}

// TestArticleNotOnDeviceOffline: an article neither on the device nor
// reachable (the server stopped) says so in a sentence set off from the
// page's edges, with the way back to the library.
func TestArticleNotOnDeviceOffline(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := newBrowser(t, "")
	openSample(t, ctx, srv, "ned")
	waitWorker(t, ctx)
	srv.stop()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/articles/0123456789abcdef0123456789abcdef")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("load-error")?.textContent`, 30*time.Second)
	got := evalJS[string](t, ctx, `(() => {
		const p = document.getElementById("load-error"), back = p.nextElementSibling, r = p.getBoundingClientRect(), b = back?.getBoundingClientRect();
		const problems = [];
		if (r.left < 8 || innerWidth - r.right < 8) problems.push("the sentence touches the page's edge (" + r.left + " to " + r.right + " of " + innerWidth + ")");
		if (getComputedStyle(p, "::first-letter").textTransform !== "uppercase") problems.push("the sentence starts in lower case: " + p.textContent.slice(0, 20));
		if (!b || back.getAttribute("href") !== "/" || b.left < 8) problems.push("no way back to the library set off from the edge");
		return problems.join("; ");
	})()`)
	if got != "" {
		t.Errorf("an article not on the device, offline: %s", got)
	}
}
