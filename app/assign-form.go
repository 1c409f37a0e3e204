package app

import (
	"errors"
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

var (
	// autoFields are the automatic assignment's fields (rendered by
	// accountForm: their inputs are account-{name}).
	autoFields = []formField{
		{"auto-annotators", "Annotators (separated by commas)", "text", "off"},
		{"per-article", "Annotators per article", "number", "off"},
		{"shared", "Articles every annotator gets (%)", "number", "off"},
	}
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
	// A problem of annotations.AssignOptions is shown beside its field
	// (named by its JSON field).
	var ve *annotations.ValidationError
	if err := o.Validate(); len(problems) == 0 && errors.As(err, &ve) {
		field := strings.ReplaceAll(ve.Field, "_", "-")
		if strings.HasPrefix(field, "annotator") {
			field = "auto-annotators"
		}
		problems[field] = ve.Error()
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

// saveAssignments gives the articles of changes their annotators: shown at
// once, written to the device through the edit writer, which says when
// the write failed (the library then reads the device again).
func (p *LibraryPage) saveAssignments(ctx app.Context, changes map[string][]string) error {
	if p.projectSet == nil {
		return errors.New("the project's assignments are not read yet: try again in a moment")
	}
	revs, err := assignRevisions(annotations.ProjectField(currentProjectID()), p.projectSet, changes)
	if err == nil {
		err = p.projectSet.Apply(revs...)
	}
	if err != nil {
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

// memberNames returns the annotator names of the project's members, a
// disabled account's marked; when annotating, only those who annotate and
// may be assigned articles (no disabled account).
func (p *LibraryPage) memberNames(annotating bool) string {
	var names []string
	for _, m := range p.members {
		switch {
		case !annotating && m.User.Disabled:
			names = append(names, m.User.Annotator+" (disabled)")
		case !annotating || m.Role == api.RoleAnnotator && !m.User.Disabled:
			names = append(names, m.User.Annotator)
		}
	}
	return strings.Join(names, ", ")
}

// renderAssign is the form that assigns article e, under its entry.
func (p *LibraryPage) renderAssign(e libraryEntry) app.UI {
	return inlineForm("assign", "Annotators of “"+e.Title+"” (separated by commas)", "Logins, separated by commas", "Assign", &p.assignNames, p.assignErr, 2000, func(ctx app.Context) {
		names, err := parseNames(p.assignNames), error(nil)
		if p.members != nil {
			names, err = api.MemberAnnotators(names, p.members)
		}
		if err == nil {
			err = p.saveAssignments(ctx, map[string][]string{e.ID: names})
		}
		if err != nil {
			p.assignErr = err.Error()
			return
		}
		p.assigning = ""
	}, `[data-article-id="`+e.ID+`"] .assign-article`, func(app.Context) { p.assigning = "" })
}

// renderAutoAssign is the automatic assignment's form, or the button that
// opens it, and the names of the project's members, whom a manager
// assigns articles (when the server told them; an empty element for
// anyone else).
func (p *LibraryPage) renderAutoAssign() app.UI {
	var body app.UI = app.Text("")
	members := p.memberNames(false)
	if members != "" {
		members = "Members: " + members
	}
	switch {
	case p.autoAssign:
		body = accountForm("auto-assign", "Assign", false, autoFields, &p.form, p.problems, p.autoAssignSubmit,
			button("", "link", "Cancel", "", func(app.Context) { p.autoAssign = false }))
	case p.manager:
		body = button("auto-assign-open", "link", "Assign automatically…", "", func(app.Context) {
			p.autoAssign, p.assigning, p.problems = true, "", fieldProblems{}
			p.form = formValues{"auto-annotators": p.memberNames(true), "per-article": "2", "shared": "0"}
		})
	}
	return app.Div().ID("auto-assign").Body(body, textLine("assign-members", "note", members))
}

// autoAssignSubmit shares out the project's articles not yet assigned as
// the automatic assignment's form says.
func (p *LibraryPage) autoAssignSubmit(ctx app.Context) {
	o, problems := autoOptions(p.form)
	p.problems = problems
	if len(problems) == 0 && p.members != nil {
		// Members only, as Assign… takes them; no disabled account, nor
		// one counted among an article's annotators.
		var err error
		if o.Annotators, err = api.MemberAnnotators(o.Annotators, p.members); err != nil {
			problems["auto-annotators"] = err.Error()
		}
		o.Disabled = api.DisabledAnnotators(p.members)
	}
	if len(problems) > 0 {
		return
	}
	// The project's articles: every article of the Default project, else
	// those in its list (read from the server).
	var ids []string
	for _, e := range visibleEntries(p.entries, false, "", "") {
		if e.InProject || currentProjectID() == api.DefaultProject {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) == 0 {
		problems[""] = "The project's list of articles is not known: connect to the server, then try again."
		return
	}
	changes := annotations.AutoAssign(ids, p.assigned, o)
	if err := p.saveAssignments(ctx, changes); err != nil {
		problems[""] = err.Error()
		return
	}
	p.autoAssign, p.message = false, formatCount(len(changes), "article")+" assigned."
}

// entryState says where the user's set of e stands (when started, or
// assigned to them) and who is assigned e.
func (p *LibraryPage) entryState(e libraryEntry) string {
	text := ""
	if e.State != "" && e.State != annotations.WorkNotStarted || p.isMine(e) {
		text = stateName(e.State)
	}
	if names := p.assigned[e.ID]; len(names) > 0 {
		if text != "" {
			text += " · "
		}
		text += "assigned to " + strings.Join(names, ", ")
	}
	return text
}
