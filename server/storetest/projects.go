package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// ProjectStore is the part of server.Store that keeps projects, their
// members and their articles, with the users and articles they name.
type ProjectStore interface {
	server.Accounts
	server.Projects
	PutArticle(ctx context.Context, a annotations.Article) (annotations.Article, bool, error)
	UpdateArticle(ctx context.Context, id string, patch api.ArticlePatch) (api.ArticleSummary, error)
	ProjectArticles(ctx context.Context, projectID string) ([]api.ArticleSummary, error)
	ProjectHasArticle(ctx context.Context, projectID, articleID string) (bool, error)
	SetProjectArticle(ctx context.Context, projectID, articleID string, in bool) error
}

// Projects runs the project cases on stores open returns, each empty but
// for the Default project.
func Projects(t *testing.T, open func(t *testing.T) ProjectStore) {
	t.Run("Default", func(t *testing.T) { defaultProject(t, open(t)) })
	t.Run("NewUsersJoinDefault", func(t *testing.T) { newUsersJoinDefault(t, open(t)) })
	t.Run("Create", func(t *testing.T) { projectCreated(t, open(t)) })
	t.Run("CreateTaken", func(t *testing.T) { createProjectTaken(t, open(t)) })
	t.Run("ByName", func(t *testing.T) { projectsByName(t, open(t)) })
	t.Run("Members", func(t *testing.T) { projectMembers(t, open(t)) })
	t.Run("Update", func(t *testing.T) { updateProject(t, open(t)) })
	t.Run("Access", func(t *testing.T) { access(t, open(t)) })
	t.Run("Articles", func(t *testing.T) { projectArticles(t, open(t)) })
}

// createProject stores p with manager as its manager, failing the test
// when it is refused.
func createProject(t *testing.T, s ProjectStore, p server.Project, manager string) {
	t.Helper()
	if err := s.CreateProject(context.Background(), p, manager); err != nil {
		t.Fatalf("CreateProject(%s): %v", p.ID, err)
	}
}

// project returns a project to store, made at t0.
func project(id, name string) server.Project {
	return server.Project{ID: id, Name: name, Created: t0}
}

// defaultProject: a new store has the Default project alone, blind
// (annotators do not see each other), with the default suggestion
// settings and no member.
func defaultProject(t *testing.T, s ProjectStore) {
	ctx := context.Background()
	projects, err := s.Projects(ctx)
	if err != nil || len(projects) != 1 {
		t.Fatalf("Projects() of a new store = %+v, %v; want Default alone", projects, err)
	}
	p := projects[0]
	if p.ID != api.DefaultProject || p.Name != "Default" || p.Guidelines != "" || p.AnnotatorsSeeEachOther || p.Created.IsZero() || !cmp.Equal(p.Suggest, api.SuggestSettings{}) {
		t.Errorf("the Default project = %+v; want Default, blind, without guidelines, the zero settings", p)
	}
	if got, err := s.Project(ctx, api.DefaultProject); err != nil || !cmp.Equal(got, p) {
		t.Errorf("Project(Default) = %+v, %v; want %+v", got, err, p)
	}
	if ms, err := s.Members(ctx, api.DefaultProject); err != nil || len(ms) != 0 {
		t.Errorf("Members(Default) of a new store = %+v, %v; want none", ms, err)
	}
}

