//go:build !js

package replica_test

// The simulation against replicas (issue 16): the server side of a run is
// two or three replicas of the server, each the real handler over its own
// connections (postgres.Open) to one PostgreSQL database, behind a load
// balancer that sends each request of a device to a replica it draws from
// the seed. While the network is unhealed, the replica a request reaches
// dies now and then while handling it, as a killed process does: the
// request either committed before the death or never did, and no answer
// comes back. A dead replica's later requests fail (the balancer still
// sends some there), until it starts again, as a new process (postgres.Open
// of the same database, a new handler with none of the dead one's memory).
// The run's own faults are the SQLite simulation's (simulation_test.go):
// the same devices, edits, crashes and network; its step "server restart"
// is here a restart of one replica. There is no backup nor restore (the
// SQLite server's Backup and a restore of its file have no counterpart
// here): the operator's step does nothing.
//
// At the end the network heals, the dead replicas start, the devices settle
// through replicas drawn at random, and the run checks what the SQLite one
// does (nothing acknowledged lost, every device equal to the database,
// replays change nothing), then that every replica answers the same export
// and the same pulls, byte for byte.

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/postgres"
	"github.com/gloss-annotate/gloss/server/postgres/pgtest"
)

// TestMain stops the throwaway PostgreSQL cluster that
// TestSimulationReplicas starts (pgtest.Database).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// Rates, in percent of the requests a device sends on an unhealed network
// that reach the balancer.
const (
	pctKillReplica  = 3  // the replica chosen dies handling it (2 live at least)
	pctStartReplica = 10 // before it, a dead replica starts again
)

// replicaKinds are the events the replica runs must have shown at least
// once across their seeds: the SQLite run's faults but the server's
// restart, backup and restore, and the replicas' own.
var replicaKinds = []string{
	"dropped request", "dropped reply", "duplicated request", "reordered push",
	"client crash", "offline period", "conflict",
	"replica killed mid-request (committed)", "replica killed mid-request (not committed)",
	"replica killed mid-push (committed)", "request to a dead replica", "replica started again",
	"replica restart", "late push to a replica drawn then",
}

// replicaSeedsDivisor makes the replica runs' seed count from -seeds: a
// seed costs about as much as a SQLite one, but the test runs besides the
// SQLite one, in the same `go test`.
const replicaSeedsDivisor = 10

// TestSimulationReplicas runs -seeds/10 seeds (or the one -seed) against
// replicas over PostgreSQL, each in a database of its own.
func TestSimulationReplicas(t *testing.T) {
	list := seedList(max(1, *seeds/replicaSeedsDivisor))
	dsns := map[int64]string{}
	for _, seed := range list {
		dsns[seed] = pgtest.Database(t)
	}
	runSimulation(t, list, replicaKinds, 10, func(seed int64, verbose bool) *sim {
		return runSeedOn(seed, "", verbose, &replicas{dsn: dsns[seed]})
	})
}

// TestSimulationReplicasReplays checks that a seed against replicas is a
// replay too: the same events, the same end state.
func TestSimulationReplicasReplays(t *testing.T) {
	const seed = 3
	var runs [2]*sim
	for i := range runs {
		runs[i] = runSeedOn(seed, "", false, &replicas{dsn: pgtest.Database(t)})
		if len(runs[i].failures) > 0 {
			t.Fatal(runs[i].report())
		}
	}
	if !slices.Equal(runs[0].events, runs[1].events) {
		t.Errorf("seed %d ran different events twice: %d and %d events", seed, len(runs[0].events), len(runs[1].events))
	}
	if runs[0].final == "" || runs[0].final != runs[1].final {
		t.Errorf("seed %d ended with different server states:\n%s\n%s", seed, runs[0].final, runs[1].final)
	}
}

// replicas is the server side of a replica run.
type replicas struct {
	dsn string
	// ops is the operator's connection to the database, which the
	// run's checks read (sim.store): it never dies.
	ops  *postgres.Store
	list []*replicaProcess
	// pinned is the replica the balancer sent the request being carried
	// to, -1 for none: a request the balancer did not route (a held push
	// delivered late, the checks' requests) goes to a live replica drawn
	// then.
	pinned int
}

