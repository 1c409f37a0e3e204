//go:build !js

package replica_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/replica"
)

// Fault rates of one request while the network is unhealed, in percent.
const (
	pctDropRequest = 4 // lost on the way: the server never sees it
	pctDropReply   = 4 // the server handles it, the answer is lost
	pctDuplicate   = 4 // delivered twice, the client reads the second answer
	pctHold        = 4 // a push held back and delivered later, its answer lost
	pctFlushHeld   = 8 // before a request, a held push is delivered first
)

// transport is one client's replica.Server: it marshals requests as the
// browser client does (app/api.go's fetchServer), serves them with the real
// handler in process, and injects the faults the seed chooses.
type transport struct{ c *client }

var _ replica.Server = transport{}

// heldRequest is a request delivered later than it was sent.
type heldRequest struct {
	from         string
	method, path string
	body         []byte
	revs         int
}

// offline is the error of an unreachable server, as fetchServer wraps it.
func offline(why string) error { return fmt.Errorf("%w (%s)", replica.ErrOffline, why) }

// call sends one request through the faults and returns the answer the
// client sees.
func (t transport) call(kind, method, path string, body []byte) (int, []byte, error) {
	c, s := t.c, t.c.sim
	if c.crashed {
		return 0, nil, offline("crashed")
	}
	if c.crashNow() {
		if c.crashCommits {
			s.serve(method, path, body)
		}
		s.logf("%s crashes at %s (request delivered: %v)", c.name, kind, c.crashCommits)
		return 0, nil, offline("crashed")
	}
	if s.step < c.offlineUntil {
		s.stats["offline request"]++
		return 0, nil, offline("offline")
	}
	if s.healed {
		status, reply := s.serve(method, path, body)
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
		status, _ := s.serve(method, path, body)
		s.logf("%s %s: delivered (%d), reply dropped", c.name, kind, status)
		return 0, nil, offline("reply dropped")
	case x < pctDropRequest+pctDropReply+pctDuplicate:
		s.stats["duplicated request"]++
		first, _ := s.serve(method, path, body)
		status, reply := s.serve(method, path, body)
		s.logf("%s %s: delivered twice (%d, %d)", c.name, kind, first, status)
		return status, reply, nil
	case kind == "push" && x < pctDropRequest+pctDropReply+pctDuplicate+pctHold:
		s.stats["reordered push"]++
		var req struct{ Revisions []json.RawMessage }
		json.Unmarshal(body, &req)
		s.held = append(s.held, heldRequest{from: c.name, method: method, path: path, body: body, revs: len(req.Revisions)})
		s.logf("%s push of %d: held back (%d held)", c.name, len(req.Revisions), len(s.held))
		return 0, nil, offline("request held back")
	}
	status, reply := s.serve(method, path, body)
	return status, reply, nil
}

// serve hands one request to the server's handler as the browser would send
// it, and returns the answer.
func (s *sim) serve(method, path string, body []byte) (int, []byte) {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
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
	status, reply := s.serve(h.method, h.path, h.body)
	s.stats["held push delivered"]++
	s.logf("held push of %d from %s delivered late: %d", h.revs, h.from, status)
	if status != http.StatusOK && !(s.restored && status == http.StatusBadRequest && bytes.Contains(reply, []byte(`"unknown_article"`))) {
		s.failf("a held push from %s was answered %d: %s", h.from, status, reply)
	}
}

// unexpected records an answer that no fault explains: the simulation
// only sends valid requests.
func (t transport) unexpected(kind string, status int, reply []byte) error {
	t.c.sim.failf("%s %s: unexpected answer %d: %s", t.c.name, kind, status, reply)
	return fmt.Errorf("%s: the server answered %d", kind, status)
}

func (t transport) PostArticle(a annotations.Article) (annotations.Article, error) {
	body, err := json.Marshal(struct {
		Title  string `json:"title"`
		Text   string `json:"text,omitempty"`
		Source string `json:"source,omitempty"`
	}{a.Title, a.Text, a.Source})
	if err != nil {
		return annotations.Article{}, err
	}
	status, reply, err := t.call("article upload", "POST", "/api/v1/articles", body)
	if err != nil {
		return annotations.Article{}, err
	}
	if status != http.StatusOK && status != http.StatusCreated {
		return annotations.Article{}, t.unexpected("article upload", status, reply)
	}
	var got annotations.Article
	if err := json.Unmarshal(reply, &got); err != nil {
		return got, t.unexpected("article upload", status, reply)
	}
	return got, nil
}

