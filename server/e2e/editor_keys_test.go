package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// longEditorText is editorText in the middle of forty paragraphs: an
// article long enough that the window scrolls.
func longEditorText() string {
	var paras []string
	for i := range 40 {
		if i == 20 {
			paras = append(paras, editorText)
			continue
		}
		paras = append(paras, fmt.Sprintf("Paragraph %d: the council met again, and once more nothing was decided about the resolution or the talks.", i+1))
	}
	return strings.Join(paras, "\n\n")
}

// scrollToQuote scrolls the window so that the quote of editorText is in
// the middle of it, selects the quote and returns the window's scrollY.
func scrollToQuote(t *testing.T, ctx context.Context, text string) float64 {
	t.Helper()
	quote := `"We will not back down."`
	s, e := codePoints(t, text, quote)
	evalJS[bool](t, ctx, `([...document.querySelectorAll('#article-text p')].find(p => p.textContent.startsWith("Rex")).scrollIntoView({block: "center"}), true)`)
	y := evalJS[float64](t, ctx, `window.scrollY`)
	if y < 200 {
		t.Fatalf("the window scrolled only to %v: the article is not long enough for the test", y)
	}
	if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, s, e)); got != quote {
		t.Fatalf("selected %q", got)
	}
	return y
}

// TestShortcutsDoNotMoveThePage: on a scrolled article, q (the quote, its
// speaker field focused) and the keys after it leave the window where it
// was: the quote and the mentions to click stay in sight.
func TestShortcutsDoNotMoveThePage(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	text := longEditorText()
	id := postArticle(t, srv, "Long", text)
	ctx := openArticleAs(t, srv, id, "sam")
	s, e := codePoints(t, text, "Rex Tillerson")
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, s, e))
	press(t, ctx, "1", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)

	y := scrollToQuote(t, ctx, text)
	press(t, ctx, "q", 1)
	waitFor(t, ctx, `document.activeElement?.id === "speaker-input"`, 5*time.Second)
	time.Sleep(300 * time.Millisecond) // any late scroll would have happened
	if got := evalJS[float64](t, ctx, `window.scrollY`); got != y {
		t.Errorf("q moved the window from scrollY %v to %v", y, got)
	}
	// The speaker field is in sight, and so is the quote.
	if !evalJS[bool](t, ctx, `(() => { const r = document.getElementById("speaker-input").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`) {
		t.Error("the focused speaker field is out of sight")
	}
	// Picking the speaker by a click on the mention keeps the window too.
	evalJS[bool](t, ctx, `document.querySelector('#article-text mark[data-label="PER"]').click() || true`)
	waitFor(t, ctx, `document.querySelectorAll("#quote-list li").length === 1`, 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	if got := evalJS[float64](t, ctx, `window.scrollY`); got != y {
		t.Errorf("picking the speaker moved the window from scrollY %v to %v", y, got)
	}
	// s focuses the stance form's first empty field, without scrolling.
	press(t, ctx, "s", 1)
	waitFor(t, ctx, `document.activeElement?.id === "stance-target"`, 5*time.Second)
	time.Sleep(300 * time.Millisecond)
	if got := evalJS[float64](t, ctx, `window.scrollY`); got != y {
		t.Errorf("s moved the window from scrollY %v to %v", y, got)
	}
}

