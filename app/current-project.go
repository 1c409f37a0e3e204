package app

import (
	"encoding/json"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// projectKeyPrefix starts the localStorage key of the project a user works
// in on this device; the user's login ends it (projectKey). Each user who
// signs in on the device keeps their own.
const projectKeyPrefix = "gloss.project."

// actionProjectChanged is sent when the user picks another project on this
// device (in this tab or another): the pages read that project's sets and
// guidelines.
const actionProjectChanged = "project-changed"

// projectKey is the localStorage key of the project login works in.
func projectKey(login string) string { return projectKeyPrefix + login }

// chooseProject returns the ID of the project to work in, of the user's
// projects: stored (the one they picked last) when it is still one of them;
// else the Default project when it is; else their first. A user with no
// projects (or an api.Me kept by a release before projects) works in the
// Default project.
func chooseProject(stored string, projects []api.ProjectRole) string {
	has := func(id string) bool {
		for _, p := range projects {
			if p.ID == id {
				return true
			}
		}
		return false
	}
	switch {
	case stored != "" && has(stored):
		return stored
	case has(api.DefaultProject) || len(projects) == 0:
		return api.DefaultProject
	default:
		return projects[0].ID
	}
}

// projectLeft reports whether stored, the project the user picked last,
// is one they are no longer a member of (a manager took them out of it),
// of their projects. A user whose api.Me lists no project (one kept by a
// release before projects) left none.
func projectLeft(stored string, projects []api.ProjectRole) bool {
	return stored != "" && len(projects) > 0 && chooseProject(stored, projects) != stored
}

// leftKeyPrefix starts the localStorage key of the project a user was
// taken out of while they worked in it (an api.ProjectRole in JSON), kept
// to name it; the user's login ends it.
const leftKeyPrefix = "gloss.left."

// noteProjectLeft keeps, as me replaces old as the api.Me of this device,
// the project old's user picked when me no longer lists it, so that the
// top bar names it (leftProject): me has no name for it.
func noteProjectLeft(old, me api.Me) {
	login := me.User.Login
	stored := localStorageItem(projectKey(login))
	if old.User.Login != login || !projectLeft(stored, me.Projects) {
		return
	}
	for _, p := range old.Projects {
		if raw, err := json.Marshal(p); p.ID == stored && err == nil {
			app.Window().Get("localStorage").Call("setItem", leftKeyPrefix+login, string(raw))
		}
	}
}

// leftProject returns the project the signed-in user picked and is no
// longer a member of (projectLeft), named as this device last knew it,
// and ok false when there is none.
func leftProject() (left api.ProjectRole, ok bool) {
	me, _ := storedMe()
	stored := localStorageItem(projectKey(me.User.Login))
	if !projectLeft(stored, me.Projects) {
		return left, false
	}
	if json.Unmarshal([]byte(localStorageItem(leftKeyPrefix+me.User.Login)), &left) != nil || left.ID != stored {
		left = api.ProjectRole{ID: stored}
	}
	return left, true
}

// currentProject returns the project the signed-in user works in on this
// device (chooseProject), with their role in it (only its ID when they are
// not a member: nobody is signed in, or their api.Me lists no project),
// and the api.Me kept on the device.
func currentProject() (api.ProjectRole, api.Me) {
	me, _ := storedMe()
	id := chooseProject(localStorageItem(projectKey(me.User.Login)), me.Projects)
	for _, p := range me.Projects {
		if p.ID == id {
			return p, me
		}
	}
	return api.ProjectRole{ID: id}, me
}

// managesCurrentProject reports whether the signed-in user may change the
// project they work in (its labels): its manager, or an admin.
func managesCurrentProject() bool {
	p, me := currentProject()
	return api.Access{Admin: me.User.Admin, Role: p.Role}.CanManage()
}

// currentProjectID returns the ID of the project the signed-in user works
// in on this device.
func currentProjectID() string {
	p, _ := currentProject()
	return p.ID
}

// currentSetKey returns the key of the signed-in user's set on the article
// articleID in the project they work in.
func currentSetKey(articleID string) annotations.SetKey {
	p, me := currentProject()
	return annotations.SetKey{Project: annotations.ProjectField(p.ID), ArticleID: articleID, Annotator: me.User.Annotator}
}

// pickProject makes id the project the signed-in user works in on this
// device, and tells the page.
func pickProject(ctx app.Context, id string) {
	me, ok := storedMe()
	if !ok {
		return
	}
	app.Window().Get("localStorage").Call("setItem", projectKey(me.User.Login), id)
	ctx.NewAction(actionProjectChanged)
}

// StartingProject returns the ID of the project a user of projects works
// in on a device where they have picked none: the one the server renders
// their first page in (FirstPaint).
func StartingProject(projects []api.ProjectRole) string { return chooseProject("", projects) }
