package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// compressedJS lists the page and the scripts and stylesheets it loaded
// that came over the network no smaller than they are (not compressed),
// from the Resource Timing API; "" when all were.
const compressedJS = `(() => {
  const entries = [performance.getEntriesByType("navigation")[0],
    ...performance.getEntriesByType("resource").filter(e => /\/(wasm_exec\.js|app\.js|app\.css)$/.test(new URL(e.name).pathname))];
  const names = entries.map(e => new URL(e.name).pathname);
  // By their versioned URLs: /VERSION/NAME, /web/VERSION/app.css.
  for (const want of [/^\/\w+\/wasm_exec\.js$/, /^\/\w+\/app\.js$/, /^\/web\/\w+\/app\.css$/]) {
    if (!names.some(n => want.test(n))) return "never loaded " + want + " (" + names.join(", ") + ")";
  }
  return entries.filter(e => e.transferSize > 0 && !(e.encodedBodySize < e.decodedBodySize))
    .map(e => new URL(e.name).pathname + " " + e.encodedBodySize + "/" + e.decodedBodySize).join(", ");
})()`

// TestPageAndScriptsCompressed loads the library in Chromium, which
// accepts Brotli: the page, wasm_exec.js, app.js and app.css come
// compressed, and the app starts from them.
func TestPageAndScriptsCompressed(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := newBrowser(t, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("library-heading")`, 15*time.Second) // the library, or its sign-in form
	if got := evalJS[string](t, ctx, compressedJS); got != "" {
		t.Errorf("sent uncompressed: %s", got)
	}
}
