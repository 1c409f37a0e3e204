package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// TestMigrateProjects opens a version 6 file (accounts, no projects) and
// checks that the Default project exists with every user as annotator.
func TestMigrateProjects(t *testing.T) {
	ctx := context.Background()
	dir := fileAtVersion(t, 6,
		statement{`INSERT INTO users (id, login, annotator, created) VALUES ('u1', 'ana', 'Ana', '2026-01-01T00:00:00.000000000Z')`, nil},
		statement{`INSERT INTO users (id, login, annotator, admin, created) VALUES ('u2', 'root', 'root', 1, '2026-01-01T00:00:00.000000000Z')`, nil},
	)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	projects, err := s.Projects(ctx)
	if err != nil || len(projects) != 1 || projects[0].ID != api.DefaultProject || projects[0].Name != "Default" || projects[0].AnnotatorsSeeEachOther {
		t.Fatalf("Projects() after the migration = %+v, %v; want Default alone, blind", projects, err)
	}
	members, err := s.Members(ctx, api.DefaultProject)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range members {
		got = append(got, m.User.Login+":"+string(m.Role))
	}
	if diff := cmp.Diff([]string{"ana:annotator", "root:annotator"}, got); diff != "" {
		t.Errorf("Default's members (-want +got):\n%s", diff)
	}
}

// TestMigrateSuggestSettings opens a version 13 file (projects without
// suggestion settings) and checks that each project has the zero value,
// and that a new project keeps the settings it is made with.
func TestMigrateSuggestSettings(t *testing.T) {
	ctx := context.Background()
	dir := fileAtVersion(t, 13,
		statement{`INSERT INTO projects (id, name, created) VALUES ('p2', 'Elections', '2026-01-01T00:00:00.000000000Z')`, nil},
	)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	projects, err := s.Projects(ctx)
	if err != nil || len(projects) != 2 {
		t.Fatalf("Projects() after the migration = %+v, %v", projects, err)
	}
	for _, p := range projects {
		if !cmp.Equal(p.Suggest, api.SuggestSettings{}) {
			t.Errorf("project %s's settings after the migration = %+v, want the zero value", p.ID, p.Suggest)
		}
	}
	var index string
	if err := s.read.QueryRowContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'revisions_status'`).Scan(&index); err != nil {
		t.Errorf("the index of status revisions after the migration: %v", err)
	}

	u := newUser("ana", "ana", false)
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	want := server.Project{ID: "climate", Name: "Climate", Created: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Suggest: api.SuggestSettings{SameStringOff: true, Cues: []string{"said"}}}
	if err := s.CreateProject(ctx, want, u.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Project(ctx, "climate"); err != nil || !cmp.Equal(got, want) {
		t.Errorf("Project(climate) = %+v, %v; want %+v", got, err, want)
	}
}

func TestProjectsAndMembers(t *testing.T) {
	ctx := context.Background()
	s := openAccountsStore(t)
	ana, bob := newUser("ana", "ana", false), newUser("bob", "bob", false)
	for _, u := range []server.User{ana, bob} {
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	// A new user is Default's annotator.
	if role, err := s.Role(ctx, api.DefaultProject, ana.ID); err != nil || role != api.RoleAnnotator {
		t.Errorf("Role(Default, ana) = %q, %v; want annotator", role, err)
	}
	if err := s.SetMember(ctx, api.DefaultProject, bob.ID, api.RoleManager); err != nil {
		t.Fatal(err)
	}
	if role, _ := s.Role(ctx, api.DefaultProject, bob.ID); role != api.RoleManager {
		t.Errorf("bob's role after SetMember(manager) = %q", role)
	}
	// A second project, as a later version will make them.
	if _, err := s.write.Exec(`INSERT INTO projects (id, name, created) VALUES ('p2', 'Elections', '2026-01-01T00:00:00.000000000Z')`); err != nil {
		t.Fatal(err)
	}
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
	for _, tt := range []struct{ project, user string }{{"nope", ana.ID}, {api.DefaultProject, "nobody"}} {
		if err := s.SetMember(ctx, tt.project, tt.user, api.RoleAnnotator); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("SetMember(%s, %s) = %v, want ErrNotFound", tt.project, tt.user, err)
		}
	}
	if err := s.RemoveMember(ctx, "p2", ana.ID); err != nil {
		t.Fatal(err)
	}
	if role, err := s.Role(ctx, "p2", ana.ID); err != nil || role != "" {
		t.Errorf("Role after RemoveMember = %q, %v; want none", role, err)
	}
	if err := s.RemoveMember(ctx, "p2", ana.ID); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("RemoveMember twice = %v, want ErrNotFound", err)
	}

	if p, err := s.Project(ctx, api.DefaultProject); err != nil || !cmp.Equal(p.Suggest, api.SuggestSettings{}) {
		t.Errorf("Default's suggestion settings = %+v, %v; want the zero value", p.Suggest, err)
	}
	name, guidelines, see := "Team news", "Tag people.\nSee https://example.org/guide", true
	suggest := api.SuggestSettings{TaggerOff: true, Threshold: 0.7, Cues: []string{"said", "according to"}}
	p, err := s.UpdateProject(ctx, api.DefaultProject, api.ProjectPatch{Name: &name, Guidelines: &guidelines, AnnotatorsSeeEachOther: &see, Suggest: &suggest})
	if err != nil || p.Name != name || p.Guidelines != guidelines || !p.AnnotatorsSeeEachOther || !cmp.Equal(p.Suggest, suggest) {
		t.Errorf("UpdateProject = %+v, %v", p, err)
	}
	if got, _ := s.Project(ctx, api.DefaultProject); !cmp.Equal(got, p) {
		t.Errorf("Project after UpdateProject = %+v, want %+v", got, p)
	}
	ms, err = s.Memberships(ctx, ana.ID)
	if err != nil || len(ms) != 1 || !cmp.Equal(ms[0].Project, p) {
		t.Errorf("ana's memberships after UpdateProject = %+v, %v; want %+v among them", ms, err, p)
	}
	// Settings are replaced whole; a patch without them keeps them.
	other := api.SuggestSettings{QuotesOff: true}
	if p, err = s.UpdateProject(ctx, api.DefaultProject, api.ProjectPatch{Suggest: &other}); err != nil || !cmp.Equal(p.Suggest, other) {
		t.Errorf("UpdateProject(other settings) = %+v, %v", p.Suggest, err)
	}
	if p, err = s.UpdateProject(ctx, api.DefaultProject, api.ProjectPatch{Name: &name}); err != nil || !cmp.Equal(p.Suggest, other) {
		t.Errorf("UpdateProject(a name) changed the settings: %+v, %v", p.Suggest, err)
	}
	taken := "ELECTIONS"
	if _, err := s.UpdateProject(ctx, api.DefaultProject, api.ProjectPatch{Name: &taken}); !errors.Is(err, server.ErrProjectExists) {
		t.Errorf("UpdateProject(a name taken, in other case) = %v, want ErrProjectExists", err)
	}
	if got, _ := s.Project(ctx, api.DefaultProject); !cmp.Equal(got, p) {
		t.Errorf("a refused UpdateProject changed the project: %+v", got)
	}
	if _, err := s.UpdateProject(ctx, "nope", api.ProjectPatch{Name: &name}); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("UpdateProject(nope) = %v, want ErrNotFound", err)
	}
	if _, err := s.Project(ctx, "nope"); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("Project(nope) = %v, want ErrNotFound", err)
	}
}
