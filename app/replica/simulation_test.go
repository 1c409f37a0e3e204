//go:build !js

package replica_test

// The randomized simulation of sync: 3 to 5 devices of 1 or 2 annotators
// edit the same articles, go offline, crash mid-round and sync through a
// network that drops, duplicates and reorders requests and answers, against
// the real server (handler and SQLite store) that restarts now and then.
// Its operator backs the server's database up now and then, while it
// serves (gloss backup), and, rarely, puts a backup back (a restore loses
// what the server acknowledged since).
// Each seed is one run; everything random in it comes from the seed, so a
// failing seed replays with -seed N. At the end the network heals, every
// device syncs until nothing changes, and the run must show: every
// acknowledged change on the server (restores included: the devices still
// hold them), every replica equal to the server, and replaying every
// revision changes nothing.
//
// The simulation runs the real server on SQLite, which does not build for
// js/wasm: these files are left out there (the app is vetted for js/wasm).
// Its server side is a simServer: this one server on SQLite (sqliteServer),
// or replicas over one PostgreSQL (sim_replicas_test.go).

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
)

var (
	seeds    = flag.Int("seeds", 200, "simulation seeds to run")
	seedFlag = flag.Int64("seed", -1, "run only this simulation seed and log every event")
)

// Shape of one run.
const (
	simSteps    = 250 // steps before the network heals
	maxSettle   = 10  // rounds of every device to settle after healing
	logTail     = 80  // events shown with a failure
	maxReported = 5   // failing seeds reported in full
)

// simTexts are the articles the devices annotate: emoji (a flag is two code
// points), accents, CJK and Arabic, so spans count code points, not bytes.
var simTexts = []struct{ title, text string }{
	{"Breaking news", "Breaking 😀🇺🇸 news: Rex Tillerson met Sergei Lavrov in Moscow.\n\nThe UN résumé 中文 مرحبا ends here."},
	{"", "Angela Merkel 👩‍🔬 spoke in Zürich.\nThe WHO and the EU 🇪🇺 answered from Genève and 北京."},
}

// faultKinds are the events a full run must have shown at least once
// across its seeds, or it did not test what it claims to.
var faultKinds = []string{
	"dropped request", "dropped reply", "duplicated request", "reordered push",
	"client crash", "server restart", "offline period", "conflict",
	"server backup", "server restore",
}

// sim is one seeded run.
type sim struct {
	seed    int64
	rng     *rand.Rand
	dir     string
	backend simServer
	// store is what the checks read the server's data with, handler
	// what the devices' requests go to; the backend sets them.
	store     server.Store
	handler   http.Handler
	serverLog bytes.Buffer
	pullLimit int
	// pushBatch caps one push of every device (0: replica.PushBatch).
	// Small, it makes references and parents cross push batches.
	pushBatch int
	clients   []*client
	articles  []annotations.Article // the texts as NewArticle makes them
	held      []heldRequest
	// acked holds the revisions whose push a client saw applied or
	// duplicate since the server's data was last restored (or ever): the
	// server must have them. everAcked holds every one, restores or not:
	// the server must have them all again once the devices synced.
	acked, everAcked map[string]bool
	// backupAcked is acked when the backup was taken, hasBackup whether
	// there is one, restored whether the run restored one (the server may
	// then answer as a server that lost history does).
	backupAcked         map[string]bool
	hasBackup, restored bool
	stats               map[string]int
	events              []string
	step                int
	healed              bool
	failures            []string
	verbose             bool
	final               string // the server's export and pulls at the end
	// tokens holds the API token of each annotator's user, which its
	// devices send, and of the operator's admin (simAdmin).
	tokens map[string]string
}

// simAdmin is the user the operator's checks (the export) are made as.
const simAdmin = "operator"

// client is one device: its durable store, its annotator, and the state of
// the round it is running.
type client struct {
	sim          *sim
	name         string
	annotator    string
	store        *replica.MemoryStore
	offlineUntil int // the step the device comes back online
	// The crash plan of the current round: crash at call crashAt (counted
	// down; -1 for none); crashCommits says whether that call's
	// transaction or request went through before the crash.
	crashAt      int
	crashCommits bool
	crashed      bool
}

// crashNow counts one call of the round and reports whether the device
// crashes at it.
func (c *client) crashNow() bool {
	if c.crashAt < 0 {
		return false
	}
	if c.crashAt == 0 {
		c.crashed, c.crashAt = true, -1
		return true
	}
	c.crashAt--
	return false
}

