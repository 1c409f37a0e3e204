package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
)

// openAccount signs login in on a new browser (an admin's account when
// admin) and opens their account page through their name in the top bar.
func openAccount(t *testing.T, srv *server, login string, admin bool) context.Context {
	t.Helper()
	addUser(t, srv.DataDir, login, admin)
	ctx := newBrowser(t, "")
	navigate(t, ctx, srv.URL+"/")
	signIn(t, ctx, srv, login)
	click(t, ctx, "#user-name")
	waitFor(t, ctx, `location.pathname === "/account" && !!document.getElementById("password-form") && document.getElementById("account-who")?.textContent.includes("(login `+login+`)")`, 15*time.Second)
	return ctx
}

// textOf is the text content of the element with id, "" when there is none.
func textOf(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	return evalJS[string](t, ctx, fmt.Sprintf(`document.getElementById(%s)?.textContent ?? ""`, jsString(id)))
}

// signInWith fills the sign-in form the page shows with login and password
// and sends it.
func signInWith(t *testing.T, ctx context.Context, login, password string) {
	t.Helper()
	waitFor(t, ctx, `!!document.getElementById("signin-form")`, 15*time.Second)
	setValue(t, ctx, "#account-login", login)
	setValue(t, ctx, "#account-password", password)
	click(t, ctx, "#signin-submit")
}

// TestAccountPageChangesThePassword: the password form checks its fields
// beside each with the account rules, shows the server's answer to a wrong
// current password, and changes it: the session goes on, the old password
// then fails on /signin and the new one signs in.
func TestAccountPageChangesThePassword(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := openAccount(t, srv, "pat", false)
	if evalJS[bool](t, ctx, `!!document.getElementById("user-section")`) {
		t.Error("a user who is not an admin sees the Users section")
	}
	const newPassword = "a brand new password"

	setValue(t, ctx, "#account-current", passwordOf("pat"))
	setValue(t, ctx, "#account-new", "short")
	setValue(t, ctx, "#account-new-again", "shorter")
	click(t, ctx, "#password-submit")
	waitFor(t, ctx, `document.getElementById("account-new-error").textContent.includes("shorter than 10") && document.getElementById("account-new-again-error").textContent.includes("differ")`, 5*time.Second)

	setValue(t, ctx, "#account-current", "not my password")
	setValue(t, ctx, "#account-new", newPassword)
	setValue(t, ctx, "#account-new-again", newPassword)
	click(t, ctx, "#password-submit")
	waitFor(t, ctx, `document.getElementById("password-error").textContent === "the current password is wrong: nothing was changed"`, 10*time.Second)

	setValue(t, ctx, "#account-current", passwordOf("pat"))
	click(t, ctx, "#password-submit")
	waitFor(t, ctx, `document.getElementById("password-done")?.hidden === false && document.getElementById("password-error").textContent === ""`, 10*time.Second)
	if got := evalAsync[int](t, ctx, `fetch("/api/v1/me", {credentials: "same-origin"}).then((r) => r.status)`); got != 200 {
		t.Errorf("after the change the page's session answers %d, want 200 (the new cookie)", got)
	}

	signOut(t, ctx)
	navigate(t, ctx, srv.URL+"/signin")
	waitApp(t, ctx)
	signInWith(t, ctx, "pat", passwordOf("pat"))
	waitFor(t, ctx, `document.getElementById("signin-error").textContent === "the login name or the password is wrong"`, 10*time.Second)
	signInWith(t, ctx, "pat", newPassword)
	waitFor(t, ctx, `document.getElementById("user-name")?.textContent === "pat"`, 15*time.Second)
}

