package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// openAccountsStore opens a store in a temporary folder, closed when the
// test ends.
func openAccountsStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newUser(login, annotator string, admin bool) server.User {
	return server.User{ID: "id-" + login, Login: login, Annotator: annotator, Admin: admin, PasswordHash: "$argon2id$hash-of-" + login,
		Created: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)}
}

func TestUsers(t *testing.T) {
	ctx := context.Background()
	s := openAccountsStore(t)
	if has, err := s.HasAdmin(ctx); err != nil || has {
		t.Fatalf("HasAdmin() of a new store = %v, %v; want false", has, err)
	}
	ana, bob := newUser("ana", "ana", false), newUser("bob", "bob", true)
	bob.DisplayName = "Bob B."
	for _, u := range []server.User{ana, bob} {
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatalf("CreateUser(%s): %v", u.Login, err)
		}
	}
	tests := []struct {
		name string
		user server.User
	}{
		{"same login", server.User{ID: "x1", Login: "ana", Annotator: "other", Created: time.Now()}},
		{"same annotator", server.User{ID: "x2", Login: "other", Annotator: "bob", Created: time.Now()}},
		{"same id", server.User{ID: ana.ID, Login: "cy", Annotator: "cy", Created: time.Now()}},
	}
	for _, tt := range tests {
		if err := s.CreateUser(ctx, tt.user); !errors.Is(err, server.ErrExists) {
			t.Errorf("CreateUser(%s) = %v, want ErrExists", tt.name, err)
		}
	}
	if has, err := s.HasAdmin(ctx); err != nil || !has {
		t.Errorf("HasAdmin() = %v, %v; want true", has, err)
	}
	got, err := s.UserByLogin(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(bob, got); diff != "" {
		t.Errorf("UserByLogin(bob) (-want +got):\n%s", diff)
	}
	if got, err := s.User(ctx, ana.ID); err != nil || got.Login != "ana" {
		t.Errorf("User(ana) = %+v, %v", got, err)
	}
	if _, err := s.UserByLogin(ctx, "nobody"); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("UserByLogin(nobody) = %v, want ErrNotFound", err)
	}
	if _, err := s.User(ctx, "nobody"); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("User(nobody) = %v, want ErrNotFound", err)
	}
	list, err := s.Users(ctx)
	if err != nil || len(list) != 2 || list[0].Login != "ana" || list[1].Login != "bob" {
		t.Errorf("Users() = %+v, %v; want ana, bob", list, err)
	}
	if err := s.SetPassword(ctx, "nobody", "h"); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("SetPassword(nobody) = %v, want ErrNotFound", err)
	}
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	s := openAccountsStore(t)
	ana := newUser("ana", "ana", false)
	if err := s.CreateUser(ctx, ana); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	for _, h := range []string{"s1", "s2"} {
		if err := s.CreateSession(ctx, h, ana.ID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	u, exp, err := s.SessionUser(ctx, "s1", now)
	if err != nil || u.ID != ana.ID || !exp.Equal(now.Add(time.Hour)) {
		t.Errorf("SessionUser(s1) = %s, %v, %v; want ana until %v", u.Login, exp, err, now.Add(time.Hour))
	}
	if err := s.ExtendSession(ctx, "s1", now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, exp, err := s.SessionUser(ctx, "s1", now.Add(2*time.Hour)); err != nil || !exp.Equal(now.Add(3*time.Hour)) {
		t.Errorf("after ExtendSession: SessionUser = %v, %v; want valid until +3h", exp, err)
	}
	// s2 expired: not found, and deleted.
	if _, _, err := s.SessionUser(ctx, "s2", now.Add(time.Hour)); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("SessionUser(expired) = %v, want ErrNotFound", err)
	}
	var n int
	if err := s.read.QueryRow(`SELECT count(*) FROM sessions WHERE token_hash = 's2'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the expired session is still stored (%d, %v)", n, err)
	}
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, "s1", now); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("SessionUser(deleted) = %v, want ErrNotFound", err)
	}
	// A new password ends every session of the user, not another's.
	bob := newUser("bob", "bob", false)
	if err := s.CreateUser(ctx, bob); err != nil {
		t.Fatal(err)
	}
	for _, sess := range []struct{ hash, user string }{{"a1", ana.ID}, {"a2", ana.ID}, {"b1", bob.ID}} {
		if err := s.CreateSession(ctx, sess.hash, sess.user, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetPassword(ctx, ana.ID, "new-hash"); err != nil {
		t.Fatal(err)
	}
	for hash, want := range map[string]bool{"a1": false, "a2": false, "b1": true} {
		_, _, err := s.SessionUser(ctx, hash, now)
		if (err == nil) != want {
			t.Errorf("after ana's new password, session %s: %v, want valid %v", hash, err, want)
		}
	}
	if u, _ := s.User(ctx, ana.ID); u.PasswordHash != "new-hash" {
		t.Errorf("password hash = %q, want new-hash", u.PasswordHash)
	}
}

func TestAPITokens(t *testing.T) {
	ctx := context.Background()
	s := openAccountsStore(t)
	ana, bob := newUser("ana", "ana", false), newUser("bob", "bob", false)
	for _, u := range []server.User{ana, bob} {
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	tokens := []server.APIToken{
		{ID: "t1", UserID: ana.ID, Name: "export script", Created: t0},
		{ID: "t2", UserID: ana.ID, Name: "laptop", Created: t0.Add(time.Minute)},
		{ID: "t3", UserID: bob.ID, Name: "bob's", Created: t0},
	}
	for _, tok := range tokens {
		if err := s.CreateToken(ctx, tok, "hash-"+tok.ID); err != nil {
			t.Fatal(err)
		}
	}
	u, err := s.TokenUser(ctx, "hash-t1", t0.Add(time.Hour))
	if err != nil || u.ID != ana.ID {
		t.Fatalf("TokenUser(t1) = %+v, %v; want ana", u, err)
	}
	// Used again within a minute: the last use is not rewritten.
	if _, err := s.TokenUser(ctx, "hash-t1", t0.Add(time.Hour+30*time.Second)); err != nil {
		t.Fatal(err)
	}
	list, err := s.Tokens(ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []server.APIToken{
		{ID: "t2", UserID: ana.ID, Name: "laptop", Created: t0.Add(time.Minute)},
		{ID: "t1", UserID: ana.ID, Name: "export script", Created: t0, LastUsed: t0.Add(time.Hour)},
	}
	if diff := cmp.Diff(want, list); diff != "" {
		t.Errorf("Tokens(ana) (-want +got):\n%s", diff)
	}
	if err := s.DeleteToken(ctx, ana.ID, "t3"); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("DeleteToken(ana, bob's token) = %v, want ErrNotFound", err)
	}
	if err := s.DeleteToken(ctx, ana.ID, "t1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, "hash-t1", t0); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("TokenUser(revoked) = %v, want ErrNotFound", err)
	}
	if _, err := s.TokenUser(ctx, "hash-t3", t0); err != nil {
		t.Errorf("bob's token after ana revoked hers: %v", err)
	}
}

func TestSetupToken(t *testing.T) {
	ctx := context.Background()
	s := openAccountsStore(t)
	if err := s.PutSetupToken(ctx, "first"); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSetupToken(ctx, "second"); err != nil {
		t.Fatal(err)
	}
	admin := newUser("root", "root", true)
	if err := s.UseSetupToken(ctx, "first", admin); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("UseSetupToken(a replaced token) = %v, want ErrNotFound", err)
	}
	if err := s.CreateUser(ctx, newUser("taken", "taken", false)); err != nil {
		t.Fatal(err)
	}
	// A login that is taken keeps the token for another try.
	if err := s.UseSetupToken(ctx, "second", newUser("taken", "x", true)); !errors.Is(err, server.ErrExists) {
		t.Errorf("UseSetupToken(taken login) = %v, want ErrExists", err)
	}
	if err := s.UseSetupToken(ctx, "second", admin); err != nil {
		t.Fatalf("UseSetupToken: %v", err)
	}
	if u, err := s.UserByLogin(ctx, "root"); err != nil || !u.Admin {
		t.Errorf("the setup's admin = %+v, %v", u, err)
	}
	if err := s.UseSetupToken(ctx, "second", newUser("root2", "root2", true)); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("UseSetupToken used twice = %v, want ErrNotFound", err)
	}
}

// TestMigrateAccounts opens a version 5 file (before accounts) whose
// revisions carry annotator names that differ only in case and spacing,
// and checks that each name becomes a user without a password, with the
// exact name as its annotator and a unique login.
func TestMigrateAccounts(t *testing.T) {
	ctx := context.Background()
	dir := fileAtVersion(t, 5,
		statement{`INSERT INTO articles (id, title, text, created, chars) VALUES ('a1', 't', 'text', '2026-01-01T00:00:00.000000000Z', 4)`, nil},
		statement{`INSERT INTO revisions (rev, item, kind, article_id, annotator) VALUES ('1-a', 'i1', 'entity', 'a1', 'Ana')`, nil},
		statement{`INSERT INTO revisions (rev, item, kind, article_id, annotator) VALUES ('1-b', 'i2', 'entity', 'a1', 'ana')`, nil},
		statement{`INSERT INTO revisions (rev, item, kind, article_id, annotator) VALUES ('1-c', 'i3', 'entity', 'a1', 'ana')`, nil},
		statement{`INSERT INTO revisions (rev, item, kind, article_id, annotator) VALUES ('1-d', 'i4', 'entity', 'a1', 'Bob Ross')`, nil},
	)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type user struct{ Login, Annotator, DisplayName, Hash string }
	var got []user
	for _, u := range users {
		got = append(got, user{u.Login, u.Annotator, u.DisplayName, u.PasswordHash})
		if u.ID == "" || u.Admin || u.Created.IsZero() {
			t.Errorf("migrated user %+v: want an ID, a creation time, no admin", u)
		}
	}
	want := []user{{"ana", "Ana", "Ana", ""}, {"ana-2", "ana", "ana", ""}, {"bob ross", "Bob Ross", "Bob Ross", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("users made of the annotators (-want +got):\n%s", diff)
	}
	if has, err := s.HasAdmin(ctx); err != nil || has {
		t.Errorf("HasAdmin() after the migration = %v, %v; want false (the setup link makes one)", has, err)
	}
}
