package replica

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// ErrOffline reports that the server could not be reached at all. A Server
// wraps it; a round that meets it stops and keeps everything pending.
var ErrOffline = errors.New("the server cannot be reached")

// ErrCursorUnknown reports that the server does not know the pull cursor
// (its database was restored from an older copy or replaced). A Server
// wraps it; the round then marks everything the device holds to be sent
// again (Store.SendAgain), sends it, and pulls again from the start.
var ErrCursorUnknown = errors.New("the server does not know this device's sync cursor")

// ErrSignedOut reports that a round was asked for no annotator: nobody is
// signed in on the device, so nothing is sent or pulled.
var ErrSignedOut = errors.New("nobody is signed in on this device")

// ErrUnauthenticated reports that the server refused a request for want of
// a valid session or token (401 unauthenticated): a *ServerError with
// status 401 matches it (errors.Is). A round that meets it stops and keeps
// everything pending until the user signs in again.
var ErrUnauthenticated = errors.New("the server wants you to sign in")

// stopsRound reports whether err ends a round at once: the server cannot be
// reached, or it refuses every request until the user signs in.
func stopsRound(err error) bool {
	return errors.Is(err, ErrOffline) || errors.Is(err, ErrUnauthenticated)
}

// PushBatch caps the revisions sent in one push.
const PushBatch = 500

// pushBatcher is a Server that caps its pushes lower than PushBatch (a
// Client whose PushBatch is set).
type pushBatcher interface{ pushBatch() int }

// pushBatchOf returns the cap of one push to server.
func pushBatchOf(server Server) int {
	if b, ok := server.(pushBatcher); ok {
		return b.pushBatch()
	}
	return PushBatch
}

// Pending is a revision the server has not acknowledged, with the reason the
// server gave when it refused it ("" when it was never refused).
type Pending struct {
	Revision annotations.Revision
	Refusal  string
	// Made orders the revisions this device made, in the order it made
	// them; 0 for one it did not make (pulled, then sent again after the
	// server lost it) or that a version without this order stored.
	Made float64
	// By is the annotator of the user who made the revision on this
	// device, for a revision that does not name its maker (SentByMaker):
	// only that user's rounds send it. "" when unknown.
	By string
}

// Owner returns whose rounds send the pending revision: its annotator, or
// for a revision that does not name its maker (SentByMaker) the user who
// made it (By).
func (p Pending) Owner() string {
	if SentByMaker(p.Revision) {
		return p.By
	}
	return p.Revision.Annotator
}

// SentByMaker reports whether r's annotator does not say who made it, so
// that the device must note its maker (Pending.By): a project's own
// revision (its schema, an assignment), which names no annotator, and a
// gold set's, which names annotations.GoldAnnotator and is made by a
// curator.
func SentByMaker(r annotations.Revision) bool {
	return r.Key().IsProject() || r.Annotator == annotations.GoldAnnotator
}

// OrderPending sorts pending revisions in the order a push must send them
// for the server's batch check (annotations.CheckBatch) to take each, batch
// after batch: by kind as items refer to each other
// (annotations.ReferenceOrder: the schema, whose labels mentions use,
// before mentions, mentions before the groups, quotes and stances that
// refer to them, and so on), then by generation (parents before
// children), then in the order this device made them (Made; 0, for one it
// pulled or that a version without this order stored, first).
//
// The order this device made its revisions in is not enough on its own:
// after the server lost history (a restore), the device sends again what
// it pulled too, and a pulled revision may refer to, or be a child of, one
// it made later than the ones around it (another device's quote of this
// device's mention). Kind and generation order every dependency, whoever
// made the revisions.
func OrderPending(pending []Pending) {
	sort.SliceStable(pending, func(i, j int) bool {
		a, b := pending[i], pending[j]
		return cmp.Or(cmp.Compare(annotations.ReferenceOrder(a.Revision.Kind), annotations.ReferenceOrder(b.Revision.Kind)),
			cmp.Compare(a.Revision.Generation(), b.Revision.Generation()),
			cmp.Compare(a.Made, b.Made)) < 0
	})
}

// PushResult is the server's answer about one pushed revision.
type PushResult = api.PushResult

// PushAnswer is the server's answer to a push.
type PushAnswer struct {
	Results []PushResult
	// CursorUnknown says that the server's history does not match the
	// cursor sent (a pull from it would answer ErrCursorUnknown).
	CursorUnknown bool
}

