package server_test

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/internal/secret"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/google/go-cmp/cmp"
)

// carolPassword is the password of the users that tests sign in as.
const carolPassword = "correct horse battery"

// signIn posts a sign-in from the client address addr ("" for
// httptest's).
func signIn(t *testing.T, e *env, addr, login, password string) response {
	t.Helper()
	req := httptest.NewRequest("POST", api.PathSignIn, strings.NewReader(jsonBody(t, api.SignInRequest{Login: login, Password: password})))
	req.Header.Set("Content-Type", "application/json")
	if addr != "" {
		req.RemoteAddr = addr
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
}

// sessionCookie returns the session cookie an answer sets, nil when none.
func sessionCookie(r response) *http.Cookie {
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == api.SessionCookie {
			return c
		}
	}
	return nil
}

// signedIn signs login in and returns the client of the session.
func signedIn(t *testing.T, e *env, login, password string) *client {
	t.Helper()
	r := signIn(t, e, "", login, password)
	c := sessionCookie(r)
	if r.status != 200 || c == nil {
		t.Fatalf("sign-in of %s: %d %s (cookie %v)", login, r.status, r.body, c)
	}
	return e.withCookie(c)
}

// meOf returns who GET /api/v1/me says c is, failing unless it is a 200.
func meOf(t *testing.T, c *client) api.User {
	t.Helper()
	r := c.do(t, "GET", api.PathMe, "", "")
	if r.status != 200 {
		t.Fatalf("GET me: %d %s", r.status, r.body)
	}
	var me api.Me
	decode(t, r, &me)
	return me.User
}

// wantError fails unless r is the JSON error status/code whose message
// contains message.
func wantError(t *testing.T, what string, r response, status int, code, message string) {
	t.Helper()
	if r.status != status {
		t.Errorf("%s: status %d, want %d: %s", what, r.status, status, r.body)
		return
	}
	if got := errorOf(t, r); got.Code != code || !strings.Contains(got.Message, message) {
		t.Errorf("%s: error %+v, want %s with %q", what, got, code, message)
	}
}

// TestSignIn: the right password starts a session whose cookie is
// HttpOnly, SameSite=Strict, for the whole site, 30 days; an unknown login,
// an account without a password and a wrong password get one and the same
// 401; a body that is not a sign-in is a 400.
func TestSignIn(t *testing.T) {
	clk := newClock()
	e := newEnv(t, server.Options{Now: clk.Now})
	carol := e.addUser(t, "carol", carolPassword, false)
	e.as(t, "nopassword")

	r := signIn(t, e, "", "  Carol ", carolPassword) // the login as typed: normalized
	if r.status != 200 {
		t.Fatalf("sign-in: %d %s", r.status, r.body)
	}
	var me api.Me
	decode(t, r, &me)
	want := api.User{ID: carol.user.ID, Login: "carol", Annotator: "carol", HasPassword: true, Created: carol.user.Created}
	if diff := cmp.Diff(want, me.User); diff != "" {
		t.Errorf("sign-in answer (-want +got):\n%s", diff)
	}
	c := sessionCookie(r)
	switch {
	case c == nil:
		t.Fatalf("no session cookie: %v", r.header)
	case !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Secure:
		t.Errorf("cookie %q: want HttpOnly, SameSite=Strict, Path=/, not Secure over plain HTTP", r.header.Get("Set-Cookie"))
	case c.MaxAge != 30*24*3600 || !c.Expires.Equal(clk.Now().Add(30*24*time.Hour).Truncate(time.Second)):
		t.Errorf("cookie %q: want Max-Age and Expires 30 days ahead", r.header.Get("Set-Cookie"))
	}
	if got := meOf(t, e.withCookie(c)); got.Login != "carol" {
		t.Errorf("GET me with the cookie: %+v, want carol", got)
	}

	const wrong = "the login name or the password is wrong"
	var bodies []string
	for _, tt := range []struct{ name, login, password string }{
		{"wrong password", "carol", "not her password"},
		{"unknown login", "nobody", carolPassword},
		{"account without a password", "nopassword", carolPassword},
		{"empty login", "", carolPassword},
		{"empty password", "carol", ""},
		{"password beyond the cap", "carol", strings.Repeat("x", 2000)},
	} {
		r := signIn(t, e, "", tt.login, tt.password)
		wantError(t, tt.name, r, 401, api.CodeUnauthenticated, wrong)
		if sessionCookie(r) != nil {
			t.Errorf("%s: a session cookie was set", tt.name)
		}
		bodies = append(bodies, r.body)
	}
	for i := range bodies {
		if bodies[i] != bodies[0] {
			t.Errorf("the failed sign-ins' answers differ: %q and %q", bodies[0], bodies[i])
		}
	}

	for _, tt := range []struct{ name, body, contentType string }{
		{"not JSON", `{"login":`, "application/json"},
		{"unknown field", `{"login":"carol","password":"x","remember":true}`, "application/json"},
		{"not JSON typed", `login=carol`, "application/x-www-form-urlencoded"},
	} {
		r := e.anonymous().do(t, "POST", api.PathSignIn, tt.contentType, tt.body)
		if r.status != 400 && r.status != 415 {
			t.Errorf("%s: status %d, want 400 or 415: %s", tt.name, r.status, r.body)
		}
	}
}

