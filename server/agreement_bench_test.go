package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/agreement/agreementtest"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
)

// fillAgreementStore stores agreementtest.Project(n), every set marked
// done, in the Default project, and returns a set to change.
func fillAgreementStore(b *testing.B, store server.Store, n int) annotations.SetKey {
	b.Helper()
	articles, sets := agreementtest.Project(n)
	const batch = 50
	for from := 0; from < n; from += batch {
		to := min(n, from+batch)
		var revs []annotations.Revision
		for i := from; i < to; i++ {
			for _, s := range sets[i] {
				revs = append(revs, setRevisions(b, "", s, annotations.WorkDone)...)
			}
		}
		if _, err := store.Import(context.Background(), articles[from:to], revs); err != nil {
			b.Fatal(err)
		}
	}
	return sets[n/2][1].Key()
}

// changeSet adds a mention to the set k, the i-th: a new head for it.
func changeSet(b *testing.B, store server.Store, k annotations.SetKey, i int) {
	b.Helper()
	a, err := store.Article(context.Background(), k.ArticleID)
	if err != nil {
		b.Fatal(err)
	}
	span, err := annotations.NewSpan([]rune(a.Text), 0, 3)
	if err != nil {
		b.Fatal(err)
	}
	r, err := annotations.NewEntityRevision("", k, annotations.Entity{ID: fmt.Sprintf("ffffffff-0000-4000-8000-%012x", i), Span: span, Label: "MISC"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := store.Import(context.Background(), nil, []annotations.Revision{r}); err != nil {
		b.Fatal(err)
	}
}

// cpuSeconds returns the processor time the process has used so far,
// user and system: what a benchmark costs however busy the machine is
// (0 where getrusage is missing).
func cpuSeconds() float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano()).Seconds()
}

// heapMB returns the heap in use after a collection, in MB.
func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse) / 1e6
}

// BenchmarkAgreement computes the agreement of 1,000 articles × 3
// annotators (agreementtest.Project: about 600 words, 40 mentions, 6
// quotes and 3 stances per set), every set done, stored in SQLite:
//
//   - scratch: from scratch (gloss agreement, or the server's first
//     request): the sets' heads, every set read and resolved, every article
//     tallied (as many at a time as there are processors), the tallies
//     combined (goal ≤ 10 s); tallies-MB is the heap the kept tallies of
//     the project take;
//   - one-set-changed: the server's tallies kept, one set changed before
//     each update: its article's sets read and tallied again, the rest
//     combined;
//   - http-one-set-changed: the same through GET
//     /api/v1/projects/default/agreement, the report encoded as JSON
//     (json-MB).
//
// cpu-s/op is the processor time of an operation, all goroutines together,
// which a busy machine changes less than the time it takes.
func BenchmarkAgreement(b *testing.B) {
	const articles = 1000
	store, err := sqlite.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	start := time.Now()
	changed := fillAgreementStore(b, store, articles)
	b.Logf("stored %d articles × 3 sets in %v", articles, time.Since(start).Round(time.Millisecond))
	ctx := context.Background()
	changes := 0

	b.Run("scratch", func(b *testing.B) {
		cpu := cpuSeconds()
		for b.Loop() {
			r, err := server.ComputeAgreement(ctx, store, api.DefaultProject, nil)
			if err != nil {
				b.Fatal(err)
			}
			if r.Overall.Articles != articles {
				b.Fatalf("%d articles in the report, want %d", r.Overall.Articles, articles)
			}
		}
		b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
		before := heapMB()
		var kept server.AgreementTallies
		if _, err := kept.Update(ctx, store, api.DefaultProject, nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(heapMB()-before, "tallies-MB")
		runtime.KeepAlive(&kept)
	})

	b.Run("one-set-changed", func(b *testing.B) {
		var kept server.AgreementTallies
		if _, err := kept.Update(ctx, store, api.DefaultProject, nil); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		cpu := 0.0
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			changes++
			changeSet(b, store, changed, changes)
			b.StartTimer()
			cpu -= cpuSeconds()
			tallied := 0
			if _, err := kept.Update(ctx, store, api.DefaultProject, func(done, total int) { tallied = total }); err != nil {
				b.Fatal(err)
			}
			cpu += cpuSeconds()
			if tallied != 1 {
				b.Fatalf("%d articles tallied again, want 1", tallied)
			}
		}
		b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	})

	b.Run("http-one-set-changed", func(b *testing.B) {
		_, token := addUser(b, store, fmt.Sprintf("bench%d", b.N), "", true)
		h := server.NewHandler(store, server.Options{Logger: discardLogger(), Hosts: []string{testHost}})
		get := func() *httptest.ResponseRecorder {
			req := httptest.NewRequest("GET", api.AgreementPath(api.DefaultProject), nil)
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec
		}
		for deadline := time.Now().Add(time.Minute); get().Code != http.StatusOK; { // the first computation
			if time.Now().After(deadline) {
				b.Fatal("no report after a minute")
			}
		}
		size := 0
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			changes++
			changeSet(b, store, changed, changes)
			b.StartTimer()
			rec := get()
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d: %.200s", rec.Code, rec.Body.String())
			}
			size = rec.Body.Len()
		}
		b.ReportMetric(float64(size)/1e6, "json-MB")
	})
}
