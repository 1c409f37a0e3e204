package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	glossserver "github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/google/uuid"
)

// Bounds of TestSIGKILLDuringPushesLosesNoAcknowledgedChange.
const (
	killCount     = 15               // SIGKILLs while pushes run
	killBudget    = 30 * time.Second // the kills stop after this, however many were sent
	killMinGap    = 20 * time.Millisecond
	killMaxGap    = 300 * time.Millisecond
	killPushers   = 4
	killMaxBatch  = 20
	killAnnotator = "killer"
	// The test proves something only with at least this many kills and
	// acknowledged revisions.
	killMinKills = 5
	killMinAcked = 50
)

// killableServer is a `gloss serve` process that the test ends with SIGKILL.
type killableServer struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has exited
}

// startKillable runs gloss serve on addr with dataDir, as startServer does,
// and waits until the API answers (401 to GET /api/v1/me, no session). Every start writes its
// output to out after a header line. It returns an error rather than
// failing the test, so that a caller may try again.
func startKillable(addr, dataDir string, out *syncBuffer, n int) (*killableServer, error) {
	fmt.Fprintf(out, "=== start %d: gloss serve --addr %s --data %s\n", n, addr, dataDir)
	cmd := exec.Command(glossBin, "serve", "--addr", addr, "--data", dataDir)
	cmd.Dir = dataDir
	cmd.Stdout = out
	cmd.Stderr = out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", glossBin, err)
	}
	s := &killableServer{cmd: cmd, exited: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(s.exited)
	}()
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := time.Now().Add(20 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return nil, fmt.Errorf("gloss serve exited before it answered (%v)", cmd.ProcessState)
		default:
		}
		resp, err := client.Get("http://" + addr + "/api/v1/me")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusUnauthorized {
				return s, nil
			}
			err = fmt.Errorf("GET /api/v1/me: %s, want 401 without a session", resp.Status)
		}
		lastErr = err
		time.Sleep(10 * time.Millisecond)
	}
	s.kill()
	return nil, fmt.Errorf("gloss serve did not answer within 20s: %v", lastErr)
}

// kill sends SIGKILL and waits until the process is gone, so that its port
// and database are free. Killing an exited server does nothing.
func (s *killableServer) kill() {
	select {
	case <-s.exited:
		return
	default:
	}
	s.cmd.Process.Kill()
	<-s.exited
}

// terminate sends SIGTERM and waits for the process to exit, at most 10 s.
func (s *killableServer) terminate() error {
	select {
	case <-s.exited:
		return fmt.Errorf("gloss serve had already exited (%v)", s.cmd.ProcessState)
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		s.kill()
		return errors.New("gloss serve did not stop within 10s of SIGTERM: killed")
	}
	if !s.cmd.ProcessState.Success() {
		return fmt.Errorf("gloss serve exited with %v after SIGTERM", s.cmd.ProcessState)
	}
	return nil
}

// killText is the article the revisions annotate; not ASCII throughout, so
// that code-point offsets differ from byte offsets.
const killText = `Rex Tillerson met Sergei Lavrov in Moscow on Wednesday. The talks in the Kremlin ran long.

Angela Merkel flew from Berlin to Zürich, then on to São Paulo, where Lula da Silva waited. 🎉 Everyone agreed on nothing.

Later the delegates met again in Genève and Kraków; the minutes name Ólafur Ragnar Grímsson and Jürgen Klopp.`

// killPusher makes and pushes one goroutine's revisions. Its items are its
// own, so no two goroutines push the same revision.
type killPusher struct {
	rng     *rand.Rand
	article string
	text    []rune
	heads   []annotations.Revision // the live head of each item it made, acknowledged or not
	pending []annotations.Revision // pushed without acknowledgement: pushed again, as the client does
}

