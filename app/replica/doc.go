// Package replica is the client side of Gloss's sync: one round of uploading
// the articles the server lacks, pushing the revisions it has not
// acknowledged, and pulling the annotator's revisions made elsewhere. It is
// plain Go over two interfaces, the device's durable Store (IndexedDB in the
// browser, MemoryStore in the simulation and the load benchmark) and the
// Server, whose one implementation is Client: the HTTP API (package
// annotations/api) over a Transport, the browser's fetch in the app and a
// faulty in-process network in the simulation. So the code the browser runs
// is the code the simulation tests.
//
// # Revisions
//
// Every change to an annotation item is a revision whose ID is its
// generation (its parent's plus one) and a hash of its content: the same
// change has the same ID on every device, and sending it twice is harmless.
// An item's value is the winner among the leaves of its revision tree,
// chosen without clocks (annotations.Wins): a live revision beats a
// deletion, then the higher generation, then the greater hash; other live
// leaves are conflicts, shown until a device settles them.
//
// # An example
//
// Two devices of one annotator (cursors shown by their sequence number
// alone):
//
//	device A (IndexedDB)                 server (SQLite)                  device B (IndexedDB)
//	tag "Rex Tillerson" PER
//	  1-aa  pending ── push [1-aa] ───▶  seq 1: 1-aa   ◀─── pull since 0 ──  stores 1-aa, cursor 1
//	  ◀── applied; 1-aa acknowledged
//	offline: relabel ORG                                                   offline: relabel LOC
//	  2-bb (parent 1-aa) pending                                             2-cc (parent 1-aa) pending
//	back online ── push [2-bb] ───────▶  seq 2: 2-bb
//	                                     seq 3: 2-cc  ◀──── push [2-cc] ──  back online
//	pull since 1 ◀── [2-bb, 2-cc] ──                   ──── [2-bb, 2-cc] ──▶ pull since 1
//	leaves 2-bb, 2-cc: same generation, so the greater hash wins on both devices (say 2-cc: LOC);
//	2-bb is listed as a conflict on both.  Keep ORG on A ──▶ 3-dd (parent 2-cc, body ORG)
//	                                                         3-ee tombstone (parent 2-bb)
//	after the next sync: one live leaf, 3-dd (ORG), on every replica; no conflict.
//
// Replays are harmless: pushing `2-bb` again answers `duplicate`; pulling it
// again stores nothing new. A delete racing an edit: the tombstone loses to
// the live edit, whatever the generations.
//
// # A round
//
// Upload the articles the server lacks; push the pending revisions in
// batches of PushBatch, in the order OrderPending gives (by kind as items
// refer to each other, then by generation, so that every referred item and
// every parent goes no later than what needs it, whoever made it); pull
// pages of the annotator's revisions after the device's cursor until
// there is no more. Each request has a timeout (Client.Timeout), so a server
// that never answers reads as offline and nothing pending is lost. A
// revision the server refuses stays pending with the server's reason; one
// refused because the server lacks its article (unknown_article) makes the
// round upload the article and push again. A revision goes dated (At) no
// later than the device's clock: one made while the clock was more than
// a day ahead, which the server refuses, goes once the clock is right.
//
// # Cursors and restores
//
// A pull cursor is "SEQ.CHAIN" (api.Cursor): the sequence number of the last
// revision pulled and a hash of the whole history up to it. A server whose
// database was put back to an older copy either lacks SEQ or has another
// history there, even when it took the same revision at the same number
// after others; it answers 410 cursor_unknown, and the round marks
// everything the device holds as not on the server (Store.SendAgain), sends
// it all again (the server answers duplicate for what it kept) and pulls
// from the start.
//
// A round that stops between its push and its pull leaves a cursor that a
// restored copy may still match. So every revision a push finds on the
// server past the device's cursor (every applied one, and a duplicate whose
// sequence number is past the cursor: an earlier push stored it and its
// answer was lost) is unconfirmed until a complete pull, whose cursor was
// before it, brings it back (Store.Unconfirmed, Store.Confirm); one that
// does not come back was lost and goes back to pending. A push carries the
// device's cursor; when the server's history no longer matches it, every
// answer of that push is unconfirmed, since a second restore to a copy that
// matches the cursor again could hide it. A revision refused because a
// restore lost its parent (unknown_parent) is sent again by the same
// mechanism, parent first.
//
// # Tests
//
// The randomized simulation (simulation_test.go) runs 3 to 5 devices of one
// or two annotators, making every kind of annotation as the editor does
// (mentions, quotes, stances, groups, schema edits; sim_edit_test.go) and
// pushing in batches as small as one revision now and then, so that
// references and parents cross batches, against the real handler and SQLite
// store, through a
// network that drops, duplicates, holds back and never answers requests,
// with devices crashing mid-round, offline periods, server restarts, and
// backups taken while the server serves and put back at random. Every seed
// must end with every acknowledged change on the server, every replica
// equal to the server, and replaying every revision changing nothing.
// `go test ./app/replica -seeds=N` runs N seeds, `-seed=S -v` replays one.
package replica
