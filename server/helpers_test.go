package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/internal/secret"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
)

// testWeb stands in for static.Web: a small app.wasm and export.wasm with
// distinct .br and .gz variants, a stylesheet and the icons.
func testWeb() fstest.MapFS {
	return fstest.MapFS{
		"app.wasm":              {Data: []byte("\x00asm raw module bytes, longer than the compressed ones")},
		"app.wasm.br":           {Data: []byte("brotli bytes")},
		"app.wasm.gz":           {Data: []byte("gzip bytes!!")},
		"export.wasm":           {Data: []byte("\x00asm the export module, raw")},
		"export.wasm.br":        {Data: []byte("export brotli")},
		"export.wasm.gz":        {Data: []byte("export gzip")},
		"app.css":               {Data: []byte("body { color: #222; }\n")},
		"icon.svg":              {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)},
		"icon-192.png":          {Data: []byte("png192")},
		"icon-512.png":          {Data: []byte("png512")},
		"icon-maskable-512.png": {Data: []byte("pngmask")},
	}
}

// env is a handler over a real store (SQLite in a temporary folder), and the
// users who call it. Its own requests (e.do, e.postJSON) are those of the
// annotator ann, who is no admin; e.as gives another user's client.
type env struct {
	store   server.Store
	handler http.Handler
	*client
	clients map[string]*client
}

// The users every env has: an annotator, and an admin (who annotates
// too, as admin).
const (
	annLogin   = "ann"
	adminLogin = "admin"
)

func newEnv(t *testing.T, opts server.Options) *env {
	t.Helper()
	store, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return newEnvOn(t, store, opts)
}

// newEnvOn is newEnv over store, which the caller closes.
func newEnvOn(t *testing.T, store server.Store, opts server.Options) *env {
	t.Helper()
	e := newEnvWithoutAdmin(t, store, opts)
	e.addUser(t, adminLogin, "", true)
	return e
}

// newEnvWithoutAdmin is newEnvOn but for its admin: a server whose first
// admin is yet to be made (with the setup link).
func newEnvWithoutAdmin(t *testing.T, store server.Store, opts server.Options) *env {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Web == nil {
		opts.Web = testWeb()
	}
	opts.Hosts = append(opts.Hosts, testHost)
	e := &env{store: store, handler: server.NewHandler(store, opts), clients: map[string]*client{}}
	e.client = e.as(t, annLogin)
	return e
}

// client sends requests as one user, with an API token of theirs
// (Authorization: Bearer) or a session cookie, or as nobody (anonymous).
type client struct {
	e      *env
	user   server.User
	token  string       // "" for none
	cookie *http.Cookie // nil for none
}

// addUser stores a user whose login and annotator name are login, with
// password unless "" (hashing costs time: only tests that sign in need
// one), and gives it a client with a new API token.
func (e *env) addUser(t *testing.T, login, password string, admin bool) *client {
	t.Helper()
	u, token := addUser(t, e.store, login, password, admin)
	c := &client{e: e, user: u, token: token}
	e.clients[login] = c
	return c
}

// addUser stores a user in store, as env.addUser does, and returns it
// with the secret of a new API token of theirs.
func addUser(t testing.TB, store server.Store, login, password string, admin bool) (server.User, string) {
	t.Helper()
	u := server.User{ID: uuid.NewString(), Login: login, Annotator: login, Admin: admin, Created: time.Now().UTC()}
	if password != "" {
		hash, err := secret.HashPassword(password)
		if err != nil {
			t.Fatal(err)
		}
		u.PasswordHash = hash
	}
	if err := store.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("create user %s: %v", login, err)
	}
	return u, newToken(t, store, u.ID, "tests")
}