// entity returns a random mention of the text for item id.
func (p *killPusher) entity(id string) (annotations.Entity, error) {
	start := p.rng.IntN(len(p.text) - 1)
	end := start + 1 + p.rng.IntN(min(20, len(p.text)-start))
	span, err := annotations.NewSpan(p.text, start, end)
	if err != nil {
		return annotations.Entity{}, err
	}
	labels := []string{"PER", "PER", "ORG", "LOC"}
	return annotations.Entity{ID: id, Span: span, Label: labels[p.rng.IntN(len(labels))]}, nil
}

// next returns a new revision: a new mention, an edit of one of the
// pusher's items (sometimes a conflicting one), or the deletion of one.
func (p *killPusher) next() (annotations.Revision, error) {
	x := p.rng.Float64()
	switch {
	case len(p.heads) == 0 || x < 0.45:
		e, err := p.entity(uuid.NewString())
		if err != nil {
			return annotations.Revision{}, err
		}
		r, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: p.article, Annotator: killAnnotator}, e)
		if err == nil {
			p.heads = append(p.heads, r)
		}
		return r, err
	case x < 0.85:
		i := p.rng.IntN(len(p.heads))
		e, err := p.entity(p.heads[i].Item)
		if err != nil {
			return annotations.Revision{}, err
		}
		r, err := annotations.NewEntityRevision(p.heads[i].ID, annotations.SetKey{ArticleID: p.article, Annotator: killAnnotator}, e)
		// Now and then the head stays, so that a later edit of it is a
		// sibling of this one: a conflict, as two devices make.
		if err == nil && x < 0.78 {
			p.heads[i] = r
		}
		return r, err
	default:
		i := p.rng.IntN(len(p.heads))
		r, err := annotations.NewDeletion(p.heads[i])
		if err == nil {
			p.heads = append(p.heads[:i], p.heads[i+1:]...)
		}
		return r, err
	}
}

