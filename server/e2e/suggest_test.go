package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// suggestionsJS lists the suggestions outlined in the text, each as its
// text, "|", its label and, when chosen, "*".
const suggestionsJS = `[...document.querySelectorAll("#article-text span.suggestion")].map(m => m.textContent + "|" + m.dataset.suggestedLabel + (m.classList.contains("chosen") ? "*" : "")).join(",")`

// learnModuleCachedJS says whether a cache of the service worker's holds
// the learning module (by its versioned URL, /web/VERSION/learn.wasm).
const learnModuleCachedJS = `(async () => {
  for (const key of await caches.keys()) {
    const requests = await (await caches.open(key)).keys();
    if (requests.some((r) => /^\/web\/\w+\/learn\.wasm$/.test(new URL(r.url).pathname))) return true;
  }
  return false;
})()`

// TestSameStringSuggestionAcceptedWithEnter: after "Rex Tillerson" is tagged
// PER, its other occurrence is outlined as a suggestion (no annotation
// yet); n chooses it and Enter accepts it as an ordinary mention, which
// syncs. A rejected suggestion (x) does not come back after a reload.
func TestSameStringSuggestionAcceptedWithEnter(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	text := "Rex Tillerson met Sergei Lavrov in Moscow.\n\nLater, Rex Tillerson flew home from Moscow."
	id := postArticle(t, srv, "Talks", text)
	ctx := openArticleAs(t, srv, id, "ana")

	start, end := codePoints(t, text, "Rex Tillerson")
	tagMention(t, ctx, start, end, "Rex Tillerson")
	waitFor(t, ctx, mentionsJS+` === "Rex Tillerson|PER"`, 10*time.Second)
	waitFor(t, ctx, suggestionsJS+` === "Rex Tillerson|PER"`, 20*time.Second)
	if got := evalJS[int](t, ctx, `document.querySelectorAll("#annotation-list li").length`); got != 1 {
		t.Fatalf("%d mentions listed, want 1: a suggestion is not an annotation", got)
	}
	if got := evalJS[string](t, ctx, `document.getElementById("article-text").textContent`); got != text {
		t.Fatalf("the outline changed the text: %q", got)
	}

	press(t, ctx, "n", 1)
	waitFor(t, ctx, suggestionsJS+` === "Rex Tillerson|PER*"`, 5*time.Second)
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, mentionsJS+` === "Rex Tillerson|PER,Rex Tillerson|PER"`, 5*time.Second)
	waitFor(t, ctx, suggestionsJS+` === ""`, 5*time.Second)
	waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 2 })

	// Moscow tagged LOC proposes the other Moscow; x rejects it for good.
	ms, me := codePoints(t, text, "Moscow")
	if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, ms, me)); got != "Moscow" {
		t.Fatalf("selected %q, want Moscow", got)
	}
	press(t, ctx, "3", 1)
	waitFor(t, ctx, suggestionsJS+` === "Moscow|LOC"`, 20*time.Second)
	press(t, ctx, "n", 1)
	waitFor(t, ctx, suggestionsJS+` === "Moscow|LOC*"`, 5*time.Second)
	press(t, ctx, "x", 1)
	waitFor(t, ctx, suggestionsJS+` === ""`, 5*time.Second)
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, mentionsJS+` === "Rex Tillerson|PER,Moscow|LOC,Rex Tillerson|PER"`, 15*time.Second)
	// The worker answers within moments; the rejected one stays away.
	waitFor(t, ctx, `document.getElementById("suggestion-summary")?.textContent === "No suggestions here."`, 20*time.Second)
	time.Sleep(2 * time.Second)
	if got := evalJS[string](t, ctx, suggestionsJS); got != "" {
		t.Fatalf("after a reload the suggestions are %q; the rejected Moscow came back", got)
	}
}