// newUsersJoinDefault: a user made by CreateUser or UseSetupToken is the
// Default project's annotator, and of no other project.
func newUsersJoinDefault(t *testing.T, s ProjectStore) {
	ctx := context.Background()
	ana := NewUser("ana", "ana", false)
	createUsers(t, s, ana)
	root := NewUser("root", "root", true)
	if err := s.PutSetupToken(ctx, "setup", t0, t0.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.UseSetupToken(ctx, "setup", t0.Add(-time.Hour), root); err != nil {
		t.Fatal(err)
	}
	got, err := s.Members(ctx, api.DefaultProject)
	if err != nil {
		t.Fatal(err)
	}
	want := []server.Member{{User: ana, Role: api.RoleAnnotator}, {User: root, Role: api.RoleAnnotator}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Members(Default) (-want +got):\n%s", diff)
	}
	for _, u := range []server.User{ana, root} {
		if role, err := s.Role(ctx, api.DefaultProject, u.ID); err != nil || role != api.RoleAnnotator {
			t.Errorf("Role(Default, %s) = %q, %v; want annotator", u.Login, role, err)
		}
		if ms, err := s.Memberships(ctx, u.ID); err != nil || len(ms) != 1 || ms[0].Project.ID != api.DefaultProject {
			t.Errorf("Memberships(%s) = %+v, %v; want Default alone", u.Login, ms, err)
		}
	}
	// A refused user joins nothing: its ID is another's.
	if err := s.CreateUser(ctx, server.User{ID: ana.ID, Login: "cy", Annotator: "cy", Created: t0}); !errors.Is(err, server.ErrExists) {
		t.Fatalf("CreateUser(ana's ID) = %v, want ErrExists", err)
	}
	if got, err := s.Members(ctx, api.DefaultProject); err != nil || !cmp.Equal(got, want) {
		t.Errorf("Members(Default) after a refused user = %+v, %v; want %+v", got, err, want)
	}
}

// projectCreated: a new project is stored whole (its time to the
// nanosecond, its settings), with its manager.
func projectCreated(t *testing.T, s ProjectStore) {
	ctx := context.Background()
	ana := NewUser("ana", "ana", false)
	createUsers(t, s, ana)
	want := server.Project{ID: "climate", Name: "Climate", Guidelines: "Tag people.\nSee https://example.org/guide", AnnotatorsSeeEachOther: true,
		Created: t0.Add(123456789 * time.Nanosecond),
		Suggest: api.SuggestSettings{SameStringOff: true, Threshold: 0.7, Cues: []string{"said", "according to"}}}
	createProject(t, s, want, ana.ID)
	got, err := s.Project(ctx, "climate")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Project(climate) (-want +got):\n%s", diff)
	}
	if role, err := s.Role(ctx, "climate", ana.ID); err != nil || role != api.RoleManager {
		t.Errorf("Role(climate, ana) = %q, %v; want manager", role, err)
	}
	ms, err := s.Members(ctx, "climate")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]server.Member{{User: ana, Role: api.RoleManager}}, ms); diff != "" {
		t.Errorf("Members(climate) (-want +got):\n%s", diff)
	}
}

// createProjectTaken: a project whose ID another has is refused with
// ErrProjectIDExists (whatever its name), one whose name another has in
// any case with ErrProjectExists; a refused project stores nothing.
func createProjectTaken(t *testing.T, s ProjectStore) {
	ctx := context.Background()
	ana, bob := NewUser("ana", "ana", false), NewUser("bob", "bob", false)
	createUsers(t, s, ana, bob)
	createProject(t, s, project("climate", "Climate"), ana.ID)
	tests := []struct {
		name string
		p    server.Project
		want error
	}{
		{"the same ID", project("climate", "Weather"), server.ErrProjectIDExists},
		{"the same ID and name", project("climate", "Climate"), server.ErrProjectIDExists},
		{"the Default project's ID", project(api.DefaultProject, "Other"), server.ErrProjectIDExists},
		{"the same name", project("climate-2", "Climate"), server.ErrProjectExists},
		{"the name in other case", project("climate-3", "CLIMATE"), server.ErrProjectExists},
		{"the Default project's name", project("default-2", "default"), server.ErrProjectExists},
	}
	for _, tt := range tests {
		if err := s.CreateProject(ctx, tt.p, bob.ID); !errors.Is(err, tt.want) {
			t.Errorf("CreateProject(%s) = %v, want %v", tt.name, err, tt.want)
		}
	}
	projects, err := s.Projects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range projects {
		ids = append(ids, p.ID)
	}
	if diff := cmp.Diff([]string{"climate", api.DefaultProject}, ids); diff != "" {
		t.Errorf("Projects() after the refused projects (-want +got):\n%s", diff)
	}
	if ms, err := s.Memberships(ctx, bob.ID); err != nil || len(ms) != 1 || ms[0].Project.ID != api.DefaultProject {
		t.Errorf("Memberships(bob), the manager of refused projects = %+v, %v; want Default alone", ms, err)
	}
}

