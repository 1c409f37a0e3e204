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

// groupText has one name twice: "Tillerson" at 0-9 and 26-35 (code
// points).
const groupText = "Tillerson said no. Later, Tillerson said yes."

// tagCodePoints selects [start, end) of the text and tags it with the
// label of key, and waits until the mention list counts n.
func tagCodePoints(t *testing.T, ctx context.Context, start, end int, key string, n int) {
	t.Helper()
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, start, end))
	press(t, ctx, key, 1)
	waitFor(t, ctx, fmt.Sprintf(`document.getElementById("annotation-list").dataset.count === "%d"`, n), 10*time.Second)
}

// proposalsJS lists the group proposals the panel shows.
const proposalsJS = `(document.querySelector("#group-proposals")?.closest("div")?.hidden ? [] :
  [...document.querySelectorAll("#group-proposals li")].map(li => li.textContent))`

// TestGroupProposalAddsToTheGroup groups one of two mentions of a name
// with g. The panel never shows the proposal to group both afresh once one
// is in a group (it did for a moment, until the proposals were made
// again), then proposes adding the other to that group; the click adds it
// there, and the set has one group of two mentions, not a second group of
// the same name holding the first mention again.
func TestGroupProposalAddsToTheGroup(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Groups", groupText)
	ctx := openArticleAs(t, srv, id, "gia")

	tagCodePoints(t, ctx, 0, 9, "1", 1)
	tagCodePoints(t, ctx, 26, 35, "1", 2)
	waitFor(t, ctx, proposalsJS+`.join() === "Tillerson: group 2 mentions Group"`, 10*time.Second)

	// From now on, note any moment at which a group exists and the panel
	// still proposes grouping both mentions afresh.
	evalJS[bool](t, ctx, `(() => {
  window.staleProposal = "";
  new MutationObserver(() => {
    const shown = `+proposalsJS+`;
    if (document.querySelectorAll("#group-list li").length > 0 && shown.some(p => p.includes("group 2 mentions"))) {
      window.staleProposal = shown.join(" | ");
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  return true;
})()`)
	evalJS[bool](t, ctx, `document.querySelector('#annotation-list li[data-annotation-id] .mention-select').click() || true`)
	waitFor(t, ctx, `document.getElementById("details").textContent.includes("(0–9)")`, 5*time.Second)
	press(t, ctx, "g", 1)
	waitFor(t, ctx, `document.querySelectorAll("#group-list li").length === 1`, 10*time.Second)
	waitFor(t, ctx, proposalsJS+`.join() === "Tillerson: add 1 mention to the group Group"`, 10*time.Second)
	if stale := evalJS[string](t, ctx, `window.staleProposal`); stale != "" {
		t.Errorf("with the first mention in a group, the panel showed the proposal %q", stale)
	}

	evalJS[bool](t, ctx, `document.querySelector("#group-proposals .accept-proposal").click() || true`)
	waitFor(t, ctx, proposalsJS+`.length === 0`, 10*time.Second)
	if got := evalJS[string](t, ctx, `[...document.querySelectorAll("#group-list li")].map(li => li.textContent).join(" | ")`); got != "Tillerson · 2 mentions" {
		t.Errorf("the groups after accepting the proposal: %q, want one group of 2 mentions", got)
	}
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool {
		return len(sets) == 1 && len(sets[0].Groups) >= 1 && len(sets[0].Groups[0].Members) == 2
	})
	if g := sets[0].Groups; len(g) != 1 || g[0].Name != "Tillerson" {
		t.Errorf("exported groups %+v, want one group Tillerson of both mentions", g)
	}
}

// TestRefusedRenameShowsTheGroupsName: a group's name changed to one the
// set refuses (empty, too long) or to the same name once normalized
// leaves the group its name, and the name field shows that name again,
// not what was typed, with the refusal said (go-app sees no change to
// render: the field kept the typed text).
func TestRefusedRenameShowsTheGroupsName(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Groups", groupText)
	ctx := openArticleAs(t, srv, id, "gus")
	tagCodePoints(t, ctx, 0, 9, "1", 1)
	click(t, ctx, "#annotation-list .mention-select")
	waitFor(t, ctx, `document.getElementById("details").textContent.includes("(0–9)")`, 5*time.Second)
	press(t, ctx, "g", 1)
	waitFor(t, ctx, `document.querySelectorAll("#group-list li").length === 1`, 10*time.Second)
	click(t, ctx, "#group-list .group-select")
	const nameShown = `document.getElementById("group-name")?.value === "Tillerson"`
	waitFor(t, ctx, nameShown, 5*time.Second)

	for _, tt := range []struct {
		typed, refusal string // refusal: part of its message, "" for none
	}{
		{"   ", "is empty"},
		{strings.Repeat("T", 201), "more than the limit"},
		{"  Tillerson ", ""},
	} {
		changeValue(t, ctx, "#group-name", tt.typed)
		done := nameShown
		if tt.refusal != "" {
			done += ` && !document.getElementById("edit-error").hidden && document.getElementById("edit-error").textContent.includes(` + jsString(tt.refusal) + `)`
		}
		waitFor(t, ctx, done, 5*time.Second)
	}
	if got := evalJS[string](t, ctx, `document.querySelector("#group-list li").textContent`); got != "Tillerson · 1 mention" {
		t.Errorf("the group after the refused renames: %q, want Tillerson · 1 mention", got)
	}
}