// TestSessionCookieSecure: the session cookie is Secure when the request
// came over TLS, or when the public URL is https (a proxy ends TLS).
func TestSessionCookieSecure(t *testing.T) {
	for _, tt := range []struct {
		name      string
		publicURL string
		tls       bool
		want      bool
	}{
		{"plain HTTP", "", false, false},
		{"plain HTTP, public URL http", "http://gloss.example.org", false, false},
		{"over TLS", "", true, true},
		{"behind a proxy with an https public URL", "https://gloss.example.org", false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, server.Options{PublicURL: tt.publicURL})
			e.addUser(t, "carol", carolPassword, false)
			req := httptest.NewRequest("POST", api.PathSignIn, strings.NewReader(jsonBody(t, api.SignInRequest{Login: "carol", Password: carolPassword})))
			req.Header.Set("Content-Type", "application/json")
			if tt.tls {
				req.TLS = &tls.ConnectionState{}
			}
			rec := httptest.NewRecorder()
			e.handler.ServeHTTP(rec, req)
			c := sessionCookie(response{status: rec.Code, header: rec.Header()})
			if rec.Code != 200 || c == nil {
				t.Fatalf("sign-in: %d %s", rec.Code, rec.Body)
			}
			if c.Secure != tt.want || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
				t.Errorf("cookie %q: Secure %v, want %v (and HttpOnly, SameSite=Strict)", rec.Header().Get("Set-Cookie"), c.Secure, tt.want)
			}
		})
	}
}

// TestSessionSlidingExpiry: a session lasts 30 days from its last
// renewal; used with less than 29 days left it is renewed, with a new
// Set-Cookie (at most once a day); unused for 30 days it ends, and its
// cookie is cleared.
func TestSessionSlidingExpiry(t *testing.T) {
	clk := newClock()
	e := newEnv(t, server.Options{Now: clk.Now})
	e.addUser(t, "carol", carolPassword, false)
	s := signedIn(t, e, "carol", carolPassword)
	day := 24 * time.Hour

	clk.advance(23 * time.Hour)
	if r := s.do(t, "GET", api.PathMe, "", ""); r.status != 200 || r.header.Get("Set-Cookie") != "" {
		t.Errorf("within the first day: %d, Set-Cookie %q; want 200 and no new cookie", r.status, r.header.Get("Set-Cookie"))
	}
	clk.advance(2 * time.Hour) // 25 hours in: less than 29 days left
	r := s.do(t, "GET", api.PathMe, "", "")
	c := sessionCookie(r)
	if r.status != 200 || c == nil || c.Value != s.cookie.Value || c.MaxAge != 30*24*3600 {
		t.Fatalf("after a day: %d, cookie %v; want 200 and the same session renewed for 30 days", r.status, c)
	}
	if r := s.do(t, "GET", api.PathMe, "", ""); r.header.Get("Set-Cookie") != "" {
		t.Errorf("renewed again right after: Set-Cookie %q", r.header.Get("Set-Cookie"))
	}
	clk.advance(30*day - time.Minute) // still inside the renewed 30 days
	if r := s.do(t, "GET", api.PathMe, "", ""); r.status != 200 {
		t.Fatalf("29 days 23 hours after the renewal: %d %s", r.status, r.body)
	}
	clk.advance(30*day + time.Minute) // unused for 30 days
	r = s.do(t, "GET", api.PathMe, "", "")
	wantError(t, "a session unused for 30 days", r, 401, api.CodeUnauthenticated, "the session has expired or was ended: sign in again")
	if c := sessionCookie(r); c == nil || c.MaxAge >= 0 {
		t.Errorf("the expired session's cookie is not cleared: %q", r.header.Get("Set-Cookie"))
	}
}

