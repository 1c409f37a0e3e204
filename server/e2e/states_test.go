package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/gloss-annotate/gloss/annotations"
)

// pulledStatus asks the server, as annotator, for their revisions and
// returns the state of the last status revision of article, "" when none.
func pulledStatus(t *testing.T, srv *server, annotator, article string) annotations.WorkState {
	t.Helper()
	resp, err := srv.as(t, annotator).Get(srv.URL + "/api/v1/sync/pull?annotator=" + annotator + "&limit=1000")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct {
		Revisions []annotations.Revision `json:"revisions"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("pull as %s: status %d, %v", annotator, resp.StatusCode, err)
	}
	state := annotations.WorkState("")
	for _, r := range page.Revisions {
		if r.Kind == annotations.KindStatus && r.ArticleID == article {
			s, err := r.Status()
			if err != nil {
				t.Fatalf("the server's status revision %s: %v", r.ID, err)
			}
			state = s.State
		}
	}
	return state
}

// TestMarkDoneOfflineSyncs: an annotator opens an article, asks to skip it
// without a reason (the form says what is missing), then, with the server
// stopped, marks it done: the state shows at once and waits, pending; when
// the server is back, a sync sends it and the server has the set done.
func TestMarkDoneOfflineSyncs(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := newBrowser(t, "")
	path := openSample(t, ctx, srv, "sam")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	stateIs := func(state, text string) string {
		return `document.getElementById("set-state")?.dataset.state === "` + state + `" && document.getElementById("set-state-text").textContent === "State: ` + text + `"`
	}
	waitFor(t, ctx, stateIs("not_started", "not started"), 30*time.Second)

	// Skip asks why; an empty reason is refused, visibly.
	evalJS[bool](t, ctx, `document.getElementById("open-skip").click() || true`)
	waitFor(t, ctx, `!!document.getElementById("skip-input")`, 5*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("skip-save").click() || true`)
	waitFor(t, ctx, `document.getElementById("skip-error")?.hidden === false && document.getElementById("skip-error").textContent !== ""`, 5*time.Second)
	waitFor(t, ctx, stateIs("not_started", "not started"), 5*time.Second)
	// Esc in the reason's field closes the form; the focus goes back to
	// Skip…, not to the page.
	evalJS[bool](t, ctx, `document.getElementById("skip-input").focus() || true`)
	press(t, ctx, kb.Escape, 1)
	waitFor(t, ctx, `!document.getElementById("skip-input") && document.activeElement?.id === "open-skip"`, 5*time.Second)
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced"`, 30*time.Second)

	srv.stop()
	evalJS[bool](t, ctx, `document.getElementById("mark-done").click() || true`)
	waitFor(t, ctx, stateIs("done", "done")+` && !!document.getElementById("reopen")`, 10*time.Second)
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.pending === "1"`, 10*time.Second)
	waitKept(t, ctx)

	srv = startServer(t, srv.DataDir, srv.Addr)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 30*time.Second)
	if got := pulledStatus(t, srv, "sam", strings.TrimPrefix(path, "/articles/")); got != annotations.WorkDone {
		t.Errorf("the server has the set %q, want done", got)
	}

	// Reopen, then Mark done again, without a reload: each button gives
	// its own state, though one takes the other's place on the page.
	evalJS[bool](t, ctx, `document.getElementById("reopen").click() || true`)
	waitFor(t, ctx, stateIs("in_progress", "in progress")+` && !!document.getElementById("mark-done")`, 10*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("mark-done").click() || true`)
	waitFor(t, ctx, stateIs("done", "done")+` && !!document.getElementById("reopen")`, 10*time.Second)
	evalJS[bool](t, ctx, `document.getElementById("reopen").click() || true`)
	waitFor(t, ctx, stateIs("in_progress", "in progress"), 10*time.Second)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 30*time.Second)
	if got := pulledStatus(t, srv, "sam", strings.TrimPrefix(path, "/articles/")); got != annotations.WorkInProgress {
		t.Errorf("after Reopen, Mark done and Reopen the server has the set %q, want in_progress", got)
	}
}