// narrowText has a long mention, tagged ORG: "The Intergovernmental Panel
// on Climate Change" at 0-45 (code points).
const narrowText = "The Intergovernmental Panel on Climate Change met the United Nations Framework Convention on Climate Change secretariat in Bonn."

// sidewaysJS says what sticks out of a 390 px page: nothing when the page
// does not scroll sideways, every label button is in view and the long
// mention's delete button is inside its row.
const sidewaysJS = `(() => {
  const out = [];
  const se = document.scrollingElement;
  if (se.scrollWidth > se.clientWidth) out.push("the page is " + se.scrollWidth + " px wide in " + se.clientWidth);
  for (const b of document.querySelectorAll(".palette .label-button")) {
    const r = b.getBoundingClientRect();
    if (r.left < 0 || r.right > se.clientWidth) out.push("label " + b.dataset.label + " spans " + Math.round(r.left) + "-" + Math.round(r.right));
  }
  for (const li of document.querySelectorAll("#annotation-list li")) {
    const del = li.querySelector(".mention-delete").getBoundingClientRect(), row = li.getBoundingClientRect();
    if (del.width === 0 || del.right > row.right + 0.5 || del.right > se.clientWidth) out.push("the delete button of " + JSON.stringify(li.textContent) + " ends at " + Math.round(del.right) + " in a row ending at " + Math.round(row.right));
  }
  return out.join("; ");
})()`

// TestNarrowPageDoesNotScrollSideways: on a 390 px phone, a set with eight
// labels and a long mention fits the width: the palette wraps and the
// mention's delete button stays in its row.
func TestNarrowPageDoesNotScrollSideways(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Narrow", narrowText)
	makeManager(t, srv.DataDir, "nia") // the project's labels are its managers'
	ctx := openArticleAs(t, srv, id, "nia")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	tagCodePoints(t, ctx, 0, 45, "2", 1)

	press(t, ctx, "l", 1)
	waitFor(t, ctx, `!!document.getElementById("add-label")`, 5*time.Second)
	for i, name := range []string{"NATIONALITY", "FACILITY", "ORGANISATION_UNIT", "EVENT"} {
		evalJS[bool](t, ctx, `document.getElementById("add-label").click() || true`)
		waitFor(t, ctx, fmt.Sprintf(`document.querySelectorAll("#label-editor .label-row").length === %d`, 5+i), 5*time.Second)
		changeValue(t, ctx, fmt.Sprintf("#label-name-%d", 4+i), name)
	}
	evalJS[bool](t, ctx, `document.getElementById("save-labels").click() || true`)
	waitFor(t, ctx, `document.querySelectorAll(".palette .label-button").length === 8 && document.getElementById("label-editor").hidden`, 10*time.Second)
	if out := evalJS[string](t, ctx, sidewaysJS); out != "" {
		t.Errorf("at 390 px: %s", out)
	}
}

// rtlText is a Hebrew paragraph after an English one: "ירושלים"
// (Jerusalem) at 30-37 (code points).
const rtlText = "Reporting from the Middle East\nירושלים היא עיר הבירה של ישראל."

// TestRTLParagraph: a Hebrew paragraph is laid out right to left (its
// direction comes from its text), the English one left to right, and a
// selection in the Hebrew one is tagged at the same code point offsets.
func TestRTLParagraph(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "RTL", rtlText)
	ctx := openArticleAs(t, srv, id, "rut")
	dirs := evalJS[string](t, ctx, `[...document.querySelectorAll("#article-text .para")].map(p => getComputedStyle(p).direction).join()`)
	if dirs != "ltr,rtl" {
		t.Errorf("paragraph directions %q, want ltr,rtl", dirs)
	}
	start, end := codePoints(t, rtlText, "ירושלים")
	if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, start, end)); got != "ירושלים" {
		t.Fatalf("selected %q", got)
	}
	press(t, ctx, "3", 1)
	waitFor(t, ctx, `!!document.querySelector('#article-text mark[data-label="LOC"]')`, 10*time.Second)
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 1 })
	if e := sets[0].Entities[0]; e.Start != start || e.End != end || e.Text != "ירושלים" {
		t.Errorf("exported %+v, want LOC %d-%d ירושלים", e, start, end)
	}
}