// TestAuthenticationRefused: without a valid credential every API route
// but sign-in and setup is a 401 that says what to do, whatever was wrong.
func TestAuthenticationRefused(t *testing.T) {
	e := newEnv(t, server.Options{})
	for _, tt := range []struct {
		name    string
		headers []string
		message string
	}{
		{"nothing", nil, "sign in first"},
		{"another scheme", []string{"Authorization", "Basic YW5uOnBhc3M="}, `"Bearer " followed by an API token`},
		{"Bearer alone", []string{"Authorization", "Bearer"}, `"Bearer " followed by an API token`},
		{"Bearer and two words", []string{"Authorization", "Bearer a b"}, `"Bearer " followed by an API token`},
		{"an empty header", []string{"Authorization", ""}, `"Bearer " followed by an API token`},
		{"an unknown token", []string{"Authorization", "Bearer " + strings.Repeat("A", 43)}, "this API token is not valid (revoked?)"},
		{"an unknown session", []string{"Cookie", api.SessionCookie + "=" + strings.Repeat("A", 43)}, "the session has expired or was ended: sign in again"},
	} {
		r := e.anonymous().do(t, "GET", api.PathArticles, "", "", tt.headers...)
		wantError(t, tt.name, r, 401, api.CodeUnauthenticated, tt.message)
	}
	// Two Authorization headers: refused, not one of them picked.
	req := e.authorize(httptest.NewRequest("GET", api.PathArticles, nil))
	req.Header.Add("Authorization", "Bearer "+e.token)
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	wantError(t, "two Authorization headers", response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}, 401, api.CodeUnauthenticated, `"Bearer "`)
}

// TestSignOut: signing out ends that session (its cookie cleared, then
// refused) and no other; with an API token it ends nothing.
func TestSignOut(t *testing.T) {
	e := newEnv(t, server.Options{})
	e.addUser(t, "carol", carolPassword, false)
	laptop, phone := signedIn(t, e, "carol", carolPassword), signedIn(t, e, "carol", carolPassword)
	r := laptop.do(t, "POST", api.PathSignOut, "", "")
	if c := sessionCookie(r); r.status != 204 || c == nil || c.MaxAge >= 0 || c.Value != "" {
		t.Fatalf("sign-out: %d, Set-Cookie %q; want 204 and the cookie cleared", r.status, r.header.Get("Set-Cookie"))
	}
	wantError(t, "the signed-out session", laptop.do(t, "GET", api.PathMe, "", ""), 401, api.CodeUnauthenticated, "expired or was ended")
	meOf(t, phone) // the other session lives on
	if r := e.do(t, "POST", api.PathSignOut, "", ""); r.status != 204 || r.header.Get("Set-Cookie") != "" {
		t.Errorf("sign-out with an API token: %d, Set-Cookie %q; want 204 and no cookie", r.status, r.header.Get("Set-Cookie"))
	}
	meOf(t, e.client) // the token stays valid
	wantError(t, "sign-out without a session", e.anonymous().do(t, "POST", api.PathSignOut, "", ""), 401, api.CodeUnauthenticated, "sign in first")
}

