package server_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations/agreement"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/postgres"
	"github.com/gloss-annotate/gloss/server/postgres/pgtest"
)

// replicas opens n stores of one new PostgreSQL database, as n replicas of
// the server have.
func replicas(t *testing.T, n int) []*postgres.Store {
	t.Helper()
	dsn := pgtest.Database(t)
	var out []*postgres.Store
	for range n {
		s, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out = append(out, s)
	}
	return out
}

// TestModelTrainedOnceAcrossReplicas: requests for a project's model that
// reach two replicas at once train it once (Store.Exclusively, with the
// model kept in the store), and every answer is the same model with the
// same ETag.
func TestModelTrainedOnceAcrossReplicas(t *testing.T) {
	stores := replicas(t, 2)
	e := newEnvOn(t, stores[0], server.Options{})
	setsFixture(t, e)
	gate := make(chan struct{})
	var watched []*watchedStore
	var admins []client
	for _, s := range stores {
		w := &watchedStore{Store: s, gate: gate}
		watched = append(watched, w)
		replica := &env{store: s, handler: server.NewHandler(w, server.Options{Logger: discardLogger(), Web: testWeb(), Hosts: []string{testHost}})}
		admin := *e.admin(t)
		admin.e = replica
		admins = append(admins, admin)
	}
	const n = 8
	answers := make([]response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { answers[i] = admins[i%2].do(t, "GET", api.ModelPath(api.DefaultProject), "", "") })
	}
	for { // every request is in: one reads a set, the others wait for it
		heads := 0
		for _, w := range watched {
			h, _ := w.peek()
			heads += h
		}
		if heads >= n {
			break
		}
		time.Sleep(time.Millisecond)
	}
	close(gate)
	wg.Wait()
	for i, r := range answers {
		if r.status != 200 || r.body != answers[0].body || r.header.Get("ETag") != answers[0].header.Get("ETag") {
			t.Errorf("answer %d: %d, ETag %s, the same bytes: %t", i, r.status, r.header.Get("ETag"), r.body == answers[0].body)
		}
	}
	reads := 0
	for _, w := range watched {
		_, r := w.counts()
		reads += r
	}
	if reads != 1 { // the gold set of b
		t.Errorf("%d sets read for %d requests on 2 replicas, want 1: the model trained once", reads, n)
	}
}

// TestAgreementOnceAcrossReplicas: a project's agreement asked of two
// replicas at once is computed once (each set read once), and a replica
// asked later serves the report kept in the store without reading a set.
func TestAgreementOnceAcrossReplicas(t *testing.T) {
	stores := replicas(t, 3)
	e := newEnvOn(t, stores[0], server.Options{})
	want := agreementProject(t, e.store, "", 5, allDone)
	gate := make(chan struct{})
	var watched []*watchedStore
	var admins []client
	for _, s := range stores {
		w := &watchedStore{Store: s, gate: gate}
		watched = append(watched, w)
		replica := &env{store: s, handler: server.NewHandler(w, server.Options{Logger: discardLogger(), Web: testWeb(), Hosts: []string{testHost}})}
		admin := *e.admin(t)
		admin.e = replica
		admins = append(admins, admin)
	}
	path := api.AgreementPath(api.DefaultProject)
	reports := make([]agreement.Report, 2)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() { reports[i] = reportOf(t, admins[i].do(t, "GET", path, "", "")) })
	}
	time.Sleep(50 * time.Millisecond) // both asked: one computes, one waits for it
	close(gate)
	wg.Wait()
	for _, r := range reports {
		sameReport(t, r, agreement.Compute(want))
	}
	reads := 0
	for _, w := range watched[:2] {
		_, r := w.counts()
		reads += r
	}
	if reads != 15 {
		t.Errorf("%d sets read by 2 replicas, want 15 (5 articles × 3 sets, once)", reads)
	}
	sameReport(t, reportOf(t, admins[2].do(t, "GET", path, "", "")), agreement.Compute(want))
	if _, r := watched[2].counts(); r != 0 {
		t.Errorf("a third replica read %d sets, want 0: the report is kept", r)
	}
}
