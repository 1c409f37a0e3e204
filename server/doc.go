// Package server is Gloss's HTTP server: the JSON API over a Store and the
// progressive web app (go-app's handler, Gloss's service worker and the
// precompressed WebAssembly client). Everything the web app sends is
// compressed when the browser accepts it: the wasm modules from the .br/.gz
// files make build writes, the other /web/ text assets and go-app's
// scripts once per release in memory, its pages per request (pwa.go).
// Pages name every asset and go-app script by a URL that carries the
// assets' version, answered as immutable; pages, the manifest and the
// service worker stay no-cache (assets.go).
//
// # Pages on screen before the WebAssembly runs
//
// A signed-in user's request for an article's page or the library gets the
// page rendered with what the server knows of it (firstpaint.go,
// app.FirstPaint): the article's title and text with the project's labels,
// the server's list of articles. go-app renders a page on the server from
// its URL alone; app.RenderPage hands it the request's data and user, and
// renders one page at a time so that no render sees another's. The client
// reads the same data from the page before its first render, so that its
// markup is the server's and nothing moves when go-app puts it in place
// (go-app v10 has no hydration: it replaces the server's markup). Such a
// page is private, no-cache, with no ETag; the service worker's copy of the
// shell (app.ShellHeader), a request without a session and any other page
// get go-app's page as before.
//
// go-app's server writes an attribute's value as a Go string literal
// (strconv.Quote), a false boolean as hidden="false" and a true value as
// a bare name; correctHTML (pagehtml.go) rewrites every page's start tags
// as HTML: values escaped as HTML, false booleans left out, aria-* values
// kept. Text is go-app's, HTML-escaped.
//
// # Authentication and authorization
//
// Every API route but sign-in and setup needs a user: a session cookie
// (api.SessionCookie) or an API token (Authorization: Bearer), else 401
// unauthenticated. Pages and /web/ assets need none: the app's shell loads
// offline and shows the sign-in form. Each route of the one route table
// (apiRoutes) says who may call it, public, signed in or admin only; the
// authorization matrix test sends every route a request from each kind of
// caller and fails on a route it has no row for.
//
// Sessions and API tokens are random 256-bit tokens of which the store
// keeps a SHA-256 hash. A session lasts 30 days from its last renewal, and
// is renewed (with a new Set-Cookie) when used with less than 29 days
// left: one write a day at most. Its cookie is HttpOnly, SameSite=Strict,
// Path=/, and Secure over TLS or when Options.PublicURL is https. Signing
// out ends the session; a password change ends every session of the user
// and starts one for the request that made it; API tokens live until
// revoked.
//
// A sign-in whose login has no account, whose account has no password
// (one made from an older database's annotator name) or whose password is
// wrong gets the same 401 after the same work (an argon2id check). Failed
// sign-ins are counted per login and per client address (the connection's
// IP address, an IPv6 address's /64; X-Forwarded-For is read only from a
// trusted proxy, Options.TrustedProxies, and then its rightmost untrusted
// hop): after 5 a login waits 15 s, twice as long after each further
// failure, up to 15 minutes; an address may fail 20 times in 15 minutes. A
// throttled attempt is a 429 rate_limited with Retry-After, its password
// not checked. The store counts them (SignInFailures: one upsert a
// failure), so that every replica sees every failure; the rules are
// signInWait's.
//
// Roles are per project (api.Role) and decided by api.Access, the one
// place that says what a role may do, which the app uses too. A set is
// (project, article, annotator); the sets of a database from before
// projects are in the Default project (api.DefaultProject; migration 7
// made it, with every user as its annotator; migration 8 gave revisions
// their project), which every new user joins as an annotator. Admins make
// other projects (their creator manages them); a manager changes roles or
// removes members. A member pushes only their own revisions, each checked
// against its own project (another annotator's, or one in a project the
// pusher is not in, are rejected per revision, forbidden), the project's
// gold sets (annotations.GoldAnnotator) only as its curator or manager,
// and its schema and assignments only as its manager; curators and
// managers read its progress; annotators pull, export and import their own
// sets (everyone's when the project lets annotators see each other, but
// imports), curators read everyone's, managers and admins read and import
// everyone's. A pull without a project reads every project the caller may
// read, with each project's schema (a revision of no article and no
// annotator: annotations.ProjectKey); a cursor made before the caller's
// access changed starts over (User.Access), so joining a project brings
// what was there before. A project the caller is not in answers 404, so
// that nobody learns which projects exist. Articles are shared by every
// signed-in user; a project lists those its managers add (project_articles;
// the Default project lists every article), and a push of a set of an
// article off the list is refused per revision (forbidden) but a
// manager's (api.Access.CanAnnotateUnlisted), an import of one as a whole
// (a manager's puts its articles on the list): one rule, listCheck. That
// is a check of what is written, not of the revisions: sets made before
// (or of an article since taken off the list) stay as they are, and a
// device keeps the refused edits pending until a manager adds the
// article. GET
// /api/v1/projects/{id}/articles/{article} tells the app, which opens such
// an article read-only.
//
// # Agreement
//
// GET /api/v1/projects/{id}/agreement (curators, managers, admins) is the
// project's agreement.Report, JSON or CSV, over the articles at least two
// annotators marked done (their done sets; never the gold set). The server
// keeps in memory, per project, each article's tally (agreement.Tally)
// under the heads of its sets (Store.SetHeads), and the newest revision
// it has seen: a request asks the store only for the sets with revisions
// since, reads and tallies again only their articles, and combines every
// tally (AgreementTallies). One computation per project runs at a time, in
// the background; a request waits for it up to a second, then answers 202
// with its progress ({"progress":{"done":n,"total":m}}, articles), and the
// client asks again. A tally is replaced when its article's sets get new
// revisions (sets are never deleted, so nothing else makes one stale); at
// most 16 projects are kept, the least recently asked dropped first. The
// tallies of 1,000 articles × 3 annotators take about 45-49 MB
// (BenchmarkAgreement). The report is kept in the store too (Results,
// with the project's newest revision it saw), and computed under
// Store.Exclusively: a replica asked while another computes waits for
// it, then serves the kept report while no set of the project changed
// (one SetHeads after that revision); its own tallies catch up when it
// next computes.
//
// BenchmarkAgreement, 1,000 articles × 3 annotators in SQLite, 2026-12-05
// on the 2-core machine while other work kept it busy (load 4-7): from
// scratch 6.0-7.4 s, 4.3-4.7 s of processor time over both cores, most of
// it reading and resolving the 3,000 sets (goal ≤ 10 s); after one set
// changed 0.11-0.16 s (0.10 s of processor time: its article tallied
// again, the 1,000 tallies combined); through the API 0.34-0.45 s, with
// the report's 9.5 MB of JSON. In memory (annotations/agreement): Compute
// 0.78 s, Combine after one change 0.12 s.
//
// # Suggestions: a project's model
//
// A project's suggestion settings (api.SuggestSettings: each source on or
// off, a threshold, the cue words) are a JSON column of projects
// (migration 14), read by every member with the project and set by its
// managers with PATCH; cues are kept normalized (one line, lower case,
// each once, in the order given).
//
// GET /api/v1/projects/{id}/model (any member) is the project's
// suggest.Model, which a device starts from (issue 15): a tagger trained
// with suggest.DefaultEpochs and DefaultSeed, as a device trains, on the
// maxModelSets sets changed last (training is linear in them: about 2 ms
// a set natively), and the gazetteer of the strings tagged in all of them. It learns from each article's curated gold set
// when it has one (the gold set done), else from each of its annotators'
// done sets. In a project whose annotators do not see each other (blind
// annotation) only curated gold sets teach it: suggestions learnt from an
// annotator's sets would show the others what that annotator tagged.
// Sets of articles no longer in the project's list still teach. Nothing
// to learn from is a 404 no_model.
//
// The server keeps, per project, the heads of its sets (Store.SetHeads)
// and their status revisions (Store.StatusRevisions, over a partial index
// of status revisions, migration 15), brought up to date from the newest
// revision seen, so that which sets teach is known without reading any
// annotation; the model is kept with its ETag, a hash of those sets and
// their heads (and of the training's constants and the server's version),
// and trained again only when it changes: a request whose If-None-Match
// names it is a 304, which (but the first) reads only the revisions
// stored since the last. One request per project trains at a time, with
// its own context, reading the sets then training; the others wait for
// it and take its model. Training, which its context cannot stop once
// begun, is kept even when its client went away. Its cost grows with the
// sets that teach: on the 2-core machine under load (2026-12-05), the
// synthetic sets of the agreement's tests, 3 done sets an article, took
// 4.5 s for 100 articles and 77 s for 1,000, nine tenths of it in
// suggest.Train. At most 16 projects are kept, the least recently asked
// dropped first. The model is kept in the store with its ETag (Results):
// a replica, or the server after a restart, serves it from there, and
// trains under Store.Exclusively, so that replicas asked at once train it
// once (TestModelTrainedOnceAcrossReplicas).
//
// # Export and import, measured
//
// On the project's 2-core machine, 2026-12-04 (make bench):
//
//   - BenchmarkExportStore: 10,000 articles × 50 mentions in SQLite,
//     exported as JSONL to io.Discard, against the same store reads
//     marshalled by encoding/json in the same run: 1.17 × the throughput of
//     encoding/json (goal ≥ 0.5 ×), heap flat during the export.
//   - BenchmarkExport (annotations/formats), the encoders alone, 10,000
//     records of 50 annotations: jsonl 0.44 × the time of json.Marshal of
//     the same records; conll 3.9 ×, w3c 5.2 × (tokenizing, selectors).
//
// Peak resident memory of the benchmark's process (VmHWM):
//
//   - BenchmarkImportMemory/brat-within-caps, a brat zip of 10 articles of
//     1.5 MB with 1,500 mentions each (15 MiB inflated, under the 16 MiB
//     cap), posted to the import endpoint and stored: 176 MB (goal
//     ≤ 256 MB).
//   - brat-bomb, a 0.5 MB zip of one 480 MiB member: 31 MB, a 413 in 19 ms;
//     1.3 GB before the caps.
//   - doccano-within-caps, the same articles as doccano JSONL with UTF-16
//     offsets, 15.6 MB: 197-205 MB (231 MB while the offset index held ints
//     rather than int32s; 213 MB with code point offsets).
//   - BenchmarkExportStore/format=conll with -benchsets=20000 (1,000,000
//     revisions, a problem reported every third mention): 44 MB (goal
//     ≤ 128 MB; 464 MB before exports were streamed set by set).
package server
