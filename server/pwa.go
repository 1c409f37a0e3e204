package server

import (
	"bytes"
	"crypto/sha256"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	glossapp "github.com/gloss-annotate/gloss/app"
	"github.com/gloss-annotate/gloss/server/internal/compress"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// contentSecurityPolicy lets a page load only what comes from its own
// origin. go-app's page has no inline script (it loads /wasm_exec.js and
// /app.js), and app.js compiles the WebAssembly module, which needs
// 'wasm-unsafe-eval' (not 'unsafe-eval'). go-app sets an element's style
// attribute with setAttribute("style", ...) and the app uses it for label
// colours (--ent-color), so style attributes must be allowed:
// style-src-attr 'unsafe-inline'. Style elements stay limited to the origin's
// stylesheets (style-src-elem 'self'); a browser without CSP 3's -elem/-attr
// directives falls back to style-src, which therefore allows inline styles
// too. Inline styles cannot run script.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self' 'unsafe-inline'; style-src-elem 'self'; style-src-attr 'unsafe-inline'; " +
	"img-src 'self'; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// registerRoutes registers the app's routes with go-app once, however many
// handlers are made (tests make many).
var registerRoutes sync.Once

// pwaHandler serves the app's pages, app.js, wasm_exec.js, the manifest and
// the service worker through go-app. Every icon is one of Gloss's own files,
// so a page makes no request to another host (go-app v10.1.11's Icon has
// four fields, all set; it uses Maskable for the apple-touch icon).
//
// Resources is versionedResources: the pages, app.js and the service
// worker name every asset by its versioned URL (assets.go; absolute, so
// right on every path, /articles/x too), and the worker caches the export
// module by its versioned URL too.
func pwaHandler(version, assetVersion string, wasmSize int64) http.Handler {
	registerRoutes.Do(glossapp.Register)
	resources := newVersionedResources(assetVersion)
	return &app.Handler{
		Name:            "Gloss",
		ShortName:       "Gloss",
		Title:           "Gloss",
		Description:     "Annotate news articles: entities, quotes and stances, offline too.",
		Lang:            "en",
		BackgroundColor: "#1d3557",
		ThemeColor:      "#1d3557",
		LoadingLabel:    "Loading Gloss {progress}%",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-maskable-512.png",
			SVG:      "/web/icon.svg",
		},
		Image:              "/web/icon-512.png",
		Styles:             []string{"/web/app.css"},
		Scripts:            []string{"/web/inert.js defer", "/web/focus.js defer"}, // the page behind an open dialog is inert; the focus stays on the page
		CacheableResources: []string{"/web/icon.svg", glossapp.GoWorkerURL, "/web/" + moduleWorkerName},
		Version:            version,
		Resources:          resources,
		ServiceWorkerTemplate: strings.NewReplacer(
			`"`+glossapp.ExportModuleURL+`"`, `"`+resources.Resolve(glossapp.ExportModuleURL)+`"`,
			`"`+glossapp.LearnModuleURL+`"`, `"`+resources.Resolve(glossapp.LearnModuleURL)+`"`,
		).Replace(glossapp.ServiceWorkerJS),
		WasmContentLength: strconv.FormatInt(wasmSize, 10),
	}
}

