package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/agreement"
	"github.com/gloss-annotate/gloss/annotations/agreement/agreementtest"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

func init() {
	authzRows = append(authzRows, authzRow{"GET " + api.AgreementPath("{id}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		return api.AgreementPath(api.DefaultProject), "", ""
	}, statuses(403, map[string]int{manager: 200, curator: 200, admin: 200, outsider: 404})})
}

// setRevisions returns agreementtest.Revisions, failing on an error.
func setRevisions(t testing.TB, project string, s annotations.Set, state annotations.WorkState) []annotations.Revision {
	t.Helper()
	revs, err := agreementtest.Revisions(project, s, state)
	if err != nil {
		t.Fatal(err)
	}
	return revs
}

// agreementProject stores n synthetic articles (agreementtest.Project)
// and their sets in project, each marked with the state states gives it
// ("" for none), and returns what the agreement should count: each
// article with its done sets, by article ID.
func agreementProject(t testing.TB, store server.Store, project string, n int, states func(article, set int) annotations.WorkState) []agreement.ArticleSets {
	t.Helper()
	articles, sets := agreementtest.Project(n)
	var revs []annotations.Revision
	var want []agreement.ArticleSets
	for i, a := range articles {
		w := agreement.ArticleSets{Article: a}
		for j, s := range sets[i] {
			state := states(i, j)
			revs = append(revs, setRevisions(t, project, s, state)...)
			if state == annotations.WorkDone {
				w.Sets = append(w.Sets, s)
			}
		}
		want = append(want, w)
	}
	if _, err := store.Import(context.Background(), articles, revs); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(want, func(a, b agreement.ArticleSets) int { return strings.Compare(a.Article.ID, b.Article.ID) })
	return want
}

// allDone marks every set done.
func allDone(article, set int) annotations.WorkState { return annotations.WorkDone }

// reportOf decodes a 200 answer's report.
func reportOf(t *testing.T, r response) agreement.Report {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", r.status, r.body)
	}
	var rep agreement.Report
	decode(t, r, &rep)
	return rep
}

// sameReport fails when got is not want (as JSON, where NaN is null).
func sameReport(t *testing.T, got, want agreement.Report) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) {
		t.Errorf("report (-want +got):\n%s", cmp.Diff(string(w), string(g)))
	}
}

// TestAgreement: the report counts the articles two annotators or more
// marked done, with their done sets only, never the gold set; it is the
// report agreement.Compute makes of the same sets.
func TestAgreement(t *testing.T) {
	e := newEnv(t, server.Options{})
	// Article 0: all three done; 1: two done, one in progress; 2: one
	// done, one skipped, one with no status; 3: all done.
	states := func(article, set int) annotations.WorkState {
		switch {
		case article == 1 && set == 2:
			return annotations.WorkInProgress
		case article == 2 && set == 1:
			return annotations.WorkSkipped
		case article == 2 && set == 2:
			return ""
		}
		return annotations.WorkDone
	}
	want := agreementProject(t, e.store, "", 4, func(article, set int) annotations.WorkState {
		s := states(article, set)
		if s == annotations.WorkSkipped {
			return "" // a skipped set needs a reason: stored below
		}
		return s
	})
	_, sets := agreementtest.Project(4)
	skipped, err := annotations.NewStatusRevision("", sets[2][1].Key(), annotations.StatusItem{State: annotations.WorkSkipped, Reason: "off topic"})
	if err != nil {
		t.Fatal(err)
	}
	// A gold set, done, on article 0: not an annotator's.
	gold := sets[0][0]
	gold.Annotator = annotations.GoldAnnotator
	revs := append(setRevisions(t, "", gold, annotations.WorkDone), skipped)
	if _, err := e.store.Import(context.Background(), nil, revs); err != nil {
		t.Fatal(err)
	}

	cy := e.as(t, "cy")
	if err := e.store.SetMember(context.Background(), api.DefaultProject, cy.user.ID, api.RoleCurator); err != nil {
		t.Fatal(err)
	}
	got := reportOf(t, cy.do(t, "GET", api.AgreementPath(api.DefaultProject), "", ""))
	sameReport(t, got, agreement.Compute(want))
	if got.Overall.Articles != 3 || len(got.Skipped) != 1 || len(got.Overall.Annotators) != 3 {
		t.Errorf("report over %d articles by %v, %d skipped: want 3 articles by 3 annotators (no gold), 1 skipped", got.Overall.Articles, got.Overall.Annotators, len(got.Skipped))
	}
}

