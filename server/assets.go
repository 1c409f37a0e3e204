package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Versioned, immutable assets. A page names every asset it loads by a URL
// that carries the assets' version (webVersion): /web/VERSION/NAME for the
// files of static/web (app.wasm, export.wasm, app.css, inert.js, focus.js, the icons)
// and /VERSION/NAME for the scripts go-app makes (app.js, wasm_exec.js, its
// app.css). Those URLs are answered with immutableCacheControl: the browser
// never asks for them again. A new release has a new version, so new URLs.
// The pages, the manifest and the service worker script keep their URLs and
// stay no-cache. An older release's URLs are 404s (its pages are answered by
// its own service worker's cache); the unversioned /web/NAME still answers,
// no-cache, for pages of the releases before versioned URLs.

// immutableCacheControl is the Cache-Control of a versioned asset.
const immutableCacheControl = "public, max-age=31536000, immutable"

// goAppScripts are the files go-app's handler makes that a page loads or
// the service worker caches, served under /VERSION/ too.
var goAppScripts = map[string]bool{"/app.js": true, "/wasm_exec.js": true, "/app.css": true}

// webVersion is the version of the assets in web, as make build computes
// the release's (the Makefile's VERSION_CMD): the first 16 hex digits of the
// SHA-256 of sha256sum's lines ("HASH  ./NAME") for every file but the
// .br/.gz variants and dot files, sorted by name. Computed from the files
// themselves, it changes whenever one does, whatever the binary was built
// with (a plain go build's version is "dev").
func webVersion(web fs.FS) string {
	var names []string
	fs.WalkDir(web, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		base := path.Base(name)
		if strings.HasSuffix(base, ".br") || strings.HasSuffix(base, ".gz") || strings.HasPrefix(base, ".") {
			return nil
		}
		names = append(names, "./"+name)
		return nil
	})
	sort.Strings(names)
	all := sha256.New()
	for _, name := range names {
		one := sha256.New()
		if f, err := web.Open(strings.TrimPrefix(name, "./")); err == nil {
			io.Copy(one, f)
			f.Close()
		}
		fmt.Fprintf(all, "%x  %s\n", one.Sum(nil), name)
	}
	return hex.EncodeToString(all.Sum(nil))[:16]
}

// versionedResources is Gloss's go-app ResourceResolver: /web/NAME
// resolves to /web/VERSION/NAME, and go-app's scripts (goAppScripts) to
// /VERSION/NAME; every other path (a page, "/", the service worker, the
// manifest) as it is. Its Handler is go-app's default (LocalDir("")),
// which go-app asks for its proxied resources (/robots.txt) as before; it
// never serves /web/, which the server's own mux answers.
type versionedResources struct {
	http.Handler
	version string
}

func newVersionedResources(version string) versionedResources {
	return versionedResources{Handler: app.LocalDir("").(http.Handler), version: version}
}

// Resolve returns the URL of location.
func (r versionedResources) Resolve(location string) string {
	switch {
	case location == "" || location == "/":
		return "/"
	case location == "/web" || location == "web":
		return "/web/" + r.version
	case strings.HasPrefix(location, "/web/"), strings.HasPrefix(location, "web/"):
		return "/web/" + r.version + "/" + strings.TrimPrefix(strings.TrimPrefix(location, "/"), "web/")
	case goAppScripts[location]:
		return "/" + r.version + location
	}
	return location
}

// versionedGoApp answers /VERSION/NAME for go-app's scripts (goAppScripts)
// from pwa (go-app's handler, compressed) as immutable; anything else under
// /VERSION/ is a 404.
func versionedGoApp(version string, pwa http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/"+version)
		if !goAppScripts[name] {
			http.NotFound(w, r)
			return
		}
		inner := r.Clone(r.Context())
		inner.URL.Path, inner.URL.RawPath = name, ""
		pwa.ServeHTTP(&immutableWriter{ResponseWriter: w}, inner)
	})
}

// immutableWriter sets immutableCacheControl on a 200 or 304 answer, over
// what the handler set (go-app sets no-cache on everything); any other
// status keeps the handler's.
type immutableWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *immutableWriter) WriteHeader(status int) {
	if !w.wrote {
		w.wrote = true
		if status == http.StatusOK || status == http.StatusNotModified {
			w.Header().Set("Cache-Control", immutableCacheControl)
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *immutableWriter) Write(p []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(p)
}
