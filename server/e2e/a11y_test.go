package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/gloss-annotate/gloss/annotations"
)

// ariaProblemsJS lists what the page breaks of the ARIA rules axe-core
// found broken (issue #17): an option holding a control (nested-
// interactive), a listbox or combobox without a name (aria-input-field-
// name), the article text named without a role (aria-prohibited-attr), a
// combobox's active option that is not one of its options.
const ariaProblemsJS = `(() => {
  const problems = [];
  const name = el => {
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    const byIDs = ids.map(id => document.getElementById(id)?.textContent || "").join(" ").trim();
    const labels = [...(el.labels || [])].map(l => l.textContent).join(" ").trim();
    return byIDs || (el.getAttribute("aria-label") || "").trim() || labels;
  };
  for (const o of document.querySelectorAll('[role="option"]')) {
    if (o.querySelector('button, a[href], input, select, textarea, [tabindex], [contenteditable="true"]')) {
      problems.push("option " + (o.id || o.textContent) + " holds a control");
    }
  }
  for (const el of document.querySelectorAll('[role="listbox"], [role="combobox"]')) {
    if (!name(el)) problems.push(el.getAttribute("role") + " #" + el.id + " has no name");
  }
  for (const el of document.querySelectorAll('[role="combobox"]')) {
    const active = el.getAttribute("aria-activedescendant");
    const list = document.getElementById(el.getAttribute("aria-controls"));
    if (active && !(list && list.querySelector('[role="option"][aria-selected="true"]')?.id === active)) {
      problems.push("combobox #" + el.id + " names " + active + ", not its selected option");
    }
  }
  const text = document.getElementById("article-text");
  if (text && text.hasAttribute("aria-label") && !text.getAttribute("role")) {
    problems.push("#article-text has an aria-label and no role");
  }
  if (text && !document.getElementById(text.getAttribute("aria-describedby") || "")?.textContent.includes("press a label key")) {
    problems.push("#article-text is not described by the instructions");
  }
  return problems;
})()`

// checkARIA fails the test with the page's ARIA problems, in state.
func checkARIA(t *testing.T, ctx context.Context, state string) {
	t.Helper()
	if problems := evalJS[[]string](t, ctx, ariaProblemsJS); len(problems) > 0 {
		t.Errorf("%s: %s", state, strings.Join(problems, "; "))
	}
}

// TestPickersAreNamedComboboxes: the stance form's and the quote's pickers
// are comboboxes whose options hold no control and whose lists are named;
// the arrows move the active option (aria-activedescendant), Enter picks
// it, a click on an option picks it; the article text is a named region.
func TestPickersAreNamedComboboxes(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Pickers", editorText)
	ctx := openArticleAs(t, srv, id, "ari")
	checkARIA(t, ctx, "the article page")

	// The stance form: Rex Tillerson the holder, the focus in the target.
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	press(t, ctx, "1", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
	press(t, ctx, "s", 1)
	waitFor(t, ctx, `document.activeElement?.id === "stance-target"`, 5*time.Second)
	for _, r := range "Rex" {
		press(t, ctx, string(r), 1)
	}
	// The typed topic first, then the mention.
	waitFor(t, ctx, `document.querySelectorAll("#stance-target-options [role=option]").length === 2`, 5*time.Second)
	checkARIA(t, ctx, "the stance form")
	active := `document.getElementById(document.getElementById("stance-target").getAttribute("aria-activedescendant"))?.dataset.kind`
	if got := evalJS[string](t, ctx, active); got != "topic" {
		t.Errorf("the active option is a %q, want the typed topic", got)
	}
	press(t, ctx, kb.ArrowDown, 1)
	waitFor(t, ctx, active+` === "entity"`, 5*time.Second)
	checkARIA(t, ctx, "the stance form, second option active")
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, `document.querySelector('[data-mode="target"] .picked')?.textContent === "Rex Tillerson (PER)"`, 5*time.Second)
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `!document.getElementById("stance-target")`, 5*time.Second)
	// The field that had the focus is gone: the text has it back.
	waitFor(t, ctx, `document.activeElement?.id === "article-text"`, 5*time.Second)

	// The quote's speaker: a click on the option picks it. The suggestion
	// the mention tagged above brings (a quote) may be drawn between the
	// selection and q: its outline keeps the selection.
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 20, 44))
	press(t, ctx, "q", 1)
	waitFor(t, ctx, `document.activeElement?.id === "speaker-input" && !!document.querySelector("#speaker-input-options [role=option]")`, 5*time.Second)
	checkARIA(t, ctx, "the quote's speaker picker")
	evalJS[bool](t, ctx, `document.querySelector("#speaker-input-options [role=option]").click() || true`)
	waitFor(t, ctx, `document.querySelectorAll("#quote-list li").length === 1`, 10*time.Second)
	checkARIA(t, ctx, "the page with a quote")
}

