//go:build !js

package replica_test

import (
	"errors"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/replica"
)

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
			if _, _, ok, _ := s.c.store.Article(r.ArticleID); !ok {
				s.c.sim.failf("%s stores a pulled revision of article %.8s, which it lacks", s.c.name, r.ArticleID)
				break
			}
		}
		return s.c.store.ApplyPulled(annotator, revs, cursor)
	})
}