// bearerMe asks the server who secret's token belongs to, and returns the
// status and the answer.
func bearerMe(t *testing.T, srv *server, secret string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+api.PathMe, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestAccountPageMakesAndRevokesTokens: a token made on the page shows its
// secret once, works as "Authorization: Bearer", and after Revoke (which
// asks first) gets 401. With the server stopped, the form says that it
// needs the server and keeps what was typed.
func TestAccountPageMakesAndRevokesTokens(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := openAccount(t, srv, "tia", false)

	click(t, ctx, "#token-submit")
	waitFor(t, ctx, `document.getElementById("account-token-name-error").textContent.startsWith("Name is empty")`, 5*time.Second)
	setValue(t, ctx, "#account-token-name", "nightly script")
	click(t, ctx, "#token-submit")
	waitFor(t, ctx, `document.getElementById("token-secret").textContent !== "" && document.getElementById("token-list").textContent.includes("nightly script · created") && document.getElementById("account-token-name").value === ""`, 10*time.Second)
	secret := textOf(t, ctx, "token-secret")
	if note := textOf(t, ctx, "token-secret-note"); !strings.Contains(note, "not shown again") || !strings.Contains(note, "Authorization: Bearer "+secret) {
		t.Errorf("the note beside the secret reads %q", note)
	}
	if status, body := bearerMe(t, srv, secret); status != 200 || !strings.Contains(body, `"login":"tia"`) {
		t.Fatalf("GET /api/v1/me with the token: %d %s", status, body)
	}

	// Shown once: the page opened again lists the token, not its secret.
	navigate(t, ctx, srv.URL+"/account")
	waitApp(t, ctx)
	waitFor(t, ctx, `document.getElementById("token-list")?.textContent.includes("nightly script")`, 15*time.Second)
	if got := textOf(t, ctx, "token-secret"); got != "" {
		t.Errorf("the secret is shown again: %q", got)
	}

	click(t, ctx, "#token-list .revoke")
	waitFor(t, ctx, `document.getElementById("revoke-confirm")?.hidden === false`, 5*time.Second)
	if status, _ := bearerMe(t, srv, secret); status != 200 {
		t.Fatalf("the token stopped working before the user said yes: %d", status)
	}
	click(t, ctx, "#revoke-yes")
	waitFor(t, ctx, `document.getElementById("revoke-confirm").hidden && !document.getElementById("token-list").textContent.includes("nightly script")`, 10*time.Second)
	if status, body := bearerMe(t, srv, secret); status != 401 {
		t.Errorf("GET /api/v1/me with the revoked token: %d %s, want 401", status, body)
	}

	srv.stop()
	setValue(t, ctx, "#account-token-name", "offline try")
	click(t, ctx, "#token-submit")
	waitFor(t, ctx, `document.getElementById("token-error").textContent.startsWith("The server cannot be reached")`, 30*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("account-token-name").value`); got != "offline try" {
		t.Errorf("the name field holds %q after the failure, want what was typed", got)
	}
}

// TestAccountPageAddsUsers: an admin's page lists the users and adds one,
// showing the password the server generated once; that user signs in with
// it, and their own page has no Users section.
func TestAccountPageAddsUsers(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := openAccount(t, srv, "ada", true)
	waitFor(t, ctx, `document.getElementById("user-list")?.textContent.includes("ada · admin")`, 15*time.Second)

	click(t, ctx, "#user-submit")
	waitFor(t, ctx, `document.getElementById("account-user-login-error").textContent === "Login is empty: choose a login name"`, 5*time.Second)

	setValue(t, ctx, "#account-user-login", "Newbie")
	setValue(t, ctx, "#account-user-display", "New Bie")
	click(t, ctx, "#user-submit")
	waitFor(t, ctx, `document.getElementById("user-password").textContent !== "" && document.getElementById("user-list").textContent.includes("newbie (New Bie)")`, 10*time.Second)
	password := textOf(t, ctx, "user-password")
	if note := textOf(t, ctx, "user-password-note"); !strings.Contains(note, "newbie") || !strings.Contains(note, "not shown again") {
		t.Errorf("the note beside the password reads %q", note)
	}

	// A second one, an admin (the checkbox).
	setValue(t, ctx, "#account-user-login", "boss")
	click(t, ctx, "#account-user-admin")
	click(t, ctx, "#user-submit")
	waitFor(t, ctx, `document.getElementById("user-list").textContent.includes("boss · admin")`, 10*time.Second)

	signOut(t, ctx)
	signInWith(t, ctx, "newbie", password)
	waitFor(t, ctx, `document.getElementById("user-name")?.textContent === "New Bie"`, 15*time.Second)
	click(t, ctx, "#user-name")
	waitFor(t, ctx, `location.pathname === "/account" && document.getElementById("account-who")?.textContent.includes("(login newbie)")`, 15*time.Second)
	waitFor(t, ctx, `!!document.getElementById("token-section")`, 5*time.Second)
	if evalJS[bool](t, ctx, `!!document.getElementById("user-section")`) {
		t.Error("newbie, not an admin, sees the Users section")
	}
}

// TestSignOutOfflineEndsTheSessionLater: signing out while the server
// cannot be reached forgets the user on the device at once, and the
// session, whose cookie the page cannot remove, is ended on the server as
// soon as it answers again: the cookie no longer opens the account.
func TestSignOutOfflineEndsTheSessionLater(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := newBrowser(t, "")
	navigate(t, ctx, srv.URL+"/")
	signIn(t, ctx, srv, "leo")
	const meStatus = `fetch("/api/v1/me", {credentials: "same-origin"}).then((r) => r.status)`
	if got := evalAsync[int](t, ctx, meStatus); got != http.StatusOK {
		t.Fatalf("signed in, /api/v1/me answers %d", got)
	}
	srv.stop()
	click(t, ctx, "#sign-out")
	waitFor(t, ctx, `!document.getElementById("user-name") && (!!document.getElementById("sign-in-link") || !!document.getElementById("signin-form"))`, 10*time.Second)

	srv = startServer(t, srv.DataDir, srv.Addr)
	navigate(t, ctx, srv.URL+"/") // a later visit; its sync loop runs at once
	deadline := time.Now().Add(30 * time.Second)
	for evalAsync[int](t, ctx, meStatus) != http.StatusUnauthorized {
		if time.Now().After(deadline) {
			t.Fatal("30 s after the server came back, the cookie of the session signed out offline still opens the account")
		}
		time.Sleep(500 * time.Millisecond)
	}
	if got := evalJS[string](t, ctx, `localStorage.getItem("gloss.signout") ?? ""`); got != "" {
		t.Errorf("the pending sign-out is still marked (%q) once done", got)
	}
}