// TestAcceptTheChosenSuggestion: of two suggestions, n twice chooses the
// second, and the panel's Accept button accepts that one, the one the
// panel describes, not the one chosen first (go-app keeps a reused
// button's first handler while its scope stays the same).
func TestAcceptTheChosenSuggestion(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	text := "Moscow is cold.\n\nIn Moscow, talks went on.\n\nMoscow again."
	id := postArticle(t, srv, "Moscow", text)
	ctx := openArticleAs(t, srv, id, "ana")
	ms, me := codePoints(t, text, "Moscow")
	tagCodePoints(t, ctx, ms, me, "3", 1)
	waitFor(t, ctx, suggestionsJS+` === "Moscow|LOC,Moscow|LOC"`, 20*time.Second)
	press(t, ctx, "n", 1)
	waitFor(t, ctx, suggestionsJS+` === "Moscow|LOC*,Moscow|LOC"`, 5*time.Second)
	press(t, ctx, "n", 1)
	waitFor(t, ctx, suggestionsJS+` === "Moscow|LOC,Moscow|LOC*"`, 5*time.Second)
	click(t, ctx, "#accept-suggestion")
	last := strings.LastIndex(text, "Moscow") // ASCII: bytes are code points
	waitExport(t, srv, id, func(sets []exportedSet) bool {
		if len(sets) != 1 || len(sets[0].Entities) != 2 {
			return false
		}
		for _, e := range sets[0].Entities {
			if e.Start != ms && e.Start != last {
				t.Fatalf("Accept took the Moscow at %d, want the chosen one at %d", e.Start, last)
			}
		}
		return true
	})
}

// TestTaggerProposesOfflineOnANewArticle: with the server stopped, an
// annotator tags the people of one article; the learned tagger, trained in
// the worker on this device, then proposes the people of another article,
// names it never saw.
func TestTaggerProposesOfflineOnANewArticle(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	first := "Minister Ana Ruiz said the plan would work.\n\nMinister Li Wei said the budget was too small.\n\n" +
		"Minister Omar Haddad said the talks would go on.\n\nMinister Maria Costa said she would vote for it.\n\n" +
		"Minister Jonas Berg said nothing more."
	second := "Minister Sofia Lindqvist said the port would reopen.\n\nThe weather was fine all week."
	a := postArticle(t, srv, "Ministers", first)
	b := postArticle(t, srv, "Port", second)
	ctx := openArticleAs(t, srv, b, "ana") // b is on the device: it opens offline
	navigate(t, ctx, srv.URL+"/articles/"+a)
	waitFor(t, ctx, fmt.Sprintf(`document.getElementById("article-text")?.textContent === %s`, jsString(first)), 15*time.Second)
	waitWorker(t, ctx)
	// The learning module is kept for offline use a few seconds after the
	// page starts.
	for deadline := time.Now().Add(20 * time.Second); !evalAsync[bool](t, ctx, learnModuleCachedJS); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the page never put the learning module into the service worker's cache")
		}
	}
	srv.stop()
	// A page loaded offline: the worker's script and module come from the
	// service worker's cache.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatalf("reload offline: %v", err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, fmt.Sprintf(`document.getElementById("article-text")?.textContent === %s`, jsString(first)), 30*time.Second)

	for _, name := range []string{"Ana Ruiz", "Li Wei", "Omar Haddad", "Maria Costa", "Jonas Berg"} {
		s, e := codePoints(t, first, name)
		tagMention(t, ctx, s, e, name)
		waitFor(t, ctx, fmt.Sprintf(`[...document.querySelectorAll("#article-text mark.ent")].some(m => m.textContent === %s)`, jsString(name)), 10*time.Second)
	}
	// Trained after every three mentions: the model has learnt from this
	// article.
	waitFor(t, ctx, `/learnt from 1 article/.test(document.getElementById("suggestion-model")?.textContent ?? "")`, 30*time.Second)

	navigate(t, ctx, srv.URL+"/articles/"+b)
	waitApp(t, ctx)
	waitFor(t, ctx, suggestionsJS+` === "Sofia Lindqvist|PER"`, 30*time.Second)
	if got := evalJS[string](t, ctx, `document.querySelector("#article-text span.suggestion").title`); !strings.Contains(got, "learned tagger") {
		t.Errorf("the suggestion's title %q does not say it comes from the learned tagger", got)
	}
}

