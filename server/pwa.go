package server

import (
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	glossapp "github.com/gloss-annotate/gloss/app"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// contentSecurityPolicy lets the page load only what comes from its own
// origin: scripts (and the WebAssembly module, 'wasm-unsafe-eval'), styles
// (go-app and the highlights set style attributes, hence 'unsafe-inline' for
// styles only), images, the manifest, the service worker and API calls.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
	"worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'none'"

// pwaHandler serves the app's pages, app.js, wasm_exec.js, the manifest and
// the service worker through go-app. Every icon is one of Gloss's own files,
// so a page makes no request to another host.
func pwaHandler(version string, wasmSize int64) http.Handler {
	glossapp.Register()
	return &app.Handler{
		Name:            "Gloss",
		ShortName:       "Gloss",
		Title:           "Gloss",
		Description:     "Annotate news articles: entities, quotes and stances, offline too.",
		Lang:            "en",
		BackgroundColor: "#fbfbf8",
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

// webAssets serves the files of web, and app.wasm precompressed: Brotli when
// the client accepts it, else gzip, else as it is.
func webAssets(web fs.FS) http.Handler {
	files := http.FileServerFS(web)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "app.wasm" {
			if strings.HasSuffix(r.URL.Path, ".br") || strings.HasSuffix(r.URL.Path, ".gz") {
				http.NotFound(w, r)
				return
			}
			files.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Vary", "Accept-Encoding")
		w.Header().Set("Content-Type", "application/wasm")
		accept := r.Header.Get("Accept-Encoding")
		for _, enc := range []struct{ token, suffix string }{{"br", ".br"}, {"gzip", ".gz"}} {
			if !acceptsEncoding(accept, enc.token) {
				continue
			}
			if f, err := web.Open("app.wasm" + enc.suffix); err == nil {
				f.Close()
				w.Header().Set("Content-Encoding", enc.token)
				r2 := r.Clone(r.Context())
				r2.URL.Path = "app.wasm" + enc.suffix
				files.ServeHTTP(w, r2)
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}

// acceptsEncoding reports whether an Accept-Encoding header accepts token
// (with a q-value above 0).
func acceptsEncoding(header, token string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return params != "q=0" && params != "q=0.0" && params != "q=0.00" && params != "q=0.000"
	}
	return false
}