func (s *sim) logf(format string, args ...any) {
	line := fmt.Sprintf("%4d ", s.step) + fmt.Sprintf(format, args...)
	s.events = append(s.events, line)
	if s.verbose {
		fmt.Println(line)
	}
}

func (s *sim) failf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.failures = append(s.failures, msg)
	s.logf("FAILURE: %s", msg)
}

// rngReader feeds uuid.NewRandomFromReader from the seed.
type rngReader struct{ r *rand.Rand }

func (r rngReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.r.Uint32())
	}
	return len(p), nil
}

// simServer is the server side of a run: it starts and stops the server,
// and makes its own faults (the events the run's steps and requests draw).
type simServer interface {
	// test names the test that runs this kind of run.
	test() string
	// start starts the server: it sets s.store and s.handler.
	start(s *sim) error
	// stop stops it at the end of the run.
	stop(s *sim)
	// restart is a step's server restart, operate the operator's rarer
	// event (a backup or a restore).
	restart(s *sim)
	operate(s *sim)
	// transport carries the requests of c's client (t: through the
	// network's faults) to the server.
	transport(c *client, t replica.Transport) replica.Transport
	// heal ends the server's faults when the network heals, check checks
	// the end state further after the run's checks passed.
	heal(s *sim)
	check(s *sim)
}

// runSeed runs one seed against one server on SQLite with its data in dir
// and returns the run (its failures say whether it passed).
func runSeed(seed int64, dir string, verbose bool) *sim {
	return runSeedOn(seed, dir, verbose, &sqliteServer{})
}

// runSeedOn runs one seed against backend.
func runSeedOn(seed int64, dir string, verbose bool, backend simServer) *sim {
	s := &sim{
		seed:      seed,
		rng:       rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		dir:       dir,
		backend:   backend,
		acked:     map[string]bool{},
		everAcked: map[string]bool{},
		stats:     map[string]int{},
		verbose:   verbose,
	}
	if err := backend.start(s); err != nil {
		s.failf("open the server: %v", err)
		return s
	}
	defer backend.stop(s)
	s.pullLimit = []int{500, 500, 7, 3}[s.rng.IntN(4)]
	s.pushBatch = []int{0, 0, 1, 2, 5}[s.rng.IntN(5)]
	annotators := []string{"ana", "Björn Ö"}[:1+s.rng.IntN(2)]
	nClients := 3 + s.rng.IntN(3)
	for i := range nClients {
		s.clients = append(s.clients, &client{sim: s, name: fmt.Sprintf("c%d", i), annotator: annotators[i%len(annotators)], store: replica.NewMemoryStore(), crashAt: -1})
	}
	for i, t := range simTexts[:1+s.rng.IntN(len(simTexts))] {
		a, err := annotations.NewArticle(t.title, t.text, time.Date(2025, 1, 2, 3, 4, 5, i, time.UTC))
		if err != nil {
			s.failf("article %d: %v", i, err)
			return s
		}
		a.Source = "paste"
		s.articles = append(s.articles, a)
	}
	s.logf("seed %d: %d clients of %v, %d articles, pull limit %d, push batch %d", seed, nClients, annotators, len(s.articles), s.pullLimit, s.pushBatch)
	if err := s.addUsers(annotators); err != nil {
		s.failf("make the users: %v", err)
		return s
	}

	for s.step = 0; s.step < simSteps && len(s.failures) == 0; s.step++ {
		c := s.clients[s.rng.IntN(len(s.clients))]
		switch x := s.rng.IntN(100); {
		case x < 40:
			s.edit(c)
		case x < 78:
			s.round(c, false)
		case x < 83:
			if s.step >= c.offlineUntil {
				c.offlineUntil = s.step + 5 + s.rng.IntN(40)
				s.stats["offline period"]++
				s.logf("%s goes offline until step %d", c.name, c.offlineUntil)
			}
		case x < 89:
			s.round(c, true)
		case x < 91:
			s.backend.restart(s)
		case x < 92:
			s.backend.operate(s)
		default:
			if len(s.held) > 0 {
				s.deliverHeld(s.rng.IntN(len(s.held)))
			} else {
				s.round(c, false)
			}
		}
	}
	if len(s.failures) == 0 {
		s.heal()
	}
	if len(s.failures) == 0 {
		s.check()
	}
	if len(s.failures) == 0 {
		backend.check(s)
	}
	if s.serverLog.Len() > 0 {
		s.failf("the server logged: %s", s.serverLog.String())
	}
	if !slices.ContainsFunc(madeKinds, func(k string) bool { return s.stats[k] == 0 }) {
		s.stats["seed made every kind"]++
	}
	return s
}

