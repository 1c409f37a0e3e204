// Gloss's learning worker: runs the learning module (learn.wasm, built from
// wasm/learn) off the page's thread, so that training a tagger and
// proposing suggestions never stall the editor. The page's first message
// names the URLs of Go's wasm_exec.js and of the module (their versioned
// URLs, which the service worker caches); every later message goes to the
// module (globalThis.glossLearn), those that arrive while it starts wait.
"use strict";
let waiting = [];
self.onmessage = (event) => {
  const data = event.data;
  if (data && data.type === "start") {
    start(data.exec, data.module);
    return;
  }
  waiting.push(data);
};

async function start(execURL, moduleURL) {
  try {
    importScripts(execURL);
    const go = new Go();
    const result = await WebAssembly.instantiateStreaming(fetch(moduleURL), go.importObject);
    go.run(result.instance); // returns once the module's main waits for messages
    if (typeof self.glossLearn !== "function") {
      throw new Error("the learning module did not start");
    }
    self.onmessage = (event) => self.glossLearn(event.data);
    for (const data of waiting) {
      self.glossLearn(data);
    }
    waiting = [];
    self.postMessage({ type: "ready" });
  } catch (err) {
    self.postMessage({ type: "error", error: "could not start the learning module: " + err });
  }
}
