package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// pickProjectJS picks the project %s in the top bar's project picker, as a
// user does with the select.
const pickProjectJS = `(() => {
	const s = document.getElementById("project-select");
	s.value = %s;
	return s.dispatchEvent(new Event("change", {bubbles: true}));
})()`

// pickProject picks the project id in the top bar of the page of ctx.
func pickProject(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	waitFor(t, ctx, fmt.Sprintf(`!!document.querySelector('#project-select option[value=%s]')`, jsString(id)), 15*time.Second)
	evalJS[bool](t, ctx, fmt.Sprintf(pickProjectJS, jsString(id)))
}

// projectPicked is the expression that says the top bar's picker shows
// the project id, among exactly names (the option texts, in order).
func projectPicked(id, names string) string {
	return fmt.Sprintf(`document.getElementById("project-select")?.value === %s && [...document.querySelectorAll("#project-select option")].map(o => o.textContent).join(",") === %s`,
		jsString(id), jsString(names))
}

// setShown is the expression that says the article page has loaded the
// set of project and shows exactly its mentions want ("text|label", in
// text order).
func setShown(project, want string) string {
	return fmt.Sprintf(`document.querySelector("main.article")?.dataset.project === %s && `+articleReadyJS+` && [...document.querySelectorAll("#article-text mark[data-annotation-id]")].map(m => m.textContent + "|" + m.dataset.label).join(",") === %s`,
		jsString(project), jsString(want))
}