// PullPage is one page of the annotator's revisions in commit order.
type PullPage = api.PullResponse

// Store is the device's durable storage. Each method is one transaction:
// after a crash, either all of it happened or none of it; a method that
// returns an error changed nothing.
//
// A revision is stored once, by ID (its ID is a hash of its content, so
// two revisions with one ID are the same revision). Besides the methods
// below, the device stores the revisions it makes (the editor's writes):
// those are pending, with increasing Made values. Every stored revision
// keeps its Made value for as long as it is stored, whatever the sync does
// to it: a revision the device made, acknowledged, then pending again (the
// server lost it) is still pushed in the order it was made.
//
// storetest.Run checks an implementation against this contract.
type Store interface {
	// Pending lists every revision not acknowledged yet, each once, with
	// the reason the server last refused it and its Made value, in any
	// order (a push sorts them with OrderPending).
	Pending() ([]Pending, error)
	// Acknowledge marks acked revisions as on the server and notes the
	// server's reason for each refused one (by revision ID), which stay
	// pending. An acked revision stops being pending and loses its
	// refusal; one the store lacks is stored, as acknowledged. A refused
	// ID that is not pending (unknown, or acknowledged already) is ignored;
	// a new reason replaces the one noted before. The IDs of acked
	// revisions in unconfirmed (the server has them past the device's pull
	// cursor: unconfirmedAck) it notes as unconfirmed for their annotator,
	// until a complete pull confirms them (Confirm); an ID not among acked
	// is ignored. One transaction.
	Acknowledge(acked []annotations.Revision, unconfirmed map[string]bool, refused map[string]string) error
	// Unconfirmed returns the IDs of annotator's revisions acknowledged
	// since the annotator's last complete pull, each once, in any order.
	Unconfirmed(annotator string) ([]string, error)
	// Confirm ends a complete pull of annotator: it forgets the checked
	// unconfirmed IDs of annotator (the others stay) and marks those in
	// missing pending again (the server acknowledged them, then lost
	// them), with no refusal and the Made value they had; an ID the store
	// lacks or that is pending already is ignored. One transaction.
	Confirm(annotator string, checked, missing []string) error
	// UnsentArticles lists the articles the server does not have yet, in
	// any order.
	UnsentArticles() ([]annotations.Article, error)
	// Article returns a stored article and whether the server has it; ok
	// is false (and the article zero) when it is not stored.
	Article(id string) (a annotations.Article, sent, ok bool, err error)
	// PutArticle stores an article and whether the server has it,
	// replacing the article stored under its ID (title and all) and its
	// sent flag. It refuses an article that is not valid
	// (annotations.Article.Validate).
	PutArticle(a annotations.Article, sent bool) error
	// Cursor returns the annotator's pull cursor, "" before the first pull.
	Cursor(annotator string) (string, error)
	// ApplyPulled stores pulled revisions as acknowledged (a revision
	// already stored stays as it is, Made included, but stops being
	// pending and loses its refusal) and moves the annotator's cursor, in
	// one transaction. It refuses the whole page (CheckPulled) when a
	// revision is not valid or not annotator's.
	ApplyPulled(annotator string, revs []annotations.Revision, cursor string) error
	// SendAgain marks every revision and article the device holds as not on
	// the server, in one transaction. A pull that meets ErrCursorUnknown
	// calls it: the server lost history it had acknowledged (its database
	// was restored from an older copy), so the device sends everything it
	// has again; the server answers "duplicate" for what it still holds.
	// Refusals, Made values, cursors and unconfirmed IDs stay as they are:
	// a refused revision keeps its reason until the server answers again.
	SendAgain() error
}

// CheckPulled reports why a page pulled for annotator cannot be stored:
// a revision that is not valid, or that is not annotator's. A Store's
// ApplyPulled refuses such a page whole.
func CheckPulled(annotator string, revs []annotations.Revision) error {
	for _, r := range revs {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("pulled revision %s: %w", r.ID, err)
		}
		if r.Annotator != annotator && !r.Key().IsProject() {
			return fmt.Errorf("pulled a revision of annotator %q while pulling %q", r.Annotator, annotator)
		}
	}
	return nil
}

