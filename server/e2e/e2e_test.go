package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"golang.org/x/text/encoding/charmap"
)

// articleReadyJS is true once the article page shows its whole text and
// takes keys. The server's first paint shows the text before the device's
// set is read, and the page ignores keys until it is: the "interactive"
// mark says it is (a key pressed sooner was once lost).
const articleReadyJS = `(document.getElementById("article-text")?.getAttribute("aria-busy") === "false" && performance.getEntriesByName("interactive").length > 0)`

// selectCodePointsJS selects [start, end) of #article-text, counted in code
// points, and returns the selected text. It walks the text nodes stepping by
// code point (for...of) while tracking UTF-16 offsets, as a test that counted
// UTF-16 units would pass on ASCII and fail on emoji.
const selectCodePointsJS = `((s, e) => {
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let cp = 0, start = null, end = null, node;
  while ((node = walker.nextNode())) {
    let u = 0;
    for (const ch of node.data) {
      if (cp === s && !start) start = [node, u];
      if (cp === e && !end) end = [node, u];
      cp++; u += ch.length;
    }
    if (cp === e && !end) end = [node, u];
  }
  if (!start || !end) throw new Error("offsets " + s + "-" + e + " are outside the text of " + cp + " code points");
  const r = document.createRange();
  r.setStart(start[0], start[1]);
  r.setEnd(end[0], end[1]);
  const sel = getSelection();
  sel.removeAllRanges();
  sel.addRange(r);
  return sel.toString();
})(%d, %d)`

