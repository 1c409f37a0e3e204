package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// withRole makes login a user whose role in the Default project is role
// ("" removes them from it) and returns their client.
func withRole(t *testing.T, e *env, login string, role api.Role) *client {
	t.Helper()
	c := e.as(t, login)
	var err error
	if role == "" {
		err = e.store.RemoveMember(context.Background(), api.DefaultProject, c.user.ID)
	} else {
		err = e.store.SetMember(context.Background(), api.DefaultProject, c.user.ID, role)
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestProjectEndpoints(t *testing.T) {
	e := newEnv(t, server.Options{})
	mia := withRole(t, e, "mia", api.RoleManager)

	// Everyone starts as Default's annotator; Me lists it.
	var me api.Me
	decode(t, e.do(t, "GET", api.PathMe, "", ""), &me)
	if len(me.Projects) != 1 || me.Projects[0].ID != api.DefaultProject || me.Projects[0].Role != api.RoleAnnotator {
		t.Errorf("ann's Me projects = %+v, want Default as annotator", me.Projects)
	}
	var list api.ProjectList
	decode(t, e.do(t, "GET", api.PathProjects, "", ""), &list)
	if len(list.Projects) != 1 || list.Projects[0].Name != "Default" || list.Projects[0].Role != api.RoleAnnotator {
		t.Errorf("ann's projects = %+v", list.Projects)
	}
	// Who is not in it lists nothing, and may not see it.
	oz := withRole(t, e, "oz", "")
	decode(t, oz.do(t, "GET", api.PathProjects, "", ""), &list)
	if len(list.Projects) != 0 {
		t.Errorf("oz's projects = %+v, want none", list.Projects)
	}
	wantError(t, "oz gets Default", oz.do(t, "GET", api.ProjectPath(api.DefaultProject), "", ""), 404, api.CodeNotFound, "no project")
	wantError(t, "a project that does not exist", mia.do(t, "GET", api.ProjectPath("nope"), "", ""), 404, api.CodeNotFound, `no project "nope"`)

	// The manager changes the name (normalized), guidelines and option.
	before := e.snapshot(t)
	r := mia.do(t, "PATCH", api.ProjectPath(api.DefaultProject), "application/json", `{"name":"  Election   desk ","guidelines":"Tag people.\nhttps://example.org/guide","annotators_see_each_other":true}`)
	var p api.Project
	decode(t, r, &p)
	if r.status != 200 || p.Name != "Election desk" || p.Guidelines != "Tag people.\nhttps://example.org/guide" || !p.AnnotatorsSeeEachOther || p.Role != api.RoleManager {
		t.Errorf("PATCH: %d %+v", r.status, p)
	}
	e.unchanged(t, before) // articles and sets are untouched
	for _, tt := range []struct{ name, body, message string }{
		{"empty body", `{}`, `needs "name", "guidelines"`},
		{"empty name", `{"name":"  "}`, "name: is empty"},
		{"long name", `{"name":"` + strings.Repeat("n", 101) + `"}`, "longer than 100"},
		{"long guidelines", `{"guidelines":"` + strings.Repeat("g", annotations.MaxGuidelinesBytes+1) + `"}`, "more than the limit"},
		{"unknown field", `{"title":"x"}`, "unknown field"},
	} {
		wantError(t, "PATCH "+tt.name, mia.do(t, "PATCH", api.ProjectPath(api.DefaultProject), "application/json", tt.body), 400, api.CodeInvalid, tt.message)
	}
	decode(t, e.do(t, "GET", api.ProjectPath(api.DefaultProject), "", ""), &p)
	if p.Name != "Election desk" || p.Role != api.RoleAnnotator {
		t.Errorf("after refused patches, ann sees %+v", p)
	}

	// Members: the manager makes bob a curator, then removes him.
	e.as(t, "bob")
	var m api.Member
	r = mia.do(t, "PUT", api.MemberPath(api.DefaultProject, "BOB"), "application/json", `{"role":"curator"}`)
	decode(t, r, &m)
	if r.status != 200 || m.User.Login != "bob" || m.Role != api.RoleCurator {
		t.Errorf("PUT member: %d %+v", r.status, m)
	}
	wantError(t, "a role that is not one", mia.do(t, "PUT", api.MemberPath(api.DefaultProject, "bob"), "application/json", `{"role":"owner"}`), 400, api.CodeInvalid, `role "owner" is not a role`)
	wantError(t, "a login nobody has", mia.do(t, "PUT", api.MemberPath(api.DefaultProject, "zed"), "application/json", `{"role":"annotator"}`), 404, api.CodeNotFound, `no user has the login "zed"`)
	var members api.MemberList
	decode(t, mia.do(t, "GET", api.MembersPath(api.DefaultProject), "", ""), &members)
	var got []string
	for _, m := range members.Members {
		got = append(got, m.User.Login+":"+string(m.Role))
	}
	if diff := cmp.Diff([]string{"admin:annotator", "ann:annotator", "bob:curator", "mia:manager"}, got); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
	if r := mia.do(t, "DELETE", api.MemberPath(api.DefaultProject, "bob"), "", ""); r.status != 204 {
		t.Errorf("DELETE member: %d %s", r.status, r.body)
	}
	wantError(t, "DELETE a member twice", mia.do(t, "DELETE", api.MemberPath(api.DefaultProject, "bob"), "", ""), 404, api.CodeNotFound, "bob is not a member")
}

// TestRolesReadSets: who may read, push and export the sets of the
// Default project, by role.
func TestRolesReadSets(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	e.pushEach(t, mention(t, a, annLogin, uuidN(1), "PER", 0, 13), mention(t, a, "bob", uuidN(2), "PER", 18, 33))
	cy := withRole(t, e, "cy", api.RoleCurator)
	bob := e.as(t, "bob")

	pullOf := func(c *client, annotator string) response {
		return c.do(t, "GET", api.PathPull+"?annotator="+annotator, "", "")
	}
	if r := pullOf(cy, "bob"); r.status != 200 || !strings.Contains(r.body, uuidN(2)) {
		t.Errorf("a curator's pull of bob's sets: %d %s", r.status, r.body)
	}
	if r := cy.do(t, "GET", api.PathExport+"?annotator=ann,bob", "", ""); r.status != 200 || !strings.Contains(r.body, `"annotator":"ann"`) || !strings.Contains(r.body, `"annotator":"bob"`) {
		t.Errorf("a curator's export of both sets: %d %s", r.status, r.body)
	}
	wantError(t, "an annotator's pull of another's, blind", pullOf(bob, annLogin), 403, api.CodeForbidden, `may not use the annotation sets of "ann"`)
	see := true
	if _, err := e.store.UpdateProject(context.Background(), api.DefaultProject, api.ProjectPatch{AnnotatorsSeeEachOther: &see}); err != nil {
		t.Fatal(err)
	}
	if r := pullOf(bob, annLogin); r.status != 200 || !strings.Contains(r.body, uuidN(1)) {
		t.Errorf("an annotator's pull of another's when they see each other: %d %s", r.status, r.body)
	}

	// Who is removed from the project may not push, pull or export.
	before := e.snapshot(t)
	withRole(t, e, "bob", "")
	_, got := bob.push(t, mention(t, a, "bob", uuidN(3), "LOC", 37, 42))
	if len(got.Results) != 1 || got.Results[0].Error == nil || got.Results[0].Error.Code != api.CodeForbidden || !strings.Contains(got.Results[0].Error.Message, "not a member") {
		t.Errorf("a push of who is not a member: %+v", got)
	}
	wantError(t, "a pull of who is not a member", pullOf(bob, "bob"), 403, api.CodeForbidden, "")
	wantError(t, "an export of who is not a member", bob.do(t, "GET", api.PathExport, "", ""), 403, api.CodeForbidden, "not a member")
	e.unchanged(t, before)
}
