// Package app is Gloss's browser client: go-app components, one per file,
// and the client logic they use (the IndexedDB store, the API client over the
// browser's fetch, the sync loop, the tabs' shared channel). It compiles for
// js/wasm (wasm/) and for the server, which registers the same routes to
// serve the pages.
//
// # An edit costs the same on a long article
//
// Goals, measured by server/e2e's BenchmarkEditLatency (a key press that
// tags a selection to the highlight painted, on generated articles whose
// mentions arrive by sync): p95 ≤ 50 ms at 10k tokens, p95 at 10k ≤ 1.3 × p95
// at 1k, no task over 200 ms. What makes it so:
//
//   - an edit re-resolves only the items it touches (annotations.SetState),
//     and the editor reads heads through SetState.Head, so that no edit
//     copies the map of every item;
//   - the marks of only the paragraphs an edit touches are computed again
//     (markCache, checked against a full computation after each of 400
//     random edits);
//   - the article's paragraphs are one component (ArticleText) that a render
//     of the page for something else skips at once; the mention list renders
//     only the rows around what is visible, with one click handler for the
//     list; the quote, stance and group lists re-render only when they
//     change; group proposals are made once edits pause; steps that change
//     nothing (placing the caret, scrolling the list) render nothing;
//   - a pull, or another tab's edit, is applied to the open set instead of
//     reloading it;
//   - long work (mounting a long article, a pull of thousands of revisions,
//     resolving a large set) runs in steps of its own browser tasks: a step
//     waits on a setTimeout, because a Go timer let every step run in one
//     task;
//   - wasm/main.go sets GOGC=400 with a 256 MiB memory limit: in the browser
//     a garbage collection runs on the page's one thread, about 25 ms at 10k
//     tokens, and came every four edits or so at the default.
//
// A component's field that holds a large slice must keep its array while
// its content is the same: go-app keeps a field it finds equal
// (reflect.DeepEqual, which returns at once for the same array), so a new
// array of the same content is compared element by element on every
// render. A reload of the article made a new []rune of its text for the
// side panel: 60k code points, about 20 ms a render, half of the curation
// view's busy time (found with the Chromium profiler, CDP
// Profiler.start/stop around the benchmark's edits, on an unstripped
// build). The text is now made again only for another article.
//
// What is left per edit is mostly go-app: its frame timer (up to 8 ms
// between an edit and its render) and its diff of the page's nodes. Before
// this work: p95 140 ms and 560 ms, longest task 1.8 s.
//
// # Size
//
// app.wasm must stay within 1.35 × a go-app hello world (Brotli). Issue
// 12's editor work took it from 1.29 × to 1.3495 × (1,892,927 bytes), almost
// all of it this package's own code. `make build` compiles this package
// without inlining (-gcflags=…/app=-l): 1,855,622 bytes, 1.32 ×. Inlining
// copies helpers such as editor.quote, which return large structs by value,
// into every caller, and the wasm backend copies such structs field by
// field: session.linkedTo alone was 24 kB of code. The hot paths stay
// inlined: annotations (SetState) and go-app are compiled as before. Edit
// latency (BenchmarkEditLatency, six alternating runs of each build, 10k
// tokens): p50 medians 33.9 ms both, p95 43.8-54.7 ms inlined and
// 44.9-72.4 ms not, within the run-to-run noise of this 2-core machine.
//
// Accounts (sign-in, setup, the account page) brought it back to 1.349 ×
// (1,891,896 bytes): the budget is spent. Compiling annotations without
// inlining too would give 1.339 × (1,878,820), but its SetState is the
// editor's hot path: p95 at 10k tokens went from 39.8 ms to 49.4-54.9 ms,
// over the 50 ms budget, so it stays inlined. The account forms share one
// table-driven renderer (account-form.go); Brotli's size moves by a few
// kilobytes either way with small code changes, so measure each variant
// rather than reason about it.
//
// Room for the project pages came from the standard library, not from
// this package: beyond the hello world the app links only its own code
// and the NFC tables (kept), but the standard packages both link shrink
// when not inlined (name section of an unstripped build, code bytes per
// package: encoding/json −38 kB, fmt −35 kB, …). `make build` compiles
// encoding/json, fmt, regexp, mime, net/url, math/big, time, log and the
// crypto packages net/http drags in (never run in the browser) without
// inlining too (NOINLINE_STD in the Makefile): 1,891,896 → 1,832,784
// bytes, 1.307 ×. Edit latency, p95 at 10k tokens, three runs each:
// 41.6, 43.2, 49.8 ms before, 43.9, 36.1, 39.4 ms after. No inlining in
// any standard package but runtime gains no more (1,825,143): it grows
// net/http's vendored code and nistec/fiat. GOWASM=satconv,signext changes
// nothing. The hello world the budget compares with is built plainly; with
// the same standard-library flags it would be 1,355,597 bytes, and Gloss
// 1.352 × that: the flags make what users download smaller, they do not
// make Gloss's own code any smaller than it was. The project page and the
// guidelines then took it to 1,855,534 bytes (1.323 ×; 1.369 × the hello
// world built with the same flags).
//
// Issue 14 (set states, My articles, assignment, the team pages) took it to
// 1,893,450 bytes (1.3499 ×), before the curation view. The team pages'
// tables are written as HTML by app/teamview inside export.wasm, loaded on
// demand (go-app's table elements cost 40 kB, plain string building 29
// kB). Room for curation came from the flags again: go-app, reflect,
// unicode/utf8 and golang.org/x/text/unicode/norm without inlining, with
// the edwards25519 and ML-KEM code net/http drags in: 1,850,648 bytes
// (−42.8 kB; go-app alone −17.7 kB, reflect, utf8 and norm −15.4 kB).
// Measured one by one, no inlining in strconv (+4 kB) or in net, net/http,
// crypto/tls and crypto/x509 (+48 kB) makes the module bigger. Edit
// latency at 10k tokens, three alternating runs each on a busy machine:
// p50 37.3, 34.2, 34.0 ms before and 38.4, 38.8, 32.6 after; p95 53.2,
// 47.2, 65.1 before and 53.1, 60.7, 42.2 after: the same within the
// noise, which on that day put the p95 of the build from before issue 14
// at 49.8-59.9 ms too.
//
// Issue 14's curation view and its fixes left it at 1,893,716 bytes, 48
// over the budget; a change of one line moved it by 6.6 kB (Brotli's
// window and the line table). strings and app/replica (the sync client,
// off the key path) without inlining: 1,881,020 (1.341 ×), edit latency
// the same within the noise (p95 at 10k tokens 37.7-45.1 ms, three runs).
// Built with these flags, the commit before issue 14 (e1f997b) is
// 1,827,147 bytes: issue 14's screens cost 53,873 (57,654 once the
// curation merged what is agreed as it opens). Measured one by one
// on that build: bytes −5.5 kB, annotations/api −3.7,
// uuid −2.4, sort −0.9, but they do not add up (strings with bytes is
// −6.8).
//
// Issue 15's suggestions (the session's, their marks, the side panel's
// summary, the worker's plumbing) took it from 1,883,771 to 1,908,010
// bytes; the suggestions, the tagger and its training are in learn.wasm,
// a worker's module, not here. Two things cost more than their code: the
// app had imported annotations/suggest for its types, which linked
// annotations/formats' encoders (the types moved to annotations:
// Suggestion, QuoteSuggestion), and decoding the worker's answers from
// JSON cost 6 kB of reflection (annotations.PackSuggestions instead,
// which is also one copy where thousands of objects read field by field
// would have been a long task). Compiling annotations without inlining
// gave 28 kB back: 1,879,538, then 1,881,993 with the fixes that followed
// (1.342 ×; one of them, a path built by api.ModelPath instead of by hand,
// took 4.5 kB off: Brotli's size is not the sum of its parts). Issue 12 had measured its SetState as the hot path (p95
// 49.4-54.9 ms at 10k tokens without inlining); today, with the
// suggestions on, p95 is 42.9-49.1 ms and p50 29.9-34.4 ms over three
// runs, the same as before within this machine's noise. The budget has
// 11.7 kB left: the next screen needs room found first.
//
// Issue 17 left 470 bytes (1,893,198). Putting back a selection that the
// suggestions' outlines dropped (keepSelection, selectDOM) measured 1.8 kB
// and then 6.8 kB more in two first versions, each under 1 kB of source.
// Two generic stable sorts (of projects and of shown suggestions) became
// sort.SliceStable, which the app links already: each slices.SortStableFunc
// of a new element type is five functions, 7.4 kB before Brotli (−706 bytes
// after). Placing the caret and selecting a range share domPoint:
// 1,893,163 bytes. Then Escape's focus (a few lines) measured +1.2 kB, and
// sending the worker its settings as JSON (less code) +1.6 kB more: 1,895,969.
// A change moves function indices and data addresses all through the code,
// and Brotli's size by ±2-3 kB, whatever the change's own size: a margin
// under 3 kB is luck. Without inlining in bytes, annotations/api and uuid
// (measured before at −5.5, −3.7 and −2.4 kB one by one), and in the AES,
// DES and RC4 code net/http drags in (never run in the browser): 1,886,021,
// 1.3446 ×, 7.6 kB under the budget. Measured one by one on top of those,
// sort gave −2.1 kB alone but +7 kB with the AES group, context +3.6 kB,
// net/netip +4 kB: no inlining is not always smaller. An unstripped build's
// name section (each function's code bytes) shows where the bytes are.
// Edit latency at 10k tokens after, three runs: p50 30.1-32.8 ms, p95
// 36.6-47.3 ms, the longest task 61-113 ms (the README's table: runs one
// after another on a quiet machine, 2026-12-05).
//
// Brotli's size moves by up to ±10 kB for changes of a few hundred bytes:
// a function added shifts the index of every function after it, and so
// every call instruction. Measured on 2026-12-06: annotations.SameValue
// and its helper in revision.go +16 kB, in a file of their own +3 kB; the
// library's focus after Archive as a helper method +8 kB, as one line
// +0.8 kB. Compiling net/http, crypto/tls, crypto/x509, encoding/asn1 and
// the like without inlining grew app.wasm by 50 kB. That afternoon the
// edit latency at 10k tokens, p95, was 42-57 ms over five runs (goal met
// in two), and the build of the morning, alternated with it, 47-54 ms
// (met in two of four): the machine, slower than the day before.
//
// Reading HTML pages in the export module's worker instead of sending them
// to the server or to DOMParser (article-form.go, page-reader.go) took it
// from 1,892,851 to 1,885,587 bytes (1.344 ×), after three variants of the
// same code measured 1,896,533 (a sync.Mutex in the reader's struct),
// 1,900,919 (the same, embedded) and 1,901,520 (no mutex, the reader in
// article-form.go): the reader has a file of its own, and the form asks
// about one page at a time instead of a lock. The library's accent-blind
// filter (then foldTitle, now annotations.Folded) then measured 1,901,357 in a file of its own,
// 1,898,964 without its map of folded titles, and 1,890,719 at the end of
// library-page.go; the focus given by Rename, Delete and Assign… took it
// to 1,890,782 (a map of the actions' targets: three focusSoon lines in
// the switch measured 1,902,904). Reading a page's title again with its
// text when another encoding is picked, and the focus after a rename given
// at once, took it to 1,892,066; an onerror handler on the Go workers
// (startGoWorker) measured 1,901,985 and was left out: go-worker.js
// answers for a module that exited, not for a worker the browser kills.
// Trusting a page's declared encoding as the export module names it (a
// WHATWG name, htmltext.DeclaredCharset) instead of trying it with a
// TextDecoder first: 1,892,673. Folding the library's titles only when
// the filter or the title order needs them measured 1,903,228, so the
// library folds each title on each render, as it lowered each before.
//
// Why Brotli's size swung: the Go build ID. It is a hash of every source
// file, written in the module's first hundred bytes, and changing it alone
// moved app.wasm's Brotli size by hundreds of bytes to 10 kB: a function
// no part of the app reaches, added to annotations, left the module's code
// identical (the same 11,219,279 bytes, 60 of them the ID) and measured
// 1,894,139 against 1,893,313. `make build` now links every module with
// -buildid= (no ID): app.wasm is 1,887,805 bytes (1.346 ×), and a change
// that leaves the code alone leaves the module alone. The measurements
// above were made with an ID, so part of each difference is this noise.
//
// Why it still swings (issue 11's stop of 2026-12-06): the layout of the
// module's data. A blank line added at the top of item-picker.go, which
// changes no code, measured 1,898,177 (+10.4 kB): it moves the line
// numbers of that file's functions in the runtime's line tables, which
// the linker places before the strings and types that the code addresses,
// so every one of those addresses moves, and Brotli's matches with them.
// A rule added to annotations that the app never calls moved the module
// too (+739 bytes, +17 kB as a file of its own): the linker lays strings
// out by the objects that name them, dead code's too. Five small fixes of
// a keyboard walkthrough (a picker's Tab and Esc, an annotator's read-only
// Labels…, the find bar's last search selected, a stance saved without a
// target) measured 1,899,670 to 1,904,415 each alone and 1,892,779 to
// 1,903,925 together: 1,887,805 is a low draw, and the size of an app
// change is its own bytes plus a draw of some ±10 kB. Those fixes wait
// for room that real code savings make, not a lucky draw; rules only the
// server needs live in server, where they move nothing here.
//
// The room came from the normalization tables (2026-12-07): annotations
// normalizes through annotations/normform, which in a js build asks the
// browser's String.prototype.normalize instead of linking x/text's tables
// (go doc ./annotations/normform says why the two agree). app.wasm went
// from 1,887,805 to 1,865,498 bytes (1.330 ×), export.wasm from 1,871,471
// to 1,844,515 and learn.wasm from 1,095,813 to 1,061,506.
//
// Keeping a selection through the render of the text (ArticleText.OnUpdate,
// which replaced the page's keepSelection) measured 1,864,002. The item
// pickers' list closed by Esc and Tab (a closed flag): 1,866,845; kept
// open from focus to blur (focus and blur handlers) it measured 1,870,437,
// and 1,871,591 with one handler for both. The stance form refusing a save
// without a target, beside it: 1,867,597.
//
// With them, the fixes that had waited for room (the find field's last
// search selected, Esc and Cancel in the one-line forms, the read-only
// label editor, "Reading the articles…", a sign-out made offline, the
// install button's tab order, the disabled accounts, the browser's hf
// label ids) took it to 1,871,456 bytes (1.334 ×), 22 kB under the budget;
// the admins' API to disable an account, 1,870,564 (annotations/api); a
// topic stance's difference named by its topic, 1,871,932; normform's
// quick check made once a text, not twice, 1,874,475 (Brotli's draw).
// A field emptied on the page where its state is emptied (emptyField: a
// picker's pick, the article form's title, the account forms), 1,871,098;
// the pickers' list opened by a click in the field and closed by a press
// outside the picker (a pointerdown listener a picker), 1,870,916. The
// projects' fixes (an article added in a project joins its list, one off
// it opens read-only, a member taken out of a project is told so),
// measured alone: 1,871,534. With the tokens' rule (annotations
// .IsIdeograph), the bare dateline, the binary-file check, UTF-16 without
// a byte order mark and annotations.Folded, all together: 1,878,413
// (1.339 ×). A field shown again where go-app's render leaves what was
// typed (showInField: a removed label's row, a group's refused name):
// 1,872,231 (Brotli's draw).
// The focus kept when its element goes (static/web/focus.js) is a page
// script, like inert.js, and costs app.wasm nothing.
//
// # First paint
//
// On a device's first visit the server renders the library's list and an
// article's page (title, text, the project's labels) for the signed-in user
// (FirstPaint, RenderPage), and embeds the data in the page. The page
// component reads it in OnInit, before its first render, so that the
// client's first render is the server's markup: go-app v10 replaces the
// server's markup with the client's (it has no hydration), and identical
// markup shows no change. The components of the top bar read the user in
// OnInit too (storedMe reads the rendered page's user on the server). The
// article's edits wait until the device's set is read (firstPaint); its
// annotations then appear. go-app's full-window loader is a corner badge
// over such a page, the paragraphs are pre-wrap each (the server's
// indentation between them must not show), and nothing that arrives later
// (the install button, the sync state, the storage line) moves what is on
// screen: server/e2e's first paint tests compare the boxes before and after
// the client starts and find no layout shift. What a user types into the
// server's page before the client runs (the sign-in form, a pasted text),
// the focus and a selection in the text are carried over to the client's elements of the same ids
// by static/web/focus.js, which tells the components with input events
// (TestTypingBeforeTheClientRunsIsKept, TestArticleFirstPaint): go-app's
// replacement dropped them.
//
// The client's start with a first paint is cut into tasks, so that none
// holds the page long: a worker downloads and compiles the module, off the
// page's thread, and the Go runtime starts in a task of its own (the
// server's rewrite of go-app's app.js); the packages' initialisation, in four tasks (go doc
// ./wasm); the routes (a regexp to compile); go-app's start; reading the
// page's data; making the editor (OnInit); the first render; the page's
// parts becoming the client's (takeover); the device's set shown (load);
// the text's next step (mountMore); the side panel two parts a task
// (showPanel, SidePanel.Parts). The article the page brought is kept on
// the device without asking the server for it again.
//
// go-app mounts a component's whole tree in one call, and the first render
// was the longest of these tasks, 45-90 ms unthrottled in Lighthouse's
// traces on a 2-core machine: go-app making some ninety elements one
// syscall/js call at a time, and V8 compiling the code that does so as it
// runs for the first time. So the first render is the server's markup
// again, each part as raw HTML that the browser parses in one call (the
// page reads the parts' outer HTML in OnInit, before go-app replaces them),
// and the parts become the client's a task each: the top bar, then the
// workspace (with the text still the server's), then the text. The markup
// is the server's own, so nothing on screen changes as a part is
// replaced; the text's next steps wait until the text is the client's. The
// shortcut sheet's rows, nearly half the page's elements, are mounted only
// when it opens.
//
// A step's next step waits for the render of this one (nextTask defers to
// the end of go-app's frame, then yields). go-app renders on a frame timer
// of 8 ms after a dispatch, and a step that only yielded (setTimeout 0)
// often came back first: in half the traces two takeover steps, or all six
// of the side panel's, were applied before one render made them all, one
// task of 108-139 ms at Lighthouse's 4 × slowdown. With the wait, the
// longest task after the first render is 64-80 ms at that slowdown, and
// the long tasks' excess over 50 ms (Chromium's own throttling, three
// runs) went from 367-474 ms to 128-175. A command (a key, a button) shows
// the side panel whole at once: what it focuses may be in a part the steps
// have not added yet.
//
// # Keys, commands and the edit session
//
// The article page runs named commands (keys.go): a key press is looked up
// in the key table, a button or a dialog sends the command's name
// (actionCommand), and one map (sessionCommands) runs them, so a button
// does what its key does. The table's single-character keys are
// annotations.EditorKeys, which the schema's rule against label keys that
// clash reads too; the shortcut sheet is the table. The editing state is
// a plain struct (session.go), embedded in ArticlePage: its commands
// return an effect (focus, caret, clear, reveal) that the page carries out
// in the browser, never scrolling the window to focus, so native tests
// drive the session as the keys do. Moving the caret is the browser's
// Selection.modify in the key's own event: it renders nothing.
//
// # Accounts on the device
//
// The session cookie is HttpOnly: the app learns who is signed in from the
// sign-in (or setup) answer and GET /api/v1/me, and keeps that api.Me in
// localStorage (gloss.me, account.go). Its User.Annotator is the name the
// user's revisions carry, so offline the device goes on as that user. A
// sync round sends only that annotator's pending revisions (replica.Round);
// another user signing in on the device neither sees (the library's
// progress, the article's set, the device download) nor sends them, and
// signing out keeps them, after saying how many wait, until their user
// signs in again. A 401 keeps the user and their edits: the status says
// "Sign in to sync · N pending", and its button opens /signin, which comes
// back to the page. A device of the release before accounts kept its name
// under gloss.annotator: the sign-in form says its changes wait for the
// account of that name, whose sign-in sends them. Tabs follow each other's
// sign-in and sign-out through the storage event.
//
// The user's name in the top bar opens /account (account-page.go): the
// password (the answer's new cookie keeps the session, and the stored
// api.Me is replaced), API tokens (a new one's secret shown once; Revoke
// asks first) and, for an admin, the users (a new one's generated password
// shown once). It needs the server: offline a form says so and keeps what
// was typed; a 401 offers Sign in. The account forms (sign-in, setup, the
// account page's) are tables of formField rendered by accountForm
// (account-form.go), each field's problem beside it.
//
// # Projects on the device
//
// The project a user works in is theirs on the device (localStorage, per
// login: current-project.go), read against the projects of the api.Me kept
// there. When a sync round learns (GET /api/v1/me, asked again after any
// refused push, since a refusal may come of a role lost) that a manager
// took the user out of the project they picked, the top bar says so, by
// the name the device knew (noteProjectLeft), until they pick another or
// press OK, and the pages show the project they work in now; the edits
// made there stay pending, refused by the server, and go if they are
// added back. Outside Default, an article off the project's list opens
// read-only, saying why, for who may not annotate one
// (api.Access.CanAnnotateUnlisted): the page asks the server
// (GET /api/v1/projects/{id}/articles/{article}) once the set is shown;
// offline it cannot, and the server's refusal of the push keeps the edits
// pending with its reason in the sync status. An article a manager adds
// in such a project joins its list with the article's upload: the
// device's record names the project (localArticle.Project), and the sync
// round's upload puts it on the list (listingServer), so that the list
// waits in the same queue as the upload, offline or not.
//
// # Offline and updates
//
// The server sends Gloss's own service worker (`app/service-worker.go`,
// given to go-app): it precaches the app shell, scripts, styles, icons and
// `app.wasm` all-or-nothing, answers a navigation to any app route (`/`,
// `/articles/{id}`, `/signin`, `/setup`, `/account`) with the cached shell, and never serves `/api/` from a
// cache. The export module (`export.wasm`) is not in the list a first visit
// downloads while the page starts: that page adds it to the worker's cache 3
// s after it starts. An update, which installs while a page already runs,
// downloads it with the rest, so downloads work offline as soon as the
// update is in charge. After one visit the app opens with the server
// stopped; the articles and annotations come from IndexedDB, and edits wait,
// pending, until the server answers again.
//
// A new release (the server's version is a hash of the web assets, set by
// `make build`) changes the worker script; the browser installs the new
// worker, which downloads every resource into a new cache. Only a complete
// download activates it (its install waits on the download and fails whole
// otherwise, deleting the partial cache); activation then deletes the old
// cache, and go-app tells the page, which shows the update banner. The
// worker does not claim the page that installed it, so a first visit is not
// announced as an update.
//
// # Writes
//
// An edit is shown at once and written to IndexedDB in the background, one
// write at a time in the order made (edit-writes.go). A write that fails
// takes back its edit and those made on top of it or referring to it,
// keeps the others, fixes the undo history and names the change in a
// message. After each write commits, the tab posts what it stored on a
// BroadcastChannel (tabs.go), and the other tabs of the browser apply it
// as they apply a pull.
//
// # Adding and managing articles
//
// A file is read as bytes. A binary one (an image named page.html: a NUL in
// its first 8,000 bytes, annotations.IsBinary, the server's rule too) is
// refused at once, in words, with nothing loaded, shown or stored. A text
// file's encoding is read from a byte order mark or
// valid UTF-8 (annotations.SniffEncoding); other bytes are guessed by
// chardet, which lives in the export module (wasm/export) so that its
// tables cost app.wasm nothing (16.5 kB brotli in export.wasm), and the
// browser's TextDecoder decodes every WHATWG encoding. Anything but plain
// UTF-8, and any line annotations.Boilerplate proposes to drop, is shown
// before the article is stored: its ID hashes its text, so a wrong
// decoding could not be fixed later. An HTML page's own declaration
// (<meta charset>, read by the export module) comes before the guess.
//
// An HTML page is reduced to its text in the browser, online and offline
// alike, by the extraction the server's API uses (annotations/htmltext,
// a readability extractor), and the user reviews that text, not the
// markup. Until 2026-12-06 the server extracted online and the browser's
// DOMParser offline: the two texts differed (headline, byline, captions),
// so one page added both ways made two articles. The extractor (with
// net/http, which it imports, and the crypto that brings) is in the export
// module, not app.wasm: export.wasm went from 1,085,476 to 1,865,562 bytes
// brotli. It runs in a worker (readPageText, static/web/go-worker.js):
// on the page's thread a 123 kB news page took one task of 274 ms (587
// ms with the module's start); in the worker the longest task from the
// file's choice to the article's page is 91 ms (BenchmarkHTMLUpload).
//
// A rename or archiving is written to the device's article record first
// (fields "archived" and "meta_pending" inside the record, so no IndexedDB
// version change) and sent to the server (PATCH) at once or at the next
// library load that reaches it; otherwise the server's title and archived
// state are copied to the device (mergeLibrary). Deleting asks the server
// first, which refuses an annotated article (409), and refuses locally an
// article with revisions on this device.
//
// The library shows a hundred of its articles (in its order, after the
// filter) and a hundred more at each press of Show more. go-app made a
// line's fifteen or so elements one syscall/js call at a time: a library
// of 2,000 articles was one task of 1.4-1.7 s at its load, and the
// device's progress, coming after, another of 135-180 ms, both over the
// 200 ms that anything a user does may block the page. Now 96 ms at most
// (BenchmarkLibraryLoad). The button's handler reads the count from the
// page, not from the render that made it: go-app keeps a handler while the
// button stays, so a count captured at the first render would be stale.
package app