// TestChangePassword: the current password must be given (403 when
// wrong, nothing changed), the new one must pass the rules (400); a change
// ends every session of the user, gives the request a new one, and keeps
// the API tokens.
func TestChangePassword(t *testing.T) {
	e := newEnv(t, server.Options{})
	carol := e.addUser(t, "carol", carolPassword, false)
	laptop, phone := signedIn(t, e, "carol", carolPassword), signedIn(t, e, "carol", carolPassword)
	const newPassword = "a new and longer passphrase"

	wantError(t, "wrong current password", laptop.postJSON(t, api.PathPassword, api.PasswordChange{Current: "not it at all", New: newPassword}),
		403, api.CodeForbidden, "the current password is wrong")
	wantError(t, "new password too short", laptop.postJSON(t, api.PathPassword, api.PasswordChange{Current: carolPassword, New: "short"}),
		400, api.CodeInvalid, "password: is shorter than 10 characters")
	wantError(t, "unknown field", laptop.postJSON(t, api.PathPassword, `{"current":"x","new":"y","again":"y"}`), 400, api.CodeInvalid, "unknown field")
	meOf(t, phone) // nothing changed: both sessions live
	meOf(t, laptop)

	r := laptop.postJSON(t, api.PathPassword, api.PasswordChange{Current: carolPassword, New: newPassword})
	fresh := sessionCookie(r)
	if r.status != 200 || fresh == nil || fresh.Value == laptop.cookie.Value {
		t.Fatalf("password change: %d %s, cookie %v; want 200 and a new session", r.status, r.body, fresh)
	}
	for name, c := range map[string]*client{"the session that changed it": laptop, "another session": phone} {
		wantError(t, name, c.do(t, "GET", api.PathMe, "", ""), 401, api.CodeUnauthenticated, "expired or was ended")
	}
	meOf(t, e.withCookie(fresh))
	meOf(t, carol) // her API token
	wantError(t, "the old password", signIn(t, e, "", "carol", carolPassword), 401, api.CodeUnauthenticated, "wrong")
	signedIn(t, e, "carol", newPassword)

	// With an API token: the password changes, no cookie is set.
	r = carol.postJSON(t, api.PathPassword, api.PasswordChange{Current: newPassword, New: carolPassword})
	if r.status != 200 || sessionCookie(r) != nil {
		t.Errorf("password change with an API token: %d, Set-Cookie %q; want 200 and no cookie", r.status, r.header.Get("Set-Cookie"))
	}
}

// TestSetup: the setup link's token creates the first admin and signs
// them in, once; a wrong token is 403; an account the rules refuse is 400
// and leaves the token usable.
func TestSetup(t *testing.T) {
	store, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	e := newEnvWithoutAdmin(t, store, server.Options{})
	token, hash, err := secret.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.PutSetupToken(context.Background(), hash, time.Now(), time.Now().Add(-server.SetupTokenLife)); err != nil {
		t.Fatal(err)
	}
	good := api.SetupRequest{Token: token, Login: "Root", DisplayName: "The Admin", Password: carolPassword}
	for _, tt := range []struct {
		name    string
		req     api.SetupRequest
		status  int
		code    string
		message string
	}{
		{"wrong token", api.SetupRequest{Token: "not-the-token", Login: "root", Password: carolPassword}, 403, api.CodeForbidden, "this setup link was used already or is not valid"},
		{"no token", api.SetupRequest{Login: "root", Password: carolPassword}, 403, api.CodeForbidden, "this setup link was used already or is not valid"},
		{"empty login", api.SetupRequest{Token: token, Password: carolPassword}, 400, api.CodeInvalid, "login: is empty"},
		{"short password", api.SetupRequest{Token: token, Login: "root", Password: "short"}, 400, api.CodeInvalid, "password: is shorter"},
		{"display name with a newline", api.SetupRequest{Token: token, Login: "root", DisplayName: "a\nb", Password: carolPassword}, 400, api.CodeInvalid, "display_name"},
		{"login taken", api.SetupRequest{Token: token, Login: "ann", Password: carolPassword}, 409, api.CodeConflict, ""},
	} {
		wantError(t, tt.name, e.anonymous().postJSON(t, api.PathSetup, tt.req), tt.status, tt.code, tt.message)
	}
	r := e.anonymous().postJSON(t, api.PathSetup, good)
	if r.status != 201 {
		t.Fatalf("setup: %d %s", r.status, r.body)
	}
	var me api.Me
	decode(t, r, &me)
	if me.User.Login != "root" || me.User.Annotator != "root" || !me.User.Admin || me.User.DisplayName != "The Admin" || !me.User.HasPassword {
		t.Errorf("setup made %+v; want the admin root", me.User)
	}
	c := sessionCookie(r)
	if c == nil {
		t.Fatal("setup set no session cookie")
	}
	if got := meOf(t, e.withCookie(c)); !got.Admin {
		t.Errorf("the setup session's user is %+v, want an admin", got)
	}
	good.Login = "root2"
	wantError(t, "the link used again", e.anonymous().postJSON(t, api.PathSetup, good), 403, api.CodeForbidden, "used already")
}

