package app

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// A project's managers assign its articles from the library: one article
// to annotators they name, or every article not assigned yet at once
// (annotations.AutoAssign). An assignment is one of the project's own
// revisions (annotations.NewAssignmentRevision), written on the device
// through the edit writer as the project's labels are, and synced: every
// member pulls it, offline too.

// The fields of the assignment forms (rendered by accountForm: their
// inputs are account-{name}).
var (
	assignFields = []formField{{"annotators", "Annotators (separated by commas)", "text", "off"}}
	autoFields   = []formField{
		{"auto-annotators", "Annotators (separated by commas)", "text", "off"},
		{"per-article", "Annotators per article", "number", "off"},
		{"shared", "Articles every annotator gets (%)", "number", "off"},
	}
	// autoFieldOf names the field of the automatic form where a problem
	// of annotations.AssignOptions (by its JSON field) is shown.
	autoFieldOf = map[string]string{"annotators": "auto-annotators", "annotator": "auto-annotators", "per_article": "per-article", "shared": "shared"}
)

// parseNames returns the annotator names typed in s, separated by commas,
// each normalized, the empty ones left out.
func parseNames(s string) []string {
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = annotations.NormalizeLine(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// autoOptions reads the automatic assignment's form: its options, or the
// problem of each field that is not right.
func autoOptions(v formValues) (annotations.AssignOptions, fieldProblems) {
	problems := fieldProblems{}
	o := annotations.AssignOptions{Annotators: parseNames(v["auto-annotators"])}
	k, err := strconv.Atoi(strings.TrimSpace(v["per-article"]))
	if err != nil {
		problems["per-article"] = "Say how many annotators each article gets: a whole number."
	}
	pct, err := strconv.ParseFloat(strings.TrimSpace(v["shared"]), 64)
	if err != nil {
		problems["shared"] = "Say which share of the articles every annotator gets, from 0 to 100."
	}
	o.PerArticle, o.Shared = k, pct/100
	var ve *annotations.ValidationError
	if err := o.Validate(); len(problems) == 0 && errors.As(err, &ve) {
		problems[autoFieldOf[ve.Field]] = ve.Error()
	}
	return o, problems
}

// setProject keeps the project's own set as read from the device (nil when
// it could not be) and its assignments.
func (p *LibraryPage) setProject(own *annotations.SetState) {
	p.projectSet, p.assigned = own, map[string][]string{}
	if own == nil {
		return
	}
	for _, a := range own.View().Assignments {
		if len(a.Annotators) > 0 {
			p.assigned[a.ArticleID] = a.Annotators
		}
	}
}

// inOrder returns the entries that are not archived, in the library's
// order, that keep says to keep.
func (p *LibraryPage) inOrder(keep func(e libraryEntry) bool) []libraryEntry {
	var out []libraryEntry
	for _, e := range visibleEntries(p.entries, false, "", p.sortBy) {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// myArticles returns the entries assigned to the user.
func (p *LibraryPage) myArticles() []libraryEntry {
	return p.inOrder(func(e libraryEntry) bool { return p.me != "" && slices.Contains(p.assigned[e.ID], p.me) })
}

// saveAssignments gives the articles of changes their annotators: shown at
// once, written to the device through the edit writer, which says when
// the write failed (the library then reads the device again).
func (p *LibraryPage) saveAssignments(ctx app.Context, changes map[string][]string) error {
	if p.projectSet == nil {
		return errors.New("the project's assignments are not read yet: try again in a moment")
	}
	revs, err := assignRevisions(annotations.ProjectField(currentProjectID()), p.projectSet, changes)
	if err != nil {
		return err
	}
	if err := p.projectSet.Apply(revs...); err != nil {
		return err
	}
	p.setProject(p.projectSet)
	w := &editWrite{revs: revs, role: roleEdit, edit: revs, what: "the assignments", done: startLocalWrite()}
	w.failed = func(err error, _ []*editWrite) {
		ctx.NewActionWithValue(actionLibraryChanged, "Could not save "+w.what+": "+err.Error())
	}
	edits.add(w)
	return nil
}

// openAssign opens the form that assigns article id (auto: the automatic
// assignment's, "" for none), filled in with its annotators (auto: every
// member who annotates, two an article, none shared).
func (p *LibraryPage) openAssign(id string, auto bool) {
	p.assigning, p.autoAssign, p.problems = id, auto, fieldProblems{}
	p.form = formValues{"annotators": strings.Join(p.assigned[id], ", "), "per-article": "2", "shared": "0"}
	var names []string
	for _, m := range p.members {
		if m.Role == api.RoleAnnotator {
			names = append(names, m.User.Annotator)
		}
	}
	p.form["auto-annotators"] = strings.Join(names, ", ")
}

// membersLine names the project's members (their annotator names), to
// assign: "" when they are not known (offline).
func (p *LibraryPage) membersLine() app.UI {
	names := make([]string, len(p.members))
	for i, m := range p.members {
		names[i] = m.User.Annotator
	}
	text := ""
	if len(names) > 0 {
		text = "Members: " + strings.Join(names, ", ")
	}
	return textLine("assign-members", "note", text)
}

// renderAssign is the form that assigns article e, under its entry.
func (p *LibraryPage) renderAssign(e libraryEntry) app.UI {
	return accountForm("assign", "Assign", false, assignFields, &p.form, p.problems, func(ctx app.Context) {
		p.problems = fieldProblems{}
		if err := p.saveAssignments(ctx, map[string][]string{e.ID: parseNames(p.form["annotators"])}); err != nil {
			p.problems.setFrom("annotators", "Annotators:", err)
			return
		}
		p.assigning = ""
	}, p.membersLine(), button("", "link", "Cancel", e.ID, func(app.Context) { p.assigning = "" }))
}

// renderAutoAssign is the automatic assignment's form, or the button that
// opens it (for a manager; an empty element otherwise).
func (p *LibraryPage) renderAutoAssign() app.UI {
	if !p.autoAssign {
		return app.Div().ID("auto-assign").Body(app.If(p.manager, func() app.UI {
			return button("auto-assign-open", "link", "Assign automatically…", "", func(app.Context) { p.openAssign("", true) })
		}))
	}
	return app.Div().ID("auto-assign").Body(accountForm("auto-assign", "Assign", false, autoFields, &p.form, p.problems, func(ctx app.Context) {
		o, problems := autoOptions(p.form)
		p.problems = problems
		if len(problems) > 0 {
			return
		}
		// The project's articles: every article of the Default project,
		// else those in its list (read from the server).
		articles := p.inOrder(func(e libraryEntry) bool { return e.InProject || currentProjectID() == api.DefaultProject })
		ids := make([]string, len(articles))
		for i, e := range articles {
			ids[i] = e.ID
		}
		if len(ids) == 0 {
			p.problems[""] = "The project's list of articles is not known: connect to the server, then try again."
			return
		}
		changes := annotations.AutoAssign(ids, p.assigned, o)
		if err := p.saveAssignments(ctx, changes); err != nil {
			p.problems[""] = err.Error()
			return
		}
		p.autoAssign, p.message = false, formatCount(len(changes), "article")+" assigned."
	}, p.membersLine(), button("", "link", "Cancel", "", func(app.Context) { p.autoAssign = false })))
}

// assignButton is the manager's button that assigns the article of e.
func (p *LibraryPage) assignButton(e libraryEntry) app.UI {
	if !p.manager {
		return app.Text("")
	}
	return smallButton("link assign-article", "Assign…", func(ctx app.Context, ev app.Event) { p.openAssign(e.ID, false) }, e.ID).
		Aria("label", "Assign “"+e.Title+"”")
}

// entryState says where the user's set of e stands, when started, and who
// is assigned e.
func (p *LibraryPage) entryState(e libraryEntry) app.UI {
	var parts []string
	if e.State != "" && e.State != annotations.WorkNotStarted {
		parts = append(parts, stateName(e.State))
	}
	if names := p.assigned[e.ID]; len(names) > 0 {
		parts = append(parts, "assigned to "+strings.Join(names, ", "))
	}
	return app.Span().Class("state").DataSet("state", string(e.State)).Hidden(len(parts) == 0).Text(strings.Join(parts, " · "))
}
