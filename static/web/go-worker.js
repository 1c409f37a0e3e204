// Gloss's Go worker: runs one of Gloss's Go WebAssembly modules off the
// page's thread: the learning module (learn.wasm, built from wasm/learn),
// so that training a tagger and proposing suggestions never stall the
// editor, and the export module (export.wasm, wasm/export) to read HTML
// pages, whose extraction takes hundreds of milliseconds on a long page.
// The page's first message names the URLs of Go's wasm_exec.js and of the
// module (their versioned URLs, which the service worker caches) and the
// module's entry, the global function that takes each later message
// (glossLearn unless it says otherwise); messages that arrive while the
// module starts wait.
"use strict";
let waiting = [];
self.onmessage = (event) => {
  const data = event.data;
  if (data && data.type === "start") {
    start(data.exec, data.module, data.entry || "glossLearn");
    return;
  }
  waiting.push(data);
};

async function start(execURL, moduleURL, entry) {
  try {
    importScripts(execURL);
    const go = new Go();
    const result = await WebAssembly.instantiateStreaming(fetch(moduleURL), go.importObject);
    go.run(result.instance); // returns once the module's main waits for messages
    const handle = self[entry];
    if (typeof handle !== "function") {
      throw new Error("the module has no " + entry);
    }
    // A message the module cannot take (it exited: out of memory, say)
    // is answered with the error, so that the page is not left waiting.
    const take = (data) => {
      try {
        handle(data);
      } catch (err) {
        self.postMessage({ type: "error", error: "the module " + moduleURL + " failed: " + err });
      }
    };
    self.onmessage = (event) => take(event.data);
    for (const data of waiting) {
      take(data);
    }
    waiting = [];
    self.postMessage({ type: "ready" });
  } catch (err) {
    self.postMessage({ type: "error", error: "could not start the module " + moduleURL + ": " + err });
  }
}
