package app

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The states a SyncStatus reports.
const (
	syncSynced  = "synced"
	syncPending = "pending"
	syncSyncing = "syncing"
	syncOffline = "offline"
	syncError   = "error"
)

// syncInterval is how often the sync loop runs without being asked.
const syncInterval = 20 * time.Second

// firstSyncDelay lets the page become interactive before the first sync
// competes with it for the database and the network.
const firstSyncDelay = time.Second

// pushBatch caps the revisions sent in one push.
const pushBatch = 500

// SyncStatus is what the sync loop reports: its state, how many changes wait
// for the server, and why the last attempt failed.
type SyncStatus struct {
	State   string
	Pending int
	Message string
}

// Text is the status as a user reads it.
func (s SyncStatus) Text() string {
	switch s.State {
	case syncSynced:
		return "Synced"
	case syncSyncing:
		if s.Pending == 0 {
			return "Syncing…"
		}
		return fmt.Sprintf("Syncing %d…", s.Pending)
	case syncOffline:
		if s.Pending > 0 {
			return fmt.Sprintf("Offline · %d pending", s.Pending)
		}
		return "Offline"
	case syncError:
		return fmt.Sprintf("Sync failed · %d pending", s.Pending)
	}
	return fmt.Sprintf("%d pending", s.Pending)
}

// syncer pushes this device's pending revisions to the server and pulls the
// annotator's revisions made elsewhere, in the background, forever. There is
// one per page load, shared by every component.
type syncer struct {
	mu        sync.Mutex
	status    SyncStatus
	nextSub   int
	statusSub map[int]func(SyncStatus)
	pulledSub map[int]func(articleIDs []string)
	kick      chan struct{}
	once      sync.Once
}

var background = &syncer{
	status:    SyncStatus{State: syncSyncing},
	statusSub: map[int]func(SyncStatus){},
	pulledSub: map[int]func([]string){},
	kick:      make(chan struct{}, 1),
}

// start runs the loop once per page load: at once, when asked (Kick), when
// the browser comes back online, and every syncInterval.
func (s *syncer) start() {
	s.once.Do(func() {
		app.Window().Call("addEventListener", "online", app.FuncOf(func(app.Value, []app.Value) any {
			s.Kick()
			return nil
		}))
		go func() {
			select {
			case <-s.kick:
			case <-time.After(firstSyncDelay):
			}
			tick := time.NewTicker(syncInterval)
			defer tick.Stop()
			for {
				s.runOnce()
				select {
				case <-s.kick:
				case <-tick.C:
				}
			}
		}()
	})
}

// Kick asks the loop to run now.
func (s *syncer) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// subscribe calls onStatus with the current status and each change, and
// onPulled with the articles whose revisions a pull brought, until the
// returned function is called.
func (s *syncer) subscribe(onStatus func(SyncStatus), onPulled func([]string)) (unsubscribe func()) {
	s.mu.Lock()
	id := s.nextSub
	s.nextSub++
	if onStatus != nil {
		s.statusSub[id] = onStatus
	}
	if onPulled != nil {
		s.pulledSub[id] = onPulled
	}
	cur := s.status
	s.mu.Unlock()
	if onStatus != nil {
		onStatus(cur)
	}
	return func() {
		s.mu.Lock()
		delete(s.statusSub, id)
		delete(s.pulledSub, id)
		s.mu.Unlock()
	}
}

func (s *syncer) setStatus(st SyncStatus) {
	s.mu.Lock()
	s.status = st
	subs := make([]func(SyncStatus), 0, len(s.statusSub))
	for _, f := range s.statusSub {
		subs = append(subs, f)
	}
	s.mu.Unlock()
	for _, f := range subs {
		f(st)
	}
}

func (s *syncer) notifyPulled(ids []string) {
	s.mu.Lock()
	subs := make([]func([]string), 0, len(s.pulledSub))
	for _, f := range s.pulledSub {
		subs = append(subs, f)
	}
	s.mu.Unlock()
	for _, f := range subs {
		f(ids)
	}
}

// localChange records that this device made a change: the pending count
// grows at once, and the loop is asked to run.
func (s *syncer) localChange() {
	s.mu.Lock()
	st := s.status
	s.mu.Unlock()
	st.Pending++
	if st.State == syncSynced {
		st.State = syncPending
	}
	s.setStatus(st)
	s.Kick()
}

// runOnce uploads the articles the server lacks, pushes the pending
// revisions, then pulls, and reports the outcome.
func (s *syncer) runOnce() {
	pending, err := countPending()
	if err != nil {
		s.setStatus(SyncStatus{State: syncError, Message: err.Error()})
		return
	}
	if pending > 0 {
		s.setStatus(SyncStatus{State: syncSyncing, Pending: pending})
	}
	problem := uploadArticles()
	if !errors.Is(problem, errOffline) {
		// An article the server refused blocks only its own revisions.
		revs, err := pendingRevisions()
		if err == nil {
			err = s.push(revs)
		}
		if problem == nil || errors.Is(err, errOffline) {
			problem = err
		}
	}
	if problem == nil {
		if annotator := currentAnnotator(); annotator != "" {
			problem = s.pull(annotator)
		}
	}
	left, err := countPending()
	if err != nil {
		problem = err
	}
	st := SyncStatus{State: syncSynced, Pending: left}
	switch {
	case errors.Is(problem, errOffline):
		st.State, st.Message = syncOffline, "The server cannot be reached; changes are kept on this device."
	case problem != nil:
		st.State, st.Message = syncError, problem.Error()
	case left > 0:
		st.State = syncPending
	}
	s.setStatus(st)
}

