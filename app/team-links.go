package app

import (
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TeamLinks are the links to the progress and agreement pages, shown to
// the curators, managers and admins of the project the user works in.
type TeamLinks struct {
	app.Compo
	curate bool
}

// OnInit reads the user's role before the first render, on the server too
// (the user of the page it renders, FirstPaint).
func (l *TeamLinks) OnInit() { l.readRole() }

// readRole reads the user's role in the project they work in.
func (l *TeamLinks) readRole() {
	p, me := currentProject()
	l.curate = api.Access{Admin: me.User.Admin, Role: p.Role}.CanCurate()
}

// OnMount reads the user's role again when another user signs in or the
// user picks another project.
func (l *TeamLinks) OnMount(ctx app.Context) {
	if app.IsServer {
		return
	}
	read := func(app.Context, app.Action) { l.readRole() }
	ctx.Handle(actionUserChanged, read)
	ctx.Handle(actionProjectChanged, read)
}

// Render shows the links, or nothing to those who may not follow them.
func (l *TeamLinks) Render() app.UI {
	if !l.curate {
		return app.Raw(`<span class="team-links" hidden></span>`)
	}
	return app.Raw(`<nav class="team-links" aria-label="Team"><a id="progress-link" href="/progress">Progress</a><a id="agreement-link" href="/agreement">Agreement</a></nav>`)
}
