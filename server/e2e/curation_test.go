package e2e

import (
	"bufio"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// TestCurationIntoGold is issue 14's whole loop: two annotators annotate
// an article with the server stopped and mark it done; once it is back and
// they have synced, the curator sees their agreement, opens the article's
// curation, merges what both agree on into the gold set, takes one
// annotator's side of a difference, marks the gold set done, and the
// export of curated sets (set=gold) holds it.
func TestCurationIntoGold(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	const text = "Angela Merkel met Emmanuel Macron in Paris on Monday."
	id := postArticle(t, srv, "Summit", text)
	for _, login := range []string{"ann", "bob", "cura"} {
		addUser(t, srv.DataDir, login, false)
	}
	setRole(t, srv.DataDir, "cura", api.RoleCurator)
	merkelS, merkelE := codePoints(t, text, "Angela Merkel")
	macronS, macronE := codePoints(t, text, "Emmanuel Macron")
	parisS, parisE := codePoints(t, text, "Paris")

	// Each annotator works offline: both tag the two people, and they
	// differ on Paris.
	for _, a := range []struct{ login, paris string }{{"ann", "3"}, {"bob", "2"}} {
		ctx := openArticleAs(t, srv, id, a.login)
		waitFor(t, ctx, syncStatusIs("synced", 0), 30*time.Second)
		srv.stop()
		tagCodePoints(t, ctx, merkelS, merkelE, "1", 1)
		tagCodePoints(t, ctx, macronS, macronE, "1", 2)
		tagCodePoints(t, ctx, parisS, parisE, a.paris, 3)
		click(t, ctx, "#mark-done")
		waitFor(t, ctx, `document.getElementById("set-state")?.dataset.state === "done"`, 10*time.Second)
		waitKept(t, ctx)
		srv = startServer(t, srv.DataDir, srv.Addr)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, syncStatusIs("synced", 0), 30*time.Second)
	}

	// The curator sees the agreement: the people match, Paris does not.
	cur := openArticleAs(t, srv, id, "cura")
	click(t, cur, "#agreement-link")
	waitFor(t, cur, `location.pathname === "/agreement" && !!document.getElementById("agreement-summary-table")`, 60*time.Second)
	f1 := evalJS[string](t, cur, `[...document.querySelectorAll("#agreement-summary-table tbody tr")].find(tr => tr.cells[0].textContent === "Entities: span F1, exact match")?.cells[1].textContent ?? ""`)
	if f1 != "0.667" {
		t.Errorf("span F1, exact = %q, want 0.667 (2 of 3 mentions each)", f1)
	}

	// The curation: the annotators' sets come with a sync, both done.
	if err := chromedp.Do(cur, chromedp.Navigate(srv.URL+"/articles/"+id+"?curate")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, cur)
	waitFor(t, cur, `document.getElementById("curation-link")?.textContent.startsWith("Curating the gold set")`, 15*time.Second)
	waitFor(t, cur, `document.getElementById("curation-peers")?.textContent === "The gold set, compared with ann (done), bob (done)."`, 60*time.Second)
	// What both agree on is merged at once.
	waitFor(t, cur, `document.getElementById("annotation-list").dataset.count === "2" && document.getElementById("agreed-count").textContent.startsWith("0 agreed")`, 10*time.Second)
	waitFor(t, cur, `document.getElementById("edit-notice")?.textContent.startsWith("Merged 2 agreed items into the gold set")`, 10*time.Second)

	// Paris: ann's LOC, bob's ORG, one difference of two versions; take
	// ann's. It stays listed, LOC now gold's too.
	paris := `[...document.querySelectorAll("#differences > li")].filter(li => li.textContent.includes("Paris"))`
	waitFor(t, cur, paris+`.length === 1 && `+paris+`[0].querySelectorAll(".versions > li").length === 2`, 10*time.Second)
	// Rejected first: it stays listed, marked rejected, its Reject done.
	evalJS[bool](t, cur, paris+`[0].querySelector("button.reject").click() || true`)
	waitFor(t, cur, paris+`[0]?.dataset.rejected === "true" && `+paris+`[0].querySelector("button.reject").disabled`, 10*time.Second)
	evalJS[bool](t, cur, paris+`[0].querySelectorAll(".versions > li").forEach(v => v.querySelector(".version").textContent === "LOC" && v.querySelector("button.accept").click()) || true`)
	waitFor(t, cur, `document.getElementById("annotation-list").dataset.count === "3"`, 10*time.Second)
	waitFor(t, cur, paris+`.length === 1 && [...`+paris+`[0].querySelectorAll(".versions > li")].some(v => v.textContent.includes("ann, gold")) && `+paris+`[0].dataset.rejected === "false"`, 10*time.Second)
	click(t, cur, "#mark-done")
	waitFor(t, cur, `document.getElementById("set-state")?.dataset.state === "done"`, 10*time.Second)
	if err := chromedp.Do(cur, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, cur, syncStatusIs("synced", 0), 30*time.Second)

	// The export of curated sets holds the gold set, and only it.
	resp, err := srv.as(t, "cura").Get(srv.URL + "/api/v1/export?format=jsonl&set=gold")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export set=gold: %s", resp.Status)
	}
	var got []string
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec annotations.ExportRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		for _, e := range rec.Entities {
			got = append(got, rec.Annotator+": "+e.Text+" "+e.Label)
		}
	}
	slices.Sort(got)
	want := []string{"gold: Angela Merkel PER", "gold: Emmanuel Macron PER", "gold: Paris LOC"}
	if !slices.Equal(got, want) {
		t.Errorf("export set=gold = %v, want %v", got, want)
	}
}
