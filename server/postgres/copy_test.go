package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/gloss-annotate/gloss/server/storetest"
)

// fillDeployment stores a small deployment of everything a store keeps:
// articles (two of the same time, one archived), users with a session,
// an API token and a password, a project with members and articles, the
// setup token, and revisions (mentions, a deletion, a status, a project
// schema) in two projects. It returns the session's hash and the token's.
func fillDeployment(t *testing.T, s server.Store) (session, token string) {
	t.Helper()
	ctx := context.Background()
	when := time.Date(2026, 11, 30, 9, 0, 0, 123456789, time.UTC)
	a := storetest.Article(t, "One", "Ana Lima met Rui Costa in Lisbon.", when)
	b := storetest.Article(t, "Two", "Paris is in France.", when)
	for _, art := range []annotations.Article{a, b} {
		if _, _, err := s.PutArticle(ctx, art); err != nil {
			t.Fatal(err)
		}
	}
	archived := true
	if _, err := s.UpdateArticle(ctx, b.ID, api.ArticlePatch{Archived: &archived}); err != nil {
		t.Fatal(err)
	}
	users := []server.User{
		{ID: "00000000-0000-4000-8000-00000000000a", Login: "ana", Annotator: "ana", DisplayName: "Ana", Admin: true, PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", Created: when},
		{ID: "00000000-0000-4000-8000-00000000000b", Login: "rui", Annotator: "Rui", Created: when},
	}
	for _, u := range users {
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	session, token = "session-hash", "token-hash"
	if err := s.CreateSession(ctx, session, users[0].ID, when.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(ctx, server.APIToken{ID: "00000000-0000-4000-8000-0000000000c1", UserID: users[1].ID, Name: "script", Created: when}, token); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSetupToken(ctx, "setup-hash", when, when.Add(-server.SetupTokenLife)); err != nil {
		t.Fatal(err)
	}
	p := server.Project{ID: "climate", Name: "Climate", Guidelines: "Tag people.", AnnotatorsSeeEachOther: true, Created: when}
	if err := s.CreateProject(ctx, p, users[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMember(ctx, p.ID, users[1].ID, api.RoleCurator); err != nil {
		t.Fatal(err)
	}
	if err := s.SetProjectArticle(ctx, p.ID, a.ID, true); err != nil {
		t.Fatal(err)
	}
	m1 := storetest.Entity(t, a, "ana", "00000000-0000-4000-8000-000000000001", "PER", 0, 8)
	m1.At = when.UnixMilli() // when it was made on the device
	m2 := storetest.Entity(t, a, "Rui", "00000000-0000-4000-8000-000000000002", "PER", 13, 22)
	del, err := annotations.NewDeletion(m2)
	if err != nil {
		t.Fatal(err)
	}
	done, err := annotations.NewStatusRevision("", m1.Key(), annotations.StatusItem{State: annotations.WorkDone})
	if err != nil {
		t.Fatal(err)
	}
	inProject := storetest.Entity(t, a, "ana", "00000000-0000-4000-8000-000000000003", "LOC", 26, 32)
	inProject.Project = "climate"
	inProject, err = annotations.NewEntityRevision("", inProject.Key(), annotations.Entity{ID: inProject.Item, Span: mustSpan(t, a, 26, 32), Label: "LOC"})
	if err != nil {
		t.Fatal(err)
	}
	schema, err := annotations.NewSchemaRevision("", annotations.ProjectKey("climate"), annotations.DefaultSchema())
	if err != nil {
		t.Fatal(err)
	}
	stored, err := s.PutRevisions(ctx, []annotations.Revision{m1, m2, del, done, schema, inProject})
	if err != nil {
		t.Fatal(err)
	}
	for i, st := range stored {
		if st.Status != api.StatusApplied {
			t.Fatalf("revision %d: %s (%v)", i, st.Status, st.Problem)
		}
	}
	return session, token
}

// TestCopyDeployment: a deployment copied from SQLite to PostgreSQL and
// back is the same (CompareDeployments: users, projects, articles, every
// revision under the same cursor, the exports), its sessions and tokens
// still sign in, a device's cursor stays valid, and the next push is
// numbered after the copied ones. A store that holds anything is refused.
func TestCopyDeployment(t *testing.T) {
	ctx := context.Background()
	lite, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	session, token := fillDeployment(t, lite)
	page, err := lite.Changes(ctx, server.ChangeFilter{Annotator: "ana"}, api.Cursor{}, 100)
	if err != nil {
		t.Fatal(err)
	}

	pg := openStore(t)
	counts, err := server.CopyDeployment(ctx, lite, pg)
	if err != nil {
		t.Fatal(err)
	}
	if counts["revisions"] != 6 || counts["articles"] != 2 || counts["users"] != 2 || counts["projects"] != 2 {
		t.Errorf("copied %v", counts)
	}
	if u, _, err := pg.SessionUser(ctx, session, time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)); err != nil || u.Login != "ana" {
		t.Errorf("the session's user after the copy: %v, %v", u.Login, err)
	}
	if u, err := pg.TokenUser(ctx, token, time.Now()); err != nil || u.Login != "rui" {
		t.Errorf("the token's user after the copy: %v, %v", u.Login, err)
	}
	if again, err := pg.Changes(ctx, server.ChangeFilter{Annotator: "ana"}, page.Cursor, 100); err != nil || len(again.Revisions) != 0 {
		t.Errorf("a device's cursor after the copy: %d revisions, %v; want 0, nil", len(again.Revisions), err)
	}
	a, err := pg.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	next := storetest.Entity(t, annotations.Article{ID: a[1].ID, Text: "Ana Lima met Rui Costa in Lisbon."}, "ana", "00000000-0000-4000-8000-000000000009", "LOC", 26, 32)
	stored, err := pg.PutRevisions(ctx, []annotations.Revision{next})
	if err != nil || stored[0].Status != api.StatusApplied || stored[0].Seq != 7 {
		t.Errorf("the first push after the copy: %+v, %v; want applied as 7, after the 6 copied", stored, err)
	}

	// And back, into a new SQLite database.
	back, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if _, err := server.CopyDeployment(ctx, pg, back); err != nil {
		t.Fatal(err)
	}
	if _, err := server.CopyDeployment(ctx, lite, back); !errors.Is(err, server.ErrNotEmpty) {
		t.Errorf("a copy into a store that holds one = %v, want ErrNotEmpty", err)
	}
	if err := server.CompareDeployments(ctx, lite, back); err == nil {
		t.Error("CompareDeployments found no difference after a push to one of them")
	}
}
