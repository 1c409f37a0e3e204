package app

import (
	"slices"
	"strings"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ProjectPicker shows, in the top bar, the project the signed-in user works
// in, and lets them pick another of theirs: a labelled select, plain text
// when they have one project, nothing when nobody is signed in. It reads
// the projects kept on the device (api.Me), so it works offline. When a
// manager took the user out of the project they picked, it says so (their
// changes there stay pending) until they pick one or press OK, and has the
// pages show the project they work in now.
type ProjectPicker struct {
	app.Compo
	current  string
	projects []api.ProjectRole
	signedIn bool
	// left is the project the user picked and is no longer a member of
	// (leftProject); its ID is "" when there is none.
	left api.ProjectRole
	// onStorage hears another tab pick a project.
	onStorage app.Func
	// unsub ends the subscription to the sync's status: a round reads the
	// user's projects from the server (a project they were added to).
	unsub func()
}

// OnInit reads the user's projects before the first render, on the server
// too (the user of the page it renders, FirstPaint).
func (p *ProjectPicker) OnInit() { p.read() }

// OnMount reads the user's projects again when the user or the project
// changes, in this tab or another (the storage event, which it turns into
// actionProjectChanged for every component of the page).
func (p *ProjectPicker) OnMount(ctx app.Context) {
	if app.IsServer {
		return
	}
	ctx.Handle(actionUserChanged, func(ctx app.Context, a app.Action) { p.read() })
	ctx.Handle(actionProjectChanged, func(ctx app.Context, a app.Action) { p.read() })
	p.onStorage = app.FuncOf(func(_ app.Value, args []app.Value) any {
		if key := args[0].Get("key"); key.Type() == app.TypeString && strings.HasPrefix(key.String(), projectKeyPrefix) {
			ctx.Dispatch(func(ctx app.Context) { ctx.NewAction(actionProjectChanged) })
		}
		return nil
	})
	app.Window().Call("addEventListener", "storage", p.onStorage)
	p.unsub = background.subscribe(func(SyncStatus) {
		ctx.Dispatch(func(ctx app.Context) {
			before, was := p.projects, p.current
			p.read()
			switch {
			case p.current != was: // taken out of the project, or back in it
				ctx.NewAction(actionProjectChanged)
			case slices.Equal(before, p.projects):
				ctx.PreventUpdate()
			}
		})
	}, nil)
}

// OnDismount stops listening to the other tabs and the sync.
func (p *ProjectPicker) OnDismount() {
	if p.unsub != nil {
		p.unsub()
		p.unsub = nil
	}
	if p.onStorage != nil {
		app.Window().Call("removeEventListener", "storage", p.onStorage)
		p.onStorage.Release()
		p.onStorage = nil
	}
}

// read reads the current project and the user's projects from the device.
func (p *ProjectPicker) read() {
	cur, me := currentProject()
	_, p.signedIn = storedMe()
	p.current, p.projects = cur.ID, me.Projects
	p.left, _ = leftProject()
}

// Render shows the picker.
func (p *ProjectPicker) Render() app.UI {
	var left app.UI = app.Text("")
	if p.left.ID != "" {
		left = app.Span().ID("project-left").Class("project-left").Role("alert").Body(
			app.Text("You are no longer a member of "+projectLabel(p.left)+": your changes there that the server does not have yet stay on this device, and are sent if a manager adds you back. "),
			smallButton("link", "OK", func(ctx app.Context, e app.Event) { pickProject(ctx, p.current) }, ""),
		)
	}
	switch {
	case !p.signedIn || len(p.projects) == 0:
		return app.Span().ID("project-picker").Class("project-picker").Hidden(true)
	case len(p.projects) == 1:
		return app.Span().ID("project-picker").Class("project-picker").Body(
			app.Span().Text("Project:"),
			app.Span().ID("project-current").Text(projectLabel(p.projects[0])),
			left,
		)
	}
	return app.Span().ID("project-picker").Class("project-picker").Body(
		app.Label().For("project-select").Text("Project"),
		app.Select().ID("project-select").
			OnChange(func(ctx app.Context, e app.Event) {
				pickProject(ctx, ctx.JSSrc().Get("value").String())
			}).
			Body(app.Range(p.projects).Slice(func(i int) app.UI {
				pr := p.projects[i]
				return app.Option().Value(pr.ID).Selected(pr.ID == p.current).Text(projectLabel(pr))
			})),
		left,
	)
}

// projectLabel is how a project is named to the user: its name, else its
// ID.
func projectLabel(p api.ProjectRole) string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}
