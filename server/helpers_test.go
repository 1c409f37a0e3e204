package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/google/go-cmp/cmp"
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

// env is a handler over a real SQLite store in a temporary folder.
type env struct {
	store   *sqlite.Store
	handler http.Handler
}

func newEnv(t *testing.T, opts server.Options) *env {
	t.Helper()
	store, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Web == nil {
		opts.Web = testWeb()
	}
	opts.Hosts = append(opts.Hosts, testHost)
	return &env{store: store, handler: server.NewHandler(store, opts)}
}

// response is what a request got.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request; a non-empty contentType is set on it.
func (e *env) do(t *testing.T, method, path, contentType, body string, headers ...string) response {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
}

// postJSON sends v (a string is sent as it is) as JSON.
func (e *env) postJSON(t *testing.T, path string, v any) response {
	t.Helper()
	body, ok := v.(string)
	if !ok {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		body = string(b)
	}
	return e.do(t, "POST", path, "application/json", body)
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
	r, err := annotations.NewEntityRevision(parent, articleID, annotator, e)
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
