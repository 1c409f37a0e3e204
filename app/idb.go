package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/browsertask"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The browser keeps Gloss's work in one IndexedDB database:
//
//	articles   key "id": an article as JSON ("json") and whether the
//	           server has it ("uploaded": 0 or 1); whether it is archived
//	           ("archived": 0 or 1) and whether its title or archived
//	           state changed here and the server has yet to hear it
//	           ("meta_pending": 0 or 1); the project whose list it joins
//	           once uploaded ("project", "" for none). Records older than
//	           these fields read as 0 and "": no schema version was needed.
//	revisions  key "rev": every revision known on this device as JSON, with
//	           its set ("set_id") and whether the server has acknowledged it
//	           ("pending": 1 until then; "error": why the server refused it;
//	           "made": when this device made it, the order pushes keep).
//	meta       key "key": small values such as each annotator's pull cursor.
//	history    key "set": the undo history of a set on this device, as JSON
//	           ("json"), so that undo goes on after a reload (version 2).
const (
	dbName    = "gloss"
	dbVersion = 2
)

// localArticle is an article as stored on this device.
type localArticle struct {
	Article  annotations.Article
	Uploaded bool
	// Archived hides the article from the library (its annotations kept).
	Archived bool
	// MetaPending says that the title or Archived changed on this device
	// and the server has not been told yet.
	MetaPending bool
	// Project is the project whose list the article joins when the sync
	// uploads it (listingServer): one other than Default, where a manager
	// of it added the article. "" for none, and once uploaded.
	Project string
}

// localRevision is a revision as stored on this device.
type localRevision struct {
	Revision annotations.Revision
	Pending  bool
	Error    string
	// Made orders the revisions this device made, in the order it made
	// them (microseconds since 1970, kept increasing): what something
	// refers to is pushed no later than what refers to it. 0 for
	// revisions from the server.
	Made float64
	// By is the annotator of the user who made a project's own revision on
	// this device (replica.Pending.By); "" for other revisions.
	By string
}

// lastMade is the Made of the last revision this page made.
var (
	madeMu   sync.Mutex
	lastMade float64
)

// nextMade returns an increasing Made value for a new revision.
func nextMade() float64 {
	madeMu.Lock()
	defer madeMu.Unlock()
	lastMade = max(float64(time.Now().UnixMicro()), lastMade+1)
	return lastMade
}

// idb is the open database, shared by every component.
var (
	idbOnce sync.Once
	idbConn app.Value
	idbErr  error
)

func init() {
	if app.IsClient {
		// Start opening the database at once, while go-app mounts the page:
		// on a new profile, creating it takes a good part of a cold load.
		// Listen to the other tabs from the start too: a tab that only
		// reads must still hear of their writes.
		go func() {
			openTabChannel()
			database()
		}()
	}
}

// database opens the database once, creating or upgrading its stores.
// It blocks: call it from ctx.Async.
func database() (app.Value, error) {
	idbOnce.Do(func() {
		factory := app.Window().Get("indexedDB")
		if !factory.Truthy() {
			idbErr = errors.New("this browser has no IndexedDB: annotations cannot be kept")
			return
		}
		defer holdOpenLock()()
		req := factory.Call("open", dbName, dbVersion)
		letGoWhenHidden(req)
		upgrade := app.FuncOf(func(this app.Value, args []app.Value) any {
			db := req.Get("result")
			stores := db.Get("objectStoreNames")
			if !stores.Call("contains", "articles").Bool() {
				db.Call("createObjectStore", "articles", map[string]any{"keyPath": "id"})
			}
			if !stores.Call("contains", "revisions").Bool() {
				revs := db.Call("createObjectStore", "revisions", map[string]any{"keyPath": "rev"})
				revs.Call("createIndex", "set_id", "set_id")
				revs.Call("createIndex", "pending", "pending")
			}
			if !stores.Call("contains", "meta").Bool() {
				db.Call("createObjectStore", "meta", map[string]any{"keyPath": "key"})
			}
			if !stores.Call("contains", "history").Bool() { // version 2
				db.Call("createObjectStore", "history", map[string]any{"keyPath": "set"})
			}
			return nil
		})
		defer upgrade.Release()
		req.Set("onupgradeneeded", upgrade)
		// Blocked: a tab open on an older version did not let go of it.
		// The open goes on once it does; meanwhile the user must know
		// why nothing loads, and what to do.
		blocked := app.FuncOf(func(this app.Value, args []app.Value) any {
			databaseNotice.set(noticeBlocked)
			return nil
		})
		defer blocked.Release()
		req.Set("onblocked", blocked)
		idbConn, idbErr = awaitRequest(req)
		databaseNotice.clear(noticeBlocked)
		if idbErr != nil {
			idbErr = fmt.Errorf("open the local database: %w", idbErr)
			return
		}
		idbConn.Set("onversionchange", app.FuncOf(letGoOfDatabase))
	})
	return idbConn, idbErr
}