// exportedEntity is an entity of the JSONL export.
type exportedEntity struct {
	ID    string `json:"id"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

// exportedSet is a line of the JSONL export.
type exportedSet struct {
	ArticleID string                     `json:"article_id"`
	SetID     string                     `json:"set_id"`
	Annotator string                     `json:"annotator"`
	Text      string                     `json:"text"`
	Entities  []exportedEntity           `json:"entities"`
	Groups    []annotations.ExportGroup  `json:"groups"`
	Quotes    []annotations.ExportQuote  `json:"quotes"`
	Stances   []annotations.ExportStance `json:"stances"`
}

func exportJSONL(t *testing.T, srv *server, articleID string) []exportedSet {
	t.Helper()
	resp, err := srv.admin(t).Get(srv.URL + "/api/v1/export?format=jsonl&article=" + articleID)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil // the article is not on the server (yet)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: status %d", resp.StatusCode)
	}
	var sets []exportedSet
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var s exportedSet
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("export line %q: %v", sc.Text(), err)
		}
		sets = append(sets, s)
	}
	return sets
}

// waitExport polls the export of articleID until ok accepts it.
func waitExport(t *testing.T, srv *server, articleID string, ok func([]exportedSet) bool) []exportedSet {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		sets := exportJSONL(t, srv, articleID)
		if ok(sets) {
			return sets
		}
		if time.Now().After(deadline) {
			t.Fatalf("the export never reached the expected state; last: %+v", sets)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// codePoints returns the code point range of the first occurrence of sub.
func codePoints(t *testing.T, text, sub string) (int, int) {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in the text", sub)
	}
	start := annotations.ByteToCodePoint(text, i)
	return start, start + annotations.RuneCount(sub)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// waitApp waits until the WebAssembly app runs: go-app removes its loader
// then. Before, the page shows the server's pre-rendered HTML, which the app
// replaces, so an element found earlier may be gone a moment later.
func waitApp(t testing.TB, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, `document.readyState === "complete" && !document.getElementById("app-wasm-loader")`, 30*time.Second)
}

// checkModuleFromWorker checks that the page did not download app.wasm
// itself: its module worker did, and compiled it off the page's thread
// (the worker's requests are in its own resource timeline, not the
// page's). A page that falls back to go-app's own download has it there.
func checkModuleFromWorker(t testing.TB, ctx context.Context) {
	t.Helper()
	if got := evalJS[string](t, ctx, `performance.getEntriesByType("resource").map(r => r.name).filter(u => u.endsWith("/app.wasm")).join(" ")`); got != "" {
		t.Errorf("the page downloaded the module itself (%s), not its worker", got)
	}
}

// waitWorker waits until the service worker is installed and activated:
// from then on, every page of the app opens without the server. (The page
// that installed it stays uncontrolled until its next load.)
func waitWorker(t *testing.T, ctx context.Context) {
	t.Helper()
	evalAsync[bool](t, ctx, `(async () => {
		const reg = await navigator.serviceWorker.ready;
		const w = reg.active;
		if (w.state !== "activated") {
			await new Promise((done) => w.addEventListener("statechange", () => { if (w.state === "activated") done(); }));
		}
		return true;
	})()`)
}

// signIn signs login in on the page of ctx, the account created first when
// it is missing (password passwordOf): in the sign-in form the page shows
// (the library's when nobody is signed in on the device), else through the
// top bar's Sign in link, which comes back to the page afterwards.
func signIn(t testing.TB, ctx context.Context, srv *server, login string) {
	t.Helper()
	addUser(t, srv.DataDir, login, false)
	waitApp(t, ctx)
	waitFor(t, ctx, `document.getElementById("signin-form") || document.getElementById("sign-in-link") || document.getElementById("user-name")`, 30*time.Second)
	if name := evalJS[string](t, ctx, `document.getElementById("user-name")?.textContent ?? ""`); name != "" {
		t.Fatalf("sign in as %s: %s is signed in on this device (sign out first)", login, name)
	}
	if !evalJS[bool](t, ctx, `!!document.getElementById("signin-form")`) {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("sign-in-link"))); err != nil {
			t.Fatalf("open the sign-in page: %v", err)
		}
		waitFor(t, ctx, `location.pathname === "/signin" && !!document.getElementById("signin-form")`, 10*time.Second)
	}
	fillSignIn(t, ctx, login)
}

// fillSignIn fills the sign-in form the page of ctx shows with login and
// its password (passwordOf), sends it and waits until login is signed in.
func fillSignIn(t testing.TB, ctx context.Context, login string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("account-login"), login),
		chromedp.SendKeys(chromedp.ID("account-password"), passwordOf(login)),
		chromedp.Click(chromedp.ID("signin-submit")),
	); err != nil {
		t.Fatalf("sign in as %s: %v", login, err)
	}
	waitFor(t, ctx, fmt.Sprintf(`document.getElementById("user-name")?.textContent === %s && !document.getElementById("signin-form")`, jsString(login)), 15*time.Second)
}

// signInByScript signs login in on the page of ctx as the sign-in form
// does, without the form: the page asks the server for a session and keeps
// its answer as the device's user. The next page loaded runs as login from
// its start.
func signInByScript(t testing.TB, ctx context.Context, srv *server, login string) {
	t.Helper()
	addUser(t, srv.DataDir, login, false)
	body := jsString(fmt.Sprintf(`{"login":%s,"password":%s}`, jsString(login), jsString(passwordOf(login))))
	got := evalAsync[string](t, ctx, `fetch("/api/v1/auth/signin", {method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json"}, body: `+body+`})
		.then(async (r) => { const text = await r.text(); if (r.ok) localStorage.setItem("gloss.me", text); return r.status + " " + text; })`)
	if !strings.HasPrefix(got, "200 ") {
		t.Fatalf("sign in as %s by script: %s", login, got)
	}
}

// signOut signs the user out of the page of ctx, saying yes when the app
// asks because changes are pending, and waits for the sign-in form.
func signOut(t testing.TB, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, `!!document.getElementById("sign-out")`, 10*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("sign-out").click() || true`)
	waitFor(t, ctx, `document.getElementById("signout-yes") || document.getElementById("signin-form")`, 10*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("signout-yes")?.click() || true`)
	waitFor(t, ctx, `!!document.getElementById("signin-form") && !document.getElementById("user-name")`, 10*time.Second)
}

// TestAnnotateReloadOfflineSyncExport is the walking skeleton's whole loop:
// paste an article with emoji, tag a span after them with the key 1, see the
// highlight, reload with the server stopped (the page and the annotation
// come from the service worker and IndexedDB), tag offline, start the server
// again, sync, and find exact code point offsets in the export.
func TestAnnotateReloadOfflineSyncExport(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	ctx := newBrowser(t, "")

	raw := "Breaking 😀🇺🇸 news: Rex Tillerson met Sergei Lavrov in Moscow.\r\n\r\nThe UN résumé 中文 مرحبا 👍🏽 ends here."
	want, err := annotations.NewArticle("Emoji test", raw, time.Now())
	if err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	signIn(t, ctx, srv, "ana")

	// The library's list (the server's sample article) loads above the
	// form and moves it: a click aimed before it arrives lands elsewhere.
	waitFor(t, ctx, `document.querySelector("#library li") !== null`, 15*time.Second)

	// Paste the article and add it: the app opens its page.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("article-title"), "Emoji test")); err != nil {
		t.Fatal(err)
	}
	// Paste: set the textarea's value and send the input event a paste sends.
	evalJS[bool](t, ctx, fmt.Sprintf(`(() => {
		const area = document.getElementById("article-paste");
		area.value = %s;
		return area.dispatchEvent(new Event("input", {bubbles: true}));
	})()`, jsString(raw)))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("article-add"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, fmt.Sprintf(`location.pathname === "/articles/%s"`, want.ID), 15*time.Second)
	waitFor(t, ctx, fmt.Sprintf(`document.getElementById("article-text")?.textContent === %s`, jsString(want.Text)), 15*time.Second)

	// Select "Rex Tillerson", after two emoji (one of them a flag of two
	// code points), and press 1 (PER).
	start, end := codePoints(t, want.Text, "Rex Tillerson")
	if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, start, end)); got != "Rex Tillerson" {
		t.Fatalf("selected %q, want Rex Tillerson", got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("1")); err != nil {
		t.Fatal(err)
	}
	markJS := `[...document.querySelectorAll("#article-text mark[data-annotation-id]")].map(m => m.textContent + "|" + m.dataset.label).join(",")`
	waitFor(t, ctx, markJS+` === "Rex Tillerson|PER"`, 10*time.Second)
	waitFor(t, ctx, `document.querySelectorAll("#annotation-list li").length === 1`, 5*time.Second)
	// The text is unchanged by the highlight.
	if got := evalJS[string](t, ctx, `document.getElementById("article-text").textContent`); got != want.Text {
		t.Fatalf("textContent changed by the highlight: %q", got)
	}
	waitExport(t, srv, want.ID, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 1 })
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced"`, 30*time.Second)

	// Wait for the service worker to control the page, then stop the server
	// and reload: everything comes from this device.
	waitWorker(t, ctx)
	srv.stop()
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatalf("reload offline: %v", err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, markJS+` === "Rex Tillerson|PER"`, 30*time.Second)
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "offline"`, 30*time.Second)

	// Tag offline: the change waits, pending.
	ls, le := codePoints(t, want.Text, "Moscow")
	if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, ls, le)); got != "Moscow" {
		t.Fatalf("selected %q, want Moscow", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-label="LOC"]`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelectorAll("#article-text mark[data-annotation-id]").length === 2`, 10*time.Second)
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.pending === "1"`, 10*time.Second)

	// The server comes back on the same address and data: a sync sends the
	// pending change.
	srv = startServer(t, data, srv.Addr)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
		t.Fatal(err)
	}
	sets := waitExport(t, srv, want.ID, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 2 })
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 30*time.Second)
	got := sets[0]
	if got.ArticleID != want.ID || got.Annotator != "ana" || got.Text != want.Text || got.SetID != (annotations.SetKey{ArticleID: want.ID, Annotator: "ana"}).ID() {
		t.Errorf("export set = %+v, want article %s by ana with the article's text", got, want.ID)
	}
	if len(got.Entities) != 2 {
		t.Fatalf("export entities = %+v, want 2", got.Entities)
	}
	wantEnts := []exportedEntity{
		{Start: start, End: end, Label: "PER", Text: "Rex Tillerson"},
		{Start: ls, End: le, Label: "LOC", Text: "Moscow"},
	}
	for i, w := range wantEnts {
		g := got.Entities[i]
		if g.Start != w.Start || g.End != w.End || g.Label != w.Label || g.Text != w.Text {
			t.Errorf("entity %d = %+v, want %+v", i, g, w)
		}
	}
	if start != 19 || end != 32 {
		t.Errorf("Rex Tillerson at %d-%d; the test expects 19-32 (code points after 😀🇺🇸)", start, end)
	}
}

