package app

import (
	"context"
	"encoding/json"
	"errors"
	"html"
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
// by annotator, each cell colored by its state. The server computes it
// from every annotator's synced sets: offline, the page says so and
// offers to retry.
type ProgressPage struct {
	app.Compo
	team     teamPage
	progress api.Progress
}

// teamPage is what the progress and agreement pages share: the project,
// the user's access to it, and the state of the request for its figures.
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

// curatorsOnly is what the team pages say to a user who may not see them.
const curatorsOnly = "This page is for the project's curators, managers and admins: ask a manager of the project for the curator role."

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

// render shows the page: a way to sign in when nobody is; what the user
// may not see; else the request's state (waiting, the failure with Retry)
// and, once loaded, what body shows.
func (t *teamPage) render(id, title string, retry func(app.Context), body func() app.UI) app.UI {
	return signedInPage(id, title, t.signedIn, func() app.UI {
		if !t.access.CanCurate() {
			return textLine(id+"-denied", "note", curatorsOnly)
		}
		waiting, content := "", app.UI(app.Div().Hidden(true))
		if t.busy && !t.loaded {
			waiting = "Asking the server…"
		}
		if t.loaded {
			content = body()
		}
		return app.Div().Body(
			textLine(id+"-waiting", "note", waiting),
			app.P().ID(id+"-problem").Class("error").Role("alert").Hidden(t.problem == "").Body(
				app.Text(t.problem+" "),
				button(id+"-retry", "quiet", "Retry", "", retry),
			),
			slot(condUI(t.signIn, func() app.UI { return signInButton(id + "-signin") })),
			content,
		)
	})
}

// condUI is ui() when cond, else nil.
func condUI(cond bool, ui func() app.UI) app.UI {
	if cond {
		return ui()
	}
	return nil
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
	return p.team.render("progress", "Progress", p.load, p.sections)
}

// sections are the annotators' totals and the grid of articles.
func (p *ProgressPage) sections() app.UI {
	head, rows := progressGrid(p.progress)
	empty := ""
	if len(rows) == 0 {
		empty = "The project has no articles yet."
	}
	return app.Div().Body(
		section("progress-annotators", "Annotators",
			dataTable("progress-totals", totalsHead, totalsRows(p.progress.Annotators))),
		section("progress-articles", "Articles",
			textLine("progress-empty", "note", empty),
			legend(stateLegend()),
			dataTable("progress-grid", head, rows)),
	)
}

// totalsHead are the columns of the annotators' totals.
var totalsHead = []string{"Annotator", "Assigned", "Not started", "In progress", "Done", "Skipped", "Time spent (h:mm)"}

// totalsRows are the rows of the annotators' totals: counts of their sets
// by state, and the time spent on them.
func totalsRows(totals []api.AnnotatorProgress) [][]cell {
	rows := make([][]cell, len(totals))
	for i, a := range totals {
		rows[i] = []cell{{text: a.Annotator}}
		for _, n := range []int{a.Assigned, a.NotStarted, a.InProgress, a.Done, a.Skipped} {
			rows[i] = append(rows[i], cell{text: strconv.Itoa(n), class: "num"})
		}
		rows[i] = append(rows[i], cell{text: hoursMinutes(a.Spent), class: "num"})
	}
	return rows
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

// stateCell is the cell of a set (or, named, an article) in state s: its
// mark, or its name when named, colored by the state, with the state and
// the reason (a skipped set's) as its title. A state the grid does not
// know shows as it is.
func stateCell(s annotations.WorkState, reason string, named bool) cell {
	c := cell{text: string(s), class: "st st-" + string(s), title: string(s)}
	for _, w := range workStates {
		if w.state == s {
			c.text, c.title = w.mark, w.name
			if named {
				c.text = w.name
			}
		}
	}
	if reason != "" {
		c.title += ": " + reason
	}
	return c
}

// stateLegend explains the grid's marks.
func stateLegend() []cell {
	out := make([]cell, len(workStates))
	for i, w := range workStates {
		out[i] = cell{text: w.mark + " " + w.name, class: "st st-" + string(w.state)}
	}
	return out
}

// progressGrid is the grid of articles by annotator: its columns (the
// article, its state, then each annotator of the totals and the gold set
// when there is one) and a row per article, the title a link to it, each
// annotator's cell the state of their set (not started when assigned
// without one; empty, "not assigned", when neither).
func progressGrid(pr api.Progress) (head []string, rows [][]cell) {
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
	head = append([]string{"Article", "State"}, names...)
	rows = make([][]cell, len(pr.Articles))
	for i, a := range pr.Articles {
		title := a.Title
		if title == "" {
			title = a.ArticleID
		}
		row := append(make([]cell, 0, len(head)), cell{text: title, href: "/articles/" + a.ArticleID}, stateCell(a.State, "", true))
		for _, name := range names {
			c := cell{class: "st st-none", title: "not assigned"}
			if slices.Contains(a.Assigned, name) {
				c = stateCell(annotations.WorkNotStarted, "", false)
			}
			for _, s := range a.Sets {
				if s.Annotator == name {
					c = stateCell(s.State, s.Reason, false)
				}
			}
			row = append(row, c)
		}
		rows[i] = row
	}
	return head, rows
}

// cell is one cell of a table of the team pages: its text, its class and
// title ("" for none), and the address it links to ("" for none).
type cell struct{ text, class, title, href string }

// html is the cell as HTML, a row heading (th) when head: its text
// escaped, in a link when it has an address. A data cell's title is also
// its accessible name, since a mark alone says little: it names what the
// text shows.
func (c cell) html(head bool) string {
	tag, attrs := "td", ""
	if head {
		tag, attrs = "th", ` scope="row"`
	}
	if c.class != "" {
		attrs += ` class="` + html.EscapeString(c.class) + `"`
	}
	if c.title != "" && !head {
		t := html.EscapeString(c.title)
		attrs += ` title="` + t + `" aria-label="` + t + `"`
	}
	text := html.EscapeString(c.text)
	if c.href != "" {
		text = `<a href="` + html.EscapeString(c.href) + `">` + text + "</a>"
	}
	return "<" + tag + attrs + ">" + text + "</" + tag + ">"
}

// tableHTML is the table id as HTML: head's column headings, then rows,
// the first cell of each its heading, inside a block that scrolls
// sideways when the table is wider than the page. The team pages' tables
// are HTML that go-app inserts (app.Raw): its elements for tables would
// each add their own code to app.wasm, about 5 kB Brotli each.
func tableHTML(id string, head []string, rows [][]cell) string {
	var b strings.Builder
	b.WriteString(`<div class="table-scroll"><table id="` + html.EscapeString(id) + `" class="data-table team-table"><thead><tr>`)
	for _, h := range head {
		b.WriteString(`<th scope="col">` + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for _, row := range rows {
		b.WriteString("<tr>")
		for j, c := range row {
			b.WriteString(c.html(j == 0))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table></div>")
	return b.String()
}

// dataTable shows the table tableHTML makes.
func dataTable(id string, head []string, rows [][]cell) app.UI {
	return app.Raw(tableHTML(id, head, rows))
}

// legend shows items, each in its class: what a table's colors and marks
// mean.
func legend(items []cell) app.UI {
	return app.P().Class("legend").Body(app.Range(items).Slice(func(i int) app.UI {
		return app.Span().Class(items[i].class).Text(items[i].text)
	}))
}
