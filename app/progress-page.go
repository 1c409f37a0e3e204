package app

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ProgressPage is /progress, where the current project's work stands, for
// its curators, managers and admins (api.Access.CanCurate): each
// annotator's totals and time spent, and a grid of every article's sets
// by annotator, each cell colored by its state and marked. The server
// computes it from every annotator's synced sets: offline, the page says
// so and offers to retry.
type ProgressPage struct {
	app.Compo
	team     teamPage
	progress api.Progress
}

// teamPage is what the progress and agreement pages share: the project,
// the user's access to it, and the state of the request for its figures.
//
// Their tables are HTML that go-app inserts (app.Raw), written by plain
// functions of the figures (tested in progressHTML's and agreementHTML's
// tests): go-app's elements for tables, and its builder chains, would
// cost app.wasm about 40 kB Brotli.
type teamPage struct {
	id       string
	access   api.Access
	signedIn bool
	loaded   bool
	busy     bool
	// problem is why the last request failed; signIn whether the server
	// asked for a sign-in.
	problem string
	signIn  bool
}

// start reads who is signed in and their role in the project they work in,
// and forgets what the page showed. It reports whether the page may ask
// the server.
func (t *teamPage) start(ctx app.Context, title string) bool {
	ctx.Page().SetTitle("Gloss · " + title)
	if app.IsServer {
		return false
	}
	cur, me := currentProject()
	_, t.signedIn = storedMe()
	t.id, t.access = cur.ID, api.Access{Admin: me.User.Admin, Role: cur.Role}
	t.loaded, t.busy, t.problem, t.signIn = false, false, "", false
	return t.signedIn && t.access.CanCurate()
}

// get asks the server for path in the background and decodes its answer
// into out; then, on the page's goroutine, unless the user picked another
// project meanwhile, notes a failure or calls done with the answer's
// status.
func (t *teamPage) get(ctx app.Context, path string, out any, done func(ctx app.Context, status int)) {
	id := t.id
	t.busy = true
	ctx.Async(func() {
		status, err := getJSON(path, out)
		ctx.Dispatch(func(ctx app.Context) {
			if t.id != id {
				return
			}
			t.busy, t.signIn, t.problem = false, false, ""
			switch {
			case errors.Is(err, errOffline):
				t.problem = "The server cannot be reached, and this page needs it: it counts every annotator's synced sets. Retry when it answers."
			case errors.Is(err, replica.ErrUnauthenticated):
				t.signIn, t.problem = true, "The server asks you to sign in again."
			case err != nil:
				t.problem = err.Error()
			default:
				done(ctx, status)
			}
		})
	})
}

// getJSON sends GET path to the server and decodes a successful answer
// into out. It returns the answer's status; an error answer is a
// *replica.ServerError (a 401 matches replica.ErrUnauthenticated), no
// answer an error that wraps errOffline.
func getJSON(path string, out any) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), replica.DefaultTimeout)
	defer cancel()
	status, body, err := apiClient.Transport.RoundTrip(ctx, "GET", path, nil)
	if err != nil {
		return 0, err
	}
	if status >= 400 {
		e := &replica.ServerError{Status: status}
		var envelope api.ErrorBody
		if json.Unmarshal(body, &envelope) == nil && envelope.Error != nil {
			e.Code, e.Message = envelope.Error.Code, envelope.Error.Message
		}
		return status, e
	}
	return status, json.Unmarshal(body, out)
}

// render shows the page id: a way to sign in when nobody is signed in;
// to a user who may not see it, who may; else the request's state
// (waiting, the failure with Retry) and the HTML that body returns.
func (t *teamPage) render(id, title string, retry func(app.Context), body func() string) app.UI {
	return signedInPage(id, title, t.signedIn, func() app.UI {
		if !t.access.CanCurate() {
			return textLine(id+"-denied", "note", "This page is for the project's curators, managers and admins: ask a manager of the project for the curator role.")
		}
		waiting := ""
		if t.busy && !t.loaded {
			waiting = "Asking the server…"
		}
		var signIn app.UI
		if t.signIn {
			signIn = signInButton(id + "-signin")
		}
		return app.Div().Body(
			textLine(id+"-waiting", "note", waiting),
			app.P().ID(id+"-problem").Class("error").Role("alert").Hidden(t.problem == "").Body(
				app.Text(t.problem+" "),
				button(id+"-retry", "quiet", "Retry", "", retry),
			),
			slot(signIn),
			app.Raw(`<div id="`+id+`-content">`+body()+"</div>"),
		)
	})
}

// OnMount reads the progress again when another user signs in on the
// device, or the user picks another project.
func (p *ProgressPage) OnMount(ctx app.Context) {
	ctx.Handle(actionUserChanged, func(ctx app.Context, a app.Action) { p.OnNav(ctx) })
	ctx.Handle(actionProjectChanged, func(ctx app.Context, a app.Action) { p.OnNav(ctx) })
}

// OnNav asks the server for the project's progress.
func (p *ProgressPage) OnNav(ctx app.Context) {
	p.progress = api.Progress{}
	if p.team.start(ctx, "Progress") {
		p.load(ctx)
	}
}

// load asks the server for the progress.
func (p *ProgressPage) load(ctx app.Context) {
	var pr api.Progress
	p.team.get(ctx, api.ProgressPath(p.team.id), &pr, func(ctx app.Context, status int) {
		p.progress, p.team.loaded = pr, true
	})
}

// Render shows the page.
func (p *ProgressPage) Render() app.UI {
	return p.team.render("progress", "Progress", p.load, func() string {
		if !p.team.loaded {
			return ""
		}
		return progressHTML(p.progress)
	})
}

