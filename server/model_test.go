package server_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/suggest"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

func init() {
	// Every member reads the model; the fixture's sets are not done, so a
	// done gold set is added first (the Default project is blind).
	authzRows = append(authzRows, authzRow{"GET " + api.ModelPath("{id}"), func(t *testing.T, e *env, f authzFixture, login string) (string, string, string) {
		gold := mention(t, f.annotated, annotations.GoldAnnotator, uuidN(9), "PER", 0, 13)
		done, err := annotations.NewStatusRevision("", gold.Key(), annotations.StatusItem{State: annotations.WorkDone})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.PutRevisions(context.Background(), []annotations.Revision{gold, done}); err != nil {
			t.Fatal(err)
		}
		return api.ModelPath(api.DefaultProject), "", ""
	}, statuses(200, map[string]int{outsider: 404})})
}

// modelOf decodes a model answer, failing unless it is a 200 of
// application/octet-stream with an ETag, no-store.
func modelOf(t *testing.T, r response) suggest.Model {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("model: %d %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/octet-stream" {
		t.Errorf("model's Content-Type %q", ct)
	}
	if r.header.Get("ETag") == "" {
		t.Error("model without an ETag")
	}
	if cc := r.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("model's Cache-Control %q, want no-store", cc)
	}
	var m suggest.Model
	if err := m.UnmarshalBinary([]byte(r.body)); err != nil {
		t.Fatalf("the model does not decode: %v", err)
	}
	if m.Tagger == nil || len(m.Tagger.Tags) < 2 {
		t.Errorf("the model's tagger learnt no tag: %+v", m.Tagger)
	}
	return m
}

// setState returns the revision that gives annotator's set of a the
// state, on top of parent ("" for the set's first).
func setState(t *testing.T, a annotations.Article, annotator, parent string, state annotations.WorkState) annotations.Revision {
	t.Helper()
	r, err := annotations.NewStatusRevision(parent, annotations.SetKey{ArticleID: a.ID, Annotator: annotator}, annotations.StatusItem{State: state})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// seeEachOther lets the Default project's annotators see each other's sets
// (on), or not.
func seeEachOther(t *testing.T, e *env, on bool) {
	t.Helper()
	if _, err := e.store.UpdateProject(context.Background(), api.DefaultProject, api.ProjectPatch{AnnotatorsSeeEachOther: &on}); err != nil {
		t.Fatal(err)
	}
}

// TestModel: the model is trained on the done sets (an article's curated
// gold set instead of its annotators' when it has one), on gold sets only
// when the project is blind; its ETag changes with what teaches it, and
// names a 304; it is trained once for the same sets.
func TestModel(t *testing.T) {
	e := newEnv(t, server.Options{})
	watched := e.watch()
	a, _, _ := setsFixture(t, e)
	ann := e.as(t, annLogin)
	path := api.ModelPath(api.DefaultProject)
	see := func(on bool) { t.Helper(); seeEachOther(t, e, on) }
	curatedOnly := suggest.Gazetteer{"Paris": {"LOC": 1}, "France": {"LOC": 1}}
	everyone := suggest.Gazetteer{
		"Angela Merkel": {"PER": 2}, "Emmanuel Macron": {"PER": 2}, // a: ann's and bob's done sets
		"Paris":  {"LOC": 2, "ORG": 1}, // ann LOC, bob ORG in a; the gold set of b, LOC
		"France": {"LOC": 1},
	}
	withoutAnn := suggest.Gazetteer{"Angela Merkel": {"PER": 1}, "Emmanuel Macron": {"PER": 1}, "Paris": {"LOC": 1, "ORG": 1}, "France": {"LOC": 1}}
	etags := map[string]bool{}
	for _, tt := range []struct {
		name     string
		change   func()
		articles int
		want     suggest.Gazetteer
		reads    int // sets read to train it
	}{
		{"blind: the curated article's gold set alone", func() {}, 1, curatedOnly, 1},
		{"annotators see each other: a's done sets too", func() { see(true) }, 2, everyone, 3},
		{"ann reopens a", func() {
			e.pushEach(t, setState(t, a, annLogin, setState(t, a, annLogin, "", annotations.WorkDone).ID, annotations.WorkInProgress))
		}, 2, withoutAnn, 2},
		{"blind again", func() { see(false) }, 1, curatedOnly, 1},
	} {
		tt.change()
		watched.counts()
		r := ann.do(t, "GET", path, "", "")
		m := modelOf(t, r)
		if m.Articles != tt.articles {
			t.Errorf("%s: the model learnt from %d articles, want %d", tt.name, m.Articles, tt.articles)
		}
		if diff := cmp.Diff(tt.want, m.Gazetteer); diff != "" {
			t.Errorf("%s: gazetteer (-want +got):\n%s", tt.name, diff)
		}
		if _, reads := watched.counts(); reads != tt.reads {
			t.Errorf("%s: %d sets read, want %d", tt.name, reads, tt.reads)
		}
		etag := r.header.Get("ETag")
		if etags[etag] && tt.name != "blind again" {
			t.Errorf("%s: the ETag %s of an earlier model", tt.name, etag)
		}
		etags[etag] = true

		// The same model again: not trained again, the same bytes; its
		// ETag is a 304 for anyone, without a body.
		again := e.admin(t).do(t, "GET", path, "", "")
		if again.status != 200 || again.body != r.body || again.header.Get("ETag") != etag {
			t.Errorf("%s: asked again: %d, ETag %s, the same bytes: %t", tt.name, again.status, again.header.Get("ETag"), again.body == r.body)
		}
		for _, inm := range []string{etag, `"other", W/` + etag, "*"} {
			nm := ann.do(t, "GET", path, "", "", "If-None-Match", inm)
			if nm.status != http.StatusNotModified || nm.body != "" || nm.header.Get("ETag") != etag || nm.header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: If-None-Match %s: %d %q, ETag %s, Cache-Control %s", tt.name, inm, nm.status, nm.body, nm.header.Get("ETag"), nm.header.Get("Cache-Control"))
			}
		}
		if other := ann.do(t, "GET", path, "", "", "If-None-Match", `"0123"`); other.status != 200 || other.body != r.body {
			t.Errorf("%s: If-None-Match of another ETag: %d", tt.name, other.status)
		}
		if _, reads := watched.counts(); reads != 0 {
			t.Errorf("%s: the same model read %d sets again", tt.name, reads)
		}
	}
}