// exportedMentions returns the texts of annotator's mentions of the article
// id in the server's JSONL export of project, comma-separated.
func exportedMentions(t *testing.T, srv *server, project, id, annotator string) string {
	t.Helper()
	resp, err := srv.admin(t).Get(srv.URL + "/api/v1/export?format=jsonl&project=" + url.QueryEscape(project) + "&article=" + url.QueryEscape(id))
	if err != nil {
		t.Fatalf("export %s: %v", project, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export %s: status %d", project, resp.StatusCode)
	}
	var texts []string
	dec := json.NewDecoder(resp.Body)
	for dec.More() {
		var s exportedSet
		if err := dec.Decode(&s); err != nil {
			t.Fatalf("export %s: %v", project, err)
		}
		for _, e := range s.Entities {
			if s.Annotator == annotator {
				texts = append(texts, e.Text)
			}
		}
	}
	return strings.Join(texts, ",")
}

// TestProjectsInTheApp: an admin creates the project "climate" on /project
// (the server's refusal of a second one with its ID shows under the form),
// works in it at once (the picker lists it) and adds an annotator. The
// annotator, in both projects, picks Climate, tags a mention and syncs; in
// Default the same article shows without it, back in Climate with it, and
// the pick outlives a reload.
func TestProjectsInTheApp(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	id := postArticle(t, srv, "Projects", editorText)
	addUser(t, data, "boss", true)
	addUser(t, data, "ann", false)

	boss := newBrowser(t, "")
	navigate(t, boss, srv.URL+"/")
	signIn(t, boss, srv, "boss")
	navigate(t, boss, srv.URL+"/project")
	waitApp(t, boss)
	waitFor(t, boss, `!!document.getElementById("new-project-form") && document.getElementById("project-current")?.textContent === "Default"`, 15*time.Second)
	setValue(t, boss, "#account-new-project-name", "Climate")
	setValue(t, boss, "#account-new-project-id", "climate")
	click(t, boss, "#new-project-submit")
	waitFor(t, boss, projectPicked("climate", "Climate,Default")+` && document.getElementById("account-project-name")?.value === "Climate"`, 15*time.Second)
	// The page names the project it shows, says the new one was made,
	// and its form is empty for the next.
	waitFor(t, boss, `document.querySelector("h1")?.textContent === "Project: Climate" && document.getElementById("new-project-made")?.textContent === "Climate was made: you work in it now." && document.getElementById("account-new-project-name")?.value === "" && document.getElementById("account-new-project-id")?.value === ""`, 10*time.Second)

	// The same ID again: the server's answer shows, and nothing changes.
	setValue(t, boss, "#account-new-project-name", "Climate again")
	setValue(t, boss, "#account-new-project-id", "climate")
	click(t, boss, "#new-project-submit")
	waitFor(t, boss, `document.getElementById("new-project-error")?.hidden === false && document.getElementById("new-project-error").textContent !== ""`, 15*time.Second)
	if got := evalJS[string](t, boss, `document.getElementById("new-project-error").textContent`); !strings.Contains(got, `"climate"`) {
		t.Errorf("a second project with the ID climate shows %q, want the server's refusal naming the ID", got)
	}
	if got := evalJS[string](t, boss, `document.getElementById("project-select").value`); got != "climate" {
		t.Errorf("after the refusal the picker shows %q, want climate still", got)
	}

	// ann joins Climate (the page shows Climate's members).
	setValue(t, boss, "#account-member-login", "ann")
	click(t, boss, "#member-submit")
	waitFor(t, boss, `[...document.querySelectorAll("#member-list li span")].some(s => s.textContent === "ann · annotator") && document.getElementById("account-member-login").value === ""`, 15*time.Second)
	adminSends(t, srv, "PUT", "/api/v1/projects/climate/articles/"+id, "") // ann annotates it there

	ann := newBrowser(t, "")
	navigate(t, ann, srv.URL+"/")
	signIn(t, ann, srv, "ann")
	navigate(t, ann, srv.URL+"/articles/"+id)
	waitApp(t, ann)
	waitFor(t, ann, projectPicked("default", "Climate,Default")+" && "+setShown("default", ""), 15*time.Second)
	pickProject(t, ann, "climate")
	waitFor(t, ann, projectPicked("climate", "Climate,Default")+" && "+setShown("climate", ""), 15*time.Second)
	tagMention(t, ann, 0, 13, "Rex Tillerson")
	waitFor(t, ann, setShown("climate", "Rex Tillerson|PER"), 10*time.Second)
	waitKept(t, ann)
	click(t, ann, "#sync-status")
	waitFor(t, ann, syncStatusIs("synced", 0), 30*time.Second)
	// On the server too, the mention is in ann's set in climate only.
	for _, tt := range []struct{ project, want string }{{"climate", "Rex Tillerson"}, {"default", ""}} {
		if got := exportedMentions(t, srv, tt.project, id, "ann"); got != tt.want {
			t.Errorf("the server's export of %s has ann's mentions %q, want %q", tt.project, got, tt.want)
		}
	}

	pickProject(t, ann, "default")
	waitFor(t, ann, projectPicked("default", "Climate,Default")+" && "+setShown("default", ""), 15*time.Second)
	pickProject(t, ann, "climate")
	waitFor(t, ann, projectPicked("climate", "Climate,Default")+" && "+setShown("climate", "Rex Tillerson|PER"), 15*time.Second)

	navigate(t, ann, srv.URL+"/articles/"+id)
	waitApp(t, ann)
	waitFor(t, ann, projectPicked("climate", "Climate,Default")+" && "+setShown("climate", "Rex Tillerson|PER"), 15*time.Second)
}

// TestProjectLibraryListsItsArticles: in a project of its own, the
// manager's library marks which articles are in it and adds one; an
// annotator's library in that project lists that article alone.
func TestProjectLibraryListsItsArticles(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	in := postArticle(t, srv, "In the project", editorText)
	out := postArticle(t, srv, "Not in it", "Another article, for the Default project only.")
	makeClimate(t, srv, map[string]api.Role{"mia": api.RoleManager, "ann": api.RoleAnnotator})
	listed := func(id string) string {
		return fmt.Sprintf(`!!document.querySelector('li[data-article-id=%s]')`, jsString(id))
	}
	button := func(id string) string {
		return fmt.Sprintf(`document.querySelector('li[data-article-id=%s] .project-article')`, jsString(id))
	}

	mia := newBrowser(t, "")
	navigate(t, mia, srv.URL+"/")
	signIn(t, mia, srv, "mia")
	pickProject(t, mia, "climate")
	// Only an article in the project is assigned there: Assign… comes
	// with Add to the project's work.
	assign := func(id string) string {
		return fmt.Sprintf(`!!document.querySelector('li[data-article-id=%s] .assign-article')`, jsString(id))
	}
	waitFor(t, mia, listed(in)+" && "+listed(out)+" && "+button(in)+`?.dataset.inProject === "false"`, 15*time.Second)
	if evalJS[bool](t, mia, assign(in)+" || "+assign(out)) {
		t.Error("the manager may assign an article that is not in the project")
	}
	evalJS[bool](t, mia, button(in)+".click() || true")
	waitFor(t, mia, button(in)+`?.dataset.inProject === "true" && `+button(out)+`?.dataset.inProject === "false"`, 15*time.Second)
	waitFor(t, mia, assign(in)+" && !"+assign(out), 5*time.Second)

	ann := newBrowser(t, "")
	navigate(t, ann, srv.URL+"/")
	signIn(t, ann, srv, "ann")
	pickProject(t, ann, "climate")
	waitFor(t, ann, listed(in)+" && !"+listed(out)+` && !document.querySelector(".project-article")`, 15*time.Second)
}

// TestPickerShowsAProjectJoinedLater: a project the user is added to while
// signed in reaches the picker when the page next loads, without signing
// in again.
func TestPickerShowsAProjectJoinedLater(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := newBrowser(t, "")
	navigate(t, ctx, srv.URL+"/")
	signIn(t, ctx, srv, "ann")
	waitFor(t, ctx, `!!document.getElementById("user-name")`, 15*time.Second)
	if evalJS[bool](t, ctx, `!!document.querySelector('#project-select option[value="climate"]')`) {
		t.Fatal("the picker lists climate before it exists")
	}
	adminSends(t, srv, "POST", "/api/v1/projects", `{"id":"climate","name":"Climate"}`)
	adminSends(t, srv, "PUT", "/api/v1/projects/climate/members/ann", `{"role":"annotator"}`)
	navigate(t, ctx, srv.URL+"/")
	waitApp(t, ctx)
	pickProject(t, ctx, "climate")
	waitFor(t, ctx, projectPicked("climate", "Climate,Default"), 15*time.Second)
}

// adminSends sends the JSON body to path with method as the suite's admin,
// and fails unless the answer is a success.
func adminSends(t *testing.T, srv *server, method, path, body string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.admin(t).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: status %d", method, path, resp.StatusCode)
	}
}

