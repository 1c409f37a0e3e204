package server_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gloss-annotate/gloss/server"
)

// unversionedWeb matches a /web/ URL in quotes whose first segment is a
// file's name (it has an extension), not a version.
var unversionedWeb = regexp.MustCompile(`["']/web/[^/"']*\.[a-z]+["']`)

// assetVersion is the version make build gives web's files (the
// Makefile's VERSION_CMD), computed here on its own: the server must name
// its assets' URLs with it.
func assetVersion(web fstest.MapFS) string {
	var names []string
	for name := range web {
		base := filepath.Base(name)
		if !strings.HasSuffix(base, ".br") && !strings.HasSuffix(base, ".gz") && !strings.HasPrefix(base, ".") {
			names = append(names, "./"+name)
		}
	}
	sort.Strings(names)
	var lines strings.Builder
	for _, name := range names {
		fmt.Fprintf(&lines, "%x  %s\n", sha256.Sum256(web[strings.TrimPrefix(name, "./")].Data), name)
	}
	return fmt.Sprintf("%x", sha256.Sum256([]byte(lines.String())))[:16]
}

// TestAssetVersionIsMakes: assetVersion is what the Makefile's command
// prints for the same files.
func TestAssetVersionIsMakes(t *testing.T) {
	dir := t.TempDir()
	web := testWeb()
	web[".hidden"] = &fstest.MapFile{Data: []byte("not counted")}
	for name, f := range web {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("bash", "-c", `find . -type f ! -name '*.br' ! -name '*.gz' ! -name '.*' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -c1-16`)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the Makefile's version command: %v", err)
	}
	if got, want := assetVersion(web), strings.TrimSpace(string(out)); got != want {
		t.Errorf("assetVersion = %s, the Makefile's command says %s", got, want)
	}
}

// TestVersionedAssets: the assets under /web/VERSION/ and go-app's scripts
// under /VERSION/ are immutable, with the same bodies as the unversioned
// URLs; pages, the manifest, the worker and the unversioned URLs stay
// no-cache; another version's URL, or a path under /VERSION/ that is no
// script of go-app's, is a 404 that is not cached as immutable.
func TestVersionedAssets(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v1"})
	v := assetVersion(testWeb())
	const immutable = "public, max-age=31536000, immutable"
	tests := []struct {
		name, path       string
		headers          []string
		wantStatus       int
		wantCacheControl string
		sameAs           string // an unversioned URL with the same body
	}{
		{"stylesheet", "/web/" + v + "/app.css", nil, 200, immutable, "/web/app.css"},
		{"stylesheet, brotli", "/web/" + v + "/app.css", []string{"Accept-Encoding", "br"}, 200, immutable, ""},
		{"icon", "/web/" + v + "/icon-192.png", nil, 200, immutable, "/web/icon-192.png"},
		{"module, brotli", "/web/" + v + "/app.wasm", []string{"Accept-Encoding", "br"}, 200, immutable, ""},
		{"module revalidated", "/web/" + v + "/app.wasm", []string{"If-None-Match", `"v1"`}, 304, immutable, ""},
		{"export module", "/web/" + v + "/export.wasm", nil, 200, immutable, "/web/export.wasm"},
		{"missing asset", "/web/" + v + "/nothing.css", nil, 404, "", ""},
		{"another release's asset", "/web/0123456789abcdef/app.css", nil, 404, "", ""},
		{"app.js", "/" + v + "/app.js", nil, 200, immutable, "/app.js"},
		{"wasm_exec.js", "/" + v + "/wasm_exec.js", []string{"Accept-Encoding", "gzip"}, 200, immutable, ""},
		{"go-app's stylesheet", "/" + v + "/app.css", nil, 200, immutable, "/app.css"},
		{"worker under the version", "/" + v + "/app-worker.js", nil, 404, "", ""},
		{"page under the version", "/" + v + "/", nil, 404, "", ""},
		{"unversioned stylesheet", "/web/app.css", nil, 200, "no-cache", ""},
		{"unversioned app.js", "/app.js", nil, 200, "no-cache", ""},
		{"page", "/", nil, 200, "no-cache", ""},
		{"manifest", "/manifest.webmanifest", nil, 200, "no-cache", ""},
		{"service worker", "/app-worker.js", nil, 200, "no-cache", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, "GET", tt.path, "", "", tt.headers...)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %.300s", r.status, tt.wantStatus, r.body)
			}
			if got := r.header.Get("Cache-Control"); got != tt.wantCacheControl {
				t.Errorf("Cache-Control %q, want %q", got, tt.wantCacheControl)
			}
			if tt.sameAs != "" {
				if plain := e.do(t, "GET", tt.sameAs, "", ""); plain.body != r.body {
					t.Errorf("the body differs from %s's (%d bytes, want %d)", tt.sameAs, len(r.body), len(plain.body))
				}
			}
		})
	}
}

// TestPagesNameVersionedAssets: the page, app.js, the manifest and the
// service worker name every asset by its versioned URL, the worker's
// export and learning modules and the learning and module workers'
// scripts too, and
// nothing under /web/ unversioned.
func TestPagesNameVersionedAssets(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v1"})
	v := assetVersion(testWeb())
	tests := []struct {
		path      string
		wantParts []string
	}{
		{"/", []string{`href="/web/` + v + `/app.css"`, `src="/web/` + v + `/inert.js"`, `src="/` + v + `/app.js"`, `src="/` + v + `/wasm_exec.js"`, `href="/web/` + v + `/icon.svg"`, `href="/manifest.webmanifest"`}},
		{"/app.js", []string{`glossCompiledModule("/web/` + v + `/app.wasm"`, `"/app-worker.js"`,
			"await new Promise((resolve) => setTimeout(resolve)); // Gloss: the Go runtime's start in a task of its own\n    go.run(wasm.instance);",
			`new Worker(new URL("module-worker.js", at))`}},
		{"/manifest.webmanifest", []string{`"/web/` + v + `/icon-192.png"`}},
		{"/app-worker.js", []string{`"/web/` + v + `/app.wasm"`, `"/` + v + `/app.js"`, `const modulesToCache = ["/web/` + v + `/export.wasm", "/web/` + v + `/learn.wasm"]`, `"/web/` + v + `/go-worker.js"`, `"/web/` + v + `/module-worker.js"`}},
	}
	for _, tt := range tests {
		r := e.do(t, "GET", tt.path, "", "")
		for _, p := range tt.wantParts {
			if !strings.Contains(r.body, p) {
				t.Errorf("%s lacks %s", tt.path, p)
			}
		}
		for _, m := range unversionedWeb.FindAllString(r.body, -1) {
			t.Errorf("%s names %s, not versioned", tt.path, m)
		}
	}
}