// TestModelRefused: no model while nothing teaches one (no_model, 404);
// the usual refusals for who is not a member, a project that does not
// exist and a query; a store that fails is a 500.
func TestModelRefused(t *testing.T) {
	e := newEnv(t, server.Options{})
	watched := e.watch()
	a := e.putArticle(t, "", merkelText)
	b := e.putArticle(t, "", "Paris is in France.")
	e.pushEach(t, mention(t, a, annLogin, uuidN(1), "PER", 0, 13), mention(t, b, "bob", uuidN(2), "LOC", 0, 5))
	oz := withRole(t, e, "oz", "")
	ann := e.as(t, annLogin)
	path := api.ModelPath(api.DefaultProject)
	see := func(on bool) { t.Helper(); seeEachOther(t, e, on) }

	for _, tt := range []struct {
		name    string
		change  func()
		c       *client
		path    string
		status  int
		code    string
		message string
	}{
		{"nothing done, blind", func() {}, ann, path, 404, api.CodeNoModel, "nothing in the project is curated yet"},
		{"nothing done", func() { see(true) }, ann, path, 404, api.CodeNoModel, "nothing in the project is done or curated yet"},
		{"done, but blind", func() {
			see(false)
			e.pushEach(t, setState(t, a, annLogin, "", annotations.WorkDone))
		}, ann, path, 404, api.CodeNoModel, "only done gold sets teach"},
		{"who is not a member", func() {}, oz, path, 404, api.CodeNotFound, `no project "default"`},
		{"a project that does not exist", func() {}, ann, api.ModelPath("nope"), 404, api.CodeNotFound, `no project "nope"`},
		{"a query", func() {}, ann, path + "?since=1", 400, api.CodeInvalid, "takes no query parameters"},
		{"the store fails", func() {
			see(true)
			watched.mu.Lock()
			watched.fail = a.ID
			watched.mu.Unlock()
		}, ann, path, 500, api.CodeInternal, "internal error"},
	} {
		tt.change()
		wantError(t, tt.name, tt.c.do(t, "GET", tt.path, "", ""), tt.status, tt.code, tt.message)
	}
	watched.mu.Lock()
	watched.fail = ""
	watched.mu.Unlock()
	if m := modelOf(t, ann.do(t, "GET", path, "", "")); m.Articles != 1 || len(m.Gazetteer) != 1 || m.Gazetteer["Angela Merkel"]["PER"] != 1 {
		t.Errorf("once the store reads again: %d articles, gazetteer %v", m.Articles, m.Gazetteer)
	}
}

// TestModelTrainedOnce: requests that come while the model is trained wait
// for it, and it is trained once.
func TestModelTrainedOnce(t *testing.T) {
	e := newEnv(t, server.Options{})
	watched := e.watch()
	setsFixture(t, e)
	gate := make(chan struct{})
	watched.mu.Lock()
	watched.gate = gate
	watched.mu.Unlock()
	const n = 8
	answers := make([]response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { answers[i] = e.admin(t).do(t, "GET", api.ModelPath(api.DefaultProject), "", "") })
	}
	for { // every request is in: one reads a set, the others wait for it
		if heads, _ := watched.peek(); heads >= n {
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
	if _, reads := watched.counts(); reads != 1 { // the gold set of b
		t.Errorf("%d sets read for %d requests, want 1: the model trained once", reads, n)
	}
	if !strings.HasPrefix(answers[0].header.Get("ETag"), `"`) {
		t.Errorf("ETag %s is not quoted", answers[0].header.Get("ETag"))
	}
}

// peek returns the calls so far, going on counting.
func (w *watchedStore) peek() (heads, reads int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.heads, w.reads
}
