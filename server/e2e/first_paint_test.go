package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newWasmGate returns a proxy to upstream that holds every download of
// app.wasm until release is called: the page is then as the server sent
// it, before the client runs. Calling release more than once is harmless.
// requests returns how many requests for path the proxy has passed on.
func newWasmGate(t *testing.T, upstream string) (proxy string, release func(), requests func(path string) int) {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	open := make(chan struct{})
	var mu sync.Mutex
	seen := map[string]int{}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path]++
		mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/app.wasm") {
			select {
			case <-open:
			case <-r.Context().Done():
				return
			}
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	var released bool
	return srv.URL, func() {
			if !released {
				released = true
				close(open)
			}
		}, func(path string) int {
			mu.Lock()
			defer mu.Unlock()
			return seen[path]
		}
}

// layoutOf is the JavaScript that measures the article page's layout: the
// box of the title, the toolbar, the text and its first three paragraphs.
const layoutOf = `["#article-title", ".toolbar", "#article-text", "#article-text > p:nth-child(1)",
	"#article-text > p:nth-child(2)", "#article-text > p:nth-child(3)"].map((sel) => {
	const r = document.querySelector(sel)?.getBoundingClientRect();
	return r ? sel + " " + [r.x, r.y, r.width, r.height].map(Math.round).join(",") : sel + " missing";
}).join("; ")`