// projectsByName: Projects and Memberships list projects by name
// ignoring case.
func projectsByName(t *testing.T, s ProjectStore) {
	ctx := context.Background()
	ana := NewUser("ana", "ana", false)
	createUsers(t, s, ana)
	for _, p := range []server.Project{project("p1", "gamma"), project("p2", "Beta"), project("p3", "alpha"), project("p4", "Epsilon")} {
		createProject(t, s, p, ana.ID)
	}
	want := []string{"alpha", "Beta", "Default", "Epsilon", "gamma"}
	projects, err := s.Projects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range projects {
		got = append(got, p.Name)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Projects() (-want +got):\n%s", diff)
	}
	ms, err := s.Memberships(ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, m := range ms {
		got = append(got, m.Project.Name)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Memberships(ana) (-want +got):\n%s", diff)
	}
}

// projectMembers: SetMember adds a member or changes their role, RemoveMember
// takes them out; Members lists a project's by login, Memberships a
// user's by project name.
func projectMembers(t *testing.T, s ProjectStore) {
	ctx := context.Background()
	ana, bob, cy := NewUser("ana", "ana", false), NewUser("bob", "bob", false), NewUser("cy", "cy", false)
	createUsers(t, s, cy, bob, ana)
	if err := s.SetMember(ctx, api.DefaultProject, bob.ID, api.RoleManager); err != nil {
		t.Fatal(err)
	}
	if role, err := s.Role(ctx, api.DefaultProject, bob.ID); err != nil || role != api.RoleManager {
		t.Errorf("bob's role after SetMember(manager) = %q, %v", role, err)
	}
	elections := project("p2", "Elections")
	createProject(t, s, elections, cy.ID)
	if err := s.SetMember(ctx, "p2", ana.ID, api.RoleCurator); err != nil {
		t.Fatal(err)
	}
	ms, err := s.Memberships(ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.Project.Name+":"+string(m.Role))
	}
	if diff := cmp.Diff([]string{"Default:annotator", "Elections:curator"}, got); diff != "" {
		t.Errorf("ana's memberships (-want +got):\n%s", diff)
	}
	if len(ms) == 2 && !cmp.Equal(ms[1].Project, elections) {
		t.Errorf("ana's membership of Elections names %+v, want %+v", ms[1].Project, elections)
	}
	members, err := s.Members(ctx, api.DefaultProject)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, m := range members {
		got = append(got, m.User.Login+":"+string(m.Role))
	}
	if diff := cmp.Diff([]string{"ana:annotator", "bob:manager", "cy:annotator"}, got); diff != "" {
		t.Errorf("Default's members (-want +got):\n%s", diff)
	}
	for _, tt := range []struct{ project, user string }{{"nope", ana.ID}, {api.DefaultProject, "nobody"}, {"nope", "nobody"}} {
		if err := s.SetMember(ctx, tt.project, tt.user, api.RoleAnnotator); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("SetMember(%s, %s) = %v, want ErrNotFound", tt.project, tt.user, err)
		}
	}
	for _, tt := range []struct{ project, user string }{{"nope", ana.ID}, {"p2", "nobody"}, {"p2", bob.ID}} {
		if role, err := s.Role(ctx, tt.project, tt.user); err != nil || role != "" {
			t.Errorf("Role(%s, %s) = %q, %v; want none", tt.project, tt.user, role, err)
		}
	}
	if err := s.RemoveMember(ctx, "p2", ana.ID); err != nil {
		t.Fatal(err)
	}
	if role, err := s.Role(ctx, "p2", ana.ID); err != nil || role != "" {
		t.Errorf("Role after RemoveMember = %q, %v; want none", role, err)
	}
	if role, err := s.Role(ctx, api.DefaultProject, ana.ID); err != nil || role != api.RoleAnnotator {
		t.Errorf("Role(Default, ana) after leaving p2 = %q, %v; want annotator", role, err)
	}
	if err := s.RemoveMember(ctx, "p2", ana.ID); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("RemoveMember twice = %v, want ErrNotFound", err)
	}
	if err := s.RemoveMember(ctx, "nope", ana.ID); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("RemoveMember(no such project) = %v, want ErrNotFound", err)
	}
}