// TestTokens: a user makes API tokens (the secret shown once), lists them
// (never the secret; last use noted), and revokes their own only.
func TestTokens(t *testing.T) {
	clk := newClock()
	e := newEnv(t, server.Options{Now: clk.Now})
	// A token is made in a signed-in session, never with a token: one
	// that leaked could make others that outlive its revocation.
	before := e.snapshot(t)
	wantError(t, "a token making a token", e.postJSON(t, api.PathTokens, api.TokenRequest{Name: "nightly export"}), 403, api.CodeForbidden, "made in a signed-in session")
	e.unchanged(t, before)
	if err := e.store.SetPassword(context.Background(), e.as(t, annLogin).user.ID, passwordHash()); err != nil {
		t.Fatal(err)
	}
	session := signedIn(t, e, annLogin, carolPassword)
	r := session.postJSON(t, api.PathTokens, api.TokenRequest{Name: "nightly export"})
	if r.status != 201 {
		t.Fatalf("create token: %d %s", r.status, r.body)
	}
	var made api.NewToken
	decode(t, r, &made)
	if made.Secret == "" || made.Token.Name != "nightly export" || made.Token.ID == "" || made.Token.LastUsed != nil {
		t.Fatalf("new token %+v", made)
	}
	script := &client{e: e, token: made.Secret}
	clk.advance(time.Hour)
	if got := meOf(t, script); got.Login != annLogin {
		t.Errorf("the new token is %s's, want ann's", got.Login)
	}
	r = e.do(t, "GET", api.PathTokens, "", "")
	if r.status != 200 || strings.Contains(r.body, made.Secret) {
		t.Fatalf("list tokens: %d %s (the secret must not be listed)", r.status, r.body)
	}
	var list api.TokenList
	decode(t, r, &list)
	listed := map[string]api.Token{}
	for _, tok := range list.Tokens {
		listed[tok.ID] = tok
	}
	if got, ok := listed[made.Token.ID]; len(list.Tokens) != 2 || !ok || got.Name != "nightly export" || got.LastUsed == nil || !got.LastUsed.Equal(clk.Now()) {
		t.Errorf("tokens %+v; want 2, the new one used at %v", list.Tokens, clk.Now())
	}

	for _, tt := range []struct{ name, body, message string }{
		{"no name", `{"name":""}`, "name is empty"},
		{"a name with a newline", `{"name":"a\nb"}`, "control characters"},
		{"a name too long", `{"name":"` + strings.Repeat("n", 101) + `"}`, "longer than 100"},
		{"unknown field", `{"name":"x","scope":"all"}`, "unknown field"},
	} {
		wantError(t, tt.name, session.postJSON(t, api.PathTokens, tt.body), 400, api.CodeInvalid, tt.message)
	}

	bob := e.as(t, "bob")
	wantError(t, "revoking another user's token", bob.do(t, "DELETE", api.TokenPath(made.Token.ID), "", ""), 404, api.CodeNotFound, "no API token")
	meOf(t, script)
	wantError(t, "revoking no token", e.do(t, "DELETE", api.TokenPath("not-a-token"), "", ""), 404, api.CodeNotFound, "no API token")
	if r := e.do(t, "DELETE", api.TokenPath(made.Token.ID), "", ""); r.status != 204 {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	wantError(t, "a revoked token", script.do(t, "GET", api.PathMe, "", ""), 401, api.CodeUnauthenticated, "this API token is not valid (revoked?)")
	wantError(t, "revoking it again", e.do(t, "DELETE", api.TokenPath(made.Token.ID), "", ""), 404, api.CodeNotFound, "no API token")
}

// TestUsers: admins list and create users; a new user's annotator name is
// its login; without a password one is made and answered once; a taken
// login is 409; anyone else is 403.
func TestUsers(t *testing.T) {
	e := newEnv(t, server.Options{})
	admin := e.admin(t)
	r := admin.postJSON(t, api.PathUsers, api.UserRequest{Login: " Dan ", DisplayName: "Dan D."})
	if r.status != 201 {
		t.Fatalf("create user: %d %s", r.status, r.body)
	}
	var made api.NewUser
	decode(t, r, &made)
	if u := made.User; u.Login != "dan" || u.Annotator != "dan" || u.DisplayName != "Dan D." || u.Admin || !u.HasPassword || len(made.Password) != 20 {
		t.Fatalf("new user %+v, password %q; want dan, its annotator name dan, a generated password", u, made.Password)
	}
	signedIn(t, e, "dan", made.Password)

	r = admin.postJSON(t, api.PathUsers, api.UserRequest{Login: "eve", Password: carolPassword, Admin: true})
	var eve api.NewUser
	decode(t, r, &eve)
	if r.status != 201 || eve.Password != "" || !eve.User.Admin {
		t.Errorf("create an admin with a password: %d %s; want 201, no password answered", r.status, r.body)
	}
	signedIn(t, e, "eve", carolPassword)

	before, err := e.store.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		body    any
		status  int
		code    string
		message string
	}{
		{"login taken", api.UserRequest{Login: "DAN"}, 409, api.CodeConflict, `the login "dan"`},
		{"login of an annotator name", api.UserRequest{Login: "ann"}, 409, api.CodeConflict, "taken"},
		{"empty login", api.UserRequest{Login: "  "}, 400, api.CodeInvalid, "login: is empty"},
		{"login too long", api.UserRequest{Login: strings.Repeat("l", 200)}, 400, api.CodeInvalid, "login: is longer"},
		{"login with a comma", api.UserRequest{Login: "x,y"}, 400, api.CodeInvalid, "comma or a slash"},
		{"login with a slash", api.UserRequest{Login: "a/b"}, 400, api.CodeInvalid, "comma or a slash"},
		{"login with a Cyrillic letter among Latin ones", api.UserRequest{Login: "g\u043eld"}, 400, api.CodeInvalid, "mixes the scripts Latin and Cyrillic"},
		{"login with a zero-width space", api.UserRequest{Login: "b\u200bob"}, 400, api.CodeInvalid, "invisible character (U+200B)"},
		{"short password", api.UserRequest{Login: "fay", Password: "short"}, 400, api.CodeInvalid, "password: is shorter"},
		{"display name with a tab", api.UserRequest{Login: "fay", DisplayName: "a\tb"}, 400, api.CodeInvalid, "display_name"},
		{"display name with a right-to-left override", api.UserRequest{Login: "fay", DisplayName: "Fay \u202Enimda"}, 400, api.CodeInvalid, "display_name"},
		{"display name with an isolate", api.UserRequest{Login: "fay", DisplayName: "\u2067Fay\u2069"}, 400, api.CodeInvalid, "display_name"},
		{"unknown field", `{"login":"fay","role":"admin"}`, 400, api.CodeInvalid, "unknown field"},
	} {
		wantError(t, tt.name, admin.postJSON(t, api.PathUsers, tt.body), tt.status, tt.code, tt.message)
	}
	wantError(t, "an annotator creating a user", e.postJSON(t, api.PathUsers, api.UserRequest{Login: "fay"}), 403, api.CodeForbidden, "only an admin")
	after, err := e.store.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("refused requests made users: %d before, %d after", len(before), len(after))
	}

	r = admin.do(t, "GET", api.PathUsers, "", "")
	var list api.UserList
	decode(t, r, &list)
	var logins []string
	for _, u := range list.Users {
		logins = append(logins, u.Login)
	}
	if diff := cmp.Diff([]string{"admin", "ann", "dan", "eve"}, logins); r.status != 200 || diff != "" {
		t.Errorf("GET users: %d, logins (-want +got):\n%s", r.status, diff)
	}
	if strings.Contains(r.body, "argon2") {
		t.Errorf("the user list shows password hashes: %s", r.body)
	}
	wantError(t, "an annotator listing users", e.do(t, "GET", api.PathUsers, "", ""), 403, api.CodeForbidden, "only an admin")
}

