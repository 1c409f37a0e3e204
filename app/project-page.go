package app

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ProjectPage is /project, the project the user works in (picked in the top
// bar): its name and guidelines for everyone; its members for curators (to
// read) and managers; for managers and admins, forms to change the
// settings and the members; and, for admins, a form to create a project,
// which the user then works in. What the user may do is api.Access's
// answer. It needs the server: offline, it says so.
type ProjectPage struct {
	app.Compo
	// id is the ID of the project the page shows.
	id       string
	access   api.Access
	signedIn bool
	loaded   bool
	project  api.Project
	members  []api.Member
	// values, problems, busy and signIn are as the account page's.
	values   formValues
	problems map[string]fieldProblems
	busy     string
	signIn   bool
	saved    bool
	// made says which project the user just made.
	made string
	// removing is the login whose removal waits for a yes.
	removing string
}

// The project page's forms' fields.
var (
	projectFields = []formField{
		{"project-name", "Name", "text", "off"},
		{"project-guidelines", "Guidelines (plain text: blank lines split paragraphs, http(s) addresses become links)", "textarea", ""},
		{"project-see", "Annotators see each other's sets", "checkbox", ""},
		{"suggest-same", "Suggest the other occurrences of text tagged before", "checkbox", ""},
		{"suggest-quotes", "Suggest quotes: text in quotation marks beside a cue word and its speaker", "checkbox", ""},
		{"suggest-tagger", "Suggest mentions the learned tagger finds", "checkbox", ""},
		{"suggest-threshold", "Least confidence of a suggestion shown (0 to 1; empty: 0.5)", "text", "off"},
		{"suggest-cues", "Cue words of quotes, one per line (empty: those of English, German, French, Spanish, Italian and Portuguese)", "textarea", ""},
	}
	memberFields = []formField{
		{"member-login", "Login", "text", "off"},
		{"member-role", "Role", "role", ""},
	}
	newProjectFields = []formField{
		{"new-project-name", "Name", "text", "off"},
		{"new-project-id", "ID (optional: lower-case letters, digits and hyphens; made from the name when empty)", "text", "off"},
	}
)

// OnMount reads the project again when another user signs in on the
// device, or the user picks another project.
func (p *ProjectPage) OnMount(ctx app.Context) {
	ctx.Handle(actionUserChanged, func(ctx app.Context, a app.Action) { p.OnNav(ctx) })
	ctx.Handle(actionProjectChanged, func(ctx app.Context, a app.Action) { p.OnNav(ctx) })
}

// OnNav reads who is signed in and their role in the project (from the
// device's api.Me, then the server's answer), and asks the server.
func (p *ProjectPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Gloss · Project")
	if app.IsServer {
		return
	}
	cur, me := currentProject()
	_, ok := storedMe()
	p.signedIn, p.loaded, p.removing, p.saved = ok, false, "", false
	p.id, p.project, p.members = cur.ID, api.Project{}, nil
	p.access = api.Access{Admin: me.User.Admin, Role: cur.Role, SeeEachOther: cur.AnnotatorsSeeEachOther}
	p.problems = map[string]fieldProblems{}
	p.values.set("member-role", string(api.RoleAnnotator))
	if ok {
		p.load(ctx)
	}
}

// load asks the server for the project and, for those who may list them,
// its members.
func (p *ProjectPage) load(ctx app.Context) {
	access, id := p.access, p.id
	p.send(ctx, "", func() (func(app.Context), error) {
		pr, err := apiClient.Project(context.Background(), id)
		if err != nil {
			return nil, err
		}
		access.Role, access.SeeEachOther = pr.Role, pr.AnnotatorsSeeEachOther
		var members []api.Member
		if access.CanListMembers() {
			members, err = apiClient.Members(context.Background(), id)
		}
		return func(app.Context) {
			if p.id != id {
				return // the user picked another project meanwhile
			}
			p.access, p.members, p.loaded = access, members, true
			p.show(pr)
		}, err
	})
}

// show keeps pr as the project the page shows, and its guidelines on the
// device.
func (p *ProjectPage) show(pr api.Project) {
	p.project = pr
	keepGuidelines(pr)
	see := ""
	if pr.AnnotatorsSeeEachOther {
		see = "on"
	}
	p.values.set("project-name", pr.Name)
	p.values.set("project-guidelines", pr.Guidelines)
	p.values.set("project-see", see)
	on := func(off bool) string {
		if off {
			return ""
		}
		return "on"
	}
	p.values.set("suggest-same", on(pr.Suggest.SameStringOff))
	p.values.set("suggest-quotes", on(pr.Suggest.QuotesOff))
	p.values.set("suggest-tagger", on(pr.Suggest.TaggerOff))
	threshold := ""
	if pr.Suggest.Threshold != 0 {
		threshold = strconv.FormatFloat(pr.Suggest.Threshold, 'f', -1, 64)
	}
	p.values.set("suggest-threshold", threshold)
	p.values.set("suggest-cues", strings.Join(pr.Suggest.Cues, "\n"))
}

// suggestSettings reads the form's suggestion settings; problems says what
// is wrong with them.
func (p *ProjectPage) suggestSettings(problems fieldProblems) api.SuggestSettings {
	st := api.SuggestSettings{
		SameStringOff: p.values["suggest-same"] == "",
		QuotesOff:     p.values["suggest-quotes"] == "",
		TaggerOff:     p.values["suggest-tagger"] == "",
	}
	if t := strings.TrimSpace(p.values["suggest-threshold"]); t != "" {
		v, err := strconv.ParseFloat(strings.Replace(t, ",", ".", 1), 64)
		if err != nil || v < 0 || v > 1 {
			problems["suggest-threshold"] = "Write a number from 0 to 1, such as 0.5, or leave it empty."
		}
		st.Threshold = v
	}
	for _, line := range strings.Split(p.values["suggest-cues"], "\n") {
		if cue := strings.TrimSpace(line); cue != "" {
			st.Cues = append(st.Cues, cue)
		}
	}
	if err := st.Validate(); err != nil && problems["suggest-threshold"] == "" {
		problems["suggest-cues"] = err.Error()
	}
	return st
}

// send is the account page's send, for this page.
func (p *ProjectPage) send(ctx app.Context, form string, call func() (func(app.Context), error)) {
	sendForm(ctx, &p.busy, p.problems, &p.signIn, form, call)
}

// save checks the settings with the project rules and asks the server.
func (p *ProjectPage) save(ctx app.Context) {
	p.saved = false
	name := annotations.NormalizeLine(p.values["project-name"])
	guidelines := p.values["project-guidelines"]
	see := p.values["project-see"] != ""
	problems := fieldProblems{}
	problems.setFrom("project-name", "Name", annotations.ValidateProjectName(name))
	problems.setFrom("project-guidelines", "Guidelines", annotations.ValidateGuidelines(guidelines))
	suggest := p.suggestSettings(problems)
	if p.problems["project"] = problems; len(problems) > 0 {
		return
	}
	patch := api.ProjectPatch{Name: &name, Guidelines: &guidelines, AnnotatorsSeeEachOther: &see, Suggest: &suggest}
	p.send(ctx, "project", func() (func(app.Context), error) {
		pr, err := apiClient.UpdateProject(context.Background(), p.id, patch)
		return func(app.Context) {
			p.show(pr)
			p.saved = true
		}, err
	})
}

// setMember gives login role (adding them when they are not a member),
// then reads the members again.
func (p *ProjectPage) setMember(ctx app.Context, form, login string, role api.Role) {
	p.send(ctx, form, func() (func(app.Context), error) {
		_, err := apiClient.SetMember(context.Background(), p.id, login, role)
		return func(ctx app.Context) {
			if form == "member" {
				p.values.set("member-login", "")
			}
			p.load(ctx)
		}, err
	})
}

// addMember checks the login and adds the member.
func (p *ProjectPage) addMember(ctx app.Context) {
	login := annotations.NormalizeLogin(p.values["member-login"])
	problems := fieldProblems{}
	problems.setFrom("member-login", "Login", annotations.ValidateLogin(login))
	if p.problems["member"] = problems; len(problems) == 0 {
		p.setMember(ctx, "member", login, api.Role(p.values["member-role"]))
	}
}

// remove takes login, which the user confirmed, out of the project.
func (p *ProjectPage) remove(ctx app.Context, login string) {
	p.send(ctx, "members", func() (func(app.Context), error) {
		err := apiClient.RemoveMember(context.Background(), p.id, login)
		return func(ctx app.Context) {
			p.removing = ""
			p.load(ctx)
		}, err
	})
}

// create checks the new project's name and ID with the project rules, asks
// the server to make it, reads the user's projects again (the new one is
// theirs to pick) and makes it the project they work in.
func (p *ProjectPage) create(ctx app.Context) {
	p.made = ""
	name := annotations.NormalizeLine(p.values["new-project-name"])
	id := strings.TrimSpace(p.values["new-project-id"])
	problems := fieldProblems{}
	problems.setFrom("new-project-name", "Name", annotations.ValidateProjectName(name))
	if id != "" {
		problems.setFrom("new-project-id", "ID", annotations.ValidateProjectID(id))
	}
	if p.problems["new-project"] = problems; len(problems) > 0 {
		return
	}
	req := api.NewProject{ID: id, Name: name}
	p.send(ctx, "new-project", func() (func(app.Context), error) {
		pr, err := apiClient.CreateProject(context.Background(), req)
		if err != nil {
			return nil, err
		}
		me, err := apiClient.Me(context.Background())
		if err != nil {
			// Made, but the answer to read the projects again was lost:
			// the device learns of it from the answer to the making.
			me, _ = storedMe()
			me.Projects = withProject(me.Projects, pr)
		}
		return func(ctx app.Context) {
			storeMe(me)
			p.values.set("new-project-name", "")
			p.values.set("new-project-id", "")
			p.made = pr.Name + " was made: you work in it now."
			pickProject(ctx, pr.ID)
		}, nil
	})
}

// withProject returns projects with pr among them, added when it is not,
// the projects still by name.
func withProject(projects []api.ProjectRole, pr api.Project) []api.ProjectRole {
	for _, have := range projects {
		if have.ID == pr.ID {
			return projects
		}
	}
	role := pr.Role
	if role == "" {
		role = api.RoleManager // its maker is its manager
	}
	out := append(slices.Clip(projects), api.ProjectRole{ID: pr.ID, Name: pr.Name, Role: role, AnnotatorsSeeEachOther: pr.AnnotatorsSeeEachOther})
	// sort.SliceStable, not slices.SortStableFunc: see library-page.go.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Render shows the page.
func (p *ProjectPage) Render() app.UI {
	title := "Project"
	if p.loaded {
		title += ": " + p.project.Name
	}
	return signedInPage("project", title, p.signedIn, p.sections)
}

// sections shows what the user may see of the project.
func (p *ProjectPage) sections() app.UI {
	waiting := ""
	if !p.loaded {
		waiting = "This page needs the server: it shows the project once the server answers."
	}
	var signIn, settings, members, create app.UI
	if p.signIn {
		signIn = signInButton("project-signin")
	}
	switch {
	case !p.loaded:
	case p.access.CanManage():
		done := ""
		if p.saved {
			done = "Saved."
		}
		settings = section("project-settings", "Settings",
			accountForm("project", "Save", p.busy == "project", projectFields, &p.values, p.problems["project"], p.save,
				textLine("project-saved", "note", done)))
	default:
		settings = section("project-settings", p.project.Name,
			app.Div().ID("project-guidelines").Class("guidelines").Body(guidelinesBody(p.project.Guidelines)...))
	}
	if p.loaded && p.access.CanListMembers() {
		var more func(int) app.UI
		var add app.UI
		if p.access.CanManage() {
			more = p.memberControls
			add = accountForm("member", "Add the member", p.busy == "member", memberFields, &p.values, p.problems["member"], p.addMember)
		}
		members = section("member-section", "Members",
			itemList("member-list", memberRows(p.members), more),
			textLine("members-error", "error", p.problems["members"][""]),
			p.removeConfirm(),
			add,
		)
	}
	if p.access.Admin {
		create = section("new-project-section", "New project",
			textLine("", "note", "You will be its manager, and work in it once it is made."),
			accountForm("new-project", "Create the project", p.busy == "new-project", newProjectFields, &p.values, p.problems["new-project"], p.create,
				textLine("new-project-made", "note", p.made)))
	}
	return app.Div().Body(
		textLine("project-waiting", "note", waiting),
		textLine("project-problem", "error", p.problems[""][""]),
		slot(signIn), slot(settings), slot(members), slot(create),
	)
}

// slot is ui, or an empty hidden placeholder when ui is nil. A section
// that comes or goes (the project's, once the server answers) then leaves
// the sections after it where they are: go-app would otherwise make a
// form after it again, and drop what is dispatched to the form it
// replaced (the answer to creating a project, sent before the project
// page loaded).
func slot(ui app.UI) app.UI {
	if ui == nil {
		return app.Div().Hidden(true)
	}
	return ui
}

// memberControls are member i's role picker and Remove, which asks first.
func (p *ProjectPage) memberControls(i int) app.UI {
	login := p.members[i].User.Login
	return app.Span().Class("member-controls").Body(
		roleSelect("", "Role of "+login, string(p.members[i].Role), login, func(ctx app.Context, e app.Event) {
			p.setMember(ctx, "members", login, api.Role(ctx.JSSrc().Get("value").String()))
		}),
		button("", "remove", "Remove", login, func(app.Context) { p.removing = login }),
	)
}

// removeConfirm asks whether to remove the member the user picked, hidden
// while none waits (it stays in the page, as the account page's revokeConfirm).
func (p *ProjectPage) removeConfirm() app.UI {
	return app.P().ID("remove-confirm").Role("alert").Hidden(p.removing == "").Body(
		app.Text("Remove "+p.removing+" from the project? They can no longer open its sets; their own sets stay. "),
		button("remove-yes", "danger", "Remove", "", func(ctx app.Context) { p.remove(ctx, p.removing) }),
		button("remove-no", "", "Keep them", "", func(app.Context) { p.removing = "" }),
	)
}

// roleSelect picks one of api.Roles, current selected: the select id when
// id is not "", named label for a screen reader when label is not ""; a
// change calls onChange, scoped to scope (app.EventScope).
func roleSelect(id, label, current, scope string, onChange app.EventHandler) app.UI {
	s := app.Select().OnChange(onChange, app.EventScope(scope)).Body(app.Range(api.Roles).Slice(func(i int) app.UI {
		r := string(api.Roles[i])
		return app.Option().Value(r).Selected(r == current).Text(r)
	}))
	if id != "" {
		s = s.ID(id)
	}
	if label != "" {
		s = s.Aria("label", label)
	}
	return s
}