func (t transport) GetArticle(id string) (annotations.Article, error) {
	status, reply, err := t.call("article fetch", "GET", "/api/v1/articles/"+url.PathEscape(id), nil)
	if err != nil {
		return annotations.Article{}, err
	}
	var got annotations.Article
	if status != http.StatusOK || json.Unmarshal(reply, &got) != nil {
		return got, t.unexpected("article fetch", status, reply)
	}
	return got, nil
}

// Push sends revs; a 400 answer with a result per revision is those
// results, as in fetchServer. The results that reach the client are
// recorded: an applied or duplicate one is an acknowledged change.
func (t transport) Push(revs []annotations.Revision, cursor string) (replica.PushAnswer, error) {
	req := map[string]any{"revisions": revs}
	if cursor != "" {
		req["cursor"] = cursor
	}
	body, err := json.Marshal(req)
	if err != nil {
		return replica.PushAnswer{}, err
	}
	status, reply, err := t.call("push", "POST", "/api/v1/sync/push", body)
	if err != nil {
		return replica.PushAnswer{}, err
	}
	var out struct {
		Results       []replica.PushResult `json:"results"`
		CursorUnknown bool                 `json:"cursor_unknown"`
	}
	if (status != http.StatusOK && status != http.StatusBadRequest) || json.Unmarshal(reply, &out) != nil ||
		(status == http.StatusBadRequest && len(out.Results) != len(revs)) {
		return replica.PushAnswer{}, t.unexpected("push", status, reply)
	}
	s := t.c.sim
	if out.CursorUnknown {
		if !s.restored {
			t.unexpected("push", status, reply)
		}
		s.stats["push with a cursor a restore made unknown"]++
	}
	counts := map[string]int{}
	for i, res := range out.Results {
		counts[res.Status]++
		switch res.Status {
		case "applied", "duplicate":
			if i < len(revs) && res.Rev == revs[i].ID {
				s.acked[res.Rev], s.everAcked[res.Rev] = true, true
			} else {
				s.failf("%s push: result %d is about %s, not the revision sent", t.c.name, i, res.Rev)
			}
		case "rejected":
			if s.restored && res.Error != nil && res.Error.Code == "unknown_article" {
				// The restore lost the article: the device sends it again.
				s.stats["article lost by a restore"]++
				continue
			}
			fallthrough
		default:
			// Every revision the simulation makes is valid and its
			// article uploaded first: nothing may be refused.
			s.failf("%s push: revision %s was %s: %+v", t.c.name, res.Rev, res.Status, res.Error)
		}
	}
	s.logf("%s push of %d: %d applied, %d duplicate", t.c.name, len(revs), counts["applied"], counts["duplicate"])
	return replica.PushAnswer{Results: out.Results, CursorUnknown: out.CursorUnknown}, nil
}

func (t transport) Pull(annotator, since string) (replica.PullPage, error) {
	q := url.Values{"annotator": {annotator}, "limit": {strconv.Itoa(t.c.sim.pullLimit)}}
	if since != "" {
		q.Set("since", since)
	}
	status, reply, err := t.call("pull", "GET", "/api/v1/sync/pull?"+q.Encode(), nil)
	if err != nil {
		return replica.PullPage{}, err
	}
	var page replica.PullPage
	if status == http.StatusGone && bytes.Contains(reply, []byte(`"cursor_unknown"`)) {
		// As fetchServer reads it. A server knows every cursor it gave,
		// unless its data was restored from a backup since.
		if !t.c.sim.restored {
			t.unexpected("pull", status, reply)
		} else {
			t.c.sim.stats["cursor unknown after a restore"]++
		}
		return page, fmt.Errorf("%w: %s", replica.ErrCursorUnknown, reply)
	}
	if status != http.StatusOK || json.Unmarshal(reply, &page) != nil {
		return page, t.unexpected("pull", status, reply)
	}
	t.c.sim.logf("%s pull since %q: %d revisions, cursor %s, more %v", t.c.name, since, len(page.Revisions), page.Cursor, page.More)
	return page, nil
}
