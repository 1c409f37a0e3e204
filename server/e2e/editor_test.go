package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// editorText is the article of the editor test. Offsets (code points):
// "Rex Tillerson" 0-13, "said" 14-18, the quote "We will not back down."
// with its marks 20-44, "UN resolution" 49-62, "UN" 49-51, "Tillerson"
// 71-80.
const editorText = `Rex Tillerson said: "We will not back down." The UN resolution failed, Tillerson added.`

// postArticle stores an article on the server and returns its id.
func postArticle(t testing.TB, srv *server, title, text string) string {
	t.Helper()
	id, _ := postArticleBody(t, srv, map[string]string{"title": title, "text": text})
	return id
}

// postArticleBody sends body to POST /api/v1/articles as the admin and
// returns the ID of the article the server made (or had) and the answer's
// status.
func postArticleBody(t testing.TB, srv *server, body map[string]string) (id string, status int) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := srv.admin(t).Post(srv.URL+"/api/v1/articles", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || a.ID == "" {
		t.Fatalf("post article: status %d, %v", resp.StatusCode, err)
	}
	return a.ID, resp.StatusCode
}

// press sends keys one event each, with modifiers.
func press(t *testing.T, ctx context.Context, key string, n int, mods ...chromedp.Modifier) {
	t.Helper()
	for range n {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...))); err != nil {
			t.Fatal(err)
		}
	}
}

// caretInText is true once the editor has put the caret back in the text
// after an edit.
const caretInText = `getSelection().rangeCount === 1 && getSelection().isCollapsed && document.getElementById("article-text").contains(getSelection().anchorNode)`

// selectionIs fails unless the page's selected text is want.
func selectionIs(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	waitFor(t, ctx, fmt.Sprintf(`getSelection().toString() === %s`, jsString(want)), 5*time.Second)
}