// databaseLetGo is set once this page has closed its connection for
// another tab's upgrade: its writes fail from then on (errDatabaseLetGo).
var databaseLetGo atomic.Bool

// errDatabaseLetGo is the error of a transaction after that.
var errDatabaseLetGo = errors.New("this tab let go of the local database for a newer Gloss in another tab: reload it")

// Notices of the database, shown by DatabaseNotice.
const (
	noticeBlocked = "Gloss is waiting for its other tabs to let go of the local database: reload or close them."
	noticeLetGo   = "Gloss was updated in another tab: reload this tab to keep working. Changes made here now cannot be kept."
)

// letGoOfDatabase is the connection's versionchange handler: another tab
// opens the database at a newer version (a newer Gloss) or deletes it, and
// waits (blocked) until every open connection is closed. This page closes
// its own at once, so that the other never waits on it, and tells the user
// to reload, which brings the newer Gloss here too. It does not reload by
// itself: an edit on its way would be lost, and the user may want to read
// what the page shows first.
func letGoOfDatabase(this app.Value, args []app.Value) any {
	if databaseLetGo.Swap(true) {
		return nil
	}
	idbConn.Call("close")
	databaseNotice.set(noticeLetGo)
	return nil
}

// openLock is the Web Lock a page holds while it opens the database.
const openLock = "gloss-database-open"

// holdOpenLock waits for the Web Lock openLock and returns the function
// that releases it. A page put in the back-forward cache while it holds a
// lock is evicted as soon as another page asks for it (or, in some
// browsers, not cached at all): so the next page, which asks for the lock
// before it opens the database, never waits on the open of a frozen page
// (see letGoWhenHidden). Without Web Locks it does nothing.
func holdOpenLock() (release func()) {
	locks := app.Window().Get("navigator").Get("locks")
	if !locks.Truthy() {
		return func() {}
	}
	var resolve app.Value
	granted := make(chan struct{})
	executor := app.FuncOf(func(this app.Value, args []app.Value) any {
		resolve = args[0]
		return nil
	})
	defer executor.Release()
	held := app.FuncOf(func(this app.Value, args []app.Value) any {
		p := app.Window().Get("Promise").New(executor) // calls executor at once
		close(granted)
		return p
	})
	defer held.Release()
	locks.Call("request", openLock, held)
	<-granted
	return func() { resolve.Invoke() }
}

