package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"
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
	waitFor(t, ctx, `document.querySelector("#group-list li")?.textContent.includes("2 mentions") && `+proposalsJS+`.length === 0`, 10*time.Second)
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#group-list li").length`); n != 1 {
		t.Errorf("%d groups after accepting the proposal, want 1: %s", n, evalJS[string](t, ctx, `document.getElementById("group-list").textContent`))
	}
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool {
		return len(sets) == 1 && len(sets[0].Groups) >= 1 && len(sets[0].Groups[0].Members) == 2
	})
	if g := sets[0].Groups; len(g) != 1 || g[0].Name != "Tillerson" {
		t.Errorf("exported groups %+v, want one group Tillerson of both mentions", g)
	}
}