// TestSignInRateLimit: after 5 failures a login waits, 15 s then twice as
// long after each further failure (at most 15 minutes), with a 429 and
// Retry-After that does not check the password; a success forgets the
// failures. An address that fails 20 times in 15 minutes waits for the
// window's end, whatever the login; another address does not.
func TestSignInRateLimit(t *testing.T) {
	clk := newClock()
	var logged syncBuffer
	e := newEnv(t, server.Options{Now: clk.Now, Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	e.addUser(t, "carol", carolPassword, false)
	const addr = "198.51.100.7:4000"
	fail := func(n int) {
		t.Helper()
		for range n {
			if r := signIn(t, e, addr, "carol", "wrong password"); r.status != 401 {
				t.Fatalf("failure: %d %s; want 401", r.status, r.body)
			}
		}
	}
	limited := func(what, addr, login string, wantWait int) {
		t.Helper()
		r := signIn(t, e, addr, login, carolPassword) // the right password
		wantError(t, what, r, 429, api.CodeRateLimited, "too many failed sign-ins")
		if got := r.header.Get("Retry-After"); got != strconv.Itoa(wantWait) {
			t.Errorf("%s: Retry-After %q, want %d", what, got, wantWait)
		}
	}
	fail(5)
	limited("the sixth attempt", addr, "carol", 15)
	// The log says what an operator lifts the wait of (gloss user unlock).
	if got := logged.String(); !strings.Contains(got, `msg="sign-in throttled" login=carol address=198.51.100.7 wait=15s`) {
		t.Errorf("the throttled sign-in is not logged with its login and address:\n%s", got)
	}
	clk.advance(10 * time.Second)
	limited("10 s later", addr, "carol", 5)
	clk.advance(5 * time.Second)
	fail(1)                                        // the 6th failure
	limited("after 6 failures", addr, "carol", 30) // twice as long
	clk.advance(30 * time.Second)
	if r := signIn(t, e, addr, "carol", carolPassword); r.status != 200 {
		t.Fatalf("the right password after the wait: %d %s", r.status, r.body)
	}
	fail(5) // forgotten at the success: 5 more before a wait
	limited("5 failures after a success", addr, "carol", 15)
	for range 12 { // the waits grow to the cap
		clk.advance(15 * time.Minute)
		fail(1)
	}
	limited("after many failures", addr, "carol", 15*60)

	// The address: 6+5+12 = 23 failures, but spread over hours. Fresh
	// window: 20 failures of unknown logins, then any login waits.
	clk.advance(time.Hour)
	for i := range 20 {
		if r := signIn(t, e, "203.0.113.9:1", "nobody"+strconv.Itoa(i), "x"); r.status != 401 {
			t.Fatalf("failure %d: %d", i, r.status)
		}
	}
	limited("an address after 20 failures", "203.0.113.9:2", "dan", 15*60)
	if r := signIn(t, e, "203.0.113.10:1", "nobody", "x"); r.status != 401 {
		t.Errorf("another address: %d, want 401 (not limited)", r.status)
	}
	clk.advance(15 * time.Minute)
	if r := signIn(t, e, "203.0.113.9:3", "nobody", "x"); r.status != 401 {
		t.Errorf("the address after 15 minutes: %d, want 401 (not limited)", r.status)
	}
}

// TestDisabledAccount: a disabled account (its hash marked, as gloss user
// disable does) signs in no more: the right password gets a 403 saying it
// is disabled, a wrong one the usual 401; its sessions end (SetPassword)
// and an API token not revoked yet is refused. Enabled again, the same
// password signs in.
func TestDisabledAccount(t *testing.T) {
	e := newEnv(t, server.Options{})
	carol := e.addUser(t, "carol", carolPassword, false)
	session := signedIn(t, e, "carol", carolPassword)
	ctx := context.Background()
	setHash := func(hash func(string) string) {
		u, err := e.store.UserByLogin(ctx, "carol")
		if err == nil {
			err = e.store.SetPassword(ctx, u.ID, hash(u.PasswordHash))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	setHash(server.DisabledHash)
	wantError(t, "the right password", signIn(t, e, "", "carol", carolPassword), 403, api.CodeForbidden, `the account "carol" is disabled: an admin may enable it again (gloss user enable carol)`)
	wantError(t, "a wrong password", signIn(t, e, "", "carol", "not the password"), 401, api.CodeUnauthenticated, "the login name or the password is wrong")
	for name, c := range map[string]*client{"a session": session, "an API token": carol} {
		if r := c.do(t, "GET", api.PathMe, "", ""); r.status != 401 {
			t.Errorf("%s of the disabled account: GET me %d %s, want 401", name, r.status, r.body)
		}
	}
	setHash(server.EnabledHash)
	if r := signIn(t, e, "", "carol", carolPassword); r.status != 200 {
		t.Errorf("enabled again: sign-in %d %s", r.status, r.body)
	}
}