// Server is the sync API: Client over HTTP, a fake in unit tests of the
// round's logic.
type Server interface {
	// PostArticle uploads an article; the server answers with its copy.
	PostArticle(ctx context.Context, a annotations.Article) (annotations.Article, error)
	// GetArticle fetches an article.
	GetArticle(ctx context.Context, id string) (annotations.Article, error)
	// Push sends revisions, with the device's pull cursor when it has one
	// (cursor, else ""), and returns a result per revision, in order, and
	// whether the server's history no longer matches the cursor. A 400
	// answer that carries per-item results is not an error.
	Push(ctx context.Context, revs []annotations.Revision, cursor string) (PushAnswer, error)
	// Pull returns the annotator's revisions after the cursor since.
	Pull(ctx context.Context, annotator, since string) (PullPage, error)
}

// Outcome is what one round did.
type Outcome struct {
	// Pulled lists the articles whose revisions a pull brought, sorted.
	Pulled []string
	// Revisions are the revisions the pull stored, in the order pulled:
	// an open editor applies them without reading its set again.
	Revisions []annotations.Revision
	// Err is why the round stopped or what the server refused; it wraps
	// ErrOffline when the server could not be reached.
	Err error
}

// Round runs one round of sync for annotator, the signed-in user's
// annotator name: upload the articles the annotator's pending revisions
// need, push those revisions in batches, pull what is new, then pull what
// is new of the annotators in also (a curator's: the gold sets and the
// sets they curate), each from its own cursor. Revisions of
// other annotators stored on the device stay pending, untouched: they go
// when their annotator signs in. An annotator of "" does nothing and
// answers ErrSignedOut. The round stops at the first sign that the server
// is unreachable (ErrOffline) or wants a sign-in (ErrUnauthenticated); an
// article or revision the server refuses holds back only itself.
func Round(ctx context.Context, store Store, server Server, annotator string, also ...string) Outcome {
	if annotator == "" {
		return Outcome{Err: ErrSignedOut}
	}
	problem := uploadArticles(ctx, store, server, annotator)
	if stopsRound(problem) {
		return Outcome{Err: problem}
	}
	if err := pushAndResend(ctx, store, server, annotator); err != nil && (problem == nil || stopsRound(err)) {
		problem = err
	}
	if stopsRound(problem) {
		return Outcome{Err: problem}
	}
	changed := map[string]bool{}
	var revs []annotations.Revision
	for i, who := range append([]string{annotator}, also...) {
		if i > 0 && (who == annotator || slices.Contains(also[:i-1], who)) {
			continue
		}
		got, stored, resend, err := pullPages(ctx, store, server, who)
		for id := range got {
			changed[id] = true
		}
		revs = append(revs, stored...)
		if resend && err == nil {
			// The server lost what it had acknowledged: send it again now.
			if err = uploadArticles(ctx, store, server, annotator); err == nil {
				err = pushAndResend(ctx, store, server, annotator)
			}
			if err == nil && i == 0 {
				// Everything went again and was taken: what the first push
				// refused for lacking its parent or article is stored now.
				problem = nil
			}
		}
		if problem == nil {
			problem = err
		}
		if stopsRound(err) {
			break
		}
	}
	return Outcome{Pulled: sortedKeys(changed), Revisions: revs, Err: problem}
}

// Push sends annotator's pending revisions and the articles they need,
// without pulling: Round's first half. An annotator of "" sends nothing
// and answers ErrSignedOut.
func Push(ctx context.Context, store Store, server Server, annotator string) error {
	if annotator == "" {
		return ErrSignedOut
	}
	problem := uploadArticles(ctx, store, server, annotator)
	if stopsRound(problem) {
		return problem
	}
	if err := pushAndResend(ctx, store, server, annotator); err != nil && (problem == nil || stopsRound(err)) {
		problem = err
	}
	return problem
}

// CountPending counts what waits for the server on annotator's behalf:
// annotator's pending revisions and the unsent articles a round for
// annotator uploads (articlesToSend).
func CountPending(store Store, annotator string) (int, error) {
	revs, err := store.Pending()
	if err != nil {
		return 0, err
	}
	articles, err := articlesToSend(store, annotator)
	if err != nil {
		return 0, err
	}
	n := len(articles)
	for _, p := range revs {
		if p.Owner() == annotator {
			n++
		}
	}
	return n, nil
}