// makeClimate makes the project climate with the members roles (a role by
// login, each made when new) and the articles listed on its list.
func makeClimate(t *testing.T, srv *server, roles map[string]api.Role, listed ...string) {
	t.Helper()
	adminSends(t, srv, "POST", "/api/v1/projects", `{"id":"climate","name":"Climate"}`)
	for login, role := range roles {
		addUser(t, srv.DataDir, login, false)
		adminSends(t, srv, "PUT", "/api/v1/projects/climate/members/"+login, fmt.Sprintf(`{"role":%q}`, role))
	}
	for _, id := range listed {
		adminSends(t, srv, "PUT", "/api/v1/projects/climate/articles/"+id, "")
	}
}

// signInToClimate opens the library in a new browser, signs login in and
// picks the project climate.
func signInToClimate(t *testing.T, srv *server, login string) context.Context {
	t.Helper()
	ctx := newBrowser(t, "")
	navigate(t, ctx, srv.URL+"/")
	signIn(t, ctx, srv, login)
	pickProject(t, ctx, "climate")
	return ctx
}

// offListShown is the expression that says the article page shows the set
// of climate, read-only because its article is off the project's list
// (shown true) or editable (false).
func offListShown(shown bool) string {
	return fmt.Sprintf(`document.querySelector("main.article")?.dataset.project === "climate" && `+articleReadyJS+` && document.getElementById("off-list")?.hidden === %v`, !shown)
}

