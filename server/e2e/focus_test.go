package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
)

// focusedJS describes the element that has the focus.
const focusedJS = `document.activeElement.tagName + "#" + document.activeElement.id + "." + document.activeElement.className + " " + document.activeElement.textContent.slice(0, 40)`

// TestFocusStaysWhenItsElementGoes: a button pressed from the keyboard
// that removes or hides itself (a mention's ×, Delete or Cancel in the
// item's details, Remove cue, a label row's remove) leaves the focus at the
// next sensible place (static/web/focus.js), never with the page's body:
// the next row, else the previous one (on its ×), else the list's heading,
// else what had the focus when the details were shown, else the text.
func TestFocusStaysWhenItsElementGoes(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Focus", editorText)
	makeManager(t, srv.DataDir, "foc") // the label editor's rows are a manager's
	ctx := openArticleAs(t, srv, id, "foc")
	tag := func(sub, n string) {
		t.Helper()
		s, e := codePoints(t, editorText, sub)
		evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, s, e))
		press(t, ctx, "1", 1)
		waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "`+n+`"`, 10*time.Second)
	}
	// press focuses sel and presses Enter on it; the focus then goes to
	// the element want (JS) and stays there.
	pressOn := func(sel, want string) {
		t.Helper()
		evalJS[bool](t, ctx, `document.querySelector(`+jsString(sel)+`).focus() || true`)
		press(t, ctx, kb.Enter, 1)
		for i := 0; !evalJS[bool](t, ctx, `document.activeElement === (`+want+`)`); i++ {
			if i == 50 {
				t.Fatalf("after %s the focus is on %s, want %s", sel, evalJS[string](t, ctx, focusedJS), want)
			}
			time.Sleep(100 * time.Millisecond)
		}
		time.Sleep(300 * time.Millisecond) // nothing takes it away later
		if !evalJS[bool](t, ctx, `document.activeElement === (`+want+`)`) {
			t.Fatalf("after %s the focus left %s for %s", sel, want, evalJS[string](t, ctx, focusedJS))
		}
	}
	tag("Rex", "1")
	tag("UN", "2")
	tag("resolution", "3")
	tag("added", "4")
	const text = `document.getElementById("article-text")`

	// The ×: the next row's ×, else the previous row's.
	pressOn("#annotation-list li:nth-child(2) .mention-delete", `document.querySelector("#annotation-list li:nth-child(2) .mention-delete")`)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "3"`, 5*time.Second)
	pressOn("#annotation-list li:last-child .mention-delete", `document.querySelector("#annotation-list li:nth-child(2) .mention-delete")`)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "2"`, 5*time.Second)

	// Delete in the details, shown by a click: the text.
	click(t, ctx, "#annotation-list li:nth-child(1) .mention-select")
	waitFor(t, ctx, `!!document.querySelector("#details .delete-item")`, 5*time.Second)
	pressOn("#details .delete-item", text)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 5*time.Second)

	// The last mention's ×: the list's heading.
	pressOn("#annotation-list .mention-delete", `document.querySelector(".mentions h2")`)
	if got := evalJS[string](t, ctx, `document.querySelector(".mentions h2").textContent`); got != "0 mentions" {
		t.Errorf("the focused heading says %q", got)
	}

	// Cancel of a new quote, started from the text: the text.
	tag("Tillerson said", "1")
	s, e := codePoints(t, editorText, `"We will not back down."`)
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, s, e))
	press(t, ctx, "q", 1)
	waitFor(t, ctx, `document.activeElement?.id === "speaker-input"`, 5*time.Second)
	pressOn("#cancel-quote", text)

	// Remove cue, then Delete quote: the text.
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, s, e))
	press(t, ctx, "q", 1)
	waitFor(t, ctx, `document.activeElement?.id === "speaker-input" && !!document.querySelector("#speaker-input-options [role=option]")`, 5*time.Second)
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, `document.querySelectorAll("#quote-list li").length === 1`, 10*time.Second)
	s, e = codePoints(t, editorText, "added")
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, s, e))
	press(t, ctx, "c", 1)
	waitFor(t, ctx, `!document.querySelector("#quote-cue button").hidden`, 5*time.Second)
	pressOn("#quote-cue button", text)
	pressOn("#details .delete-item", text)
	waitFor(t, ctx, `document.querySelectorAll("#quote-list li").length === 0`, 10*time.Second)

	// The label editor's rows: the next row's remove, else the previous
	// row's.
	press(t, ctx, "l", 1)
	waitFor(t, ctx, `document.activeElement?.classList.contains("label-name")`, 5*time.Second)
	n := evalJS[int](t, ctx, `document.querySelectorAll("#label-editor .label-row").length`)
	if n < 3 {
		t.Fatalf("%d label rows, want 3 or more", n)
	}
	pressOn("#label-editor .label-row:nth-child(1) .remove-label", `document.querySelector("#label-editor .label-row:nth-child(1) .remove-label")`)
	pressOn("#label-editor .label-row:last-child .remove-label", `document.querySelector("#label-editor .label-row:last-child .remove-label")`)
	if got := evalJS[int](t, ctx, `document.querySelectorAll("#label-editor .label-row").length`); got != n-2 {
		t.Errorf("%d label rows after removing two of %d", got, n)
	}
}