// TestEditorQuoteStanceGroupUndo makes, keyboard only, a quote with its
// speaker and cue; then a stance toward a topic with the quote as evidence,
// nested mentions each selectable by clicking again, a group of two
// mentions, and an undone then redone deletion; everything survives a
// reload and is exactly in the export.
func TestEditorQuoteStanceGroupUndo(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Editor test", editorText)
	ctx := openArticleAs(t, srv, id, "eve")

	// Keyboard only: Tab to the text, select "Rex Tillerson" by words, 1.
	for i := 0; !evalJS[bool](t, ctx, `document.activeElement?.id === "article-text"`); i++ {
		if i == 40 {
			t.Fatal("Tab never reached the article text")
		}
		press(t, ctx, kb.Tab, 1)
	}
	press(t, ctx, kb.ArrowRight, 2, chromedp.ModifierCtrl, chromedp.ModifierShift)
	selectionIs(t, ctx, "Rex Tillerson")
	press(t, ctx, "1", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
	waitFor(t, ctx, caretInText, 5*time.Second)

	// The caret stays after the mention: → ×7 to the quote, Shift+→ ×24
	// over it with its marks, q, type the speaker's name, Enter.
	press(t, ctx, kb.ArrowRight, 7)
	press(t, ctx, kb.ArrowRight, 24, chromedp.ModifierShift)
	selectionIs(t, ctx, `"We will not back down."`)
	press(t, ctx, "q", 1)
	waitFor(t, ctx, `document.activeElement?.id === "speaker-input"`, 5*time.Second)
	if !evalJS[bool](t, ctx, `document.getElementById("draft-direct").checked`) {
		t.Error("a quote in quotation marks is not proposed as direct")
	}
	press(t, ctx, "R", 1)
	press(t, ctx, "e", 1)
	press(t, ctx, "x", 1)
	for deadline := time.Now().Add(5 * time.Second); !evalJS[bool](t, ctx, `document.querySelectorAll("#speaker-input-options li").length === 1`); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("typing Rex did not leave one speaker to pick: %s", evalJS[string](t, ctx,
				`"input " + JSON.stringify(document.getElementById("speaker-input")?.value) + ", focus " + document.activeElement?.id + ", options " + JSON.stringify([...document.querySelectorAll("#speaker-input-options li")].map(li => li.textContent))`))
		}
	}
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, `document.querySelectorAll("#quote-list li").length === 1`, 10*time.Second)
	waitFor(t, ctx, `document.activeElement?.id === "article-text"`, 5*time.Second)
	waitFor(t, ctx, caretInText, 5*time.Second)
	// The quote is selected and its speaker shown linked to it.
	waitFor(t, ctx, `!!document.querySelector("#article-text mark.quote.selected") && !!document.querySelector("#article-text mark.linked[data-annotation-id]")`, 5*time.Second)

	// The cue: the caret is after the quote; ← ×26 to after "said",
	// Shift+← ×4, c.
	press(t, ctx, kb.ArrowLeft, 26)
	press(t, ctx, kb.ArrowLeft, 4, chromedp.ModifierShift)
	selectionIs(t, ctx, "said")
	press(t, ctx, "c", 1)
	waitFor(t, ctx, `!!document.querySelector("#article-text mark.cue")`, 10*time.Second)

	// A stance of the quote's speaker toward a topic, the quote as evidence.
	press(t, ctx, "s", 1)
	// The holder is the quote's speaker already: the focus goes to the
	// target, the first empty field; type the topic, Enter picks it; the
	// polarity is a button.
	waitFor(t, ctx, `document.activeElement?.id === "stance-target"`, 5*time.Second)
	for _, r := range "the UN resolution" {
		press(t, ctx, string(r), 1)
	}
	waitFor(t, ctx, `document.querySelector("#stance-target-options li")?.dataset.kind === "topic"`, 5*time.Second)
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, `document.querySelector('[data-mode="target"] .picked')?.textContent === "the UN resolution (topic)"`, 5*time.Second)
	evalJS[bool](t, ctx, `document.querySelector('#stance-polarity [data-polarity="AGAINST"]').click() || true`)
	waitFor(t, ctx, `document.querySelector('#stance-polarity [data-polarity="AGAINST"]').getAttribute("aria-pressed") === "true"`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("stance-target").focus() || true`)
	press(t, ctx, kb.Enter, 1, chromedp.ModifierCtrl)
	waitFor(t, ctx, `document.querySelectorAll("#stance-list li").length === 1 && document.querySelector("#stance-list li").dataset.polarity === "AGAINST"`, 10*time.Second)
	waitFor(t, ctx, `document.activeElement?.id === "article-text"`, 5*time.Second) // saving gives the text the keys back

	// Nested mentions: ORG "UN resolution", LOC "UN" inside it; clicking
	// "UN" selects LOC, clicking it again selects the ORG around it.
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 49, 62))
	press(t, ctx, "2", 1)
	// Select again once the ORG is drawn: drawing it replaces the text
	// nodes a selection made before would sit in.
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "2" && !!document.querySelector('#article-text mark[data-label="ORG"]')`, 10*time.Second)
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 49, 51))
	press(t, ctx, "3", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "3"`, 10*time.Second)
	clickUN := `document.querySelector('#article-text mark[data-label="LOC"]').click() || true`
	selectedLabel := `document.querySelector("#annotation-list li.selected .label-chip")?.textContent`
	// Escape closes the stance form, then clears the selection.
	press(t, ctx, kb.Escape, 2)
	waitFor(t, ctx, `!document.querySelector("#annotation-list li.selected")`, 5*time.Second)
	waitFor(t, ctx, `!!document.querySelector('#article-text mark[data-label="LOC"]')`, 5*time.Second)
	evalJS[bool](t, ctx, clickUN)
	waitFor(t, ctx, selectedLabel+` === "LOC"`, 5*time.Second)
	evalJS[bool](t, ctx, clickUN)
	waitFor(t, ctx, selectedLabel+` === "ORG"`, 5*time.Second)

	// A group: "Tillerson" tagged, grouped with "Rex Tillerson".
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 71, 80))
	press(t, ctx, "1", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "4"`, 10*time.Second)
	evalJS[bool](t, ctx, `document.querySelector('#annotation-list li[data-annotation-id] .mention-select').click() || true`) // Rex Tillerson, first in text order
	waitFor(t, ctx, `document.getElementById("details").textContent.includes("(0–13)")`, 5*time.Second)
	press(t, ctx, "g", 1)
	waitFor(t, ctx, `document.querySelectorAll("#group-list li").length === 1`, 10*time.Second)
	evalJS[bool](t, ctx, `[...document.querySelectorAll('#annotation-list .mention-select')].find(b => b.textContent.endsWith("Tillerson") && !b.textContent.includes("Rex")).click() || true`)
	waitFor(t, ctx, `document.getElementById("details").textContent.includes("(71–80)") && !!document.querySelector("#mention-groups button:nth-child(3)")`, 5*time.Second)
	evalJS[bool](t, ctx, `document.querySelector("#mention-groups button:nth-child(3)").click() || true`)
	waitFor(t, ctx, `document.querySelector("#group-list li")?.textContent.includes("2 mentions")`, 10*time.Second)
	// Out of the group and back in, the mention still shown: each button
	// does what it says, whether or not it was pressed when first shown.
	evalJS[bool](t, ctx, `document.querySelector('#mention-groups button[data-group="-"]').click() || true`)
	waitFor(t, ctx, `document.querySelector("#group-list li")?.textContent.includes("1 mention")`, 10*time.Second)
	evalJS[bool](t, ctx, `document.querySelector("#mention-groups button:nth-child(3)").click() || true`)
	waitFor(t, ctx, `document.querySelector("#group-list li")?.textContent.includes("2 mentions")`, 10*time.Second)

	// Delete "Tillerson" (a group member: confirm), undo, redo, undo.
	press(t, ctx, kb.Delete, 1)
	waitFor(t, ctx, `!document.getElementById("confirm-delete").hidden`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("confirm-delete-yes").click() || true`)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "3"`, 10*time.Second)
	press(t, ctx, "z", 1, chromedp.ModifierCtrl)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "4"`, 10*time.Second)
	press(t, ctx, "z", 1, chromedp.ModifierCtrl, chromedp.ModifierShift)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "3"`, 10*time.Second)
	press(t, ctx, "z", 1, chromedp.ModifierCtrl)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "4"`, 10*time.Second)

	// The last undo is kept and synced: the export has everything...
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool {
		return len(sets) == 1 && len(sets[0].Entities) == 4 && len(sets[0].Quotes) == 1 && sets[0].Quotes[0].Cue != nil &&
			len(sets[0].Stances) == 1 && len(sets[0].Groups) == 1 && len(sets[0].Groups[0].Members) == 2
	})
	// ...and so does the page after a reload.
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, `document.getElementById("annotation-list")?.dataset.count === "4" && document.querySelectorAll("#quote-list li").length === 1 && document.querySelectorAll("#stance-list li").length === 1 && document.querySelectorAll("#group-list li").length === 1`, 15*time.Second)
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#review-list li").length`); n != 0 {
		t.Errorf("%d items to review after undoing the deletion, want 0", n)
	}

	s := sets[0]
	var got []string
	for _, e := range s.Entities {
		got = append(got, fmt.Sprintf("%s %d-%d %s", e.Label, e.Start, e.End, e.Text))
	}
	want := []string{"PER 0-13 Rex Tillerson", "ORG 49-62 UN resolution", "LOC 49-51 UN", "PER 71-80 Tillerson"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("entities %q, want %q", got, want)
	}
	q := s.Quotes[0]
	if q.Start != 20 || q.End != 44 || !q.Direct || q.Speaker.Text != "Rex Tillerson" || q.Cue.Start != 14 || q.Cue.End != 18 || q.Cue.Text != "said" {
		t.Errorf("quote %+v (cue %+v), want 20-44, direct, said by Rex Tillerson, cue said 14-18", q, *q.Cue)
	}
	st := s.Stances[0]
	if st.Holder.Kind != "quote_speaker" || st.Holder.ID != q.ID || st.Target.Topic != "the UN resolution" || st.Polarity != "AGAINST" ||
		len(st.Evidence) != 1 || st.Evidence[0].ID != q.ID || st.Evidence[0].Start != 20 {
		t.Errorf("stance %+v, want the quote's speaker AGAINST the UN resolution, the quote as evidence", st)
	}
	if g := s.Groups[0]; g.Name != "Rex Tillerson" {
		t.Errorf("group %+v, want Rex Tillerson", g)
	}

	// With the server stopped, the set downloads from the browser in any
	// format: CoNLL with IOB2 tags here. The export module loads from the
	// service worker's cache, where the page put it once idle.
	waitExportModuleCached(t, ctx)
	srv.stop()
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatal(err)
	}
	openDownloads(t, ctx)
	evalJS[bool](t, ctx, `document.querySelector('#download-formats [data-format="conll"]').click() || true`)
	conll := downloaded(t, ctx, dir, "*.conll")
	for _, line := range []string{"Rex -X- _ B-PER", "Tillerson -X- _ I-PER", "UN -X- _ B-ORG", "resolution -X- _ I-ORG"} {
		if !strings.Contains(string(conll), line+"\n") {
			t.Errorf("the browser's CoNLL download lacks the line %q:\n%s", line, conll)
		}
	}

	// Still offline, the library downloads every set on the device.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	openDownloads(t, ctx)
	evalJS[bool](t, ctx, `document.querySelector('#download-formats [data-format="jsonl"]').click() || true`)
	all := downloaded(t, ctx, dir, "*.jsonl")
	var rec exportedSet
	if err := json.Unmarshal(bytes.TrimSpace(all), &rec); err != nil || rec.ArticleID != id || rec.Annotator != "eve" || len(rec.Entities) != 4 || len(rec.Quotes) != 1 || len(rec.Stances) != 1 {
		t.Errorf("the device's JSONL download = %s (%v), want the one set of eve on the article with its 4 mentions, quote and stance", all, err)
	}
}

