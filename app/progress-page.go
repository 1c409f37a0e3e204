package app

import (
	"context"
	"encoding/json"
	"errors"

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
	team teamPage
	// html is the progress as teamview.ProgressHTML writes it.
	html string
}

// teamPage is what the progress and agreement pages share: the project,
// the user's access to it, and the state of the request for its figures.
//
// Their tables are HTML that go-app inserts (app.Raw), written by package
// teamview in the export module, which the pages load (teamHTML): in
// app.wasm, which every page load needs, they would cost about 30 kB
// Brotli (go-app's builders for them 40 kB), and reading the agreement
// report 167 kB more (go doc ./app/teamview).
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

// get asks the server for path in the background and has show, in the
// background too, turn a successful answer (its status and body) into
// HTML, or an error; then, on the page's goroutine, unless the user
// picked another project meanwhile, notes a failure or calls done with
// the HTML.
func (t *teamPage) get(ctx app.Context, path string, show func(status int, body []byte) (string, error), done func(ctx app.Context, html string)) {
	id := t.id
	t.busy = true
	ctx.Async(func() {
		status, body, err := getAnswer(path)
		html := ""
		if err == nil {
			html, err = show(status, body)
		}
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
				done(ctx, html)
			}
		})
	})
}

// getAnswer sends GET path to the server and returns a successful
// answer's status and body. An error answer is a *replica.ServerError (a
// 401 matches replica.ErrUnauthenticated), no answer an error that wraps
// errOffline.
func getAnswer(path string) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), replica.DefaultTimeout)
	defer cancel()
	status, body, err := apiClient.Transport.RoundTrip(ctx, "GET", path, nil)
	if err == nil && status >= 400 {
		e := &replica.ServerError{Status: status}
		var envelope api.ErrorBody
		if json.Unmarshal(body, &envelope) == nil && envelope.Error != nil {
			e.Code, e.Message = envelope.Error.Code, envelope.Error.Message
		}
		err = e
	}
	return status, body, err
}

// teamHTML has the export module write the HTML of the team page kind
// ("progress" or "agreement") of project from the server's answer. It
// loads the module if need be, and blocks: call it inside ctx.Async.
func teamHTML(kind string, answer []byte, project string) (string, error) {
	if _, err := loadExportModule(); err != nil {
		return "", err
	}
	out, err := callExportModule("teamHTML", kind, string(answer), project)
	if err != nil {
		return "", err
	}
	if msg := out.Get("error"); msg.Truthy() {
		return "", errors.New(msg.String())
	}
	return out.Get("html").String(), nil
}

// render shows the page id: a way to sign in when nobody is signed in;
// to a user who may not see it, who may; else the request's state
// (waiting, the failure with Retry) and html, what the page shows.
func (t *teamPage) render(id, title string, retry func(app.Context), html string) app.UI {
	return signedInPage(id, title, t.signedIn, func() app.UI {
		if !t.access.CanCurate() {
			return textLine(id+"-denied", "note", "This page is for the project's curators, managers and admins: ask a manager of the project for the curator role.")
		}
		waiting := ""
		if t.busy && html == "" {
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
			app.Raw(`<div id="`+id+`-content">`+html+"</div>"),
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
	p.html = ""
	if p.team.start(ctx, "Progress") {
		p.load(ctx)
	}
}

// load asks the server for the progress.
func (p *ProgressPage) load(ctx app.Context) {
	id := p.team.id
	p.team.get(ctx, api.ProgressPath(id), func(status int, body []byte) (string, error) {
		return teamHTML("progress", body, id)
	}, func(ctx app.Context, html string) {
		p.html, p.team.loaded = html, true
	})
}

// Render shows the page.
func (p *ProgressPage) Render() app.UI {
	return p.team.render("progress", "Progress", p.load, p.html)
}