// TestLibraryListsSampleAndDeleteByKey opens the sample article from the
// library, tags a mention, selects it in the side panel and deletes it with
// the Delete key; the deletion syncs and the export no longer has it.
func TestLibraryListsSampleAndDeleteByKey(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := newBrowser(t, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	signIn(t, ctx, srv, "bo")
	waitFor(t, ctx, `[...document.querySelectorAll("#library a")].some(a => a.textContent.includes("Tillerson"))`, 15*time.Second)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#library li a`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `location.pathname.startsWith("/articles/") && `+articleReadyJS, 15*time.Second)
	text := evalJS[string](t, ctx, `document.getElementById("article-text").textContent`)
	id := strings.TrimPrefix(evalJS[string](t, ctx, `location.pathname`), "/articles/")

	s, e := codePoints(t, text, "Sergei Lavrov")
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, s, e))
	if err := chromedp.Do(ctx, chromedp.KeyEvent("1")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelectorAll("#annotation-list li").length === 1`, 10*time.Second)
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 1 })
	if e := sets[0].Entities[0]; e.Start != s || e.End != e.Start+len("Sergei Lavrov") || e.Text != "Sergei Lavrov" || e.Label != "PER" {
		t.Errorf("exported %+v, want PER Sergei Lavrov at %d", e, s)
	}

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#annotation-list .mention-select`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!!document.querySelector("#annotation-list li.selected")`, 5*time.Second)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Delete)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelectorAll("#annotation-list li").length === 0 && !document.querySelector("#article-text mark")`, 10*time.Second)
	waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 0 })
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 30*time.Second)
}