// pickerForm is a form with an item picker, as the picker tests open it.
type pickerForm struct {
	name, field string
	open        func(t *testing.T, ctx context.Context) // the form, the focus in field
	heading     string                                  // CSS: the form's heading, outside the picker
	formOpen    string                                  // JS: the form is open
	picked      string                                  // JS: nothing is picked or saved
}

// pickerForms are the stance form (its target) and the quote being made
// (its speaker), on editorText with Rex Tillerson tagged.
var pickerForms = []pickerForm{
	{"stance target", "stance-target", func(t *testing.T, ctx context.Context) {
		evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
		press(t, ctx, "1", 1)
		waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
		press(t, ctx, "s", 1)
	}, "#stance-form h2", `!document.getElementById("stance-form").hidden`,
		`(document.querySelector('[data-mode="target"] .picked')?.textContent ?? "(none yet)") === "(none yet)" && !document.querySelector("#stance-list li")`},
	{"quote speaker", "speaker-input", func(t *testing.T, ctx context.Context) {
		evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
		press(t, ctx, "1", 1)
		waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
		evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 20, 44))
		press(t, ctx, "q", 1)
	}, "#details h2", `!!document.getElementById("speaker-input")`,
		`document.querySelectorAll("#quote-list li").length === 0`},
}

// openPicker opens form on a new article and types "Rex" in its picker,
// whose list then shows; it returns the page and JS conditions: the list
// shows, the list is closed.
func openPicker(t *testing.T, form pickerForm) (ctx context.Context, listShows, listClosed string) {
	t.Helper()
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Pickers", editorText)
	ctx = openArticleAs(t, srv, id, "ari")
	form.open(t, ctx)
	field := `document.getElementById("` + form.field + `")`
	list := `document.getElementById("` + form.field + `-options")`
	listShows = field + `?.getAttribute("aria-expanded") === "true" && !` + list + `.hidden`
	listClosed = field + `?.getAttribute("aria-expanded") === "false" && ` + list + `.hidden`
	waitFor(t, ctx, `document.activeElement?.id === "`+form.field+`"`, 5*time.Second)
	for _, r := range "Rex" {
		press(t, ctx, string(r), 1)
	}
	waitFor(t, ctx, listShows+` && `+field+`.value === "Rex"`, 5*time.Second)
	return ctx, listShows, listClosed
}

// TestPickerEscAndTab: as in WAI-ARIA's combobox pattern, Esc in a picker
// whose list shows closes the list and changes nothing else (the form,
// the field, what is picked); ↓ opens it again; Tab picks nothing, closes
// the list and moves the focus on, and Shift+Tab comes back, to a field
// whose list stays closed (the pattern's: the last Esc proves it); Esc
// with the list closed is the form's, which closes. For the stance's
// target and the quote's speaker.
func TestPickerEscAndTab(t *testing.T) {
	for _, tt := range pickerForms {
		t.Run(tt.name, func(t *testing.T) {
			ctx, listShows, listClosed := openPicker(t, tt)
			field := `document.getElementById("` + tt.field + `")`
			checkARIA(t, ctx, "the list open")

			press(t, ctx, kb.Escape, 1)
			waitFor(t, ctx, listClosed, 5*time.Second)
			if !evalJS[bool](t, ctx, tt.formOpen+` && document.activeElement === `+field+` && `+field+`.value === "Rex" && `+tt.picked) {
				t.Fatalf("Esc on the open list changed more than the list: %s", pageState(ctx))
			}
			checkARIA(t, ctx, "the list closed by Esc")
			press(t, ctx, kb.ArrowDown, 1)
			waitFor(t, ctx, listShows, 5*time.Second)

			press(t, ctx, kb.Tab, 1)
			waitFor(t, ctx, `document.activeElement !== `+field+` && document.activeElement !== document.body`, 5*time.Second)
			waitFor(t, ctx, listClosed, 5*time.Second)
			if !evalJS[bool](t, ctx, tt.formOpen+` && `+field+`.value === "Rex" && `+tt.picked) {
				t.Fatalf("Tab picked something or closed the form: %s", pageState(ctx))
			}
			press(t, ctx, kb.Tab, 1, chromedp.ModifierShift)
			waitFor(t, ctx, `document.activeElement === `+field, 5*time.Second)

			// The list closed, Esc is the form's.
			press(t, ctx, kb.Escape, 1)
			waitFor(t, ctx, `!(`+tt.formOpen+`)`, 5*time.Second)
			if !evalJS[bool](t, ctx, tt.picked) {
				t.Errorf("closing the form picked something: %s", pageState(ctx))
			}
		})
	}
}