// openArticleAs opens article id in a new browser as annotator (signed in
// on the library page first) and waits until its text is all in the page
// and takes keys.
func openArticleAs(t *testing.T, srv *server, id, annotator string) context.Context {
	t.Helper()
	ctx := newBrowser(t, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	signIn(t, ctx, srv, annotator)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/articles/"+id)); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, articleReadyJS, 15*time.Second)
	return ctx
}

// exportModuleCachedJS says whether a cache of the service worker's holds
// the export module (by its versioned URL, /web/VERSION/export.wasm).
const exportModuleCachedJS = `(async () => {
  for (const key of await caches.keys()) {
    const requests = await (await caches.open(key)).keys();
    if (requests.some((r) => /^\/web\/\w+\/export\.wasm$/.test(new URL(r.url).pathname))) return true;
  }
  return false;
})()`

// waitExportModuleCached waits until the page has put the export module
// into the service worker's cache (keepModulesOffline, a few seconds after
// it starts), which downloads and HTML pages need offline.
func waitExportModuleCached(t testing.TB, ctx context.Context) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !evalAsync[bool](t, ctx, exportModuleCachedJS); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the page never put the export module into the service worker's cache")
		}
	}
}

// openDownloads opens the download formats, which loads the export module,
// and waits for them to be listed.
func openDownloads(t testing.TB, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, `!!document.querySelector('#download-open')`, 10*time.Second)
	evalJS[bool](t, ctx, `document.querySelector('#download-open').click() || true`)
	waitFor(t, ctx, `!!document.querySelector('#download-formats [data-format="conll"]') || /Could not/.test(document.querySelector('.downloads .note')?.textContent || '')`, 15*time.Second)
	if msg := evalJS[string](t, ctx, `document.querySelector('.downloads .note').hidden ? '' : document.querySelector('.downloads .note').textContent`); msg != "" {
		t.Fatalf("opening the download formats: %s", msg)
	}
}

