package e2e

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// releaseProxy stands between the browser and the server and plays a new
// release: with next set, the service worker script differs (so the
// browser installs it), and with cut set, the download of app.wasm breaks
// off halfway.
type releaseProxy struct {
	*httptest.Server
	upstream    *url.URL
	next, cut   atomic.Bool
	wasmFetches atomic.Int32
}

func newReleaseProxy(t *testing.T, upstream string) *releaseProxy {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	p := &releaseProxy{upstream: u}
	rp := httputil.NewSingleHostReverseProxy(u)
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/app-worker.js" && p.next.Load():
			plain := r.Clone(r.Context()) // as it is, to be rewritten
			plain.Header.Del("Accept-Encoding")
			body, header := p.fetch(t, plain)
			body = []byte(strings.ReplaceAll(string(body), `"gloss-" + "`, `"gloss-next-" + "`))
			body = []byte(strings.ReplaceAll(string(body), `const cacheName = "gloss-`, `const cacheName = "gloss-next-`))
			copyHeader(w.Header(), header)
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body)
		case strings.HasPrefix(r.URL.Path, "/web/") && strings.HasSuffix(r.URL.Path, "/app.wasm"): // versioned
			p.wasmFetches.Add(1)
			if !p.cut.Load() {
				rp.ServeHTTP(w, r)
				return
			}
			body, header := p.fetch(t, r)
			copyHeader(w.Header(), header)
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(http.StatusOK)
			w.Write(body[:len(body)/2])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler) // the connection drops mid-download
		default:
			rp.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(p.Close)
	return p
}

// fetch gets r's path from the server as the browser asked for it.
func (p *releaseProxy) fetch(t *testing.T, r *http.Request) ([]byte, http.Header) {
	req, _ := http.NewRequest(r.Method, p.upstream.String()+r.URL.RequestURI(), nil)
	req.Header.Set("Accept-Encoding", r.Header.Get("Accept-Encoding"))
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Errorf("proxy: %v", err)
		return nil, http.Header{}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return body, resp.Header
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		if k == "Content-Length" {
			continue
		}
		dst[k] = vs
	}
}

// visitTwice starts a server behind a release proxy and opens the app
// twice, so that the page runs under the installed worker as it does on
// every visit after the first.
func visitTwice(t *testing.T) (*releaseProxy, context.Context) {
	t.Helper()
	srv := startServer(t, t.TempDir(), "")
	proxy := newReleaseProxy(t, srv.URL)
	ctx := newBrowser(t, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(proxy.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	signIn(t, ctx, srv, "upd")
	waitWorker(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, `!!navigator.serviceWorker.controller && document.getElementById("update-banner")?.hidden === true`, 30*time.Second)
	return proxy, ctx
}

// updateJS asks the browser to check for a new service worker and waits
// for the installing one, if any, to end: "installed"/"activated", or
// "redundant" when its install failed.
const updateJS = `(async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  await reg.update();
  const w = reg.installing || reg.waiting;
  if (!w) return "none";
  if (w.state === "activated" || w.state === "redundant") return w.state;
  return await new Promise((done) => w.addEventListener("statechange", () => {
    if (w.state === "activated" || w.state === "redundant") done(w.state);
  }));
})()`

const cachesJS = `(async () => (await caches.keys()).sort().join(","))()`

// TestCutUpdateKeepsOldVersionOffline: a new release whose app.wasm
// download breaks off is not installed; the old version's cache stays
// whole, and the app still opens offline. A release that downloads in full
// shows the update banner, and Reload runs it.
func TestCutUpdateKeepsOldVersionOffline(t *testing.T) {
	proxy, ctx := visitTwice(t)
	oldCaches := evalAsync[string](t, ctx, cachesJS)
	if !strings.HasPrefix(oldCaches, "gloss-") || strings.Contains(oldCaches, ",") {
		t.Fatalf("caches after the first visit = %q, want one gloss- cache", oldCaches)
	}

	// A new release whose wasm download is cut: its worker never installs.
	proxy.next.Store(true)
	proxy.cut.Store(true)
	before := proxy.wasmFetches.Load()
	if state := evalAsync[string](t, ctx, updateJS); state != "redundant" {
		t.Fatalf("the cut update's worker ended %q, want redundant (install failed)", state)
	}
	if proxy.wasmFetches.Load() == before {
		t.Fatal("the new worker never fetched app.wasm: the cut was not exercised")
	}
	if got := evalAsync[string](t, ctx, cachesJS); got != oldCaches {
		t.Fatalf("caches after the cut update = %q, want only the old %q", got, oldCaches)
	}
	if !evalJS[bool](t, ctx, `document.getElementById("update-banner").hidden`) {
		t.Error("the update banner shows for an update that failed")
	}

	// Offline now: the old version opens, whole.
	proxy.Close()
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatalf("reload offline: %v", err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("library") && document.querySelector(".library .note")?.textContent.startsWith("Offline")`, 30*time.Second)
}

// TestUpdateBannerReloadsIntoNewVersion: a release that downloads in full
// activates, the banner offers it, and Reload runs the new version.
func TestUpdateBannerReloadsIntoNewVersion(t *testing.T) {
	proxy, ctx := visitTwice(t)

	proxy.next.Store(true)
	if state := evalAsync[string](t, ctx, updateJS); state != "activated" {
		t.Fatalf("the update's worker ended %q, want activated", state)
	}
	waitFor(t, ctx, `document.getElementById("update-banner")?.hidden === false`, 15*time.Second)
	if got := evalAsync[string](t, ctx, cachesJS); !strings.HasPrefix(got, "gloss-next-") || strings.Contains(got, ",") {
		t.Fatalf("caches after the update = %q, want only the new release's", got)
	}
	// No page of the new release has run yet, and downloads already work
	// offline: the update cached the export module with the rest.
	if !evalAsync[bool](t, ctx, exportModuleCachedJS) {
		t.Error("the new release's cache lacks the export module: an offline download would fail until a page of it has run")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("update-reload"))); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("library") && document.getElementById("update-banner")?.hidden === true`, 30*time.Second)
}
