package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/google/uuid"
)

// pushTeamSet pushes, as annotator, a set of the Default project's article
// id: a PER mention of each span (code points) of text, then its status,
// the mentions edited at t0 and the status spent ms later, so that the
// progress counts spent of time.
func pushTeamSet(t *testing.T, srv *server, id, text, annotator string, spans [][2]int, status annotations.StatusItem, t0, spent int64) {
	t.Helper()
	key := annotations.SetKey{ArticleID: id, Annotator: annotator}
	var revs []annotations.Revision
	for _, s := range spans {
		span, err := annotations.NewSpan([]rune(text), s[0], s[1])
		if err != nil {
			t.Fatal(err)
		}
		rev, err := annotations.NewEntityRevision("", key, annotations.Entity{ID: uuid.NewString(), Span: span, Label: "PER"})
		if err != nil {
			t.Fatal(err)
		}
		rev.At = t0
		revs = append(revs, rev)
	}
	rev, err := annotations.NewStatusRevision("", key, status)
	if err != nil {
		t.Fatal(err)
	}
	rev.At = t0 + spent
	body, _ := json.Marshal(map[string]any{"revisions": append(revs, rev)})
	resp, err := srv.as(t, annotator).Post(srv.URL+"/api/v1/sync/push", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("push the set of %s: status %d", annotator, resp.StatusCode)
	}
}

// TestTeamPages: two annotators' sets of two articles (both mark the first
// done with the same mention; ana skips the second) show on a curator's
// /progress (totals with the time spent, the grid of states with the
// skip's reason) and /agreement (full agreement on the mention, a heat map
// cell of the pair, a CSV download the server answers), both opened from
// the top bar's links, with nothing axe-core finds; an annotator has no links and is told the pages
// are not theirs; offline, /progress says it needs the server, and its
// Retry shows the progress once the server is back.
func TestTeamPages(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	first := postArticle(t, srv, "Tillerson", editorText)
	second := postArticle(t, srv, "Second", "Nothing to see in this one.")
	for _, login := range []string{"ana", "ben", "cora"} {
		addUser(t, data, login, false)
	}
	setRole(t, data, "ana", api.RoleAnnotator)
	setRole(t, data, "ben", api.RoleAnnotator)
	setRole(t, data, "cora", api.RoleCurator)
	t0 := time.Now().UnixMilli() - 3_600_000
	done := annotations.StatusItem{State: annotations.WorkDone}
	pushTeamSet(t, srv, first, editorText, "ana", [][2]int{{0, 13}}, done, t0, 120_000)
	pushTeamSet(t, srv, first, editorText, "ben", [][2]int{{0, 13}}, done, t0, 180_000)
	pushTeamSet(t, srv, second, "Nothing to see in this one.", "ana", nil, annotations.StatusItem{State: annotations.WorkSkipped, Reason: "not news"}, t0, 0)

	// An annotator sees no links, and is told the page is not theirs.
	ann := newBrowser(t, "")
	navigate(t, ann, srv.URL+"/")
	signIn(t, ann, srv, "ana")
	if n := evalJS[int](t, ann, `document.querySelectorAll("#progress-link, #agreement-link").length`); n != 0 {
		t.Errorf("an annotator's top bar has %d team links, want none", n)
	}
	navigate(t, ann, srv.URL+"/progress")
	waitApp(t, ann)
	waitFor(t, ann, `document.getElementById("progress-denied")?.hidden === false && !document.getElementById("progress-grid")`, 15*time.Second)

	// The curator opens the progress from the top bar.
	cur := newBrowser(t, "")
	navigate(t, cur, srv.URL+"/")
	signIn(t, cur, srv, "cora")
	waitFor(t, cur, `!!document.getElementById("progress-link") && !!document.getElementById("agreement-link")`, 10*time.Second)
	click(t, cur, "#progress-link")
	waitFor(t, cur, `location.pathname === "/progress" && `+gridHasBoth, 30*time.Second)
	totals := evalJS[[][]string](t, cur, `[...document.querySelectorAll("#progress-totals tbody tr")].map(tr => [...tr.cells].map(c => c.textContent))`)
	want := [][]string{{"ana", "0", "0", "0", "1", "1", "0:02"}, {"ben", "0", "0", "0", "1", "0", "0:03"}}
	if len(totals) != 2 || !equalRows(totals, want) {
		t.Errorf("totals = %q, want %q", totals, want)
	}
	grid := evalJS[[][]string](t, cur, `[...document.querySelectorAll("#progress-grid tbody tr")].map(tr => [...tr.cells].map(c => c.textContent + "|" + (c.getAttribute("title") ?? "")))`)
	byTitle := map[string][]string{}
	for _, row := range grid {
		byTitle[row[0]] = row[1:]
	}
	if got := byTitle["Tillerson|"]; len(got) != 3 || got[1] != "●|done" || got[2] != "●|done" {
		t.Errorf("the first article's row = %q, want both sets done", got)
	}
	if got := byTitle["Second|"]; len(got) != 3 || got[1] != "⊘|skipped: not news" || got[2] != "|not assigned" {
		t.Errorf("the second article's row = %q, want ana's set skipped with the reason, ben's cell empty", got)
	}
	if href := evalJS[string](t, cur, `[...document.querySelectorAll("#progress-grid tbody th a")].find(a => a.textContent === "Second")?.getAttribute("href") ?? ""`); href != "/articles/"+second {
		t.Errorf("the second article's title links to %q, want its page", href)
	}

	checkAxe(t, cur, axeScript(t), "/progress")

	// The agreement, computed on the server, perhaps after a progress bar.
	click(t, cur, "#agreement-link")
	waitFor(t, cur, `location.pathname === "/agreement" && !!document.getElementById("agreement-summary-table")`, 60*time.Second)
	summary := evalJS[map[string]string](t, cur, `Object.fromEntries([...document.querySelectorAll("#agreement-summary-table tbody tr")].map(tr => [tr.cells[0].textContent, tr.cells[1].textContent + " · " + tr.cells[2].textContent]))`)
	if got := summary["Entities: span F1, exact match"]; got != "1.000 · 2 spans" {
		t.Errorf("span F1 exact = %q, want 1.000 on 2 spans (summary %v)", got, summary)
	}
	if got := summary["Quotes: F1 of contents"]; got != "— · 0 quotes" {
		t.Errorf("quotes F1 = %q, want — on 0 quotes", got)
	}
	cell := evalJS[[]string](t, cur, `(() => { const c = document.querySelector("#agreement-heat-exact tbody tr:first-child td:nth-of-type(2)"); return c ? [c.textContent, c.className, c.getAttribute("aria-label")] : []; })()`)
	if len(cell) != 3 || cell[0] != "1.000" || cell[1] != "heat heat-4" || cell[2] != "ana and ben: 1.000 on 2 units, 1 article" {
		t.Errorf("the heat map's cell of ana and ben = %q, want 1.000 in the top band, named", cell)
	}
	checkAxe(t, cur, axeScript(t), "/agreement")
	csv := evalAsync[string](t, cur, `fetch(document.getElementById("agreement-csv").href, {credentials: "same-origin"}).then(async (r) => r.status + " " + r.headers.get("Content-Type"))`)
	if !strings.HasPrefix(csv, "200 ") {
		t.Errorf("Download CSV answers %s, want 200", csv)
	}

	// Offline, the progress needs the server: Retry once it is back.
	waitWorker(t, cur)
	srv.stop()
	navigate(t, cur, srv.URL+"/progress")
	waitApp(t, cur)
	waitFor(t, cur, `document.getElementById("progress-problem")?.textContent.includes("cannot be reached") && !document.getElementById("progress-grid")`, 30*time.Second)
	srv = startServer(t, data, srv.Addr)
	click(t, cur, "#progress-retry")
	waitFor(t, cur, `!document.getElementById("progress-problem") && `+gridHasBoth, 30*time.Second)
}

