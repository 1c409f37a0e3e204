//go:build !js

package replica_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/gloss-annotate/gloss/server"
)

// Fault rates of one request while the network is unhealed, in percent.
const (
	pctDropRequest = 4 // lost on the way: the server never sees it
	pctDropReply   = 4 // the server handles it, the answer is lost
	pctDuplicate   = 4 // delivered twice, the client reads the second answer
	pctHold        = 4 // a push held back and delivered later, its answer lost
	pctFlushHeld   = 8 // before a request, a held push is delivered first
)

// pctHang is the rate, in percent, of requests the server never answers
// while the network is unhealed: half of them it handles first. The
// client's timeout (simTimeout) ends the wait.
const pctHang = 2

// simTimeout is the simulation clients' per-request timeout: a hung
// request costs a run this much.
const simTimeout = 5 * time.Millisecond

// transport is one client's replica.Transport: it carries the requests the
// real client (replica.Client) makes to the real handler in process,
// injects the faults the seed chooses, and checks every answer that
// reaches the client as a network observer would.
type transport struct{ c *client }

var _ replica.Transport = transport{}

// newClient returns the API client of c, as the browser has it, over c's
// faulty transport.
func newClient(c *client) *replica.Client {
	return &replica.Client{Transport: transport{c}, Timeout: simTimeout, PullPage: c.sim.pullLimit, PushBatch: c.sim.pushBatch}
}

// heldRequest is a request delivered later than it was sent.
type heldRequest struct {
	from         string // the device's name
	annotator    string // its user's annotator name
	method, path string
	body         []byte
	revs         int
}

// offline is the error of an unreachable server, as fetchTransport wraps it.
func offline(why string) error { return fmt.Errorf("%w (%s)", replica.ErrOffline, why) }

// requestKind names a request by what it does.
func requestKind(method, path string) string {
	switch {
	case path == api.PathPush:
		return "push"
	case strings.HasPrefix(path, api.PathPull):
		return "pull"
	case method == "POST" && path == api.PathArticles:
		return "article upload"
	}
	return "article fetch"
}

// RoundTrip sends one request through the faults, and checks and returns
// the answer the client sees.
func (t transport) RoundTrip(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	kind := requestKind(method, path)
	if kind == "push" {
		t.c.sim.noteCrossBatch(body)
	}
	status, reply, err := t.deliver(ctx, kind, method, path, body)
	if err != nil {
		return 0, nil, err
	}
	t.observe(kind, body, status, reply)
	return status, reply, nil
}

// deliver carries one request through the faults and returns the answer
// that reaches the client, if any.
func (t transport) deliver(ctx context.Context, kind, method, path string, body []byte) (int, []byte, error) {
	c, s := t.c, t.c.sim
	if c.crashed {
		return 0, nil, offline("crashed")
	}
	if c.crashNow() {
		if c.crashCommits {
			s.serve(c.annotator, method, path, body)
		}
		s.logf("%s crashes at %s (request delivered: %v)", c.name, kind, c.crashCommits)
		return 0, nil, offline("crashed")
	}
	if s.step < c.offlineUntil {
		s.stats["offline request"]++
		return 0, nil, offline("offline")
	}
	if s.healed {
		status, reply := s.serve(c.annotator, method, path, body)
		return status, reply, nil
	}
	if len(s.held) > 0 && s.rng.IntN(100) < pctFlushHeld {
		s.deliverHeld(s.rng.IntN(len(s.held)))
	}
	x := s.rng.IntN(100)
	switch {
	case x < pctDropRequest:
		s.stats["dropped request"]++
		s.logf("%s %s: request dropped", c.name, kind)
		return 0, nil, offline("request dropped")
	case x < pctDropRequest+pctDropReply:
		s.stats["dropped reply"]++
		status, _ := s.serve(c.annotator, method, path, body)
		s.logf("%s %s: delivered (%d), reply dropped", c.name, kind, status)
		return 0, nil, offline("reply dropped")
	case x < pctDropRequest+pctDropReply+pctDuplicate:
		s.stats["duplicated request"]++
		first, _ := s.serve(c.annotator, method, path, body)
		status, reply := s.serve(c.annotator, method, path, body)
		s.logf("%s %s: delivered twice (%d, %d)", c.name, kind, first, status)
		return status, reply, nil
	case kind == "push" && x < pctDropRequest+pctDropReply+pctDuplicate+pctHold:
		s.stats["reordered push"]++
		var req api.PushRequest
		json.Unmarshal(body, &req)
		s.held = append(s.held, heldRequest{from: c.name, annotator: c.annotator, method: method, path: path, body: body, revs: len(req.Revisions)})
		s.logf("%s push of %d: held back (%d held)", c.name, len(req.Revisions), len(s.held))
		return 0, nil, offline("request held back")
	case x < pctDropRequest+pctDropReply+pctDuplicate+pctHold+pctHang:
		// The server never answers (after handling the request, or
		// before): the client's timeout must end the wait.
		s.stats["request without an answer"]++
		if s.rng.IntN(2) == 0 {
			s.serve(c.annotator, method, path, body)
		}
		<-ctx.Done()
		s.logf("%s %s: no answer, the client gave up (%v)", c.name, kind, ctx.Err())
		return 0, nil, offline("no answer: " + ctx.Err().Error())
	}
	status, reply := s.serve(c.annotator, method, path, body)
	return status, reply, nil
}