// watchedStore counts the reads of the agreement, and can hold them.
type watchedStore struct {
	server.Store
	mu           sync.Mutex
	heads, reads int           // SetHeads and SetRevisions calls
	gate         chan struct{} // when not nil, SetRevisions waits for it to close
	fail         string        // SetRevisions fails for this article's sets
}

func (w *watchedStore) SetHeads(ctx context.Context, project string, after int64) ([]server.SetHead, error) {
	w.mu.Lock()
	w.heads++
	w.mu.Unlock()
	return w.Store.SetHeads(ctx, project, after)
}

func (w *watchedStore) SetRevisions(ctx context.Context, set server.SetRef) ([]annotations.Revision, error) {
	w.mu.Lock()
	w.reads++
	gate, fail := w.gate, w.fail
	w.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if set.ArticleID == fail {
		return nil, errors.New("disk on fire")
	}
	return w.Store.SetRevisions(ctx, set)
}

// counts returns the calls so far, and starts counting from 0.
func (w *watchedStore) counts() (heads, reads int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	heads, reads = w.heads, w.reads
	w.heads, w.reads = 0, 0
	return heads, reads
}

// watch makes e's handler serve from a watchedStore over its store.
func (e *env) watch() *watchedStore {
	w := &watchedStore{Store: e.store}
	e.handler = server.NewHandler(w, server.Options{Logger: discardLogger(), Web: testWeb(), Hosts: []string{testHost}})
	return w
}

