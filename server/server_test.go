package server_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/static"
	"github.com/google/go-cmp/cmp"
)

func TestRouting(t *testing.T) {
	e := newEnv(t, server.Options{})
	tests := []struct {
		name, method, path string
		wantStatus         int
		wantCode           string
		wantAllow          string
	}{
		{"unknown method on a collection", "DELETE", "/api/v1/articles", 405, "method_not_allowed", "POST, GET, HEAD"},
		{"POST on an article", "POST", "/api/v1/articles/" + annotations.ArticleID("x"), 405, "method_not_allowed", "GET, HEAD, PATCH, DELETE"},
		{"GET on push", "GET", "/api/v1/sync/push", 405, "method_not_allowed", "POST"},
		{"unknown endpoint", "GET", "/api/v1/nothing", 404, "not_found", ""},
		{"unknown version", "GET", "/api/v2/articles", 404, "not_found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, tt.method, tt.path, "application/json", "{}")
			if r.status != tt.wantStatus {
				t.Errorf("status %d, want %d", r.status, tt.wantStatus)
			}
			if got := errorOf(t, r); got.Code != tt.wantCode {
				t.Errorf("code %q, want %q", got.Code, tt.wantCode)
			}
			if got := r.header.Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow %q, want %q", got, tt.wantAllow)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, server.Options{})
	for _, path := range []string{"/api/v1/articles", "/", "/web/app.css", "/web/app.wasm", "/api/v1/nothing", "/manifest.webmanifest"} {
		r := e.do(t, "GET", path, "", "")
		if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q", path, got)
		}
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval';", "object-src 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-eval'") && !strings.Contains(csp, "'wasm-unsafe-eval'") || strings.Contains(csp, " 'unsafe-eval'") {
			t.Errorf("GET %s: CSP allows eval: %q", path, csp)
		}
	}
}

// panicStore panics on every call: its Store is nil.
type panicStore struct{ server.Store }

// TestCacheControl: every answer under /api/, errors included, is
// no-store; the assets under /web/ by their unversioned URLs, which do
// not change with the release, are no-cache (revalidated), never immutable
// (TestVersionedAssets: the versioned ones).
func TestCacheControl(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v1"})
	a := e.putArticle(t, "", merkelText)
	panicking := server.NewHandler(panicStore{}, server.Options{Logger: discardLogger(), Hosts: []string{testHost}})
	tests := []struct {
		name, method, path, contentType, body string
		headers                               []string
		panics                                bool // served by a handler whose store panics
		wantStatus                            int
		wantCacheControl                      string
	}{
		{"article list", "GET", "/api/v1/articles", "", "", nil, false, 200, "no-store"},
		{"article", "GET", "/api/v1/articles/" + a.ID, "", "", nil, false, 200, "no-store"},
		{"article created", "POST", "/api/v1/articles", "application/json", `{"text":"Some text."}`, nil, false, 201, "no-store"},
		{"pull", "GET", "/api/v1/sync/pull?annotator=ann", "", "", nil, false, 200, "no-store"},
		{"export", "GET", "/api/v1/export", "", "", nil, false, 200, "no-store"},
		{"unknown API path", "GET", "/api/v1/nothing", "", "", nil, false, 404, "no-store"},
		{"unknown API version", "GET", "/api/v2/articles", "", "", nil, false, 404, "no-store"},
		{"wrong method", "DELETE", "/api/v1/articles", "", "", nil, false, 405, "no-store"},
		{"unknown article", "GET", "/api/v1/articles/" + strings.Repeat("0", 32), "", "", nil, false, 404, "no-store"},
		{"cross-origin denial", "POST", "/api/v1/articles", "application/json", `{"text":"x"}`, []string{"Sec-Fetch-Site", "cross-site"}, false, 403, "no-store"},
		{"body not JSON", "POST", "/api/v1/articles", "application/json", `{"text":`, nil, false, 400, "no-store"},
		{"body of another type", "POST", "/api/v1/articles", "text/plain", `x`, nil, false, 415, "no-store"},
		{"bad query", "GET", "/api/v1/sync/pull?annotator=ann&annotator=b", "", "", nil, false, 400, "no-store"},
		{"handler panics", "GET", "/api/v1/articles", "", "", nil, true, 500, "no-store"},
		{"stylesheet", "GET", "/web/app.css", "", "", nil, false, 200, "no-cache"},
		{"icon", "GET", "/web/icon-192.png", "", "", nil, false, 200, "no-cache"},
		{"module", "GET", "/web/app.wasm", "", "", []string{"Accept-Encoding", "br"}, false, 200, "no-cache"},
		{"module revalidated", "GET", "/web/app.wasm", "", "", []string{"If-None-Match", `"v1"`}, false, 304, "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r response
			if tt.panics {
				// The store panics at the first call: the token's check.
				req := e.authorize(httptest.NewRequest(tt.method, tt.path, nil))
				rec := httptest.NewRecorder()
				panicking.ServeHTTP(rec, req)
				r = response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
			} else {
				r = e.do(t, tt.method, tt.path, tt.contentType, tt.body, tt.headers...)
			}
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if got := r.header.Get("Cache-Control"); got != tt.wantCacheControl {
				t.Errorf("Cache-Control %q, want %q", got, tt.wantCacheControl)
			}
			if strings.HasPrefix(tt.path, "/api/") && r.status >= 400 {
				if got := errorOf(t, r); got.Code == "" {
					t.Errorf("error without a code: %s", r.body)
				}
			}
		})
	}
}