// gridHasBoth is true when the progress grid shows the test's two articles
// (the server's sample article too).
const gridHasBoth = `["Tillerson", "Second"].every(title => [...document.querySelectorAll("#progress-grid tbody th")].some(th => th.textContent === title))`

// equalRows reports whether two tables of text are the same.
func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// TestDisabledAccountInTheTeam: an account disabled with gloss user
// disable after it was assigned an article is marked "Disabled" on a
// manager's /progress; in the library the members' list marks it,
// Assign… refuses it saying why, and the automatic assignment leaves it
// out of the annotators it fills in.
func TestDisabledAccountInTheTeam(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	id := postArticle(t, srv, "Tillerson", editorText)
	makeManager(t, data, "max")
	for _, login := range []string{"ana", "bo"} {
		addUser(t, data, login, false)
		setRole(t, data, login, api.RoleAnnotator)
	}
	for _, args := range [][]string{{"assign", "--data", data, "--article", id, "--annotators", "ana,bo"}, {"user", "disable", "--data", data, "bo"}} {
		if out, err := exec.Command(glossBin, args...).CombinedOutput(); err != nil {
			t.Fatalf("gloss %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	mgr := newBrowser(t, "")
	navigate(t, mgr, srv.URL+"/")
	signIn(t, mgr, srv, "max")
	waitFor(t, mgr, `!!document.getElementById("progress-link")`, 10*time.Second)
	click(t, mgr, "#progress-link")
	waitFor(t, mgr, `location.pathname === "/progress" && !!document.getElementById("progress-totals")`, 30*time.Second)
	totals := evalJS[[]string](t, mgr, `[...document.querySelectorAll("#progress-totals tbody th")].map(th => th.textContent + "|" + (th.querySelector(".account-disabled") ? "marked" : ""))`)
	if want := []string{"ana|", "bo Disabled|marked"}; !slices.Equal(totals, want) {
		t.Errorf("the progress's annotators = %q, want %q", totals, want)
	}

	navigate(t, mgr, srv.URL+"/")
	waitApp(t, mgr)
	entry := `document.querySelector('#library li[data-article-id="` + id + `"]')`
	waitFor(t, mgr, `/^Members: .*\bana, bo \(disabled\), /.test(document.getElementById("assign-members")?.textContent) && `+entry+`?.querySelector(".assign-article") !== null`, 15*time.Second)
	evalJS[bool](t, mgr, entry+`.querySelector(".assign-article").click() || true`)
	waitFor(t, mgr, `document.activeElement?.id === "assign-input"`, 5*time.Second)
	setValue(t, mgr, "#assign-input", "ana, BO")
	click(t, mgr, "#assign-save")
	waitFor(t, mgr, `document.getElementById("assign-error")?.textContent === `+strconv.Quote(api.DisabledAssignee("bo")), 5*time.Second)

	click(t, mgr, "#auto-assign-open")
	waitFor(t, mgr, `!!document.getElementById("account-auto-annotators")`, 5*time.Second)
	if names := strings.Split(evalJS[string](t, mgr, `document.getElementById("account-auto-annotators").value`), ", "); !slices.Contains(names, "ana") || slices.Contains(names, "bo") {
		t.Errorf("the automatic assignment's annotators = %q, want ana's and not bo's", names)
	}
}
