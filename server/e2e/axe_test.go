package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeScript returns axe-core's axe.min.js, as make axe installs it (npm ci
// in .ci/axe, whose lockfile pins the version; make test runs it first),
// failing the test with how to install it when it is missing.
func axeScript(t *testing.T) string {
	t.Helper()
	path := filepath.Join(moduleRoot, ".ci", "axe", "node_modules", "axe-core", "axe.min.js")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): install it with make axe (npm ci in .ci/axe; make test runs it)", err)
	}
	return string(src)
}

// axeRunJS runs axe-core on the whole page and lists its violations, one
// per rule and element: the rule, its impact, the element and what is wrong.
const axeRunJS = `axe.run(document, { resultTypes: ["violations"] }).then((r) =>
  r.violations.flatMap((v) => v.nodes.map((n) =>
    v.id + " (" + (n.impact || v.impact) + ") at " + n.target.join(" ") + ": " + v.help)))`

// checkAxe runs axe-core (src) in the page of ctx and fails the test with
// every violation it finds, in state. The page's Content-Security-Policy
// does not apply: the script is evaluated through the DevTools protocol.
func checkAxe(t *testing.T, ctx context.Context, src, state string) {
	t.Helper()
	if !evalJS[bool](t, ctx, `typeof axe === "object"`) {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](src+"\n;true")); err != nil {
			t.Fatalf("%s: load axe-core: %v", state, err)
		}
	}
	if found := evalAsync[[]string](t, ctx, axeRunJS); len(found) > 0 {
		t.Errorf("%s: axe-core found %d violation(s):\n  %s", state, len(found), strings.Join(found, "\n  "))
	}
}

