package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/storetest"
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

	u := storetest.NewUser("ana", "ana", false)
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

// TestProjectsContract runs the stores' project cases (server/storetest).
func TestProjectsContract(t *testing.T) {
	storetest.Projects(t, func(t *testing.T) storetest.ProjectStore { return openAccountsStore(t) })
}
