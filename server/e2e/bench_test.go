package e2e

import (
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server/internal/compress"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The goals of the browser benchmark: Gloss's client against a go-app hello
// world built with the same flags and served the same way.
const (
	sizeGoal = 1.15 // Gloss's brotli wasm at most this times hello's
	loadGoal = 1.5  // Gloss's cold load to interactive at most this times hello's
	coldRuns = 5    // fresh browser profiles per app; the median is reported
)

// sampleArticle is the article that the server loads on its first start and
// whose page the cold load benchmark opens.
const sampleArticle = "static/articles/us-russia-low-point.txt"

// benchReport collects the tables of the benchmarks; TestMain prints it at
// the end of the run, where a benchmark's own log would be cut to 10 lines.
var benchReport struct {
	sync.Mutex
	strings.Builder
}

func reportf(format string, args ...any) {
	benchReport.Lock()
	defer benchReport.Unlock()
	fmt.Fprintf(&benchReport.Builder, format, args...)
}

// printBenchReport writes the collected tables to stdout.
func printBenchReport() {
	benchReport.Lock()
	defer benchReport.Unlock()
	if benchReport.Len() > 0 {
		fmt.Print("\n" + benchReport.String())
	}
}

// helloWasm is the hello world client, built and compressed once per run.
var helloWasm struct {
	once  sync.Once
	dir   string // holds app.wasm, app.wasm.br, app.wasm.gz and the icons
	sizes compress.Sizes
	err   error
}

// buildHello builds testdata/hello for js/wasm as a go-app project is
// built (-trimpath -ldflags="-s -w", as `make build` links app.wasm, but
// with its Go build ID, 1,402,717 bytes of Brotli against 1,402,204
// without, and without app.wasm's -gcflags, which turn inlining off in Gloss's client package
// and in standard packages: with those, the hello world would be 1,355,597
// bytes of Brotli instead of 1,402,717; see go doc ./app, Size), compresses
// it as the build does, and copies Gloss's icons next to it (so neither app
// asks another host for an icon).
func buildHello(tb testing.TB) (string, compress.Sizes) {
	tb.Helper()
	helloWasm.once.Do(func() {
		dir, err := os.MkdirTemp("", "gloss-hello-")
		if err != nil {
			helloWasm.err = err
			return
		}
		helloWasm.dir = dir
		wasm := filepath.Join(dir, "app.wasm")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", wasm, "./server/e2e/testdata/hello")
		cmd.Dir = moduleRoot
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		if out, err := cmd.CombinedOutput(); err != nil {
			helloWasm.err = fmt.Errorf("build the hello world wasm: %v\n%s", err, out)
			return
		}
		if helloWasm.sizes, err = compress.File(wasm); err != nil {
			helloWasm.err = err
			return
		}
		for _, icon := range []string{"icon.svg", "icon-192.png", "icon-512.png", "icon-maskable-512.png"} {
			data, err := os.ReadFile(filepath.Join(moduleRoot, "static", "web", icon))
			if err != nil {
				helloWasm.err = err
				return
			}
			if err := os.WriteFile(filepath.Join(dir, icon), data, 0o644); err != nil {
				helloWasm.err = err
				return
			}
		}
	})
	if helloWasm.err != nil {
		tb.Fatal(helloWasm.err)
	}
	return helloWasm.dir, helloWasm.sizes
}

// glossSizes returns the sizes of the built client and of the variants that
// the server sends, failing when a variant is older than the client.
func glossSizes(tb testing.TB) compress.Sizes {
	tb.Helper()
	stat := func(name string) os.FileInfo {
		fi, err := os.Stat(filepath.Join(moduleRoot, "static", "web", name))
		if err != nil {
			tb.Fatalf("%v: run make build first", err)
		}
		return fi
	}
	raw, gz, br := stat("app.wasm"), stat("app.wasm.gz"), stat("app.wasm.br")
	if gz.ModTime().Before(raw.ModTime()) || br.ModTime().Before(raw.ModTime()) {
		tb.Fatal("static/web/app.wasm is newer than its .br/.gz variants: run make build")
	}
	return compress.Sizes{Raw: int(raw.Size()), Gzip: int(gz.Size()), Brotli: int(br.Size())}
}

func goal(ratio, limit float64) string {
	if ratio <= limit {
		return fmt.Sprintf("goal <= %.2fx: met", limit)
	}
	return fmt.Sprintf("goal <= %.2fx: NOT MET", limit)
}

// BenchmarkWasmSize reports the bytes of Gloss's app.wasm, raw, gzip and
// brotli, against the go-app hello world's.
func BenchmarkWasmSize(b *testing.B) {
	gloss := glossSizes(b)
	_, hello := buildHello(b)
	for b.Loop() {
	}
	ratio := float64(gloss.Brotli) / float64(hello.Brotli)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(gloss.Raw), "gloss-raw-B")
	b.ReportMetric(float64(gloss.Gzip), "gloss-gz-B")
	b.ReportMetric(float64(gloss.Brotli), "gloss-br-B")
	b.ReportMetric(float64(hello.Brotli), "hello-br-B")
	b.ReportMetric(ratio, "br-ratio")

	row := func(name string, g, h int) {
		reportf("  %-8s %12d %12d %8.3f\n", name, g, h, float64(g)/float64(h))
	}
	reportf("app.wasm bytes      Gloss   hello world    ratio\n")
	row("raw", gloss.Raw, hello.Raw)
	row("gzip", gloss.Gzip, hello.Gzip)
	row("brotli", gloss.Brotli, hello.Brotli)
	reportf("  brotli ratio %.3f (%s)\n\n", ratio, goal(ratio, sizeGoal))
}

