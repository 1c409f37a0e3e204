package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// wasmTestTimeout bounds one run of a package's wasm tests in the browser.
const wasmTestTimeout = 5 * time.Minute

// wasmTestPage runs the test binary /test.wasm with Go's wasm_exec.js and
// the arguments %s (a JSON array). The program's standard output and error
// go to window.wasmOutput, not to the console; window.wasmTest is a
// promise of the exit code (and of why the program did not run, if so).
const wasmTestPage = `<!doctype html>
<meta charset="utf-8">
<title>wasm tests</title>
<link rel="icon" href="data:,">
<script src="/wasm_exec.js"></script>
<script>
"use strict";
window.wasmOutput = "";
const outputDecoder = new TextDecoder();
globalThis.fs.writeSync = (fd, buf) => {
	window.wasmOutput += outputDecoder.decode(buf, {stream: true});
	return buf.length;
};
window.wasmTest = (async () => {
	const go = new Go();
	go.argv = %s;
	let code = null;
	go.exit = c => { code = c; };
	try {
		const {instance} = await WebAssembly.instantiateStreaming(fetch("/test.wasm"), go.importObject);
		await go.run(instance);
	} catch (e) {
		return {code: -1, error: String((e && e.stack) || e)};
	}
	if (code === null) {
		return {code: -1, error: "the program ended without exiting"};
	}
	return {code, error: ""};
})();
</script>
`

// wasmTestResult is what window.wasmTest gives.
type wasmTestResult struct {
	Code  int    `json:"code"`
	Error string `json:"error"`
}

// runWasmTests builds the tests of pkg (relative to the module's root) for
// js/wasm, runs them with args in a page of headless Chromium served over
// loopback, and returns their output and exit code.
func runWasmTests(t *testing.T, pkg string, args ...string) (string, int) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "test.wasm")
	build := exec.Command("go", "test", "-c", "-o", bin, pkg)
	build.Dir = moduleRoot
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm go test -c %s: %v\n%s", pkg, err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	execJS := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js")
	if _, err := os.Stat(execJS); err != nil {
		t.Fatalf("Go's wasm_exec.js: %v", err)
	}
	argv, err := json.Marshal(append([]string{filepath.Base(pkg) + ".test"}, args...))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, wasmTestPage, argv)
	})
	mux.HandleFunc("GET /wasm_exec.js", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, execJS) })
	mux.HandleFunc("GET /test.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		http.ServeFile(w, r, bin)
	})
	srv := httptest.NewServer(mux) // on loopback
	defer srv.Close()

	ctx := newBrowser(t, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatalf("open the test page: %v", err)
	}
	waitCtx, cancel := context.WithTimeout(ctx, wasmTestTimeout)
	defer cancel()
	res, err := chromedp.Run(waitCtx, chromedp.Evaluate[wasmTestResult](`window.wasmTest`, chromedp.EvalAwaitPromise))
	output := evalJS[string](t, ctx, `window.wasmOutput`)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		t.Fatalf("the wasm tests of %s did not end within %v; their output so far:\n%s", pkg, wasmTestTimeout, output)
	case err != nil:
		t.Fatalf("wait for the wasm tests of %s: %v; their output:\n%s", pkg, err, output)
	case res.Error != "":
		t.Fatalf("the wasm tests of %s did not run: %s; their output:\n%s", pkg, res.Error, output)
	}
	return output, res.Code
}

// TestAppWasmTestsInChromium runs the app package's tests compiled to
// js/wasm in headless Chromium, where the browser-only ones (build tag js:
// the replica.Store contract on IndexedDB, TestIDBStoreContract) find the
// browser's APIs, and fails with their output when they fail.
func TestAppWasmTestsInChromium(t *testing.T) {
	output, code := runWasmTests(t, "./app/", "-test.v", "-test.timeout="+(wasmTestTimeout-30*time.Second).String())
	if code != 0 {
		t.Fatalf("the app package's wasm tests exited with code %d:\n%s", code, output)
	}
	// Guard against a run that passed without the browser's tests (a
	// build tag gone wrong, a renamed test).
	if !strings.Contains(output, "--- PASS: TestIDBStoreContract ") {
		t.Fatalf("the app package's wasm tests passed without passing TestIDBStoreContract:\n%s", output)
	}
	t.Logf("the app package's wasm tests:\n%s", output)
}

// TestNormformWasmTestsInChromium runs annotations/normform's tests built
// for js/wasm in headless Chromium: there TestMatchesXText compares the
// browser's String.prototype.normalize, which app.wasm uses, with x/text's
// tables, which the server uses, in all four forms.
func TestNormformWasmTestsInChromium(t *testing.T) {
	output, code := runWasmTests(t, "./annotations/normform/", "-test.v")
	if code != 0 {
		t.Fatalf("annotations/normform's wasm tests exited with code %d:\n%s", code, output)
	}
	if !strings.Contains(output, "--- PASS: TestMatchesXText ") {
		t.Fatalf("annotations/normform's wasm tests passed without passing TestMatchesXText:\n%s", output)
	}
}
