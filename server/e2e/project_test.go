package e2e

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// setRole gives login role in the Default project with the command line,
// gloss member set.
func setRole(t *testing.T, dataDir, login string, role api.Role) {
	t.Helper()
	if out, err := exec.Command(glossBin, "member", "set", "--data", dataDir, login, string(role)).CombinedOutput(); err != nil {
		t.Fatalf("gloss member set %s %s: %v\n%s", login, role, err, out)
	}
}

// membersOf asks the server, as login, for the Default project's members:
// role by login.
func membersOf(t *testing.T, srv *server, login string) map[string]api.Role {
	t.Helper()
	resp, err := srv.as(t, login).Get(srv.URL + api.MembersPath(api.DefaultProject))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list api.MemberList
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || resp.StatusCode != 200 {
		t.Fatalf("list the members as %s: status %d, %v", login, resp.StatusCode, err)
	}
	roles := map[string]api.Role{}
	for _, m := range list.Members {
		roles[m.User.Login] = m.Role
	}
	return roles
}

// guidelinesShownJS is true when the article page shows the guidelines
// the manager wrote: two paragraphs, the address a link that opens in a
// new tab, the script tag as text and never run.
const guidelinesShownJS = `(() => {
	const g = document.getElementById("guidelines");
	if (!g || g.hidden || g.querySelectorAll("p").length !== 2) return false;
	const a = g.querySelector("a");
	return !!a && a.getAttribute("href") === "https://example.org/guide" && a.textContent === "https://example.org/guide" &&
		a.target === "_blank" && a.rel === "noopener noreferrer" &&
		g.textContent.includes("guide. <script>window.pwned = 1</script>") && !g.querySelector("script") && window.pwned === undefined;
})()`