// letGoWhenHidden makes sure that a page put in the back-forward
// cache while the open request req runs does not hold the database. A page
// frozen before its first open of the database had run (on a first visit,
// the open waits for the upgrade that creates the stores, and the upgrade
// for the page's busy main thread) held every later open of the database
// in the queue behind it: the next page stuck on "Loading…" (seen in
// Chromium, going from the library to an article at once). An unload
// listener used to keep the page out of that cache meanwhile; browsers are
// removing unload. Now the open holds a Web Lock (holdOpenLock), and when
// the page is hidden (pagehide) the open lets go: an upgrade
// under way is aborted (the open then fails, and nothing of the upgrade is
// kept), an open done is closed. A page restored from the cache (pageshow,
// persisted) has no database any more and loads again. The versionchange
// and blocked handlers of database() cover the other tabs.
func letGoWhenHidden(req app.Value) {
	hide := app.FuncOf(func(this app.Value, args []app.Value) any {
		if req.Get("readyState").String() != "done" {
			// The upgrade's transaction, while it runs; null before it
			// starts and once it is over.
			if tx := req.Get("transaction"); tx.Truthy() {
				tx.Call("abort")
			}
			return nil
		}
		if db := req.Get("result"); db.Truthy() {
			db.Call("close")
		}
		return nil
	})
	show := app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 && args[0].Get("persisted").Bool() {
			// Restored from the cache with its connection closed: start again.
			app.Window().Get("location").Call("reload")
		}
		return nil
	})
	app.Window().Call("addEventListener", "pagehide", hide)
	app.Window().Call("addEventListener", "pageshow", show)
}

// awaitRequest blocks until an IDBRequest succeeds or fails.
func awaitRequest(req app.Value) (app.Value, error) {
	done := make(chan jsResult, 1)
	onSuccess := app.FuncOf(func(this app.Value, args []app.Value) any {
		done <- jsResult{value: req.Get("result")}
		return nil
	})
	onError := app.FuncOf(func(this app.Value, args []app.Value) any {
		done <- jsResult{err: jsError(req.Get("error"))}
		return nil
	})
	defer onSuccess.Release()
	defer onError.Release()
	req.Set("onsuccess", onSuccess)
	req.Set("onerror", onError)
	r := <-done
	return r.value, r.err
}

