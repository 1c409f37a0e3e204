package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
)

// loadBatch is how many revisions each simulated device pushes per round.
const loadBatch = 250

// httpTransport is replica.Transport over net/http: a native client of the
// API, as the load benchmark's devices are, signed in with an API token.
type httpTransport struct {
	// base returns the URL of the server a request goes to: one server,
	// or replicas in turn, as a load balancer sends them.
	base   func() string
	token  string // sent as Authorization: Bearer
	client *http.Client
	// pushes and pulls, when not nil, receive each push's and each pull's
	// latency.
	pushes, pulls chan<- time.Duration
}

func (t httpTransport) RoundTrip(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, t.base()+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+t.token)
	start := time.Now()
	resp, err := t.client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%w (%v)", replica.ErrOffline, err)
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, fmt.Errorf("%w (%v)", replica.ErrOffline, err)
	}
	switch {
	case path == api.PathPush && t.pushes != nil:
		t.pushes <- time.Since(start)
	case strings.HasPrefix(path, api.PathPull+"?") && t.pulls != nil:
		t.pulls <- time.Since(start)
	}
	return resp.StatusCode, reply, nil
}

// loadServer is the real server on loopback ports: one on SQLite, or
// replicas over one PostgreSQL database.
type loadServer struct {
	store server.Store // one replica's store, for setting up
	urls  []string     // each replica's
	next  atomic.Uint64
}

// base returns the URL of the next replica, in turn.
func (ls *loadServer) base() string { return ls.urls[(ls.next.Add(1)-1)%uint64(len(ls.urls))] }

