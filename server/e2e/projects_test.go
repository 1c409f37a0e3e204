package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"
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

// marksAre is the expression that says the article page has loaded its set
// and shows exactly the mentions want ("text|label", in text order).
func marksAre(want string) string {
	return fmt.Sprintf(`document.getElementById("article-text")?.getAttribute("aria-busy") === "false" && [...document.querySelectorAll("#article-text mark[data-annotation-id]")].map(m => m.textContent + "|" + m.dataset.label).join(",") === %s`, jsString(want))
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

	// The same ID again: the server's answer shows, and nothing changes.
	setValue(t, boss, "#account-new-project-name", "Climate again")
	setValue(t, boss, "#account-new-project-id", "climate")
	click(t, boss, "#new-project-submit")
	waitFor(t, boss, `document.getElementById("new-project-error")?.hidden === false && document.getElementById("new-project-error").textContent !== ""`, 15*time.Second)
	if got := evalJS[string](t, boss, `document.getElementById("new-project-error").textContent`); got == "" {
		t.Error("a second project with the ID climate shows no error")
	}

	// ann joins Climate (the page shows Climate's members).
	setValue(t, boss, "#account-member-login", "ann")
	click(t, boss, "#member-submit")
	waitFor(t, boss, `[...document.querySelectorAll("#member-list li span")].some(s => s.textContent === "ann · annotator")`, 15*time.Second)

	ann := newBrowser(t, "")
	navigate(t, ann, srv.URL+"/")
	signIn(t, ann, srv, "ann")
	navigate(t, ann, srv.URL+"/articles/"+id)
	waitApp(t, ann)
	waitFor(t, ann, projectPicked("default", "Climate,Default")+" && "+marksAre(""), 15*time.Second)
	pickProject(t, ann, "climate")
	waitFor(t, ann, projectPicked("climate", "Climate,Default")+" && "+marksAre(""), 15*time.Second)
	tagMention(t, ann, 0, 13, "Rex Tillerson")
	waitFor(t, ann, marksAre("Rex Tillerson|PER"), 10*time.Second)
	waitKept(t, ann)
	click(t, ann, "#sync-status")
	waitFor(t, ann, syncStatusIs("synced", 0), 30*time.Second)

	pickProject(t, ann, "default")
	waitFor(t, ann, projectPicked("default", "Climate,Default")+" && "+marksAre(""), 15*time.Second)
	pickProject(t, ann, "climate")
	waitFor(t, ann, projectPicked("climate", "Climate,Default")+" && "+marksAre("Rex Tillerson|PER"), 15*time.Second)

	navigate(t, ann, srv.URL+"/articles/"+id)
	waitApp(t, ann)
	waitFor(t, ann, projectPicked("climate", "Climate,Default")+" && "+marksAre("Rex Tillerson|PER"), 15*time.Second)
}