// noteCrossBatch counts a push whose revisions refer to items that are not
// in it ("reference across batches"): the server must take them from what
// earlier batches stored.
func (s *sim) noteCrossBatch(body []byte) {
	var req api.PushRequest
	if json.Unmarshal(body, &req) != nil {
		return
	}
	inBatch := map[string]annotations.Kind{}
	for _, r := range req.Revisions {
		if _, ok := inBatch[r.Item]; !ok {
			inBatch[r.Item] = r.Kind
		}
	}
	for _, r := range req.Revisions {
		missing, err := annotations.MissingReferences(r, func(item string) (annotations.Kind, bool) {
			k, ok := inBatch[item]
			return k, ok
		})
		if err == nil && len(missing) > 0 {
			s.stats["reference across batches"]++
			return
		}
	}
}

// serve hands one request to the server's handler as the browser of the
// user of annotator (or simAdmin) would send it, with the user's API
// token, and returns the answer.
func (s *sim) serve(annotator, method, path string, body []byte) (int, []byte) {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.tokens[annotator])
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	s.stats["requests served"]++
	return rec.Code, rec.Body.Bytes()
}

// deliverHeld delivers held request i now; its answer is lost.
func (s *sim) deliverHeld(i int) {
	h := s.held[i]
	s.held = append(s.held[:i], s.held[i+1:]...)
	status, reply := s.serve(h.annotator, h.method, h.path, h.body)
	s.stats["held push delivered"]++
	s.logf("held push of %d from %s delivered late: %d", h.revs, h.from, status)
	if status != http.StatusOK && !(s.restored && status == http.StatusBadRequest && s.lostInRestore(h.body, reply)) {
		s.failf("a held push from %s was answered %d: %s", h.from, status, reply)
	}
}

// lostInRestore reports whether a push answer rejects revisions only for
// what a restore can lose: their article, their parent, or an item they
// refer to (the server lacks it now).
func (s *sim) lostInRestore(body, reply []byte) bool {
	var req api.PushRequest
	var out api.PushResponse
	if json.Unmarshal(body, &req) != nil || json.Unmarshal(reply, &out) != nil || len(out.Results) != len(req.Revisions) {
		return false
	}
	for i, res := range out.Results {
		if res.Status == api.StatusRejected && (res.Error == nil || (res.Error.Code != api.CodeUnknownArticle && res.Error.Code != api.CodeUnknownParent &&
			!(res.Error.Code == api.CodeUnknownItem && len(s.missingOnServer(req.Revisions[i])) > 0) && !s.labelLost(req.Revisions[i]))) {
			return false
		}
	}
	return true
}

// missingOnServer returns the items rev refers to that the server's set
// does not have (it lost them in a restore, or was never sent them).
func (s *sim) missingOnServer(rev annotations.Revision) []annotations.MissingItem {
	revs, err := s.store.SetRevisions(testContext(), server.SetRef{ArticleID: rev.ArticleID, Annotator: rev.Annotator})
	if err != nil {
		s.failf("read the server's set of %.8s: %v", rev.ArticleID, err)
		return nil
	}
	kinds := map[string]annotations.Kind{}
	for _, r := range revs {
		if _, ok := kinds[r.Item]; !ok {
			kinds[r.Item] = r.Kind
		}
	}
	missing, _ := annotations.MissingReferences(rev, func(item string) (annotations.Kind, bool) {
		k, ok := kinds[item]
		return k, ok
	})
	return missing
}

// labelLost reports whether rev is a mention or stance whose label or
// polarity no schema the server holds for its set has had (nor the
// default): the schema revision that added it was lost in a restore (the
// simulated editor uses only labels of its set's schema).
func (s *sim) labelLost(rev annotations.Revision) bool {
	var name string
	var has func(annotations.Schema) bool
	switch rev.Kind {
	case annotations.KindEntity:
		e, err := rev.Entity()
		if err != nil {
			return false
		}
		name, has = e.Label, func(sc annotations.Schema) bool { _, ok := sc.Label(name); return ok }
	case annotations.KindStance:
		st, err := rev.Stance()
		if err != nil {
			return false
		}
		name, has = st.Polarity, func(sc annotations.Schema) bool { return sc.HasPolarity(name) }
	default:
		return false
	}
	if has(annotations.DefaultSchema()) {
		return false
	}
	revs, err := s.store.SetRevisions(testContext(), server.SetRef{ArticleID: rev.ArticleID, Annotator: rev.Annotator})
	if err != nil {
		s.failf("read the server's set of %.8s: %v", rev.ArticleID, err)
		return false
	}
	for _, r := range revs {
		if sc, err := r.Schema(); err == nil && !r.Deleted && has(sc) {
			return false
		}
	}
	return true
}

