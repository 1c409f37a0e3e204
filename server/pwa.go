package server

import (
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"

	glossapp "github.com/gloss-annotate/gloss/app"
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
// Resources stays go-app's default, LocalDir(""): it writes /web/ URLs as
// they are ("/web/app.wasm", right on every path, /articles/x too), and its
// own file server for ./web is never reached, because NewHandler serves every
// /web/ path from the embedded files first.
func pwaHandler(version string, wasmSize int64) http.Handler {
	registerRoutes.Do(glossapp.Register)
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
		Image:                 "/web/icon-512.png",
		Styles:                []string{"/web/app.css"},
		CacheableResources:    []string{"/web/icon.svg"},
		Version:               version,
		ServiceWorkerTemplate: glossapp.ServiceWorkerJS,
		WasmContentLength:     strconv.FormatInt(wasmSize, 10),
	}
}

// webAssets serves the files of web (GET and HEAD only, no directory
// listing, not the .br/.gz variants by name), and each WebAssembly module
// (app.wasm, export.wasm) precompressed: NAME.wasm.br when the client
// accepts Brotli, else NAME.wasm.gz for gzip, else NAME.wasm as it is. Every
// file is Cache-Control: no-cache (its URL is the same in every release).
// With a version, a module carries an ETag of the version and its encoding,
// any other file one of the version, so a revalidation costs a 304.
func webAssets(web fs.FS, version string) http.Handler {
	files := http.FileServerFS(web)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := r.URL.Path
		if name == "" || strings.HasSuffix(name, "/") || strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
			http.NotFound(w, r)
			return
		}
		// No /web/ URL changes with the release (go-app and the service
		// worker name them as they are), so none may be cached as
		// immutable: every asset is revalidated, and with a version its
		// ETag makes the revalidation a 304.
		w.Header().Set("Cache-Control", "no-cache")
		if !strings.HasSuffix(name, ".wasm") {
			if version != "" {
				w.Header().Set("ETag", `"`+version+`"`)
			}
			files.ServeHTTP(w, r)
			return
		}
		if _, err := fs.Stat(web, name); err != nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
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
