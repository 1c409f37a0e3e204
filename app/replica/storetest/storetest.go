// Package storetest is the contract test of replica.Store: Run takes an
// implementation through the cases that the interface's comments promise,
// so that the in-memory store of the simulation and the browser's
// IndexedDB store behave alike. It is for tests only: nothing but test
// files may import it (it imports testing).
package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Maker is what Run needs of a store besides replica.Store: a way to store
// revisions as the device's editor makes them, pending, each with a Made
// value greater than any before (the editor's writes are not part of the
// sync's interface). The store that open returns must implement it.
type Maker interface {
	// AddMade stores revisions the device made, pending, in the order
	// given, in one transaction. Run gives only revisions not stored yet.
	AddMade(revs ...annotations.Revision) error
}

// Run runs every case of the replica.Store contract as a subtest, each on
// a new, empty store that open returns (open may register cleanups on the
// subtest's t). The store must also implement Maker.
func Run(t *testing.T, open func(t *testing.T) replica.Store) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := open(t)
			m, ok := s.(Maker)
			if !ok {
				t.Fatalf("%T does not implement storetest.Maker: Run needs a way to store the revisions the device makes", s)
			}
			c.test(t, &store{t: t, s: s, m: m}, newFixture(t))
		})
	}
}

// cases are the contract's cases. Each stands alone on a new store.
var cases = []struct {
	name string
	test func(t *testing.T, s *store, f *fixture)
}{
	{"a new store is empty", testEmpty},
	{"made revisions are pending in the order made", testMadePending},
	{"acknowledged revisions leave Pending", testAcknowledgeAcked},
	{"refused revisions stay pending with the last reason", testAcknowledgeRefused},
	{"a refusal of a revision not pending is ignored", testRefusalNotPending},
	{"an acknowledged revision the store lacks is stored", testAcknowledgeUnknown},
	{"unconfirmed IDs are noted per annotator", testUnconfirmedPerAnnotator},
	{"an unconfirmed ID is listed once", testUnconfirmedOnce},
	{"Confirm forgets the checked IDs only", testConfirmChecked},
	{"Confirm makes the missing revisions pending again", testConfirmMissing},
	{"PutArticle stores the article and its sent flag", testPutArticle},
	{"PutArticle replaces an article with the same ID", testPutArticleReplaces},
	{"PutArticle refuses an invalid article", testPutArticleInvalid},
	{"ApplyPulled stores revisions as acknowledged and moves the cursor", testApplyPulled},
	{"ApplyPulled ends a stored revision's pending", testApplyPulledPending},
	{"ApplyPulled refuses a bad page whole", testApplyPulledBadPage},
	{"SendAgain marks everything unsent", testSendAgain},
}

// fixture holds the revisions and articles of a case: two articles and
// entity revisions of annotators "ann" and "bea".
type fixture struct {
	t        *testing.T
	article  annotations.Article
	article2 annotations.Article
	items    int
}

const (
	ann = "ann"
	bea = "bea"
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	created := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	a, err := annotations.NewArticle("Tillerson in Moscow", "Rex Tillerson met Sergei Lavrov in Moscow.", created)
	if err != nil {
		t.Fatal(err)
	}
	b, err := annotations.NewArticle("", "Lavrov 🙂 spoke to the press.", created.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, article: a, article2: b}
}