// replicaProcess is one replica: its store and handler while it lives.
type replicaProcess struct {
	name    string
	store   *postgres.Store // nil while dead
	handler http.Handler
}

func (*replicas) test() string { return "TestSimulationReplicas" }

func (r *replicas) start(s *sim) error {
	ops, err := postgres.Open(testContext(), r.dsn)
	if err != nil {
		return err
	}
	r.ops, s.store, s.handler, r.pinned = ops, ops, balancer{s, r}, -1
	for i := range 2 + s.rng.IntN(2) {
		r.list = append(r.list, &replicaProcess{name: fmt.Sprintf("r%d", i)})
		if err := r.startReplica(s, i); err != nil {
			return err
		}
	}
	s.logf("%d replicas over one PostgreSQL", len(r.list))
	return nil
}

// startReplica starts replica i, dead (or not started): a new process,
// connected to the database anew.
func (r *replicas) startReplica(s *sim, i int) error {
	p := r.list[i]
	store, err := postgres.Open(testContext(), r.dsn)
	if err != nil {
		return fmt.Errorf("start replica %s: %w", p.name, err)
	}
	p.store = store
	p.handler = server.NewHandler(store, server.Options{Logger: s.simLogger(), Hosts: simHosts})
	return nil
}

// startAgain starts dead replica i again and checks that the database
// lost nothing acknowledged.
func (r *replicas) startAgain(s *sim, i int, why string) {
	if err := r.startReplica(s, i); err != nil {
		s.failf("%v", err)
		return
	}
	s.stats["replica started again"]++
	s.logf("replica %s starts again (%s)", r.list[i].name, why)
	s.checkAcked(s.acked, "acknowledged")
}

// kill kills replica i: its connections close (PostgreSQL rolls back what
// a dead process's connection had not committed) and it answers nothing.
func (r *replicas) kill(s *sim, i int, why string) {
	p := r.list[i]
	p.store.Close()
	p.store, p.handler = nil, nil
	s.stats["replica killed"]++
	s.logf("replica %s dies (%s)", p.name, why)
}

func (r *replicas) live() (live, dead []int) {
	for i, p := range r.list {
		if p.store != nil {
			live = append(live, i)
		} else {
			dead = append(dead, i)
		}
	}
	return live, dead
}

func (r *replicas) stop(s *sim) {
	for _, p := range r.list {
		if p.store != nil {
			p.store.Close()
		}
	}
	r.ops.Close()
}

// restart is a step's rolling restart of one replica drawn from the seed:
// a live one dies between requests and starts again at once; a dead one
// starts.
func (r *replicas) restart(s *sim) {
	i := s.rng.IntN(len(r.list))
	if r.list[i].store != nil {
		r.kill(s, i, "restart")
		s.stats["replica restart"]++
	}
	r.startAgain(s, i, "restart")
}

// operate does nothing: there is no backup nor restore in a replica run.
func (*replicas) operate(s *sim) {}

func (r *replicas) transport(c *client, t replica.Transport) replica.Transport {
	return balancedTransport{c: c, r: r, next: t}
}

// heal starts the dead replicas.
func (r *replicas) heal(s *sim) {
	r.pinned = -1
	_, dead := r.live()
	for _, i := range dead {
		r.startAgain(s, i, "the network heals")
	}
}

// check checks that every replica answers what the run's checks saw: the
// same export and the same pulls of every annotator (so the same sets,
// heads and cursors) as s.final.
func (r *replicas) check(s *sim) {
	defer func() { r.pinned = -1 }()
	for i, p := range r.list {
		r.pinned = i
		if got := s.snapshot(); got != s.final {
			line, want, have := firstDifference(s.final, got)
			s.failf("replica %s answers another state than the replicas drawn at random did at the end: line %d of the export and pulls is\n  %.300s\nnot\n  %.300s", p.name, line, have, want)
		}
	}
}

