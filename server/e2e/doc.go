// Package e2e holds Gloss's end-to-end tests and browser benchmarks: they
// build the server (server/cmd/gloss, which embeds static/web), run it as a
// separate process on a loopback port with its own data folder, and drive
// the WebAssembly client in headless Chromium through chromedp.
//
// The tests need the built client (static/web/app.wasm and its .br/.gz
// variants: run `make build`) and Debian's Chromium (`apt-get install -y
// chromium`). `make test` does both and runs them with every other test;
// `make bench` runs the benchmarks, which compare Gloss with a go-app hello
// world (testdata/hello) built in the same run: wasm sizes and cold load to
// interactive. TestAppWasmTestsInChromium also runs the app package's own
// tests, compiled for js/wasm, in Chromium, where IndexedDB is real.
//
// # What the tests do
//
// They paste an article with emoji, tag a span after them by key, reload
// with the server stopped, tag offline, sync, and check exact code point
// offsets in the export; delete by key; upload HTML online and offline;
// select and tag by keyboard alone, with a nested span; keep an article
// offline and open its URL in a restarted browser with the server down,
// annotate, reload, open a new tab and see the change sync by itself once
// when the server is back; edit one mention offline in two profiles and see
// the same winner and the conflict, settled on one and cleared on both; cut
// a new release's download and keep the old version working offline. The
// editor tests make, keyboard only, a quote with its speaker and cue, a
// stance with evidence, nested mentions selected by clicking again, a
// group, an undone and redone deletion, a new label, and check them in the
// export, after a reload and in an offline download. Others cover focus
// (q and s move it where a fast typist expects), restores of the server's
// database (a change the server lost is sent again), a write in flight when
// the page is left, the library's lines, two tabs sharing edits, a failing
// IndexedDB write, another tab upgrading the database, a device whose
// clock is two days ahead (the sync badge says so; the edit syncs once the
// clock is right), and a server killed
// at random moments during concurrent pushes (every acknowledged revision
// survives, the database passes SQLite's integrity check). The first paint
// tests hold app.wasm back (a proxy): a signed-in user's first visit shows
// the article's text (in sight, selectable) or the library's list before
// the client runs, passes axe-core, and keeps every box where it was once
// the client takes over, with no layout shift at all (desktop and 390 px);
// the service worker's shell holds nobody's data.
//
// # Lighthouse
//
// BenchmarkLighthouse (make bench) measured, on a signed-in first visit of
// the sample article, before the first paint LCP 10,675 / 1,806 ms (mobile
// / desktop, 9.1 / 5.5 × the hello world's) and scores 52 / 72; with it,
// the render of the server is the largest paint (LCP 0.93-1.03 × the hello
// world's), CLS 0, a desktop score of 97-99, and total blocking time 2.6-2.9
// × the hello world's on mobile (858-1,010 ms). With the client's start cut
// into more tasks (go doc ./app, "First paint"), the shortcut sheet's rows
// mounted only when it opens, the article not fetched twice, and go-app's
// app.js made to start the Go program in a task of its own, not in the one
// that finished compiling the module (157 ms unthrottled, then 85-91 and
// 39-51): mobile TBT 722-976 ms (1.86-3.19 × the hello world's 306-389 in
// the same runs), desktop 48-86 ms (0.61-0.92 ×), scores 78-82 and 99-100;
// a layout shift the runs found on mobile (the install button wrapping the
// top bar) is gone.
//
// Then every task of the start longer than 12.5 ms unthrottled (50 ms at
// Lighthouse's 4 × CPU slowdown, where a task starts to count) was cut
// again: the module handed to the compilation 256 KiB a task (since
// replaced by the module worker, below), the packages' initialisation in
// four tasks (go doc ./wasm), the page's JSON read in a task of its own,
// the first render the server's markup again with the page's parts made
// the client's a task each (the takeover, go doc ./app), the side panel two
// parts a task. In a trace the longest tasks left are the compilation's
// end (12-76 ms, V8's) and the first run of each part's code (15-45 ms,
// much of it V8 compiling the code as it first runs). Mobile TBT, medians
// of three: 746-772 ms against the hello world's 489-568 (1.31-1.58 ×) in
// two runs of the benchmark, single runs from 392 to 1,153 ms; desktop
// 42-60 ms (0.52-0.96 ×), score 100. Total blocking time on
// this 2-core machine varies between runs by 2-3 × for both apps: in some
// runs a task during the download holds the page's thread for 100-180 ms
// with nothing in the trace for most of it (the thread waits, most likely
// on V8's compilation threads, which share the two cores), and the
// median of three takes such a run in or leaves it out.
//
// The steps were then found to run ahead of their renders: go-app renders
// on a frame timer after a dispatch, and a step's next step, after a bare
// yield, often came first, so that two or six steps were made by one
// render (go doc ./app, "First paint"). With each step waiting for its
// render, Gloss's mobile TBT settled at 536-561 ms in three runs of the
// benchmark (medians of three), against the hello world's 301-494 in the
// same runs (1.09-1.79 ×); desktop 10-57 ms (0.09-0.53 ×), score 100. In
// Lighthouse's simulated long tasks, about two thirds of Gloss's TBT is
// now the download and compilation of the module (tasks attributed to
// inert.js, up to 273 ms simulated), the rest the Go program's tasks (63-128
// ms simulated each).
//
// So the page no longer downloads or compiles the module: a worker does
// (static/web/module-worker.js, started by the rewritten app.js), and posts
// the compiled module, which the page only instantiates. In a trace the
// page's thread then has no task during the download; the longest left are
// the instantiation (16 ms unthrottled), the Go runtime's start (27 ms) and
// the client's steps (13-33 ms). Mobile TBT 254-310 ms against the hello
// world's 396-406 (0.64-0.76 ×) in two runs of the benchmark, score 93-95
// (the hello world's 90); desktop TBT 0, score 100.
//
// Lighthouse attributed many of the tasks before the wasm ran to inert.js,
// the last script the page loaded: its own work is two querySelectorAll per
// batch of mutations; they were app.js reading the download and V8's
// streaming compilation, which the hello world has too (its module is 0.6 ×
// Gloss's, and its start one task of 110-130 ms).
//
// # app.wasm's size
//
// The walking skeleton measured 1,589,282 Brotli bytes (1.133× the hello
// world) before the full editor. Since then: the offline features, the sync
// package and the quote, stance and group model (+46 kB), the full editor's
// components (+110 kB: go-app links every method of each HTML element type
// used, so the editor uses few: lists, not tables; buttons, not selects),
// tabs sharing edits and the write queue (+16 kB), one API client with a
// timeout and the server's batch check in the editor (+16 kB). The
// browser's export in every format moved to export.wasm (−120 kB from
// app.wasm), and sorts of struct slices use sort.Slice, not one generic
// slices.SortFunc per type (−23 kB). Measured with the wasm's name section
// (code bytes per package, and Brotli with each package's code zeroed):
// what Gloss adds to a hello world is its own code and, about as much again,
// the function tables and type data that come with it.
// golang.org/x/text/unicode/norm was 29 kB of it, until the client asked
// the browser to normalize instead (go doc ./annotations/normform).
//
// Levers that keep every feature, tried on a copy (Brotli bytes of a build
// at 1,764,298): no inlining in Gloss's packages saves 34 kB (edit latency
// unchanged within the noise); no NFC tables in the client (the browser's
// normalize) 35 kB, taken since with the text cut at code points newer
// than Unicode 15.0, so that the article ID is the server's; one generic
// element type instead of 12 typed ones 14 kB; all three 86 kB (1.197×).
// The first two are taken (go doc ./app, "Size"); the third is not.
//
// # Cold load
//
// "Interactive" is the interactive performance mark, which the article page
// sets once the article's text and highlights are in the page (the hello
// world sets it when mounted). The ratio moves with the machine's load more
// than with the code on two cores (1.30 to 2.03 over runs of the same
// build), so the benchmark prints every run. What moved it: the export
// module downloaded during a first visit's start (now cached once the page
// is idle), the side panel rendered with the article's first part (now in
// the task after it). Load marks of a fresh profile: the wasm downloaded at
// about 450 ms, Go's first package init about 200 ms later, the page
// mounted 70 ms after that, the article read and the editor built within
// 60 ms, the first paragraphs in the page 50 ms later.
//
// # Where an edit's time goes
//
// GLOSS_PROFILE=1 has BenchmarkEditLatency and BenchmarkCurationEditLatency
// run Chromium's sampling profiler (CDP Profiler) while they type, and
// print each function's milliseconds, its own and with its callees; build
// app.wasm without -ldflags="-s -w" first, or the wasm functions have no
// names. It found the curation view's 20 ms a render (go doc ./app).
//
// The package has no code outside its tests.
package e2e