// rev returns a new entity revision of annotator in the first article:
// a new item when parent is the zero revision, else parent's item on top
// of it.
func (f *fixture) rev(annotator string, parent annotations.Revision) annotations.Revision {
	f.t.Helper()
	item := parent.Item
	if parent.ID == "" {
		f.items++
		item = fmt.Sprintf("00000000-0000-4000-8000-%012d", f.items)
	}
	span, err := annotations.NewSpan([]rune(f.article.Text), 0, 13)
	if err != nil {
		f.t.Fatal(err)
	}
	label := "PER"
	if parent.ID != "" {
		label = "ORG"
	}
	r, err := annotations.NewEntityRevision(parent.ID, annotations.SetKey{ArticleID: f.article.ID, Annotator: annotator}, annotations.Entity{ID: item, Span: span, Label: label})
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// store wraps the store under test with checks that fail the case on an
// error.
type store struct {
	t *testing.T
	s replica.Store
	m Maker
}

func (s *store) made(revs ...annotations.Revision) {
	s.t.Helper()
	if err := s.m.AddMade(revs...); err != nil {
		s.t.Fatalf("AddMade: %v", err)
	}
}

func (s *store) acknowledge(acked []annotations.Revision, unconfirmed map[string]bool, refused map[string]string) {
	s.t.Helper()
	if err := s.s.Acknowledge(acked, unconfirmed, refused); err != nil {
		s.t.Fatalf("Acknowledge: %v", err)
	}
}

func (s *store) confirm(annotator string, checked, missing []string) {
	s.t.Helper()
	if err := s.s.Confirm(annotator, checked, missing); err != nil {
		s.t.Fatalf("Confirm(%q, %q, %q): %v", annotator, checked, missing, err)
	}
}

func (s *store) putArticle(a annotations.Article, sent bool) {
	s.t.Helper()
	if err := s.s.PutArticle(a, sent); err != nil {
		s.t.Fatalf("PutArticle(%s, %v): %v", a.ID, sent, err)
	}
}

func (s *store) applyPulled(annotator string, revs []annotations.Revision, cursor string) {
	s.t.Helper()
	if err := s.s.ApplyPulled(annotator, revs, cursor); err != nil {
		s.t.Fatalf("ApplyPulled(%q, %d revisions, %q): %v", annotator, len(revs), cursor, err)
	}
}

func (s *store) sendAgain() {
	s.t.Helper()
	if err := s.s.SendAgain(); err != nil {
		s.t.Fatalf("SendAgain: %v", err)
	}
}

// pending returns Pending by revision ID, failing on an ID listed twice.
func (s *store) pending() map[string]replica.Pending {
	s.t.Helper()
	list, err := s.s.Pending()
	if err != nil {
		s.t.Fatalf("Pending: %v", err)
	}
	out := map[string]replica.Pending{}
	for _, p := range list {
		if _, dup := out[p.Revision.ID]; dup {
			s.t.Errorf("Pending lists revision %s twice", p.Revision.ID)
		}
		out[p.Revision.ID] = p
	}
	return out
}

// want is what a case expects of one pending revision.
type want struct {
	rev     annotations.Revision
	refusal string
	made    float64 // the exact Made; 0 when not made here; -1: any value above 0
}

// checkPending checks that Pending lists exactly wants, and returns it.
func (s *store) checkPending(when string, wants ...want) map[string]replica.Pending {
	s.t.Helper()
	got := s.pending()
	var missing []string
	for _, w := range wants {
		p, ok := got[w.rev.ID]
		if !ok {
			missing = append(missing, w.rev.ID)
			continue
		}
		if diff := cmp.Diff(w.rev, p.Revision); diff != "" {
			s.t.Errorf("%s: pending revision %s differs from the one stored (-stored +pending):\n%s", when, w.rev.ID, diff)
		}
		if p.Refusal != w.refusal {
			s.t.Errorf("%s: revision %s pending with refusal %q, want %q", when, w.rev.ID, p.Refusal, w.refusal)
		}
		switch {
		case w.made < 0 && p.Made <= 0:
			s.t.Errorf("%s: revision %s (made here) pending with Made %v, want a value above 0", when, w.rev.ID, p.Made)
		case w.made >= 0 && p.Made != w.made:
			s.t.Errorf("%s: revision %s pending with Made %v, want %v", when, w.rev.ID, p.Made, w.made)
		}
	}
	if len(missing) > 0 {
		s.t.Errorf("%s: Pending lacks %q", when, missing)
	}
	if len(got) != len(wants)-len(missing) {
		var extra []string
		for id := range got {
			if !slices.ContainsFunc(wants, func(w want) bool { return w.rev.ID == id }) {
				extra = append(extra, id)
			}
		}
		s.t.Errorf("%s: Pending lists %q too", when, extra)
	}
	return got
}

func (s *store) unconfirmed(annotator string) []string {
	s.t.Helper()
	ids, err := s.s.Unconfirmed(annotator)
	if err != nil {
		s.t.Fatalf("Unconfirmed(%q): %v", annotator, err)
	}
	return ids
}

// checkUnconfirmed checks that Unconfirmed(annotator) lists ids, each
// once, in any order.
func (s *store) checkUnconfirmed(when, annotator string, ids ...string) {
	s.t.Helper()
	got := s.unconfirmed(annotator)
	if !sameSet(got, ids) {
		s.t.Errorf("%s: Unconfirmed(%q) = %q, want %q", when, annotator, got, ids)
	}
}

func (s *store) cursor(annotator string) string {
	s.t.Helper()
	c, err := s.s.Cursor(annotator)
	if err != nil {
		s.t.Fatalf("Cursor(%q): %v", annotator, err)
	}
	return c
}

func (s *store) checkCursor(when, annotator, want string) {
	s.t.Helper()
	if got := s.cursor(annotator); got != want {
		s.t.Errorf("%s: Cursor(%q) = %q, want %q", when, annotator, got, want)
	}
}

// checkArticle checks Article(id): want stored with the sent flag, or not
// stored when ok is false.
func (s *store) checkArticle(when string, id string, want annotations.Article, sent, ok bool) {
	s.t.Helper()
	got, gotSent, gotOK, err := s.s.Article(id)
	if err != nil {
		s.t.Fatalf("%s: Article(%s): %v", when, id, err)
	}
	if gotOK != ok || gotSent != sent {
		s.t.Errorf("%s: Article(%s) gives ok %v, sent %v; want ok %v, sent %v", when, id, gotOK, gotSent, ok, sent)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		s.t.Errorf("%s: Article(%s) (-want +got):\n%s", when, id, diff)
	}
}

// checkUnsent checks that UnsentArticles lists want, in any order.
func (s *store) checkUnsent(when string, want ...annotations.Article) {
	s.t.Helper()
	got, err := s.s.UnsentArticles()
	if err != nil {
		s.t.Fatalf("%s: UnsentArticles: %v", when, err)
	}
	byID := func(a, b annotations.Article) int { return strings.Compare(a.ID, b.ID) }
	got, want = slices.Clone(got), slices.Clone(want)
	slices.SortFunc(got, byID)
	slices.SortFunc(want, byID)
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		s.t.Errorf("%s: UnsentArticles (-want +got):\n%s", when, diff)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// anyMade is a want.made for a revision made here, whatever its Made.
const anyMade = -1

func testEmpty(t *testing.T, s *store, f *fixture) {
	s.checkPending("a new store")
	s.checkUnsent("a new store")
	s.checkArticle("a new store", f.article.ID, annotations.Article{}, false, false)
	s.checkCursor("a new store", ann, "")
	s.checkUnconfirmed("a new store", ann)
}

func testMadePending(t *testing.T, s *store, f *fixture) {
	r1 := f.rev(ann, annotations.Revision{})
	r2 := f.rev(ann, annotations.Revision{})
	child := f.rev(ann, r1)
	s.made(r2, r1) // r2 made before r1: Made follows the order made, not the IDs
	s.made(child)
	got := s.checkPending("after AddMade", want{r1, "", anyMade}, want{r2, "", anyMade}, want{child, "", anyMade})
	if t.Failed() {
		return
	}
	if m2, m1, mc := got[r2.ID].Made, got[r1.ID].Made, got[child.ID].Made; !(m2 < m1 && m1 < mc) {
		t.Errorf("Made values %v, %v, %v for revisions made in that order, want them increasing", m2, m1, mc)
	}
	// Pending's order is not part of the contract; OrderPending gives
	// the order made.
	list, err := s.s.Pending()
	if err != nil {
		t.Fatal(err)
	}
	replica.OrderPending(list)
	var ids []string
	for _, p := range list {
		ids = append(ids, p.Revision.ID)
	}
	if want := []string{r2.ID, r1.ID, child.ID}; !slices.Equal(ids, want) {
		t.Errorf("OrderPending(Pending()) = %q, want the order made %q", ids, want)
	}
}

func testAcknowledgeAcked(t *testing.T, s *store, f *fixture) {
	r1, r2, r3 := f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{})
	s.made(r1, r2, r3)
	before := s.checkPending("after AddMade", want{r1, "", anyMade}, want{r2, "", anyMade}, want{r3, "", anyMade})
	s.acknowledge([]annotations.Revision{r1, r3}, nil, nil)
	s.checkPending("after acknowledging two", want{r2, "", before[r2.ID].Made})
	s.acknowledge([]annotations.Revision{r2}, map[string]bool{}, map[string]string{})
	s.checkPending("after acknowledging the third")
	s.checkUnconfirmed("with nothing unconfirmed", ann)
}

func testAcknowledgeRefused(t *testing.T, s *store, f *fixture) {
	r1, r2 := f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{})
	s.made(r1, r2)
	before := s.checkPending("after AddMade", want{r1, "", anyMade}, want{r2, "", anyMade})
	m1, m2 := before[r1.ID].Made, before[r2.ID].Made
	s.acknowledge([]annotations.Revision{r2}, map[string]bool{r2.ID: true}, map[string]string{r1.ID: "the parent is missing"})
	s.checkPending("after a refusal", want{r1, "the parent is missing", m1})
	s.checkUnconfirmed("after a push with a refusal", ann, r2.ID)
	s.acknowledge(nil, nil, map[string]string{r1.ID: "the article is missing"})
	s.checkPending("after a second refusal", want{r1, "the article is missing", m1})
	// Taken at last: the refusal goes with the pending.
	s.acknowledge([]annotations.Revision{r1}, nil, nil)
	s.checkPending("after the refused revision was acknowledged")
	s.sendAgain()
	s.checkPending("after SendAgain", want{r1, "", m1}, want{r2, "", m2})
}

