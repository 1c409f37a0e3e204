package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/internal/secret"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
)

// The callers of the authorization matrix.
const (
	anonymous    = "anonymous"     // no credential
	annotator    = "annotator"     // ann, by session cookie
	another      = "another"       // bob, another annotator, by session cookie
	admin        = "admin"         // the admin, by session cookie
	annToken     = "ann's token"   // ann, by API token
	revokedToken = "revoked token" // an API token of ann's, revoked
	manager      = "manager"       // mia, the Default project's manager
	curator      = "curator"       // cy, the Default project's curator
	outsider     = "outsider"      // oz, no member of the Default project
)

var callers = []string{anonymous, annotator, another, admin, annToken, revokedToken, manager, curator, outsider}

// callerLogin is the user each caller is, "" for nobody.
var callerLogin = map[string]string{annotator: annLogin, another: "bob", admin: adminLogin, annToken: annLogin, manager: "mia", curator: "cy", outsider: "oz"}

// callerRole is the role in the Default project of the callers that are
// not its annotators ("" for none).
var callerRole = map[string]api.Role{manager: api.RoleManager, curator: api.RoleCurator, outsider: ""}

// statuses is the status each caller gets: the signed-in ones all, but
// those given in except; anonymous callers and revoked tokens get 401.
func statuses(signedIn int, except map[string]int) map[string]int {
	m := map[string]int{anonymous: 401, revokedToken: 401}
	for _, c := range callers {
		if _, done := m[c]; !done {
			m[c] = signedIn
		}
	}
	for c, status := range except {
		m[c] = status
	}
	return m
}

// managers is the answer of a project route that only its managers (and
// admins) may use: others of the project get 403, who is not in it 404.
func managers(status int) map[string]int {
	return statuses(403, map[string]int{manager: status, admin: status, outsider: 404})
}

// authzFixture is what each cell of the matrix starts with: an article
// with ann's and bob's sets, an article without sets, and an API token of
// ann's that the token routes name.
type authzFixture struct {
	annotated, bare annotations.Article
	annTokenID      string
}

// authzRequest is a realistic request of a route: path (with its query),
// content type and body. caller is the caller's name (callers), login
// its user's login ("" for nobody): the request may prepare the store
// for it before its credentials are made.
type authzRequest func(t *testing.T, e *env, f authzFixture, login string) (path, contentType, body string)

// authzRow is one route of the matrix and the status each caller gets.
type authzRow struct {
	route   string // "METHOD pattern", as server.APIRoutes lists it
	request authzRequest
	want    map[string]int
}

// signedInOnly is the answer of a route that any user may call.
func signedInOnly(status int) map[string]int { return statuses(status, nil) }

// ownSetsOnly is the answer of a route that reads ann's sets: ann's, the
// admin's, the manager's and the curator's status, and that of bob and of
// who is not in the project.
func ownSetsOnly(status, other int) map[string]int {
	return statuses(status, map[string]int{another: other, outsider: other})
}

// passwordHash is one hash of carolPassword, made once: tests that need
// users with a password share it (hashing takes tens of milliseconds).
var passwordHash = sync.OnceValue(func() string {
	h, err := secret.HashPassword(carolPassword)
	if err != nil {
		panic(err)
	}
	return h
})

