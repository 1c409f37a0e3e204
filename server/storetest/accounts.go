package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// AccountStore is the part of server.Store that keeps users, their
// sessions and API tokens, and the setup token.
type AccountStore interface {
	server.Accounts
}

// NewUser returns a user for the stores' tests to store: its ID is
// "id-" + login, its password hash made up.
func NewUser(login, annotator string, admin bool) server.User {
	return server.User{ID: "id-" + login, Login: login, Annotator: annotator, Admin: admin, PasswordHash: "$argon2id$hash-of-" + login,
		Created: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)}
}

// createUsers stores users, failing the test when one is refused.
func createUsers(t *testing.T, s AccountStore, users ...server.User) {
	t.Helper()
	for _, u := range users {
		if err := s.CreateUser(context.Background(), u); err != nil {
			t.Fatalf("CreateUser(%s): %v", u.Login, err)
		}
	}
}

// Accounts runs the account cases on stores open returns, each empty.
func Accounts(t *testing.T, open func(t *testing.T) AccountStore) {
	t.Run("Users", func(t *testing.T) { users(t, open(t)) })
	t.Run("UserTaken", func(t *testing.T) { userTaken(t, open(t)) })
	t.Run("UserNotFound", func(t *testing.T) { userNotFound(t, open(t)) })
	t.Run("Sessions", func(t *testing.T) { sessions(t, open(t)) })
	t.Run("ExpiredSessionDeleted", func(t *testing.T) { expiredSessionDeleted(t, open(t)) })
	t.Run("SetPasswordEndsSessions", func(t *testing.T) { setPasswordEndsSessions(t, open(t)) })
	t.Run("Tokens", func(t *testing.T) { tokens(t, open(t)) })
	t.Run("TokenLastUse", func(t *testing.T) { tokenLastUse(t, open(t)) })
	t.Run("SetupToken", func(t *testing.T) { setupToken(t, open(t)) })
	t.Run("SetupTokenAfterAdmin", func(t *testing.T) { setupTokenAfterAdmin(t, open(t)) })
}

// users: a user is stored whole (its time to the nanosecond), found by ID
// and by login, and listed by login (in byte order: "ana-2" before
// "ana2"); HasAdmin tells whether one is an admin.
func users(t *testing.T, s AccountStore) {
	ctx := context.Background()
	if has, err := s.HasAdmin(ctx); err != nil || has {
		t.Fatalf("HasAdmin() of a new store = %v, %v; want false", has, err)
	}
	ana, ana2, ana3, bob := NewUser("ana", "ana", false), NewUser("ana2", "Ana2", false), NewUser("ana-2", "ana 2", false), NewUser("bob", "bob", true)
	bob.DisplayName = "Bob B."
	bob.Created = bob.Created.Add(123456789 * time.Nanosecond)
	createUsers(t, s, ana, ana2)
	if has, err := s.HasAdmin(ctx); err != nil || has {
		t.Errorf("HasAdmin() without an admin = %v, %v; want false", has, err)
	}
	createUsers(t, s, bob, ana3)
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
	got, err = s.User(ctx, ana2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ana2, got); diff != "" {
		t.Errorf("User(ana2) (-want +got):\n%s", diff)
	}
	list, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]server.User{ana, ana3, ana2, bob}, list); diff != "" {
		t.Errorf("Users() (-want +got):\n%s", diff)
	}
}

// userTaken: a user whose ID, login or annotator name is taken is
// refused with ErrExists, and nothing of it is stored.
func userTaken(t *testing.T, s AccountStore) {
	ctx := context.Background()
	ana, bob := NewUser("ana", "ana", false), NewUser("bob", "bob", true)
	createUsers(t, s, ana, bob)
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		user server.User
	}{
		{"same login", server.User{ID: "x1", Login: "ana", Annotator: "other", Created: now}},
		{"same annotator", server.User{ID: "x2", Login: "other", Annotator: "bob", Created: now}},
		{"same id", server.User{ID: ana.ID, Login: "cy", Annotator: "cy", Created: now}},
	}
	for _, tt := range tests {
		if err := s.CreateUser(ctx, tt.user); !errors.Is(err, server.ErrExists) {
			t.Errorf("CreateUser(%s) = %v, want ErrExists", tt.name, err)
		}
	}
	list, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]server.User{ana, bob}, list); diff != "" {
		t.Errorf("Users() after the refused users (-want +got):\n%s", diff)
	}
}