// TestArticleOffTheProjectsList: an annotator of climate who opens, by its
// address, an article off climate's list sees it read-only, saying why: a
// label's key tags nothing. An article on the list they annotate, and the
// manager annotates the one off it. Offline the page cannot ask, and the
// annotator's edit is made; the server refuses its push, saying why, and
// the edit stays pending until the manager adds the article to the list,
// when it is sent.
func TestArticleOffTheProjectsList(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	in := postArticle(t, srv, "On the list", editorText)
	const outText = "Angela Merkel met Emmanuel Macron in Paris."
	out := postArticle(t, srv, "Off the list", outText)
	makeClimate(t, srv, map[string]api.Role{"mia": api.RoleManager, "ann": api.RoleAnnotator}, in)

	ann := signInToClimate(t, srv, "ann")
	navigate(t, ann, srv.URL+"/articles/"+out)
	waitApp(t, ann)
	waitFor(t, ann, offListShown(true), 15*time.Second)
	if got := evalJS[string](t, ann, `document.getElementById("off-list").textContent`); !strings.Contains(got, "“Off the list” is not on the list of Climate") || !strings.Contains(got, "read-only") {
		t.Errorf("the article page says %q, want that the article is not on Climate's list and shown read-only", got)
	}
	tagMention(t, ann, 0, 13, "Angela Merkel")
	waitFor(t, ann, `document.getElementById("edit-error")?.hidden === false && document.getElementById("edit-error").textContent.includes("not on the list of Climate")`, 5*time.Second)
	if n := evalJS[int](t, ann, `document.querySelectorAll("#article-text mark[data-annotation-id]").length`); n != 0 {
		t.Errorf("the read-only set shows %d mentions after a label's key, want none", n)
	}

	navigate(t, ann, srv.URL+"/articles/"+in)
	waitApp(t, ann)
	waitFor(t, ann, offListShown(false), 15*time.Second)
	tagMention(t, ann, 0, 13, "Rex Tillerson")
	waitFor(t, ann, setShown("climate", "Rex Tillerson|PER"), 10*time.Second)

	mia := signInToClimate(t, srv, "mia")
	navigate(t, mia, srv.URL+"/articles/"+out)
	waitApp(t, mia)
	waitFor(t, mia, offListShown(false), 15*time.Second)
	tagMention(t, mia, 0, 13, "Angela Merkel")
	waitFor(t, mia, setShown("climate", "Angela Merkel|PER"), 10*time.Second)
	click(t, mia, "#sync-status")
	waitFor(t, mia, syncStatusIs("synced", 0), 30*time.Second)

	// Offline: the annotator's edit is made, and waits.
	navigate(t, ann, srv.URL+"/articles/"+out)
	waitApp(t, ann)
	waitFor(t, ann, offListShown(true), 15*time.Second)
	waitWorker(t, ann)
	srv.stop()
	if err := chromedp.Do(ann, chromedp.Reload()); err != nil {
		t.Fatalf("reload offline: %v", err)
	}
	waitApp(t, ann)
	waitFor(t, ann, offListShown(false), 30*time.Second)
	tagMention(t, ann, 0, 13, "Angela Merkel")
	waitFor(t, ann, setShown("climate", "Angela Merkel|PER"), 10*time.Second)
	waitKept(t, ann)

	srv = startServer(t, data, srv.Addr)
	click(t, ann, "#sync-status")
	waitFor(t, ann, syncStatusIs("error", 1)+` && document.querySelector(".sync-message")?.textContent.includes("is not on the list of the project \"climate\"")`, 30*time.Second)
	if got := exportedMentions(t, srv, "climate", out, "ann"); got != "" {
		t.Errorf("the server holds ann's mentions %q of the article off the list, want none", got)
	}
	adminSends(t, srv, "PUT", "/api/v1/projects/climate/articles/"+out, "")
	click(t, ann, "#sync-status")
	waitFor(t, ann, syncStatusIs("synced", 0), 30*time.Second)
	if got := exportedMentions(t, srv, "climate", out, "ann"); got != "Angela Merkel" {
		t.Errorf("once the article is on the list, the server holds ann's mentions %q of it, want the one made offline", got)
	}
}

// onClimatesList reports whether the server has the article id on the
// list of the project climate.
func onClimatesList(t *testing.T, srv *server, id string) bool {
	t.Helper()
	resp, err := srv.admin(t).Get(srv.URL + "/api/v1/projects/climate/articles/" + id)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusNoContent
}

