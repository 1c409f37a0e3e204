package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/gloss-annotate/gloss/annotations"
)

// TestDialogsTakeAndGiveBackTheFocus: the shortcut sheet takes the focus
// when it opens, and closing a dialog gives the focus back to where it was
// (the text, or the button that opened it).
func TestDialogsTakeAndGiveBackTheFocus(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Dialogs", editorText)
	ctx := openArticleAs(t, srv, id, "dia")

	evalJS[bool](t, ctx, `document.getElementById("article-text").focus() || true`)
	press(t, ctx, "?", 1)
	waitFor(t, ctx, `!document.getElementById("shortcut-sheet").hidden && !!document.activeElement?.closest("#shortcut-sheet")`, 5*time.Second)
	// The sheet lists the table: the find key among the others.
	if !evalJS[bool](t, ctx, `[...document.querySelectorAll("#shortcut-sheet kbd")].some(k => k.textContent === "/")`) {
		t.Error("the shortcut sheet does not list /")
	}
	// While it is open, the editor's keys do nothing behind it.
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	press(t, ctx, "1", 1)
	time.Sleep(300 * time.Millisecond)
	if n := evalJS[string](t, ctx, `document.getElementById("annotation-list").dataset.count`); n != "0" {
		t.Errorf("a label key tagged behind the open shortcut sheet (%s mentions)", n)
	}
	evalJS[bool](t, ctx, `document.querySelector("#shortcut-sheet .dialog").focus() || true`)
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `document.getElementById("shortcut-sheet").hidden && document.activeElement?.id === "article-text"`, 5*time.Second)

	// From the keyboard on the Labels… button: Enter opens the editor,
	// read-only for an annotator, and its Cancel takes the focus (a
	// manager's first field would: TestTabStaysInOpenDialogs); Cancel gives
	// it back to the button.
	evalJS[bool](t, ctx, `document.getElementById("open-labels").focus() || true`)
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, `document.activeElement?.id === "cancel-labels"`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("cancel-labels").click() || true`)
	waitFor(t, ctx, `!document.querySelector("#label-editor .dialog") && document.activeElement?.id === "open-labels"`, 5*time.Second)

	// The sheet's close button gives the focus back too.
	evalJS[bool](t, ctx, `document.getElementById("article-text").focus() || true`)
	press(t, ctx, "?", 1)
	waitFor(t, ctx, `!!document.activeElement?.closest("#shortcut-sheet")`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("close-shortcuts").click() || true`)
	waitFor(t, ctx, `document.getElementById("shortcut-sheet").hidden && document.activeElement?.id === "article-text"`, 5*time.Second)
}

// TestConflictNamesThisDevice: another device and this one relabel the
// same mention; the conflict says which version is this device's and
// which another device's, and its two Keep buttons are named apart.
func TestConflictNamesThisDevice(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	id := postArticle(t, srv, "Conflict", editorText)
	span, err := annotations.NewSpan([]rune(editorText), 0, 13)
	if err != nil {
		t.Fatal(err)
	}
	ent := annotations.Entity{ID: "00000000-0000-4000-8000-0000000000c1", Span: span, Label: "PER"}
	push := func(parent string, label string) annotations.Revision {
		t.Helper()
		ent.Label = label
		rev, err := annotations.NewEntityRevision(parent, annotations.SetKey{ArticleID: id, Annotator: "cora"}, ent)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(map[string]any{"revisions": []annotations.Revision{rev}})
		resp, err := srv.as(t, "cora").Post(srv.URL+"/api/v1/sync/push", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("the other device's push: %s", resp.Status)
		}
		return rev
	}
	first := push("", "PER") // the other device made the mention

	ctx := openArticleAs(t, srv, id, "cora")
	waitFor(t, ctx, `document.querySelectorAll("#annotation-list li[data-annotation-id]").length === 1`, 15*time.Second)
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced"`, 30*time.Second)

	// Offline, this device relabels it ORG; the other device, LOC.
	srv.stop()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#annotation-list .mention-select`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!!document.querySelector("#annotation-list li.selected")`, 5*time.Second)
	press(t, ctx, "2", 1)
	waitFor(t, ctx, `document.querySelector("#article-text mark")?.dataset.label === "ORG"`, 10*time.Second)
	srv = startServer(t, data, srv.Addr)
	push(first.ID, "LOC")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelectorAll("#conflict-list .version").length === 2`, 30*time.Second)

	notes := evalJS[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll("#conflict-list .version")].map(v => [v.querySelector("strong").textContent, v.querySelector(".note").textContent]))`)
	for label, want := range map[string]string{"ORG": "from this device", "LOC": "from another device"} {
		if got := notes[label]; len(got) < len(want) || got[:len(want)] != want {
			t.Errorf("the %s version says %q, want it to start %q", label, got, want)
		}
	}
	names := evalJS[[]string](t, ctx, `[...document.querySelectorAll("#conflict-list .keep-version")].map(b => b.getAttribute("aria-label") || b.textContent)`)
	if len(names) != 2 || names[0] == names[1] {
		t.Errorf("the Keep buttons are named %q, want two distinct names", names)
	}
	for _, n := range names {
		if n == "Keep this" {
			t.Errorf("a Keep button is named only %q", n)
		}
	}
}