// TestPickerPickEmptiesTheField: a pick by Enter empties the field, and
// what is typed next is all it holds (go-app's Value("") left the field as
// it was: emptyField). For the stance's target and the quote's speaker;
// a speaker is picked twice, since the first pick makes the quote, whose
// details have a field of their own.
func TestPickerPickEmptiesTheField(t *testing.T) {
	for _, tt := range pickerForms {
		t.Run(tt.name, func(t *testing.T) {
			ctx, listShows, listClosed := openPicker(t, tt)
			field := `document.getElementById("` + tt.field + `")`
			press(t, ctx, kb.Enter, 1)
			waitFor(t, ctx, `!(`+tt.picked+`)`, 10*time.Second)
			evalJS[bool](t, ctx, field+`.focus() || true`)
			for _, r := range "Rex" {
				press(t, ctx, string(r), 1)
			}
			waitFor(t, ctx, listShows+` && `+field+`.value.endsWith("Rex")`, 5*time.Second)
			press(t, ctx, kb.Enter, 1)
			waitFor(t, ctx, listClosed, 5*time.Second)
			if got := evalJS[string](t, ctx, field+`.value`); got != "" {
				t.Errorf("after the pick the field holds %q, want it empty", got)
			}
			press(t, ctx, "T", 1)
			waitFor(t, ctx, listShows, 5*time.Second)
			if got := evalJS[string](t, ctx, field+`.value`); got != "T" {
				t.Errorf("typing T after the pick: the field holds %q, want \"T\"", got)
			}
		})
	}
}

// TestPickerClicks: a click outside a picker (on its form's heading)
// closes its list, as Tab does, and changes nothing else: not the form,
// not the field, not what is picked; a click in the field opens the list
// again. For the stance's target and the quote's speaker.
func TestPickerClicks(t *testing.T) {
	for _, tt := range pickerForms {
		t.Run(tt.name, func(t *testing.T) {
			ctx, listShows, listClosed := openPicker(t, tt)
			field := `document.getElementById("` + tt.field + `")`
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(tt.heading))); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, listClosed, 5*time.Second)
			if !evalJS[bool](t, ctx, tt.formOpen+` && `+field+`.value === "Rex" && `+tt.picked) {
				t.Fatalf("a click outside the picker changed more than its list: %s", pageState(ctx))
			}
			checkARIA(t, ctx, "the list closed by a click outside")

			if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID(tt.field))); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, `document.activeElement === `+field+` && `+listShows, 5*time.Second)
		})
	}
}