// articlesToSend lists the unsent articles a round for annotator uploads:
// those annotator's pending revisions refer to, and those no pending
// revision refers to (added on this device, not annotated yet: whoever is
// signed in uploads them). An article only another annotator's pending
// revisions need waits for that annotator.
func articlesToSend(store Store, annotator string) ([]annotations.Article, error) {
	articles, err := store.UnsentArticles()
	if err != nil || len(articles) == 0 {
		return nil, err
	}
	pending, err := store.Pending()
	if err != nil {
		return nil, err
	}
	needed := map[string]bool{} // article ID → whether annotator's revisions need it
	for _, p := range pending {
		id := p.Revision.ArticleID
		needed[id] = needed[id] || p.Owner() == annotator
	}
	return slices.DeleteFunc(articles, func(a annotations.Article) bool {
		mine, referred := needed[a.ID]
		return referred && !mine
	}), nil
}

// uploadArticles sends the server the articles it lacks that a round for
// annotator uploads (articlesToSend).
func uploadArticles(ctx context.Context, store Store, server Server, annotator string) error {
	articles, err := articlesToSend(store, annotator)
	if err != nil {
		return err
	}
	var first error
	for _, a := range articles {
		if err := upload(ctx, store, server, a); err != nil {
			if stopsRound(err) {
				return err
			}
			if first == nil {
				first = fmt.Errorf("article %q could not be uploaded: %w", a.Title, err)
			}
		}
	}
	return first
}

func upload(ctx context.Context, store Store, server Server, a annotations.Article) error {
	got, err := server.PostArticle(ctx, a)
	if err != nil {
		return err
	}
	if got.ID != a.ID {
		return fmt.Errorf("the server stored the text under id %s, not %s", got.ID, a.ID)
	}
	return store.PutArticle(a, true)
}

// pushAndResend pushes; when the server refused revisions because it lacks
// their article (it lost it: a restore from an older copy), it uploads the
// article and pushes again, once, so that the round still ends synced.
func pushAndResend(ctx context.Context, store Store, server Server, annotator string) error {
	lost, err := push(ctx, store, server, annotator)
	if !lost || stopsRound(err) {
		return err
	}
	if err := uploadArticles(ctx, store, server, annotator); err != nil {
		return err
	}
	_, err = push(ctx, store, server, annotator)
	return err
}

// push sends annotator's pending revisions whose articles the server has,
// batch by batch, with annotator's pull cursor, and records the server's answer for
// each. It reports whether the server refused any for lacking its
// article, which it marks to upload again.
func push(ctx context.Context, store Store, server Server, annotator string) (articleLost bool, err error) {
	pending, err := store.Pending()
	if err != nil {
		return false, err
	}
	pending = slices.DeleteFunc(pending, func(p Pending) bool { return p.Owner() != annotator })
	OrderPending(pending)
	cursor, err := store.Cursor(annotator)
	if err != nil {
		return false, err
	}
	held := map[string]bool{} // articles the server lacks
	var send []annotations.Revision
	now := time.Now().UnixMilli()
	for _, p := range pending {
		id := p.Revision.ArticleID
		if _, known := held[id]; !known {
			_, sent, ok, err := store.Article(id)
			if err != nil {
				return false, err
			}
			held[id] = ok && !sent
		}
		if !held[id] {
			// Made while the clock was ahead, which the server refuses
			// beyond annotations.MaxAtAhead: once the clock is right, the
			// change goes dated now, the latest it can have been made.
			rev := p.Revision
			rev.At = min(rev.At, now)
			send = append(send, rev)
		}
	}
	var firstRefusal error
	cursorNum := api.CursorSeq(cursor) // every revision sent is annotator's
	for batch := range slices.Chunk(send, pushBatchOf(server)) {
		answer, err := server.Push(ctx, batch, cursor)
		if err != nil {
			return articleLost, err
		}
		results := answer.Results
		if len(results) != len(batch) {
			return articleLost, fmt.Errorf("the server answered %d results for %d revisions", len(results), len(batch))
		}
		var acked []annotations.Revision
		unconfirmed := map[string]bool{}
		refused := map[string]string{}
		for i, res := range results {
			rev := batch[i]
			if res.Status.Acknowledged() {
				acked = append(acked, rev)
				// A history that does not match the device's cursor
				// proves nothing of what lies before it: every answer
				// must then come back in a pull.
				unconfirmed[rev.ID] = answer.CursorUnknown || unconfirmedAck(res, cursorNum)
				continue
			}
			reason := "refused by the server"
			if res.Error != nil {
				reason = res.Error.Message
				if res.Error.Code == api.CodeUnknownArticle {
					// The server lost or never had the article: send it
					// again (pushAndResend does, in this round).
					if a, _, ok, err := store.Article(rev.ArticleID); err == nil && ok {
						if err := store.PutArticle(a, false); err != nil {
							return articleLost, err
						}
						articleLost = true
					}
				}
			}
			refused[rev.ID] = reason
			if firstRefusal == nil {
				firstRefusal = fmt.Errorf("a change was refused: %s", reason)
			}
		}
		if err := store.Acknowledge(acked, unconfirmed, refused); err != nil {
			return articleLost, err
		}
	}
	return articleLost, firstRefusal
}

