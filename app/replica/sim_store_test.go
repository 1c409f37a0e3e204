//go:build !js

package replica_test

import (
	"errors"
	"maps"
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/replica"
)

// memStore is a device's durable storage in memory: it outlives the
// client's restarts, as IndexedDB does. Every method applies all of its
// change or none of it (none can fail half way), and version counts the
// calls that changed something, so the simulation can tell a round that
// changed nothing.
type memStore struct {
	revs         map[string]*memRev // by revision ID
	order        []string           // revision IDs in the order stored
	articles     map[string]*memArticle
	articleOrder []string
	cursors      map[string]string
	unconfirmed  map[string][]string // annotator to revision IDs
	version      int
	made         float64 // the last made value given
}

type memRev struct {
	rev     annotations.Revision
	pending bool
	refusal string
	made    float64 // the order this device made it in; 0 when pulled
}

type memArticle struct {
	article annotations.Article
	sent    bool
}

func newMemStore() *memStore {
	return &memStore{revs: map[string]*memRev{}, articles: map[string]*memArticle{}, cursors: map[string]string{}, unconfirmed: map[string][]string{}}
}

var _ replica.Store = (*memStore)(nil)

// add stores r unless a revision with its ID is stored; it reports whether
// it was added. A pending one is one this device made: it gets the next
// made value, as the app's IndexedDB store gives it.
func (m *memStore) add(r annotations.Revision, pending bool) bool {
	if _, ok := m.revs[r.ID]; ok {
		return false
	}
	mr := &memRev{rev: r, pending: pending}
	if pending {
		m.made++
		mr.made = m.made
	}
	m.revs[r.ID] = mr
	m.order = append(m.order, r.ID)
	m.version++
	return true
}

// revisions returns the stored revisions in the order stored.
func (m *memStore) revisions() []annotations.Revision {
	out := make([]annotations.Revision, 0, len(m.order))
	for _, id := range m.order {
		out = append(out, m.revs[id].rev)
	}
	return out
}

// setRevisions returns the stored revisions of one annotation set.
func (m *memStore) setRevisions(articleID, annotator string) []annotations.Revision {
	var out []annotations.Revision
	for _, id := range m.order {
		if r := m.revs[id].rev; r.ArticleID == articleID && r.Annotator == annotator {
			out = append(out, r)
		}
	}
	return out
}

// articleList returns the stored articles in the order stored.
func (m *memStore) articleList() []memArticle {
	out := make([]memArticle, 0, len(m.articleOrder))
	for _, id := range m.articleOrder {
		out = append(out, *m.articles[id])
	}
	return out
}

// Pending lists the pending revisions by revision ID, as IndexedDB lists
// them: the round orders them (replica.OrderPending).
func (m *memStore) Pending() ([]replica.Pending, error) {
	var out []replica.Pending
	for _, id := range slices.Sorted(maps.Keys(m.revs)) {
		if r := m.revs[id]; r.pending {
			out = append(out, replica.Pending{Revision: r.rev, Refusal: r.refusal, Made: r.made})
		}
	}
	return out, nil
}

func (m *memStore) Acknowledge(acked []annotations.Revision, unconfirmed map[string]bool, refused map[string]string) error {
	for _, r := range acked {
		if unconfirmed[r.ID] {
			m.unconfirmed[r.Annotator] = append(m.unconfirmed[r.Annotator], r.ID)
		}
	}
	for _, r := range acked {
		if cur, ok := m.revs[r.ID]; ok {
			if cur.pending || cur.refusal != "" {
				cur.pending, cur.refusal = false, ""
				m.version++
			}
			continue
		}
		m.add(r, false)
	}
	for id, reason := range refused {
		if cur, ok := m.revs[id]; ok && cur.pending && cur.refusal != reason {
			cur.refusal = reason
			m.version++
		}
	}
	return nil
}

func (m *memStore) UnsentArticles() ([]annotations.Article, error) {
	var out []annotations.Article
	for _, id := range m.articleOrder {
		if a := m.articles[id]; !a.sent {
			out = append(out, a.article)
		}
	}
	return out, nil
}

func (m *memStore) Article(id string) (annotations.Article, bool, bool, error) {
	a, ok := m.articles[id]
	if !ok {
		return annotations.Article{}, false, false, nil
	}
	return a.article, a.sent, true, nil
}

func (m *memStore) PutArticle(a annotations.Article, sent bool) error {
	if err := a.Validate(); err != nil {
		return err
	}
	cur, ok := m.articles[a.ID]
	if !ok {
		m.articles[a.ID] = &memArticle{article: a, sent: sent}
		m.articleOrder = append(m.articleOrder, a.ID)
		m.version++
		return nil
	}
	if !sameArticle(cur.article, a) || cur.sent != sent {
		cur.article, cur.sent = a, sent
		m.version++
	}
	return nil
}

func sameArticle(a, b annotations.Article) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Text == b.Text && a.Source == b.Source && a.Created.Equal(b.Created)
}