// TestProjectTurnsSuggestionsOff: a manager turns the project's sources off
// on /project (a threshold out of range is refused beside its field); an
// annotator's editor then proposes nothing and says why.
func TestProjectTurnsSuggestionsOff(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	text := "Rex Tillerson met Sergei Lavrov.\n\nLater, Rex Tillerson flew home."
	id := postArticle(t, srv, "Talks", text)
	makeManager(t, srv.DataDir, "mia")
	boss := newBrowser(t, "")
	navigate(t, boss, srv.URL+"/")
	signIn(t, boss, srv, "mia")
	navigate(t, boss, srv.URL+"/project")
	waitFor(t, boss, `!!document.getElementById("project-form") && document.getElementById("account-suggest-same")?.checked === true`, 15*time.Second)
	for _, box := range []string{"#account-suggest-same", "#account-suggest-quotes", "#account-suggest-tagger"} {
		click(t, boss, box)
	}
	setValue(t, boss, "#account-suggest-threshold", "2")
	click(t, boss, "#project-submit")
	waitFor(t, boss, `/from 0 to 1/.test(document.getElementById("project-form")?.textContent ?? "")`, 5*time.Second)
	setValue(t, boss, "#account-suggest-threshold", "0.7")
	click(t, boss, "#project-submit")
	waitFor(t, boss, `document.getElementById("project-saved")?.hidden === false`, 10*time.Second)

	ctx := openArticleAs(t, srv, id, "ann")
	start, end := codePoints(t, text, "Rex Tillerson")
	tagMention(t, ctx, start, end, "Rex Tillerson")
	waitFor(t, ctx, `document.getElementById("suggestion-summary")?.textContent.startsWith("Suggestions are off in this project")`, 20*time.Second)
	if got := evalJS[string](t, ctx, suggestionsJS); got != "" {
		t.Errorf("suggestions %q shown with every source off", got)
	}
}

// TestNewAnnotatorStartsWithTheTeamsModel: once an annotator's set is done
// on the server, another annotator's new device downloads the team's
// model: the names the team tagged are proposed on an article it never
// annotated, and the panel says the model is the team's.
func TestNewAnnotatorStartsWithTheTeamsModel(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	see := true
	body, _ := json.Marshal(api.ProjectPatch{AnnotatorsSeeEachOther: &see})
	req, _ := http.NewRequest("PATCH", srv.URL+"/api/v1/projects/"+api.DefaultProject, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if resp, err := srv.admin(t).Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("let annotators see each other: %v %v", resp, err)
	}
	first := "Ana Ruiz met Omar Haddad in Lima."
	second := "Later, Omar Haddad flew to Quito."
	a := postArticle(t, srv, "Lima", first)
	b := postArticle(t, srv, "Quito", second)

	ann := openArticleAs(t, srv, a, "ann")
	for _, name := range []string{"Ana Ruiz", "Omar Haddad"} {
		s, e := codePoints(t, first, name)
		tagMention(t, ann, s, e, name)
	}
	click(t, ann, "#mark-done")
	waitFor(t, ann, syncStatusIs("synced", 0), 30*time.Second)

	bob := openArticleAs(t, srv, b, "bob")
	waitFor(t, bob, suggestionsJS+`.split(",").includes("Omar Haddad|PER")`, 30*time.Second)
	waitFor(t, bob, `/the team's model/.test(document.getElementById("suggestion-model")?.textContent ?? "")`, 10*time.Second)
}