// TestLabelKeyProblemsShowBesideTheField: a reserved key is refused by
// name, a key used twice is said in plain words, each beside its field in
// the dialog (not behind it), and nothing is saved until fixed.
func TestLabelKeyProblemsShowBesideTheField(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Keys", editorText)
	makeManager(t, srv.DataDir, "lee") // the project's labels are its managers'
	ctx := openArticleAs(t, srv, id, "lee")

	press(t, ctx, "l", 1)
	waitFor(t, ctx, `!!document.querySelector("#label-editor .label-key")`, 5*time.Second)
	setKey := func(i int, key string) {
		t.Helper()
		changeValue(t, ctx, fmt.Sprintf("#label-key-%d", i), key)
	}
	problemOf := func(i int) string {
		return fmt.Sprintf(`(() => { const p = document.getElementById("label-key-problem-%d"); return p && !p.hidden ? p.textContent : ""; })()`, i)
	}
	setKey(1, "q")
	evalJS[bool](t, ctx, `document.getElementById("save-labels").click() || true`)
	waitFor(t, ctx, problemOf(1)+` !== ""`, 5*time.Second)
	if got := evalJS[string](t, ctx, problemOf(1)); !strings.Contains(got, `"q"`) || !strings.Contains(got, "quote") {
		t.Errorf("the reserved key's message is %q: want it to name the key and its command", got)
	}
	if !evalJS[bool](t, ctx, `document.querySelectorAll("#label-editor .label-key")[1].getAttribute("aria-invalid") === "true"`) {
		t.Error("the field with the reserved key is not marked invalid")
	}
	// The message is inside the dialog, on top: the element at its place
	// is the message itself, not the backdrop.
	if !evalJS[bool](t, ctx, `(() => { const p = document.getElementById("label-key-problem-1"), r = p.getBoundingClientRect(); return p.contains(document.elementFromPoint(r.left + 2, r.top + r.height / 2)); })()`) {
		t.Error("the message is not shown on top of the dialog")
	}

	setKey(1, "1")
	waitFor(t, ctx, problemOf(1)+` === "Labels PER and ORG both use the key \"1\": give each its own key."`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("save-labels").click() || true`)
	time.Sleep(300 * time.Millisecond)
	if evalJS[bool](t, ctx, `document.getElementById("label-editor").hidden || !document.querySelector("#label-editor .dialog")`) {
		t.Fatal("the label editor closed with a key used twice")
	}

	setKey(1, "5")
	waitFor(t, ctx, problemOf(1)+` === ""`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("save-labels").click() || true`)
	waitFor(t, ctx, `!document.querySelector("#label-editor .dialog")`, 10*time.Second)
	waitFor(t, ctx, `document.querySelector('.palette [data-label="ORG"]')?.textContent.includes("5")`, 5*time.Second)
}

// TestQuoteAndCueButtons makes a quote and its cue with the mouse only:
// the Quote and Cue buttons do what q and c do.
func TestQuoteAndCueButtons(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Buttons", editorText)
	ctx := openArticleAs(t, srv, id, "mo")

	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.palette [data-label="PER"]`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1" && !!document.querySelector("#article-text mark[data-label]")`, 10*time.Second)

	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 20, 44))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("make-quote"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!!document.getElementById("speaker-input")`, 5*time.Second)
	evalJS[bool](t, ctx, `document.querySelector('#article-text mark[data-label="PER"]').click() || true`)
	waitFor(t, ctx, `document.querySelectorAll("#quote-list li").length === 1 && !!document.querySelector("#article-text mark.quote.selected")`, 10*time.Second)

	waitFor(t, ctx, `!!document.querySelector("#article-text mark.quote")`, 5*time.Second)
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 14, 18))
	selectionIs(t, ctx, "said")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("make-cue"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelector("#article-text mark.cue")?.textContent === "said"`, 10*time.Second)
	// Undo and Redo are buttons too.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("undo"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!document.querySelector("#article-text mark.cue")`, 10*time.Second)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("redo"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelector("#article-text mark.cue")?.textContent === "said"`, 10*time.Second)
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool {
		return len(sets) == 1 && len(sets[0].Quotes) == 1 && sets[0].Quotes[0].Cue != nil
	})
	if q := sets[0].Quotes[0]; q.Start != 20 || q.End != 44 || q.Cue.Text != "said" || q.Speaker.Text != "Rex Tillerson" {
		t.Errorf("quote %+v (cue %+v), want 20-44 by Rex Tillerson, cue said", q, *q.Cue)
	}
}

