package replica

import (
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
)

// MemoryStore is a Store in memory: a device's durable storage in the sync
// simulation (it outlives the client's restarts, as IndexedDB does) and in
// the load benchmark. Every method applies all of its change or none of it
// (none can fail half way), and Version counts the calls that changed
// something, so the simulation can tell a round that changed nothing. It
// lists pending revisions by ID, as IndexedDB does: Round orders them.
// It is not safe for concurrent use.
type MemoryStore struct {
	revs         map[string]*memoryRevision // by revision ID
	order        []string                   // revision IDs in the order stored
	articles     map[string]*MemoryArticle
	articleOrder []string
	cursors      map[string]string
	unconfirmed  map[string][]string // annotator to revision IDs
	// isUnconfirmed holds the pairs of annotator and revision ID that
	// unconfirmed lists, for look-ups in constant time (IndexedDB's are
	// by key): a device that pushes for long without a pull would
	// otherwise pay for each acknowledgement by the length of the list.
	isUnconfirmed map[[2]string]bool
	// Version counts the calls that changed something.
	Version int
	made    float64 // the last made value given
}

type memoryRevision struct {
	rev     annotations.Revision
	pending bool
	refusal string
	made    float64 // the order this device made it in; 0 when pulled
	by      string  // Pending.By
}

// MemoryArticle is an article a MemoryStore holds, and whether the server
// has it.
type MemoryArticle struct {
	Article annotations.Article
	Sent    bool
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{revs: map[string]*memoryRevision{}, articles: map[string]*MemoryArticle{}, cursors: map[string]string{},
		unconfirmed: map[string][]string{}, isUnconfirmed: map[[2]string]bool{}}
}

var _ Store = (*MemoryStore)(nil)

// Add stores r unless a revision with its ID is stored; it reports whether
// it was added. A pending one is one this device made: it gets the next
// made value, as the app's IndexedDB store gives it.
func (m *MemoryStore) Add(r annotations.Revision, pending bool) bool {
	return m.AddMadeBy(r, pending, "")
}

// AddMadeBy is Add for a revision whose maker the device notes
// (Pending.By; see SentByMaker).
func (m *MemoryStore) AddMadeBy(r annotations.Revision, pending bool, by string) bool {
	if _, ok := m.revs[r.ID]; ok {
		return false
	}
	mr := &memoryRevision{rev: r, pending: pending, by: by}
	if pending {
		m.made++
		mr.made = m.made
	}
	m.revs[r.ID] = mr
	m.order = append(m.order, r.ID)
	m.Version++
	return true
}

// Revisions returns the stored revisions in the order stored.
func (m *MemoryStore) Revisions() []annotations.Revision {
	out := make([]annotations.Revision, 0, len(m.order))
	for _, id := range m.order {
		out = append(out, m.revs[id].rev)
	}
	return out
}

// SetRevisions returns the stored revisions of one annotation set.
func (m *MemoryStore) SetRevisions(articleID, annotator string) []annotations.Revision {
	var out []annotations.Revision
	for _, id := range m.order {
		if r := m.revs[id].rev; r.ArticleID == articleID && r.Annotator == annotator {
			out = append(out, r)
		}
	}
	return out
}

// Articles returns the stored articles in the order stored.
func (m *MemoryStore) Articles() []MemoryArticle {
	out := make([]MemoryArticle, 0, len(m.articleOrder))
	for _, id := range m.articleOrder {
		out = append(out, *m.articles[id])
	}
	return out
}