// unconfirmedAck reports whether an acknowledged revision must come back in
// the next complete pull to be known safe: it is past the device's pull
// cursor (sequence number cursor), so not in the history the device read
// and whose hash its cursor carries, and a restore from an older copy
// could lose it without the cursor noticing. That is every revision the
// server stored now, and one stored by an earlier push whose answer was
// lost (a duplicate past the cursor). A duplicate at or before the cursor
// is in the history the device read: a restore that lost it changes that
// history's hash, and the next pull starts over.
func unconfirmedAck(res PushResult, cursor int64) bool {
	if res.Status == api.StatusApplied {
		return true
	}
	return res.Seq > cursor // 0 from a server that does not say: as before it did
}

// pullPages applies the annotator's revisions after the stored cursor, page
// by page, each page with its cursor in one transaction, and returns the
// articles they changed. An article a pulled revision needs is fetched
// first when the device lacks it. When the server does not know the
// cursor, everything the device holds is marked to be sent again (resend)
// and the pull starts over.
func pullPages(ctx context.Context, store Store, server Server, annotator string) (changed map[string]bool, stored []annotations.Revision, resend bool, err error) {
	changed = map[string]bool{}
	cursor, err := store.Cursor(annotator)
	if err != nil {
		return changed, nil, false, err
	}
	seen := map[string]bool{} // the IDs this pull brought
	for {
		page, err := server.Pull(ctx, annotator, cursor)
		if errors.Is(err, ErrCursorUnknown) && cursor != "" && !resend {
			// Resync from scratch: what the device has stays and goes to
			// the server again, what it lacks comes again, and the new
			// cursor is the server's.
			if err := store.SendAgain(); err != nil {
				return changed, stored, false, err
			}
			cursor, resend = "", true
			continue
		}
		if err != nil {
			return changed, stored, resend, err
		}
		for _, r := range page.Revisions {
			if changed[r.ArticleID] || r.Key().IsProject() { // a project's schema has no article
				continue
			}
			if _, _, ok, err := store.Article(r.ArticleID); err != nil {
				return changed, stored, resend, err
			} else if !ok {
				a, err := server.GetArticle(ctx, r.ArticleID)
				if err != nil {
					return changed, stored, resend, err
				}
				if err := store.PutArticle(a, true); err != nil {
					return changed, stored, resend, err
				}
			}
			changed[r.ArticleID] = true
		}
		if err := store.ApplyPulled(annotator, page.Revisions, page.Cursor); err != nil {
			return changed, stored, resend, err
		}
		stored = append(stored, page.Revisions...)
		for _, r := range page.Revisions {
			seen[r.ID] = true
		}
		cursor = page.Cursor
		if !page.More || len(page.Revisions) == 0 {
			lost, err := confirm(store, annotator, seen)
			return changed, stored, resend || lost, err
		}
	}
}

// confirm checks, at the end of a complete pull, that the pull brought
// every revision of annotator the server acknowledged since the last one:
// the cursor was before them, so a server that still has them sends them.
// One it did not send was lost (its database restored from a copy that
// still holds the cursor's revision), and goes back to pending. It reports
// whether any did.
func confirm(store Store, annotator string, seen map[string]bool) (bool, error) {
	unconfirmed, err := store.Unconfirmed(annotator)
	if err != nil || len(unconfirmed) == 0 {
		return false, err
	}
	var missing []string
	for _, id := range unconfirmed {
		if !seen[id] {
			missing = append(missing, id)
		}
	}
	return len(missing) > 0, store.Confirm(annotator, unconfirmed, missing)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