// downloaded waits for the one file matching pattern in dir and returns it;
// failing, it says what the download menu says.
func downloaded(t testing.TB, ctx context.Context, dir, pattern string) []byte {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(dir, pattern))
		if len(files) == 1 {
			if b, _ := os.ReadFile(files[0]); len(b) > 0 {
				return b
			}
		}
		if time.Now().After(deadline) {
			names, _ := filepath.Glob(filepath.Join(dir, "*"))
			note := evalJS[string](t, ctx, `(document.querySelector('.downloads')?.textContent || 'no download menu') + " (busy " + document.getElementById("download-formats")?.getAttribute("aria-busy") + ", link " + document.getElementById("download-link")?.getAttribute("href") + ")"`)
			t.Fatalf("no %s file downloaded into %s (found %v); the download menu says: %s", pattern, dir, names, note)
		}
	}
}

// TestArticleOpensRightAfterFirstVisit goes from the library to an article
// as soon as the app is up, in a new profile, three times. The library page
// may then be frozen in the back-forward cache before its first open of the
// local database ran, which held every later open behind it: the article
// page stayed on "Loading…".
func TestArticleOpensRightAfterFirstVisit(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Quick", editorText)
	for i := range 3 {
		ctx := newBrowser(t, "")
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
			t.Fatal(err)
		}
		waitApp(t, ctx)
		// Signed in, the library opens the database as soon as it starts:
		// the race this test is about.
		signInByScript(t, ctx, srv, "quin")
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
			t.Fatal(err)
		}
		waitApp(t, ctx)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/articles/"+id)); err != nil {
			t.Fatal(err)
		}
		waitApp(t, ctx)
		waitFor(t, ctx, articleReadyJS, 15*time.Second)
		t.Logf("visit %d: the article opened", i+1)
	}
}