// TestCrossOriginRefused: a state-changing request from another site is
// refused and changes nothing; the same request from the app's own pages
// goes through.
func TestCrossOriginRefused(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	rev := mention(t, a, "ann", uuidN(1), "PER", 0, 13)
	revJSON := `{"revisions":[` + mustJSON(t, rev) + `]}`
	tests := []struct {
		name, path, body string
		headers          []string
		wantStatus       int
	}{
		{"article from another site", "/api/v1/articles", `{"text":"Evil text."}`, []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"push from another origin", "/api/v1/sync/push", revJSON, []string{"Origin", "https://evil.example"}, 403},
		{"push from the same origin", "/api/v1/sync/push", revJSON, []string{"Sec-Fetch-Site", "same-origin"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snapshot(t)
			r := e.do(t, "POST", tt.path, "application/json", tt.body, tt.headers...)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if tt.wantStatus == 403 {
				if got := errorOf(t, r); got.Code != "forbidden" {
					t.Errorf("code %q, want forbidden", got.Code)
				}
				e.unchanged(t, before)
			}
		})
	}
}

func mustJSON(t *testing.T, v annotations.Revision) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWebAssets(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v1"})
	web := testWeb()
	tests := []struct {
		name, method, path, acceptEncoding string
		headers                            []string
		wantStatus                         int
		wantBody                           string // the file whose bytes come back
		wantEncoding, wantType, wantETag   string
	}{
		{"brotli first", "GET", "/web/app.wasm", "gzip, deflate, br, zstd", nil, 200, "app.wasm.br", "br", "application/wasm", `"v1-br"`},
		{"gzip without br", "GET", "/web/app.wasm", "gzip", nil, 200, "app.wasm.gz", "gzip", "application/wasm", `"v1-gzip"`},
		{"br refused with q=0", "GET", "/web/app.wasm", "br;q=0, gzip;q=0.5", nil, 200, "app.wasm.gz", "gzip", "application/wasm", `"v1-gzip"`},
		{"no encoding", "GET", "/web/app.wasm", "", nil, 200, "app.wasm", "", "application/wasm", `"v1"`},
		{"identity only", "GET", "/web/app.wasm", "identity", nil, 200, "app.wasm", "", "application/wasm", `"v1"`},
		{"HEAD", "HEAD", "/web/app.wasm", "br", nil, 200, "", "br", "application/wasm", `"v1-br"`},
		{"revalidation", "GET", "/web/app.wasm", "br", []string{"If-None-Match", `"v1-br"`}, 304, "", "br", "application/wasm", `"v1-br"`},
		{"export module, brotli", "GET", "/web/export.wasm", "gzip, br", nil, 200, "export.wasm.br", "br", "application/wasm", `"v1-br"`},
		{"export module, gzip", "GET", "/web/export.wasm", "gzip", nil, 200, "export.wasm.gz", "gzip", "application/wasm", `"v1-gzip"`},
		{"export module as it is", "GET", "/web/export.wasm", "", nil, 200, "export.wasm", "", "application/wasm", `"v1"`},
		{"missing module", "GET", "/web/other.wasm", "br", nil, 404, "", "", "", ""},
		{"stylesheet", "GET", "/web/app.css", "br", nil, 200, "app.css", "", "text/css; charset=utf-8", `"v1"`},
		{"stylesheet revalidated", "GET", "/web/app.css", "", []string{"If-None-Match", `"v1"`}, 304, "", "", "", `"v1"`},
		{"stylesheet of another release", "GET", "/web/app.css", "", []string{"If-None-Match", `"v0"`}, 200, "app.css", "", "text/css; charset=utf-8", `"v1"`},
		{"icon", "GET", "/web/icon.svg", "", nil, 200, "icon.svg", "", "image/svg+xml", `"v1"`},
		{"variant by name", "GET", "/web/app.wasm.br", "br", nil, 404, "", "", "", ""},
		{"listing", "GET", "/web/", "", nil, 404, "", "", "", ""},
		{"missing file", "GET", "/web/nothing.js", "", nil, 404, "", "", "", ""},
		{"POST", "POST", "/web/app.css", "", nil, 405, "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := append([]string{"Accept-Encoding", tt.acceptEncoding}, tt.headers...)
			r := e.do(t, tt.method, tt.path, "", "", headers...)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d", r.status, tt.wantStatus)
			}
			if r.status == 404 || r.status == 405 {
				return
			}
			if tt.wantBody != "" {
				want := string(web[tt.wantBody].Data)
				if r.body != want {
					t.Errorf("body %q, want %s's %q", r.body, tt.wantBody, want)
				}
				if got := r.header.Get("Content-Length"); got != strconv.Itoa(len(want)) {
					t.Errorf("Content-Length %s, want %d", got, len(want))
				}
			}
			if got := r.header.Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.wantEncoding)
			}
			if got := r.header.Get("Content-Type"); got != tt.wantType && r.status != 304 {
				t.Errorf("Content-Type %q, want %q", got, tt.wantType)
			}
			if got := r.header.Get("ETag"); got != tt.wantETag {
				t.Errorf("ETag %q, want %q", got, tt.wantETag)
			}
			if strings.HasSuffix(tt.path, ".wasm") && r.header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary %q, want Accept-Encoding", r.header.Get("Vary"))
			}
		})
	}
}

