package server_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/gloss-annotate/gloss/server"
)

// decodeBody returns body decoded from the Content-Encoding token ("" for
// none).
func decodeBody(t *testing.T, token, body string) string {
	t.Helper()
	var r io.Reader
	switch token {
	case "":
		return body
	case "br":
		r = brotli.NewReader(strings.NewReader(body))
	case "gzip":
		zr, err := gzip.NewReader(strings.NewReader(body))
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = zr
	default:
		t.Fatalf("unknown Content-Encoding %q", token)
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		t.Fatalf("decode %s: %v", token, err)
	}
	return buf.String()
}

// TestTextAssetsCompressed: app.css and icon.svg come compressed with the
// encoding the client accepts (Brotli first) and decode to the file, typed
// as it is, with Vary and an ETag of the release and the encoding that
// revalidates to a 304; an icon in PNG comes as it is.
func TestTextAssetsCompressed(t *testing.T) {
	web := testWeb()
	web["app.css"] = &fstest.MapFile{Data: []byte(strings.Repeat("body { color: #222; }\n", 100))}
	web["icon.svg"] = &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg">` + strings.Repeat(`<circle r="4"/>`, 50) + `</svg>`)}
	web["tiny.css"] = &fstest.MapFile{Data: []byte("p{}")}
	e := newEnv(t, server.Options{Version: "v1", Web: web})
	tests := []struct {
		name, path, method, accept, ifNoneMatch string
		wantStatus                              int
		wantEncoding, wantType                  string
		wantETag, wantVary                      string
	}{
		{"brotli", "/web/app.css", "GET", "gzip, br", "", 200, "br", "text/css; charset=utf-8", `"v1-br"`, "Accept-Encoding"},
		{"gzip", "/web/app.css", "GET", "gzip", "", 200, "gzip", "text/css; charset=utf-8", `"v1-gzip"`, "Accept-Encoding"},
		{"br refused", "/web/app.css", "GET", "br;q=0, gzip", "", 200, "gzip", "text/css; charset=utf-8", `"v1-gzip"`, "Accept-Encoding"},
		{"none", "/web/app.css", "GET", "", "", 200, "", "text/css; charset=utf-8", `"v1"`, "Accept-Encoding"},
		{"HEAD", "/web/app.css", "HEAD", "br", "", 200, "br", "text/css; charset=utf-8", `"v1-br"`, "Accept-Encoding"},
		{"brotli revalidated", "/web/app.css", "GET", "br", `"v1-br"`, 304, "br", "", `"v1-br"`, "Accept-Encoding"},
		{"gzip's ETag for brotli", "/web/app.css", "GET", "br", `"v1-gzip"`, 200, "br", "text/css; charset=utf-8", `"v1-br"`, "Accept-Encoding"},
		{"none revalidated", "/web/app.css", "GET", "", `"v1"`, 304, "", "", `"v1"`, "Accept-Encoding"},
		{"svg icon", "/web/icon.svg", "GET", "br", "", 200, "br", "image/svg+xml", `"v1-br"`, "Accept-Encoding"},
		{"tiny stylesheet", "/web/tiny.css", "GET", "br", "", 200, "", "text/css; charset=utf-8", `"v1"`, "Accept-Encoding"},
		{"png icon", "/web/icon-192.png", "GET", "br", "", 200, "", "image/png", `"v1"`, ""},
		{"missing stylesheet", "/web/other.css", "GET", "br", "", 404, "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, tt.method, tt.path, "", "", "Accept-Encoding", tt.accept, "If-None-Match", tt.ifNoneMatch)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d", r.status, tt.wantStatus)
			}
			if r.status == 404 {
				return
			}
			if r.status == 200 && tt.method == "GET" {
				want := string(web[strings.TrimPrefix(tt.path, "/web/")].Data)
				if got := decodeBody(t, tt.wantEncoding, r.body); got != want {
					t.Errorf("decodes to %q, want %q", got, want)
				}
				if got := r.header.Get("Content-Length"); got != strconv.Itoa(len(r.body)) {
					t.Errorf("Content-Length %s for %d bytes", got, len(r.body))
				}
				if tt.wantEncoding != "" && len(r.body) >= len(want)/4 {
					t.Errorf("%d bytes for %d: hardly compressed", len(r.body), len(want))
				}
			}
			if tt.method == "HEAD" && (r.body != "" || r.header.Get("Content-Length") == "") {
				t.Errorf("HEAD: %d bytes, Content-Length %q", len(r.body), r.header.Get("Content-Length"))
			}
			got := [5]string{r.header.Get("Content-Encoding"), r.header.Get("ETag"), r.header.Get("Vary"), r.header.Get("Cache-Control"), ""}
			if r.status == 200 {
				got[4] = r.header.Get("Content-Type")
			}
			want := [5]string{tt.wantEncoding, tt.wantETag, tt.wantVary, "no-cache", tt.wantType}
			if tt.wantStatus == 304 {
				want[0] = r.header.Get("Content-Encoding") // a 304 has no body to encode
			}
			if got != want {
				t.Errorf("encoding, ETag, Vary, Cache-Control, type = %q, want %q", got, want)
			}
		})
	}
}

