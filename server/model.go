package server

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/suggest"
)

// maxModelSets caps the sets the server's tagger trains on: those changed
// last. Training costs about 2 ms a set natively, so a request that trains
// answers within a second or so however large the project.
const maxModelSets = 400

// modelProjects caps the projects whose model the server keeps; the least
// recently asked is dropped first.
const modelProjects = 16

// modelFormat names how a model is made from a project's sets; a change of
// it (of the examples, of their tokens, or of what the ETag covers)
// changes every ETag. 2: the tokens of December 2026 (formats.Tokens); 3:
// a Han ideograph a token.
const modelFormat = "gloss-model-3"

// errNoModel answers a project where nothing can teach a model yet.
func errNoModel(blind bool) *api.Error {
	if blind {
		return api.Errorf(api.CodeNoModel, "nothing in the project is curated yet: its annotators do not see each other, so only done gold sets teach its model")
	}
	return api.Errorf(api.CodeNoModel, "nothing in the project is done or curated yet")
}

// model answers GET /api/v1/projects/{id}/model (any member): the
// project's suggest.Model as suggest.Model.MarshalBinary encodes it, with
// the ETag of what it was trained on (modelCache.get); a request whose
// If-None-Match names it gets a 304 without a model being trained. 404
// no_model while nothing teaches one. Answers stay Cache-Control:
// no-store, as every API answer: a device keeps the model itself, with its
// ETag, and sends it back in If-None-Match.
func (s *Server) model(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	_, p, err := s.projectAccess(r.Context(), callerOf(r).user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	etag, model, err := s.models.get(r.Context(), s.store, p, s.opts.Version, r.Header.Get("If-None-Match"), s.log)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("ETag", etag)
	if model == nil {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Length", strconv.Itoa(len(model)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(model)
	}
}

// modelCache keeps each project's model in memory, with what tells which
// of its sets teach it.
type modelCache struct {
	mu       sync.Mutex
	projects map[string]*projectModel
	clock    int64 // counts the requests, for the least recently asked
}

// projectModel is one project's model and the state of its sets.
type projectModel struct {
	used int64 // the cache's clock when last asked; guarded by modelCache.mu

	// training holds a token while a request reads the sets and trains:
	// one training per project at a time.
	training chan struct{}

	mu sync.Mutex // guards the rest
	// seq is the newest revision seen: everything up to it is in heads
	// and statuses.
	seq      int64
	heads    map[SetRef]int64
	statuses map[SetRef][]annotations.Revision
	done     map[SetRef]bool
	// etag and model are the last model trained, and its ETag.
	etag  string
	model []byte
}

// project returns the project's entry, made now when there is none: when
// modelProjects are kept, the least recently asked of those not training
// is dropped first.
func (c *modelCache) project(id string) *projectModel {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.projects == nil {
		c.projects = map[string]*projectModel{}
	}
	c.clock++
	pm := c.projects[id]
	if pm == nil {
		if len(c.projects) >= modelProjects {
			oldest := ""
			for id, p := range c.projects {
				if len(p.training) == 0 && (oldest == "" || p.used < c.projects[oldest].used) {
					oldest = id
				}
			}
			delete(c.projects, oldest) // a request using it goes on with it
		}
		pm = &projectModel{training: make(chan struct{}, 1), heads: map[SetRef]int64{},
			statuses: map[SetRef][]annotations.Revision{}, done: map[SetRef]bool{}}
		c.projects[id] = pm
	}
	pm.used = c.clock
	return pm
}

// get returns the project's model and its ETag, training it when the sets
// that teach it changed since the last (inputs); model is nil when
// ifNoneMatch names the ETag (a 304). The error is errNoModel when no set
// teaches it. At most one request per project trains, with its own
// context; the others wait for it (or for their context to end), then
// take its model, or train the newer one that what changed meanwhile asks
// for. A request whose training fails (its client went away) leaves the
// next waiting request to train.
func (c *modelCache) get(ctx context.Context, store Store, p Project, version, ifNoneMatch string, log *slog.Logger) (etag string, model []byte, err error) {
	pm := c.project(p.ID)
	blind := !p.AnnotatorsSeeEachOther
	training := false
	defer func() {
		if training {
			<-pm.training
		}
	}()
	for {
		if err := pm.refresh(ctx, store, annotations.ProjectField(p.ID)); err != nil {
			return "", nil, err
		}
		used, etag := pm.inputs(blind, version)
		if len(used) == 0 {
			return "", nil, errNoModel(blind)
		}
		if etagMatches(ifNoneMatch, etag) {
			return etag, nil, nil
		}
		if model := pm.cached(etag); model != nil {
			return etag, model, nil
		}
		// Another replica (or this one, before a restart) may have trained
		// it.
		if model, err := keptModel(ctx, store, p.ID, etag); err != nil || model != nil {
			if model != nil {
				pm.keep(etag, model)
			}
			return etag, model, err
		}
		if training {
			model, err := trainOnce(ctx, store, p.ID, etag, used, log)
			if err != nil {
				return "", nil, err
			}
			if model == nil { // every set reopened since: nothing teaches
				return "", nil, errNoModel(blind)
			}
			pm.keep(etag, model)
			return etag, model, nil
		}
		select {
		case pm.training <- struct{}{}:
			training = true // look again: another may have trained it
		case <-ctx.Done():
			return "", nil, ctx.Err()
		}
	}
}

// modelResult is the key of a project's model among the store's results.
func modelResult(project string) string { return "model/" + project }

// keptModel returns the project's model that the store keeps when its
// ETag is etag, else nil.
func keptModel(ctx context.Context, store Store, project, etag string) ([]byte, error) {
	tag, model, err := store.Result(ctx, modelResult(project))
	if errors.Is(err, ErrNotFound) || err == nil && tag != etag {
		return nil, nil
	}
	return model, err
}

// trainOnce trains the project's model of etag from the sets used and
// keeps it in the store, unless the store has it: one replica at a time
// (Store.Exclusively), so that replicas asked at once train it once. The
// model is nil when no set teaches any more.
func trainOnce(ctx context.Context, store Store, project, etag string, used []SetHead, log *slog.Logger) ([]byte, error) {
	var model []byte
	err := store.Exclusively(ctx, modelResult(project), func(ctx context.Context) error {
		var err error
		if model, err = keptModel(ctx, store, project, etag); err != nil || model != nil {
			return err
		}
		start := time.Now()
		var articles int
		if model, articles, err = trainModel(ctx, store, used); err != nil || model == nil {
			return err
		}
		log.Info("model trained", "project", project, "sets", len(used), "articles", articles, "bytes", len(model), "took", time.Since(start).Round(time.Millisecond))
		return store.PutResult(ctx, modelResult(project), etag, model)
	})
	return model, err
}

// refresh brings the project's set heads and done states up to date: the
// sets with revisions since the last refresh (Store.SetHeads), and the
// status revisions up to the newest of those (Store.StatusRevisions), so
// that none is missed whatever is committed between the two reads.
// Concurrent refreshes merge: a head only grows, a status revision counts
// once, and seq only moves past what was merged.
func (pm *projectModel) refresh(ctx context.Context, store Store, project string) error {
	pm.mu.Lock()
	after := pm.seq
	pm.mu.Unlock()
	heads, err := store.SetHeads(ctx, project, after)
	if err != nil {
		return err
	}
	through := after
	for _, h := range heads {
		through = max(through, h.Seq)
	}
	if through == after {
		return nil
	}
	statuses, err := store.StatusRevisions(ctx, project, after, through)
	if err != nil {
		return err
	}
	pm.mu.Lock()
	defer pm.mu.Unlock()
	for _, h := range heads {
		pm.heads[h.Set] = max(pm.heads[h.Set], h.Seq)
	}
	touched := map[SetRef]bool{}
	for _, r := range statuses {
		k := r.Key()
		if r.Item != annotations.StatusItemID(k) || slices.ContainsFunc(pm.statuses[k], func(o annotations.Revision) bool { return o.ID == r.ID }) {
			continue
		}
		pm.statuses[k] = append(pm.statuses[k], r)
		touched[k] = true
	}
	for k := range touched {
		done, err := statusDone(k, pm.statuses[k])
		if err != nil {
			return err // seq stays: the next refresh reads these again
		}
		pm.done[k] = done
	}
	pm.seq = max(pm.seq, through)
	return nil
}

// statusDone reports whether the status revisions of the set k make it
// done, as annotations.Set.State says: its status item's winner, when
// live, holds WorkDone.
func statusDone(k SetRef, revs []annotations.Revision) (bool, error) {
	for _, st := range annotations.Resolve(revs) {
		if st.Winner.Deleted || st.Winner.Kind != annotations.KindStatus {
			continue
		}
		status, err := st.Winner.Status()
		if err != nil {
			return false, fmt.Errorf("the state of %q's set of article %s: %w", k.Annotator, k.ArticleID, err)
		}
		return status.State == annotations.WorkDone, nil
	}
	return false, nil
}

// inputs returns the sets that teach the project's model, with their
// heads, by article and annotator, and the model's ETag. An article
// teaches with its gold set when that is done (curated), else with each
// of its annotators' done sets; in a blind project (blind: annotators do
// not see each other) only done gold sets teach, since the suggestions
// would otherwise show an annotator what the others tagged. The ETag is a
// hash of the sets and their heads (revisions are only ever added, so a
// set's head names its content), of blind, of the training's constants
// and of the server's version: the same for the same model.
func (pm *projectModel) inputs(blind bool, version string) ([]SetHead, string) {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	curated := map[string]bool{}
	for k, done := range pm.done {
		if done && k.Annotator == annotations.GoldAnnotator {
			curated[k.ArticleID] = true
		}
	}
	var used []SetHead
	for k, done := range pm.done {
		gold := k.Annotator == annotations.GoldAnnotator
		if done && (gold || !blind && !curated[k.ArticleID]) {
			used = append(used, SetHead{Set: k, Seq: pm.heads[k]})
		}
	}
	slices.SortFunc(used, func(a, b SetHead) int {
		return cmp.Or(strings.Compare(a.Set.ArticleID, b.Set.ArticleID), strings.Compare(a.Set.Annotator, b.Set.Annotator))
	})
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%q\n%d %d %t\n", modelFormat, version, suggest.DefaultEpochs, suggest.DefaultSeed, blind)
	for _, u := range used {
		fmt.Fprintf(h, "%q %q %d\n", u.Set.ArticleID, u.Set.Annotator, u.Seq)
	}
	return used, `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
}

// cached returns the model kept when its ETag is etag, else nil.
func (pm *projectModel) cached(etag string) []byte {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	if pm.etag == etag {
		return pm.model
	}
	return nil
}

// keep makes model, of etag, the project's.
func (pm *projectModel) keep(etag string, model []byte) {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	pm.etag, pm.model = etag, model
}

// trainModel reads the sets used (in article order) and their articles,
// and trains the model they teach: each set done still is an example of
// suggest.Train and adds its mentions to the gazetteer. It returns the
// model's binary form (nil when none of the sets is done any more: reopened
// since they were listed) and how many articles taught it. A set read
// may hold revisions newer than its head in used: its next request sees
// the newer head and trains again.
func trainModel(ctx context.Context, store Store, used []SetHead) ([]byte, int, error) {
	var examples []suggest.Example
	// The sets changed last train the tagger; every set adds to the
	// gazetteer.
	trains := map[SetRef]bool{}
	if len(used) > maxModelSets {
		last := slices.Clone(used)
		slices.SortFunc(last, func(a, b SetHead) int { return cmp.Compare(b.Seq, a.Seq) })
		for _, u := range last[:maxModelSets] {
			trains[u.Set] = true
		}
	}
	g := suggest.Gazetteer{}
	var article annotations.Article
	var text []rune
	articles := 0
	lastTaught := ""
	for _, u := range used {
		if u.Set.ArticleID != article.ID {
			var err error
			if article, err = store.Article(ctx, u.Set.ArticleID); err != nil {
				return nil, 0, fmt.Errorf("model: read article %s: %w", u.Set.ArticleID, err)
			}
			text = []rune(article.Text)
		}
		revs, err := store.SetRevisions(ctx, u.Set)
		if err != nil {
			return nil, 0, fmt.Errorf("model: read the set of %s by %s: %w", u.Set.ArticleID, u.Set.Annotator, err)
		}
		set, err := annotations.BuildSet(u.Set, revs)
		if err != nil {
			return nil, 0, fmt.Errorf("model: resolve the set of %s by %s: %w", u.Set.ArticleID, u.Set.Annotator, err)
		}
		if set.State() != annotations.WorkDone {
			continue
		}
		if len(trains) == 0 || trains[u.Set] {
			examples = append(examples, suggest.Example{Text: text, Mentions: set.Entities})
		}
		g.AddMentions(set.Entities)
		if lastTaught != u.Set.ArticleID {
			lastTaught = u.Set.ArticleID
			articles++
		}
	}
	if len(examples) == 0 {
		return nil, 0, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	m := &suggest.Model{Tagger: suggest.Train(examples, suggest.DefaultEpochs, suggest.DefaultSeed), Gazetteer: g, Articles: articles}
	b, err := m.MarshalBinary()
	return b, articles, err
}