// addUsers makes, through the server's store, a user and an API token for
// each annotator, as an account made from an older database's annotator
// name is (its login the name in lower case, its annotator the name), and
// the operator's admin.
func (s *sim) addUsers(annotators []string) error {
	ctx := testContext()
	s.tokens = map[string]string{}
	for _, name := range append(slices.Clone(annotators), simAdmin) {
		u := server.User{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", len(s.tokens)), Login: annotations.NormalizeLogin(name), Annotator: name,
			Admin: name == simAdmin, Created: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
		if err := s.store.CreateUser(ctx, u); err != nil {
			return err
		}
		_, token, err := server.NewAPIToken(ctx, s.store, u.ID, "simulation", u.Created)
		if err != nil {
			return err
		}
		s.tokens[name] = token
	}
	return nil
}

// sqliteServer is one server on SQLite, with its data in the run's
// folder: it restarts, and its operator backs it up and restores it.
type sqliteServer struct{ db *sqlite.Store }

func (*sqliteServer) test() string { return "TestSimulation" }

func (b *sqliteServer) start(s *sim) error { return b.openServer(s) }

func (b *sqliteServer) stop(s *sim) { b.db.Close() }

func (b *sqliteServer) restart(s *sim) { b.restartServer(s) }

func (b *sqliteServer) operate(s *sim) {
	if !s.hasBackup || s.rng.IntN(2) == 0 {
		b.backupServer(s)
	} else {
		b.restoreServer(s)
	}
}

func (*sqliteServer) transport(c *client, t replica.Transport) replica.Transport { return t }

func (*sqliteServer) heal(s *sim) {}

func (*sqliteServer) check(s *sim) {}

// serverDir is the server's data folder, backupPath its backup's file.
func (s *sim) serverDir() string  { return filepath.Join(s.dir, "server") }
func (s *sim) backupPath() string { return filepath.Join(s.dir, "backup.db") }

// simLogger is a server's logger: what it logs at warning level or above
// fails the run.
func (s *sim) simLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(&s.serverLog, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// simHosts are the host names a server answers for: the devices' requests
// are httptest.NewRequest's, for example.com.
var simHosts = []string{"example.com"}

func (b *sqliteServer) openServer(s *sim) error {
	store, err := sqlite.Open(s.serverDir())
	if err != nil {
		return err
	}
	b.db, s.store = store, store
	s.handler = server.NewHandler(store, server.Options{Logger: s.simLogger(), Hosts: simHosts})
	return nil
}

// restartServer closes the store and opens it again, with a new handler,
// then checks that no acknowledged change was lost.
func (b *sqliteServer) restartServer(s *sim) {
	if err := b.db.Close(); err != nil {
		s.failf("close the server's store: %v", err)
	}
	if err := b.openServer(s); err != nil {
		s.failf("reopen the server's store: %v", err)
		return
	}
	s.stats["server restart"]++
	s.logf("server restarts")
	s.checkAcked(s.acked, "acknowledged")
}

// backupServer takes a backup of the server's database while it serves,
// as gloss backup does.
func (b *sqliteServer) backupServer(s *sim) {
	if err := os.RemoveAll(s.backupPath()); err != nil {
		s.failf("remove the last backup: %v", err)
	}
	if _, err := b.db.Backup(testContext(), s.backupPath()); err != nil {
		s.failf("back the server up: %v", err)
		return
	}
	s.backupAcked, s.hasBackup = maps.Clone(s.acked), true
	s.stats["server backup"]++
	s.logf("server backed up")
}

// restoreServer stops the server and puts the backup in place of its
// database, as the README says to: what the server acknowledged since is
// gone, and must come back from the devices.
func (srv *sqliteServer) restoreServer(s *sim) {
	if err := srv.db.Close(); err != nil {
		s.failf("close the server's store: %v", err)
	}
	b, err := os.ReadFile(s.backupPath())
	if err != nil {
		s.failf("read the backup: %v", err)
		return
	}
	db := filepath.Join(s.serverDir(), sqlite.FileName)
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(db + suffix); err != nil && !os.IsNotExist(err) {
			s.failf("remove %s: %v", db+suffix, err)
		}
	}
	if err := os.WriteFile(db, b, 0o644); err != nil {
		s.failf("restore the server: %v", err)
	}
	if err := srv.openServer(s); err != nil {
		s.failf("reopen the server's store: %v", err)
		return
	}
	s.acked, s.restored = maps.Clone(s.backupAcked), true
	s.stats["server restore"]++
	s.logf("server restored from its backup (%d acknowledged revisions lost)", len(s.everAcked)-len(s.acked))
	s.checkAcked(s.acked, "acknowledged before the backup")
}

// round runs one sync round of c; with crash, the device crashes at a
// random call of it (if the round gets that far) and restarts with its
// store as the crash left it.
func (s *sim) round(c *client, crash bool) {
	c.crashAt, c.crashed = -1, false
	if crash {
		c.crashAt, c.crashCommits = s.rng.IntN(12), s.rng.IntN(2) == 0
	}
	s.stats["round"]++
	out := replica.Round(testContext(), crashingStore{c}, s.newClient(c), c.annotator)
	if c.crashed {
		s.stats["client crash"]++
	}
	c.crashAt, c.crashed = -1, false
	s.logf("%s round: pulled %v, err %v", c.name, out.Pulled, out.Err)
}

// newClient returns c's API client, over its faulty transport to the
// backend's server.
func (s *sim) newClient(c *client) *replica.Client {
	cl := newClient(c)
	cl.Transport = s.backend.transport(c, cl.Transport)
	return cl
}

func testContext() context.Context { return context.Background() }

func short(id string) string {
	if len(id) > 10 {
		return id[:10]
	}
	return id
}

// heal ends the faults: held pushes are delivered or lost, devices come
// online, and every device syncs until two passes in a row change nothing.
func (s *sim) heal() {
	s.logf("the network heals")
	s.healed = true
	s.backend.heal(s)
	for len(s.held) > 0 {
		if s.rng.IntN(2) == 0 {
			s.deliverHeld(0)
		} else {
			s.logf("held push of %d from %s is lost", s.held[0].revs, s.held[0].from)
			s.held = s.held[1:]
		}
	}
	for _, c := range s.clients {
		c.offlineUntil = 0
	}
	quiet := 0
	for pass := 0; pass < maxSettle && quiet < 2; pass++ {
		before := s.versions()
		for _, c := range s.clients {
			out := replica.Round(testContext(), crashingStore{c}, s.newClient(c), c.annotator)
			s.logf("%s settling round: pulled %v, err %v", c.name, out.Pulled, out.Err)
			if out.Err != nil {
				s.failf("%s: a round on a healed network failed: %v", c.name, out.Err)
				return
			}
		}
		if slices.Equal(before, s.versions()) {
			quiet++
		} else {
			quiet = 0
		}
	}
	if quiet < 2 {
		s.failf("the devices did not settle in %d rounds each", maxSettle)
	}
}

func (s *sim) versions() []int {
	v := make([]int, len(s.clients))
	for i, c := range s.clients {
		v[i] = c.store.Version
	}
	return v
}

// serverSets reads every annotation set the server has, by set.
func (s *sim) serverSets() (map[server.SetRef][]annotations.Revision, []server.SetRef, bool) {
	ctx := testContext()
	refs, err := s.store.Sets(ctx, "")
	if err != nil {
		s.failf("list the server's sets: %v", err)
		return nil, nil, false
	}
	sets := map[server.SetRef][]annotations.Revision{}
	for _, ref := range refs {
		revs, err := s.store.SetRevisions(ctx, ref)
		if err != nil {
			s.failf("read the server's set %v: %v", ref, err)
			return nil, nil, false
		}
		sets[ref] = revs
	}
	return sets, refs, true
}

// checkAcked checks that the server has every revision of acked, which
// what says.
func (s *sim) checkAcked(acked map[string]bool, what string) {
	sets, _, ok := s.serverSets()
	if !ok {
		return
	}
	have := map[string]bool{}
	for _, revs := range sets {
		for _, r := range revs {
			have[r.ID] = true
		}
	}
	var lost []string
	for id := range acked {
		if !have[id] {
			lost = append(lost, id)
		}
	}
	slices.Sort(lost)
	if len(lost) > 0 {
		s.failf("%d revisions %s are not on the server: %v", len(lost), what, abbreviate(lost))
	}
}

// check verifies the end state of a healed run.
func (s *sim) check() {
	// 1. Every acknowledged change is on the server, those a restore lost
	// included, and nothing is pending.
	s.checkAcked(s.everAcked, "ever acknowledged")
	for _, c := range s.clients {
		if n, err := replica.CountPending(c.store, c.annotator); err != nil || n != 0 {
			s.failf("%s still has %d revisions or articles pending (%v)", c.name, n, err)
		}
	}
	sets, refs, ok := s.serverSets()
	if !ok {
		return
	}
	// 2. Every replica equals the server: the same revisions of each of
	// its annotator's sets, hence the same winners, conflicts and heads.
	for ref, revs := range sets {
		built, err := annotations.BuildSet(ref, revs)
		if err != nil {
			s.failf("server set %v: %v", ref, err)
			continue
		}
		if len(built.Conflicts) > 0 {
			s.stats["conflicted set at the end"]++
		}
		if len(built.Review) > 0 {
			s.stats["review flag at the end"]++
		}
	}
	for _, c := range s.clients {
		byArticle := map[string][]annotations.Revision{}
		for _, r := range c.store.Revisions() {
			if r.Annotator != c.annotator {
				s.failf("%s (annotator %q) holds a revision of %q", c.name, c.annotator, r.Annotator)
				continue
			}
			byArticle[r.ArticleID] = append(byArticle[r.ArticleID], r)
		}
		for _, ref := range refs {
			if ref.Annotator == c.annotator {
				if _, ok := byArticle[ref.ArticleID]; !ok {
					byArticle[ref.ArticleID] = nil
				}
			}
		}
		for articleID, mine := range byArticle {
			if _, _, ok, _ := c.store.Article(articleID); !ok {
				s.failf("%s has the set of article %.8s but not the article", c.name, articleID)
			}
			theirs := sets[server.SetRef{ArticleID: articleID, Annotator: c.annotator}]
			if onlyMine, onlyTheirs := difference(revIDs(mine), revIDs(theirs)); len(onlyMine)+len(onlyTheirs) > 0 {
				s.failf("%s's set of article %.8s differs from the server's: %d revisions only on the device %v, %d only on the server %v",
					c.name, articleID, len(onlyMine), abbreviate(onlyMine), len(onlyTheirs), abbreviate(onlyTheirs))
				continue
			}
			a, err := annotations.BuildSet(annotations.SetKey{ArticleID: articleID, Annotator: c.annotator}, mine)
			b, err2 := annotations.BuildSet(annotations.SetKey{ArticleID: articleID, Annotator: c.annotator}, theirs)
			if err != nil || err2 != nil {
				s.failf("%s: build set %.8s: %v %v", c.name, articleID, err, err2)
				continue
			}
			if parts := setDifference(a, b); len(parts) > 0 {
				var items []string
				for item, h := range headIDs(a) {
					if headIDs(b)[item] != h {
						items = append(items, item)
					}
				}
				slices.Sort(items)
				s.failf("%s's set of article %.8s resolves differently from the server's (same revisions): %v differ; %d against %d entities, %d against %d conflicts, winners differ for items %v",
					c.name, articleID, parts, len(a.Entities), len(b.Entities), len(a.Conflicts), len(b.Conflicts), abbreviate(items))
			}
		}
		for _, a := range c.store.Articles() {
			got, err := s.store.Article(testContext(), a.Article.ID)
			if err != nil || got.Text != a.Article.Text || !a.Sent {
				s.failf("%s's article %.8s: on the server %v, sent %v", c.name, a.Article.ID, err, a.Sent)
			}
		}
	}
	// 3. Replaying every revision changes nothing.
	s.checkReplay(sets, refs)
}

// checkReplay pushes every revision the server has again and checks that
// each is a duplicate and that the export and every pull read the same
// bytes as before.
func (s *sim) checkReplay(sets map[server.SetRef][]annotations.Revision, refs []server.SetRef) {
	before := s.snapshot()
	var all []annotations.Revision
	for _, ref := range refs {
		all = append(all, sets[ref]...)
	}
	// Each annotator's, as that annotator: a push is of one's own sets.
	byAnnotator := map[string][]annotations.Revision{}
	for _, r := range all {
		byAnnotator[r.Annotator] = append(byAnnotator[r.Annotator], r)
	}
	for _, annotator := range slices.Sorted(maps.Keys(byAnnotator)) {
		s.replayAs(annotator, byAnnotator[annotator])
	}
	s.final = s.snapshot()
	if s.final != before {
		s.failf("replay changed what the server answers:\nbefore: %s\nafter:  %s", before, s.final)
	}
}

// replayAs pushes all again as annotator and checks that each is a
// duplicate.
func (s *sim) replayAs(annotator string, all []annotations.Revision) {
	for batch := range slices.Chunk(all, replica.PushBatch) {
		body, _ := json.Marshal(map[string]any{"revisions": batch})
		status, reply := s.serve(annotator, "POST", "/api/v1/sync/push", body)
		var out struct {
			Results []replica.PushResult `json:"results"`
		}
		if status != http.StatusOK || json.Unmarshal(reply, &out) != nil || len(out.Results) != len(batch) {
			s.failf("replay: answered %d: %s", status, reply)
			return
		}
		for i, res := range out.Results {
			if res.Status != "duplicate" || res.Rev != batch[i].ID {
				s.failf("replay of %s: %s %s", batch[i].ID, res.Rev, res.Status)
			}
		}
	}
}

// snapshot is the server's export and every annotator's full pull.
func (s *sim) snapshot() string {
	var b strings.Builder
	status, export := s.serve(simAdmin, "GET", "/api/v1/export?format=jsonl", nil)
	fmt.Fprintf(&b, "export %d:\n%s", status, export)
	annotators := map[string]bool{}
	for _, c := range s.clients {
		annotators[c.annotator] = true
	}
	names := make([]string, 0, len(annotators))
	for a := range annotators {
		names = append(names, a)
	}
	slices.Sort(names)
	for _, a := range names {
		since := ""
		for range 1000 {
			q := url.Values{"annotator": {a}, "limit": {"500"}}
			if since != "" {
				q.Set("since", since)
			}
			status, page := s.serve(a, "GET", "/api/v1/sync/pull?"+q.Encode(), nil)
			fmt.Fprintf(&b, "pull %s since %q %d:\n%s", a, since, status, page)
			var p replica.PullPage
			if json.Unmarshal(page, &p) != nil || !p.More {
				break
			}
			since = p.Cursor
		}
	}
	return b.String()
}

func revIDs(revs []annotations.Revision) []string {
	ids := make([]string, len(revs))
	for i, r := range revs {
		ids[i] = r.Item + "/" + r.ID
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// difference returns what only a has and what only b has, of two sorted
// lists.
func difference(a, b []string) (onlyA, onlyB []string) {
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			onlyA = append(onlyA, x)
		}
	}
	for _, x := range b {
		if _, found := slices.BinarySearch(a, x); !found {
			onlyB = append(onlyB, x)
		}
	}
	return onlyA, onlyB
}

// abbreviate shortens a list of item/rev IDs for a failure message.
func abbreviate(ids []string) []string {
	var out []string
	for i, id := range ids {
		if i == 5 {
			out = append(out, "…")
			break
		}
		if item, rev, ok := strings.Cut(id, "/"); ok {
			out = append(out, short(item)+"/"+short(rev))
		} else {
			out = append(out, short(id))
		}
	}
	return out
}

// setDifference names the parts in which two builds of a set differ: its
// schema, its items of each kind, its review flags, its conflicts, the
// winners of its items.
func setDifference(a, b annotations.Set) []string {
	var parts []string
	for _, p := range []struct {
		name string
		same bool
	}{
		{"schema", reflect.DeepEqual(a.Schema, b.Schema)},
		{"entities", reflect.DeepEqual(a.Entities, b.Entities)},
		{"quotes", reflect.DeepEqual(a.Quotes, b.Quotes)},
		{"stances", reflect.DeepEqual(a.Stances, b.Stances)},
		{"groups", reflect.DeepEqual(a.Groups, b.Groups)},
		{"review flags", reflect.DeepEqual(a.Review, b.Review)},
		{"conflicts", slices.Equal(revIDs(a.Conflicts), revIDs(b.Conflicts))},
		{"winners", reflect.DeepEqual(headIDs(a), headIDs(b))},
	} {
		if !p.same {
			parts = append(parts, p.name)
		}
	}
	return parts
}

func headIDs(s annotations.Set) map[string]string {
	m := map[string]string{}
	for item, r := range s.Heads {
		m[item] = r.ID
	}
	return m
}

// report is a failing seed's failures and its last events.
func (s *sim) report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d failed (replay: go test ./app/replica -run '%s$' -seed %d -v):\n", s.seed, s.backend.test(), s.seed)
	for _, f := range s.failures {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	tail := s.events[max(0, len(s.events)-logTail):]
	fmt.Fprintf(&b, "last %d of %d events:\n", len(tail), len(s.events))
	for _, e := range tail {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	return b.String()
}

// TestSimulation runs -seeds seeds (or the one -seed) in parallel and
// checks that together they exercised every kind of fault.
func TestSimulation(t *testing.T) {
	base := t.TempDir()
	runSimulation(t, seedList(*seeds), slices.Concat(faultKinds, editKinds), 20, func(seed int64, verbose bool) *sim {
		dir, err := os.MkdirTemp(base, fmt.Sprint("seed", seed, "-"))
		if err != nil {
			return &sim{seed: seed, backend: &sqliteServer{}, failures: []string{err.Error()}}
		}
		defer os.RemoveAll(dir)
		return runSeed(seed, dir, verbose)
	})
}

// seedList is the seeds a simulation test runs: the first n, or the one
// -seed.
func seedList(n int) []int64 {
	if *seedFlag >= 0 {
		return []int64{*seedFlag}
	}
	list := make([]int64, n)
	for i := range list {
		list[i] = int64(i)
	}
	return list
}

// runSimulation runs the seeds of list with run, in parallel, reports the
// failing ones, and, when it ran at least minSeeds (fewer may miss a rare
// kind), checks that together they had every event of kinds.
func runSimulation(t *testing.T, list []int64, kinds []string, minSeeds int, run func(seed int64, verbose bool) *sim) {
	start := time.Now()
	work := make(chan int64)
	var mu sync.Mutex
	totals := map[string]int{}
	var failed []*sim
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(list)) {
		wg.Go(func() {
			for seed := range work {
				s := run(seed, *seedFlag >= 0 && testing.Verbose())
				mu.Lock()
				for k, n := range s.stats {
					totals[k] += n
				}
				if len(s.failures) > 0 {
					failed = append(failed, s)
				}
				mu.Unlock()
			}
		})
	}
	for _, seed := range list {
		work <- seed
	}
	close(work)
	wg.Wait()

	slices.SortFunc(failed, func(a, b *sim) int { return cmp.Compare(a.seed, b.seed) })
	for i, s := range failed {
		if i < maxReported {
			t.Error(s.report())
		}
	}
	if len(failed) > 0 {
		seedsFailed := make([]int64, len(failed))
		for i, s := range failed {
			seedsFailed[i] = s.seed
		}
		t.Errorf("%d of %d seeds failed: %v", len(failed), len(list), seedsFailed)
	}
	keys := make([]string, 0, len(totals))
	for k := range totals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var counts []string
	for _, k := range keys {
		counts = append(counts, fmt.Sprintf("%s %d", k, totals[k]))
	}
	t.Logf("events over all seeds: %s", strings.Join(counts, ", "))
	if len(list) >= minSeeds {
		for _, k := range kinds {
			if totals[k] == 0 {
				t.Errorf("no seed had a %s: the simulation does not exercise it", k)
			}
		}
	}
	t.Logf("%d seeds passed of %d, in %v", len(list)-len(failed), len(list), time.Since(start).Round(time.Millisecond))
}

// TestSimulationReplays checks that a seed is a replay: the same seed runs
// the same events to the same server state.
func TestSimulationReplays(t *testing.T) {
	for _, seed := range []int64{3, 4} {
		var runs [2]*sim
		for i := range runs {
			runs[i] = runSeed(seed, t.TempDir(), false)
			if len(runs[i].failures) > 0 {
				t.Fatal(runs[i].report())
			}
		}
		if !slices.Equal(runs[0].events, runs[1].events) {
			t.Errorf("seed %d ran different events twice: %d and %d events", seed, len(runs[0].events), len(runs[1].events))
		}
		if !reflect.DeepEqual(runs[0].stats, runs[1].stats) {
			t.Errorf("seed %d counted %v then %v", seed, runs[0].stats, runs[1].stats)
		}
		if runs[0].final == "" || runs[0].final != runs[1].final {
			t.Errorf("seed %d ended with different server states:\n%s\n%s", seed, runs[0].final, runs[1].final)
		}
	}
}