// TestPWACompressed: what go-app makes (the pages, its scripts, the
// manifest) comes compressed with the encoding the client accepts (Brotli
// first), decodes to what an uncompressed answer holds, keeps its type and
// no-cache, says Vary: Accept-Encoding, and carries the release's ETag with
// the encoding, which revalidates to a 304 (HEAD: the encoded length).
func TestPWACompressed(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v1"})
	a := e.putArticle(t, "", merkelText)
	for _, path := range []string{"/", "/articles/" + a.ID, "/app.js", "/wasm_exec.js", "/app.css", "/manifest.webmanifest", "/app-worker.js"} {
		plain := e.do(t, "GET", path, "", "")
		if plain.status != 200 || plain.body == "" {
			t.Fatalf("GET %s without encoding: %d, %d bytes", path, plain.status, len(plain.body))
		}
		if got := plain.header.Get("Content-Encoding"); got != "" {
			t.Errorf("GET %s without encoding: Content-Encoding %q", path, got)
		}
		if got := plain.header.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("GET %s without encoding: Vary %q", path, got)
		}
		if r := e.do(t, "GET", path, "", "", "If-None-Match", `"v1"`); r.status != 304 {
			t.Errorf("GET %s without encoding, revalidated: %d, want 304", path, r.status)
		}
		for _, tt := range []struct{ accept, token string }{{"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"br;q=0, gzip", "gzip"}} {
			r := e.do(t, "GET", path, "", "", "Accept-Encoding", tt.accept)
			if r.status != 200 {
				t.Fatalf("GET %s (%s): %d", path, tt.accept, r.status)
			}
			wantETag := `"v1-` + tt.token + `"`
			got := [5]string{r.header.Get("Content-Encoding"), r.header.Get("Content-Type"), r.header.Get("Vary"), r.header.Get("ETag"), r.header.Get("Cache-Control")}
			want := [5]string{tt.token, plain.header.Get("Content-Type"), "Accept-Encoding", wantETag, "no-cache"}
			if got != want {
				t.Errorf("GET %s (%s): encoding, type, Vary, ETag, Cache-Control = %q, want %q", path, tt.accept, got, want)
			}
			if got := r.header.Get("Content-Length"); got != strconv.Itoa(len(r.body)) {
				t.Errorf("GET %s (%s): Content-Length %s for %d bytes", path, tt.accept, got, len(r.body))
			}
			// go-app writes a page's attributes in a random order: a page
			// decodes to the same length and head; anything else to the
			// same bytes.
			page := strings.HasPrefix(plain.header.Get("Content-Type"), "text/html")
			if decoded := decodeBody(t, tt.token, r.body); decoded != plain.body && (!page || len(decoded) != len(plain.body) || !strings.HasPrefix(decoded, "<!doctype html>") || !strings.Contains(decoded, "<title>Gloss")) {
				t.Errorf("GET %s (%s): decodes to %d bytes unlike the %d sent as they are", path, tt.accept, len(decoded), len(plain.body))
			}
			if len(plain.body) > 2000 && len(r.body) >= len(plain.body)/2 {
				t.Errorf("GET %s (%s): %d bytes for %d: hardly compressed", path, tt.accept, len(r.body), len(plain.body))
			}
			head := e.do(t, "HEAD", path, "", "", "Accept-Encoding", tt.accept)
			if n, _ := strconv.Atoi(head.header.Get("Content-Length")); head.status != 200 || head.body != "" || n != len(r.body) && (!page || n < len(r.body)-64 || n > len(r.body)+64) {
				t.Errorf("HEAD %s (%s): %d, %d bytes, Content-Length %s; want 200, none, %d", path, tt.accept, head.status, len(head.body), head.header.Get("Content-Length"), len(r.body))
			}
			if again := e.do(t, "GET", path, "", "", "Accept-Encoding", tt.accept, "If-None-Match", wantETag); again.status != 304 || again.body != "" {
				t.Errorf("GET %s (%s) revalidated: %d with %d bytes, want 304", path, tt.accept, again.status, len(again.body))
			}
			if other := e.do(t, "GET", path, "", "", "Accept-Encoding", tt.accept, "If-None-Match", `"v1"`); other.status != 200 {
				t.Errorf("GET %s (%s) with the uncompressed ETag: %d, want 200", path, tt.accept, other.status)
			}
		}
	}
	if r := e.do(t, "GET", "/articles/xyz", "", "", "Accept-Encoding", "br"); r.status != 404 || r.header.Get("Content-Encoding") != "" {
		t.Errorf("GET a missing page: %d, Content-Encoding %q; want 404 as it is", r.status, r.header.Get("Content-Encoding"))
	}
}