// TestTabStaysInOpenDialogs: the page behind an open modal dialog is
// inert (nothing behind takes the focus or a click); Tab from the last control of an open modal
// dialog goes to its first, Shift+Tab from its first to its last; the
// delete confirmation takes the focus, Esc gives it back to where the
// deletion was asked, and deleting gives it to the text when that is gone.
func TestTabStaysInOpenDialogs(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Tabs", editorText)
	makeManager(t, srv.DataDir, "tab") // the label editor's fields are a manager's
	ctx := openArticleAs(t, srv, id, "tab")
	focusIn := func(sel string) string { return `!!document.activeElement?.closest("` + sel + `")` }
	tabStays := func(dialog, first, last string) {
		t.Helper()
		evalJS[bool](t, ctx, `document.querySelector("`+last+`").focus() || true`)
		press(t, ctx, kb.Tab, 1)
		waitFor(t, ctx, `document.activeElement === document.querySelector("`+first+`")`, 5*time.Second)
		press(t, ctx, kb.Tab, 1, chromedp.ModifierShift)
		waitFor(t, ctx, `document.activeElement === document.querySelector("`+last+`")`, 5*time.Second)
		if !evalJS[bool](t, ctx, focusIn(dialog)) {
			t.Errorf("the focus left %s", dialog)
		}
	}

	// The shortcut sheet: one control; the focus starts on the dialog.
	evalJS[bool](t, ctx, `document.getElementById("article-text").focus() || true`)
	press(t, ctx, "?", 1)
	waitFor(t, ctx, focusIn("#shortcut-sheet"), 5*time.Second)
	press(t, ctx, kb.Tab, 1, chromedp.ModifierShift)
	waitFor(t, ctx, `document.activeElement?.id === "close-shortcuts"`, 5*time.Second)
	tabStays("#shortcut-sheet", "#close-shortcuts", "#close-shortcuts")
	checkBehindDialogInert(t, ctx, "#shortcut-sheet")
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `document.getElementById("shortcut-sheet").hidden && document.activeElement?.id === "article-text"`, 5*time.Second)

	// The label editor.
	press(t, ctx, "l", 1)
	waitFor(t, ctx, `document.activeElement?.classList.contains("label-name")`, 5*time.Second)
	tabStays("#label-editor", "#label-editor .label-name", "#cancel-labels")
	checkBehindDialogInert(t, ctx, "#label-editor")
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `!document.querySelector("#label-editor .dialog") && document.activeElement?.id === "article-text"`, 5*time.Second)

	// The delete confirmation of a mention a quote's speaker refers to,
	// asked from the mention's button in the panel.
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	press(t, ctx, "1", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 20, 44))
	press(t, ctx, "q", 1)
	waitFor(t, ctx, `document.activeElement?.id === "speaker-input" && !!document.querySelector("#speaker-input-options [role=option]")`, 5*time.Second)
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, `document.querySelectorAll("#quote-list li").length === 1`, 10*time.Second)
	evalJS[bool](t, ctx, `document.querySelector("#annotation-list .mention-select").focus() || true`)
	evalJS[bool](t, ctx, `document.querySelector("#annotation-list .mention-select").click() || true`)
	waitFor(t, ctx, `!!document.querySelector("#annotation-list li.selected")`, 5*time.Second)
	evalJS[bool](t, ctx, `document.querySelector("#annotation-list .mention-select").focus() || true`)
	press(t, ctx, kb.Delete, 1)
	waitFor(t, ctx, `!document.getElementById("confirm-delete").hidden && document.activeElement?.id === "confirm-delete-no"`, 5*time.Second)
	tabStays("#confirm-delete", "#confirm-delete-yes", "#confirm-delete-no")
	checkBehindDialogInert(t, ctx, "#confirm-delete")
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `document.getElementById("confirm-delete").hidden && document.activeElement?.classList.contains("mention-select")`, 5*time.Second)
	if n := evalJS[string](t, ctx, `document.getElementById("annotation-list").dataset.count`); n != "1" {
		t.Errorf("%s mentions after Esc in the delete confirmation, want the one kept", n)
	}
	// Delete anyway, from the keyboard: the button that asked is gone with
	// the mention, and the focus goes to the text.
	press(t, ctx, kb.Delete, 1)
	waitFor(t, ctx, `document.activeElement?.id === "confirm-delete-no"`, 5*time.Second)
	press(t, ctx, kb.Tab, 1)
	waitFor(t, ctx, `document.activeElement?.id === "confirm-delete-yes"`, 5*time.Second)
	press(t, ctx, kb.Enter, 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "0" && document.activeElement?.id === "article-text"`, 10*time.Second)
	if inert := evalJS[[]string](t, ctx, `[...document.querySelectorAll("[inert]")].map(el => el.id || el.className || el.tagName)`); len(inert) > 0 {
		t.Errorf("with every dialog closed, these stay inert: %v", inert)
	}
}

// behindDialogJS lists what, with the dialog sel open, is still live
// behind it: a focusable element outside the dialog that is not inert, the
// article text taking the focus. It makes the dialog's backdrop transparent
// to the pointer and returns the centre of the article text, for a real
// click that an inert page must not deliver (clickedBehindJS reads it).
const behindDialogJS = `((sel) => {
  const dialog = document.querySelector(sel);
  const live = [...document.querySelectorAll('button, input, select, textarea, a[href], [tabindex]')]
    .filter(el => !dialog.contains(el) && !el.closest("[inert]") && el.getClientRects().length > 0)
    .map(el => el.id || el.className || el.tagName);
  const text = document.getElementById("article-text");
  window.glossFocusedBefore = document.activeElement;
  text.focus();
  if (document.activeElement === text) live.push("#article-text took the focus");
  window.glossFocusedBefore?.focus();
  dialog.style.pointerEvents = "none";
  window.glossClickedBehind = false;
  text.addEventListener("click", () => { window.glossClickedBehind = true; }, { once: true });
  const r = text.getBoundingClientRect();
  return { live, x: r.left + r.width / 2, y: r.top + Math.min(r.height / 2, 40) };
})(%q)`

// checkBehindDialogInert fails the test unless the page behind the open
// dialog sel is inert: nothing outside it can be focused, and a click on
// the article text (through the backdrop) does not reach it. The focus is
// given back to where it was before the click (on the body, the page's keys
// would not reach the dialog).
func checkBehindDialogInert(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	type probe struct {
		Live []string `json:"live"`
		X, Y float64
	}
	p := evalJS[probe](t, ctx, fmt.Sprintf(behindDialogJS, sel))
	if len(p.Live) > 0 {
		t.Errorf("with %s open, these are live behind it: %s", sel, strings.Join(p.Live, ", "))
	}
	if _, err := chromedp.Run(ctx, chromedp.MouseClickXY(p.X, p.Y)); err != nil {
		t.Fatalf("click behind %s: %v", sel, err)
	}
	if evalJS[bool](t, ctx, fmt.Sprintf(`(() => { const c = window.glossClickedBehind; document.querySelector(%q).style.pointerEvents = ""; window.glossFocusedBefore?.focus(); return c; })()`, sel)) {
		t.Errorf("with %s open, a click reached the article text behind it", sel)
	}
}

// TestPhoneFieldInSight: on a phone the side panel is below the article,
// and a field the page focuses there (the quote's speaker) is scrolled
// to the middle of the screen, not to the bottom edge: its options open below it,
// and the messages at the bottom do not cover it.
func TestPhoneFieldInSight(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	raw, err := os.ReadFile(filepath.Join(moduleRoot, sampleArticle))
	if err != nil {
		t.Fatal(err)
	}
	a, err := annotations.NewArticle("", string(raw), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	quote := []rune(`a low point,`)
	start := strings.Index(a.Text, string(quote))
	if start < 0 {
		t.Fatal("the sample article has no quote a low point,")
	}
	start = utf8.RuneCountInString(a.Text[:start])
	ctx := openArticleAs(t, srv, sampleArticleID(t), "pho")
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatalf("emulate a 390 px phone: %v", err)
	}
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, start, start+len(quote)))
	press(t, ctx, "q", 1)
	waitFor(t, ctx, `document.activeElement?.id === "speaker-input"`, 5*time.Second)
	// Scrolling into view may be smooth: wait until it settles.
	for last, deadline := -1.0, time.Now().Add(5*time.Second); ; time.Sleep(200 * time.Millisecond) {
		y := evalJS[float64](t, ctx, `scrollY`)
		if y == last || time.Now().After(deadline) {
			break
		}
		last = y
	}
	got := evalJS[string](t, ctx, `(() => {
		const f = document.getElementById("speaker-input").getBoundingClientRect();
		const covering = [...document.querySelectorAll(".messages p:not([hidden])")].map((p) => p.getBoundingClientRect()).filter((m) => m.top < f.bottom && m.bottom > f.top);
		return f.top >= 0 && f.bottom <= innerHeight * 0.6 && covering.length === 0 ? "" : "field " + f.top + "-" + f.bottom + " of " + innerHeight + ", covered by " + covering.length + " message(s)";
	})()`)
	if got != "" {
		t.Errorf("on a 390 px phone the speaker's field is not in the upper part, clear of messages: %s", got)
	}
}