func (m *memStore) Cursor(annotator string) (string, error) { return m.cursors[annotator], nil }

func (m *memStore) Unconfirmed(annotator string) ([]string, error) {
	return slices.Clone(m.unconfirmed[annotator]), nil
}

func (m *memStore) Confirm(annotator string, checked, missing []string) error {
	m.unconfirmed[annotator] = slices.DeleteFunc(m.unconfirmed[annotator], func(id string) bool { return slices.Contains(checked, id) })
	for _, id := range missing {
		if r, ok := m.revs[id]; ok && !r.pending {
			r.pending = true
			m.version++
		}
	}
	return nil
}

func (m *memStore) SendAgain() error {
	for _, id := range m.order {
		if r := m.revs[id]; !r.pending {
			r.pending = true
			m.version++
		}
	}
	for _, id := range m.articleOrder {
		if a := m.articles[id]; a.sent {
			a.sent = false
			m.version++
		}
	}
	return nil
}

func (m *memStore) ApplyPulled(annotator string, revs []annotations.Revision, cursor string) error {
	// Check first, so that a bad page changes nothing.
	for _, r := range revs {
		if err := r.Validate(); err != nil {
			return err
		}
		if r.Annotator != annotator {
			return errors.New("pulled a revision of annotator " + r.Annotator + " while pulling " + annotator)
		}
	}
	for _, r := range revs {
		if cur, ok := m.revs[r.ID]; ok {
			if cur.pending || cur.refusal != "" {
				cur.pending, cur.refusal = false, ""
				m.version++
			}
			continue
		}
		m.add(r, false)
	}
	if m.cursors[annotator] != cursor {
		m.cursors[annotator] = cursor
		m.version++
	}
	return nil
}

// errCrashed is what a store call answers once the device has crashed in
// the middle of a round.
var errCrashed = errors.New("the device crashed")

// crashingStore is a client's store during one round. When the round is
// planned to crash, the crash comes at a chosen call of the round (to the
// store or to the server): that store call either commits and then fails,
// or fails without committing, and every later call fails too, as if the
// process had died there.
type crashingStore struct{ c *client }

var _ replica.Store = crashingStore{}

// do runs one store transaction under the client's crash plan.
func (s crashingStore) do(name string, apply func() error) error {
	c := s.c
	if c.crashed {
		return errCrashed
	}
	if c.crashNow() {
		if c.crashCommits {
			if err := apply(); err != nil {
				return err
			}
		}
		c.sim.logf("%s crashes at store.%s (committed: %v)", c.name, name, c.crashCommits)
		return errCrashed
	}
	return apply()
}

func (s crashingStore) Pending() (out []replica.Pending, err error) {
	err = s.do("Pending", func() error { out, err = s.c.store.Pending(); return err })
	return out, err
}

func (s crashingStore) Acknowledge(acked []annotations.Revision, unconfirmed map[string]bool, refused map[string]string) error {
	return s.do("Acknowledge", func() error { return s.c.store.Acknowledge(acked, unconfirmed, refused) })
}

func (s crashingStore) Unconfirmed(annotator string) (ids []string, err error) {
	err = s.do("Unconfirmed", func() error { ids, err = s.c.store.Unconfirmed(annotator); return err })
	return ids, err
}

func (s crashingStore) Confirm(annotator string, checked, missing []string) error {
	return s.do("Confirm", func() error { return s.c.store.Confirm(annotator, checked, missing) })
}

func (s crashingStore) UnsentArticles() (out []annotations.Article, err error) {
	err = s.do("UnsentArticles", func() error { out, err = s.c.store.UnsentArticles(); return err })
	return out, err
}

func (s crashingStore) Article(id string) (a annotations.Article, sent, ok bool, err error) {
	err = s.do("Article", func() error { a, sent, ok, err = s.c.store.Article(id); return err })
	return a, sent, ok, err
}

func (s crashingStore) PutArticle(a annotations.Article, sent bool) error {
	return s.do("PutArticle", func() error { return s.c.store.PutArticle(a, sent) })
}

func (s crashingStore) Cursor(annotator string) (cur string, err error) {
	err = s.do("Cursor", func() error { cur, err = s.c.store.Cursor(annotator); return err })
	return cur, err
}

func (s crashingStore) SendAgain() error {
	return s.do("SendAgain", func() error { return s.c.store.SendAgain() })
}

// ApplyPulled also checks that the round fetched the article of every
// pulled revision first: a device never holds annotations of a text it
// lacks.
func (s crashingStore) ApplyPulled(annotator string, revs []annotations.Revision, cursor string) error {
	return s.do("ApplyPulled", func() error {
		for _, r := range revs {
			if _, ok := s.c.store.articles[r.ArticleID]; !ok {
				s.c.sim.failf("%s stores a pulled revision of article %.8s, which it lacks", s.c.name, r.ArticleID)
				break
			}
		}
		return s.c.store.ApplyPulled(annotator, revs, cursor)
	})
}