// TestStanceFormNeedsAPolarity: a new stance has no polarity chosen, its
// focus is on the first empty field, and saving without a polarity is
// refused beside it; choosing one saves.
func TestStanceFormNeedsAPolarity(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Stance", editorText)
	ctx := openArticleAs(t, srv, id, "sol")

	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	press(t, ctx, "1", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
	// On a short window the form opens below the side panel's fold: the
	// field that gets the focus is scrolled into view.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 420)); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, "s", 1)
	waitFor(t, ctx, `document.activeElement?.id === "stance-target"`, 5*time.Second)
	waitFor(t, ctx, `(r => r.top >= 0 && r.bottom <= innerHeight)(document.activeElement.getBoundingClientRect())`, 5*time.Second)
	// The field spans its picker, so that its hint shows whole.
	if w := evalJS[[]float64](t, ctx, `[document.activeElement.getBoundingClientRect().width, document.activeElement.closest(".picker").getBoundingClientRect().width]`); w[0] < w[1]*0.95 {
		t.Errorf("the target field is %.0f pixels wide in a picker of %.0f", w[0], w[1])
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll('#stance-polarity [aria-pressed="true"]').length`); n != 0 {
		t.Errorf("%d polarities chosen in a new stance, want none", n)
	}
	for _, r := range "the talks" {
		press(t, ctx, string(r), 1)
	}
	waitFor(t, ctx, `document.querySelector("#stance-target-options li")?.dataset.kind === "topic"`, 5*time.Second)
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, `document.querySelector('[data-mode="target"] .picked')?.textContent === "the talks (topic)"`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("stance-target").focus() || true`)
	press(t, ctx, kb.Enter, 1, chromedp.ModifierCtrl)
	waitFor(t, ctx, `!document.getElementById("stance-polarity-problem").hidden`, 5*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("stance-polarity-problem").textContent`); got != "Choose a polarity before saving." {
		t.Errorf("the refusal says %q", got)
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#stance-list li").length`); n != 0 {
		t.Fatalf("a stance without a polarity was saved (%d in the list)", n)
	}
	evalJS[bool](t, ctx, `document.querySelector('#stance-polarity [data-polarity="NONE"]').click() || true`)
	waitFor(t, ctx, `document.getElementById("stance-polarity-problem").hidden`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("save-stance").click() || true`)
	waitFor(t, ctx, `document.querySelector("#stance-list li")?.dataset.polarity === "NONE"`, 10*time.Second)
}

// TestStanceFormNeedsATarget: the model has no stance without a target
// (annotations.Stance.Validate), and a new stance has none: saving one
// without is refused beside the target, as without a polarity beside the
// polarity, the focus in the first field that lacks one, and nothing is
// stored; once both are chosen it saves.
func TestStanceFormNeedsATarget(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Stance", editorText)
	ctx := openArticleAs(t, srv, id, "sol")
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	press(t, ctx, "1", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
	press(t, ctx, "s", 1)
	waitFor(t, ctx, `document.activeElement?.id === "stance-target"`, 5*time.Second)

	problems := `["stance-target-problem", "stance-polarity-problem"].map(id => document.getElementById(id)).map(p => p.hidden ? "" : p.textContent).join("|")`
	saveRefused := func(want string) {
		t.Helper()
		evalJS[bool](t, ctx, `document.getElementById("save-stance").click() || true`)
		waitFor(t, ctx, problems+` === `+jsString(want), 5*time.Second)
		waitFor(t, ctx, `document.activeElement?.id === "stance-target"`, 5*time.Second)
		time.Sleep(300 * time.Millisecond) // a save would show in the list by now
		if n := evalJS[int](t, ctx, `document.querySelectorAll("#stance-list li").length`); n != 0 {
			t.Fatalf("a stance without a target was saved (%d in the list)", n)
		}
	}
	saveRefused("Choose a target before saving.|Choose a polarity before saving.")
	evalJS[bool](t, ctx, `document.querySelector('#stance-polarity [data-polarity="AGAINST"]').click() || true`)
	waitFor(t, ctx, problems+` === "|"`, 5*time.Second)
	saveRefused("Choose a target before saving.|")

	for _, r := range "the talks" {
		press(t, ctx, string(r), 1)
	}
	waitFor(t, ctx, `document.querySelector("#stance-target-options li")?.dataset.kind === "topic"`, 5*time.Second)
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, `document.querySelector('[data-mode="target"] .picked')?.textContent === "the talks (topic)" && `+problems+` === "|"`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("save-stance").click() || true`)
	waitFor(t, ctx, `document.querySelector("#stance-list li")?.dataset.polarity === "AGAINST"`, 10*time.Second)
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Stances) > 0 })
	if st := sets[0].Stances; len(st) != 1 || st[0].Target.Topic != "the talks" {
		t.Errorf("exported stances %+v, want one toward the talks", st)
	}
}

