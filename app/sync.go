package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The states a SyncStatus reports.
const (
	syncSynced  = "synced"
	syncPending = "pending"
	syncSyncing = "syncing"
	syncOffline = "offline"
	syncError   = "error"
	// syncSignIn: nobody is signed in on this device, or the server ended
	// the session; the changes wait.
	syncSignIn = "signin"
)

// syncInterval is how often the sync loop runs without being asked.
const syncInterval = 20 * time.Second

// firstSyncDelay lets the page become interactive before the first sync
// competes with it for the database and the network.
const firstSyncDelay = time.Second

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
	case syncSignIn:
		if s.Pending > 0 {
			return fmt.Sprintf("Sign in to sync · %d pending", s.Pending)
		}
		return "Sign in to sync"
	}
	return fmt.Sprintf("%d pending", s.Pending)
}

// syncer pushes this device's pending revisions to the server and pulls the
// annotator's revisions made elsewhere, in the background, forever. There is
// one per page load, shared by every component.
type syncer struct {
	status feed // of SyncStatus
	pulled feed // of pulledChange
	kick   chan struct{}
	once   sync.Once
	mu     sync.Mutex  // guards settle and meChecked
	settle *time.Timer // kicks the loop once edits pause
	// meChecked is when the server last confirmed who is signed in (GET
	// /api/v1/me, or a sign-in); zero before, and after a 401.
	meChecked time.Time
}

// pulledChange is what a pull (or another tab) stored: the articles whose
// revisions it brought, and those revisions.
type pulledChange struct {
	articleIDs []string
	revs       []annotations.Revision
}

// editSettle is how long the loop waits after an edit before it syncs: a
// burst of edits goes in one round, and no round competes with the next key
// press for the page's thread.
const editSettle = time.Second

var background = &syncer{
	status: feed{value: SyncStatus{State: syncSyncing}},
	kick:   make(chan struct{}, 1),
}

