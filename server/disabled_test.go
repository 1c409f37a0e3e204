package server_test

import (
	"context"
	"slices"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// disable disables the account login as gloss user disable does (its
// password hash marked).
func (e *env) disable(t *testing.T, login string) {
	t.Helper()
	ctx := context.Background()
	u, err := e.store.UserByLogin(ctx, login)
	if err == nil {
		err = e.store.SetPassword(ctx, u.ID, server.DisabledHash(u.PasswordHash))
	}
	if err != nil {
		t.Fatal(err)
	}
}

// eachStore runs test on a new env of each store: SQLite, and PostgreSQL.
func eachStore(t *testing.T, test func(t *testing.T, e *env)) {
	eachStoreWith(t, server.Options{}, test)
}

// eachStoreWith is eachStore with the server's options.
func eachStoreWith(t *testing.T, opts server.Options, test func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) { test(t, newEnv(t, opts)) })
	t.Run("postgres", func(t *testing.T) { test(t, newEnvOn(t, replicas(t, 1)[0], opts)) })
}

// TestDisabledAccountListed: the user list and a project's member list say
// which account is disabled (and that it keeps its password); the
// progress marks a disabled annotator.
func TestDisabledAccountListed(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		e.addUser(t, "carol", carolPassword, false)
		withRole(t, e, "mia", api.RoleManager)
		e.as(t, "bob")
		e.disable(t, "carol")
		e.disable(t, "bob") // without a password
		admin := e.admin(t)

		type shown struct {
			Login                 string
			HasPassword, Disabled bool
		}
		var users api.UserList
		decode(t, admin.do(t, "GET", api.PathUsers, "", ""), &users)
		var got []shown
		for _, u := range users.Users {
			got = append(got, shown{u.Login, u.HasPassword, u.Disabled})
		}
		want := []shown{{"admin", false, false}, {"ann", false, false}, {"bob", false, true}, {"carol", true, true}, {"mia", false, false}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GET users (-want +got):\n%s", diff)
		}

		var members api.MemberList
		decode(t, admin.do(t, "GET", api.MembersPath(api.DefaultProject), "", ""), &members)
		disabled := map[string]bool{}
		for _, m := range members.Members {
			disabled[m.User.Login] = m.User.Disabled
		}
		if !disabled["carol"] || !disabled["bob"] || disabled[annLogin] || disabled["mia"] {
			t.Errorf("the members' disabled accounts: %v; want bob and carol only", disabled)
		}

		a := e.putArticle(t, "Merkel", merkelText)
		assign := mustRev(t)(annotations.NewAssignmentRevision("", "", annotations.Assignment{ArticleID: a.ID, Annotators: []string{annLogin}}))
		if r, _ := e.as(t, "mia").push(t, assign); r.status != 200 {
			t.Fatalf("assign ann: %d %s", r.status, r.body)
		}
		e.disable(t, annLogin)
		var prog api.Progress
		decode(t, e.as(t, "mia").do(t, "GET", api.ProgressPath(api.DefaultProject), "", ""), &prog)
		if want := []api.AnnotatorProgress{{Annotator: annLogin, Assigned: 1, NotStarted: 1, Disabled: true}}; !cmp.Equal(want, prog.Annotators) {
			t.Errorf("the progress's annotators: %+v, want %+v", prog.Annotators, want)
		}
	})
}

// TestAssignDisabledAccount: a push that assigns an article to a disabled
// account is refused for that revision, 400 with the account named; an
// assignment that keeps a disabled account assigned from before passes, as
// does one that drops it.
func TestAssignDisabledAccount(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		mia := withRole(t, e, "mia", api.RoleManager)
		e.as(t, "bob")
		e.as(t, "carol")
		a := e.putArticle(t, "Merkel", merkelText)
		b := e.putArticle(t, "Bare", "Nobody annotated this.")
		assign := assigner(t)
		first := assign(annotations.Revision{}, a, annLogin, "bob")
		if r, _ := mia.push(t, first); r.status != 200 {
			t.Fatalf("assign ann and bob: %d %s", r.status, r.body)
		}
		e.disable(t, "bob")
		e.disable(t, "carol")

		other := assign(annotations.Revision{}, b, annLogin)
		r, got := mia.push(t, assign(first, a, annLogin, "bob", "carol"), other)
		want := []result{{status: "rejected", code: api.CodeInvalid, message: api.DisabledAssignee("carol")}, {status: "applied"}}
		if r.status != 400 || got.Error == nil || got.Error.Message != "revision 0 (item "+first.Item+"): "+api.DisabledAssignee("carol") {
			t.Errorf("assigning carol, disabled: %d %s; want 400 naming her", r.status, r.body)
		}
		if diff := cmp.Diff(want, resultsOf(got), cmp.AllowUnexported(result{})); diff != "" {
			t.Errorf("assigning carol, disabled (-want +got):\n%s", diff)
		}
		if r, got := mia.push(t, assign(annotations.Revision{}, b, "bob")); r.status != 400 || resultsOf(got)[0].message != api.DisabledAssignee("bob") {
			t.Errorf("assigning bob another article: %d %s; want 400 naming him", r.status, r.body)
		}

		keep := assign(first, a, "bob", annLogin, "mia")
		drop := assign(keep, a, annLogin)
		for _, rev := range []annotations.Revision{keep, drop} {
			if r, _ := mia.push(t, rev); r.status != 200 {
				t.Errorf("an assignment keeping bob, then dropping him: %d %s", r.status, r.body)
			}
		}
	})
}