func testRefusalNotPending(t *testing.T, s *store, f *fixture) {
	acked, unknown := f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{})
	s.made(acked)
	m := s.checkPending("after AddMade", want{acked, "", anyMade})[acked.ID].Made
	s.acknowledge([]annotations.Revision{acked}, nil, nil)
	s.acknowledge(nil, nil, map[string]string{acked.ID: "too late", unknown.ID: "never seen"})
	s.checkPending("after refusing revisions not pending")
	s.sendAgain()
	s.checkPending("after SendAgain", want{acked, "", m})
}

func testAcknowledgeUnknown(t *testing.T, s *store, f *fixture) {
	r := f.rev(ann, annotations.Revision{})
	s.acknowledge([]annotations.Revision{r}, map[string]bool{r.ID: true}, nil)
	s.checkPending("after acknowledging a revision the store lacked")
	s.checkUnconfirmed("after acknowledging it unconfirmed", ann, r.ID)
	s.sendAgain() // shows that it is stored, as not made here
	s.checkPending("after SendAgain", want{r, "", 0})
}

func testUnconfirmedPerAnnotator(t *testing.T, s *store, f *fixture) {
	a1, a2, a3 := f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{})
	b1, refused := f.rev(bea, annotations.Revision{}), f.rev(ann, annotations.Revision{})
	s.made(a1, a2, a3, b1, refused)
	s.acknowledge([]annotations.Revision{a1, a2, b1},
		map[string]bool{a1.ID: true, a2.ID: false, b1.ID: true, refused.ID: true},
		map[string]string{refused.ID: "no"})
	s.checkUnconfirmed("after the first push", ann, a1.ID)
	s.checkUnconfirmed("after the first push", bea, b1.ID)
	s.checkUnconfirmed("after the first push", "cat")
	s.acknowledge([]annotations.Revision{a3}, map[string]bool{a3.ID: true}, nil)
	s.checkUnconfirmed("after the second push", ann, a1.ID, a3.ID)
	s.checkUnconfirmed("after the second push", bea, b1.ID)
}