// holdLearnAnswersJS runs in each new document before the app: the learning
// worker's messages to the page wait while window.__holdLearn is true, and
// releaseLearnAnswersJS delivers them in order; each held delivery keeps
// its message's data (data). The worker itself runs as ever; only when its
// answer reaches the page is the test's to choose.
const holdLearnAnswersJS = `(() => {
  const Native = window.Worker;
  const onmessage = Object.getOwnPropertyDescriptor(Native.prototype, "onmessage");
  window.__learnHeld = [];
  window.Worker = function (url, options) {
    const w = new Native(url, options);
    if (String(url).includes("go-worker")) {
      Object.defineProperty(w, "onmessage", {
        get: () => onmessage.get.call(w),
        set: (f) => onmessage.set.call(w, (e) => window.__holdLearn ? window.__learnHeld.push(Object.assign(() => f(e), {data: e.data})) : f(e)),
      });
    }
    return w;
  };
  window.Worker.prototype = Native.prototype;
})()`

const releaseLearnAnswersJS = `(() => {
  window.__holdLearn = false;
  const held = window.__learnHeld.splice(0);
  held.forEach((deliver) => deliver());
  return held.length;
})()`

// openWithLearnHeld opens article id as login in a new browser whose
// learning worker's answers can be held (holdLearnAnswersJS), once the
// text and the service worker are ready.
func openWithLearnHeld(t *testing.T, srv *server, id, login string) context.Context {
	t.Helper()
	ctx := newBrowser(t, "")
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: holdLearnAnswersJS}); err != nil {
		t.Fatal(err)
	}
	navigate(t, ctx, srv.URL+"/")
	waitApp(t, ctx)
	signIn(t, ctx, srv, login)
	navigate(t, ctx, srv.URL+"/articles/"+id)
	waitApp(t, ctx)
	waitFor(t, ctx, articleReadyJS, 15*time.Second)
	waitWorker(t, ctx)
	return ctx
}

// TestSuggestionsKeepTheSelection: the suggestions' outlines render a
// paragraph again when the worker answers; a selection the annotator made
// in that paragraph meanwhile is still there afterwards, and a label key
// tags it.
func TestSuggestionsKeepTheSelection(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	text := "Rex Tillerson met Sergei Lavrov in Moscow.\n\nLater, Rex Tillerson flew home from Moscow."
	id := postArticle(t, srv, "Talks", text)
	ctx := openWithLearnHeld(t, srv, id, "ana")

	// The worker's answer to this mention waits.
	evalJS[bool](t, ctx, `window.__holdLearn = true`)
	start, end := codePoints(t, text, "Rex Tillerson")
	tagMention(t, ctx, start, end, "Rex Tillerson")
	waitFor(t, ctx, mentionsJS+` === "Rex Tillerson|PER"`, 10*time.Second)
	waitFor(t, ctx, `window.__learnHeld.length > 0`, 20*time.Second)
	// The annotator selects "flew home" backward (as Shift+← does), in
	// the paragraph of the other Rex Tillerson, which the answer will
	// outline.
	fs, fe := codePoints(t, text, "flew home")
	if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, fs, fe)); got != "flew home" {
		t.Fatalf("selected %q, want flew home", got)
	}
	const selectionJS = `(s => s.toString() + "|" + s.direction)(getSelection())`
	if got := evalJS[string](t, ctx, `(s => (s.setBaseAndExtent(s.focusNode, s.focusOffset, s.anchorNode, s.anchorOffset), 0))(getSelection()), `+selectionJS); got != "flew home|backward" {
		t.Fatalf("selected %q, want flew home|backward", got)
	}
	if n := evalJS[int](t, ctx, releaseLearnAnswersJS); n == 0 {
		t.Fatal("no answer of the worker was held")
	}
	waitFor(t, ctx, suggestionsJS+` === "Rex Tillerson|PER"`, 20*time.Second)
	if got := evalJS[string](t, ctx, selectionJS); got != "flew home|backward" {
		t.Fatalf("after the suggestions came the selection is %q, want flew home|backward", got)
	}
	press(t, ctx, "1", 1)
	waitFor(t, ctx, mentionsJS+` === "Rex Tillerson|PER,flew home|PER"`, 10*time.Second)
}