// userNotFound: what names no user is ErrNotFound.
func userNotFound(t *testing.T, s AccountStore) {
	ctx := context.Background()
	createUsers(t, s, NewUser("ana", "ana", false))
	tests := []struct {
		name string
		call func() error
	}{
		{"User(nobody)", func() error { _, err := s.User(ctx, "nobody"); return err }},
		{"UserByLogin(nobody)", func() error { _, err := s.UserByLogin(ctx, "nobody"); return err }},
		{"UserByLogin(ana's ID)", func() error { _, err := s.UserByLogin(ctx, "id-ana"); return err }},
		{"SetPassword(nobody)", func() error { return s.SetPassword(ctx, "nobody", "h") }},
		{"TokenUser(no token)", func() error { _, err := s.TokenUser(ctx, "nothing", time.Now()); return err }},
		{"DeleteToken(no token)", func() error { return s.DeleteToken(ctx, "id-ana", "nothing") }},
	}
	for _, tt := range tests {
		if err := tt.call(); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("%s = %v, want ErrNotFound", tt.name, err)
		}
	}
}

// sessions: a session finds its user until it expires, later when
// extended; a deleted one is not found.
func sessions(t *testing.T, s AccountStore) {
	ctx := context.Background()
	ana := NewUser("ana", "ana", false)
	createUsers(t, s, ana)
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	if err := s.CreateSession(ctx, "s1", ana.ID, now.Add(time.Hour+time.Nanosecond)); err != nil {
		t.Fatal(err)
	}
	u, exp, err := s.SessionUser(ctx, "s1", now)
	if err != nil || !exp.Equal(now.Add(time.Hour+time.Nanosecond)) {
		t.Errorf("SessionUser(s1) = %v, %v; want valid until %v", exp, err, now.Add(time.Hour+time.Nanosecond))
	}
	if diff := cmp.Diff(ana, u); diff != "" {
		t.Errorf("SessionUser(s1)'s user (-want +got):\n%s", diff)
	}
	if err := s.ExtendSession(ctx, "s1", now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, exp, err := s.SessionUser(ctx, "s1", now.Add(2*time.Hour)); err != nil || !exp.Equal(now.Add(3*time.Hour)) {
		t.Errorf("after ExtendSession: SessionUser = %v, %v; want valid until +3h", exp, err)
	}
	if err := s.ExtendSession(ctx, "none", now.Add(3*time.Hour)); err != nil {
		t.Errorf("ExtendSession(no session) = %v, want nothing done", err)
	}
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, "s1", now); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("SessionUser(deleted) = %v, want ErrNotFound", err)
	}
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Errorf("DeleteSession(deleted) = %v, want nothing done", err)
	}
}

// expiredSessionDeleted: a session is not found from its expiry on, and
// is deleted then: extending it after does not bring it back.
func expiredSessionDeleted(t *testing.T, s AccountStore) {
	ctx := context.Background()
	ana := NewUser("ana", "ana", false)
	createUsers(t, s, ana)
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	if err := s.CreateSession(ctx, "s2", ana.ID, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, "s2", now.Add(time.Hour)); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("SessionUser(at its expiry) = %v, want ErrNotFound", err)
	}
	if err := s.ExtendSession(ctx, "s2", now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, "s2", now); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("the expired session is still stored: SessionUser after ExtendSession = %v, want ErrNotFound", err)
	}
}