// coldLoad is one load of a page in a fresh browser profile.
type coldLoad struct {
	Interactive float64 // ms from navigation start to the "interactive" mark
	WasmEnd     float64 // ms from navigation start to the end of the wasm download
	WasmBytes   float64 // bytes of the wasm on the wire (encodedBodySize)
}

// interactiveJS gives the time of the page's "interactive" mark, or -1.
const interactiveJS = `(() => {
  const m = performance.getEntriesByName("interactive");
  return m.length ? m[0].startTime : -1;
})()`

// wasmTimingJS gives the wasm's resource timing.
const wasmTimingJS = `(() => {
  const r = performance.getEntriesByType("resource").find(e => /^\/web\/(\w+\/)?app\.wasm$/.test(new URL(e.name).pathname)); // Gloss's is versioned
  return r ? {end: r.responseEnd, bytes: r.encodedBodySize} : {end: -1, bytes: -1};
})()`

// measureColdLoad opens url in a new browser with an empty profile and
// returns the time to the page's "interactive" mark, polled every 10 ms for
// at most 30 s. The browser is closed before it returns.
func measureColdLoad(tb testing.TB, url string) coldLoad {
	tb.Helper()
	ctx, closeBrowser := openBrowser(tb, "")
	defer closeBrowser()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		tb.Fatalf("open %s: %v", url, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	var load coldLoad
	for {
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](interactiveJS))
		if err == nil && ms >= 0 {
			load.Interactive = ms
			break
		}
		if time.Now().After(deadline) {
			now := evalJS[float64](tb, ctx, "performance.now()")
			tb.Fatalf("%s: no performance mark \"interactive\" after %.0f ms (last error: %v); the page must call performance.mark(\"interactive\") when it is ready", url, now, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	w := evalJS[struct {
		End   float64 `json:"end"`
		Bytes float64 `json:"bytes"`
	}](tb, ctx, wasmTimingJS)
	load.WasmEnd, load.WasmBytes = w.End, w.Bytes
	return load
}

// medianLoad returns the load with the median time to interactive.
func medianLoad(loads []coldLoad) coldLoad {
	s := slices.Clone(loads)
	slices.SortFunc(s, func(a, b coldLoad) int {
		switch {
		case a.Interactive < b.Interactive:
			return -1
		case a.Interactive > b.Interactive:
			return 1
		}
		return 0
	})
	return s[len(s)/2]
}

// helloPage is the hello world's component on the server side: the server
// only needs the route to exist (the page is rendered in the browser).
type helloPage struct {
	app.Compo
}

// Render returns the page.
func (h *helloPage) Render() app.UI {
	return app.Main().Body(app.H1().Text("Hello"))
}

// registerHello registers the hello world's route in this process. The
// Gloss server runs in its own process, so its routes do not clash.
var registerHello = sync.OnceFunc(func() {
	app.Route("/", func() app.Composer { return &helloPage{} })
})

// startHello serves the hello world from this process: go-app's handler,
// and /web/ from dir with the precompressed variants, as Gloss serves them.
func startHello(tb testing.TB, dir string) string {
	tb.Helper()
	registerHello()
	mux := http.NewServeMux()
	mux.Handle("/web/", precompressed(dir))
	mux.Handle("/", &app.Handler{
		Name:    "Hello",
		Title:   "Hello",
		Version: "bench",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			SVG:      "/web/icon.svg",
			Maskable: "/web/icon-maskable-512.png",
		},
	})
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv.URL
}

// precompressed serves the files of dir under /web/, sending FILE.br or
// FILE.gz with its Content-Encoding when the request accepts it.
func precompressed(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean("/" + strings.TrimPrefix(r.URL.Path, "/web/"))
		file := filepath.Join(dir, filepath.FromSlash(name))
		w.Header().Add("Vary", "Accept-Encoding")
		for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
			if !acceptsEncoding(r.Header.Get("Accept-Encoding"), enc.token) {
				continue
			}
			f, err := os.Open(file + enc.ext)
			if err != nil {
				continue
			}
			defer f.Close()
			fi, err := f.Stat()
			if err != nil {
				continue
			}
			if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
				w.Header().Set("Content-Type", ct)
			}
			w.Header().Set("Content-Encoding", enc.token)
			http.ServeContent(w, r, name, fi.ModTime(), f)
			return
		}
		http.ServeFile(w, r, file)
	})
}