func testUnconfirmedOnce(t *testing.T, s *store, f *fixture) {
	r := f.rev(ann, annotations.Revision{})
	s.made(r)
	s.acknowledge([]annotations.Revision{r}, map[string]bool{r.ID: true}, nil)
	s.sendAgain() // the server lost history: r goes again, and is taken again
	s.acknowledge([]annotations.Revision{r}, map[string]bool{r.ID: true}, nil)
	s.checkUnconfirmed("after acknowledging a revision twice", ann, r.ID)
	s.confirm(ann, []string{r.ID}, nil)
	s.checkUnconfirmed("after confirming it", ann)
}

func testConfirmChecked(t *testing.T, s *store, f *fixture) {
	a1, a2, a3, b1 := f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{}), f.rev(bea, annotations.Revision{})
	s.made(a1, a2, a3, b1)
	all := []annotations.Revision{a1, a2, a3, b1}
	s.acknowledge(all, map[string]bool{a1.ID: true, a2.ID: true, a3.ID: true, b1.ID: true}, nil)
	s.confirm(ann, []string{a1.ID, a3.ID, "00000000-0000-0000-0000-000000000000"}, nil)
	s.checkUnconfirmed("after confirming two", ann, a2.ID)
	s.checkUnconfirmed("after confirming two of ann's", bea, b1.ID)
	s.checkPending("after confirming with nothing missing")
	s.confirm(bea, []string{a2.ID}, nil) // another annotator's list
	s.checkUnconfirmed("after bea's confirm", ann, a2.ID)
	s.checkUnconfirmed("after bea's confirm", bea, b1.ID)
	s.confirm(bea, []string{b1.ID}, nil)
	s.checkUnconfirmed("after confirming bea's", bea)
}