// Pending lists the pending revisions by revision ID, as IndexedDB lists
// them: the round orders them (OrderPending).
func (m *MemoryStore) Pending() ([]Pending, error) {
	var ids []string
	for id, r := range m.revs {
		if r.pending {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var out []Pending
	for _, id := range ids {
		r := m.revs[id]
		out = append(out, Pending{Revision: r.rev, Refusal: r.refusal, Made: r.made, By: r.by})
	}
	return out, nil
}

// Acknowledge is Store.Acknowledge.
func (m *MemoryStore) Acknowledge(acked []annotations.Revision, unconfirmed map[string]bool, refused map[string]string) error {
	for _, r := range acked {
		if key := [2]string{r.Annotator, r.ID}; unconfirmed[r.ID] && !m.isUnconfirmed[key] {
			m.unconfirmed[r.Annotator] = append(m.unconfirmed[r.Annotator], r.ID)
			m.isUnconfirmed[key] = true
		}
	}
	m.markStored(acked)
	for id, reason := range refused {
		if cur, ok := m.revs[id]; ok && cur.pending && cur.refusal != reason {
			cur.refusal = reason
			m.Version++
		}
	}
	return nil
}

// UnsentArticles is Store.UnsentArticles.
func (m *MemoryStore) UnsentArticles() ([]annotations.Article, error) {
	var out []annotations.Article
	for _, id := range m.articleOrder {
		if a := m.articles[id]; !a.Sent {
			out = append(out, a.Article)
		}
	}
	return out, nil
}

// Article is Store.Article.
func (m *MemoryStore) Article(id string) (annotations.Article, bool, bool, error) {
	a, ok := m.articles[id]
	if !ok {
		return annotations.Article{}, false, false, nil
	}
	return a.Article, a.Sent, true, nil
}

// PutArticle is Store.PutArticle.
func (m *MemoryStore) PutArticle(a annotations.Article, sent bool) error {
	if err := a.Validate(); err != nil {
		return err
	}
	cur, ok := m.articles[a.ID]
	if !ok {
		m.articles[a.ID] = &MemoryArticle{Article: a, Sent: sent}
		m.articleOrder = append(m.articleOrder, a.ID)
		m.Version++
		return nil
	}
	if !sameArticle(cur.Article, a) || cur.Sent != sent {
		cur.Article, cur.Sent = a, sent
		m.Version++
	}
	return nil
}

func sameArticle(a, b annotations.Article) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Text == b.Text && a.Source == b.Source && a.Created.Equal(b.Created)
}

// Cursor is Store.Cursor.
func (m *MemoryStore) Cursor(annotator string) (string, error) { return m.cursors[annotator], nil }

// Unconfirmed is Store.Unconfirmed.
func (m *MemoryStore) Unconfirmed(annotator string) ([]string, error) {
	return slices.Clone(m.unconfirmed[annotator]), nil
}

// Confirm is Store.Confirm.
func (m *MemoryStore) Confirm(annotator string, checked, missing []string) error {
	for _, id := range checked {
		delete(m.isUnconfirmed, [2]string{annotator, id})
	}
	m.unconfirmed[annotator] = slices.DeleteFunc(m.unconfirmed[annotator], func(id string) bool { return !m.isUnconfirmed[[2]string{annotator, id}] })
	for _, id := range missing {
		if r, ok := m.revs[id]; ok && !r.pending {
			r.pending = true
			m.Version++
		}
	}
	return nil
}

// SendAgain is Store.SendAgain.
func (m *MemoryStore) SendAgain() error {
	for _, id := range m.order {
		if r := m.revs[id]; !r.pending {
			r.pending = true
			m.Version++
		}
	}
	for _, id := range m.articleOrder {
		if a := m.articles[id]; a.Sent {
			a.Sent = false
			m.Version++
		}
	}
	return nil
}

// ApplyPulled is Store.ApplyPulled.
func (m *MemoryStore) ApplyPulled(annotator string, revs []annotations.Revision, cursor string) error {
	// Check first, so that a bad page changes nothing.
	if err := CheckPulled(annotator, revs); err != nil {
		return err
	}
	m.markStored(revs)
	if m.cursors[annotator] != cursor {
		m.cursors[annotator] = cursor
		m.Version++
	}
	return nil
}

// markStored notes revs as on the server: a stored one stops being pending
// (its Made kept), a new one is added.
func (m *MemoryStore) markStored(revs []annotations.Revision) {
	for _, r := range revs {
		if cur, ok := m.revs[r.ID]; ok {
			if cur.pending || cur.refusal != "" {
				cur.pending, cur.refusal = false, ""
				m.Version++
			}
			continue
		}
		m.Add(r, false)
	}
}