// progressHTML is the progress as HTML: the annotators' totals (counts of
// their sets by state, time spent as h:mm) and the grid of articles by
// annotator (progressGrid).
func progressHTML(pr api.Progress) string {
	var t htmlTable
	t.WriteString(`<section id="progress-annotators"><h2>Annotators</h2>`)
	t.open("progress-totals", "Annotator", "Assigned", "Not started", "In progress", "Done", "Skipped", "Time spent (h:mm)")
	for _, a := range pr.Annotators {
		t.rowHead(a.Annotator, "")
		for _, n := range []int{a.Assigned, a.NotStarted, a.InProgress, a.Done, a.Skipped} {
			t.cell("num", "", strconv.Itoa(n))
		}
		t.cell("num", "", hoursMinutes(a.Spent))
	}
	t.close()
	t.WriteString(`</section><section id="progress-articles"><h2>Articles</h2>`)
	if len(pr.Articles) == 0 {
		t.WriteString(`<p id="progress-empty" class="note">The project has no articles yet.</p>`)
	}
	t.WriteString(`<p class="legend">`)
	for _, w := range workStates {
		t.WriteString(`<span class="st st-` + string(w.state) + `">` + w.mark + " " + w.name + "</span>")
	}
	t.WriteString("</p>")
	progressGrid(&t, pr)
	t.WriteString("</section>")
	return t.String()
}

// hoursMinutes is a duration of ms milliseconds as h:mm, to the nearest
// minute.
func hoursMinutes(ms int64) string {
	m := (max(ms, 0) + 30_000) / 60_000
	mm := strconv.FormatInt(m%60, 10)
	if len(mm) < 2 {
		mm = "0" + mm
	}
	return strconv.FormatInt(m/60, 10) + ":" + mm
}

// workStates are the work states as the progress grid shows them: a mark
// (color is not the only carrier) and a name.
var workStates = []struct {
	state      annotations.WorkState
	mark, name string
}{
	{annotations.WorkNotStarted, "○", "not started"},
	{annotations.WorkInProgress, "◐", "in progress"},
	{annotations.WorkDone, "●", "done"},
	{annotations.WorkSkipped, "⊘", "skipped"},
	{annotations.WorkCurated, "★", "curated"},
}

// stateCell writes the cell of a set (or, named, an article) in state s:
// its mark, or its name when named, in the state's class, titled with the
// state and the reason (a skipped set's). A state the grid does not know
// shows as it is.
func (t *htmlTable) stateCell(s annotations.WorkState, reason string, named bool) {
	text, title := string(s), string(s)
	for _, w := range workStates {
		if w.state == s {
			text, title = w.mark, w.name
			if named {
				text = w.name
			}
		}
	}
	if reason != "" {
		title += ": " + reason
	}
	t.cell("st st-"+string(s), title, text)
}

// progressGrid writes the grid of articles by annotator: its columns
// (the article, its state, then each annotator of the totals and the gold
// set when there is one) and a row per article, the title a link to it,
// each annotator's cell the state of their set (not started when assigned
// without one; empty, "not assigned", when neither).
func progressGrid(t *htmlTable, pr api.Progress) {
	names := make([]string, 0, len(pr.Annotators)+1)
	for _, a := range pr.Annotators {
		names = append(names, a.Annotator)
	}
	for _, a := range pr.Articles {
		for _, s := range a.Sets {
			if s.Annotator == annotations.GoldAnnotator && !slices.Contains(names, s.Annotator) {
				names = append(names, s.Annotator)
			}
		}
	}
	t.open("progress-grid", append([]string{"Article", "State"}, names...)...)
	for _, a := range pr.Articles {
		title := a.Title
		if title == "" {
			title = a.ArticleID
		}
		t.rowHead(title, "/articles/"+a.ArticleID)
		t.stateCell(a.State, "", true)
		for _, name := range names {
			i := slices.IndexFunc(a.Sets, func(s annotations.SetProgress) bool { return s.Annotator == name })
			switch {
			case i >= 0:
				t.stateCell(a.Sets[i].State, a.Sets[i].Reason, false)
			case slices.Contains(a.Assigned, name):
				t.stateCell(annotations.WorkNotStarted, "", false)
			default:
				t.cell("st st-none", "not assigned", "")
			}
		}
	}
	t.close()
}

// htmlTable writes the HTML of the team pages' tables.
type htmlTable struct{ strings.Builder }

// open starts the table id, with head's column headings, in a block that
// scrolls sideways when the table is wider than the page.
func (t *htmlTable) open(id string, head ...string) {
	t.WriteString(`<div class="table-scroll"><table id="` + esc(id) + `" class="data-table team-table"><thead><tr>`)
	for _, h := range head {
		t.WriteString(`<th scope="col">` + esc(h) + "</th>")
	}
	t.WriteString("</tr></thead><tbody>")
}

// rowHead starts a row with its heading, text, a link to href when href
// is not "".
func (t *htmlTable) rowHead(text, href string) {
	text = esc(text)
	if href != "" {
		text = `<a href="` + esc(href) + `">` + text + "</a>"
	}
	t.WriteString(`<tr><th scope="row">` + text + "</th>")
}

// cell writes a cell of the row: text, of class and titled title when
// they are not "". The title is also the cell's accessible name, since a
// mark alone says little: it must name what the text shows.
func (t *htmlTable) cell(class, title, text string) {
	t.WriteString(`<td class="` + esc(class) + `"`)
	if title != "" {
		title = esc(title)
		t.WriteString(` title="` + title + `" aria-label="` + title + `"`)
	}
	t.WriteString(">" + esc(text) + "</td>")
}

// close ends the table.
func (t *htmlTable) close() { t.WriteString("</tbody></table></div>") }

// esc escapes s for HTML text and quoted attribute values.
func esc(s string) string {
	if !strings.ContainsAny(s, `<>&"'`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