var authzRows = []authzRow{
	{"GET " + api.PathHealth, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathHealth, "", ""
	}, statuses(200, map[string]int{anonymous: 200, revokedToken: 200})},
	{"POST " + api.PathSignIn, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		carol := server.User{ID: uuid.NewString(), Login: "carol", Annotator: "carol", PasswordHash: passwordHash(), Created: time.Now()}
		if err := e.store.CreateUser(context.Background(), carol); err != nil {
			t.Fatal(err)
		}
		return api.PathSignIn, "application/json", jsonBody(t, api.SignInRequest{Login: "carol", Password: carolPassword})
	}, statuses(200, map[string]int{anonymous: 200, revokedToken: 200})},
	{"POST " + api.PathSetup, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		token, hash, err := secret.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := e.store.PutSetupToken(context.Background(), hash, time.Now(), time.Now().Add(-server.SetupTokenLife)); err != nil {
			t.Fatal(err)
		}
		return api.PathSetup, "application/json", jsonBody(t, api.SetupRequest{Token: token, Login: "root", Password: carolPassword})
		// Whoever asks, with or without credentials: the fixture has an
		// admin, so no setup link makes another (TestSetup makes the
		// first).
	}, statuses(403, map[string]int{anonymous: 403, revokedToken: 403})},
	{"POST " + api.PathSignOut, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathSignOut, "", ""
	}, signedInOnly(204)},
	{"GET " + api.PathMe, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathMe, "", ""
	}, signedInOnly(200)},
	{"POST " + api.PathPassword, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		if login != "" {
			if err := e.store.SetPassword(context.Background(), e.as(t, login).user.ID, passwordHash()); err != nil {
				t.Fatal(err)
			}
		}
		return api.PathPassword, "application/json", jsonBody(t, api.PasswordChange{Current: carolPassword, New: "another long password"})
	}, signedInOnly(200)},
	{"GET " + api.PathTokens, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathTokens, "", ""
	}, signedInOnly(200)},
	{"POST " + api.PathTokens, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathTokens, "application/json", `{"name":"a script"}`
	}, statuses(201, map[string]int{annToken: 403})},
	{"DELETE " + api.TokenPath("{id}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.TokenPath(f.annTokenID), "", ""
	}, statuses(404, map[string]int{annotator: 204, annToken: 204})},
	{"GET " + api.PathUsers, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathUsers, "", ""
	}, statuses(403, map[string]int{admin: 200})},
	{"POST " + api.PathUsers, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathUsers, "application/json", `{"login":"dan"}`
	}, statuses(403, map[string]int{admin: 201})},
	{"PATCH " + api.UserPath("{login}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.UserPath(annLogin), "application/json", `{"disabled":false}`
	}, statuses(403, map[string]int{admin: 200})},
	{"POST " + api.PathArticles, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathArticles, "application/json", `{"title":"New","text":"A new article."}`
	}, signedInOnly(201)},
	{"GET " + api.PathArticles, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathArticles, "", ""
	}, signedInOnly(200)},
	{"GET " + api.ArticlePath("{id}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.ArticlePath(f.annotated.ID), "", ""
	}, signedInOnly(200)},
	{"PATCH " + api.ArticlePath("{id}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.ArticlePath(f.annotated.ID), "application/json", `{"title":"Renamed"}`
	}, statuses(403, map[string]int{manager: 200, admin: 200})},
	{"DELETE " + api.ArticlePath("{id}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.ArticlePath(f.bare.ID), "", ""
	}, statuses(403, map[string]int{manager: 204, admin: 204})},
	// A revision of ann's: everyone else's push rejects it (400, with a
	// forbidden result), since a push is of one's own sets only.
	{"POST " + api.PathPush, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		rev := mention(t, f.annotated, annLogin, uuidN(7), "LOC", 37, 42)
		return api.PathPush, "application/json", jsonBody(t, map[string]any{"revisions": []annotations.Revision{rev}})
	}, statuses(400, map[string]int{annotator: 200, annToken: 200})},
	{"GET " + api.PathPull, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathPull + "?annotator=ann", "", ""
	}, ownSetsOnly(200, 403)},
	{"GET " + api.PathExport, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathExport + "?annotator=ann", "", ""
	}, ownSetsOnly(200, 403)},
	{"POST " + api.PathImport, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		text := "Paris is in France."
		id := annotations.ArticleID(text)
		line := fmt.Sprintf(`{"article_id":%q,"set_id":%q,"annotator":"ann","text":%q,"entities":[{"id":%q,"start":0,"end":5,"label":"LOC","text":"Paris"}],"groups":[],"quotes":[],"stances":[]}`,
			id, annotations.SetKey{ArticleID: id, Annotator: annLogin}.ID(), text, uuidN(8))
		return api.PathImport + "?" + url.Values{"format": {"jsonl"}}.Encode(), "application/x-ndjson", line + "\n"
	}, statuses(201, map[string]int{another: 403, outsider: 403, curator: 403})},
	{"GET " + api.PathProjects, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathProjects, "", ""
	}, signedInOnly(200)},
	{"POST " + api.PathProjects, func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.PathProjects, "application/json", `{"name":"Climate"}`
	}, statuses(403, map[string]int{admin: 201})},
	{"GET " + api.ProjectPath("{id}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.ProjectPath(api.DefaultProject), "", ""
	}, statuses(200, map[string]int{outsider: 404})},
	{"PATCH " + api.ProjectPath("{id}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.ProjectPath(api.DefaultProject), "application/json", `{"guidelines":"Tag every person."}`
	}, managers(200)},
	{"GET " + api.MembersPath("{id}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.MembersPath(api.DefaultProject), "", ""
	}, statuses(403, map[string]int{manager: 200, curator: 200, admin: 200, outsider: 404})},
	{"PUT " + api.MemberPath("{id}", "{login}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.MemberPath(api.DefaultProject, "bob"), "application/json", `{"role":"curator"}`
	}, managers(200)},
	{"DELETE " + api.MemberPath("{id}", "{login}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.MemberPath(api.DefaultProject, "bob"), "", ""
	}, managers(204)},
	{"GET " + api.ProjectArticlePath("{id}", "{article}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		climateProject(t, e)
		if err := e.store.SetProjectArticle(context.Background(), "climate", f.bare.ID, true); err != nil {
			t.Fatal(err)
		}
		return api.ProjectArticlePath("climate", f.bare.ID), "", ""
	}, statuses(204, map[string]int{outsider: 404})},
	{"PUT " + api.ProjectArticlePath("{id}", "{article}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		climateProject(t, e)
		return api.ProjectArticlePath("climate", f.bare.ID), "", ""
	}, managers(204)},
	{"DELETE " + api.ProjectArticlePath("{id}", "{article}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		climateProject(t, e)
		if err := e.store.SetProjectArticle(context.Background(), "climate", f.bare.ID, true); err != nil {
			t.Fatal(err)
		}
		return api.ProjectArticlePath("climate", f.bare.ID), "", ""
	}, managers(204)},
	{"GET " + api.ProgressPath("{id}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.ProgressPath(api.DefaultProject), "", ""
	}, statuses(403, map[string]int{manager: 200, curator: 200, admin: 200, outsider: 404})},
}