// selectionCodePointsJS returns the selection in #article-text as
// "start-end" in code points (for...of steps by code point while u counts
// UTF-16 units), "" when there is none there.
const selectionCodePointsJS = `(() => {
  const sel = getSelection(), root = document.getElementById("article-text");
  if (sel.rangeCount === 0 || !root.contains(sel.anchorNode)) return "";
  const r = sel.getRangeAt(0), walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let cp = 0, start = -1, end = -1, node;
  while ((node = walker.nextNode())) {
    let u = 0;
    for (const ch of node.data) {
      if (node === r.startContainer && u === r.startOffset) start = cp;
      if (node === r.endContainer && u === r.endOffset) end = cp;
      cp++; u += ch.length;
    }
    if (node === r.startContainer && u === r.startOffset && start < 0) start = cp;
    if (node === r.endContainer && u === r.endOffset && end < 0) end = cp;
  }
  return start + "-" + end;
})()`

// TestSuggestionDrawnAfterASelectionKeepsIt: the worker's answer reaches
// the page, which draws it a frame later (later still on a busy page);
// the annotator selects in between. The outline that then redraws the
// paragraph keeps that selection, the same code points, and a label key
// tags exactly it.
func TestSuggestionDrawnAfterASelectionKeepsIt(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	text := "Rex Tillerson 🙂 met Sergei Lavrov in Moscow.\n\nLater, 🎉 Rex Tillerson 🛫 flew home from Moscow."
	id := postArticle(t, srv, "Talks", text)
	ctx := openWithLearnHeld(t, srv, id, "ana")

	evalJS[bool](t, ctx, `window.__holdLearn = true`)
	start, end := codePoints(t, text, "Rex Tillerson")
	tagMention(t, ctx, start, end, "Rex Tillerson")
	waitFor(t, ctx, mentionsJS+` === "Rex Tillerson|PER"`, 10*time.Second)
	waitFor(t, ctx, `window.__learnHeld.some((m) => m.data?.type === "suggestions" && m.data.total > 0)`, 20*time.Second)
	// The page reads the answer's model last: the selection is made just
	// after it has read the answer (in a microtask, once it waits for its
	// next frame), before it draws the outline.
	fs, fe := codePoints(t, text, "🛫 flew")
	evalJS[bool](t, ctx, fmt.Sprintf(`(() => {
  const data = window.__learnHeld.find((m) => m.data?.type === "suggestions" && m.data.total > 0).data, model = data.model;
  Object.defineProperty(data, "model", { get() { queueMicrotask(() => { window.__selected = %s; }); return model; } });
  return true;
})()`, fmt.Sprintf(selectCodePointsJS, fs, fe)))
	evalJS[int](t, ctx, releaseLearnAnswersJS)
	waitFor(t, ctx, suggestionsJS+` === "Rex Tillerson|PER"`, 20*time.Second)
	if got := evalJS[string](t, ctx, `window.__selected`); got != "🛫 flew" {
		t.Fatalf("selected %q, want 🛫 flew", got)
	}
	want := fmt.Sprintf("%d-%d", fs, fe)
	if got := evalJS[string](t, ctx, selectionCodePointsJS); got != want {
		t.Fatalf("after the outline was drawn the selection is %q (%q), want %s", got, evalJS[string](t, ctx, `getSelection().toString()`), want)
	}
	press(t, ctx, "1", 1)
	waitFor(t, ctx, mentionsJS+` === "Rex Tillerson|PER,🛫 flew|PER"`, 10*time.Second)
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 2 })
	if e := sets[0].Entities[1]; e.Start != fs || e.End != fe {
		t.Errorf("tagged %+v, want %d-%d", e, fs, fe)
	}
}
