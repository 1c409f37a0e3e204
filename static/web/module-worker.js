// Gloss's module worker: downloads and compiles the app's WebAssembly
// module (app.wasm) off the page's thread, and hands the compiled module to
// the page, which only instantiates and runs it. The page's app.js (go-app's,
// as the server rewrites it) starts one per load; its only message names the
// module's URL and its size, for the progress it reports back as whole
// percents. The download goes through the page's service worker, as the
// page's own would.
"use strict";
self.onmessage = async (event) => {
  const { url, size } = event.data;
  try {
    const response = await fetch(url);
    if (!response.ok) {
      throw new Error("the module's download failed: " + response.status + " " + response.statusText);
    }
    const total = size > 0 ? size : parseInt(response.headers.get("Content-Length"), 10);
    let loaded = 0;
    let shown = -1;
    const counted = response.body.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        const percent = total > 0 ? Math.min(100, Math.floor((loaded * 100) / total)) : 0;
        if (percent !== shown) {
          shown = percent;
          self.postMessage({ progress: percent });
        }
        controller.enqueue(chunk);
      },
    }));
    const module = await WebAssembly.compileStreaming(
      new Response(counted, { headers: { "Content-Type": "application/wasm" } }));
    self.postMessage({ module });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};