// batch returns the next push: the revisions still unacknowledged first,
// then new ones, 1 to killMaxBatch in all.
func (p *killPusher) batch() ([]annotations.Revision, error) {
	n := 1 + p.rng.IntN(killMaxBatch)
	k := min(n, len(p.pending))
	out := append([]annotations.Revision(nil), p.pending[:k]...)
	p.pending = p.pending[k:]
	for len(out) < n {
		r, err := p.next()
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// killStats counts what the pushes got.
type killStats struct {
	mu          sync.Mutex
	acked       map[string]annotations.Revision // item/rev → acknowledged revision
	sent        map[string]annotations.Revision // item/rev → every revision pushed at least once
	pushes      int                             // push requests sent
	ackedPushes int                             // answered 200 with every revision applied or duplicate
	failed      int                             // connection errors, timeouts, cut-off answers
	status5xx   int                             // answered with a server error
	duplicates  int                             // acknowledged as duplicate (an earlier push had stored it unacknowledged, or was acknowledged too)
	problems    []string                        // answers no push of valid revisions should get
}

func revKey(r annotations.Revision) string { return r.Item + "/" + r.ID }

// pushOnce pushes revs and reports whether every one of them was
// acknowledged. An answer other than a transport failure, a 5xx or a 200 with
// a result of applied or duplicate for each revision is a problem.
func pushOnce(client *http.Client, base string, revs []annotations.Revision, st *killStats) bool {
	body, err := json.Marshal(map[string]any{"revisions": revs})
	if err != nil {
		panic(err)
	}
	st.mu.Lock()
	st.pushes++
	for _, r := range revs {
		st.sent[revKey(r)] = r
	}
	st.mu.Unlock()
	fail := func(problem string) bool {
		st.mu.Lock()
		defer st.mu.Unlock()
		if problem != "" {
			st.problems = append(st.problems, problem)
		} else {
			st.failed++
		}
		return false
	}
	resp, err := client.Post(base+"/api/v1/sync/push", "application/json", bytes.NewReader(body))
	if err != nil {
		return fail("")
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return fail("") // the server died while answering
	}
	if resp.StatusCode >= 500 {
		st.mu.Lock()
		st.status5xx++
		st.mu.Unlock()
		return false
	}
	if resp.StatusCode != http.StatusOK {
		return fail(fmt.Sprintf("push of %d valid revisions: %s: %s", len(revs), resp.Status, answer))
	}
	var got struct {
		Results []struct {
			Rev    string `json:"rev"`
			Item   string `json:"item"`
			Status string `json:"status"`
		} `json:"results"`
	}
	if err := json.Unmarshal(answer, &got); err != nil {
		// A 200 whose body was cut short by the kill is not an
		// acknowledgement; one that is whole but malformed is a problem.
		if !json.Valid(answer) {
			return fail("")
		}
		return fail(fmt.Sprintf("push answer does not decode: %v: %s", err, answer))
	}
	if len(got.Results) != len(revs) {
		return fail(fmt.Sprintf("push of %d revisions answered %d results: %s", len(revs), len(got.Results), answer))
	}
	for i, res := range got.Results {
		if res.Rev != revs[i].ID || res.Item != revs[i].Item || (res.Status != "applied" && res.Status != "duplicate") {
			return fail(fmt.Sprintf("push result %d is %+v for revision %s of item %s (200 answer): %s", i, res, revs[i].ID, revs[i].Item, answer))
		}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.ackedPushes++
	for i, r := range revs {
		st.acked[revKey(r)] = r
		if got.Results[i].Status == "duplicate" {
			st.duplicates++
		}
	}
	return true
}

// TestSIGKILLDuringPushesLosesNoAcknowledgedChange kills the server with
// SIGKILL at random moments while several clients push batches of
// revisions, restarting it on the same port and data folder each time.
// Every revision whose push was acknowledged (200, applied or duplicate)
// must then be pulled back exactly once with the same body, the export must
// agree with the pulled revisions, and the database must pass SQLite's
// integrity check.
func TestSIGKILLDuringPushesLosesNoAcknowledgedChange(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0x6b696c6c))

	dataDir := t.TempDir()
	addr := freeAddr(t)
	base := "http://" + addr
	out := &syncBuffer{}
	starts := 0
	var current *killableServer
	t.Cleanup(func() {
		if current != nil {
			current.kill()
		}
		if t.Failed() {
			t.Logf("output of every gloss serve --addr %s:\n%s", addr, out.String())
		}
	})
	start := func() {
		t.Helper()
		var err error
		// The port is free once the killed process has exited; trying
		// again covers a slow release all the same.
		for try := 0; try < 5; try++ {
			starts++
			if current, err = startKillable(addr, dataDir, out, starts); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		current = nil
		t.Fatalf("restart %d on %s: %v", starts, addr, err)
	}
	start()

	// The article.
	local, err := annotations.NewArticle("Kill test", killText, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	// Every request is the annotator's, with the session of one sign-in:
	// sessions outlive the kills.
	addUser(t, dataDir, killAnnotator, false)
	signedIn, err := signInClient(base, killAnnotator)
	if err != nil {
		t.Fatal(err)
	}
	articleBody, _ := json.Marshal(map[string]string{"title": local.Title, "text": killText})
	resp, err := signedIn.Post(base+"/api/v1/articles", "application/json", bytes.NewReader(articleBody))
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/v1/articles: %s: %s", resp.Status, answer)
	}
	var stored annotations.Article
	if err := json.Unmarshal(answer, &stored); err != nil || stored.ID != local.ID || stored.Text != local.Text {
		t.Fatalf("POST /api/v1/articles answered %s (%v), want the article %s", answer, err, local.ID)
	}

	// The pushers run until stop is closed.
	st := &killStats{acked: map[string]annotations.Revision{}, sent: map[string]annotations.Revision{}}
	transport := &http.Transport{MaxIdleConnsPerHost: killPushers}
	defer transport.CloseIdleConnections()
	client := &http.Client{Timeout: 2 * time.Second, Transport: transport, Jar: signedIn.Jar}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var genErrMu sync.Mutex
	var genErr error
	for w := range killPushers {
		p := &killPusher{rng: rand.New(rand.NewPCG(seed, uint64(w+1))), article: local.ID, text: []rune(local.Text)}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				revs, err := p.batch()
				if err != nil {
					genErrMu.Lock()
					genErr = err
					genErrMu.Unlock()
					return
				}
				if !pushOnce(client, base, revs, st) {
					p.pending = append(revs, p.pending...)
					time.Sleep(time.Duration(2+p.rng.IntN(10)) * time.Millisecond)
				}
			}
		}()
	}

	// Kill and restart at random moments.
	began := time.Now()
	kills := 0
	for kills < killCount && time.Since(began) < killBudget {
		time.Sleep(killMinGap + time.Duration(rng.Int64N(int64(killMaxGap-killMinGap))))
		current.kill()
		kills++
		start()
	}
	close(stop)
	wg.Wait()
	elapsed := time.Since(began)
	if genErr != nil {
		t.Fatalf("make a revision: %v", genErr)
	}

	// One more kill with nothing in flight: the acknowledgements of the
	// last pushes must not depend on a graceful shutdown either.
	current.kill()
	start()

	st.mu.Lock()
	t.Logf("%d kills in %v (+1 after the last push); %d pushes: %d acknowledged, %d failed (connection, timeout, cut-off answer), %d answered 5xx; %d distinct revisions pushed, %d acknowledged (%d acknowledgements as duplicate)",
		kills, elapsed.Round(time.Millisecond), st.pushes, st.ackedPushes, st.failed, st.status5xx, len(st.sent), len(st.acked), st.duplicates)
	for _, p := range st.problems {
		t.Errorf("unexpected push answer: %s", p)
	}
	st.mu.Unlock()

	// Pull everything back.
	pulled := map[string]int{}
	var all []annotations.Revision
	since := "0"
	pullClient := &http.Client{Timeout: 10 * time.Second, Jar: signedIn.Jar}
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatalf("pull did not end after %d pages", page)
		}
		q := url.Values{"annotator": {killAnnotator}, "since": {since}, "limit": {"1000"}}
		resp, err := pullClient.Get(base + "/api/v1/sync/pull?" + q.Encode())
		if err != nil {
			t.Fatalf("pull since %s: %v", since, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("pull since %s: %s (%v): %s", since, resp.Status, err, body)
		}
		var pr struct {
			Revisions []annotations.Revision `json:"revisions"`
			Cursor    string                 `json:"cursor"`
			More      bool                   `json:"more"`
		}
		if err := json.Unmarshal(body, &pr); err != nil {
			t.Fatalf("pull since %s: %v: %s", since, err, body)
		}
		// A cursor is "SEQ.REV": its sequence number grows.
		seqOf := func(cursor string) (int64, error) {
			seq, _, _ := strings.Cut(cursor, ".")
			return strconv.ParseInt(seq, 10, 64)
		}
		prev, _ := seqOf(since)
		next, err := seqOf(pr.Cursor)
		if err != nil || (len(pr.Revisions) > 0 && next <= prev) || (pr.More && len(pr.Revisions) == 0) {
			t.Fatalf("pull since %s: cursor %q with %d revisions, more %v", since, pr.Cursor, len(pr.Revisions), pr.More)
		}
		for _, r := range pr.Revisions {
			pulled[revKey(r)]++
			all = append(all, r)
		}
		since = pr.Cursor
		if !pr.More {
			break
		}
	}

	// Every acknowledged revision is there once, byte for byte; nothing
	// is there that was never pushed.
	lost := 0
	byKey := map[string]annotations.Revision{}
	for _, r := range all {
		byKey[revKey(r)] = r
	}
	st.mu.Lock()
	for k, want := range st.acked {
		n := pulled[k]
		if n != 1 {
			if n == 0 {
				lost++
			}
			if lost <= 20 || n > 1 {
				t.Errorf("acknowledged revision %s is pulled %d times, want once", k, n)
			}
			continue
		}
		got := byKey[k]
		if !bytes.Equal(got.Body, want.Body) || got.Parent != want.Parent || got.Deleted != want.Deleted ||
			got.Kind != want.Kind || got.ArticleID != want.ArticleID || got.Annotator != want.Annotator {
			t.Errorf("acknowledged revision %s came back changed:\n got %+v (body %s)\nwant %+v (body %s)", k, got, got.Body, want, want.Body)
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged revisions lost", lost, len(st.acked))
	}
	unacked := 0
	for k, n := range pulled {
		sent, ok := st.sent[k]
		switch {
		case !ok:
			t.Errorf("pulled revision %s was never pushed", k)
		case n > 1:
			t.Errorf("revision %s is pulled %d times, want once", k, n)
		case !bytes.Equal(byKey[k].Body, sent.Body):
			t.Errorf("revision %s came back with body %s, pushed %s", k, byKey[k].Body, sent.Body)
		}
		if _, ok := st.acked[k]; !ok {
			unacked++
		}
	}
	t.Logf("pulled %d revisions: %d acknowledged, %d stored by a push whose answer never arrived", len(all), len(all)-unacked, unacked)
	ackedN := len(st.acked)
	st.mu.Unlock()

	// The export has the set the pulled revisions make.
	resp, err = pullClient.Get(base + "/api/v1/export?format=jsonl&article=" + local.ID)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	export, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %s (%v): %s", resp.Status, err, export)
	}
	var records []annotations.ExportRecord
	sc := bufio.NewScanner(bytes.NewReader(export))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var rec annotations.ExportRecord
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			t.Fatalf("export line %q does not parse: %v", line, err)
		}
		records = append(records, rec)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read the export: %v", err)
	}
	want, err := annotations.BuildSet(annotations.SetKey{ArticleID: local.ID, Annotator: killAnnotator}, all)
	if err != nil {
		t.Fatalf("build the set from the pulled revisions: %v", err)
	}
	switch {
	case len(records) != 1:
		t.Errorf("export of article %s has %d records, want 1", local.ID, len(records))
	case records[0].ArticleID != local.ID || records[0].Annotator != killAnnotator || records[0].Text != local.Text:
		t.Errorf("export record is for article %s, annotator %q, want %s, %q", records[0].ArticleID, records[0].Annotator, local.ID, killAnnotator)
	case len(records[0].Entities) != len(want.Entities):
		t.Errorf("export has %d entities, the pulled revisions make %d", len(records[0].Entities), len(want.Entities))
	default:
		for i, e := range records[0].Entities {
			w := want.Entities[i]
			if e.ID != w.ID || e.Start != w.Start || e.End != w.End || e.Label != w.Label || e.Text != w.Exact {
				t.Errorf("export entity %d is %+v, the pulled revisions make %+v", i, e, w)
			}
		}
		t.Logf("export: %d live entities, %d conflicts", len(want.Entities), len(want.Conflicts))
	}

	// Stop the server and check the file itself.
	if err := current.terminate(); err != nil {
		t.Error(err)
	}
	current = nil
	store, err := sqlite.Open(dataDir)
	if err != nil {
		t.Fatalf("open the database after the kills: %v", err)
	}
	defer store.Close()
	ctx := context.Background()
	if res, err := store.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Errorf("integrity check: %q, %v; want ok", res, err)
	}
	page, err := store.Changes(ctx, glossserver.ChangeFilter{Annotator: killAnnotator}, glossserver.Cursor{}, len(all)+1)
	if err != nil {
		t.Fatalf("read the revisions from the file: %v", err)
	}
	if len(page.Revisions) != len(all) || page.More {
		t.Errorf("the file has %d revisions of %s (more %v), the server pulled %d", len(page.Revisions), killAnnotator, page.More, len(all))
	}

	if kills < killMinKills {
		t.Errorf("only %d kills happened, want at least %d for the test to prove anything", kills, killMinKills)
	}
	if ackedN < killMinAcked {
		t.Errorf("only %d revisions were acknowledged, want at least %d for the test to prove anything", ackedN, killMinAcked)
	}
}