// updateProject: a patch changes what it sets and keeps the rest (the
// suggestion settings are replaced whole); a name another project has in
// any case is refused with ErrProjectExists, and changes nothing.
func updateProject(t *testing.T, s ProjectStore) {
	ctx := context.Background()
	ana := NewUser("ana", "ana", false)
	createUsers(t, s, ana)
	createProject(t, s, project("p2", "Elections"), ana.ID)
	name, guidelines, see := "Team news", "Tag people.\nSee https://example.org/guide", true
	suggest := api.SuggestSettings{TaggerOff: true, Threshold: 0.7, Cues: []string{"said", "according to"}}
	p, err := s.UpdateProject(ctx, api.DefaultProject, api.ProjectPatch{Name: &name, Guidelines: &guidelines, AnnotatorsSeeEachOther: &see, Suggest: &suggest})
	if err != nil || p.ID != api.DefaultProject || p.Name != name || p.Guidelines != guidelines || !p.AnnotatorsSeeEachOther || !cmp.Equal(p.Suggest, suggest) || p.Created.IsZero() {
		t.Errorf("UpdateProject = %+v, %v", p, err)
	}
	if got, err := s.Project(ctx, api.DefaultProject); err != nil || !cmp.Equal(got, p) {
		t.Errorf("Project after UpdateProject = %+v, %v; want %+v", got, err, p)
	}
	ms, err := s.Memberships(ctx, ana.ID)
	if err != nil || len(ms) != 2 || !cmp.Equal(ms[1].Project, p) {
		t.Errorf("ana's memberships after UpdateProject = %+v, %v; want %+v second", ms, err, p)
	}
	other := api.SuggestSettings{QuotesOff: true}
	notSee := false
	tests := []struct {
		name  string
		patch api.ProjectPatch
		want  func(*server.Project)
	}{
		{"other settings, replaced whole", api.ProjectPatch{Suggest: &other}, func(p *server.Project) { p.Suggest = other }},
		{"the same name", api.ProjectPatch{Name: &name}, func(*server.Project) {}},
		{"nothing", api.ProjectPatch{}, func(*server.Project) {}},
		{"blind again", api.ProjectPatch{AnnotatorsSeeEachOther: &notSee}, func(p *server.Project) { p.AnnotatorsSeeEachOther = false }},
	}
	for _, tt := range tests {
		tt.want(&p)
		got, err := s.UpdateProject(ctx, api.DefaultProject, tt.patch)
		if err != nil {
			t.Fatalf("UpdateProject(%s): %v", tt.name, err)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("UpdateProject(%s) (-want +got):\n%s", tt.name, diff)
		}
		if stored, err := s.Project(ctx, api.DefaultProject); err != nil || !cmp.Equal(stored, p) {
			t.Errorf("Project after UpdateProject(%s) = %+v, %v; want %+v", tt.name, stored, err, p)
		}
	}
	for _, taken := range []string{"Elections", "ELECTIONS"} {
		if _, err := s.UpdateProject(ctx, api.DefaultProject, api.ProjectPatch{Name: &taken, Guidelines: &name}); !errors.Is(err, server.ErrProjectExists) {
			t.Errorf("UpdateProject(the name %q, taken) = %v, want ErrProjectExists", taken, err)
		}
	}
	if got, err := s.Project(ctx, api.DefaultProject); err != nil || !cmp.Equal(got, p) {
		t.Errorf("a refused UpdateProject changed the project: %+v, %v; want %+v", got, err, p)
	}
	if _, err := s.UpdateProject(ctx, "nope", api.ProjectPatch{Name: &name}); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("UpdateProject(nope) = %v, want ErrNotFound", err)
	}
	if _, err := s.Project(ctx, "nope"); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("Project(nope) = %v, want ErrNotFound", err)
	}
}

