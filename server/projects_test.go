package server_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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
	wantError(t, "a role that is not one", mia.do(t, "PUT", api.MemberPath(api.DefaultProject, "bob"), "application/json", `{"role":"owner"}`), 400, api.CodeInvalid, `role "owner" is not a role: manager, curator or annotator`)
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

// inProject returns r, a first revision, made in the project id instead.
func inProject(t *testing.T, r annotations.Revision, id string) annotations.Revision {
	t.Helper()
	r.Project = id
	r.ID = r.ComputeID()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCreateProject(t *testing.T) {
	e := newEnv(t, server.Options{})
	admin := e.admin(t)
	r := admin.do(t, "POST", api.PathProjects, "application/json", `{"name":"  Climate   desk ","guidelines":"Tag people."}`)
	var p api.Project
	decode(t, r, &p)
	if r.status != 201 || p.ID != "climate-desk" || p.Name != "Climate desk" || p.Guidelines != "Tag people." || p.Role != api.RoleManager {
		t.Errorf("POST project: %d %+v", r.status, p)
	}
	var me api.Me
	decode(t, admin.do(t, "GET", api.PathMe, "", ""), &me)
	var roles []string
	for _, pr := range me.Projects {
		roles = append(roles, pr.ID+":"+string(pr.Role))
	}
	if diff := cmp.Diff([]string{"climate-desk:manager", "default:annotator"}, roles); diff != "" {
		t.Errorf("the admin's projects after creating one (-want +got):\n%s", diff)
	}
	if r := admin.do(t, "POST", api.PathProjects, "application/json", `{"id":"health","name":"Health"}`); r.status != 201 {
		t.Errorf("POST a project with its ID: %d %s", r.status, r.body)
	}
	// Bidi overrides and isolates, which would reorder the name as others
	// see it, are dropped (annotations.NormalizeShownLine); right-to-left
	// letters and the direction marks stay.
	r = admin.do(t, "POST", api.PathProjects, "application/json", `{"id":"rtl","name":"\u202Eksed \u200fأخبار\u2066"}`)
	decode(t, r, &p)
	if r.status != 201 || p.Name != "ksed \u200fأخبار" {
		t.Errorf("POST a project named with bidi controls: %d %q, want 201 and the name without them", r.status, p.Name)
	}

	before := e.snapshot(t)
	for _, tt := range []struct {
		name, body string
		status     int
		message    string
	}{
		{"the ID taken", `{"id":"health","name":"Health 2"}`, 409, `another project has the ID "health"`},
		{"a derived ID taken", `{"name":"Health"}`, 409, `another project has the ID "health"`},
		{"the name taken", `{"id":"health-2","name":"HEALTH"}`, 409, `another project is named "HEALTH"`},
		{"Default's ID", `{"id":"default","name":"Another"}`, 409, `another project has the ID "default"`},
		{"a bad ID", `{"id":"Health_2","name":"Health 2"}`, 400, "not a project ID"},
		{"no name", `{"id":"x"}`, 400, "name: is empty"},
		{"long guidelines", `{"name":"G","guidelines":"` + strings.Repeat("g", annotations.MaxGuidelinesBytes+1) + `"}`, 400, "more than the limit"},
		{"unknown field", `{"name":"T","title":"x"}`, 400, "unknown field"},
	} {
		code := api.CodeInvalid
		if tt.status == 409 {
			code = api.CodeConflict
		}
		wantError(t, tt.name, admin.do(t, "POST", api.PathProjects, "application/json", tt.body), tt.status, code, tt.message)
	}
	var list api.ProjectList
	decode(t, admin.do(t, "GET", api.PathProjects, "", ""), &list)
	if len(list.Projects) != 4 {
		t.Errorf("after refused creations, the projects are %+v", list.Projects)
	}
	e.unchanged(t, before)
}

// TestProjectSets: the same article in two projects is two sets; pushes,
// pulls, exports and imports keep to the projects the user is in.
func TestProjectSets(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	admin, ann := climateWithAnn(t, e, a)
	mia := withRole(t, e, "mia", api.RoleManager) // Default's manager, not in climate
	bob := e.as(t, "bob")                         // Default's annotator, not in climate

	plain := mention(t, a, annLogin, uuidN(1), "PER", 0, 13)
	climate := inProject(t, plain, "climate")
	if _, got := ann.push(t, plain, climate); len(got.Results) != 2 || got.Results[0].Status != string(api.StatusApplied) || got.Results[1].Status != string(api.StatusApplied) {
		t.Fatalf("ann's push into both projects: %+v", got)
	}

	// Who is not in a project has each of their revisions there refused,
	// and the rest stored.
	bobs := mention(t, a, "bob", uuidN(2), "PER", 18, 33)
	_, got := bob.push(t, inProject(t, bobs, "climate"), bobs, inProject(t, bobs, "nope"))
	if len(got.Results) != 3 || got.Results[0].Error == nil || got.Results[0].Error.Code != api.CodeForbidden ||
		!strings.Contains(got.Results[0].Error.Message, `not a member of a project "climate"`) ||
		got.Results[1].Status != string(api.StatusApplied) ||
		got.Results[2].Error == nil || !strings.Contains(got.Results[2].Error.Message, `project "nope"`) {
		t.Errorf("bob's push into climate, Default and a project that does not exist: %+v", got)
	}

	pulled := func(c *client, query string) []string {
		t.Helper()
		var page api.PullResponse
		r := c.do(t, "GET", api.PathPull+query, "", "")
		if r.status != 200 {
			t.Fatalf("pull%s: %d %s", query, r.status, r.body)
		}
		decode(t, r, &page)
		var out []string
		for _, rev := range page.Revisions {
			out = append(out, annotations.ProjectOrDefault(rev.Project)+":"+rev.Annotator)
		}
		return out
	}
	for _, tt := range []struct {
		name  string
		c     *client
		query string
		want  []string
	}{
		{"ann's own, every project", ann, "", []string{"default:ann", "climate:ann"}},
		{"ann's own in climate", ann, "?project=climate", []string{"climate:ann"}},
		{"ann's own in Default", ann, "?project=default", []string{"default:ann"}},
		{"the manager of Default, ann's", mia, "?annotator=ann", []string{"default:ann"}},
		{"the admin, ann's", admin, "?annotator=ann", []string{"default:ann", "climate:ann"}},
	} {
		if diff := cmp.Diff(tt.want, pulled(tt.c, tt.query)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	wantError(t, "Default's manager names climate", mia.do(t, "GET", api.PathPull+"?annotator=ann&project=climate", "", ""), 404, api.CodeNotFound, `no project "climate"`)
	wantError(t, "a bad project ID", ann.do(t, "GET", api.PathPull+"?project=Climate", "", ""), 400, api.CodeInvalid, "not a project ID")

	// Exports are of one project, Default when none is named.
	r := ann.do(t, "GET", api.PathExport+"?project=climate", "", "")
	if r.status != 200 || strings.Count(r.body, "\n") != 1 || !strings.Contains(r.body, `"project":"climate"`) {
		t.Errorf("ann's export of climate: %d %s", r.status, r.body)
	}
	r = ann.do(t, "GET", api.PathExport, "", "")
	if r.status != 200 || strings.Count(r.body, "\n") != 1 || strings.Contains(r.body, `"project"`) {
		t.Errorf("ann's export of Default: %d %s", r.status, r.body)
	}
	wantError(t, "bob's export of climate", bob.do(t, "GET", api.PathExport+"?project=climate", "", ""), 403, api.CodeForbidden, `not a member of a project "climate"`)

	// An import lands in the project it names; an annotator's may not
	// bring sets of articles off the project's list, as her push may not
	// (TestImportUnlistedArticles), a manager's (an admin's) puts them on
	// it.
	paris := `{"text":"Paris in spring.","label":[[0,5,"LOC"]]}` + "\n"
	before := e.snapshot(t)
	wantError(t, "ann's import into climate of an article off its list", ann.importFile(t, "format=doccano&annotator=ann&project=climate", "text/plain", paris), 403, api.CodeForbidden, annotations.ArticleID("Paris in spring.")+` is not on the list of the project "climate"`)
	e.unchanged(t, before)
	listed := func() int {
		t.Helper()
		var list api.ArticleList
		decode(t, admin.do(t, "GET", api.PathArticles+"?project=climate", "", ""), &list)
		return len(list.Articles)
	}
	admin.imported(t, "format=doccano&annotator=ann&project=climate", "text/plain", `{"text":"Lyon in spring.","label":[[0,4,"LOC"]]}`+"\n", 201)
	if n := listed(); n != 2 {
		t.Errorf("after an admin's import, climate lists %d articles, want the imported one too", n)
	}
	if got := pulled(ann, "?project=climate"); len(got) != 2 || got[1] != "climate:ann" {
		t.Errorf("after the admin's import into climate, its pull is %v", got)
	}
	// A set exported from Default and imported into climate is climate's
	// too: what Default's set holds is no reason to leave it out.
	if _, got := ann.push(t, mention(t, a, annLogin, uuidN(4), "LOC", 37, 42)); len(got.Results) != 1 || got.Results[0].Status != string(api.StatusApplied) {
		t.Fatalf("ann's push of a mention into Default: %+v", got)
	}
	fromDefault := ann.do(t, "GET", api.PathExport, "", "")
	copied := ann.imported(t, "format=jsonl&annotator=ann&project=climate", "application/x-ndjson", fromDefault.body, 201)
	if copied.RevisionsApplied != 1 || copied.RevisionsDuplicate != 1 || copied.NotMembers == nil || len(copied.NotMembers) != 0 {
		t.Errorf("Default's set imported into climate: %+v, want the mention only Default had stored in climate, the one both have a duplicate", copied)
	}
	before = e.snapshot(t)
	wantError(t, "bob's import into climate", bob.importFile(t, "format=doccano&annotator=bob&project=climate", "text/plain", `{"text":"Rome.","label":[[0,4,"LOC"]]}`+"\n"), 403, api.CodeForbidden, `not a member of a project "climate"`)
	e.unchanged(t, before)

	// A project that does not exist holds no sets: an admin, who has a
	// manager's rights in every project, is told so (404); anyone else
	// is told they are not a member (403), as of a project that exists.
	before = e.snapshot(t)
	wantError(t, "the admin's import into nope", admin.importFile(t, "format=doccano&annotator=ann&project=nope", "text/plain", `{"text":"Rome.","label":[[0,4,"LOC"]]}`+"\n"), 404, api.CodeNotFound, `no project "nope"`)
	wantError(t, "the admin's import into nope, annotators from the file", admin.importFile(t, "format=jsonl&project=nope", "application/x-ndjson", "{}\n"), 404, api.CodeNotFound, `no project "nope"`)
	wantError(t, "the admin's export of nope", admin.do(t, "GET", api.PathExport+"?project=nope", "", ""), 404, api.CodeNotFound, `no project "nope"`)
	wantError(t, "bob's export of nope", bob.do(t, "GET", api.PathExport+"?project=nope", "", ""), 403, api.CodeForbidden, `not a member of a project "nope"`)
	e.unchanged(t, before)
	gold := mention(t, a, annotations.GoldAnnotator, uuidN(3), "PER", 0, 13)
	_, got = admin.push(t, inProject(t, gold, "nope"), inProject(t, gold, "climate"))
	if len(got.Results) != 2 || got.Results[0].Error == nil || got.Results[0].Error.Code != api.CodeNotFound ||
		!strings.Contains(got.Results[0].Error.Message, `no project "nope"`) || got.Results[1].Status != string(api.StatusApplied) {
		t.Errorf("the admin's push of gold into nope and climate: %+v", got)
	}
	sets, err := e.store.Sets(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var gotSets []string
	for _, k := range sets {
		gotSets = append(gotSets, annotations.ProjectOrDefault(k.Project)+":"+k.Annotator)
	}
	slices.Sort(gotSets)
	if want := []string{"climate:ann", "climate:gold", "default:ann", "default:bob"}; !slices.Equal(gotSets, want) {
		t.Errorf("the article's sets after the push: %v, want %v", gotSets, want)
	}
}

// TestProjectSchemaSync: a project's managers set its schema, which every
// member pulls and every set of the project uses; annotators may not.
func TestProjectSchemaSync(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	mia := withRole(t, e, "mia", api.RoleManager)
	ann := e.as(t, annLogin)
	oz := withRole(t, e, "oz", "")

	withCrime := annotations.DefaultSchema()
	withCrime.EntityLabels = append(withCrime.EntityLabels, annotations.Label{Name: "CRIME", Key: "5"})
	schema, err := annotations.NewSchemaRevision("", annotations.ProjectKey(""), withCrime)
	if err != nil {
		t.Fatal(err)
	}
	before := e.snapshot(t)
	for _, c := range []struct {
		name    string
		c       *client
		message string
	}{
		{"an annotator", ann, "only the managers"},
		{"who is not a member", oz, "not a member"},
	} {
		if _, got := c.c.push(t, schema); len(got.Results) != 1 || got.Results[0].Error == nil || got.Results[0].Error.Code != api.CodeForbidden || !strings.Contains(got.Results[0].Error.Message, c.message) {
			t.Errorf("%s pushes the project's schema: %+v", c.name, got)
		}
	}
	e.unchanged(t, before)
	if _, got := mia.push(t, schema); len(got.Results) != 1 || got.Results[0].Status != string(api.StatusApplied) {
		t.Fatalf("the manager pushes the project's schema: %+v", got)
	}
	// ann pulls it with her own revisions, and may now tag CRIME.
	crime := mention(t, a, annLogin, uuidN(1), "CRIME", 0, 13)
	if _, got := ann.push(t, crime); len(got.Results) != 1 || got.Results[0].Status != string(api.StatusApplied) {
		t.Fatalf("ann tags CRIME: %+v", got)
	}
	var page api.PullResponse
	decode(t, ann.do(t, "GET", api.PathPull, "", ""), &page)
	if len(page.Revisions) != 2 || page.Revisions[0].ID != schema.ID || page.Revisions[1].ID != crime.ID {
		t.Errorf("ann's pull: %+v; want the project's schema and her mention", page.Revisions)
	}
	// Exports use it, and list no set for it.
	r := mia.do(t, "GET", api.PathExport, "", "")
	if r.status != 200 || strings.Count(r.body, "\n") != 1 || !strings.Contains(r.body, `"label":"CRIME"`) {
		t.Errorf("the export: %d %s", r.status, r.body)
	}
}

// TestPullAfterJoining: a device's cursor made before its user joined a
// project has passed that project's schema; the next pull starts over, so
// it arrives.
func TestPullAfterJoining(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	admin := e.admin(t)
	ann := e.as(t, annLogin)
	if _, got := ann.push(t, mention(t, a, annLogin, uuidN(1), "PER", 0, 13)); got.Results[0].Status != string(api.StatusApplied) {
		t.Fatalf("ann's mention: %+v", got)
	}
	if r := admin.do(t, "POST", api.PathProjects, "application/json", `{"id":"climate","name":"Climate"}`); r.status != 201 {
		t.Fatalf("create climate: %d %s", r.status, r.body)
	}
	schema, err := annotations.NewSchemaRevision("", annotations.ProjectKey("climate"), annotations.DefaultSchema())
	if err != nil {
		t.Fatal(err)
	}
	if _, got := admin.push(t, schema); got.Results[0].Status != string(api.StatusApplied) {
		t.Fatalf("climate's schema: %+v", got)
	}
	pull := func(since string) api.PullResponse {
		t.Helper()
		var page api.PullResponse
		r := ann.do(t, "GET", api.PathPull+"?since="+since, "", "")
		if r.status != 200 {
			t.Fatalf("pull since %q: %d %s", since, r.status, r.body)
		}
		decode(t, r, &page)
		return page
	}
	first := pull("")
	if len(first.Revisions) != 1 {
		t.Fatalf("ann's first pull: %+v; want her mention alone", first.Revisions)
	}
	if again := pull(first.Cursor); len(again.Revisions) != 0 || again.Cursor != first.Cursor {
		t.Errorf("a pull from ann's cursor: %+v, cursor %s; want nothing new", again.Revisions, again.Cursor)
	}
	if r := admin.do(t, "PUT", api.MemberPath("climate", annLogin), "application/json", `{"role":"annotator"}`); r.status != 200 {
		t.Fatalf("add ann to climate: %d %s", r.status, r.body)
	}
	after := pull(first.Cursor)
	if len(after.Revisions) != 2 || after.Revisions[1].ID != schema.ID || after.Cursor == first.Cursor {
		t.Errorf("ann's pull after joining: %+v, cursor %s; want everything again, climate's schema included", after.Revisions, after.Cursor)
	}
	if again := pull(after.Cursor); len(again.Revisions) != 0 {
		t.Errorf("a pull from the new cursor: %+v; want nothing new", again.Revisions)
	}
	// A cursor of another history (a restored database) is unknown, whatever
	// its access version: the device must send again what it holds.
	other := api.Cursor{Seq: 1, Chain: "0123456789abcdef0123456789abcdef", Access: 7}
	wantError(t, "a cursor of another history", ann.do(t, "GET", api.PathPull+"?since="+other.String(), "", ""), 410, api.CodeCursorUnknown, "")
}

// TestProjectArticles: a project lists the articles its managers add;
// Default lists every article.
func TestProjectArticles(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "Merkel", merkelText)
	b := e.putArticle(t, "Other", "Another article.")
	admin := e.admin(t)
	if r := admin.do(t, "POST", api.PathProjects, "application/json", `{"id":"climate","name":"Climate"}`); r.status != 201 {
		t.Fatalf("create climate: %d %s", r.status, r.body)
	}
	ann := e.as(t, annLogin)
	if r := admin.do(t, "PUT", api.MemberPath("climate", annLogin), "application/json", `{"role":"annotator"}`); r.status != 200 {
		t.Fatalf("add ann: %d %s", r.status, r.body)
	}
	listed := func(c *client, query string) []string {
		t.Helper()
		var list api.ArticleList
		r := c.do(t, "GET", api.PathArticles+query, "", "")
		if r.status != 200 {
			t.Fatalf("GET articles%s: %d %s", query, r.status, r.body)
		}
		decode(t, r, &list)
		var ids []string
		for _, a := range list.Articles {
			ids = append(ids, a.Title)
		}
		return ids
	}
	if got := listed(ann, "?project=climate"); len(got) != 0 {
		t.Errorf("a new project's articles: %v", got)
	}
	for _, id := range []string{a.ID, a.ID} { // twice: the second changes nothing
		if r := admin.do(t, "PUT", api.ProjectArticlePath("climate", id), "", ""); r.status != 204 {
			t.Errorf("PUT article: %d %s", r.status, r.body)
		}
	}
	if diff := cmp.Diff([]string{"Merkel"}, listed(ann, "?project=climate")); diff != "" {
		t.Errorf("climate's articles (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Other", "Merkel"}, listed(ann, "?project=default")); diff != "" {
		t.Errorf("Default's articles (-want +got):\n%s", diff)
	}
	before := e.snapshot(t)
	wantError(t, "an annotator adds one", ann.do(t, "PUT", api.ProjectArticlePath("climate", b.ID), "", ""), 403, api.CodeForbidden, "only the project's managers")
	wantError(t, "Default's list", admin.do(t, "PUT", api.ProjectArticlePath("default", b.ID), "", ""), 409, api.CodeConflict, "every article")
	wantError(t, "an article that does not exist", admin.do(t, "PUT", api.ProjectArticlePath("climate", strings.Repeat("0", 32)), "", ""), 404, api.CodeNotFound, "no article")
	wantError(t, "a bad article id", admin.do(t, "PUT", api.ProjectArticlePath("climate", "nope"), "", ""), 400, api.CodeInvalid, "not an article id")
	wantError(t, "a project ann is not in", withRole(t, e, "oz", "").do(t, "GET", api.PathArticles+"?project=climate", "", ""), 404, api.CodeNotFound, `no project "climate"`)
	wantError(t, "an unknown parameter", ann.do(t, "GET", api.PathArticles+"?projects=climate", "", ""), 400, api.CodeInvalid, `"projects" is not a parameter`)
	e.unchanged(t, before)
	if r := admin.do(t, "DELETE", api.ProjectArticlePath("climate", a.ID), "", ""); r.status != 204 {
		t.Errorf("DELETE article: %d %s", r.status, r.body)
	}
	wantError(t, "DELETE twice", admin.do(t, "DELETE", api.ProjectArticlePath("climate", a.ID), "", ""), 404, api.CodeNotFound, "no article")
	if got := listed(ann, "?project=climate"); len(got) != 0 {
		t.Errorf("after DELETE, climate's articles: %v", got)
	}
}

// TestProjectSuggestSettings: the project's managers set its suggestion
// settings (cues normalized), which every member reads with the project;
// settings that are not valid are a 400 naming the problem, and change
// nothing.
func TestProjectSuggestSettings(t *testing.T) {
	e := newEnv(t, server.Options{})
	mia := withRole(t, e, "mia", api.RoleManager)
	ann := e.as(t, annLogin)
	oz := withRole(t, e, "oz", "")
	path := api.ProjectPath(api.DefaultProject)
	patch := func(c *client, body string) response {
		t.Helper()
		return c.do(t, "PATCH", path, "application/json", body)
	}
	read := func(c *client) api.SuggestSettings {
		t.Helper()
		var p api.Project
		decode(t, c.do(t, "GET", path, "", ""), &p)
		return p.Suggest
	}
	if got := read(ann); !cmp.Equal(got, api.SuggestSettings{}) {
		t.Errorf("a new project's settings: %+v, want the zero value", got)
	}
	manyCues := make([]string, 0, 201)
	for i := range 200 {
		manyCues = append(manyCues, fmt.Sprintf("cue %d", i))
	}
	for _, tt := range []struct {
		name, body string
		want       api.SuggestSettings
	}{
		{"sources and threshold", `{"suggest":{"tagger_off":true,"same_string_off":true,"threshold":0.7}}`,
			api.SuggestSettings{TaggerOff: true, SameStringOff: true, Threshold: 0.7}},
		{"cues trimmed, lower-cased, deduplicated, in order", `{"suggest":{"quotes_off":false,"cues":["  Said ","STATED","said","According   to","stated"]}}`,
			api.SuggestSettings{Cues: []string{"said", "stated", "according to"}}},
		{"200 cues once duplicates are dropped", jsonBody(t, api.ProjectPatch{Suggest: &api.SuggestSettings{Cues: append(manyCues, "CUE 0")}}),
			api.SuggestSettings{Cues: manyCues}},
		{"another field keeps them", `{"guidelines":"Tag people."}`, api.SuggestSettings{Cues: manyCues}},
		{"the zero value: the defaults again", `{"suggest":{"cues":[]}}`, api.SuggestSettings{}},
		{"a threshold of 1", `{"suggest":{"threshold":1,"quotes_off":true}}`, api.SuggestSettings{Threshold: 1, QuotesOff: true}},
	} {
		r := patch(mia, tt.body)
		var p api.Project
		decode(t, r, &p)
		if r.status != 200 || !cmp.Equal(p.Suggest, tt.want, cmpopts.EquateEmpty()) {
			t.Errorf("%s: PATCH %d, settings %+v, want %+v", tt.name, r.status, p.Suggest, tt.want)
		}
		if got := read(ann); !cmp.Equal(got, tt.want, cmpopts.EquateEmpty()) {
			t.Errorf("%s: an annotator reads %+v", tt.name, got)
		}
		var list api.ProjectList
		decode(t, ann.do(t, "GET", api.PathProjects, "", ""), &list)
		if len(list.Projects) != 1 || !cmp.Equal(list.Projects[0].Suggest, tt.want, cmpopts.EquateEmpty()) {
			t.Errorf("%s: the list has %+v", tt.name, list.Projects)
		}
	}

	before := read(mia)
	for _, tt := range []struct {
		name    string
		c       *client
		body    string
		status  int
		code    string
		message string
	}{
		{"a threshold above 1", mia, `{"suggest":{"threshold":1.5}}`, 400, api.CodeInvalid, "suggest: the suggestions' threshold must be between 0 and 1, not 1.5"},
		{"a negative threshold", mia, `{"suggest":{"threshold":-0.1}}`, 400, api.CodeInvalid, "threshold must be between 0 and 1"},
		{"an empty cue", mia, `{"suggest":{"cues":["said","  "]}}`, 400, api.CodeInvalid, `the cue word "" must have 1 to 40 characters`},
		{"a long cue", mia, `{"suggest":{"cues":["` + strings.Repeat("x", 41) + `"]}}`, 400, api.CodeInvalid, "must have 1 to 40 characters"},
		{"201 cues", mia, jsonBody(t, api.ProjectPatch{Suggest: &api.SuggestSettings{Cues: append(manyCues, "one more")}}), 400, api.CodeInvalid, "at most 200 cue words, not 201"},
		{"an unknown setting", mia, `{"suggest":{"ner_off":true}}`, 400, api.CodeInvalid, "unknown field"},
		{"not an object", mia, `{"suggest":true}`, 400, api.CodeInvalid, "not valid JSON"},
		{"an annotator", ann, `{"suggest":{"tagger_off":true}}`, 403, api.CodeForbidden, "only the project's managers"},
		{"who is not a member", oz, `{"suggest":{"tagger_off":true}}`, 404, api.CodeNotFound, "no project"},
	} {
		wantError(t, tt.name, patch(tt.c, tt.body), tt.status, tt.code, tt.message)
	}
	if got := read(mia); !cmp.Equal(got, before) {
		t.Errorf("refused patches changed the settings: %+v, want %+v", got, before)
	}
}

// TestSetSchemaIsTheManagers: outside Default, a set's own schema (which
// would give the set labels its project lacks) is the managers' to push,
// as the project's schema is. Default's sets may have one: the release
// before projects wrote them, and devices may still send some.
func TestSetSchemaIsTheManagers(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "Merkel", merkelText)
	admin, ann := climateWithAnn(t, e, a)
	hack := annotations.DefaultSchema()
	hack.EntityLabels = append(hack.EntityLabels, annotations.Label{Name: "HACK", Color: "#000000"})
	setSchema := func(project, annotator string) annotations.Revision {
		t.Helper()
		r, err := annotations.NewSchemaRevision("", annotations.SetKey{Project: project, ArticleID: a.ID, Annotator: annotator}, hack)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	before := e.snapshot(t)
	_, got := ann.push(t, setSchema("climate", annLogin))
	if r := got.Results[0]; r.Status != string(api.StatusRejected) || r.Error == nil || !strings.Contains(r.Error.Message, `only the managers of the project "climate" change its labels: you (ann) are not one`) {
		t.Errorf("ann's own schema in climate: %+v, want it refused", r)
	}
	e.unchanged(t, before)
	if _, got := ann.push(t, setSchema("", annLogin)); got.Results[0].Status != string(api.StatusApplied) {
		t.Errorf("ann's own schema in Default: %+v, want it applied", got.Results[0])
	}
	if _, got := admin.push(t, setSchema("climate", adminLogin)); got.Results[0].Status != string(api.StatusApplied) {
		t.Errorf("the admin's own schema in climate, which the admin manages: %+v, want it applied", got.Results[0])
	}
}

// TestUnlistedArticleSets: outside Default, a set of an article off the
// project's list is written by its managers (and admins) alone: an
// annotator's or a curator's revision of one is refused, saying why, and
// stores nothing. Taking an article off the list keeps its sets (pulled as
// before) and refuses their next revisions, which the same push stores
// once a manager puts it back, as a device sends its pending edits again.
func TestUnlistedArticleSets(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		in := e.putArticle(t, "In", merkelText)
		out := e.putArticle(t, "Out", "Rex Tillerson said it in Moscow.")
		admin, ann := climateWithAnn(t, e, in)
		for login, role := range map[string]api.Role{"mia": api.RoleManager, "cy": api.RoleCurator} {
			e.as(t, login)
			if r := admin.do(t, "PUT", api.MemberPath("climate", login), "application/json", fmt.Sprintf(`{"role":%q}`, role)); r.status != 200 {
				t.Fatalf("add %s to climate: %d %s", login, r.status, r.body)
			}
		}
		const refusal = `is not on the list of the project "climate"`
		tests := []struct {
			name      string
			c         *client
			a         annotations.Article
			annotator string
			refused   bool
		}{
			{"an annotator, off the list", ann, out, annLogin, true},
			{"a curator's gold set, off the list", e.as(t, "cy"), out, annotations.GoldAnnotator, true},
			{"a manager, off the list", e.as(t, "mia"), out, "mia", false},
			{"an admin, off the list", admin, out, adminLogin, false},
			{"an annotator, on the list", ann, in, annLogin, false},
			{"a curator's gold set, on the list", e.as(t, "cy"), in, annotations.GoldAnnotator, false},
		}
		for i, tt := range tests {
			rev := inProject(t, mention(t, tt.a, tt.annotator, uuidN(i+1), "PER", 0, 5), "climate")
			before := e.snapshot(t)
			r, got := tt.c.push(t, rev)
			res := got.Results[0]
			switch {
			case !tt.refused && res.Status != string(api.StatusApplied):
				t.Errorf("%s: %d %+v, want it applied", tt.name, r.status, res)
			case tt.refused && (r.status != 400 || res.Status != string(api.StatusRejected) || res.Error == nil || res.Error.Code != api.CodeForbidden || !strings.Contains(res.Error.Message, tt.a.ID+" "+refusal)):
				t.Errorf("%s: %d %+v, want it refused as forbidden, naming the article and the list", tt.name, r.status, res)
			case tt.refused:
				e.unchanged(t, before)
			}
		}

		// Off the list, ann's set stays as it is, and her next edit waits.
		if r := admin.do(t, "DELETE", api.ProjectArticlePath("climate", in.ID), "", ""); r.status != 204 {
			t.Fatalf("take In off climate's list: %d %s", r.status, r.body)
		}
		var page api.PullResponse
		decode(t, ann.do(t, "GET", api.PathPull+"?project=climate", "", ""), &page)
		if len(page.Revisions) != 1 || page.Revisions[0].ArticleID != in.ID {
			t.Errorf("ann's pull of climate once In is off its list: %+v, want her mention of it", page.Revisions)
		}
		next := inProject(t, mention(t, in, annLogin, uuidN(9), "LOC", 36, 41), "climate")
		if _, got := ann.push(t, next); got.Results[0].Status != string(api.StatusRejected) {
			t.Errorf("ann's edit of In off the list: %+v, want it refused", got.Results[0])
		}
		if r := admin.do(t, "PUT", api.ProjectArticlePath("climate", in.ID), "", ""); r.status != 204 {
			t.Fatalf("put In back on climate's list: %d %s", r.status, r.body)
		}
		if _, got := ann.push(t, next); got.Results[0].Status != string(api.StatusApplied) {
			t.Errorf("ann's edit of In pushed again once it is back on the list: %+v, want it applied", got.Results[0])
		}

		// GET of the article in the project says whether it is on the list.
		for _, tt := range []struct {
			project string
			a       annotations.Article
			status  int
		}{{"climate", in, 204}, {"climate", out, 404}, {api.DefaultProject, out, 204}} {
			if r := ann.do(t, "GET", api.ProjectArticlePath(tt.project, tt.a.ID), "", ""); r.status != tt.status {
				t.Errorf("GET %s in %s: %d %s, want %d", tt.a.Title, tt.project, r.status, r.body, tt.status)
			}
		}
		wantError(t, "GET an article that does not exist in Default", ann.do(t, "GET", api.ProjectArticlePath(api.DefaultProject, strings.Repeat("0", 32)), "", ""), 404, api.CodeNotFound, "not on the list")
		wantError(t, "GET a bad article id", ann.do(t, "GET", api.ProjectArticlePath("climate", "nope"), "", ""), 400, api.CodeInvalid, "not an article id")
	})
}

// TestImportUnlistedArticles: outside Default, an import by who may not
// annotate an article off the project's list (an annotator, a curator) is
// refused whole when it holds sets of such articles, naming them, and
// stores nothing, as their push of one is refused (listCheck); a
// manager's or an admin's puts the articles on the list, after which an
// annotator's import of them goes through, as it does in Default.
func TestImportUnlistedArticles(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		in := e.putArticle(t, "In", "Paris in spring.")
		admin, ann := climateWithAnn(t, e, in)
		for login, role := range map[string]api.Role{"mia": api.RoleManager, "cy": api.RoleCurator} {
			e.as(t, login)
			if r := admin.do(t, "PUT", api.MemberPath("climate", login), "application/json", fmt.Sprintf(`{"role":%q}`, role)); r.status != 200 {
				t.Fatalf("add %s to climate: %d %s", login, r.status, r.body)
			}
		}
		const lyon, rome = "Lyon in spring.", "Rome in spring."
		var towns []string // more than errNotListed names
		for i := range 22 {
			towns = append(towns, fmt.Sprintf("Town %d is far away.", i))
		}
		ids := func(texts ...string) string {
			out := make([]string, len(texts))
			for i, text := range texts {
				out[i] = annotations.ArticleID(text)
			}
			return strings.Join(out, ", ")
		}
		const refusal = ` not on the list of the project "climate"`
		tests := []struct {
			name    string
			c       *client
			query   string
			texts   []string // each with a mention of its first word
			refusal string   // what the 403 says; "" when imported
		}{
			{"an annotator, two of three off the list", ann, "project=climate&annotator=ann", []string{lyon, in.Text, rome},
				"articles " + ids(lyon, rome) + " are" + refusal},
			{"a curator, off the list", e.as(t, "cy"), "project=climate&annotator=cy", []string{rome},
				"article " + ids(rome) + " is" + refusal},
			{"an annotator, many off the list", ann, "project=climate&annotator=ann", towns,
				"articles " + ids(towns[:20]...) + " and 2 more are" + refusal},
			{"an annotator, on the list", ann, "project=climate&annotator=ann", []string{in.Text}, ""},
			{"an annotator, in Default", ann, "annotator=ann", []string{lyon, rome}, ""},
			{"a manager, off the list", e.as(t, "mia"), "project=climate&annotator=mia", []string{lyon}, ""},
			{"an annotator, once a manager's import listed it", ann, "project=climate&annotator=ann", []string{lyon}, ""},
			{"an admin, off the list", admin, "project=climate&annotator=ann", []string{rome}, ""},
		}
		for _, tt := range tests {
			var file strings.Builder
			for _, text := range tt.texts {
				fmt.Fprintf(&file, `{"text":%q,"label":[[0,%d,"LOC"]]}`+"\n", text, strings.Index(text, " "))
			}
			before := e.snapshot(t)
			r := tt.c.importFile(t, "format=doccano&"+tt.query, "text/plain", file.String())
			if tt.refusal != "" {
				wantError(t, tt.name, r, 403, api.CodeForbidden, tt.refusal)
				e.unchanged(t, before)
				continue
			}
			if r.status != 201 {
				t.Errorf("%s: %d %s, want 201", tt.name, r.status, r.body)
			}
			project := api.DefaultProject
			if strings.Contains(tt.query, "project=climate") {
				project = "climate"
			}
			for _, text := range tt.texts {
				if r := ann.do(t, "GET", api.ProjectArticlePath(project, annotations.ArticleID(text)), "", ""); r.status != 204 {
					t.Errorf("%s: %q in %s: %d, want it on the list (204)", tt.name, text, project, r.status)
				}
			}
		}
	})
}