// transaction runs fill inside one IndexedDB transaction over stores and
// blocks until the transaction commits (nil) or aborts (its error). fill
// issues requests on the transaction; it must not block.
func transaction(mode string, stores []string, fill func(tx app.Value) error) error {
	db, err := database()
	if err != nil {
		return err
	}
	if databaseLetGo.Load() {
		return errDatabaseLetGo
	}
	names := make([]any, len(stores))
	for i, s := range stores {
		names[i] = s
	}
	var tx app.Value
	if err := catchJS(func() { tx = db.Call("transaction", names, mode) }); err != nil {
		return err
	}
	done := make(chan error, 1)
	onComplete := app.FuncOf(func(this app.Value, args []app.Value) any {
		done <- nil
		return nil
	})
	onAbort := app.FuncOf(func(this app.Value, args []app.Value) any {
		if e := tx.Get("error"); e.Truthy() {
			done <- jsError(e)
		} else {
			done <- errors.New("the local database transaction was aborted")
		}
		return nil
	})
	defer onComplete.Release()
	defer onAbort.Release()
	tx.Set("oncomplete", onComplete)
	tx.Set("onabort", onAbort)
	if thrown := catchJS(func() { err = fill(tx) }); thrown != nil {
		err = thrown // a request the browser refused at once: nothing of fill's is kept
	}
	if err != nil {
		if catchJS(func() { tx.Call("abort") }) == nil {
			<-done
		}
		return err
	}
	return <-done
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// putArticle stores a on this device; it refuses an article that is not
// valid. What the user set here is kept: a stored record's archived state,
// while the server has yet to hear of a change (meta_pending) its title,
// and while a is not uploaded the project it joins. Renames and archiving
// go through putArticleMeta.
func putArticle(a localArticle) error {
	return storeArticle(a, false)
}

// putArticleMeta stores a as it is, its title, Archived and MetaPending
// included: a rename or an archiving on this device, or the server's.
func putArticleMeta(a localArticle) error {
	return storeArticle(a, true)
}

func storeArticle(a localArticle, meta bool) error {
	if err := a.Article.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(a.Article)
	if err != nil {
		return err
	}
	err = transaction("readwrite", []string{"articles"}, func(tx app.Value) error {
		store := tx.Call("objectStore", "articles")
		rec := map[string]any{
			"id": a.Article.ID, "json": string(b), "uploaded": boolInt(a.Uploaded),
			"archived": boolInt(a.Archived), "meta_pending": boolInt(a.MetaPending),
			"project": a.Project,
		}
		if meta {
			store.Call("put", rec)
			return nil
		}
		get := store.Call("get", a.Article.ID)
		get.Set("onsuccess", oneShot(func() {
			if old := get.Get("result"); old.Truthy() {
				rec["archived"] = boolInt(recFlag(old, "archived"))
				if recFlag(old, "meta_pending") {
					rec["json"] = old.Get("json").String()
					rec["meta_pending"] = 1
				}
				if p := old.Get("project"); a.Project == "" && !a.Uploaded && p.Truthy() {
					rec["project"] = p.String() // it joins the list once uploaded
				}
			}
			store.Call("put", rec)
		}))
		return nil
	})
	if err == nil {
		tellOtherTabs(tabMessage{Articles: []string{a.Article.ID}, Pending: !a.Uploaded})
	}
	return err
}

// getArticle returns the article id stored on this device, and whether it is.
func getArticle(id string) (localArticle, bool, error) {
	var rec app.Value
	err := transaction("readonly", []string{"articles"}, func(tx app.Value) error {
		req := tx.Call("objectStore", "articles").Call("get", id)
		req.Set("onsuccess", oneShot(func() { rec = req.Get("result") }))
		return nil
	})
	if err != nil || rec == nil || !rec.Truthy() {
		return localArticle{}, false, err
	}
	a, err := decodeArticle(rec)
	return a, err == nil, err
}

// allArticles returns every article stored on this device.
func allArticles() ([]localArticle, error) {
	var recs app.Value
	err := transaction("readonly", []string{"articles"}, func(tx app.Value) error {
		req := tx.Call("objectStore", "articles").Call("getAll")
		req.Set("onsuccess", oneShot(func() { recs = req.Get("result") }))
		return nil
	})
	if err != nil || recs == nil {
		return nil, err
	}
	out := make([]localArticle, 0, recs.Length())
	for i := 0; i < recs.Length(); i++ {
		a, err := decodeArticle(recs.Index(i))
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func decodeArticle(rec app.Value) (localArticle, error) {
	var a localArticle
	if err := json.Unmarshal([]byte(rec.Get("json").String()), &a.Article); err != nil {
		return a, fmt.Errorf("a stored article is damaged: %w", err)
	}
	a.Uploaded = rec.Get("uploaded").Int() == 1
	a.Archived = recFlag(rec, "archived")
	a.MetaPending = recFlag(rec, "meta_pending")
	if p := rec.Get("project"); p.Truthy() {
		a.Project = p.String()
	}
	return a, nil
}

// recFlag reads a 0/1 field of a record, false when the record predates it.
func recFlag(rec app.Value, field string) bool {
	v := rec.Get(field)
	return v.Truthy() && v.Int() == 1
}

// deleteLocalArticle removes the article id from this device.
func deleteLocalArticle(id string) error {
	err := transaction("readwrite", []string{"articles"}, func(tx app.Value) error {
		tx.Call("objectStore", "articles").Call("delete", id)
		return nil
	})
	if err == nil {
		tellOtherTabs(tabMessage{Articles: []string{id}})
	}
	return err
}

// articleAnnotators lists the annotators whose sets on this device hold
// revisions of the article id, in order of first revision.
func articleAnnotators(id string) ([]string, error) {
	revs, err := allRevisions()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range revs {
		if r.Revision.ArticleID == id && !slices.Contains(out, r.Revision.Annotator) {
			out = append(out, r.Revision.Annotator)
		}
	}
	return out, nil
}

// oneShot wraps f as a JavaScript callback that releases itself after its
// first call.
func oneShot(f func()) app.Func {
	var fn app.Func
	fn = app.FuncOf(func(this app.Value, args []app.Value) any {
		f()
		fn.Release()
		return nil
	})
	return fn
}

// storedRevision is a revision's record as JSON, for putRevisions.
type storedRevision struct {
	Rev     string  `json:"rev"`
	SetID   string  `json:"set_id"`
	JSON    string  `json:"json"`
	Pending int     `json:"pending"`
	Error   string  `json:"error"`
	Made    float64 `json:"made,omitempty"`
	By      string  `json:"by,omitempty"`
}

// putRevisions puts the records of revs into the revisions store of a
// transaction. The records cross into JavaScript as one JSON text, parsed
// once: converting each record's fields one by one cost more than storing
// it, and a pull of thousands of revisions held the page.
func putRevisions(store app.Value, revs []localRevision) error {
	arr, err := revisionRecords(revs)
	if err != nil {
		return err
	}
	for i := range revs {
		store.Call("put", arr.Index(i))
	}
	return nil
}

// revisionRecords returns the records of revs as one JavaScript array.
func revisionRecords(revs []localRevision) (app.Value, error) {
	recs := make([]storedRevision, len(revs))
	for i, r := range revs {
		b, err := json.Marshal(r.Revision)
		if err != nil {
			return nil, err
		}
		recs[i] = storedRevision{Rev: r.Revision.ID, SetID: r.Revision.SetID(), JSON: string(b), Pending: boolInt(r.Pending), Error: r.Error, Made: r.Made, By: r.By}
	}
	all, err := json.Marshal(recs)
	if err != nil {
		return nil, err
	}
	return app.Window().Get("JSON").Call("parse", string(all)), nil
}

// putAcknowledged puts revs into the revisions store of a transaction as
// acknowledged, without a refusal; one stored already keeps its Made (the
// order this device made it in, which a push needs if the server loses
// it). It reads the stored records first, in the same transaction: the
// requests of a transaction run in order, so when the last read is done
// all are.
func putAcknowledged(store app.Value, revs []annotations.Revision) error {
	if len(revs) == 0 {
		return nil
	}
	local := make([]localRevision, len(revs))
	for i, r := range revs {
		local[i] = localRevision{Revision: r}
	}
	arr, err := revisionRecords(local)
	if err != nil {
		return err
	}
	gets := make([]app.Value, len(revs))
	for i, r := range revs {
		gets[i] = store.Call("get", r.ID)
	}
	gets[len(gets)-1].Set("onsuccess", oneShot(func() {
		for i := range revs {
			rec := arr.Index(i)
			if cur := gets[i].Get("result"); cur.Truthy() {
				if m := cur.Get("made"); m.Type() == app.TypeNumber {
					rec.Set("made", m.Float())
				}
			}
			store.Call("put", rec)
		}
	}))
	return nil
}

func decodeRevision(rec app.Value) (localRevision, error) {
	var r localRevision
	if err := json.Unmarshal([]byte(rec.Get("json").String()), &r.Revision); err != nil {
		return r, fmt.Errorf("a stored revision is damaged: %w", err)
	}
	r.Pending = rec.Get("pending").Int() == 1
	if e := rec.Get("error"); e.Type() == app.TypeString {
		r.Error = e.String()
	}
	if m := rec.Get("made"); m.Type() == app.TypeNumber {
		r.Made = m.Float()
	}
	if by := rec.Get("by"); by.Type() == app.TypeString {
		r.By = by.String()
	}
	return r, nil
}

// addLocalRevisions stores revisions made on this device, pending until the
// server acknowledges them, in one transaction. A revision that does not
// name its maker (replica.SentByMaker: a project's own, a gold set's) is
// noted as the signed-in user's, whose rounds send it.
func addLocalRevisions(revs ...annotations.Revision) error {
	local := make([]localRevision, len(revs))
	for i, r := range revs {
		local[i] = localRevision{Revision: r, Pending: true, Made: nextMade()}
		if replica.SentByMaker(r) {
			local[i].By = currentAnnotator()
		}
	}
	err := transaction("readwrite", []string{"revisions"}, func(tx app.Value) error {
		return putRevisions(tx.Call("objectStore", "revisions"), local)
	})
	if err == nil {
		tellOtherTabs(revisionsMessage(revs, true))
	}
	return err
}

// revisionsOfSet returns every revision of the set setID on this device.
func revisionsOfSet(setID string) ([]localRevision, error) {
	return revisionsByIndex("set_id", setID)
}

// pendingRevisions returns the revisions the server has not acknowledged.
func pendingRevisions() ([]localRevision, error) {
	return revisionsByIndex("pending", 1)
}

// allRevisions returns every revision on this device.
func allRevisions() ([]localRevision, error) { return revisionsByIndex("", nil) }

// revisionsByIndex returns the revisions whose index has key, or every
// revision when index is "".
func revisionsByIndex(index string, key any) ([]localRevision, error) {
	var recs app.Value
	err := transaction("readonly", []string{"revisions"}, func(tx app.Value) error {
		source := tx.Call("objectStore", "revisions")
		if index != "" {
			source = source.Call("index", index)
		}
		var req app.Value
		if index == "" {
			req = source.Call("getAll")
		} else {
			req = source.Call("getAll", key)
		}
		req.Set("onsuccess", oneShot(func() { recs = req.Get("result") }))
		return nil
	})
	if err != nil || recs == nil {
		return nil, err
	}
	out := make([]localRevision, 0, recs.Length())
	for i := 0; i < recs.Length(); i++ {
		if i > 0 && i%applyChunk == 0 {
			browsertask.Yield() // thousands of records decode in steps
		}
		r, err := decodeRevision(recs.Index(i))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// markPushed records the server's answers to a push in one transaction
// (replica.Store.Acknowledge): acknowledged revisions stop being pending;
// refused ones keep pending with the server's reason.
func markPushed(acked []annotations.Revision, unconfirmed map[string]bool, refused map[string]string) error {
	newIDs := map[string][]string{} // annotator to the IDs a pull must bring back
	for _, r := range acked {
		if unconfirmed[r.ID] {
			newIDs[r.Annotator] = append(newIDs[r.Annotator], r.ID)
		}
	}
	return tellPendingChanged(transaction("readwrite", []string{"revisions", "meta"}, func(tx app.Value) error {
		meta := tx.Call("objectStore", "meta")
		for annotator, ids := range newIDs {
			updateUnconfirmed(meta, annotator, func(list []string) []string {
				for _, id := range ids {
					if !slices.Contains(list, id) {
						list = append(list, id)
					}
				}
				return list
			})
		}
		store := tx.Call("objectStore", "revisions")
		if err := putAcknowledged(store, acked); err != nil {
			return err
		}
		for rev, reason := range refused {
			req := store.Call("get", rev)
			req.Set("onsuccess", oneShot(func() {
				// A revision no longer pending keeps no refusal.
				if cur := req.Get("result"); cur.Truthy() && cur.Get("pending").Int() == 1 {
					cur.Set("error", reason)
					store.Call("put", cur)
				}
			}))
		}
		return nil
	}))
}

// tellPendingChanged tells the other tabs that which revisions wait for
// the server may have changed, when err (a write's outcome) is nil; it
// returns err.
func tellPendingChanged(err error) error {
	if err == nil {
		tellOtherTabs(tabMessage{Pending: true})
	}
	return err
}

// unconfirmedKey is the meta record of annotator's unconfirmed revision
// IDs (replica.Store.Unconfirmed), a JSON array.
func unconfirmedKey(annotator string) string { return "unconfirmed:" + annotator }

// decodeIDs reads a meta record's JSON array of IDs; a missing record is
// an empty list.
func decodeIDs(rec app.Value) []string {
	var ids []string
	if rec.Truthy() {
		json.Unmarshal([]byte(rec.Get("value").String()), &ids)
	}
	return ids
}

// updateUnconfirmed replaces annotator's unconfirmed IDs with what change
// makes of them, inside a transaction on the meta store.
func updateUnconfirmed(meta app.Value, annotator string, change func([]string) []string) {
	req := meta.Call("get", unconfirmedKey(annotator))
	req.Set("onsuccess", oneShot(func() {
		b, _ := json.Marshal(change(decodeIDs(req.Get("result"))))
		meta.Call("put", map[string]any{"key": unconfirmedKey(annotator), "value": string(b)})
	}))
}

// unconfirmedIDs returns annotator's unconfirmed revision IDs.
func unconfirmedIDs(annotator string) ([]string, error) {
	var ids []string
	err := transaction("readonly", []string{"meta"}, func(tx app.Value) error {
		req := tx.Call("objectStore", "meta").Call("get", unconfirmedKey(annotator))
		req.Set("onsuccess", oneShot(func() { ids = decodeIDs(req.Get("result")) }))
		return nil
	})
	return ids, err
}

// confirmPulled forgets annotator's checked unconfirmed IDs and marks the
// missing revisions pending again, in one transaction.
func confirmPulled(annotator string, checked, missing []string) error {
	return tellPendingChanged(transaction("readwrite", []string{"revisions", "meta"}, func(tx app.Value) error {
		updateUnconfirmed(tx.Call("objectStore", "meta"), annotator, func(list []string) []string {
			return slices.DeleteFunc(list, func(id string) bool { return slices.Contains(checked, id) })
		})
		revs := tx.Call("objectStore", "revisions")
		for _, id := range missing {
			req := revs.Call("get", id)
			req.Set("onsuccess", oneShot(func() {
				if rec := req.Get("result"); rec.Truthy() && rec.Get("pending").Int() != 1 {
					rec.Set("pending", 1)
					revs.Call("put", rec)
				}
			}))
		}
		return nil
	}))
}

// applyPulled stores pulled revisions that this device lacks and advances
// the annotator's pull cursor, in one transaction, so that a cursor never
// runs ahead of what is stored. It refuses a page that
// replica.CheckPulled refuses.
func applyPulled(annotator string, revs []annotations.Revision, cursor string) error {
	if err := replica.CheckPulled(annotator, revs); err != nil {
		return err
	}
	err := transaction("readwrite", []string{"revisions", "meta"}, func(tx app.Value) error {
		// A pulled revision is on the server, so it is acknowledged here
		// too, even if this device made it and is still waiting for the
		// answer to its push.
		if err := putAcknowledged(tx.Call("objectStore", "revisions"), revs); err != nil {
			return err
		}
		tx.Call("objectStore", "meta").Call("put", map[string]any{"key": "cursor:" + annotator, "value": cursor})
		return nil
	})
	if err == nil && len(revs) > 0 {
		tellOtherTabs(revisionsMessage(revs, true))
	}
	return err
}

// pullCursor returns the annotator's pull cursor ("" before the first pull).
func pullCursor(annotator string) (string, error) {
	var rec app.Value
	err := transaction("readonly", []string{"meta"}, func(tx app.Value) error {
		req := tx.Call("objectStore", "meta").Call("get", "cursor:"+annotator)
		req.Set("onsuccess", oneShot(func() { rec = req.Get("result") }))
		return nil
	})
	if err != nil || rec == nil || !rec.Truthy() {
		return "", err
	}
	return rec.Get("value").String(), nil
}

// idbStore is the device's replica.Store on IndexedDB.
type idbStore struct{}

var _ replica.Store = idbStore{}

// Pending lists the unacknowledged revisions with the order this device
// made them in (replica.OrderPending sorts them for a push).
func (idbStore) Pending() ([]replica.Pending, error) {
	revs, err := pendingRevisions()
	if err != nil {
		return nil, err
	}
	out := make([]replica.Pending, len(revs))
	for i, r := range revs {
		out[i] = replica.Pending{Revision: r.Revision, Refusal: r.Error, Made: r.Made, By: r.By}
	}
	return out, nil
}

// SendAgain marks every revision and article on this device as not on the
// server (replica.Store.SendAgain).
func (idbStore) SendAgain() error { return sendAgain() }

// sendAgain sets every revision's "pending" to 1 and every article's
// "uploaded" to 0, in one transaction.
func sendAgain() error {
	var callbacks []app.Func
	defer func() {
		for _, f := range callbacks {
			f.Release()
		}
	}()
	return tellPendingChanged(transaction("readwrite", []string{"revisions", "articles"}, func(tx app.Value) error {
		set := func(storeName, field string, value int) {
			req := tx.Call("objectStore", storeName).Call("openCursor")
			next := app.FuncOf(func(this app.Value, args []app.Value) any {
				cur := req.Get("result")
				if !cur.Truthy() {
					return nil
				}
				if rec := cur.Get("value"); rec.Get(field).Int() != value {
					rec.Set(field, value)
					cur.Call("update", rec)
				}
				cur.Call("continue")
				return nil
			})
			callbacks = append(callbacks, next)
			req.Set("onsuccess", next)
		}
		set("revisions", "pending", 1)
		set("articles", "uploaded", 0)
		return nil
	}))
}

// Acknowledge records a push's answers.
func (idbStore) Acknowledge(acked []annotations.Revision, unconfirmed map[string]bool, refused map[string]string) error {
	return markPushed(acked, unconfirmed, refused)
}

// Unconfirmed returns annotator's revisions acknowledged since the last
// complete pull.
func (idbStore) Unconfirmed(annotator string) ([]string, error) { return unconfirmedIDs(annotator) }

// Confirm ends a complete pull (replica.Store.Confirm).
func (idbStore) Confirm(annotator string, checked, missing []string) error {
	return confirmPulled(annotator, checked, missing)
}

// UnsentArticles lists the articles the server lacks.
func (idbStore) UnsentArticles() ([]annotations.Article, error) {
	all, err := allArticles()
	if err != nil {
		return nil, err
	}
	var out []annotations.Article
	for _, a := range all {
		if !a.Uploaded {
			out = append(out, a.Article)
		}
	}
	return out, nil
}

// Article returns a stored article.
func (idbStore) Article(id string) (annotations.Article, bool, bool, error) {
	a, ok, err := getArticle(id)
	return a.Article, a.Uploaded, ok, err
}

// PutArticle stores an article.
func (idbStore) PutArticle(a annotations.Article, sent bool) error {
	return putArticle(localArticle{Article: a, Uploaded: sent})
}

// Cursor returns the annotator's pull cursor.
func (idbStore) Cursor(annotator string) (string, error) { return pullCursor(annotator) }

// ApplyPulled stores a pulled page and its cursor in one transaction.
func (idbStore) ApplyPulled(annotator string, revs []annotations.Revision, cursor string) error {
	return applyPulled(annotator, revs, cursor)
}

// putHistory keeps the undo history (JSON) of set setID.
func putHistory(setID string, b []byte) error {
	return transaction("readwrite", []string{"history"}, func(tx app.Value) error {
		tx.Call("objectStore", "history").Call("put", map[string]any{"set": setID, "json": string(b)})
		return nil
	})
}

// getHistory returns the undo history (JSON) kept for set setID.
func getHistory(setID string) ([]byte, bool, error) {
	var req app.Value
	err := transaction("readonly", []string{"history"}, func(tx app.Value) error {
		req = tx.Call("objectStore", "history").Call("get", setID)
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	rec := req.Get("result")
	if !rec.Truthy() {
		return nil, false, nil
	}
	return []byte(rec.Get("json").String()), true, nil
}