// TestAxeFindsNothing: axe-core finds no violation on any page state the
// app reaches: the setup and sign-in pages, the library signed out and in,
// an article with annotations, the quote's and the stance form's pickers,
// every dialog (the shortcut sheet, the label editor, a delete and a
// sign-out confirmation), and the library and article on a 390 px phone.
func TestAxeFindsNothing(t *testing.T) {
	src := axeScript(t)
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Axe", editorText)
	var link string
	for deadline := time.Now().Add(5 * time.Second); link == ""; time.Sleep(50 * time.Millisecond) {
		link = setupLinkPattern.FindString(srv.out.String())
		if time.Now().After(deadline) {
			t.Fatalf("gloss serve printed no setup link:\n%s", srv.out.String())
		}
	}
	ctx := newBrowser(t, "")

	navigate(t, ctx, link)
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("setup-form")`, 15*time.Second)
	checkAxe(t, ctx, src, "/setup")

	navigate(t, ctx, srv.URL+"/")
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("sign-in-link") || !!document.getElementById("signin-form")`, 15*time.Second)
	checkAxe(t, ctx, src, "the library, signed out")

	navigate(t, ctx, srv.URL+"/signin")
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("signin-form")`, 15*time.Second)
	checkAxe(t, ctx, src, "/signin")

	navigate(t, ctx, srv.URL+"/")
	addUser(t, srv.DataDir, "axe", true) // an admin: the account page shows its users too
	signIn(t, ctx, srv, "axe")
	waitFor(t, ctx, `!!document.querySelector("#library li")`, 15*time.Second)
	checkAxe(t, ctx, src, "the library, signed in")

	navigate(t, ctx, srv.URL+"/account")
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("password-form") && !!document.getElementById("account-user-login")`, 15*time.Second)
	checkAxe(t, ctx, src, "the account page, an admin's")

	navigate(t, ctx, srv.URL+"/project")
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("project-form") && !!document.querySelector("#member-list select") && !!document.getElementById("member-form")`, 15*time.Second)
	setValue(t, ctx, "#account-project-guidelines", "Tag people.\n\nSee https://example.org/guide.") // shown beside the article below
	click(t, ctx, "#project-submit")
	waitFor(t, ctx, `document.getElementById("project-saved")?.hidden === false`, 10*time.Second)
	checkAxe(t, ctx, src, "the project page, a manager's")

	navigate(t, ctx, srv.URL+"/articles/"+id)
	waitApp(t, ctx)
	waitFor(t, ctx, articleReadyJS, 15*time.Second)
	waitFor(t, ctx, `document.getElementById("guidelines")?.hidden === false`, 10*time.Second)
	tagMention(t, ctx, 0, 13, "Rex Tillerson")
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)

	// The quote's speaker picker, then the quote made.
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 20, 44))
	press(t, ctx, "q", 1)
	waitFor(t, ctx, `document.activeElement?.id === "speaker-input" && !!document.querySelector("#speaker-input-options [role=option]")`, 5*time.Second)
	checkAxe(t, ctx, src, "the quote's speaker picker")
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, `document.querySelectorAll("#quote-list li").length === 1`, 10*time.Second)
	checkAxe(t, ctx, src, "an article with a mention and a quote")

	// The stance form, its target picker open.
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	press(t, ctx, "s", 1)
	waitFor(t, ctx, `document.activeElement?.id === "stance-target"`, 5*time.Second)
	for _, r := range "Rex" {
		press(t, ctx, string(r), 1)
	}
	waitFor(t, ctx, `document.querySelectorAll("#stance-target-options [role=option]").length === 2`, 5*time.Second)
	checkAxe(t, ctx, src, "the stance form")
	press(t, ctx, kb.Escape, 1) // the list closes, then the form
	waitFor(t, ctx, `document.getElementById("stance-target").getAttribute("aria-expanded") === "false"`, 5*time.Second)
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `!document.getElementById("stance-target")`, 5*time.Second)

	// The dialogs.
	evalJS[bool](t, ctx, `document.getElementById("article-text").focus() || true`)
	press(t, ctx, "?", 1)
	waitFor(t, ctx, `!document.getElementById("shortcut-sheet").hidden`, 5*time.Second)
	checkAxe(t, ctx, src, "the shortcut sheet")
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `document.getElementById("shortcut-sheet").hidden && document.activeElement?.id === "article-text"`, 5*time.Second)
	press(t, ctx, "l", 1)
	waitFor(t, ctx, `!!document.querySelector("#label-editor .dialog")`, 5*time.Second)
	// One control a line: Add a label, then the polarities' field under
	// its words, then the snapping box.
	if !evalJS[bool](t, ctx, `(() => { const b = id => document.getElementById(id).getBoundingClientRect();
		return b("add-label").bottom <= b("label-polarities").top && b("label-polarities").bottom <= b("snap-to-words").top; })()`) {
		t.Error("the label editor's controls run together on a line")
	}
	checkAxe(t, ctx, src, "the label editor")
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `!document.querySelector("#label-editor .dialog")`, 5*time.Second)
	click(t, ctx, "#annotation-list .mention-select")
	waitFor(t, ctx, `!!document.querySelector("#annotation-list li.selected")`, 5*time.Second)
	evalJS[bool](t, ctx, `document.querySelector("#annotation-list .mention-select").focus() || true`)
	press(t, ctx, kb.Delete, 1)
	waitFor(t, ctx, `!document.getElementById("confirm-delete").hidden`, 5*time.Second)
	checkAxe(t, ctx, src, "the delete confirmation")
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `document.getElementById("confirm-delete").hidden`, 5*time.Second)

	// On a phone.
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatalf("emulate a 390 px phone: %v", err)
	}
	checkAxe(t, ctx, src, "the article on a 390 px phone")
	// The shortcut sheet fits the phone's width.
	press(t, ctx, "?", 1)
	waitFor(t, ctx, `!!document.querySelector("#shortcut-sheet .dialog")`, 5*time.Second)
	if wide := evalJS[[]string](t, ctx, `[...document.querySelectorAll("#shortcut-sheet .dialog *")].filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map(el => el.textContent.slice(0, 30))`); len(wide) > 0 {
		t.Errorf("on a 390 px phone the shortcut sheet is cut off at the right: %q", wide)
	}
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `!document.querySelector("#shortcut-sheet .dialog")`, 5*time.Second)
	navigate(t, ctx, srv.URL+"/")
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.querySelector("#library li")`, 15*time.Second)
	checkAxe(t, ctx, src, "the library on a 390 px phone")
	if small := evalJS[[]string](t, ctx, `[...document.querySelectorAll("#library .article-actions button")].filter(b => b.getBoundingClientRect().height < 24).map(b => b.textContent)`); len(small) > 0 {
		t.Errorf("on a phone the library's buttons %q are less than 24 px high", small)
	}
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("back to the desktop viewport: %v", err)
	}

	// The sign-out confirmation, which a change not on the server yet asks
	// for: made with the server stopped.
	navigate(t, ctx, srv.URL+"/articles/"+id)
	waitApp(t, ctx)
	waitFor(t, ctx, articleReadyJS, 15*time.Second)
	srv.stop()
	tagMention(t, ctx, 49, 62, "UN resolution")
	waitKept(t, ctx)
	click(t, ctx, "#sign-out")
	waitFor(t, ctx, `!!document.getElementById("signout-confirm")`, 10*time.Second)
	checkAxe(t, ctx, src, "the sign-out confirmation")
}
