package server

import (
	"context"
	"fmt"
	"net/http"
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
	kept map[string]keptTally // by article ID
	// key and report are the last report's, key the keys of all its
	// articles: the same key, the same report. combined tells whether
	// there is one.
	key      string
	report   agreement.Report
	combined bool
}

// keptTally is an article's tally and the heads it was made from.
type keptTally struct {
	key   string
	tally agreement.ArticleTally
}

// articleHeads is an article and the heads of its sets but the gold set.
type articleHeads struct {
	id    string
	heads []SetHead
}

// key identifies the state of the article's sets: each annotator's head.
func (a articleHeads) key() string {
	var b strings.Builder
	for _, h := range a.heads {
		b.WriteString(strconv.Quote(h.Set.Annotator))
		b.WriteByte('@')
		b.WriteString(strconv.FormatInt(h.Seq, 10))
		b.WriteByte(' ')
	}
	return b.String()
}

// Update returns the agreement report of the project's sets in store: over
// the articles that at least two annotators (not the gold annotator)
// marked done, with their done sets only. It reads the heads of the
// project's sets, tallies again only the articles whose sets changed since
// the last Update (reading their sets; an article with fewer than two sets
// is skipped without reading any), drops the tallies of articles that have
// no set any more, and combines them all, the articles in ID order.
// progress, when not nil, is called with the articles tallied so far out
// of those to tally. An error leaves what was tallied before it kept.
func (t *AgreementTallies) Update(ctx context.Context, store Store, project string, progress func(done, total int)) (agreement.Report, error) {
	heads, err := store.SetHeads(ctx, annotations.ProjectField(project))
	if err != nil {
		return agreement.Report{}, err
	}
	var articles []articleHeads
	for _, h := range heads {
		if h.Set.Annotator == annotations.GoldAnnotator {
			continue
		}
		if n := len(articles); n == 0 || articles[n-1].id != h.Set.ArticleID {
			articles = append(articles, articleHeads{id: h.Set.ArticleID})
		}
		a := &articles[len(articles)-1]
		a.heads = append(a.heads, h)
	}
	if t.kept == nil {
		t.kept = map[string]keptTally{}
	}
	var stale []int
	current := make(map[string]bool, len(articles))
	var all strings.Builder
	for i, a := range articles {
		current[a.id] = true
		k := a.key()
		if t.kept[a.id].key != k || t.kept[a.id].key == "" {
			stale = append(stale, i)
		}
		all.WriteString(a.id)
		all.WriteByte(':')
		all.WriteString(k)
		all.WriteByte('\n')
	}
	for id := range t.kept {
		if !current[id] {
			delete(t.kept, id)
		}
	}
	if progress != nil {
		progress(0, len(stale))
	}
	for n, i := range stale {
		a := articles[i]
		tally, err := tallyArticle(ctx, store, a)
		if err != nil {
			return agreement.Report{}, err
		}
		t.kept[a.id] = keptTally{key: a.key(), tally: tally}
		if progress != nil {
			progress(n+1, len(stale))
		}
	}
	if key := all.String(); !t.combined || key != t.key {
		tallies := make([]agreement.ArticleTally, len(articles))
		for i, a := range articles {
			tallies[i] = t.kept[a.id].tally
		}
		t.report, t.key, t.combined = agreement.Combine(tallies), key, true
	}
	return withTitles(ctx, store, project, t.report)
}

// tallyArticle reads an article's sets and tallies its done ones.
func tallyArticle(ctx context.Context, store Store, a articleHeads) (agreement.ArticleTally, error) {
	if len(a.heads) < 2 { // cannot have two done sets: nothing to read
		return agreement.Tally(agreement.ArticleSets{Article: annotations.Article{ID: a.id}}), nil
	}
	article, err := store.Article(ctx, a.id)
	if err != nil {
		return agreement.ArticleTally{}, fmt.Errorf("agreement: read article %s: %w", a.id, err)
	}
	var done []annotations.Set
	for _, h := range a.heads {
		revs, err := store.SetRevisions(ctx, h.Set)
		if err != nil {
			return agreement.ArticleTally{}, fmt.Errorf("agreement: read the set of %s by %s: %w", a.id, h.Set.Annotator, err)
		}
		set, err := annotations.BuildSet(h.Set, revs)
		if err != nil {
			return agreement.ArticleTally{}, fmt.Errorf("agreement: resolve the set of %s by %s: %w", a.id, h.Set.Annotator, err)
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
		j.report, j.err = p.tallies.Update(ctx, store, project, func(done, total int) {
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
// (api.AgreementPending) while it goes on: the client asks again. A
// request that finds a computation running waits for that one.
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