// TestArticleAddedInAProject: a manager of climate who adds an article
// while working in it, online and then offline, finds it on climate's list
// (the offline one once the device is back online), and so does an
// annotator of climate, in her library; her form says, before she adds
// one, that it will not join the list.
func TestArticleAddedInAProject(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	makeClimate(t, srv, map[string]api.Role{"mia": api.RoleManager, "ann": api.RoleAnnotator})
	const note = `document.getElementById("article-project")?.hidden === false && document.getElementById("article-project").textContent === %s`

	mia := signInToClimate(t, srv, "mia")
	waitFor(t, mia, fmt.Sprintf(note, jsString("An article you add here joins the list of Climate.")), 15*time.Second)
	setValue(t, mia, "#article-paste", "Added online\n\nAngela Merkel met Emmanuel Macron in Paris.")
	click(t, mia, "#article-add")
	online, _ := openedArticleText(t, mia)
	click(t, mia, "#sync-status")
	waitFor(t, mia, syncStatusIs("synced", 0), 30*time.Second)
	if !onClimatesList(t, srv, online) {
		t.Error("the article the manager added online in climate is not on its list")
	}

	waitWorker(t, mia)
	srv.stop()
	navigate(t, mia, srv.URL+"/")
	waitApp(t, mia)
	waitFor(t, mia, fmt.Sprintf(note, jsString("An article you add here joins the list of Climate.")), 15*time.Second)
	setValue(t, mia, "#article-paste", "Added offline\n\nRex Tillerson flew to Moscow.")
	click(t, mia, "#article-add")
	offline, _ := openedArticleText(t, mia)
	waitFor(t, mia, syncStatusIs("offline", 1), 15*time.Second)
	srv = startServer(t, data, srv.Addr)
	click(t, mia, "#sync-status")
	waitFor(t, mia, syncStatusIs("synced", 0), 30*time.Second)
	if !onClimatesList(t, srv, offline) {
		t.Error("the article the manager added offline in climate is not on its list once the device synced")
	}

	ann := signInToClimate(t, srv, "ann")
	waitFor(t, ann, fmt.Sprintf(`!!document.querySelector('#library li[data-article-id=%s]') && !!document.querySelector('#library li[data-article-id=%s]')`, jsString(online), jsString(offline)), 15*time.Second)
	waitFor(t, ann, fmt.Sprintf(note, jsString("You do not manage Climate: an article you add here is not put on its list, and is annotated there once one of its managers adds it.")), 5*time.Second)
}

// TestTakenOutOfTheProjectInUse: ann, annotating in climate, is taken out
// of it while she edits its set. The server refuses her edit; the round
// after asks who she is, and the top bar says she is no longer a member of
// Climate and that her changes stay on the device, instead of showing
// Default without a word; the page shows her Default set. OK dismisses
// the notice; once a manager adds her back, the edit kept is sent.
func TestTakenOutOfTheProjectInUse(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Taken out", editorText)
	makeClimate(t, srv, map[string]api.Role{"ann": api.RoleAnnotator}, id)
	ann := signInToClimate(t, srv, "ann")
	navigate(t, ann, srv.URL+"/articles/"+id)
	waitApp(t, ann)
	waitFor(t, ann, projectPicked("climate", "Climate,Default")+" && "+setShown("climate", ""), 15*time.Second)

	adminSends(t, srv, "DELETE", "/api/v1/projects/climate/members/ann", "")
	tagMention(t, ann, 0, 13, "Rex Tillerson")
	waitFor(t, ann, setShown("climate", "Rex Tillerson|PER"), 10*time.Second)
	waitFor(t, ann, syncStatusIs("error", 1), 30*time.Second)
	click(t, ann, "#sync-status")
	waitFor(t, ann, `document.getElementById("project-left")?.textContent.startsWith("You are no longer a member of Climate: your changes there that the server does not have yet stay on this device")`, 30*time.Second)
	waitFor(t, ann, `document.getElementById("project-current")?.textContent === "Default" && `+setShown("default", "")+" && "+syncStatusIs("error", 1), 15*time.Second)
	click(t, ann, "#project-left button")
	waitFor(t, ann, `!document.getElementById("project-left") && document.getElementById("project-current")?.textContent === "Default"`, 5*time.Second)

	adminSends(t, srv, "PUT", "/api/v1/projects/climate/members/ann", `{"role":"annotator"}`)
	click(t, ann, "#sync-status")
	waitFor(t, ann, syncStatusIs("synced", 0), 30*time.Second)
	if got := exportedMentions(t, srv, "climate", id, "ann"); got != "Rex Tillerson" {
		t.Errorf("once ann is back in climate, the server holds her mentions %q there, want the one she made as she was taken out", got)
	}
}