// externalURL matches a URL with a host, absolute or protocol-relative:
// the app must load nothing from another host. (go-app writes its og: URLs
// as "https://" + an empty domain + a path: no host.)
var externalURL = regexp.MustCompile(`(?i)https?://[a-z0-9][a-z0-9.-]*|["'(]//[a-z0-9][a-z0-9.-]*`)

func TestPWA(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v1"})
	web := "/web/" + assetVersion(testWeb()) // the assets' versioned URLs
	a := e.putArticle(t, "", merkelText)
	tests := []struct {
		name, path string
		wantStatus int
		wantType   string
		wantParts  []string
	}{
		{"library page", "/", 200, "text/html", []string{
			`<html lang="en"`, "<title>Gloss", `href="` + web + `/app.css"`, `href="` + web + `/icon.svg"`,
			`href="` + web + `/icon-maskable-512.png"`, `src="` + web + `/icon-192.png"`, `/app.js"`, `content="#1d3557"`,
		}},
		{"article page", "/articles/" + a.ID, 200, "text/html", []string{`href="` + web + `/app.css"`}},
		{"not an article path", "/articles/xyz", 404, "", nil},
		{"manifest", "/manifest.webmanifest", 200, "application/manifest+json", []string{
			`"name":"Gloss"`, `"short_name":"Gloss"`, `"background_color":"#1d3557"`, `"theme_color":"#1d3557"`,
			`"` + web + `/icon-192.png"`, `"` + web + `/icon-512.png"`, `"` + web + `/icon-maskable-512.png"`, `"` + web + `/icon.svg"`,
		}},
		{"app.js", "/app.js", 200, "application/javascript", []string{`"` + web + `/app.wasm"`}},
		{"service worker", "/app-worker.js", 200, "application/javascript", []string{"v1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, "GET", tt.path, "", "")
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %.500s", r.status, tt.wantStatus, r.body)
			}
			if r.status != 200 {
				return
			}
			if got := r.header.Get("Content-Type"); !strings.HasPrefix(got, tt.wantType) {
				t.Errorf("Content-Type %q, want %q", got, tt.wantType)
			}
			for _, p := range tt.wantParts {
				if !strings.Contains(r.body, p) {
					t.Errorf("%s lacks %q", tt.path, p)
				}
			}
			if tt.path == "/app.js" || tt.path == "/app-worker.js" {
				return // scripts: their URLs are built from location, checked by the browser tests
			}
			if found := externalURL.FindAllString(r.body, -1); len(found) > 0 {
				t.Errorf("%s names other hosts: %q", tt.path, found)
			}
			if strings.Contains(r.body, "githubusercontent") {
				t.Errorf("%s keeps go-app's default icons", tt.path)
			}
		})
	}
}