// firstDifference returns the first line in which a and b differ (1 for
// the first), and that line of each.
func firstDifference(a, b string) (n int, lineA, lineB string) {
	as, bs := strings.Split(a, "\n"), strings.Split(b, "\n")
	for n = 0; n < min(len(as), len(bs)) && as[n] == bs[n]; n++ {
	}
	if n < len(as) {
		lineA = as[n]
	}
	if n < len(bs) {
		lineB = bs[n]
	}
	return n + 1, lineA, lineB
}

// balancer is the handler of a replica run: it hands each request to the
// replica the balancer chose (pinned), or to a live one it draws.
type balancer struct {
	s *sim
	r *replicas
}

func (b balancer) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	i := b.r.pinned
	if i < 0 {
		live, _ := b.r.live()
		if len(live) == 0 {
			b.s.failf("no replica lives to answer %s %s", req.Method, req.URL)
			http.Error(w, "no replica", http.StatusBadGateway)
			return
		}
		i = live[b.s.rng.IntN(len(live))]
		if req.URL.Path == "/api/v1/sync/push" && !b.s.healed {
			b.s.stats["late push to a replica drawn then"]++
		}
	}
	p := b.r.list[i]
	if p.handler == nil {
		b.s.failf("a request went to dead replica %s", p.name)
		http.Error(w, "dead replica", http.StatusBadGateway)
		return
	}
	b.s.stats["requests to replica "+p.name]++
	p.handler.ServeHTTP(w, req)
}

// balancedTransport is a device's way to the replicas, through the load
// balancer: it draws the replica of each request that would reach the
// server (the device is online and has not crashed) and makes the
// replicas' faults, then carries the request through the network's
// faults (next) to that replica.
type balancedTransport struct {
	c    *client
	r    *replicas
	next replica.Transport
}

var _ replica.Transport = balancedTransport{}

func (t balancedTransport) RoundTrip(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	c, s, r := t.c, t.c.sim, t.r
	if c.crashed || c.crashAt == 0 || s.step < c.offlineUntil || s.healed {
		// The request fails before the balancer (the device crashed,
		// crashes now or is offline), or the run is settling: a live
		// replica drawn then answers.
		return t.next.RoundTrip(ctx, method, path, body)
	}
	// What the balancer does counts as one call of the device's round
	// (crashAt > 0 here: it does not crash at it).
	handled := func() { c.crashNow() }
	if _, dead := r.live(); len(dead) > 0 && s.rng.IntN(100) < pctStartReplica {
		r.startAgain(s, dead[s.rng.IntN(len(dead))], "while the devices sync")
	}
	kind := requestKind(method, path)
	i := s.rng.IntN(len(r.list))
	p := r.list[i]
	live, _ := r.live()
	switch {
	case p.store == nil:
		handled()
		s.stats["request to a dead replica"]++
		s.logf("%s %s: replica %s is dead", c.name, kind, p.name)
		return 0, nil, offline("replica " + p.name + " is dead")
	case len(live) > 1 && s.rng.IntN(100) < pctKillReplica:
		handled()
		committed := s.rng.IntN(2) == 0
		status := 0
		if committed {
			r.pinned = i
			status, _ = s.serve(c.annotator, method, path, body)
			r.pinned = -1
		}
		what := map[bool]string{true: "committed", false: "not committed"}[committed]
		s.stats["replica killed mid-request ("+what+")"]++
		if kind == "push" {
			s.stats["replica killed mid-push ("+what+")"]++
		}
		r.kill(s, i, fmt.Sprintf("handling %s's %s: %s (%d), no answer", c.name, kind, what, status))
		s.checkAcked(s.acked, "acknowledged")
		return 0, nil, offline("replica " + p.name + " died")
	}
	r.pinned = i
	defer func() { r.pinned = -1 }()
	return t.next.RoundTrip(ctx, method, path, body)
}