// climateProject makes the project climate with the matrix's callers in
// the roles they have in the Default project: mia manages it, cy curates
// it, ann and bob annotate it, oz is not in it.
func climateProject(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	p := server.Project{ID: "climate", Name: "Climate", Created: time.Now()}
	if err := e.store.CreateProject(ctx, p, e.as(t, "mia").user.ID); err != nil {
		t.Fatal(err)
	}
	for login, role := range map[string]api.Role{"cy": api.RoleCurator, annLogin: api.RoleAnnotator, "bob": api.RoleAnnotator} {
		if err := e.store.SetMember(ctx, p.ID, e.as(t, login).user.ID, role); err != nil {
			t.Fatal(err)
		}
	}
}

// newAuthzFixture fills e with the matrix's starting state.
func newAuthzFixture(t *testing.T, e *env) authzFixture {
	t.Helper()
	f := authzFixture{
		annotated: e.putArticle(t, "Annotated", merkelText),
		bare:      e.putArticle(t, "Bare", "Nobody annotated this."),
	}
	revs := []annotations.Revision{
		mention(t, f.annotated, annLogin, uuidN(1), "PER", 0, 13),
		mention(t, f.annotated, "bob", uuidN(2), "PER", 18, 33),
	}
	e.as(t, "bob")
	if _, err := e.store.PutRevisions(context.Background(), revs); err != nil {
		t.Fatal(err)
	}
	f.annTokenID = uuid.NewString()
	_, hash, err := secret.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.CreateToken(context.Background(), server.APIToken{ID: f.annTokenID, UserID: e.user.ID, Name: "to revoke", Created: time.Now()}, hash); err != nil {
		t.Fatal(err)
	}
	return f
}

