package app

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TeamPage is the team pages of the current project, for its curators,
// managers and admins (api.Access.CanCurate); others are told they are
// not theirs. It is one component for two routes, to save app.wasm the
// code of a second:
//
//   - /progress, where the work stands: each annotator's totals and time
//     spent, and a grid of every article's sets by annotator, each cell
//     colored by its state and marked;
//   - /agreement, the inter-annotator agreement (agreement-page.go).
//
// The server computes both from every annotator's synced sets: offline,
// the page says that it needs the server, and offers to retry. The tables
// are HTML that go-app inserts (app.Raw), written by package teamview in
// the export module, which the page loads (teamHTML): in app.wasm, which
// every page load needs, they would cost about 30 kB Brotli (go-app's
// builders for them 40 kB), and reading the agreement report 167 kB more
// (go doc ./app/teamview).
type TeamPage struct {
	app.Compo
	// kind is "progress" or "agreement", from the path.
	kind     string
	id       string
	access   api.Access
	signedIn bool
	busy     bool
	// problem is why the last request failed; signIn whether the server
	// asked for a sign-in.
	problem string
	signIn  bool
	// html is what the page shows: teamview's HTML of the server's
	// answer, or the progress of the agreement's computation.
	html string
	// visit counts the page's visits, so that the polling of an earlier
	// one stops.
	visit int
}

// OnMount reads the page again when another user signs in on the device,
// or the user picks another project.
func (p *TeamPage) OnMount(ctx app.Context) {
	ctx.Handle(actionUserChanged, func(ctx app.Context, a app.Action) { p.OnNav(ctx) })
	ctx.Handle(actionProjectChanged, func(ctx app.Context, a app.Action) { p.OnNav(ctx) })
}

// OnDismount stops the polling.
func (p *TeamPage) OnDismount() { p.visit++ }

// OnNav reads who is signed in and their role in the project they work
// in, forgets what the page showed, and asks the server.
func (p *TeamPage) OnNav(ctx app.Context) {
	p.kind = ctx.Page().URL().Path[1:]
	title := "Progress"
	if p.kind == "agreement" {
		title = "Agreement"
	}
	ctx.Page().SetTitle("Gloss · " + title)
	p.visit++
	p.html, p.busy, p.problem, p.signIn = "", false, "", false
	if app.IsServer {
		return
	}
	cur, me := currentProject()
	_, p.signedIn = storedMe()
	p.id, p.access = cur.ID, api.Access{Admin: me.User.Admin, Role: cur.Role}
	if p.signedIn && p.access.CanCurate() {
		p.load(ctx)
	}
}

// load asks the server for the page's figures in the background and has
// the export module write their HTML (the agreement: see loadAgreement);
// then, on the page's goroutine, unless the user picked another project
// or left meanwhile, shows it or the failure.
func (p *TeamPage) load(ctx app.Context) {
	id, kind, visit := p.id, p.kind, p.visit
	path, computing := api.ProgressPath(id), false
	if kind == "agreement" {
		path = api.AgreementPath(id)
	}
	p.busy = true
	ctx.Async(func() {
		status, body, err := getAnswer(path)
		html := ""
		if err == nil {
			computing = status == 202
			if computing {
				kind = "computing"
			}
			html, err = teamHTML(kind, body, id)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if p.visit != visit || p.id != id {
				return
			}
			p.busy, p.signIn, p.problem = false, false, ""
			switch {
			case errors.Is(err, errOffline):
				p.problem = "The server cannot be reached, and this page needs it: it counts every annotator's synced sets. Retry when it answers."
			case errors.Is(err, replica.ErrUnauthenticated):
				p.signIn, p.problem = true, "The server asks you to sign in again."
			case err != nil:
				p.problem = err.Error()
			default:
				p.html = html
				if computing {
					p.poll(ctx, visit)
				}
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
// ("progress", "agreement", or "computing" for a 202 of the agreement) of
// project from the server's answer (teamview.Page). It
// loads the module if need be, and blocks: call it inside ctx.Async.
func teamHTML(kind string, answer []byte, project string) (string, error) {
	if _, err := loadExportModule(); err != nil {
		return "", err
	}
	out, err := callExportModule("teamHTML", kind, string(answer), project, api.AgreementPath(project))
	if err != nil {
		return "", err
	}
	if msg := out.Get("error"); msg.Truthy() {
		return "", errors.New(msg.String())
	}
	return out.Get("html").String(), nil
}

// Render shows the page: a way to sign in when nobody is signed in; to a
// user who may not see it, who may; else the request's state (waiting,
// the failure with Retry) and what the page shows.
func (p *TeamPage) Render() app.UI {
	id := p.kind
	title := "Progress"
	if id == "agreement" {
		title = "Agreement"
	}
	return signedInPage(id, title, p.signedIn, func() app.UI {
		if !p.access.CanCurate() {
			return textLine(id+"-denied", "note", "This page is for the project's curators, managers and admins: ask a manager of the project for the curator role.")
		}
		status := ""
		switch {
		case p.problem != "":
			status = `<p id="` + id + `-problem" class="error" role="alert">` + escapeText(p.problem) + "</p>"
		case p.busy && p.html == "":
			status = `<p id="` + id + `-waiting" class="note" role="status">Asking the server…</p>`
		}
		var retry app.UI
		if p.problem != "" {
			retry = button(id+"-retry", "quiet", "Retry", "", p.load)
		}
		if p.signIn {
			retry = signInButton(id + "-signin")
		}
		return app.Div().Body(app.Raw("<div>"+status+"</div>"), slot(retry), app.Raw(`<div id="`+id+`-content">`+p.html+"</div>"))
	})
}

// escapeText escapes s for HTML text.
func escapeText(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '&':
			b = append(b, "&amp;"...)
		default:
			b = append(b, c)
		}
	}
	return string(b)
}