// webAssets serves the files of web (GET and HEAD only, no directory
// listing, not the .br/.gz variants by name), and each WebAssembly module
// (app.wasm, export.wasm) precompressed: NAME.wasm.br when the client
// accepts Brotli, else NAME.wasm.gz for gzip, else NAME.wasm as it is. A
// text asset (app.css, icon.svg) is compressed when the client accepts
// Brotli or gzip, at the best quality, once per content and encoding (kept
// in memory: no variant file to go stale when the asset is edited), unless
// that does not make it smaller. A path under assetVersion/ (the URLs the
// pages use, assets.go) names the file after it and is answered
// immutableCacheControl; any other file is Cache-Control: no-cache (its URL
// is the same in every release). With a version, a compressed answer
// carries an ETag of the version and its encoding, any other file one of
// the version, so a revalidation costs a 304.
func webAssets(web fs.FS, version, assetVersion string) http.Handler {
	files := http.FileServerFS(web)
	cache := &encodedCache{entries: make(map[encodedKey][]byte)}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := r.URL.Path
		if rest, ok := strings.CutPrefix(name, assetVersion+"/"); ok && assetVersion != "" {
			name = rest
			r = r.Clone(r.Context())
			r.URL.Path, r.URL.RawPath = rest, ""
			w = &immutableWriter{ResponseWriter: w}
		}
		if name == "" || strings.HasSuffix(name, "/") || strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
			http.NotFound(w, r)
			return
		}
		// An unversioned URL is the same in every release: revalidated,
		// and with a version its ETag makes the revalidation a 304. A
		// versioned one's immutableWriter replaces this on success.
		h := w.Header()
		h.Set("Cache-Control", "no-cache")
		if kind := textAssets[path.Ext(name)]; kind != "" {
			h.Set("Vary", "Accept-Encoding")
			if token := preferredEncoding(r.Header.Get("Accept-Encoding")); token != "" {
				data, err := fs.ReadFile(web, name)
				if err != nil {
					http.NotFound(w, r)
					return
				}
				// A tiny file (an icon) may not get smaller: sent as it is.
				if body, err := cache.encode(token, data); err == nil && len(body) < len(data) {
					h.Set("Content-Type", kind)
					etag := ""
					if version != "" {
						etag = `"` + version + "-" + token + `"`
					}
					writeEncoded(w, r, token, etag, body)
					return
				}
			}
		}
		if !strings.HasSuffix(name, ".wasm") {
			if version != "" {
				h.Set("ETag", `"`+version+`"`)
			}
			files.ServeHTTP(w, r)
			return
		}
		if _, err := fs.Stat(web, name); err != nil {
			http.NotFound(w, r)
			return
		}
		h.Set("Vary", "Accept-Encoding")
		h.Set("Content-Type", "application/wasm")
		accept := r.Header.Get("Accept-Encoding")
		for _, enc := range []struct{ token, suffix string }{{"br", ".br"}, {"gzip", ".gz"}} {
			if !acceptsEncoding(accept, enc.token) {
				continue
			}
			if _, err := fs.Stat(web, name+enc.suffix); err != nil {
				continue
			}
			h.Set("Content-Encoding", enc.token)
			etag := ""
			if version != "" {
				etag = `"` + version + "-" + enc.token + `"`
			}
			serveEncoded(w, r, web, name+enc.suffix, etag)
			return
		}
		if version != "" {
			h.Set("ETag", `"`+version+`"`)
		}
		files.ServeHTTP(w, r)
	})
}

// textAssets are the Content-Types of the /web/ assets that webAssets
// compresses, by extension.
var textAssets = map[string]string{
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".js":   "text/javascript; charset=utf-8",
	".json": "application/json",
	".txt":  "text/plain; charset=utf-8",
}

// preferredEncoding returns the Content-Encoding to answer a request with
// an Accept-Encoding header: "br" when it accepts Brotli, else "gzip" when
// it accepts gzip, else "".
func preferredEncoding(accept string) string {
	switch {
	case acceptsEncoding(accept, "br"):
		return "br"
	case acceptsEncoding(accept, "gzip"):
		return "gzip"
	}
	return ""
}