func testConfirmMissing(t *testing.T, s *store, f *fixture) {
	lost, kept, still := f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{})
	pulled := f.rev(ann, annotations.Revision{})
	s.made(lost, kept, still)
	made := s.checkPending("after AddMade", want{lost, "", anyMade}, want{kept, "", anyMade}, want{still, "", anyMade})
	s.acknowledge([]annotations.Revision{lost, kept}, map[string]bool{lost.ID: true, kept.ID: true}, map[string]string{still.ID: "refused"})
	s.applyPulled(ann, []annotations.Revision{pulled}, "1")
	s.confirm(ann, []string{lost.ID, kept.ID}, []string{lost.ID, still.ID, pulled.ID, "00000000-0000-0000-0000-000000000000"})
	s.checkUnconfirmed("after Confirm", ann)
	s.checkPending("after Confirm",
		want{lost, "", made[lost.ID].Made},
		want{still, "refused", made[still.ID].Made},
		want{pulled, "", 0})
}

func testPutArticle(t *testing.T, s *store, f *fixture) {
	s.putArticle(f.article, false)
	s.putArticle(f.article2, true)
	s.checkArticle("after PutArticle unsent", f.article.ID, f.article, false, true)
	s.checkArticle("after PutArticle sent", f.article2.ID, f.article2, true, true)
	s.checkUnsent("after PutArticle", f.article)
	s.putArticle(f.article, true)
	s.checkArticle("after PutArticle sent again", f.article.ID, f.article, true, true)
	s.checkUnsent("after both were sent")
	s.putArticle(f.article2, false)
	s.checkArticle("after PutArticle unsent again", f.article2.ID, f.article2, false, true)
	s.checkUnsent("after one was marked unsent", f.article2)
}

func testPutArticleReplaces(t *testing.T, s *store, f *fixture) {
	s.putArticle(f.article, false)
	retitled := f.article
	retitled.Title = "Tillerson and Lavrov 🙂"
	retitled.Source = "https://example.com/news/1"
	if err := retitled.Validate(); err != nil {
		t.Fatal(err)
	}
	s.putArticle(retitled, true)
	s.checkArticle("after PutArticle with another title", f.article.ID, retitled, true, true)
	s.checkUnsent("after PutArticle with another title")
	s.putArticle(f.article, false)
	s.checkArticle("after PutArticle with the first title", f.article.ID, f.article, false, true)
	s.checkUnsent("after PutArticle with the first title", f.article)
}

func testPutArticleInvalid(t *testing.T, s *store, f *fixture) {
	bad := f.article
	bad.ID = f.article2.ID // does not match the text
	if err := s.s.PutArticle(bad, false); err == nil {
		t.Errorf("PutArticle of an article whose ID does not match its text: no error")
	}
	untitled := f.article
	untitled.Title = ""
	if err := s.s.PutArticle(untitled, true); err == nil {
		t.Errorf("PutArticle of an article without a title: no error")
	}
	s.checkArticle("after the refused PutArticle", f.article2.ID, annotations.Article{}, false, false)
	s.checkArticle("after the refused PutArticle", f.article.ID, annotations.Article{}, false, false)
	s.checkUnsent("after the refused PutArticle")
}

func testApplyPulled(t *testing.T, s *store, f *fixture) {
	r1, r2 := f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{})
	child := f.rev(ann, r1)
	b1 := f.rev(bea, annotations.Revision{})
	s.applyPulled(ann, []annotations.Revision{r1, r2}, "2.00ab")
	s.checkCursor("after the first page", ann, "2.00ab")
	s.checkCursor("after ann's page", bea, "")
	s.checkPending("after the first page")
	s.applyPulled(ann, []annotations.Revision{child}, "3.00cd")
	s.checkCursor("after the second page", ann, "3.00cd")
	s.applyPulled(ann, nil, "4.00ef") // an empty page moves the cursor too
	s.checkCursor("after an empty page", ann, "4.00ef")
	s.applyPulled(bea, []annotations.Revision{b1}, "1.0011")
	s.checkCursor("after bea's page", bea, "1.0011")
	s.checkCursor("after bea's page", ann, "4.00ef")
	s.applyPulled(ann, []annotations.Revision{r1}, "4.00ef") // pulled again: stored once
	s.checkPending("after the pages")
	s.checkUnconfirmed("after the pages", ann)
	s.sendAgain() // shows what is stored, as not made here
	s.checkPending("after SendAgain", want{r1, "", 0}, want{r2, "", 0}, want{child, "", 0}, want{b1, "", 0})
}