// TestEditLabels adds an entity label in the label editor, renames it,
// tags with its key, and finds the mention with that label in the export:
// the server accepts it only if the set's schema synced with it.
func TestEditLabels(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Labels", editorText)
	makeManager(t, srv.DataDir, "lu") // the project's labels are its managers'
	ctx := openArticleAs(t, srv, id, "lu")

	press(t, ctx, "l", 1)
	waitFor(t, ctx, `!!document.getElementById("add-label")`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("add-label").click() || true`)
	waitFor(t, ctx, `document.querySelectorAll("#label-editor .label-row").length === 5`, 5*time.Second)
	changeValue(t, ctx, "#label-name-4", "TITLE")
	evalJS[bool](t, ctx, `document.getElementById("save-labels").click() || true`)
	waitFor(t, ctx, `!!document.querySelector('.palette [data-label="TITLE"]') && !document.getElementById("label-editor").textContent.includes("Save")`, 10*time.Second)

	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 71, 80))
	press(t, ctx, "5", 1)
	waitFor(t, ctx, `!!document.querySelector('#article-text mark[data-label="TITLE"]')`, 10*time.Second)
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 1 })
	if e := sets[0].Entities[0]; e.Label != "TITLE" || e.Start != 71 || e.End != 80 {
		t.Errorf("exported %+v, want TITLE 71-80", e)
	}
}

// labelRowsJS lists the label editor's rows as they show: name:key.
const labelRowsJS = `[...document.querySelectorAll("#label-editor .label-row")].map(r => r.querySelector(".label-name").value + ":" + r.querySelector(".label-key").value)`

// TestRemovedLabelLeavesNoText: with the second label's name and key
// emptied, removing the first label shows the rows as the labels are
// now, the first row empty: the rows are rendered by position, and the
// first row kept the removed label's name and key (go-app's Value("")
// left them).
func TestRemovedLabelLeavesNoText(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Labels", editorText)
	makeManager(t, srv.DataDir, "rae")
	ctx := openArticleAs(t, srv, id, "rae")

	press(t, ctx, "l", 1)
	waitFor(t, ctx, `document.querySelectorAll("#label-editor .label-row").length >= 3`, 5*time.Second)
	rows := evalJS[[]string](t, ctx, labelRowsJS)
	changeValue(t, ctx, "#label-name-1", "")
	changeValue(t, ctx, "#label-key-1", "")
	click(t, ctx, "#label-editor .label-row:first-child .remove-label")
	waitFor(t, ctx, fmt.Sprintf(`document.querySelectorAll("#label-editor .label-row").length === %d`, len(rows)-1), 5*time.Second)
	want := append([]string{":"}, rows[2:]...)
	if got := evalJS[[]string](t, ctx, labelRowsJS); !slices.Equal(got, want) {
		t.Errorf("the label rows after removing the first of %q, the second emptied: %q, want %q", rows, got, want)
	}
}

// TestHandledKeyTypesNothing: q starts a quote and moves the focus to the
// speaker field. Its character must not land there, even when the keypress
// comes after the focus moved (the browser drops the keypress of a
// prevented keydown only while the focus stays): here the key's char event
// is sent once the field has the focus.
func TestHandledKeyTypesNothing(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Keys", editorText)
	ctx := openArticleAs(t, srv, id, "kim")
	quote := `"We will not back down."`
	start := len([]rune(editorText[:strings.Index(editorText, quote)]))
	if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, start, start+len([]rune(quote)))); got != quote {
		t.Fatalf("selected %q", got)
	}
	var down, char, up *input.DispatchKeyEventParams
	for _, e := range kb.Encode('q') {
		switch e.Type {
		case input.DispatchKeyEventTypeKeyDown:
			down = e
		case input.DispatchKeyEventTypeKeyUp:
			up = e
		case input.DispatchKeyEventTypeChar:
			char = e
		}
	}
	if down == nil || char == nil || up == nil {
		t.Fatalf("kb.Encode('q') gave no keydown, char and keyup")
	}
	if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, *down); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.activeElement?.id === "speaker-input"`, 5*time.Second)
	for _, e := range []*input.DispatchKeyEventParams{char, up} {
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, *e); err != nil {
			t.Fatal(err)
		}
	}
	// Then a key typed in the field does land there.
	press(t, ctx, "R", 1)
	waitFor(t, ctx, `document.getElementById("speaker-input").value !== ""`, 5*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("speaker-input").value`); got != "R" {
		t.Errorf("the speaker field holds %q after q then R, want %q", got, "R")
	}
}

// TestKeyRightAfterAnEditKeepsItsFocus presses 1 (tag the selection) and s
// (a stance of the new mention) in one task, as a fast typist can: the
// caret the tag puts back into the text comes after the stance form took
// the focus, and must not take it back, or the holder's name would be
// typed into the text as shortcuts.
func TestKeyRightAfterAnEditKeepsItsFocus(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Focus test", editorText)
	ctx := openArticleAs(t, srv, id, "eve")

	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	evalJS[bool](t, ctx, `document.getElementById("article-text").focus() || true`)
	selectionIs(t, ctx, "Rex Tillerson")
	evalJS[bool](t, ctx, `["1", "s"].forEach(key => window.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true}))) || true`)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1" && !!document.getElementById("stance-target")`, 10*time.Second)
	waitFor(t, ctx, `document.activeElement?.id === "stance-target"`, 5*time.Second) // the holder is the new mention
	// Long enough for any task queued by the two keys to have run.
	time.Sleep(500 * time.Millisecond)
	if got := evalJS[string](t, ctx, `document.activeElement?.id || document.activeElement?.tagName`); got != "stance-target" {
		t.Errorf("the focus moved to %q after the stance form took it, want it kept in stance-target", got)
	}
}