// TestArticleFirstPaint opens an article's page on a signed-in user's
// first visit with app.wasm held back: the title and the text are on the
// page, readable and selectable, before the client runs. Once it runs, the
// client's page takes the server's place with nothing moved (the same
// boxes, no layout shift at all) and the selection kept, and the article
// can be annotated.
func TestArticleFirstPaint(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	base, release, requests := newWasmGate(t, srv.URL)
	defer release()
	ctx := newBrowser(t, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/web/icon.svg")); err != nil {
		t.Fatal(err)
	}
	signInByScript(t, ctx, srv, "fern")
	id := sampleArticleID(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/articles/"+id)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.readyState === "complete"`, 15*time.Second)
	if !evalJS[bool](t, ctx, `!!document.getElementById("app-wasm-loader")`) {
		t.Fatal("the client ran with app.wasm held back")
	}
	title := evalJS[string](t, ctx, `document.getElementById("article-title")?.textContent ?? ""`)
	if !strings.Contains(title, "Tillerson") {
		t.Fatalf("before the client runs, the title is %q", title)
	}
	// The text is readable: the first paragraph in sight, not under the
	// loader, which is a badge in a corner now.
	if got := evalJS[string](t, ctx, `(() => {
		const p = document.querySelector("#article-text > p"), r = p.getBoundingClientRect();
		return document.elementFromPoint(r.x + 5, r.y + 5)?.closest("p") === p ? "" : "covered by " + document.elementFromPoint(r.x + 5, r.y + 5)?.outerHTML.slice(0, 80);
	})()`); got != "" {
		t.Errorf("the text's first line is not in sight: %s", got)
	}
	// Selectable: characters 4 to 9 of the first paragraph (ASCII). The
	// selection stays: it is the same selection once the client has
	// replaced the server's text (static/web/focus.js).
	first := evalJS[string](t, ctx, `document.querySelector("#article-text > p").textContent`)
	selected := evalJS[string](t, ctx, `(() => {
		const text = document.querySelector("#article-text > p").firstChild, range = document.createRange();
		range.setStart(text, 4); range.setEnd(text, 9);
		getSelection().removeAllRanges(); getSelection().addRange(range);
		return getSelection().toString();
	})()`)
	if len(first) < 9 || selected != first[4:9] {
		t.Fatalf("selected %q of the first paragraph %q", selected, first)
	}
	// The server's page passes the same accessibility checks as the
	// client's.
	checkAxe(t, ctx, axeScript(t), "the article's first paint")
	before := evalJS[string](t, ctx, layoutOf)
	evalJS[bool](t, ctx, `document.getElementById("article-title").dataset.server = "1"; true`)

	release()
	waitApp(t, ctx)
	checkModuleFromWorker(t, ctx)
	waitFor(t, ctx, `!document.getElementById("article-title")?.dataset.server && performance.getEntriesByName("interactive").length > 0 && !!document.querySelector(".panel")`, 30*time.Second)
	if after := evalJS[string](t, ctx, layoutOf); after != before {
		t.Errorf("the client moved the page:\nserver %s\nclient %s", before, after)
	}
	if shifts := layoutShifts(t, ctx); shifts != "" {
		t.Errorf("layout shifts from the first paint on:\n%s", shifts)
	}
	// The client kept the article the page brought on the device, without
	// asking the server for it again.
	stored := fmt.Sprintf(`new Promise((done) => {
		const open = indexedDB.open("gloss");
		open.onsuccess = () => {
			const get = open.result.transaction("articles").objectStore("articles").get(%s);
			get.onsuccess = () => { open.result.close(); done(!!get.result?.json?.includes("Tillerson") && get.result.uploaded === 1); };
			get.onerror = () => { open.result.close(); done(false); };
		};
		open.onerror = () => done(false);
	})`, jsString(id))
	for deadline := time.Now().Add(10 * time.Second); !evalAsync[bool](t, ctx, stored); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the article of the first paint is not on the device")
		}
	}
	if n := requests("/api/v1/articles/" + id); n != 0 {
		t.Errorf("the client asked the server for the article it had in the page (%d requests)", n)
	}

	// The device's set is in charge: a label key tags the selection, the
	// one made on the server's page.
	waitFor(t, ctx, fmt.Sprintf(`getSelection().toString() === %s && document.getElementById("article-text").contains(getSelection().anchorNode)`, jsString(selected)), 5*time.Second)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("1")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!!document.querySelector("#article-text mark.ent")`, 10*time.Second)
}

// layoutShifts returns the layout shifts of the page since it started, ""
// when there were none: the observer hears of them all (buffered), in one
// call when there are any.
func layoutShifts(t *testing.T, ctx context.Context) string {
	t.Helper()
	return evalAsync[string](t, ctx, `new Promise((done) => {
		new PerformanceObserver((list) => done(list.getEntries().filter((e) => e.value > 0).map((e) => e.value.toFixed(4) + " at " + Math.round(e.startTime) + " ms: " +
			e.sources.map((s) => (s.node?.outerHTML?.slice(0, 60) ?? "a node gone") + " from " + JSON.stringify(s.previousRect) + " to " + JSON.stringify(s.currentRect)).join(" | ")).join("\n"))
		).observe({type: "layout-shift", buffered: true});
		setTimeout(() => done(""), 1000);
	})`)
}

// TestLibraryFirstPaint opens the library on a signed-in user's first
// visit with app.wasm held back: the server's articles are listed before
// the client runs, and the client's page takes their place with nothing
// moved, on a desktop window and phones of 412 and 390 px (where the top
// bar wraps).
func TestLibraryFirstPaint(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	for _, width := range []int64{1280, 412, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			base, release, _ := newWasmGate(t, srv.URL)
			defer release()
			ctx := newBrowser(t, "")
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/web/icon.svg")); err != nil {
				t.Fatal(err)
			}
			signInByScript(t, ctx, srv, fmt.Sprint("lib", width))
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, `document.readyState === "complete"`, 15*time.Second)
			if !evalJS[bool](t, ctx, `!!document.getElementById("app-wasm-loader")`) {
				t.Fatal("the client ran with app.wasm held back")
			}
			// The boxes of the page's parts, and where each item of the top
			// bar starts (the install button comes when the browser offers
			// it, and a sync badge's text may change its width).
			const layout = `[...document.querySelectorAll(".topbar > :not(.install)")].map((e) => {
				const r = e.getBoundingClientRect();
				return e.tagName + "." + e.className + " " + Math.round(r.x) + "," + Math.round(r.y);
			}).concat(["#library-heading", "#library li", "#library li a", "#article-form, .article-form"].map((sel) => {
				const r = document.querySelector(sel)?.getBoundingClientRect();
				return r ? sel + " " + [r.x, r.y, r.width, r.height].map(Math.round).join(",") : sel + " missing";
			})).join("; ")`
			if got := evalJS[string](t, ctx, `document.querySelector("#library li a")?.textContent ?? ""`); !strings.Contains(got, "Tillerson") {
				t.Fatalf("before the client runs, the library's first article is %q", got)
			}
			checkAxe(t, ctx, axeScript(t), "the library's first paint")
			before := evalJS[string](t, ctx, layout)
			evalJS[bool](t, ctx, `document.getElementById("library-heading").dataset.server = "1"; true`)
			release()
			waitApp(t, ctx)
			waitFor(t, ctx, `!document.getElementById("library-heading")?.dataset.server && (document.getElementById("storage")?.textContent || "").startsWith("Storage on this device")`, 30*time.Second)
			if after := evalJS[string](t, ctx, layout); after != before {
				t.Errorf("the client moved the page:\nserver %s\nclient %s", before, after)
			}
			if shifts := layoutShifts(t, ctx); shifts != "" {
				t.Errorf("layout shifts from the first paint on:\n%s", shifts)
			}
			// The service worker's copy of the page, which it answers every
			// later visit with, offline too, holds nobody's data.
			waitWorker(t, ctx)
			if got := evalAsync[string](t, ctx, `caches.match("/").then((r) => r ? r.text() : "no shell")`); got == "no shell" ||
				strings.Contains(got, `id="first-paint"`) || strings.Contains(got, "Tillerson") {
				t.Errorf("the worker's shell has the user's library (or is missing): %.300s", got)
			}
		})
	}
}

// TestLibraryIsNotEmptyBeforeItIsRead: coming back to the library from an
// article, the list is read again; until it is, the library says it is
// reading the articles, not "No articles yet", which the user would take
// for their articles gone. The proxy holds the library's request.
func TestLibraryIsNotEmptyBeforeItIsRead(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var holding atomic.Bool
	open := make(chan struct{})
	rp := httputil.NewSingleHostReverseProxy(u)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if holding.Load() && r.URL.Path == "/api/v1/articles" {
			select {
			case <-open:
			case <-r.Context().Done():
				return
			}
		}
		rp.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	defer func() {
		if holding.Load() {
			close(open)
		}
	}()
	ctx := newBrowser(t, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(proxy.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	signIn(t, ctx, srv, "rea")
	click(t, ctx, "#library li a")
	waitApp(t, ctx)
	waitFor(t, ctx, articleReadyJS, 15*time.Second)

	holding.Store(true)
	click(t, ctx, ".topbar a.brand")
	waitFor(t, ctx, `location.pathname === "/" && !!document.getElementById("library-empty")`, 10*time.Second)
	if got := evalJS[string](t, ctx, `(e => e.hidden ? "" : e.textContent)(document.getElementById("library-empty"))`); got != "Reading the articles…" {
		t.Errorf("while the list is read, the library says %q, want Reading the articles…", got)
	}
	holding.Store(false)
	close(open)
	waitFor(t, ctx, `document.querySelector("#library li a")?.textContent.includes("Tillerson") && document.getElementById("library-empty").hidden`, 15*time.Second)
}

// TestTypingBeforeTheClientRunsIsKept: a user who types into the sign-in
// form the server sent, before the client runs, keeps what they typed and
// the focus when the client takes the page over (static/web/focus.js), and
// the client's form has it: Enter signs them in.
func TestTypingBeforeTheClientRunsIsKept(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	addUser(t, srv.DataDir, "sue", false)
	base, release, _ := newWasmGate(t, srv.URL)
	defer release()
	ctx := newBrowser(t, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/signin")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.readyState === "complete" && !!document.getElementById("account-password")`, 15*time.Second)
	if !evalJS[bool](t, ctx, `!!document.getElementById("app-wasm-loader")`) {
		t.Fatal("the client ran with app.wasm held back")
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("account-login")), chromedp.SendKeys(chromedp.ID("account-login"), "sue"),
		chromedp.Click(chromedp.ID("account-password")), chromedp.SendKeys(chromedp.ID("account-password"), passwordOf("sue")),
	); err != nil {
		t.Fatal(err)
	}
	evalJS[bool](t, ctx, `document.getElementById("account-login").dataset.server = "1"; true`)

	release()
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("account-login") && !document.getElementById("account-login").dataset.server`, 15*time.Second)
	waitFor(t, ctx, `document.activeElement?.id === "account-password"`, 5*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("account-login").value + " / " + (document.getElementById("account-password").value === `+jsString(passwordOf("sue"))+`)`); got != "sue / true" {
		t.Errorf("after the client took over, the login and whether the password is kept read %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.getElementById("user-name")?.textContent === "sue"`, 15*time.Second)
}