// newToken stores a new API token of the user and returns its secret.
func newToken(t testing.TB, store server.Store, userID, name string) string {
	t.Helper()
	_, token, err := server.NewAPIToken(context.Background(), store, userID, name, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// as returns the client of the user login, an annotator (no admin) made
// now when there is none yet.
func (e *env) as(t *testing.T, login string) *client {
	t.Helper()
	if c, ok := e.clients[login]; ok {
		return c
	}
	return e.addUser(t, login, "", false)
}

// admin returns the client of the env's admin.
func (e *env) admin(t *testing.T) *client { return e.as(t, adminLogin) }

// anonymous returns a client that sends no credentials.
func (e *env) anonymous() *client { return &client{e: e} }

// withCookie returns a client that sends the session cookie (and no API
// token).
func (e *env) withCookie(cookie *http.Cookie) *client {
	return &client{e: e, cookie: &http.Cookie{Name: cookie.Name, Value: cookie.Value}}
}

// clock is a test's clock (server.Options.Now), which only moves when
// told to.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)} }

// Now returns the clock's time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// advance moves the clock d ahead.
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// authorize gives req c's credentials, and returns it.
func (c *client) authorize(req *http.Request) *http.Request {
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.cookie != nil {
		req.AddCookie(c.cookie)
	}
	return req
}

// response is what a request got.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request as c's user; a non-empty contentType is set on it,
// then the headers (name, value, …), which may replace the Authorization.
func (c *client) do(t *testing.T, method, path, contentType, body string, headers ...string) response {
	t.Helper()
	req := c.authorize(httptest.NewRequest(method, path, strings.NewReader(body)))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	c.e.handler.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
}

// postJSON sends v (a string is sent as it is) as JSON, as c's user.
func (c *client) postJSON(t *testing.T, path string, v any) response {
	t.Helper()
	return c.do(t, "POST", path, "application/json", jsonBody(t, v))
}

// jsonBody is v as JSON; a string is taken as JSON already.
func jsonBody(t *testing.T, v any) string {
	t.Helper()
	if body, ok := v.(string); ok {
		return body
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// apiError is the JSON error of an answer.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// errorOf decodes the answer's {"error": {...}}, failing when there is none.
func errorOf(t *testing.T, r response) apiError {
	t.Helper()
	var env struct {
		Error *apiError `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.body), &env); err != nil || env.Error == nil {
		t.Fatalf("answer %d is not a JSON error (%v): %s", r.status, err, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error answer has Content-Type %q, want application/json", ct)
	}
	return *env.Error
}

// decode decodes a JSON answer into v.
func decode(t *testing.T, r response, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("answer %d is not JSON: %v\n%s", r.status, err, r.body)
	}
}

// snapshot is everything the store holds: articles with their text and
// every set's revisions.
type snapshot struct {
	Articles  []annotations.Article
	Revisions map[server.SetRef][]annotations.Revision
}

func (e *env) snapshot(t *testing.T) snapshot {
	t.Helper()
	ctx := context.Background()
	list, err := e.store.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	snap := snapshot{Revisions: map[server.SetRef][]annotations.Revision{}}
	for _, s := range list {
		a, err := e.store.Article(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		snap.Articles = append(snap.Articles, a)
	}
	sets, err := e.store.Sets(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range sets {
		revs, err := e.store.SetRevisions(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		snap.Revisions[ref] = revs
	}
	return snap
}

// unchanged fails when the store differs from before.
func (e *env) unchanged(t *testing.T, before snapshot) {
	t.Helper()
	if diff := cmp.Diff(before, e.snapshot(t)); diff != "" {
		t.Errorf("a rejected request changed the store (-before +after):\n%s", diff)
	}
}

// climateWithAnn makes the project climate, whose manager is the admin,
// with ann as an annotator and listed on its list of articles, and
// returns the admin's and ann's clients.
func climateWithAnn(t *testing.T, e *env, listed ...annotations.Article) (admin, ann *client) {
	t.Helper()
	admin = e.admin(t)
	if r := admin.do(t, "POST", api.PathProjects, "application/json", `{"id":"climate","name":"Climate"}`); r.status != 201 {
		t.Fatalf("create climate: %d %s", r.status, r.body)
	}
	ann = e.as(t, annLogin)
	if r := admin.do(t, "PUT", api.MemberPath("climate", annLogin), "application/json", `{"role":"annotator"}`); r.status != 200 {
		t.Fatalf("add ann to climate: %d %s", r.status, r.body)
	}
	for _, a := range listed {
		if r := admin.do(t, "PUT", api.ProjectArticlePath("climate", a.ID), "", ""); r.status != 204 {
			t.Fatalf("put %s on climate's list: %d %s", a.Title, r.status, r.body)
		}
	}
	return admin, ann
}

// putArticle stores an article made from text.
func (e *env) putArticle(t *testing.T, title, text string) annotations.Article {
	t.Helper()
	a, err := annotations.NewArticle(title, text, time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	a.Source = "paste"
	if _, _, err := e.store.PutArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// mention returns the first revision of a mention of a's text
// [start, end).
func mention(t *testing.T, a annotations.Article, annotator, id, label string, start, end int) annotations.Revision {
	t.Helper()
	span, err := annotations.NewSpan([]rune(a.Text), start, end)
	if err != nil {
		t.Fatalf("NewSpan(%d, %d): %v", start, end, err)
	}
	return entityRevision(t, "", a.ID, annotator, annotations.Entity{ID: id, Span: span, Label: label})
}

// entityRevision returns a revision of e, which need not fit any article.
func entityRevision(t *testing.T, parent, articleID, annotator string, e annotations.Entity) annotations.Revision {
	t.Helper()
	r, err := annotations.NewEntityRevision(parent, annotations.SetKey{ArticleID: articleID, Annotator: annotator}, e)
	if err != nil {
		t.Fatalf("NewEntityRevision: %v", err)
	}
	return r
}

func uuidN(n int) string {
	return "00000000-0000-4000-8000-" + strings.Repeat("0", 11) + string(rune('0'+n))
}

// discardLogger returns a logger that writes nowhere.
// testHost is the host of httptest.NewRequest's requests, which the
// tests' servers serve (Options.Hosts).
const testHost = "example.com"

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