// serveStores serves a handler over each store on a loopback port, as
// replicas; the stores are closed after the benchmark.
func serveStores(b *testing.B, stores ...server.Store) *loadServer {
	b.Helper()
	ls := &loadServer{store: stores[0]}
	for _, store := range stores {
		h := server.NewHandler(store, server.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		srv := httptest.NewServer(h)
		ls.urls = append(ls.urls, srv.URL)
		b.Cleanup(func() {
			srv.Close()
			store.Close()
		})
	}
	return ls
}

func startLoadServer(b *testing.B) *loadServer {
	b.Helper()
	store, err := sqlite.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	return serveStores(b, store)
}

// loadArticle is the article the devices annotate: long enough for spans
// all over it.
func loadArticle(b *testing.B) annotations.Article {
	b.Helper()
	a, err := annotations.NewArticle("Load", strings.Repeat("Angela Merkel met Emmanuel Macron in Paris. ", 200), time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	a.Source = "paste"
	return a
}

// loadRevisions returns n new mentions of annotator, numbered from first.
func loadRevisions(b *testing.B, a annotations.Article, annotator string, first, n int) []annotations.Revision {
	b.Helper()
	text := []rune(a.Text)
	revs := make([]annotations.Revision, n)
	for i := range revs {
		start := (first + i) * 7 % (len(text) - 13)
		span, err := annotations.NewSpan(text, start, start+13)
		if err != nil {
			b.Fatal(err)
		}
		revs[i], err = annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: annotator}, annotations.Entity{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", first+i), Span: span, Label: "PER"})
		if err != nil {
			b.Fatal(err)
		}
	}
	return revs
}

// loadResult is one load run's figures.
type loadResult struct {
	revisions     int
	elapsed       time.Duration
	p50, p99, max time.Duration
}

func (r loadResult) perSecond() float64 { return float64(r.revisions) / r.elapsed.Seconds() }

// percentile returns the p-th percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p)
	return sorted[i]
}

// runDevices has devices annotators, each a user with an API token, each
// push rounds times at once with the real client (replica.Push), each push
// of loadBatch new revisions; it returns the pushes' figures.
func runDevices(b *testing.B, ls *loadServer, a annotations.Article, devices, rounds int) (loadResult, []deviceAccount) {
	b.Helper()
	latencies := make(chan time.Duration, devices*rounds*2)
	transport := httpTransport{base: ls.base, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: devices}}, pushes: latencies}
	type device struct {
		store     *replica.MemoryStore
		annotator string
		token     string
		batches   [][]annotations.Revision
	}
	devs := make([]device, devices)
	for d := range devs {
		dev := device{store: replica.NewMemoryStore(), annotator: fmt.Sprintf("device %03d", d)}
		_, dev.token = addUser(b, ls.store, dev.annotator, "", false)
		if err := dev.store.PutArticle(a, true); err != nil {
			b.Fatal(err)
		}
		for r := range rounds {
			dev.batches = append(dev.batches, loadRevisions(b, a, dev.annotator, (d*rounds+r)*loadBatch, loadBatch))
		}
		devs[d] = dev
	}
	var wg sync.WaitGroup
	errs := make(chan error, devices)
	start := time.Now()
	for _, dev := range devs {
		wg.Go(func() {
			signedIn := transport
			signedIn.token = dev.token
			client := &replica.Client{Transport: signedIn, Timeout: time.Minute, PullPage: api.MaxPullLimit}
			for _, batch := range dev.batches {
				for _, r := range batch {
					dev.store.Add(r, true)
				}
				// A push without a pull: the devices' pulls would bring
				// their own pushes back, and pulls are BenchmarkChanges'
				// subject.
				if err := replica.Push(context.Background(), dev.store, client, dev.annotator); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	accounts := make([]deviceAccount, len(devs))
	for i, dev := range devs {
		accounts[i] = deviceAccount{annotator: dev.annotator, token: dev.token}
	}
	return resultOf(devices*rounds*loadBatch, elapsed, latencies), accounts
}

// resultOf is a run's figures: revisions over elapsed, and the
// percentiles of the latencies, which it drains (closing the channel).
func resultOf(revisions int, elapsed time.Duration, latencies chan time.Duration) loadResult {
	close(latencies)
	var all []time.Duration
	for l := range latencies {
		all = append(all, l)
	}
	slices.Sort(all)
	return loadResult{revisions: revisions, elapsed: elapsed, p50: percentile(all, 0.50), p99: percentile(all, 0.99), max: all[len(all)-1]}
}

// deviceAccount is a simulated device's annotator and API token.
type deviceAccount struct{ annotator, token string }

// pullDevices has each device, new (an empty store), pull its annotator's
// revisions at once with the real client (replica.Round, pages of
// api.MaxPullLimit) and returns the pulls' figures: revisions pulled a
// second over the run, and each page's latency.
func pullDevices(b *testing.B, ls *loadServer, accounts []deviceAccount) loadResult {
	b.Helper()
	latencies := make(chan time.Duration, 1<<16)
	transport := httpTransport{base: ls.base, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: len(accounts)}}, pulls: latencies}
	pulled := make([]int, len(accounts))
	var wg sync.WaitGroup
	errs := make(chan error, len(accounts))
	start := time.Now()
	for i, acc := range accounts {
		wg.Go(func() {
			signedIn := transport
			signedIn.token = acc.token
			client := &replica.Client{Transport: signedIn, Timeout: time.Minute, PullPage: api.MaxPullLimit}
			out := replica.Round(context.Background(), replica.NewMemoryStore(), client, acc.annotator)
			if out.Err != nil {
				errs <- out.Err
			}
			pulled[i] = len(out.Revisions)
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	total := 0
	for _, n := range pulled {
		total += n
	}
	return resultOf(total, elapsed, latencies)
}

// rawInsert inserts the rows of devices × rounds batches of loadBatch
// revisions into a new database of the store's schema with plain SQL, one
// transaction per batch, one writer: the rate SQLite itself allows.
func rawInsert(b *testing.B, a annotations.Article, devices, rounds int) loadResult {
	b.Helper()
	dir := b.TempDir()
	store, err := sqlite.Open(dir) // the schema
	if err != nil {
		b.Fatal(err)
	}
	store.Close()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName)+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`INSERT INTO articles (id, title, text, source, created, chars) VALUES (?, ?, ?, ?, ?, ?)`, a.ID, a.Title, a.Text, a.Source, a.Created.UTC().Format(time.RFC3339Nano), len([]rune(a.Text))); err != nil {
		b.Fatal(err)
	}
	var batches [][]annotations.Revision
	for d := range devices {
		for r := range rounds {
			batches = append(batches, loadRevisions(b, a, fmt.Sprintf("device %03d", d), (d*rounds+r)*loadBatch, loadBatch))
		}
	}
	var all []time.Duration
	chain := ""
	start := time.Now()
	for _, batch := range batches {
		t := time.Now()
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.Prepare(`INSERT INTO revisions (rev, parent, item, kind, article_id, annotator, set_id, deleted, body, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range batch {
			chain = api.NextChain(chain, r)
			if _, err := stmt.Exec(r.ID, r.Parent, r.Item, string(r.Kind), r.ArticleID, r.Annotator, r.SetID(), r.Deleted, string(r.Body), chain); err != nil {
				b.Fatal(err)
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		all = append(all, time.Since(t))
	}
	elapsed := time.Since(start)
	slices.Sort(all)
	return loadResult{revisions: len(batches) * loadBatch, elapsed: elapsed, p50: percentile(all, 0.5), p99: percentile(all, 0.99), max: all[len(all)-1]}
}

// BenchmarkSyncLoad measures pushes of N devices at once, each running the
// real client's push (replica.Push over HTTP on loopback, with its user's
// API token, pushing 250 new revisions a round) against the real server on SQLite, beside a raw
// batched insert of the same rows in the same run. It reports the push
// throughput (revisions per second over the whole run), its ratio to the
// raw insert's, and the push latency's p50 and p99. The clients run in the
// same process, on the same two cores as the server. Run it with
// -benchtime 1x (make bench does).
func BenchmarkSyncLoad(b *testing.B) {
	for _, tt := range []struct{ devices, rounds int }{{8, 16}, {64, 4}, {256, 2}} {
		b.Run(fmt.Sprintf("devices=%d", tt.devices), func(b *testing.B) {
			for b.Loop() {
				ls := startLoadServer(b)
				a := loadArticle(b)
				if _, _, err := ls.store.PutArticle(context.Background(), a); err != nil {
					b.Fatal(err)
				}
				got, _ := runDevices(b, ls, a, tt.devices, tt.rounds)
				raw := rawInsert(b, a, tt.devices, tt.rounds)
				b.ReportMetric(got.perSecond(), "revs/s")
				b.ReportMetric(raw.perSecond(), "raw-revs/s")
				b.ReportMetric(got.perSecond()/raw.perSecond(), "ratio")
				b.ReportMetric(float64(got.p50.Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(got.p99.Microseconds())/1000, "p99-ms")
				b.Logf("%d devices × %d pushes of %d: %.0f revisions/s (raw insert %.0f/s, %.2f×), push p50 %v, p99 %v, max %v",
					tt.devices, tt.rounds, loadBatch, got.perSecond(), raw.perSecond(), got.perSecond()/raw.perSecond(),
					got.p50.Round(time.Millisecond), got.p99.Round(time.Millisecond), got.max.Round(time.Millisecond))
			}
		})
	}
}

// BenchmarkPushIntoLargeSet measures one device's pushes of 250 new
// revisions into a set that holds 100 or 10,000 revisions already: a push
// costs the same whatever the set's size.
func BenchmarkPushIntoLargeSet(b *testing.B) {
	for _, size := range []int{100, 10000} {
		b.Run(fmt.Sprintf("set=%d", size), func(b *testing.B) {
			for b.Loop() {
				ls := startLoadServer(b)
				a := loadArticle(b)
				ctx := context.Background()
				if _, _, err := ls.store.PutArticle(ctx, a); err != nil {
					b.Fatal(err)
				}
				const annotator = "device 000"
				existing := loadRevisions(b, a, annotator, 1_000_000, size)
				for batch := range slices.Chunk(existing, api.MaxPushRevisions) {
					if _, err := ls.store.PutRevisions(ctx, batch); err != nil {
						b.Fatal(err)
					}
				}
				got, _ := runDevices(b, ls, a, 1, 20)
				b.ReportMetric(float64(got.p50.Microseconds())/1000, "p50-ms")
				b.Logf("into a set of %d: push p50 %v, p99 %v", size, got.p50.Round(time.Microsecond*100), got.p99.Round(time.Microsecond*100))
			}
		})
	}
}
