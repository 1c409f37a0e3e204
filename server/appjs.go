package server

import (
	"bytes"
	"fmt"
)

// appScriptRewrite is one change to go-app's app.js: a line that must be
// in the script exactly once, and what it becomes.
type appScriptRewrite struct {
	line, with []byte
}

// moduleWorkerName is the script, beside app.wasm under the versioned
// assets' URL, that downloads and compiles the module off the page's
// thread (static/web/module-worker.js).
const moduleWorkerName = "module-worker.js"

// compiledModuleJS defines glossCompiledModule(url, progress), the
// compiled module at url: compiled by a worker (moduleWorkerName, beside
// the module), which reports the download's progress as go-app's own
// reading of it did; where the worker fails, compiled by the page as
// go-app compiles it (fetchWithProgress).
const compiledModuleJS = `// Gloss: the module is downloaded and compiled in a worker, off the page's thread.
async function glossCompiledModule(url, progress) {
  const at = new URL(url, location.href);
  try {
    return await new Promise((resolve, reject) => {
      const worker = new Worker(new URL("` + moduleWorkerName + `", at));
      const end = (settle, value) => {
        worker.terminate();
        settle(value);
      };
      worker.onmessage = (event) => {
        const m = event.data;
        if (m.module) {
          end(resolve, m.module);
        } else if (m.error) {
          end(reject, new Error(m.error));
        } else {
          progress(m.progress);
        }
      };
      worker.onerror = (event) => end(reject, new Error(event.message || "the module's worker did not start"));
      worker.postMessage({ url: at.href, size: parseInt(goappWasmContentLength, 10) });
    });
  } catch (err) {
    console.warn("Gloss: compiling the module in a worker failed, compiling it on the page:", err);
    return WebAssembly.compileStreaming(fetchWithProgress(url, progress));
  }
}

`

// appScriptRewrites are Gloss's changes to go-app v10's app.js, each for
// the same reason: to keep the page's thread free while the server's
// markup is on screen and the client starts (the page's total blocking
// time).
//
// The first three have the module downloaded and compiled by a worker,
// which hands the compiled module to the page: app.js read the download
// itself (for its progress label) and passed each piece it read to the
// streaming compilation, all of it in tasks of the page's thread, which
// Lighthouse counted as about two thirds of the page's total blocking
// time (go doc ./server/e2e). go-app's instantiateStreaming gets the
// compiled module (glossCompiledModule in place of fetchWithProgress) and
// only instantiates it.
//
// The last starts the Go program in a task of its own, not in the task in
// which the instantiation ended: go-app calls go.run in the continuation
// of its await on the instantiation, which runs in that task, and the two
// made the page's longest task (157 ms, 76 of them the compilation's end).
var appScriptRewrites = []appScriptRewrite{
	{[]byte("let instantiateStreaming = WebAssembly.instantiateStreaming;"),
		[]byte("let instantiateStreaming = async (module, importObject) => ({ instance: await WebAssembly.instantiate(await module, importObject) }); // Gloss: the module comes compiled")},
	{[]byte(`fetchWithProgress("`), []byte(`glossCompiledModule("`)},
	{[]byte("async function fetchWithProgress(url, progess) {"),
		[]byte(compiledModuleJS + "async function fetchWithProgress(url, progess) {")},
	{[]byte("go.run(wasm.instance);"),
		[]byte("await new Promise((resolve) => setTimeout(resolve)); // Gloss: the Go runtime's start in a task of its own\n    go.run(wasm.instance);")},
}

// rewriteAppScript applies appScriptRewrites to go-app's app.js. It returns
// the script unchanged, with an error, when a line is not there exactly
// once (another go-app version): all or none of the changes are made.
func rewriteAppScript(script []byte) ([]byte, error) {
	for _, rw := range appScriptRewrites {
		if n := bytes.Count(script, rw.line); n != 1 {
			return script, fmt.Errorf("app.js has %q %d times, not once", rw.line, n)
		}
	}
	out := script
	for _, rw := range appScriptRewrites {
		out = bytes.Replace(out, rw.line, rw.with, 1)
	}
	return out, nil
}