// TestProjectGuidelinesAndMembers: a manager writes guidelines with a link
// and a script tag on /project; an annotator sees them beside an article,
// the link a link and the tag as text, also offline (where /project says
// it needs the server); the annotator's /project shows no member controls;
// the manager makes the annotator a curator and removes another member,
// and the curator then reads the members without controls.
func TestProjectGuidelinesAndMembers(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	id := postArticle(t, srv, "Guided", editorText)
	for _, login := range []string{"boss", "ann", "other"} {
		addUser(t, data, login, false)
	}
	setRole(t, data, "boss", api.RoleManager)

	boss := newBrowser(t, "")
	navigate(t, boss, srv.URL+"/")
	signIn(t, boss, srv, "boss")
	navigate(t, boss, srv.URL+"/account")
	click(t, boss, "#project-link")
	waitFor(t, boss, `location.pathname === "/project" && !!document.getElementById("project-form") && document.querySelectorAll("#member-list li").length >= 4`, 15*time.Second)
	const guidelines = "Mark every person by name.\n\nRead https://example.org/guide. <script>window.pwned = 1</script>"
	setValue(t, boss, "#account-project-guidelines", guidelines)
	click(t, boss, "#project-submit")
	waitFor(t, boss, `document.getElementById("project-saved")?.hidden === false`, 10*time.Second)

	ann := newBrowser(t, "")
	navigate(t, ann, srv.URL+"/")
	signIn(t, ann, srv, "ann")
	navigate(t, ann, srv.URL+"/articles/"+id)
	waitApp(t, ann)
	waitFor(t, ann, guidelinesShownJS, 15*time.Second)

	// Offline: the page and its guidelines come from the device; /project
	// says it needs the server.
	waitWorker(t, ann)
	srv.stop()
	if err := chromedp.Do(ann, chromedp.Reload()); err != nil {
		t.Fatalf("reload offline: %v", err)
	}
	waitApp(t, ann)
	waitFor(t, ann, articleReadyJS, 30*time.Second)
	waitFor(t, ann, guidelinesShownJS, 15*time.Second)
	navigate(t, ann, srv.URL+"/project")
	waitApp(t, ann)
	waitFor(t, ann, `document.getElementById("project-waiting")?.hidden === false && document.getElementById("project-problem")?.textContent.includes("cannot be reached")`, 15*time.Second)

	// Online again, the annotator's /project shows the name and guidelines,
	// no member and no form.
	srv = startServer(t, data, srv.Addr)
	navigate(t, ann, srv.URL+"/project")
	waitApp(t, ann)
	waitFor(t, ann, `document.querySelector("#project-guidelines a")?.getAttribute("href") === "https://example.org/guide"`, 15*time.Second)
	if got := evalJS[string](t, ann, `[...document.querySelectorAll("#member-section, #project-form, #member-form, select, button.remove")].map(e => e.id || e.tagName).join(",")`); got != "" {
		t.Errorf("an annotator's /project shows %s, want no member controls", got)
	}

	// The manager makes ann a curator and removes other, after a yes.
	evalJS[bool](t, boss, `(() => { const s = document.querySelector('select[aria-label="Role of ann"]'); s.value = "curator"; return s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
	waitFor(t, boss, `[...document.querySelectorAll("#member-list li span")].some(s => s.textContent === "ann · curator")`, 10*time.Second)
	evalJS[bool](t, boss, `[...document.querySelectorAll("#member-list li")].find(li => li.textContent.startsWith("other"))?.querySelector("button.remove")?.click() || true`)
	waitFor(t, boss, `document.getElementById("remove-confirm")?.hidden === false && document.getElementById("remove-confirm").textContent.includes("other")`, 5*time.Second)
	click(t, boss, "#remove-yes")
	waitFor(t, boss, `document.getElementById("remove-confirm").hidden && ![...document.querySelectorAll("#member-list li span")].some(s => s.textContent.startsWith("other"))`, 10*time.Second)
	roles := membersOf(t, srv, "boss")
	if roles["ann"] != api.RoleCurator || roles["other"] != "" || roles["boss"] != api.RoleManager {
		t.Errorf("members on the server = %v, want ann a curator, boss a manager, other gone", roles)
	}

	// The curator reads the members, without controls.
	navigate(t, ann, srv.URL+"/project")
	waitApp(t, ann)
	waitFor(t, ann, `[...document.querySelectorAll("#member-list li")].some(li => li.textContent === "ann · curator")`, 15*time.Second)
	if n := evalJS[int](t, ann, `document.querySelectorAll("#member-list select, #member-list button, #member-form, #project-form").length`); n != 0 {
		t.Errorf("a curator's /project shows %d member or project controls, want none", n)
	}
}

// TestManagerSetsTheProjectsLabels: a manager adds a label to the project
// on one device; an annotator's device, opening the same article after the
// manager's change synced, shows it in the palette, tags with it, and
// shows the labels read-only.
func TestManagerSetsTheProjectsLabels(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Labels", editorText)
	makeManager(t, srv.DataDir, "mia")
	manager := openArticleAs(t, srv, id, "mia")
	press(t, manager, "l", 1)
	waitFor(t, manager, `!!document.getElementById("add-label")`, 5*time.Second)
	evalJS[bool](t, manager, `document.getElementById("add-label").click() || true`)
	waitFor(t, manager, `document.querySelectorAll("#label-editor .label-row").length === 5`, 5*time.Second)
	changeValue(t, manager, "#label-name-4", "CRIME")
	evalJS[bool](t, manager, `document.getElementById("save-labels").click() || true`)
	waitFor(t, manager, `!!document.querySelector('.palette [data-label="CRIME"]')`, 10*time.Second)
	waitFor(t, manager, syncStatusIs("synced", 0), 30*time.Second)

	annotator := openArticleAs(t, srv, id, "ann")
	waitFor(t, annotator, `!!document.querySelector('.palette [data-label="CRIME"]')`, 30*time.Second)
	tagCodePoints(t, annotator, 0, 13, "5", 1)
	waitExport(t, srv, id, func(sets []exportedSet) bool {
		for _, s := range sets {
			for _, e := range s.Entities {
				if s.Annotator == "ann" && e.Label == "CRIME" {
					return true
				}
			}
		}
		return false
	})
	press(t, annotator, "l", 1)
	waitFor(t, annotator, `!!document.getElementById("labels-read-only") && document.getElementById("save-labels").disabled`, 5*time.Second)
	// Every field is disabled, not only Save: nothing can be typed that
	// would not be kept. The focus is on Cancel, the one thing to press.
	if got := evalJS[int](t, annotator, `[...document.querySelectorAll("#label-editor input, #label-editor button")].filter(e => !e.disabled).length`); got != 1 {
		t.Errorf("%d fields or buttons of the read-only label editor are enabled, want 1 (Cancel)", got)
	}
	waitFor(t, annotator, `document.activeElement?.id === "cancel-labels"`, 5*time.Second)
	// The library reads the set with the project's schema: the CRIME
	// mention is not one to review.
	press(t, annotator, "Escape", 1)
	navigate(t, annotator, srv.URL+"/")
	waitApp(t, annotator)
	line := fmt.Sprintf(`document.querySelector('#library li[data-article-id="%s"] .meta')?.textContent`, id)
	waitFor(t, annotator, line+`?.includes("· ann: 1 mention") && !`+line+`.includes("review")`, 15*time.Second)
}
