package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/agreement"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// agreementWait is how long a request for the agreement waits for its
// computation before it answers 202 with the progress.
var agreementWait = time.Second

// agreementProjects caps the projects whose tallies the server keeps; the
// least recently asked is dropped first.
const agreementProjects = 16

// agreementTimeout bounds one computation, which runs on after its
// request answered 202.
const agreementTimeout = 30 * time.Minute

// AgreementTallies is what an agreement report of one project is made
// from: each article's tally (agreement.Tally), under the heads of the sets
// it was made of. Update brings it up to date; the zero value is empty.
// It is not safe for concurrent use.
type AgreementTallies struct {
	// seq is the newest revision seen; heads are the sets' heads by
	// article and annotator, the gold sets left out; articles lists their
	// IDs, sorted.
	seq      int64
	heads    map[string]map[string]int64
	articles []string
	kept     map[string]keptTally // by article ID
	// report is the last one, combined from the tallies kept now.
	report   agreement.Report
	combined bool
}

// keptTally is an article's tally and the key of the heads it was made
// from (articleKey).
type keptTally struct {
	key   string
	tally agreement.ArticleTally
}

// articleKey identifies the state of an article's sets: each annotator's
// head, by annotator.
func articleKey(heads map[string]int64) string {
	names := make([]string, 0, len(heads))
	for name := range heads {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, name := range names {
		b.WriteString(strconv.Quote(name))
		b.WriteByte('@')
		b.WriteString(strconv.FormatInt(heads[name], 10))
		b.WriteByte(' ')
	}
	return b.String()
}

// Update returns the agreement report of the project's sets in store: over
// the articles that at least two annotators (not the gold annotator)
// marked done, with their done sets only, in article ID order. It asks the
// store for the sets with revisions since the last Update
// (Store.SetHeads), tallies again the articles whose sets changed (reading
// their sets; an article with fewer than two sets is skipped without
// reading any), and combines every article's tally. progress, when not
// nil, is called with the articles tallied so far out of those to tally.
// An error leaves what was tallied before it kept.
func (t *AgreementTallies) Update(ctx context.Context, store Store, project string, progress func(done, total int)) (agreement.Report, error) {
	changed, err := store.SetHeads(ctx, annotations.ProjectField(project), t.seq)
	if err != nil {
		return agreement.Report{}, err
	}
	if t.heads == nil {
		t.heads, t.kept = map[string]map[string]int64{}, map[string]keptTally{}
	}
	added := false
	for _, h := range changed {
		t.seq = max(t.seq, h.Seq)
		if h.Set.Annotator == annotations.GoldAnnotator {
			continue
		}
		a := t.heads[h.Set.ArticleID]
		if a == nil {
			a = map[string]int64{}
			t.heads[h.Set.ArticleID] = a
			t.articles = append(t.articles, h.Set.ArticleID)
			added = true
		}
		a[h.Set.Annotator] = h.Seq
	}
	if added {
		slices.Sort(t.articles)
	}
	// Stale: changed now, or not tallied after an earlier change (an
	// Update cut short).
	var stale []string
	keys := map[string]string{}
	for _, id := range t.articles {
		if k := articleKey(t.heads[id]); t.kept[id].key != k {
			stale = append(stale, id)
			keys[id] = k
		}
	}
	tallies, err := tallyArticles(ctx, store, project, stale, t.heads, progress)
	for i, id := range stale {
		if tallies[i] != nil {
			t.kept[id] = keptTally{key: keys[id], tally: *tallies[i]}
		}
	}
	if err != nil {
		t.combined = false // the tallies kept are newer than the report
		return agreement.Report{}, err
	}
	if len(stale) > 0 || !t.combined {
		tallies := make([]agreement.ArticleTally, len(t.articles))
		for i, id := range t.articles {
			tallies[i] = t.kept[id].tally
		}
		t.report, t.combined = agreement.Combine(tallies), true
	}
	return withTitles(ctx, store, project, t.report)
}

// tallyArticles tallies the articles ids, as many at a time as there are
// processors, and returns their tallies (nil for those not tallied, after
// an error) and the first error. progress, when not nil, is called with
// the articles tallied so far, one call at a time.
func tallyArticles(ctx context.Context, store Store, project string, ids []string, heads map[string]map[string]int64, progress func(done, total int)) ([]*agreement.ArticleTally, error) {
	out := make([]*agreement.ArticleTally, len(ids))
	var (
		mu    sync.Mutex // guards done, first and progress's calls
		done  int
		first error
	)
	if progress != nil {
		progress(0, len(ids))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ids)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(ids) || ctx.Err() != nil {
					return
				}
				tally, err := tallyArticle(ctx, store, ids[i], heads[ids[i]], project)
				mu.Lock()
				if err != nil {
					if first == nil {
						first = err
					}
					cancel()
				} else {
					out[i] = &tally
					done++
					if progress != nil {
						progress(done, len(ids))
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return out, first
}

// tallyArticle reads an article's sets, whose heads are given by
// annotator, and tallies its done ones.
func tallyArticle(ctx context.Context, store Store, id string, heads map[string]int64, project string) (agreement.ArticleTally, error) {
	if len(heads) < 2 { // cannot have two done sets: nothing to read
		return agreement.Tally(agreement.ArticleSets{Article: annotations.Article{ID: id}}), nil
	}
	article, err := store.Article(ctx, id)
	if err != nil {
		return agreement.ArticleTally{}, fmt.Errorf("agreement: read article %s: %w", id, err)
	}
	var done []annotations.Set
	for annotator := range heads {
		ref := SetRef{Project: annotations.ProjectField(project), ArticleID: id, Annotator: annotator}
		revs, err := store.SetRevisions(ctx, ref)
		if err != nil {
			return agreement.ArticleTally{}, fmt.Errorf("agreement: read the set of %s by %s: %w", id, annotator, err)
		}
		set, err := annotations.BuildSet(ref, revs)
		if err != nil {
			return agreement.ArticleTally{}, fmt.Errorf("agreement: resolve the set of %s by %s: %w", id, annotator, err)
		}
		if set.State() == annotations.WorkDone {
			done = append(done, set)
		}
	}
	return agreement.Tally(agreement.ArticleSets{Article: article, Sets: done}), nil
}

// withTitles returns r with its articles' titles as they are now (a
// tally keeps the title the article had when tallied).
func withTitles(ctx context.Context, store Store, project string, r agreement.Report) (agreement.Report, error) {
	if len(r.Articles) == 0 {
		return r, nil
	}
	var list []ArticleSummary
	var err error
	if project == api.DefaultProject {
		list, err = store.Articles(ctx)
	} else {
		list, err = store.ProjectArticles(ctx, project)
	}
	if err != nil {
		return r, err
	}
	titles := make(map[string]string, len(list))
	for _, a := range list {
		titles[a.ID] = a.Title
	}
	r.Articles = slices.Clone(r.Articles) // r's may be written out by another request
	for i, a := range r.Articles {
		if title, ok := titles[a.ArticleID]; ok {
			r.Articles[i].Title = title
		}
	}
	return r, nil
}

// ComputeAgreement returns the agreement report of the project's sets in
// store, from scratch (AgreementTallies.Update); gloss agreement runs it.
func ComputeAgreement(ctx context.Context, store Store, project string, progress func(done, total int)) (agreement.Report, error) {
	var t AgreementTallies
	return t.Update(ctx, store, project, progress)
}

// keptAgreement is a project's report as the store keeps it (Results),
// with the newest revision of the project it was computed from, and the
// agreementFormat it was computed by.
type keptAgreement struct {
	Format int              `json:"format,omitempty"`
	Seq    int64            `json:"seq"`
	Report agreement.Report `json:"report"`
}

// agreementFormat numbers how reports are computed and written: a report
// kept by a release of another number is computed again. 2: the tokens of
// soft and no-break hyphens, zero-width spaces and full-width sentence
// ends, and empty lists as [] (December 2026; 0, absent, before). 3: a
// Han ideograph a token.
const agreementFormat = 3

// agreementResult is the key of a project's report among the store's
// results.
func agreementResult(project string) string { return "agreement/" + project }

// keptReport returns the project's report that the store keeps when no
// set of the project changed since it was computed.
func keptReport(ctx context.Context, store Store, project string) (agreement.Report, bool, error) {
	_, value, err := store.Result(ctx, agreementResult(project))
	if errors.Is(err, ErrNotFound) {
		return agreement.Report{}, false, nil
	}
	if err != nil {
		return agreement.Report{}, false, err
	}
	var kept keptAgreement
	if err := json.Unmarshal(value, &kept); err != nil || kept.Format != agreementFormat {
		return agreement.Report{}, false, nil // of another version: computed again
	}
	changed, err := store.SetHeads(ctx, annotations.ProjectField(project), kept.Seq)
	if err != nil || len(changed) > 0 {
		return agreement.Report{}, false, err
	}
	return kept.Report, true, nil
}

// agreementOnce returns the project's report: the one the store keeps when
// nothing changed since (another replica's, or this one's before a
// restart), else the one tallies computes (AgreementTallies.Update), under
// Store.Exclusively, so that replicas asked at once compute it once, and
// kept for the others.
func agreementOnce(ctx context.Context, store Store, project string, tallies *AgreementTallies, progress func(done, total int)) (agreement.Report, error) {
	var report agreement.Report
	err := store.Exclusively(ctx, agreementResult(project), func(ctx context.Context) error {
		r, ok, err := keptReport(ctx, store, project)
		if err != nil {
			return err
		}
		if ok {
			report, err = withTitles(ctx, store, project, r)
			return err
		}
		if report, err = tallies.Update(ctx, store, project, progress); err != nil {
			return err
		}
		value, err := json.Marshal(keptAgreement{Format: agreementFormat, Seq: tallies.seq, Report: report})
		if err != nil {
			return err
		}
		return store.PutResult(ctx, agreementResult(project), strconv.FormatInt(tallies.seq, 10), value)
	})
	return report, err
}

// agreementCache keeps each project's tallies in memory and runs at most
// one computation per project at a time.
type agreementCache struct {
	mu       sync.Mutex
	projects map[string]*projectAgreement
	clock    int64 // counts the requests, for the least recently asked
}

// projectAgreement is one project's tallies and its computation.
type projectAgreement struct {
	// tallies belong to the running job, and to nobody while none runs.
	tallies AgreementTallies
	job     *agreementJob // the running or last computation
	used    int64         // the clock when it was last asked for
}

// agreementJob is one computation of a project's report.
type agreementJob struct {
	done    chan struct{} // closed when report and err are set
	tallied atomic.Int64  // articles tallied so far
	total   atomic.Int64  // articles to tally
	report  agreement.Report
	err     error
}

// finished reports whether the job is over.
func (j *agreementJob) finished() bool {
	select {
	case <-j.done:
		return true
	default:
		return false
	}
}

// progress returns the job's progress as the API sends it.
func (j *agreementJob) progress() api.AgreementPending {
	return api.AgreementPending{Progress: api.Count{Done: int(j.tallied.Load()), Total: int(j.total.Load())}}
}

// job returns the running computation of the project, or starts one.
func (c *agreementCache) job(store Store, project string) *agreementJob {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.projects == nil {
		c.projects = map[string]*projectAgreement{}
	}
	c.clock++
	p := c.projects[project]
	if p == nil {
		c.evict()
		p = &projectAgreement{}
		c.projects[project] = p
	}
	p.used = c.clock
	if p.job != nil && !p.job.finished() {
		return p.job
	}
	j := &agreementJob{done: make(chan struct{})}
	p.job = j
	go func() {
		defer close(j.done)
		ctx, cancel := context.WithTimeout(context.Background(), agreementTimeout)
		defer cancel()
		j.report, j.err = agreementOnce(ctx, store, project, &p.tallies, func(done, total int) {
			j.tallied.Store(int64(done))
			j.total.Store(int64(total))
		})
	}()
	return j
}

// evict drops the least recently asked project without a running
// computation when the cache is full. c.mu is held.
func (c *agreementCache) evict() {
	if len(c.projects) < agreementProjects {
		return
	}
	oldest := ""
	for id, p := range c.projects {
		if p.job != nil && !p.job.finished() {
			continue
		}
		if oldest == "" || p.used < c.projects[oldest].used {
			oldest = id
		}
	}
	delete(c.projects, oldest)
}

// agreementFormats are the values of the agreement's format parameter.
var agreementFormats = []string{"json", "csv"}

// agreement answers GET /api/v1/projects/{id}/agreement (curators,
// managers and admins): the project's agreement.Report as JSON, or as CSV
// with format=csv (agreement.WriteCSV). The report is computed by one
// computation per project at a time, in the background; a request waits
// for it up to agreementWait, then answers 202 with its progress
// (api.AgreementPending) and Retry-After: 1 while it goes on: the client
// asks again. A request that finds a computation running waits for that
// one, so its report may lack what changed after that one began.
func (s *Server) agreement(w http.ResponseWriter, r *http.Request) {
	q, err := singleParams(r, []string{"format"})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := q["format"]
	if format == "" {
		format = "json"
	}
	if !slices.Contains(agreementFormats, format) {
		s.fail(w, r, api.Errorf(api.CodeInvalid, "format %q: the agreement is json or csv", format))
		return
	}
	a, p, err := s.projectAccess(r.Context(), callerOf(r).user, r.PathValue("id"))
	if err == nil && !a.CanCurate() {
		err = api.Errorf(api.CodeForbidden, "only the project's curators and managers see its agreement")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	job := s.agreements.job(s.store, p.ID)
	timer := time.NewTimer(agreementWait)
	defer timer.Stop()
	select {
	case <-job.done:
	case <-timer.C:
		w.Header().Set("Retry-After", "1")
		s.respond(w, http.StatusAccepted, job.progress())
		return
	case <-r.Context().Done():
		return
	}
	if job.err != nil {
		s.fail(w, r, job.err)
		return
	}
	if format == "json" {
		s.respond(w, http.StatusOK, job.report)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="gloss-agreement-`+p.ID+`.csv"`)
	if err := agreement.WriteCSV(w, job.report); err != nil {
		s.log.Info("agreement CSV cut short", "err", err)
	}
}