// TestUndoAfterReload: the undo history is kept on the device, so Ctrl+Z
// after a reload undoes the edit made before it.
func TestUndoAfterReload(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Undo", editorText)
	ctx := openArticleAs(t, srv, id, "uma")

	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	press(t, ctx, "1", 1)
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 49, 62))
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 49, 62))
	press(t, ctx, "2", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "2"`, 10*time.Second)
	time.Sleep(500 * time.Millisecond) // the history is written in the background

	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, `document.getElementById("annotation-list")?.dataset.count === "2"`, 15*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("article-text").focus() || true`)
	press(t, ctx, "z", 1, chromedp.ModifierCtrl)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1" && !document.querySelector('#article-text mark[data-label="ORG"]')`, 10*time.Second)
	press(t, ctx, "z", 1, chromedp.ModifierCtrl)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "0"`, 10*time.Second)
	press(t, ctx, "z", 1, chromedp.ModifierCtrl, chromedp.ModifierShift)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
}

// TestKeyboardFindAndLines: / finds text and puts the caret there, ready
// for Shift+arrows; ↓ moves the caret a line down, End and Shift+Home
// work on the line, and none of it types or scrolls by itself.
func TestKeyboardFindAndLines(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	text := longEditorText()
	id := postArticle(t, srv, "Find", text)
	ctx := openArticleAs(t, srv, id, "fin")

	evalJS[bool](t, ctx, `document.getElementById("article-text").focus({preventScroll: true}) || true`)
	evalJS[bool](t, ctx, `(window.scrollTo(0, document.body.scrollHeight / 2), true)`)
	press(t, ctx, "/", 1)
	waitFor(t, ctx, `document.activeElement?.id === "find-input"`, 5*time.Second)
	// The find field is in sight, the page scrolled as it is.
	if !evalJS[bool](t, ctx, `(() => { const r = document.getElementById("find-input").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`) {
		t.Error("the find field is out of sight")
	}
	for _, r := range "un resolution" {
		press(t, ctx, string(r), 1)
	}
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, `document.activeElement?.id === "article-text"`, 5*time.Second)
	waitFor(t, ctx, caretInText, 5*time.Second)
	// The caret is at the match, which is now in sight.
	if !evalJS[bool](t, ctx, `(() => { const r = getSelection().getRangeAt(0).getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`) {
		t.Error("the found text is out of sight")
	}
	press(t, ctx, kb.ArrowRight, 13, chromedp.ModifierShift)
	selectionIs(t, ctx, "UN resolution")
	press(t, ctx, "2", 1)
	waitFor(t, ctx, `document.querySelector('#article-text mark[data-label="ORG"]')?.textContent === "UN resolution"`, 10*time.Second)
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 1 })
	if s, _ := codePoints(t, text, "UN resolution"); sets[0].Entities[0].Start != s {
		t.Errorf("tagged %+v, want the first UN resolution at %d", sets[0].Entities[0], s)
	}

	// Line keys: from the start of paragraph 3, ↓ goes into a later
	// paragraph; Shift+Home from the end of a line selects back to its start.
	paraOfCaret := `getSelection().focusNode.parentElement.closest("[data-index]").textContent.slice(0, 12)`
	p3, _ := codePoints(t, text, "Paragraph 3:")
	if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, p3, p3+12)); got != "Paragraph 3:" {
		t.Fatalf("selected %q", got)
	}
	evalJS[bool](t, ctx, `getSelection().collapseToStart() || true`)
	evalJS[bool](t, ctx, `document.getElementById("article-text").focus({preventScroll: true}) || true`)
	if got := evalJS[string](t, ctx, paraOfCaret); got != "Paragraph 3:" {
		t.Fatalf("the caret is in the paragraph starting %q, want Paragraph 3:", got)
	}
	press(t, ctx, kb.ArrowDown, 3)
	if got := evalJS[string](t, ctx, paraOfCaret); got == "Paragraph 3:" {
		t.Errorf("↓ ×3 left the caret in the paragraph starting %q", got)
	}
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, p3, p3+1))
	evalJS[bool](t, ctx, `getSelection().collapseToStart() || true`)
	press(t, ctx, kb.End, 1)
	press(t, ctx, kb.Home, 1, chromedp.ModifierShift)
	if got := evalJS[string](t, ctx, `getSelection().toString()`); !strings.HasPrefix(got, "Paragraph 3:") {
		t.Errorf("End then Shift+Home selected %q, want the line from \"Paragraph 3:\"", got)
	}
	if got := evalJS[int](t, ctx, `document.getElementById("annotation-list").dataset.count | 0`); got != 1 {
		t.Errorf("%d mentions after moving the caret, want 1: a key typed something", got)
	}
	// The find field opens with the last search selected: typing replaces
	// it, as in a browser's find bar.
	press(t, ctx, "/", 1)
	waitFor(t, ctx, `document.activeElement?.id === "find-input" && document.activeElement.value === "un resolution"`, 5*time.Second)
	if got := evalJS[string](t, ctx, `(e => e.value.slice(e.selectionStart, e.selectionEnd))(document.activeElement)`); got != "un resolution" {
		t.Errorf("the find field opened with %q selected, want the last search", got)
	}
	press(t, ctx, "x", 1)
	if got := evalJS[string](t, ctx, `document.activeElement.value`); got != "x" {
		t.Errorf("typing into the reopened find field made %q, want x", got)
	}
	// Esc closes the find bar and gives the text the keys back.
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `document.getElementById("find-bar").hidden && document.activeElement?.id === "article-text"`, 5*time.Second)
}

// TestFindGoesToTheNextOne: / and Enter again, the find field holding the
// same words, puts the caret at the next occurrence, as the find bar's
// hint says.
func TestFindGoesToTheNextOne(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Find", longEditorText())
	ctx := openArticleAs(t, srv, id, "fin")
	paraOfCaret := `getSelection().focusNode.parentElement.closest("[data-index]").textContent.slice(0, 12)`
	evalJS[bool](t, ctx, `document.getElementById("article-text").focus({preventScroll: true}) || true`)
	press(t, ctx, "/", 1)
	waitFor(t, ctx, `document.activeElement?.id === "find-input"`, 5*time.Second)
	for _, r := range "council" {
		press(t, ctx, string(r), 1)
	}
	for _, want := range []string{"Paragraph 1:", "Paragraph 2:", "Paragraph 3:"} {
		if want != "Paragraph 1:" {
			press(t, ctx, "/", 1)
			waitFor(t, ctx, `document.activeElement?.id === "find-input" && document.activeElement.value === "council"`, 5*time.Second)
		}
		press(t, ctx, kb.Enter, 1)
		waitFor(t, ctx, `document.activeElement?.id === "article-text" && `+caretInText, 5*time.Second)
		if got := evalJS[string](t, ctx, paraOfCaret); got != want {
			t.Fatalf("the caret is in the paragraph starting %q, want %s", got, want)
		}
	}
}