// access: a change of what a user may read counts in their Access (a
// role given or changed, leaving a project; a project's annotators made
// to see each other or no longer), nothing else does.
func access(t *testing.T, s ProjectStore) {
	ctx := context.Background()
	ana, bob, cy := NewUser("ana", "ana", false), NewUser("bob", "bob", false), NewUser("cy", "cy", false)
	createUsers(t, s, ana, bob, cy)
	createProject(t, s, project("p2", "Elections"), cy.ID)
	see, blind := true, false
	name := "Elections 2027"
	tests := []struct {
		name string
		do   func() error
		want map[string]int64 // each user's Access after
	}{
		{"nothing yet", func() error { return nil }, map[string]int64{"ana": 0, "bob": 0, "cy": 0}},
		{"ana joins p2", func() error { return s.SetMember(ctx, "p2", ana.ID, api.RoleAnnotator) }, map[string]int64{"ana": 1, "bob": 0, "cy": 0}},
		{"bob joins p2 as curator", func() error { return s.SetMember(ctx, "p2", bob.ID, api.RoleCurator) }, map[string]int64{"ana": 1, "bob": 1, "cy": 0}},
		{"p2's annotators see each other", func() error {
			_, err := s.UpdateProject(ctx, "p2", api.ProjectPatch{AnnotatorsSeeEachOther: &see})
			return err
		}, map[string]int64{"ana": 2, "bob": 1, "cy": 0}},
		{"p2 made to see again", func() error {
			_, err := s.UpdateProject(ctx, "p2", api.ProjectPatch{AnnotatorsSeeEachOther: &see})
			return err
		}, map[string]int64{"ana": 2, "bob": 1, "cy": 0}},
		{"p2 renamed", func() error {
			_, err := s.UpdateProject(ctx, "p2", api.ProjectPatch{Name: &name})
			return err
		}, map[string]int64{"ana": 2, "bob": 1, "cy": 0}},
		{"Default's annotators see each other", func() error {
			_, err := s.UpdateProject(ctx, api.DefaultProject, api.ProjectPatch{AnnotatorsSeeEachOther: &see})
			return err
		}, map[string]int64{"ana": 3, "bob": 2, "cy": 1}},
		{"ana made p2's curator", func() error { return s.SetMember(ctx, "p2", ana.ID, api.RoleCurator) }, map[string]int64{"ana": 4, "bob": 2, "cy": 1}},
		{"p2 blind again, no annotator left", func() error {
			_, err := s.UpdateProject(ctx, "p2", api.ProjectPatch{AnnotatorsSeeEachOther: &blind})
			return err
		}, map[string]int64{"ana": 4, "bob": 2, "cy": 1}},
		{"bob leaves p2", func() error { return s.RemoveMember(ctx, "p2", bob.ID) }, map[string]int64{"ana": 4, "bob": 3, "cy": 1}},
		{"a refused SetMember", func() error {
			if err := s.SetMember(ctx, "nope", ana.ID, api.RoleAnnotator); !errors.Is(err, server.ErrNotFound) {
				return errors.New("SetMember(nope) did not say ErrNotFound")
			}
			return nil
		}, map[string]int64{"ana": 4, "bob": 3, "cy": 1}},
	}
	for _, tt := range tests {
		if err := tt.do(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := map[string]int64{}
		for _, u := range []server.User{ana, bob, cy} {
			stored, err := s.User(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			got[u.Login] = stored.Access
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("after %s, Access (-want +got):\n%s", tt.name, diff)
		}
	}
}

// projectArticles: articles are added to a project and taken out, listed
// newest first (of equal times, the one stored last first), archived ones
// too; what is not there is ErrNotFound.
func projectArticles(t *testing.T, s ProjectStore) {
	ctx := context.Background()
	ana := NewUser("ana", "ana", false)
	createUsers(t, s, ana)
	createProject(t, s, project("p2", "Elections"), ana.ID)
	createProject(t, s, project("p3", "Climate"), ana.ID)
	old := Article(t, "Old", "An old text.", t0)
	late := Article(t, "Late", "A later text.", t0.Add(time.Second))
	tie := Article(t, "Tie", "Another later text.", t0.Add(time.Second))
	other := Article(t, "Other", "A text of no project.", t0.Add(time.Hour))
	for _, a := range []annotations.Article{late, old, tie, other} {
		if _, _, err := s.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.ProjectArticles(ctx, "p2"); err != nil || len(got) != 0 {
		t.Errorf("ProjectArticles(p2) of a new project = %+v, %v; want none", got, err)
	}
	for _, a := range []annotations.Article{old, tie, late, old} {
		if err := s.SetProjectArticle(ctx, "p2", a.ID, true); err != nil {
			t.Fatalf("SetProjectArticle(p2, %s, in): %v", a.Title, err)
		}
	}
	if err := s.SetProjectArticle(ctx, "p3", other.ID, true); err != nil {
		t.Fatal(err)
	}
	archived := true
	if _, err := s.UpdateArticle(ctx, old.ID, api.ArticlePatch{Archived: &archived}); err != nil {
		t.Fatal(err)
	}
	want := []api.ArticleSummary{
		{ID: tie.ID, Title: "Tie", Source: "paste", Created: tie.Created, Chars: 19},
		{ID: late.ID, Title: "Late", Source: "paste", Created: late.Created, Chars: 13},
		{ID: old.ID, Title: "Old", Source: "paste", Created: old.Created, Chars: 12, Archived: true},
	}
	got, err := s.ProjectArticles(ctx, "p2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ProjectArticles(p2) (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		project string
		a       annotations.Article
		want    bool
	}{
		{"p2", old, true}, // archived: still on the list
		{"p2", late, true},
		{"p2", other, false},
		{"p3", other, true},
		{api.DefaultProject, other, false}, // Default has no list
		{"nope", late, false},
		{"p2", Article(t, "Unknown", "A text nobody stored.", t0), false},
	} {
		if got, err := s.ProjectHasArticle(ctx, tt.project, tt.a.ID); err != nil || got != tt.want {
			t.Errorf("ProjectHasArticle(%s, %s) = %v, %v; want %v", tt.project, tt.a.Title, got, err, tt.want)
		}
	}
	tests := []struct {
		name             string
		project, article string
		in               bool
	}{
		{"no such project", "nope", late.ID, true},
		{"no such article", "p2", annotations.ArticleID("nothing"), true},
		{"taking out of no such project", "nope", late.ID, false},
		{"taking out an article not in the project", "p2", other.ID, false},
	}
	for _, tt := range tests {
		if err := s.SetProjectArticle(ctx, tt.project, tt.article, tt.in); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("SetProjectArticle(%s) = %v, want ErrNotFound", tt.name, err)
		}
	}
	if err := s.SetProjectArticle(ctx, "p2", late.ID, false); err != nil {
		t.Fatalf("SetProjectArticle(p2, Late, out): %v", err)
	}
	if err := s.SetProjectArticle(ctx, "p2", late.ID, false); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("SetProjectArticle(p2, Late, out) twice = %v, want ErrNotFound", err)
	}
	if in, err := s.ProjectHasArticle(ctx, "p2", late.ID); err != nil || in {
		t.Errorf("ProjectHasArticle(p2, Late) once taken out = %v, %v; want false", in, err)
	}
	got, err = s.ProjectArticles(ctx, "p2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]api.ArticleSummary{want[0], want[2]}, got); diff != "" {
		t.Errorf("ProjectArticles(p2) after Late was taken out (-want +got):\n%s", diff)
	}
	got, err = s.ProjectArticles(ctx, "p3")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != other.ID {
		t.Errorf("ProjectArticles(p3) = %+v; want Other alone", got)
	}
}