// TestMemberListShowsWhatTheRoleNeeds: a project's member list (and the
// answer to PUT member) shows an admin each account as the user list does;
// a manager or a curator sees the names, the role and whether the account
// is disabled (which the app needs to assign articles), never whether it is
// an admin's, has a password, or when it was made.
func TestMemberListShowsWhatTheRoleNeeds(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		e.addUser(t, "carol", carolPassword, true) // an admin, with a password
		mia := withRole(t, e, "mia", api.RoleManager)
		cy := withRole(t, e, "cy", api.RoleCurator)
		e.disable(t, "carol")
		admin := e.admin(t)
		full := []string{"admin", "annotator", "created", "disabled", "has_password", "id", "login"}
		needed := []string{"annotator", "disabled", "id", "login"}
		for _, tt := range []struct {
			name   string
			c      *client
			method string
			path   string
			want   []string // the fields of carol's user
		}{
			{"an admin's list", admin, "GET", api.MembersPath(api.DefaultProject), full},
			{"a manager's list", mia, "GET", api.MembersPath(api.DefaultProject), needed},
			{"a curator's list", cy, "GET", api.MembersPath(api.DefaultProject), needed},
			{"an admin's PUT", admin, "PUT", api.MemberPath(api.DefaultProject, "carol"), full},
			{"a manager's PUT", mia, "PUT", api.MemberPath(api.DefaultProject, "carol"), needed},
		} {
			body := ""
			if tt.method == "PUT" {
				body = `{"role":"annotator"}`
			}
			r := tt.c.do(t, tt.method, tt.path, "application/json", body)
			var answer struct {
				Members []struct {
					User map[string]any `json:"user"`
				} `json:"members"`
				User map[string]any `json:"user"`
			}
			decode(t, r, &answer)
			carol := answer.User
			for _, m := range answer.Members {
				if m.User["login"] == "carol" {
					carol = m.User
				}
			}
			var got []string
			for k := range carol {
				got = append(got, k)
			}
			slices.Sort(got)
			if r.status != 200 || !slices.Equal(got, tt.want) {
				t.Errorf("%s: %d, carol's fields %v, want %v: %s", tt.name, r.status, got, tt.want, r.body)
			}
		}
	})
}

// TestDisableUserOverAPI: an admin disables an account with PATCH
// /api/v1/users/{login}: its session and API token stop working and its
// right password gets 403; enabling it again lets the password sign in.
// Only admins may, not on their own account, and a missing login or an
// empty patch is a clear 4xx.
func TestDisableUserOverAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		carolToken := e.addUser(t, "carol", carolPassword, false)
		carolSession := signedIn(t, e, "carol", carolPassword)
		admin := e.admin(t)
		patch := func(c *client, login, body string) response {
			t.Helper()
			return c.do(t, "PATCH", api.UserPath(login), "application/json", body)
		}

		r := patch(admin, "Carol", `{"disabled":true}`) // a login in any case
		var u api.User
		decode(t, r, &u)
		if r.status != 200 || u.Login != "carol" || !u.Disabled || !u.HasPassword {
			t.Fatalf("PATCH disabled: %d %s, want 200 and carol disabled, keeping her password", r.status, r.body)
		}
		for name, c := range map[string]*client{"token": carolToken, "session": carolSession} {
			if r := c.do(t, "GET", api.PathMe, "", ""); r.status != 401 {
				t.Errorf("carol's %s after she is disabled: GET me %d, want 401", name, r.status)
			}
		}
		if r := signIn(t, e, "", "carol", carolPassword); r.status != 403 {
			t.Errorf("carol signs in, disabled: %d %s, want 403", r.status, r.body)
		}
		if r := patch(admin, "carol", `{"disabled":true}`); r.status != 200 {
			t.Errorf("disabling carol again: %d %s, want 200 (nothing changes)", r.status, r.body)
		}

		var enabled api.User // disabled is left out when false
		decode(t, patch(admin, "carol", `{"disabled":false}`), &enabled)
		if enabled.Login != "carol" || enabled.Disabled {
			t.Error("carol is still disabled after PATCH disabled false")
		}
		if r := signIn(t, e, "", "carol", carolPassword); r.status != 200 {
			t.Errorf("carol signs in, enabled again: %d %s, want 200", r.status, r.body)
		}

		wantError(t, "an annotator disabling carol", patch(e.as(t, "bob"), "carol", `{"disabled":true}`), 403, api.CodeForbidden, "only an admin")
		wantError(t, "the admin disabling themselves", patch(admin, adminLogin, `{"disabled":true}`), 400, api.CodeInvalid, "your own account")
		wantError(t, "an unknown login", patch(admin, "nobody", `{"disabled":true}`), 404, api.CodeNotFound, "nobody")
		wantError(t, "an empty patch", patch(admin, "carol", `{}`), 400, api.CodeInvalid, "disabled")
		wantError(t, "an unknown field", patch(admin, "carol", `{"admin":true}`), 400, api.CodeInvalid, "admin")
	})
}