// start runs the loop once per page load: at once, when asked (Kick), when
// the browser comes back online, and every syncInterval. It also has the
// export module kept for offline use (keepModulesOffline).
func (s *syncer) start() {
	s.once.Do(func() {
		if currentAnnotator() == "" { // nothing to sync until someone signs in
			s.setStatus(SyncStatus{State: syncSignIn})
		}
		keepModulesOffline()
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
// onPulled with the articles whose revisions a pull brought and those
// revisions, until the returned function is called. Either may be nil.
func (s *syncer) subscribe(onStatus func(SyncStatus), onPulled func([]string, []annotations.Revision)) (unsubscribe func()) {
	unStatus, unPulled := func() {}, func() {}
	if onStatus != nil {
		unStatus = s.status.subscribe(func(v any) { onStatus(v.(SyncStatus)) })
		onStatus(s.currentStatus())
	}
	if onPulled != nil {
		unPulled = s.pulled.subscribe(func(v any) { c := v.(pulledChange); onPulled(c.articleIDs, c.revs) })
	}
	return func() {
		unStatus()
		unPulled()
	}
}

func (s *syncer) setStatus(st SyncStatus) { s.status.set(st) }

// currentStatus returns the status last set.
func (s *syncer) currentStatus() SyncStatus { return s.status.get().(SyncStatus) }

func (s *syncer) notifyPulled(ids []string, revs []annotations.Revision) {
	s.pulled.send(pulledChange{ids, revs})
}

// localChange records that this device made a change: the pending count
// grows at once, and the loop runs once edits pause for editSettle.
func (s *syncer) localChange() {
	st := s.currentStatus()
	s.mu.Lock()
	if s.settle != nil {
		s.settle.Stop()
	}
	s.settle = time.AfterFunc(editSettle, s.Kick)
	s.mu.Unlock()
	st.Pending++
	if st.State == syncSynced {
		st.State = syncPending
	}
	s.setStatus(st)
}

// signedIn notes that a user just signed in (the server confirmed who) and
// runs the loop, which sends what they have pending.
func (s *syncer) signedIn() {
	s.mu.Lock()
	s.meChecked = time.Now()
	s.mu.Unlock()
	s.Kick()
}

// meCheckEvery is how often checkMe asks the server again: a project the
// user was added to (or a new role) reaches the device within it.
const meCheckEvery = 5 * time.Minute

// checkMe asks the server, when the page loads and then every
// meCheckEvery, who is signed in, and keeps the user's account as the
// server has it (a new display name, their projects and roles). It
// reports false when the server does not take the session as annotator's
// (it ended, or it is another user's): nothing is sent then. Offline, or
// when the server fails, the round goes on and meets the same problem.
func (s *syncer) checkMe(annotator string) bool {
	s.mu.Lock()
	checked := s.meChecked
	s.mu.Unlock()
	if !checked.IsZero() && time.Since(checked) < meCheckEvery {
		return true
	}
	me, err := apiClient.Me(context.Background())
	switch {
	case errors.Is(err, replica.ErrUnauthenticated):
		return false
	case err != nil:
		return true
	case me.User.Annotator != annotator:
		return false
	}
	storeMe(me)
	s.mu.Lock()
	s.meChecked = time.Now()
	s.mu.Unlock()
	return true
}

// runOnce runs one round of sync for the signed-in user and reports the
// outcome.
func (s *syncer) runOnce() {
	store := idbStore{}
	annotator := currentAnnotator()
	pending, err := replica.CountPending(store, annotator)
	if err != nil {
		s.setStatus(SyncStatus{State: syncError, Message: err.Error()})
		return
	}
	if annotator == "" {
		endPendingSignOut()
	}
	if annotator == "" || !s.checkMe(annotator) {
		s.setStatus(SyncStatus{State: syncSignIn, Pending: pending})
		return
	}
	if pending > 0 {
		s.setStatus(SyncStatus{State: syncSyncing, Pending: pending})
	}
	me, _ := storedMe()
	out := replica.Round(context.Background(), store, listingServer{apiClient}, annotator, alsoPulled(me)...)
	if len(out.Pulled) > 0 || len(out.Revisions) > 0 { // a project's schema has no article
		s.notifyPulled(out.Pulled, out.Revisions)
	}
	problem := out.Err
	left, err := replica.CountPending(store, annotator)
	if err != nil {
		problem = err
	}
	st := SyncStatus{State: syncSynced, Pending: left}
	switch {
	case errors.Is(problem, errOffline):
		st.State, st.Message = syncOffline, "The server cannot be reached; changes are kept on this device."
	case errors.Is(problem, replica.ErrUnauthenticated):
		st.State = syncSignIn
		s.mu.Lock()
		s.meChecked = time.Time{} // ask again once the user signs in
		s.mu.Unlock()
	case problem != nil:
		st.State, st.Message = syncError, problem.Error()
		// A change refused may be one of a role the user lost (a manager
		// took them out of a project): ask who they are at the next round.
		s.mu.Lock()
		s.meChecked = time.Time{}
		s.mu.Unlock()
	case left > 0:
		st.State = syncPending
	}
	s.setStatus(st)
}

// listingServer is the server a round syncs with: the API client, whose
// upload of an article added in a project other than Default
// (localArticle.Project) also puts it on that project's list, so that the
// list waits in the queue the upload does (the device's unsent articles),
// offline too. The upload counts as done once the article is on the list;
// until then the next round sends both again. When the server refuses to
// list it (the user no longer manages the project), the round says so
// once, and the next uploads the article on no list.
type listingServer struct{ *replica.Client }

// PostArticle uploads a and puts it on the list of the project it joins.
func (s listingServer) PostArticle(ctx context.Context, a annotations.Article) (annotations.Article, error) {
	got, err := s.Client.PostArticle(ctx, a)
	if err != nil {
		return got, err
	}
	l, ok, err := getArticle(a.ID)
	if err != nil || !ok || l.Project == "" {
		return got, err
	}
	project := l.Project
	err = s.Client.SetProjectArticle(ctx, project, a.ID, true)
	var se *replica.ServerError
	if errors.As(err, &se) && se.Status < 500 && !errors.Is(err, replica.ErrUnauthenticated) {
		l.Project = ""
		if e := putArticleMeta(l); e != nil {
			return got, e
		}
		err = fmt.Errorf("the server has it, but not on the list of the project %s: %w", project, err)
	}
	return got, err
}