// countPending counts what waits for the server: revisions and articles.
func countPending() (int, error) {
	revs, err := pendingRevisions()
	if err != nil {
		return 0, err
	}
	articles, err := allArticles()
	if err != nil {
		return 0, err
	}
	n := len(revs)
	for _, a := range articles {
		if !a.Uploaded {
			n++
		}
	}
	return n, nil
}

// uploadArticles sends the server every article of this device it lacks.
func uploadArticles() error {
	articles, err := allArticles()
	if err != nil {
		return err
	}
	var firstErr error
	for _, a := range articles {
		if a.Uploaded {
			continue
		}
		if err := uploadArticle(a.Article.ID); err != nil {
			if errors.Is(err, errOffline) {
				return err
			}
			if firstErr == nil {
				firstErr = fmt.Errorf("article %q could not be uploaded: %w", a.Article.Title, err)
			}
		}
	}
	return firstErr
}

// push uploads the articles that pending revisions need, then the revisions,
// and records the server's answer for each.
func (s *syncer) push(pending []localRevision) error {
	if len(pending) == 0 {
		return nil
	}
	skip := map[string]error{}
	for _, id := range articleIDsOf(pending) {
		if err := uploadArticle(id); err != nil {
			if errors.Is(err, errOffline) {
				return err
			}
			skip[id] = err
		}
	}
	var firstRefusal error
	for len(pending) > 0 {
		n := min(len(pending), pushBatch)
		batch := pending[:n]
		pending = pending[n:]
		var send []annotations.Revision
		var sent []localRevision
		for _, r := range batch {
			if skip[r.Revision.ArticleID] == nil {
				send = append(send, r.Revision)
				sent = append(sent, r)
			}
		}
		if len(send) == 0 {
			continue
		}
		results, err := apiPush(send)
		if err != nil {
			return err
		}
		var acked []localRevision
		refused := map[string]string{}
		for i, res := range results {
			if i >= len(sent) {
				break
			}
			switch res.Status {
			case "applied", "duplicate":
				acked = append(acked, sent[i])
			default:
				reason := "refused by the server"
				if res.Error != nil {
					reason = res.Error.Message
					if res.Error.Code == "unknown_article" {
						// The server lost or never had the article: upload
						// it again on the next run.
						if a, ok, _ := getArticle(sent[i].Revision.ArticleID); ok {
							a.Uploaded = false
							putArticle(a)
						}
					}
				}
				refused[res.Rev] = reason
				if firstRefusal == nil {
					firstRefusal = fmt.Errorf("a change was refused: %s", reason)
				}
			}
		}
		if err := markPushed(acked, refused); err != nil {
			return err
		}
	}
	for id, err := range skip {
		return fmt.Errorf("article %s could not be uploaded: %w", id, err)
	}
	return firstRefusal
}

// uploadArticle sends the article id to the server unless it has it already.
func uploadArticle(id string) error {
	a, ok, err := getArticle(id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("article %s is not on this device", id)
	}
	if a.Uploaded {
		return nil
	}
	got, err := apiPostArticle(articleUpload{Title: a.Article.Title, Text: a.Article.Text, Source: a.Article.Source})
	if err != nil {
		return err
	}
	if got.ID != a.Article.ID {
		return fmt.Errorf("the server stored the text under id %s, not %s", got.ID, a.Article.ID)
	}
	a.Uploaded = true
	return putArticle(a)
}

// pull applies the annotator's revisions the server has that this device may
// lack, page by page, each page and its cursor in one transaction.
func (s *syncer) pull(annotator string) error {
	cursor, err := pullCursor(annotator)
	if err != nil {
		return err
	}
	changed := map[string]bool{}
	for {
		page, err := apiPull(annotator, cursor)
		if err != nil {
			return err
		}
		for _, r := range page.Revisions {
			if _, ok, _ := getArticle(r.ArticleID); !ok {
				if a, err := apiGetArticle(r.ArticleID); err == nil {
					putArticle(localArticle{Article: a, Uploaded: true})
				}
			}
			changed[r.ArticleID] = true
		}
		if err := applyPulled(annotator, page.Revisions, page.Cursor); err != nil {
			return err
		}
		cursor = page.Cursor
		if !page.More || len(page.Revisions) == 0 {
			break
		}
	}
	if len(changed) > 0 {
		ids := make([]string, 0, len(changed))
		for id := range changed {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		s.notifyPulled(ids)
	}
	return nil
}

func articleIDsOf(revs []localRevision) []string {
	seen := map[string]bool{}
	var ids []string
	for _, r := range revs {
		if !seen[r.Revision.ArticleID] {
			seen[r.Revision.ArticleID] = true
			ids = append(ids, r.Revision.ArticleID)
		}
	}
	return ids
}

// annotatorKey is the localStorage key of this device's annotator name.
const annotatorKey = "gloss.annotator"

// currentAnnotator returns the annotator name set on this device, or "".
func currentAnnotator() string {
	v := app.Window().Get("localStorage").Call("getItem", annotatorKey)
	if v.Type() != app.TypeString {
		return ""
	}
	return v.String()
}

// setAnnotator keeps name as this device's annotator.
func setAnnotator(name string) error {
	name = annotations.NormalizeLine(name)
	if err := annotations.ValidateAnnotator(name); err != nil {
		return err
	}
	app.Window().Get("localStorage").Call("setItem", annotatorKey, name)
	background.Kick()
	return nil
}