// articleOnServer returns the server's copy of article id, or ok=false.
func articleOnServer(t *testing.T, srv *server, id string) (annotations.Article, bool) {
	t.Helper()
	resp, err := srv.admin(t).Get(srv.URL + "/api/v1/articles/" + id)
	if err != nil {
		t.Fatalf("get article: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return annotations.Article{}, false
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("get article %s: status %d", id, resp.StatusCode)
	}
	var a annotations.Article
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	return a, true
}

// TestUploadHTMLOnlineAndOffline uploads an HTML page online, then offline:
// both times the export module reduces it to its main text, the same text
// the server's API makes of the page, so the second upload is the same
// article, said so. A page in Windows-1252 that declares it is read in
// it, reviewed as text (not markup), added offline, and reaches the server
// when it is back. No upload keeps navigation, share bars, donation
// appeals, scripts or markup.
func TestUploadHTMLOnlineAndOffline(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	ctx := newBrowser(t, "")
	page, err := filepath.Abs("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	signIn(t, ctx, srv, "cy")

	checkText := func(where, text string, want ...string) {
		t.Helper()
		for _, want := range want {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the article's text lacks %q:\n%s", where, want, text)
			}
		}
		for _, junk := range []string{"NAVLINK", "SHAREBAR", "DONATEAPPEAL", "FOOTERTEXT", "NAVSCRIPT", "<"} {
			if strings.Contains(text, junk) {
				t.Errorf("%s: the article's text keeps %q:\n%s", where, junk, text)
			}
		}
	}
	opened := `location.pathname.startsWith("/articles/") && ` + articleReadyJS

	// Online: the page's text is made into an article on this device,
	// which the server then receives.
	uploadFile(t, ctx, page)
	waitFor(t, ctx, opened, 15*time.Second)
	onlineID := strings.TrimPrefix(evalJS[string](t, ctx, `location.pathname`), "/articles/")
	onlineText := evalJS[string](t, ctx, `document.getElementById("article-text").textContent`)
	checkText("online upload", onlineText, "Secretary of State Rex Tillerson met", "irritants")
	waitServerArticle(t, srv, onlineID, func(a api.ArticleSummary) bool { return a.ID == onlineID })
	stored, _ := articleOnServer(t, srv, onlineID)
	if stored.Text != onlineText || stored.Source != "html-file" {
		t.Errorf("server copy of %s = %+v, want the page's text from an html-file", onlineID, stored)
	}
	if stored.Title != "Lavrov and Tillerson Meet in Moscow" { // without the site's name
		t.Errorf("title = %q, want the page's title", stored.Title)
	}
	// The API, given the page itself, makes the same article of it.
	if id, status := postArticleBody(t, srv, map[string]string{"html": string(html)}); id != onlineID || status != http.StatusOK {
		t.Errorf("the API's article of the page: %s (%d), want %s, there already (200)", id, status, onlineID)
	}

	// Offline: the same page is the same article.
	waitWorker(t, ctx)
	waitExportModuleCached(t, ctx)
	srv.stop()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatalf("open the library offline: %v", err)
	}
	waitApp(t, ctx)
	uploadFile(t, ctx, page)
	waitFor(t, ctx, fmt.Sprintf(`document.getElementById("article-duplicate")?.getAttribute("href") === "/articles/%s"`, onlineID), 15*time.Second)
	if note := evalJS[string](t, ctx, `document.getElementById("article-notice").textContent`); !strings.Contains(note, "already") {
		t.Errorf("offline upload of the same page: the form says %q, want that it is there already", note)
	}

	// A page in Windows-1252, declared in its <meta>: its encoding is
	// shown with its text for review, and the text reads right.
	latin := strings.NewReplacer(
		`<meta charset="utf-8">`, `<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`,
		"Lavrov and Tillerson Meet in Moscow", "Ministers Meet in Zürich",
		"in Moscow on Wednesday", "in Zürich on Wednesday, at the Café Élysée,",
	).Replace(string(html))
	latinBytes, err := charmap.Windows1252.NewEncoder().Bytes([]byte(latin))
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(latinBytes) {
		t.Fatal("the Windows-1252 page is valid UTF-8: it tests nothing")
	}
	uploadFile(t, ctx, writeFile(t, "zurich.html", latinBytes))
	waitFor(t, ctx, `!!document.getElementById("article-review") && !document.getElementById("article-review").hidden`, 15*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("article-encoding").textContent`); got != "Encoding of the page: Windows-1252 (Western European) (declared in the page)." {
		t.Errorf("the review says %q, want Windows-1252 declared in the page", got)
	}
	preview := evalJS[string](t, ctx, `document.getElementById("article-preview").textContent`)
	checkText("the review's preview", preview, "in Zürich on Wednesday, at the Café Élysée,")
	// The page's title, without its site's name when the extractor
	// finds it (readability's rule).
	if got := evalJS[string](t, ctx, `document.getElementById("article-title").value`); !strings.HasPrefix(got, "Ministers Meet in Zürich") {
		t.Errorf("the title field says %q, want the page's title", got)
	}
	// Read as UTF-8, the page's text and title lose their accents; read
	// as Windows-1252 again, both come back.
	click(t, ctx, `#article-encoding-pick [data-encoding="utf-8"]`)
	waitFor(t, ctx, `document.getElementById("article-title").value.includes("\uFFFD") && document.getElementById("article-preview").textContent.includes("\uFFFD")`, 15*time.Second)
	click(t, ctx, `#article-encoding-pick [data-encoding="windows-1252"]`)
	waitFor(t, ctx, `document.getElementById("article-title").value.startsWith("Ministers Meet in Zürich") && document.getElementById("article-preview").textContent.includes("Café Élysée")`, 15*time.Second)
	click(t, ctx, "#article-confirm")
	waitFor(t, ctx, opened+fmt.Sprintf(` && location.pathname !== "/articles/%s"`, onlineID), 15*time.Second)
	offlineID := strings.TrimPrefix(evalJS[string](t, ctx, `location.pathname`), "/articles/")
	offlineText := evalJS[string](t, ctx, `document.getElementById("article-text").textContent`)
	checkText("offline upload", offlineText, "in Zürich on Wednesday, at the Café Élysée,", "irritants")
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "offline" && document.getElementById("sync-status")?.dataset.pending === "1"`, 30*time.Second)

	srv = startServer(t, data, srv.Addr)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 30*time.Second)
	stored, ok := articleOnServer(t, srv, offlineID)
	if !ok || stored.Text != offlineText || !strings.HasPrefix(stored.Title, "Ministers Meet in Zürich") {
		t.Fatalf("server copy of the offline upload %s = %+v (found %v), want its text and the page's title", offlineID, stored, ok)
	}
	if id, status := postArticleBody(t, srv, map[string]string{"html": latin}); id != offlineID || status != http.StatusOK {
		t.Errorf("the API's article of the Windows-1252 page: %s (%d), want %s, there already (200)", id, status, offlineID)
	}
}

// TestKeyboardOnlyTagging reaches the article with Tab, selects by word and
// by character with Shift and the arrow keys, and tags with number keys: no
// mouse and no script-made selection.
func TestKeyboardOnlyTagging(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := newBrowser(t, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	signIn(t, ctx, srv, "dee")
	// An article of its own: the sample's first word, "US-Russia", is two
	// words to Ctrl+→.
	href := "/articles/" + postArticle(t, srv, "Keyboard", "Published on Wednesday: Rex Tillerson met Sergey Lavrov in Moscow.")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+href)); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, articleReadyJS, 15*time.Second)
	text := evalJS[string](t, ctx, `document.getElementById("article-text").textContent`)
	first := strings.Fields(text)[0] // "Published"

	for i := 0; ; i++ {
		if evalJS[bool](t, ctx, `document.activeElement?.id === "article-text"`) {
			break
		}
		if i == 40 {
			t.Fatal("Tab never reached the article text")
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	// Ctrl+Shift+→ selects the first word; 4 tags it MISC.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(chromedp.ModifierCtrl, chromedp.ModifierShift))); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(evalJS[string](t, ctx, `getSelection().toString()`)); got != first {
		t.Fatalf("Ctrl+Shift+→ selected %q, want %q", got, first)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("4")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, fmt.Sprintf(`[...document.querySelectorAll("#article-text mark")].map(m => m.textContent + "|" + m.dataset.label).join(",") === %s`, jsString(first+"|MISC")), 10*time.Second)

	// Escape, then Shift+→ three times selects three characters from the
	// start, nested in the first mention; 1 tags them PER.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(chromedp.ModifierShift))); err != nil {
			t.Fatal(err)
		}
	}
	if got := evalJS[string](t, ctx, `getSelection().toString()`); got != first[:3] {
		t.Fatalf("Shift+→ ×3 selected %q, want %q", got, first[:3])
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("1")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelectorAll("#annotation-list li").length === 2`, 10*time.Second)
	id := strings.TrimPrefix(href, "/articles/")
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 2 })
	got := sets[0].Entities
	if got[0].Start != 0 || got[0].End != len(first) || got[0].Label != "MISC" || got[1].Start != 0 || got[1].End != 3 || got[1].Label != "PER" {
		t.Errorf("exported %+v, want MISC 0-%d and PER 0-3 nested in it", got, len(first))
	}
}