// TestManagerAssignsAnArticle: a manager of the Default project assigns
// the sample article to an annotator from the library (the entry then
// says so), and the automatic assignment's form says what is wrong with
// its options; after a sync, the annotator's library shows My articles
// with the article not started, and Next article opens it.
func TestManagerAssignsAnArticle(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	makeManager(t, srv.DataDir, "max")
	addUser(t, srv.DataDir, "ann", false)
	mgr := newBrowser(t, "")
	path := openSample(t, mgr, srv, "max")
	id := strings.TrimPrefix(path, "/articles/")
	entry := `document.querySelector('#library li[data-article-id="` + id + `"]')`

	waitFor(t, mgr, entry+`?.querySelector(".assign-article") !== null`, 15*time.Second)
	evalJS[bool](t, mgr, entry+`.querySelector(".assign-article").click() || true`)
	waitFor(t, mgr, `!!document.getElementById("assign-input")`, 5*time.Second)
	waitFor(t, mgr, `document.activeElement?.id === "assign-input"`, 5*time.Second) // ready to type
	if hint := evalJS[string](t, mgr, `document.getElementById("assign-input").placeholder`); hint != "Logins, separated by commas" {
		t.Errorf("the assign field shows %q while empty", hint)
	}
	// A name no member has is refused, naming the members; a login in
	// capitals is the member's.
	if err := chromedp.Do(mgr, chromedp.SendKeys(chromedp.ID("assign-input"), "ANN, annn"), chromedp.Click(chromedp.ID("assign-save"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, mgr, `document.getElementById("assign-error")?.textContent.startsWith("“annn” is no member of the project (its members: ")`, 5*time.Second)
	setValue(t, mgr, "#assign-input", "ANN")
	if err := chromedp.Do(mgr, chromedp.Click(chromedp.ID("assign-save"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, mgr, `!document.getElementById("assign-input") && `+entry+`.querySelector(".state").textContent === "assigned to ann"`, 10*time.Second)
	// The state is a badge as wide as its words, not a bar across the
	// entry.
	if w := evalJS[[]float64](t, mgr, `[`+entry+`.querySelector(".state").getBoundingClientRect().width, `+entry+`.getBoundingClientRect().width]`); w[0] > w[1]/2 {
		t.Errorf("the state badge is %.0f pixels wide in an entry of %.0f", w[0], w[1])
	}

	// Automatic assignment: more annotators per article than named is
	// refused beside the field.
	evalJS[bool](t, mgr, `document.getElementById("auto-assign-open").click() || true`)
	waitFor(t, mgr, `!!document.getElementById("account-per-article")`, 5*time.Second)
	evalJS[bool](t, mgr, `(() => {
		const set = (id, v) => { const el = document.getElementById(id); el.value = v; el.dispatchEvent(new Event("input", {bubbles: true})); };
		set("account-auto-annotators", "ann");
		set("account-per-article", "3");
		return true;
	})()`)
	evalJS[bool](t, mgr, `document.getElementById("auto-assign-submit").click() || true`)
	waitFor(t, mgr, `document.getElementById("account-per-article-error")?.hidden === false && document.getElementById("account-per-article-error").textContent.includes("number of annotators")`, 5*time.Second)
	waitFor(t, mgr, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 30*time.Second)

	ann := newBrowser(t, "")
	openSample(t, ann, srv, "ann")
	mine := `document.querySelector('#library li[data-article-id="` + id + `"]')`
	waitFor(t, ann, `document.getElementById("library-heading")?.textContent === "My articles" && document.querySelector('#my-articles button[data-mine]')?.getAttribute("aria-pressed") === "true" && `+
		`document.querySelectorAll("#library li").length === 1 && `+mine+`?.querySelector(".state").textContent === "not started · assigned to ann"`, 30*time.Second)
	evalJS[bool](t, ann, `document.getElementById("next-article").click() || true`)
	waitFor(t, ann, `location.pathname === "`+path+`"`, 10*time.Second)
}