// TestAgreementUpdated: when one set changes, only its article is read
// again, and the report is the one computed from scratch; when nothing
// changed, no set is read.
func TestAgreementUpdated(t *testing.T) {
	e := newEnv(t, server.Options{})
	watched := e.watch()
	want := agreementProject(t, e.store, "", 5, allDone)
	admin := e.admin(t)
	path := api.AgreementPath(api.DefaultProject)
	sameReport(t, reportOf(t, admin.do(t, "GET", path, "", "")), agreement.Compute(want))
	if heads, reads := watched.counts(); heads != 1 || reads != 15 {
		t.Errorf("first report: %d SetHeads, %d SetRevisions; want 1 and 15 (5 articles × 3 sets)", heads, reads)
	}

	reportOf(t, admin.do(t, "GET", path, "", ""))
	if heads, reads := watched.counts(); heads != 1 || reads != 0 {
		t.Errorf("nothing changed: %d SetHeads, %d SetRevisions; want 1 and 0", heads, reads)
	}

	// One mention of one set deleted.
	changed := want[2].Sets[1]
	ctx := context.Background()
	revs, err := e.store.SetRevisions(ctx, changed.Key())
	if err != nil {
		t.Fatal(err)
	}
	del, err := annotations.NewDeletion(revs[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.Import(ctx, nil, []annotations.Revision{del}); err != nil {
		t.Fatal(err)
	}
	want[2].Sets[1].Entities = slices.DeleteFunc(slices.Clone(changed.Entities), func(x annotations.Entity) bool { return x.ID == revs[0].Item })
	if len(want[2].Sets[1].Entities) != len(changed.Entities)-1 {
		t.Fatalf("revision %s is not one of the set's mentions", revs[0].Item)
	}
	sameReport(t, reportOf(t, admin.do(t, "GET", path, "", "")), agreement.Compute(want))
	// Two SetHeads: one finds the kept report stale, one brings the
	// tallies up to date.
	if heads, reads := watched.counts(); heads != 2 || reads != 3 {
		t.Errorf("one set changed: %d SetHeads, %d SetRevisions; want 2 and 3 (its article's sets)", heads, reads)
	}

	// A new title shows without reading any set.
	if _, err := e.store.UpdateArticle(ctx, want[4].Article.ID, api.ArticlePatch{Title: ptr("Renamed")}); err != nil {
		t.Fatal(err)
	}
	got := reportOf(t, admin.do(t, "GET", path, "", ""))
	if got.Articles[4].Title != "Renamed" {
		t.Errorf("article title %q, want Renamed", got.Articles[4].Title)
	}
	if _, reads := watched.counts(); reads != 0 {
		t.Errorf("a new title: %d SetRevisions, want 0", reads)
	}
}

func ptr[T any](v T) *T { return &v }

// TestAgreementInProgress: a computation that takes longer than the wait
// answers 202 with its progress; one computation runs per project however
// many requests come; the report comes with 200 once it is done.
func TestAgreementInProgress(t *testing.T) {
	defer server.SetAgreementWait(20 * time.Millisecond)()
	e := newEnv(t, server.Options{})
	watched := e.watch()
	want := agreementProject(t, e.store, "", 4, allDone)
	gate := make(chan struct{})
	watched.mu.Lock()
	watched.gate = gate
	watched.mu.Unlock()
	admin := e.admin(t)
	path := api.AgreementPath(api.DefaultProject)
	// The first answers may come before the heads are read (0 of 0).
	deadline := time.Now().Add(10 * time.Second)
	for requests := 0; ; requests++ {
		r := admin.do(t, "GET", path, "", "")
		var pending api.AgreementPending
		decode(t, r, &pending)
		if r.status != http.StatusAccepted || r.header.Get("Retry-After") != "1" || pending.Progress.Done != 0 || pending.Progress.Total != 0 && pending.Progress.Total != 4 {
			t.Fatalf("status %d, Retry-After %q, %s; want 202, 1, 0 of 4 articles done", r.status, r.header.Get("Retry-After"), r.body)
		}
		if pending.Progress.Total == 4 && requests >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %s", r.body)
		}
	}
	if heads, _ := watched.counts(); heads != 1 {
		t.Errorf("%d computations started, want 1", heads)
	}
	close(gate)
	for {
		r := admin.do(t, "GET", path, "", "")
		if r.status == http.StatusOK {
			sameReport(t, reportOf(t, r), agreement.Compute(want))
			break
		}
		if r.status != http.StatusAccepted || time.Now().After(deadline) {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
	}
}

// TestAgreementCSV: format=csv is the report in long form, with the
// header agreement.CSVHeader; other formats and parameters are refused.
func TestAgreementCSV(t *testing.T) {
	e := newEnv(t, server.Options{})
	want := agreementProject(t, e.store, "", 2, allDone)
	admin := e.admin(t)
	r := admin.do(t, "GET", api.AgreementPath(api.DefaultProject)+"?format=csv", "", "")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q: %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	var buf strings.Builder
	if err := agreement.WriteCSV(&buf, agreement.Compute(want)); err != nil {
		t.Fatal(err)
	}
	if r.body != buf.String() {
		t.Errorf("CSV differs from agreement.WriteCSV of the report (-want +got):\n%s", cmp.Diff(buf.String(), r.body))
	}
	rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil || len(rows) < 2 || !slices.Equal(rows[0], agreement.CSVHeader) {
		t.Errorf("CSV of %d rows (%v), header %v", len(rows), err, rows[0])
	}
	for _, query := range []string{"?format=xml", "?format=csv&format=json", "?project=x"} {
		r := admin.do(t, "GET", api.AgreementPath(api.DefaultProject)+query, "", "")
		if r.status != http.StatusBadRequest || errorOf(t, r).Code != string(api.CodeInvalid) {
			t.Errorf("%s: status %d, %s; want 400 invalid", query, r.status, r.body)
		}
	}
	if r := admin.do(t, "GET", api.AgreementPath("nope"), "", ""); r.status != http.StatusNotFound {
		t.Errorf("an unknown project: status %d, want 404", r.status)
	}
}

// TestAgreementOfAProject: a project's agreement counts its own sets, not
// the Default project's.
func TestAgreementOfAProject(t *testing.T) {
	e := newEnv(t, server.Options{})
	ctx := context.Background()
	admin := e.admin(t)
	if err := e.store.CreateProject(ctx, server.Project{ID: "climate", Name: "Climate", Created: time.Now()}, admin.user.ID); err != nil {
		t.Fatal(err)
	}
	want := agreementProject(t, e.store, "climate", 2, allDone)
	agreementProject(t, e.store, "", 3, func(article, set int) annotations.WorkState { return annotations.WorkInProgress })
	for _, w := range want {
		if err := e.store.SetProjectArticle(ctx, "climate", w.Article.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	sameReport(t, reportOf(t, admin.do(t, "GET", api.AgreementPath("climate"), "", "")), agreement.Compute(want))
	def := reportOf(t, admin.do(t, "GET", api.AgreementPath(api.DefaultProject), "", ""))
	if def.Overall.Articles != 0 || len(def.Skipped) != 3 {
		t.Errorf("the Default project: %d articles, %d skipped; want 0 and 3 (none done)", def.Overall.Articles, len(def.Skipped))
	}
}

// TestAgreementAfterAnError: an update that fails to read a set keeps what
// it tallied; the next one tallies the rest and the report is right.
func TestAgreementAfterAnError(t *testing.T) {
	e := newEnv(t, server.Options{})
	watched := &watchedStore{Store: e.store}
	want := agreementProject(t, e.store, "", 4, allDone)
	ctx := context.Background()
	var tallies server.AgreementTallies
	if _, err := tallies.Update(ctx, watched, api.DefaultProject, nil); err != nil {
		t.Fatal(err)
	}
	// Two articles change: one set each is reopened (in progress).
	for _, i := range []int{1, 3} {
		k := want[i].Sets[0].Key()
		revs, err := e.store.SetRevisions(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		parent := "" // the status's newest revision
		for _, old := range revs {
			if old.Item == annotations.StatusItemID(k) {
				parent = old.ID
			}
		}
		r, err := annotations.NewStatusRevision(parent, k, annotations.StatusItem{State: annotations.WorkInProgress})
		if err != nil {
			t.Fatal(err)
		}
		if parent == "" {
			t.Fatal("the set has no status")
		}
		if _, err := e.store.Import(ctx, nil, []annotations.Revision{r}); err != nil {
			t.Fatal(err)
		}
		want[i].Sets = want[i].Sets[1:]
	}
	watched.fail = want[3].Article.ID
	if _, err := tallies.Update(ctx, watched, api.DefaultProject, nil); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("update with a failing store: %v, want its error", err)
	}
	watched.fail = ""
	got, err := tallies.Update(ctx, watched, api.DefaultProject, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameReport(t, got, agreement.Compute(want))
}

// TestAgreementKeptByAnOlderRelease: a report the store keeps from a
// release that computed reports otherwise (no format, or another) is not
// served: it is computed again.
func TestAgreementKeptByAnOlderRelease(t *testing.T) {
	e := newEnv(t, server.Options{})
	want := agreementProject(t, e.store, "", 2, func(int, int) annotations.WorkState { return annotations.WorkDone })
	admin := e.admin(t)
	first := reportOf(t, admin.do(t, "GET", api.AgreementPath(api.DefaultProject), "", ""))
	sameReport(t, first, agreement.Compute(want))
	ctx := context.Background()
	seq, value, err := e.store.Result(ctx, "agreement/"+api.DefaultProject)
	if err != nil {
		t.Fatal(err)
	}
	var kept map[string]json.RawMessage
	if err := json.Unmarshal(value, &kept); err != nil || string(kept["format"]) == "" {
		t.Fatalf("the kept report %s (%v) has no format", value, err)
	}
	// The older release's report: no format, and figures of its own.
	delete(kept, "format")
	kept["report"] = json.RawMessage(`{"overall":{"articles":999}}`)
	older, _ := json.Marshal(kept)
	if err := e.store.PutResult(ctx, "agreement/"+api.DefaultProject, seq, older); err != nil {
		t.Fatal(err)
	}
	// A new server (a restart, or another replica) on the same store.
	e.handler = server.NewHandler(e.store, server.Options{Logger: discardLogger(), Web: testWeb(), Hosts: []string{testHost}})
	got := reportOf(t, admin.do(t, "GET", api.AgreementPath(api.DefaultProject), "", ""))
	if got.Overall.Articles == 999 {
		t.Fatalf("the older release's kept report was served")
	}
	sameReport(t, got, agreement.Compute(want))
}
