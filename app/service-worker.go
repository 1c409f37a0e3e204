package app

// ShellHeader is the request header of the service worker's download of
// the app shell (the page it answers every navigation with, offline too):
// the shell must hold nobody's data, so the server renders no FirstPaint
// into it.
const ShellHeader = "Gloss-Shell"

// ServiceWorkerJS is Gloss's service worker, given to go-app's
// Handler.ServiceWorkerTemplate ({{.Version}} and {{.ResourcesToCache}} are
// filled in by go-app). Unlike go-app's default worker it
//   - fails its install when any resource fails to download (waitUntil), so
//     a cut update never replaces a complete cache;
//   - deletes older caches only on activation, which follows a complete
//     install;
//   - answers navigations to any app route with the cached app shell, so
//     /articles/{id} opens offline, not only /;
//   - never answers /api/ from a cache, and leaves other origins and
//     non-GET requests to the network;
//   - downloads the shell with ShellHeader, so that the server renders
//     nobody's data into it (FirstPaint);
//   - on an update, caches the export and learning modules with the rest:
//     a page is running then, so it competes with no start, and downloads
//     and suggestions work offline as soon as the update is in charge. A
//     first install leaves them to the page (keepModulesOffline).
const ServiceWorkerJS = `// Gloss service worker, version {{.Version}}
const cacheName = "gloss-{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const shellURL = "/";
const modulesToCache = ["` + ExportModuleURL + `", "` + LearnModuleURL + `"];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    // An active worker means an update: a page of the old version runs.
    const urls = self.registration.active ? [...resourcesToCache, ...modulesToCache] : resourcesToCache;
    // cache: "reload" skips the HTTP cache, so a new version is fetched whole.
    // The shell holds nobody's data: the server renders no first paint
    // into a request with the shell's header.
    await cache.addAll(urls.map((url) => new Request(url, { cache: "reload",
      headers: url === shellURL ? { "` + ShellHeader + `": "1" } : {} })));
    await self.skipWaiting();
  })().catch(async (err) => {
    // Leave no partial cache behind; the worker in charge keeps its own.
    await caches.delete(cacheName);
    throw err;
  }));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.filter((key) => key !== cacheName).map((key) => caches.delete(key)));
    // No clients.claim(): a first visit's page stays uncontrolled until the
    // next load, so go-app does not take the first install for an update.
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return; // the network, never a cache
  }
  if (request.mode === "navigate") {
    event.respondWith(appShell(request));
    return;
  }
  event.respondWith(cacheFirst(request));
});

// appShell answers a navigation with the cached page: the WebAssembly app
// routes on the URL itself. Before the first install completes, the network.
async function appShell(request) {
  const cache = await caches.open(cacheName);
  const shell = await cache.match(shellURL);
  if (shell) {
    return shell;
  }
  return fetch(request);
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: cacheName });
  if (cached) {
    return cached;
  }
  return fetch(request);
}
`