// acceptsEncoding reports whether an Accept-Encoding header accepts token.
func acceptsEncoding(header, token string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// sampleArticleID returns the id of the sample article.
func sampleArticleID(tb testing.TB) string {
	tb.Helper()
	text, err := os.ReadFile(filepath.Join(moduleRoot, sampleArticle))
	if err != nil {
		tb.Fatalf("the sample article: %v", err)
	}
	a, err := annotations.NewArticle("", string(text), time.Time{})
	if err != nil {
		tb.Fatalf("the sample article: %v", err)
	}
	return a.ID
}

// BenchmarkColdLoad reports the time from navigation start to interactive,
// in headless Chromium with a new, empty profile for every load (no cache,
// no service worker): Gloss's page of the sample article against the hello
// world's "/". The median of 5 loads of each, taken in turn.
func BenchmarkColdLoad(b *testing.B) {
	helloDir, _ := buildHello(b)
	helloURL := startHello(b, helloDir)
	gloss := startServer(b, b.TempDir(), "")
	glossURL := gloss.URL + "/articles/" + sampleArticleID(b)
	chromiumPath(b)

	var glossLoads, helloLoads []coldLoad
	for b.Loop() {
		glossLoads, helloLoads = glossLoads[:0], helloLoads[:0]
		for range coldRuns {
			glossLoads = append(glossLoads, measureColdLoad(b, glossURL))
			helloLoads = append(helloLoads, measureColdLoad(b, helloURL+"/"))
		}
	}
	g, h := medianLoad(glossLoads), medianLoad(helloLoads)
	ratio := g.Interactive / h.Interactive
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(g.Interactive, "gloss-ms")
	b.ReportMetric(h.Interactive, "hello-ms")
	b.ReportMetric(ratio, "load-ratio")

	all := func(loads []coldLoad) string {
		var s []string
		for _, l := range loads {
			s = append(s, fmt.Sprintf("%.0f", l.Interactive))
		}
		return strings.Join(s, " ")
	}
	reportf("cold load to interactive, median of %d fresh profiles (ms)\n", coldRuns)
	reportf("  %-36s %8s %12s %10s   %s\n", "page", "ms", "wasm done", "wasm wire", "all runs")
	reportf("  %-36s %8.0f %12.0f %10.0f   %s\n", "Gloss /articles/"+sampleArticleID(b)[:8]+"…", g.Interactive, g.WasmEnd, g.WasmBytes, all(glossLoads))
	reportf("  %-36s %8.0f %12.0f %10.0f   %s\n", "hello world /", h.Interactive, h.WasmEnd, h.WasmBytes, all(helloLoads))
	reportf("  ratio %.3f (%s)\n\n", ratio, goal(ratio, loadGoal))
}

// TestAcceptsEncoding checks the Accept-Encoding parsing of the benchmark's
// hello world server.
func TestAcceptsEncoding(t *testing.T) {
	for _, c := range []struct {
		header, token string
		want          bool
	}{
		{"gzip, deflate, br, zstd", "br", true},
		{"gzip, deflate", "br", false},
		{"br;q=0, gzip", "br", false},
		{"BR;q=0.5", "br", true},
		{"", "gzip", false},
		{"brotli", "br", false},
	} {
		if got := acceptsEncoding(c.header, c.token); got != c.want {
			t.Errorf("acceptsEncoding(%q, %q) = %v, want %v", c.header, c.token, got, c.want)
		}
	}
}