// TestSpanInsideAWordIsMarked: a span that ends inside a word is tagged
// but marked at once, and the mention's details say so; with the set's
// option to snap spans to whole words (in the label editor), a sloppy
// selection is tagged as the whole words.
func TestSpanInsideAWordIsMarked(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Words", editorText)
	makeManager(t, srv.DataDir, "wes") // the project's labels are its managers'
	ctx := openArticleAs(t, srv, id, "wes")
	tagCodePoints(t, ctx, 4, 10, "1", 1) // "Tiller" of "Tillerson"
	waitFor(t, ctx, `document.querySelector('#article-text mark[data-label="PER"]')?.classList.contains("off-word")`, 5*time.Second)
	if title := evalJS[string](t, ctx, `document.querySelector('#article-text mark[data-label="PER"]').title`); !strings.Contains(title, "ends inside a word") {
		t.Errorf("the mark's title %q does not say the span ends inside a word", title)
	}

	press(t, ctx, "l", 1)
	waitFor(t, ctx, `!!document.getElementById("snap-to-words")`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("snap-to-words").click() || true`)
	evalJS[bool](t, ctx, `document.getElementById("save-labels").click() || true`)
	waitFor(t, ctx, `document.getElementById("label-editor").hidden`, 10*time.Second)
	// "ex Tillers" becomes "Rex Tillerson".
	tagCodePoints(t, ctx, 1, 11, "2", 2)
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 2 })
	var got []string
	for _, e := range sets[0].Entities {
		got = append(got, fmt.Sprintf("%s %d-%d %s", e.Label, e.Start, e.End, e.Text))
	}
	if want := []string{"ORG 0-13 Rex Tillerson", "PER 4-10 Tiller"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("exported %q, want %q", got, want)
	}
}

// nestText has three nested mentions: "UN Security Council resolution"
// 4-34 around "UN Security Council" 4-23 around "UN" 4-6 (code points).
const nestText = "The UN Security Council resolution failed."

// TestThreeLevelsOfNesting: where three mentions nest, the innermost run
// shows a band for each of the two around it (so the levels read as nested,
// not as three mentions side by side), and clicking it again and again
// selects each level, innermost first.
func TestThreeLevelsOfNesting(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Nesting", nestText)
	ctx := openArticleAs(t, srv, id, "ned")
	tagCodePoints(t, ctx, 4, 34, "4", 1)
	waitFor(t, ctx, `!!document.querySelector('#article-text mark[data-label="MISC"]')`, 5*time.Second)
	tagCodePoints(t, ctx, 4, 23, "2", 2)
	waitFor(t, ctx, `!!document.querySelector('#article-text mark[data-label="ORG"]')`, 5*time.Second)
	tagCodePoints(t, ctx, 4, 6, "3", 3)
	un := `[...document.querySelectorAll("#article-text mark")].find(m => m.textContent === "UN")`
	waitFor(t, ctx, un+`?.dataset.label === "LOC"`, 5*time.Second)
	if bands := evalJS[int](t, ctx, `(getComputedStyle(`+un+`).boxShadow.match(/inset/g) || []).length`); bands != 2 {
		t.Errorf("the innermost run shows %d bands for the mentions around it, want 2 (%s)", bands, evalJS[string](t, ctx, `getComputedStyle(`+un+`).boxShadow`))
	}
	council := `[...document.querySelectorAll("#article-text mark")].find(m => m.textContent === " Security Council")`
	if bands := evalJS[int](t, ctx, `(getComputedStyle(`+council+`).boxShadow.match(/inset/g) || []).length`); bands != 1 {
		t.Errorf("the middle run shows %d bands, want 1", bands)
	}
	press(t, ctx, kb.Escape, 2)
	selected := `document.querySelector("#annotation-list li.selected .label-chip")?.textContent`
	for _, want := range []string{"LOC", "ORG", "MISC"} {
		evalJS[bool](t, ctx, un+`.click() || true`)
		waitFor(t, ctx, selected+` === "`+want+`"`, 5*time.Second)
	}
}