func testApplyPulledPending(t *testing.T, s *store, f *fixture) {
	mine, refused, other := f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{})
	s.made(mine, refused, other)
	made := s.checkPending("after AddMade", want{mine, "", anyMade}, want{refused, "", anyMade}, want{other, "", anyMade})
	s.acknowledge(nil, nil, map[string]string{refused.ID: "the server was busy"})
	// The pushes' answers were lost, but the server has them: a pull
	// brings them.
	s.applyPulled(ann, []annotations.Revision{mine, refused}, "7.0a0a")
	s.checkPending("after pulling two of the device's pending revisions", want{other, "", made[other.ID].Made})
	s.checkCursor("after the pull", ann, "7.0a0a")
	s.sendAgain() // the stored revisions kept their Made, and lost the refusal
	s.checkPending("after SendAgain",
		want{mine, "", made[mine.ID].Made},
		want{refused, "", made[refused.ID].Made},
		want{other, "", made[other.ID].Made})
}

func testApplyPulledBadPage(t *testing.T, s *store, f *fixture) {
	first, good := f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{})
	mine := f.rev(ann, annotations.Revision{})
	s.made(mine)
	m := s.checkPending("after AddMade", want{mine, "", anyMade})[mine.ID].Made
	s.applyPulled(ann, []annotations.Revision{first}, "1.0001")

	tampered := f.rev(ann, annotations.Revision{})
	tampered.Body = []byte(`{"id":"00000000-0000-4000-8000-000000000999","label":"LOC"}`) // its ID no longer matches
	bea1 := f.rev(bea, annotations.Revision{})
	for _, page := range []struct {
		name string
		revs []annotations.Revision
	}{
		{"a revision whose ID does not match its content", []annotations.Revision{good, mine, tampered}},
		{"a revision of another annotator", []annotations.Revision{good, mine, bea1}},
	} {
		if err := s.s.ApplyPulled(ann, page.revs, "9.0009"); err == nil {
			t.Errorf("ApplyPulled of a page with %s: no error", page.name)
		}
		s.checkCursor("after a refused page with "+page.name, ann, "1.0001")
		s.checkPending("after a refused page with "+page.name, want{mine, "", m})
	}
	s.sendAgain() // shows that nothing of the refused pages was stored
	s.checkPending("after SendAgain", want{mine, "", m}, want{first, "", 0})
}

func testSendAgain(t *testing.T, s *store, f *fixture) {
	refused, acked, pending := f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{}), f.rev(ann, annotations.Revision{})
	pulled, beas := f.rev(ann, annotations.Revision{}), f.rev(bea, annotations.Revision{})
	s.made(refused, acked, pending)
	made := s.checkPending("after AddMade", want{refused, "", anyMade}, want{acked, "", anyMade}, want{pending, "", anyMade})
	s.acknowledge([]annotations.Revision{acked}, map[string]bool{acked.ID: true}, map[string]string{refused.ID: "no"})
	s.applyPulled(ann, []annotations.Revision{pulled}, "5.0005")
	s.applyPulled(bea, []annotations.Revision{beas}, "2.0002")
	s.putArticle(f.article, true)
	s.putArticle(f.article2, false)
	s.checkUnsent("before SendAgain", f.article2)

	s.sendAgain()
	s.checkPending("after SendAgain",
		want{refused, "no", made[refused.ID].Made},
		want{acked, "", made[acked.ID].Made},
		want{pending, "", made[pending.ID].Made},
		want{pulled, "", 0},
		want{beas, "", 0})
	s.checkUnsent("after SendAgain", f.article, f.article2)
	s.checkArticle("after SendAgain", f.article.ID, f.article, false, true)
	s.checkArticle("after SendAgain", f.article2.ID, f.article2, false, true)
	s.checkCursor("after SendAgain", ann, "5.0005")
	s.checkCursor("after SendAgain", bea, "2.0002")
	s.checkUnconfirmed("after SendAgain", ann, acked.ID)

	// Twice is as once.
	s.sendAgain()
	if got := s.pending(); len(got) != 5 {
		t.Errorf("after SendAgain twice: %d pending, want 5", len(got))
	}
}