// setPasswordEndsSessions: a new password ends every session of the
// user, not another's.
func setPasswordEndsSessions(t *testing.T, s AccountStore) {
	ctx := context.Background()
	ana, bob := NewUser("ana", "ana", false), NewUser("bob", "bob", false)
	createUsers(t, s, ana, bob)
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	for _, sess := range []struct{ hash, user string }{{"a1", ana.ID}, {"a2", ana.ID}, {"b1", bob.ID}} {
		if err := s.CreateSession(ctx, sess.hash, sess.user, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetPassword(ctx, ana.ID, "new-hash"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		hash  string
		valid bool
	}{{"a1", false}, {"a2", false}, {"b1", true}} {
		_, _, err := s.SessionUser(ctx, tt.hash, now)
		if (err == nil) != tt.valid {
			t.Errorf("after ana's new password, session %s: %v, want valid %v", tt.hash, err, tt.valid)
		}
	}
	if u, err := s.User(ctx, ana.ID); err != nil || u.PasswordHash != "new-hash" {
		t.Errorf("ana's password hash = %q, %v; want new-hash", u.PasswordHash, err)
	}
	if u, err := s.User(ctx, bob.ID); err != nil || u.PasswordHash != bob.PasswordHash {
		t.Errorf("bob's password hash = %q, %v; want his own", u.PasswordHash, err)
	}
}

// tokens: a token finds its user; Tokens lists the user's own, newest
// first; a user revokes their own tokens only.
func tokens(t *testing.T, s AccountStore) {
	ctx := context.Background()
	ana, bob := NewUser("ana", "ana", false), NewUser("bob", "bob", false)
	createUsers(t, s, ana, bob)
	t0 := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	for _, tok := range []server.APIToken{
		{ID: "t1", UserID: ana.ID, Name: "export script", Created: t0},
		{ID: "t2", UserID: ana.ID, Name: "laptop", Created: t0.Add(time.Minute)},
		{ID: "t0", UserID: ana.ID, Name: "same time", Created: t0},
		{ID: "t3", UserID: bob.ID, Name: "bob's", Created: t0},
	} {
		if err := s.CreateToken(ctx, tok, "hash-"+tok.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct{ hash, user string }{{"hash-t1", ana.ID}, {"hash-t3", bob.ID}} {
		if u, err := s.TokenUser(ctx, tt.hash, t0); err != nil || u.ID != tt.user {
			t.Errorf("TokenUser(%s) = %+v, %v; want %s", tt.hash, u, err, tt.user)
		}
	}
	list, err := s.Tokens(ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []server.APIToken{
		{ID: "t2", UserID: ana.ID, Name: "laptop", Created: t0.Add(time.Minute)},
		{ID: "t0", UserID: ana.ID, Name: "same time", Created: t0},
		{ID: "t1", UserID: ana.ID, Name: "export script", Created: t0, LastUsed: t0},
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
	if err := s.DeleteToken(ctx, ana.ID, "t1"); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("DeleteToken twice = %v, want ErrNotFound", err)
	}
	if list, err := s.Tokens(ctx, "nobody"); err != nil || len(list) != 0 {
		t.Errorf("Tokens(nobody) = %+v, %v; want none", list, err)
	}
}

// tokenLastUse: a use notes its time as the token's last use unless the
// one noted is less than a minute old.
func tokenLastUse(t *testing.T, s AccountStore) {
	ctx := context.Background()
	ana := NewUser("ana", "ana", false)
	createUsers(t, s, ana)
	t0 := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	tok := server.APIToken{ID: "t1", UserID: ana.ID, Name: "script", Created: t0}
	if err := s.CreateToken(ctx, tok, "hash-t1"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		use  time.Time
		want time.Time
	}{
		{"first use", t0.Add(time.Hour), t0.Add(time.Hour)},
		{"again within a minute", t0.Add(time.Hour + 59*time.Second), t0.Add(time.Hour)},
		{"a minute after the noted use", t0.Add(time.Hour + time.Minute + 500*time.Millisecond), t0.Add(time.Hour + time.Minute + 500*time.Millisecond)},
	}
	for _, tt := range tests {
		if _, err := s.TokenUser(ctx, "hash-t1", tt.use); err != nil {
			t.Fatalf("%s: TokenUser: %v", tt.name, err)
		}
		list, err := s.Tokens(ctx, ana.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("%s: Tokens = %+v, %v; want one", tt.name, list, err)
		}
		if !list[0].LastUsed.Equal(tt.want) {
			t.Errorf("%s: last use = %v, want %v", tt.name, list[0].LastUsed, tt.want)
		}
	}
}

// setupToken: every setup token made in its life creates the admin (each
// replica prints its own), once: the admin ends them all; an expired one
// does not, and goes when the next is made; a refused admin keeps the
// tokens for another try.
func setupToken(t *testing.T, s AccountStore) {
	ctx := context.Background()
	const life = 24 * time.Hour
	now := t0
	since := now.Add(-life)
	if err := s.UseSetupToken(ctx, "never", since, NewUser("root0", "root0", true)); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("UseSetupToken(never made) = %v, want ErrNotFound", err)
	}
	for _, put := range []struct {
		hash string
		at   time.Time
	}{{"old", now.Add(-life - time.Second)}, {"first", now.Add(-time.Hour)}, {"second", now}} {
		if err := s.PutSetupToken(ctx, put.hash, put.at, put.at.Add(-life)); err != nil {
			t.Fatal(err)
		}
	}
	admin := NewUser("root", "root", true)
	if err := s.UseSetupToken(ctx, "old", since, admin); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("UseSetupToken(an expired token) = %v, want ErrNotFound", err)
	}
	createUsers(t, s, NewUser("taken", "taken", false))
	if err := s.UseSetupToken(ctx, "second", since, NewUser("taken", "x", true)); !errors.Is(err, server.ErrExists) {
		t.Errorf("UseSetupToken(taken login) = %v, want ErrExists", err)
	}
	if has, err := s.HasAdmin(ctx); err != nil || has {
		t.Errorf("HasAdmin() after refused setups = %v, %v; want false", has, err)
	}
	// Another replica's token, made an hour before, works.
	if err := s.UseSetupToken(ctx, "first", since, admin); err != nil {
		t.Fatalf("UseSetupToken: %v", err)
	}
	if u, err := s.UserByLogin(ctx, "root"); err != nil || !cmp.Equal(u, admin) {
		t.Errorf("the setup's admin = %+v, %v; want %+v", u, err, admin)
	}
	for _, hash := range []string{"first", "second"} {
		if err := s.UseSetupToken(ctx, hash, since, NewUser("root2", "root2", true)); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("UseSetupToken(%s) after the admin = %v, want ErrNotFound", hash, err)
		}
	}
	if _, err := s.UserByLogin(ctx, "root2"); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("a used setup token created root2: %v", err)
	}
}

// setupTokenAfterAdmin: an admin made without the setup link (gloss user
// add --admin) ends every setup token too, and a token put while an admin
// exists (a replica that started as the admin was made) makes no admin.
func setupTokenAfterAdmin(t *testing.T, s AccountStore) {
	ctx := context.Background()
	since := t0.Add(-24 * time.Hour)
	if err := s.PutSetupToken(ctx, "printed", t0, since); err != nil {
		t.Fatal(err)
	}
	createUsers(t, s, NewUser("cliadmin", "cliadmin", true))
	if err := s.PutSetupToken(ctx, "late", t0, since); err != nil {
		t.Fatal(err)
	}
	for _, hash := range []string{"printed", "late"} {
		if err := s.UseSetupToken(ctx, hash, since, NewUser("sneak", "sneak", true)); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("UseSetupToken(%s) with an admin made by CreateUser = %v, want ErrNotFound", hash, err)
		}
	}
	if _, err := s.UserByLogin(ctx, "sneak"); !errors.Is(err, server.ErrNotFound) {
		t.Errorf("a setup token made an admin while one existed: %v", err)
	}
}
