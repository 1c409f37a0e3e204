// Package sqlite is the server.Store on an embedded SQLite database
// (modernc.org/sqlite: pure Go, no cgo), one file in the data folder, in WAL
// mode with full sync: reads run in parallel on a pool of connections,
// writes go through one connection, one transaction at a time, so the
// revision sequence follows commit order.
//
// # Articles
//
// An article's row never changes its ID or text (the ID hashes the text);
// its title and archived flag (migration 5) do. DeleteArticle looks for its
// revisions and deletes it in one write transaction, so a push cannot slip
// a revision in between: an article with any revision, even of items since
// deleted, is refused (server.AnnotatedError), since its sets' history
// refers to it.
//
// # Pushes
//
// A push is checked (annotations.CheckBatch) in the transaction that stores
// it, so that two pushes at once cannot both pass a check that only one of
// them would (28 of 30 concurrent pairs stored one item as two kinds when
// the check read the set outside it). The check asks what it needs by
// point look-ups: which of the batch's revisions and parents are stored
// (the revisions' unique index on item and ID), the kinds of the items it
// is of and refers to (the items table, one row per item of each set:
// migration 4), and the set's schema revisions (by the schema item's ID).
// Each question is one query, with its list as one JSON parameter. A push
// into a set of 10,000 revisions costs what one into a set of 100 does;
// before, a push read and resolved every revision of each set it touched,
// and building a set was quadratic (p50 93 ms into 10,000 revisions).
//
// The part of the check that needs nothing stored, each revision's
// Validate (its ID is a hash of its content), runs in the pushing
// goroutine before the push waits for the writer. Pushes are then committed
// in groups: one goroutine commits while the pushes that arrive meanwhile
// wait, then takes up to 4,000 of their revisions into its next
// transaction, each push checked against what the ones before it left.
// Each push is answered once its group's transaction is durable. A push
// the check refuses stores nothing; one whose insert fails anyway (an I/O
// error, a cancelled request) fails the transaction, and the group's
// pushes are committed again one by one, so that it fails alone
// (TestGroupPushFailsAlone).
//
// Measured with server's BenchmarkSyncLoad (2 cores, the devices in the
// same process, which also run the raw insert it compares with), the
// writer is busy 98 % of the time, and what made it cheaper was found in
// its CPU profile:
//   - Validate out of the writer doubled 8 devices' throughput (7,500 to
//     14,700 revisions/s); batching the look-ups and computing each set's
//     ID once brought it to 18,000-20,000;
//   - a savepoint per push made SQLite copy each page the push changed
//     into a sub-journal (a temporary file: 15 % of all CPU), and each
//     single-row insert copied the pages of the revisions' indexes into
//     the statement journal; the groups now have no savepoints, and the
//     revisions are inserted 50 rows to a statement, OR FAIL, with the
//     article's trigger RAISE(FAIL) (migration 13), so that no statement
//     journal is kept at all; the statements are prepared once (the
//     writer's CPU per revision from 63 to 37 µs);
//   - the insert takes the stored revisions' sequence numbers from the
//     check's HasRevisions (txStored.known) instead of asking again, and
//     ValidateEach decodes each entity's body outside the writer, where
//     the check had decoded it.
//
// From 0.43, 0.41 and 0.39 × the raw insert at 8, 64 and 256 devices to
// 0.57-0.69, 0.60-0.68 and 0.63-0.67 over three runs (the raw insert's
// rate moves from 29,000 to 40,000 a second between runs); push p99 at 64
// devices from 920 ms to 661-986 ms, at 256 from 3.86 s to 2.81-3.45 s.
//
// The raw insert pays the statement journal still (plain single-row
// inserts into a table with a trigger). Raw or not, the writer's rate on
// two shared cores bounds the push latency of many devices pushing at
// once: 64 × 250 revisions at 22,000 a second take 730 ms, and a p99 of
// 300 ms at 64 devices needs 53,000 a second, more than the raw insert's
// rate on this machine.
//
// Measured again on 2026-12-06, the same code, four runs: 0.69-0.85,
// 0.81-0.88 and 0.80-0.89 × the raw insert (34,000-42,000 a second that
// day); push p99 538-625 ms at 64 devices, 1.88-2.01 s at 256. The
// writer was busy all but 1-4 % of each run (time waiting for a push,
// counted in commitPushes), so its time per revision is the throughput.
// Go's execution trace of the 64-device run splits the writer's 1.9 s into
// 1.26 s running (20 µs a revision), 0.29 s in system calls (the WAL's
// writes and syncs) and 0.29 s runnable but waiting for a processor that
// the HTTP handlers and the in-process devices held. With GOMAXPROCS 3 or
// 4 the rates are the same: the two cores are the limit, not Go's
// scheduler. Tried and not kept, each within the runs' noise:
//   - a semaphore letting one push validate at a time (to leave a
//     processor to the writer);
//   - checkpoints in a goroutine of their own after each commit
//     (wal_autocheckpoint off);
//   - a committer that waits up to 2 ms for the pushes still validating
//     before it commits (PostgreSQL's commit_delay);
//   - dropping the article trigger, the status index or three of the
//     revisions' indexes (at most 10 % of a single writer's time, in a
//     store that needs them for pulls and exports);
//   - pages of 8 or 16 KiB (new databases only): pushes no faster
//     (21,600-34,100 revisions a second), and the raw insert, whose
//     statement journal copies whole pages, 40 % slower.
//   - annotations.Revision.ComputeID writing its JSON itself, without
//     reflection or json.Marshal's second compaction of the body (2.3 ×
//     faster, the same bytes over a fuzz test's 1.6 million bodies): no
//     change beyond the runs' noise, and 4 kB more app.wasm;
//   - GOGC=400 (the collector's work is 5 % of the run's CPU): two runs
//     each way, 31,900-34,600 revisions a second at 64 devices either
//     way.
//
// A CPU profile of the 64-device run (2026-12-06) puts the writer at
// 18.6 µs of CPU a revision (13 in the inserts, 2.8 in the check, 2.3 in
// the commit), the HTTP handlers at 12, the devices at 6.6 and the
// collector at 4.4: 42 µs a revision on two cores, about 48,000 a second
// if nothing ever waited, short of the 53,000 that a p99 of 300 ms at 64
// devices needs.
//
// What did help was on the devices' side of the same two cores: the
// benchmark's devices keep their revisions in replica.MemoryStore, whose
// Acknowledge looked each acknowledged revision up in a list of all the
// unconfirmed ones (a device that only pushes never confirms), and whose
// Pending sorted every revision's ID, not only the pending ones'. Both
// now cost what IndexedDB's keyed look-ups do. Five runs after: 0.83-0.98,
// 0.71-0.90 and 0.75-0.99 × the raw insert (30,800-37,300 revisions a
// second at 8 devices); push p99 485-717 ms at 64 devices, 1.77-2.35 s at
// 256 (the raw insert ran at 31,000-42,000 a second, the machine's
// neighbours busier in the last two runs). Three more runs that
// afternoon, the machine slower still (its raw insert 26,000-36,000 a
// second): 0.69-0.89, 0.64-0.90 and 0.65-0.92; p99 695-818 ms at 64
// devices, 2.42-2.87 s at 256. The build of the morning, alternated with
// that of the afternoon at 64 devices, ran no faster (22,700 and 27,100
// revisions a second, against 25,100 and 29,700).
//
// # Accounts
//
// Migration 6 adds users, sessions, API tokens and the setup token. Only
// hashes of secrets are stored: argon2id PHC strings for passwords,
// SHA-256 of the 256-bit random tokens (server/internal/secret). Each
// annotator name the revisions already carried became a user without a
// password whose Annotator is that exact name (its revisions' IDs hash it,
// so it can never change), but annotations.GoldAnnotator's: gold's sets
// are the gold sets, and no account is gold. The login is one a new
// account could have (server.CheckNewLogin). A name that is such a login
// exactly, in lower case and normalized, is its own login; every other
// name then takes, in byte order of the names, its lower case with
// compatibility forms folded (fullwidth "ａｎｎ" is ann), a comma or
// slash made a space, invisible characters dropped and a letter that
// reads as an ASCII one made that one (server.LoginFromName; "annotator"
// when nothing is left or scripts are mixed), numbered past the logins
// taken ("ann" is ann, "ANN" ann-2, "Ann" ann-3, the last two keeping
// their names as display names; "Gold" is gold-2). A file migrated by an
// earlier build keeps the logins it got then, in byte order alone ("ANN"
// took ann). Sessions and tokens are deleted with their user (ON DELETE
// CASCADE); a new password deletes the user's sessions in the same
// transaction. A token's last use is written at most once a minute, so
// that a script's every request does not cost a write.
//
// # Projects
//
// Migration 7 adds projects and their members (role checked by the table:
// manager, curator or annotator), makes the Default project and every user
// its annotator; a user created later joins it in the same transaction
// (insertUser). Project names are unique ignoring case (COLLATE NOCASE).
//
// # Sign-ins and results
//
// Migration 16 keeps the failed sign-ins the rate limit counts
// (server.SignInFailures), which were in the server's memory: a restart
// forgets none, and the rules stay in the server, for both stores.
// Migration 17 keeps the results the server computes (server.Results: a
// project's model with its ETag), so that a restart does not train again;
// Exclusively is a lock in the process's memory, since one process serves
// a SQLite database.
//
// SQLITE_FULL (the disk, or max_page_count, is full) is server.ErrStorageFull,
// which the API answers 507: nothing of the transaction was stored.
package sqlite