func TestLoadSamples(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, server.Options{})
	samples := fstest.MapFS{
		"b.txt":     {Data: []byte("Second Sample Has A Headline\n\nIts text.")},
		"a.txt":     {Data: []byte("First sample here\n\nIts body, with 🙂.")},
		"notes.md":  {Data: []byte("not an article")},
		"sub/c.txt": {Data: []byte("not at the top")},
		"c.txt":     {Data: []byte("Zed sample three words")},
	}
	n, err := server.LoadSamples(ctx, e.store, samples)
	if err != nil || n != 3 {
		t.Fatalf("LoadSamples = %d, %v; want 3", n, err)
	}
	var titles, sources []string
	for _, a := range e.snapshot(t).Articles {
		titles, sources = append(titles, a.Title), append(sources, a.Source)
	}
	slices.Sort(titles)
	if diff := cmp.Diff([]string{"First sample here", "Second Sample Has A Headline", "Zed sample three words"}, titles); diff != "" {
		t.Errorf("titles (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"sample", "sample", "sample"}, sources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	// A store with articles gets no samples.
	before := e.snapshot(t)
	if n, err := server.LoadSamples(ctx, e.store, fstest.MapFS{"new.txt": {Data: []byte("A new sample text.")}}); err != nil || n != 0 {
		t.Errorf("second LoadSamples = %d, %v; want 0", n, err)
	}
	e.unchanged(t, before)
}

// TestLoadEmbeddedSamples loads the samples the binary carries: news
// stories alone, with a headline for a title and no page furniture (share
// buttons, donation appeals) that annotations.Boilerplate would find.
func TestLoadEmbeddedSamples(t *testing.T) {
	e := newEnv(t, server.Options{})
	n, err := server.LoadSamples(context.Background(), e.store, static.Articles)
	if err != nil || n < 1 {
		t.Fatalf("LoadSamples(static.Articles) = %d, %v", n, err)
	}
	for _, a := range e.snapshot(t).Articles {
		if strings.HasPrefix(a.Title, "Published") || a.Source != "sample" {
			t.Errorf("sample %q: source %q", a.Title, a.Source)
		}
		if junk := annotations.Boilerplate(a.Text); len(junk) > 0 {
			t.Errorf("sample %q keeps page furniture: %+v", a.Title, junk)
		}
	}
}

// TestQueryParameters: a query parameter that overflows, repeats, is
// unknown or cannot be read is a 400 with a JSON error naming it, on every
// endpoint; nothing is stored.
func TestQueryParameters(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	const split = "split=0.8,0.1,0.1"
	tests := []struct {
		name, method, path, contentType, body string
		wantStatus                            int
		wantMessage                           string
	}{
		{"export: split that overflows its sum", "GET", "/api/v1/export?split=1e308,1e308,1e308", "", "", 400, `split "1e308,1e308,1e308": "1e308" is out of range`},
		{"export: split beyond float64", "GET", "/api/v1/export?split=1e400,0,0", "", "", 400, `"1e400" is out of range`},
		{"export: split that underflows is 0", "GET", "/api/v1/export?split=1e-400,1,0", "", "", 200, ""},
		{"export: split repeated", "GET", "/api/v1/export?" + split + "&" + split, "", "", 400, "split is given 2 times"},
		{"export: seed that overflows", "GET", "/api/v1/export?" + split + "&seed=9223372036854775808", "", "", 400, `seed "9223372036854775808" is out of range`},
		{"export: seed below the least", "GET", "/api/v1/export?" + split + "&seed=-9223372036854775809", "", "", 400, `seed "-9223372036854775809" is out of range`},
		{"export: seed repeated", "GET", "/api/v1/export?" + split + "&seed=1&seed=2", "", "", 400, "seed is given 2 times"},
		{"export: format repeated", "GET", "/api/v1/export?format=jsonl&format=jsonl", "", "", 400, "format is given 2 times"},
		{"export: query that cannot be read", "GET", "/api/v1/export?format=%zz", "", "", 400, "cannot be read"},
		{"export: annotator repeated is a list", "GET", "/api/v1/export?annotator=ann&annotator=" + adminLogin, "", "", 200, ""},
		{"pull: limit that overflows", "GET", "/api/v1/sync/pull?annotator=ann&limit=99999999999999999999", "", "", 400, `limit "99999999999999999999" is out of range`},
		{"pull: since that overflows", "GET", "/api/v1/sync/pull?annotator=ann&since=99999999999999999999", "", "", 400, `since "99999999999999999999" is not a cursor`},
		{"pull: annotator repeated", "GET", "/api/v1/sync/pull?annotator=ann&annotator=bob", "", "", 400, "annotator is given 2 times"},
		{"pull: limit repeated", "GET", "/api/v1/sync/pull?annotator=ann&limit=1&limit=2", "", "", 400, "limit is given 2 times"},
		{"pull: query that cannot be read", "GET", "/api/v1/sync/pull?annotator=%zz", "", "", 400, "cannot be read"},
		{"import: format repeated", "POST", "/api/v1/import?format=jsonl&format=jsonl", "application/x-ndjson", "", 400, "format is given 2 times"},
		{"import: annotator repeated", "POST", "/api/v1/import?format=doccano&annotator=a&annotator=b", "text/plain", "", 400, "annotator is given 2 times"},
		{"import: unknown parameter", "POST", "/api/v1/import?format=jsonl&labels=PER", "application/x-ndjson", "", 400, `"labels" is not a parameter of /api/v1/import`},
		{"import: query that cannot be read", "POST", "/api/v1/import?format=%zz", "application/x-ndjson", "", 400, "cannot be read"},
		{"article list: an unknown parameter", "GET", "/api/v1/articles?page=2&page=3", "", "", 400, `"page" is not a parameter of /api/v1/articles`},
		{"article list: project twice", "GET", "/api/v1/articles?project=a&project=b", "", "", 400, "project is given 2 times"},
		{"article: any parameter", "GET", "/api/v1/articles/" + a.ID + "?x=1", "", "", 400, "takes no query parameters"},
		{"article upload: any parameter", "POST", "/api/v1/articles?source=paste", "application/json", `{"text":"Other text."}`, 400, "takes no query parameters"},
		{"push: any parameter", "POST", "/api/v1/sync/push?x=1", "application/json", `{"revisions":[]}`, 400, "takes no query parameters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snapshot(t)
			// As the admin, whom no annotator named is forbidden.
			r := e.admin(t).do(t, tt.method, tt.path, tt.contentType, tt.body)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if tt.wantStatus == 200 {
				return
			}
			if got := errorOf(t, r); got.Code != "invalid" || !strings.Contains(got.Message, tt.wantMessage) {
				t.Errorf("error %+v, want invalid with %q", got, tt.wantMessage)
			}
			e.unchanged(t, before)
		})
	}
}