// writeEncoded sends body, encoded with token, with its Content-Length
// and, when etag is not "", that ETag (a request naming it gets a 304).
// The caller has set the Content-Type.
func writeEncoded(w http.ResponseWriter, r *http.Request, token, etag string, body []byte) {
	h := w.Header()
	h.Set("Content-Encoding", token)
	if etag != "" {
		h.Set("ETag", etag)
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// serveEncoded sends the file name of web as it is stored, with its
// Content-Length (http.FileServer sends none once Content-Encoding is set)
// and no byte ranges; a request whose If-None-Match holds etag gets a 304.
func serveEncoded(w http.ResponseWriter, r *http.Request, web fs.FS, name, etag string) {
	f, err := web.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		http.Error(w, "500 internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Accept-Ranges", "none")
	if etag != "" {
		h.Set("ETag", etag)
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Length", strconv.FormatInt(info.Size(), 10))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		io.Copy(w, f)
	}
}

// etagMatches reports whether an If-None-Match header names etag (weakly
// compared, as RFC 9110 asks for If-None-Match) or is "*".
func etagMatches(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag {
			return true
		}
	}
	return false
}

// acceptsEncoding reports whether an Accept-Encoding header accepts token
// (with a q-value above 0; the parameter name "q" is case-insensitive).
func acceptsEncoding(header, token string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		for param := range strings.SplitSeq(params, ";") {
			key, value, _ := strings.Cut(param, "=")
			if strings.EqualFold(strings.TrimSpace(key), "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
}

// compressedPWA sends what go-app's handler next makes (the pages,
// app.js, wasm_exec.js, its app.css, the manifest and the service worker)
// compressed when the client accepts Brotli (first) or gzip, with Vary:
// Accept-Encoding. A script, stylesheet or manifest is the same all release
// long: it is compressed at the best quality once and cached. A page is
// compressed at a middle quality for each request (about a millisecond):
// go-app writes a tag's attributes in a random order, so no two answers of
// a page are the same bytes and a cache would never be hit. The ETag of a compressed answer is go-app's (the release) with
// the encoding, as for the /web/ assets, and a request naming it gets a 304.
func compressedPWA(next http.Handler) http.Handler {
	cache := &encodedCache{entries: make(map[encodedKey][]byte)}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		token := preferredEncoding(r.Header.Get("Accept-Encoding"))
		if token == "" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		// go-app answers a request naming its own ETag with a 304: ask
		// without, and compare with the ETag of the encoding below.
		inner := r.Clone(r.Context())
		inner.Header.Del("If-None-Match")
		inner.Method = http.MethodGet // for HEAD: the length is the encoded body's
		buf := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(buf, inner)

		h := w.Header()
		for k, v := range buf.header {
			if k != "Content-Length" && k != "Vary" {
				h[k] = v
			}
		}
		kind, _, _ := strings.Cut(buf.header.Get("Content-Type"), ";")
		static := kind == "application/javascript" || kind == "text/javascript" ||
			kind == "text/css" || kind == "application/manifest+json" || kind == "application/json"
		if buf.status != http.StatusOK || buf.header.Get("Content-Encoding") != "" || !(static || kind == "text/html") {
			if etag := buf.header.Get("ETag"); buf.status == http.StatusOK && etag != "" && etagMatches(r.Header.Get("If-None-Match"), etag) {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			h.Set("Content-Length", strconv.Itoa(buf.body.Len()))
			w.WriteHeader(buf.status)
			w.Write(buf.body.Bytes())
			return
		}
		var body []byte
		var err error
		if static {
			body, err = cache.encode(token, buf.body.Bytes())
		} else {
			body, err = compress.Fast(token, buf.body.Bytes())
		}
		if err != nil { // not for a known token: send the bytes as they are
			h.Set("Content-Length", strconv.Itoa(buf.body.Len()))
			w.WriteHeader(http.StatusOK)
			w.Write(buf.body.Bytes())
			return
		}
		etag := buf.header.Get("ETag")
		if etag != "" {
			etag = strings.TrimSuffix(etag, `"`) + "-" + token + `"`
		}
		writeEncoded(w, r, token, etag, body)
	})
}

// bufferedResponse keeps what a handler writes, to be compressed.
type bufferedResponse struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if !b.wrote {
		b.status, b.wrote = status, true
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

// encodedKey names an encoded body: the SHA-256 of the bytes as they are,
// and the encoding.
type encodedKey struct {
	sum   [sha256.Size]byte
	token string
}

// encodedCache keeps bodies encoded at the best quality, at most
// maxEncoded of them (all are dropped when it is full, which only many
// releases served by one process can do).
type encodedCache struct {
	mu      sync.Mutex
	entries map[encodedKey][]byte
}

const maxEncoded = 64

// encode returns data encoded for token at the best quality, from the
// cache when it is there.
func (c *encodedCache) encode(token string, data []byte) ([]byte, error) {
	key := encodedKey{sha256.Sum256(data), token}
	c.mu.Lock()
	body, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		return body, nil
	}
	body, err := compress.Best(token, data)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.entries) >= maxEncoded {
		clear(c.entries)
	}
	c.entries[key] = body
	c.mu.Unlock()
	return body, nil
}