// lostReference reports whether the server rejected rev, pushed by c, for
// referring to items a restore lost: the server lacks them, and c has no
// pending first revision of them that it had not tried to send (it would
// have had to send that one first: its pending order puts what an item
// refers to before the item) nor in the same batch. A later revision of
// such an item does not count: the server lacks its parent too.
func (c *client) lostReference(rev annotations.Revision, batch []annotations.Revision) bool {
	missing := c.sim.missingOnServer(rev)
	if len(missing) == 0 {
		return false
	}
	pending, _ := c.store.Pending()
	for _, m := range missing {
		for _, p := range pending {
			if p.Revision.Item == m.ID && p.Revision.Parent == "" && p.Refusal == "" &&
				!slices.ContainsFunc(batch, func(r annotations.Revision) bool { return r.ID == p.Revision.ID }) {
				c.sim.failf("%s pushed %s, which refers to %s %s, before that item's pending revision %s", c.name, rev.ID, m.Kind, m.ID, p.Revision.ID)
				return false
			}
		}
	}
	return true
}

// observe checks an answer that reaches the client (the simulation only
// sends valid requests, so an error answer must be one that a fault
// explains) and records the acknowledged revisions of a push.
func (t transport) observe(kind string, body []byte, status int, reply []byte) {
	c, s := t.c, t.c.sim
	unexpected := func() { s.failf("%s %s: unexpected answer %d: %s", c.name, kind, status, reply) }
	switch kind {
	case "article upload":
		if status != http.StatusOK && status != http.StatusCreated {
			unexpected()
		}
	case "article fetch":
		if status != http.StatusOK {
			unexpected()
		}
	case "pull":
		switch {
		case status == http.StatusGone && bytes.Contains(reply, []byte(`"`+api.CodeCursorUnknown+`"`)):
			// A server knows every cursor it gave, unless its data was
			// restored from a backup since.
			if !s.restored {
				unexpected()
			}
			s.stats["cursor unknown after a restore"]++
		case status != http.StatusOK:
			unexpected()
		default:
			var page api.PullResponse
			json.Unmarshal(reply, &page)
			s.logf("%s pull: %d revisions, cursor %s, more %v", c.name, len(page.Revisions), page.Cursor, page.More)
		}
	case "push":
		var req api.PushRequest
		var out api.PushResponse
		if json.Unmarshal(body, &req) != nil || (status != http.StatusOK && status != http.StatusBadRequest) ||
			json.Unmarshal(reply, &out) != nil || len(out.Results) != len(req.Revisions) {
			unexpected()
			return
		}
		if out.CursorUnknown {
			if !s.restored {
				unexpected()
			}
			s.stats["push with a cursor a restore made unknown"]++
		}
		counts := map[api.PushStatus]int{}
		for i, res := range out.Results {
			counts[res.Status]++
			switch {
			case res.Status.Acknowledged():
				if res.Rev == req.Revisions[i].ID {
					s.acked[res.Rev], s.everAcked[res.Rev] = true, true
				} else {
					s.failf("%s push: result %d is about %s, not the revision sent", c.name, i, res.Rev)
				}
			case s.restored && res.Error != nil && (res.Error.Code == api.CodeUnknownArticle || res.Error.Code == api.CodeUnknownParent):
				// The restore lost the article or the parent: the
				// device sends it again.
				s.stats["article or parent lost by a restore"]++
			case s.restored && res.Error != nil && res.Error.Code == api.CodeInvalid && s.labelLost(req.Revisions[i]):
				// The restore lost the schema revision that added the
				// revision's label or polarity: the device that has it
				// sends it again.
				s.stats["label lost by a restore"]++
			case s.restored && res.Error != nil && res.Error.Code == api.CodeUnknownItem && c.lostReference(req.Revisions[i], req.Revisions):
				// The restore lost an item the revision refers to:
				// the device that has it sends it again.
				s.stats["referred item lost by a restore"]++
			default:
				// Every revision the simulation makes is valid and its
				// article uploaded first: nothing may be refused.
				s.failf("%s push: revision %s was %s: %+v", c.name, res.Rev, res.Status, res.Error)
			}
		}
		s.logf("%s push of %d: %d applied, %d duplicate", c.name, len(req.Revisions), counts[api.StatusApplied], counts[api.StatusDuplicate])
	}
}