// callerClient makes the credentials of caller in e.
func callerClient(t *testing.T, e *env, caller string) *client {
	t.Helper()
	switch caller {
	case anonymous:
		return e.anonymous()
	case annToken:
		return e.client
	case revokedToken:
		id := uuid.NewString()
		token, hash, err := secret.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if err := e.store.CreateToken(ctx, server.APIToken{ID: id, UserID: e.user.ID, Name: "revoked", Created: time.Now()}, hash); err != nil {
			t.Fatal(err)
		}
		if err := e.store.DeleteToken(ctx, e.user.ID, id); err != nil {
			t.Fatal(err)
		}
		return &client{e: e, token: token}
	}
	u := e.as(t, callerLogin[caller]).user
	if role, ok := callerRole[caller]; ok {
		var err error
		if role == "" {
			err = e.store.RemoveMember(context.Background(), api.DefaultProject, u.ID)
		} else {
			err = e.store.SetMember(context.Background(), api.DefaultProject, u.ID, role)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return sessionOf(t, e, u)
}

// sessionOf makes a session of u through the store and returns its
// client.
func sessionOf(t *testing.T, e *env, u server.User) *client {
	t.Helper()
	token, hash, err := secret.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.CreateSession(context.Background(), hash, u.ID, time.Now().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	return &client{e: e, user: u, cookie: &http.Cookie{Name: api.SessionCookie, Value: token}}
}

// TestAuthorizationMatrix sends each route of the server's route table a
// realistic request from each caller, each in a new server, and checks the
// status. A route without a row fails the test, as does a row without a
// route.
func TestAuthorizationMatrix(t *testing.T) {
	routes := server.APIRoutes()
	var rows []string
	for _, row := range authzRows {
		rows = append(rows, row.route)
		if !slices.Contains(routes, row.route) {
			t.Errorf("the matrix has a row for %s, which is not a route", row.route)
		}
	}
	for _, route := range routes {
		if !slices.Contains(rows, route) {
			t.Errorf("route %s has no row in the authorization matrix: add one", route)
		}
	}
	for _, row := range authzRows {
		for _, caller := range callers {
			want, ok := row.want[caller]
			if !ok {
				t.Errorf("%s: no status for the caller %s", row.route, caller)
				continue
			}
			t.Run(row.route+" as "+caller, func(t *testing.T) {
				e := newEnv(t, server.Options{})
				f := newAuthzFixture(t, e)
				path, contentType, body := row.request(t, e, f, callerLogin[caller])
				c := callerClient(t, e, caller)
				method, _, _ := strings.Cut(row.route, " ")
				r := c.do(t, method, path, contentType, body)
				if r.status != want {
					t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, caller, r.status, want, r.body)
				}
				switch {
				case want == 401:
					if got := errorOf(t, r); got.Code != api.CodeUnauthenticated {
						t.Errorf("401 with code %q, want unauthenticated", got.Code)
					}
				case want == 403:
					if got := errorOf(t, r); got.Code != api.CodeForbidden {
						t.Errorf("403 with code %q, want forbidden", got.Code)
					}
				case row.route == "POST "+api.PathPush && want == 400:
					if !strings.Contains(r.body, `"code":"forbidden"`) {
						t.Errorf("a push of another's revision is not refused as forbidden: %s", r.body)
					}
				}
			})
		}
	}
}

// TestForgedPush: a push that carries another annotator's revisions among
// the user's own is refused for those, per revision (forbidden, naming
// the annotator), and nothing of them is stored; the user's own are
// stored as ever. An admin pushes only their own too.
func TestForgedPush(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	own1 := mention(t, a, annLogin, uuidN(1), "PER", 0, 13)
	forged := mention(t, a, "bob", uuidN(2), "PER", 18, 33)
	own2 := mention(t, a, annLogin, uuidN(3), "LOC", 37, 42)
	r, got := e.push(t, own1, forged, own2)
	if r.status != 400 {
		t.Fatalf("push: %d %s; want 400", r.status, r.body)
	}
	want := []result{
		{status: "applied"},
		{status: "rejected", code: "forbidden", message: `this revision is "bob"'s: you (ann) may only push your own (annotator "ann")`},
		{status: "applied"},
	}
	if diff := cmp.Diff(want, resultsOf(got), cmp.AllowUnexported(result{})); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if got.Error == nil || !strings.Contains(got.Error.Message, `revision 1 (item `+uuidN(2)+`): this revision is "bob"'s`) {
		t.Errorf("top-level error %+v, want one naming revision 1", got.Error)
	}
	snap := e.snapshot(t)
	wantSets := map[server.SetRef][]annotations.Revision{{ArticleID: a.ID, Annotator: annLogin}: {own1, own2}}
	if diff := cmp.Diff(wantSets, snap.Revisions); diff != "" {
		t.Errorf("stored (-want +got):\n%s", diff)
	}

	r, got = e.admin(t).push(t, mention(t, a, annLogin, uuidN(4), "MISC", 18, 33))
	if r.status != 400 || len(got.Results) != 1 || got.Results[0].Error == nil || got.Results[0].Error.Code != "forbidden" {
		t.Errorf("an admin's push of ann's revision: %d %s; want it rejected as forbidden", r.status, r.body)
	}
	e.unchanged(t, snap)
}

// TestOwnSetsOnly: pull, export and import are of the user's own sets; an
// admin's are of anyone's.
func TestOwnSetsOnly(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	e.pushEach(t, mention(t, a, annLogin, uuidN(1), "PER", 0, 13), mention(t, a, "bob", uuidN(2), "PER", 18, 33))
	admin := e.admin(t)

	// Pull: the user's own by default; another's is 403 but to an admin.
	for _, tt := range []struct {
		name  string
		c     *client
		query string
		want  string // the annotator of the revisions pulled, "" for a 403
	}{
		{"ann, no annotator named", e.client, "", annLogin},
		{"ann, her own", e.client, "?annotator=ann", annLogin},
		{"ann, her own as her login in capitals", e.client, "?annotator=ANN", annLogin},
		{"the admin, bob's as BOB", admin, "?annotator=BOB", "bob"},
		{"ann, bob's", e.client, "?annotator=bob", ""},
		{"the admin, bob's", admin, "?annotator=bob", "bob"},
	} {
		r := tt.c.do(t, "GET", api.PathPull+tt.query, "", "")
		if tt.want == "" {
			wantError(t, "pull: "+tt.name, r, 403, api.CodeForbidden, `may not use the annotation sets of "bob"`)
			continue
		}
		var page pullAnswer
		decode(t, r, &page)
		if r.status != 200 || len(page.Revisions) != 1 || page.Revisions[0].Annotator != tt.want {
			t.Errorf("pull, %s: %d %s; want %s's revision", tt.name, r.status, r.body, tt.want)
		}
	}

	// Export: a user's own sets; the admin's every set.
	if got := setsOf(exportLines(t, e.getExport(t, "").body)); !slices.Equal(got, []string{a.ID + "/ann"}) {
		t.Errorf("ann's export: %v; want her set only", got)
	}
	if got := setsOf(exportLines(t, e.getExport(t, "annotator=ANN").body)); !slices.Equal(got, []string{a.ID + "/ann"}) {
		t.Errorf("ann's export of annotator=ANN: %v; want her set", got)
	}
	if got := setsOf(exportLines(t, admin.getExport(t, "").body)); !slices.Equal(got, []string{a.ID + "/ann", a.ID + "/bob"}) {
		t.Errorf("the admin's export: %v; want both sets", got)
	}
	wantError(t, "ann's export of bob's", e.do(t, "GET", api.PathExport+"?annotator=ann,bob", "", ""), 403, api.CodeForbidden, `may not use the annotation sets of "bob"`)

	// Import: a file of ann's and bob's sets is refused whole to ann,
	// naming bob; her own file, or an annotator named hers, is stored.
	export := admin.getExport(t, "format=jsonl").body
	other := newEnv(t, server.Options{})
	before := other.snapshot(t)
	wantError(t, "ann's import of bob's set", other.importFile(t, "format=jsonl", "application/x-ndjson", export), 403, api.CodeForbidden, `may not use the annotation sets of "bob"`)
	wantError(t, "ann's import as bob", other.importFile(t, "format=doccano&annotator=bob", "text/plain", `{"text":"Paris.","label":[[0,5,"LOC"]]}`+"\n"), 403, api.CodeForbidden, `may not use the annotation sets of "bob"`)
	other.unchanged(t, before)
	annsOwn := e.getExport(t, "format=jsonl").body
	if got := other.imported(t, "format=jsonl", "application/x-ndjson", annsOwn, 201); got.RevisionsApplied != 1 {
		t.Errorf("ann's import of her own set: %+v", got)
	}
	other.imported(t, "format=doccano&annotator=ann", "text/plain", `{"text":"Paris.","label":[[0,5,"LOC"]]}`+"\n", 201)
	if got := other.admin(t).imported(t, "format=jsonl", "application/x-ndjson", export, 201); got.RevisionsApplied != 1 || got.RevisionsDuplicate != 1 {
		t.Errorf("the admin's import of both sets: %+v; want bob's applied, ann's a duplicate", got)
	}
}
