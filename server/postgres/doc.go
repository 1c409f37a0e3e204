// Package postgres is Gloss's PostgreSQL store (issue 16): the same
// server.Store as server/sqlite, for deployments that run several replicas
// of the server against one database (gloss serve --db postgres://…). The
// same contract tests (server/storetest) run against both stores.
//
// # Schema and migrations
//
// The schema is one versioned list of steps (migrations), applied on Open
// in one transaction that first takes a transaction-scoped advisory lock,
// so that replicas starting together apply each step once. Times are kept
// as text in the SQLite store's fixed-width UTC format (nanoseconds, so an
// article's creation time round-trips exactly and text order is time
// order); articles keep an insertion sequence that breaks ties of equal
// times as SQLite's rowid does. Revision bodies are text, byte for byte
// (a revision's ID hashes its content).
//
// # The log: sequence numbers in commit order
//
// A pull reads the revisions after its cursor's sequence number, so the
// store must never commit a revision with a number below one a pull has
// already passed. SQLite has one writer, so numbers follow commits. A
// PostgreSQL sequence does not: a transaction that took 11 may commit
// after one that took 12, and a pull between the two commits would read
// 12, move its cursor there, and never read 11.
//
// So revisions take no number from a sequence. One row, log_head, holds
// the last number and the history's hash after it (api.NextChain). Every
// transaction that stores revisions (a push, an import) or deletes an
// article first locks that row (SELECT … FOR UPDATE), checks its batch
// against the state it then sees (annotations.CheckStored), numbers the
// new revisions after the head, inserts them and moves the head, and
// commits. Why a pull never skips a revision committed later:
//   - A writer holds the row until it commits or rolls back, so writers
//     run one at a time, across every replica, and each one's numbers come
//     after the last committed ones: a rolled-back writer never moved the
//     head, so its numbers are taken again and no hole is left.
//   - PostgreSQL makes a transaction visible before it releases its row
//     locks, so the next writer starts after the last one is visible: in
//     any snapshot, the committed revisions are exactly 1…n for some n.
//   - A pull reads its page in one statement, so in one snapshot: every
//     number up to the page's last is committed and in the page (or not
//     for the puller), and whatever commits later is numbered after it.
//
// TestPullNeverSkipsALaterCommit pushes from two replicas with each
// commit delayed by a random time after the push took its numbers, while
// a reader pulls small pages; it fails (half the revisions never pulled)
// when the numbers come from a counter taken outside the writing
// transaction, as a sequence's are.
//
// The transactions that take the lock run on a pool of their own
// (logPool, logWriters connections), so that pushes waiting for it never
// hold the connections of pulls and the rest. The lock serializes writers
// as SQLite's single writer does. The check
// and the inserts are each a few statements over arrays (unnest), so a
// push of 250 revisions holds the row for a few milliseconds; reads
// (pulls, exports, the library) take no lock.
//
// Each push is its own transaction. A group commit per replica, as the
// SQLite store's (the pushes waiting committed in one transaction, each
// under a savepoint, or each alone after a failure), was measured and
// dropped: with 8 devices on one replica it pushed 7,400-10,400
// revisions/s against 14,500-15,600 without (BenchmarkReplicasLoad,
// alternating runs, 2026-12-05). The log's lock serializes a group's work
// as it does the pushes', a sync to this machine's disk is cheap, and one
// committer a replica loses the overlap of the pushes' own statements
// outside the lock (their BEGIN, the wait, the COMMIT's round trip).
//
// # Measured
//
// BenchmarkReplicasLoad (server), 2026-12-05, three runs on the 2-core
// machine that also runs the devices and PostgreSQL 15 (fsync on): pushes
// of 250 revisions reach 17,300-18,600 revisions/s with 8 devices on one
// replica, against SQLite's 27,800-29,100 (0.6-0.65 ×), and about the same
// on 2 and 4 replicas: the log's lock makes one writer of all of them, so
// replicas bring availability (any may die, none holds state), not write
// throughput. Pulls take no lock and match SQLite's (95,000-117,000
// revisions/s): see Changes for the query plan that had made them four
// times slower in some runs. The replicas show that nothing is lost or
// slowed by spreading requests, not the capacity of more machines, since
// they share the one machine's processors. Every figure, three runs
// (push, then each device, new, pulls all it pushed):
//
//	devices  store           push rev/s      push p99        pull rev/s       pull p99
//	8        SQLite          27,800-29,100   92-110 ms       95,900-102,500   79-112 ms
//	8        PostgreSQL ×1   17,300-18,600   149-185 ms      102,100-113,000  63-90 ms
//	8        PostgreSQL ×2   17,600-18,600   212-223 ms      95,900-110,400   78-98 ms
//	8        PostgreSQL ×4   16,300-17,200   244-264 ms      95,800-101,100   98-105 ms
//	64       SQLite          24,400-27,900   652-729 ms      99,500-103,000   540-575 ms
//	64       PostgreSQL ×1   16,900-19,400   0.88-1.04 s     101,100-113,100  447-474 ms
//	64       PostgreSQL ×2   13,200-16,500   1.26-1.69 s     51,700-112,300   418-995 ms
//	64       PostgreSQL ×4   12,900-16,700   1.39-1.76 s     76,500-116,000   395-624 ms
//	256      SQLite          20,500-23,100   2.84-3.05 s     70,400-100,900   1.13-1.75 s
//	256      PostgreSQL ×1   13,200-19,200   3.3-4.9 s       71,900-117,400   0.69-1.21 s
//	256      PostgreSQL ×2   12,900-18,300   3.6-5.6 s       91,000-109,500   0.90-1.11 s
//	256      PostgreSQL ×4   13,900-18,000   3.8-5.1 s       91,200-112,500   0.93-1.17 s
//
// The machine's speed moved by up to 1.7 times between runs that day (its
// host's other load): compare stores within a run.
//
// # What replicas share
//
// Everything a replica keeps is in the database: sessions and API tokens,
// the setup token, the failed sign-ins the rate limit counts
// (server.SignInFailures: one upsert a failure, so replicas counting at
// once lose none), and the results the server computes once and serves
// many times (server.Results: a project's model, trained under a
// session-level advisory lock of its key, so that replicas asked at once
// train it once, and kept with its ETag for every replica). The history
// hash of a cursor is a column of each revision, the same for every
// replica.
//
// # Tests
//
// The tests start a throwaway cluster of their own (server/postgres/
// pgtest), a database per test; `make postgres` installs Debian's
// postgresql when its server programs are missing, and `make test` runs it.
package postgres
