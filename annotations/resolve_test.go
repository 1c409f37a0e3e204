package annotations

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// history builds revisions of entity items on testArticle.
type history struct {
	t *testing.T
	a Article
}

func newHistory(t *testing.T) history { return history{t, testArticle(t)} }

// edit returns the revision setting item to [start, end) label on top of
// parent (nil for the first revision).
func (h history) edit(parent *Revision, item string, start, end int, label string) Revision {
	h.t.Helper()
	p := ""
	if parent != nil {
		p = parent.ID
	}
	return mustRev(h.t)(NewEntityRevision(p, SetKey{ArticleID: h.a.ID, Annotator: "ana"}, testEntity(h.t, h.a, item, start, end, label)))
}

func (h history) del(parent Revision) Revision {
	h.t.Helper()
	return mustRev(h.t)(NewDeletion(parent))
}

func ids(rs []Revision) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.ID)
	}
	slices.Sort(out)
	return out
}

// maxByID returns the revision with the greatest ID; among revisions of one
// generation, that is the greatest hash.
func maxByID(rs ...Revision) Revision {
	return slices.MaxFunc(rs, func(a, b Revision) int { return strings.Compare(a.ID, b.ID) })
}

func TestWins(t *testing.T) {
	hash := func(c string) string { return strings.Repeat(c, 32) }
	live := func(id string) Revision { return Revision{ID: id} }
	dead := func(id string) Revision { return Revision{ID: id, Deleted: true} }
	tests := []struct {
		name        string
		winner, lsr Revision
	}{
		{"higher generation", live("2-" + hash("0")), live("1-" + hash("f"))},
		{"generation compared as a number", live("10-" + hash("0")), live("9-" + hash("f"))},
		{"same generation, greater hash", live("3-" + hash("b")), live("3-" + hash("a"))},
		{"hash compared in full", live("3-" + hash("a") + "1"), live("3-" + hash("a") + "0")},
		{"live beats deleted, same generation", live("2-" + hash("0")), dead("2-" + hash("f"))},
		{"live beats deleted of a higher generation", live("1-" + hash("0")), dead("7-" + hash("f"))},
		{"deleted: higher generation", dead("4-" + hash("0")), dead("3-" + hash("f"))},
		{"deleted: greater hash", dead("4-" + hash("9")), dead("4-" + hash("1"))},
	}
	for _, tt := range tests {
		if !Wins(tt.winner, tt.lsr) {
			t.Errorf("%s: Wins(%s, %s) = false, want true", tt.name, tt.winner.ID, tt.lsr.ID)
		}
		if Wins(tt.lsr, tt.winner) {
			t.Errorf("%s: Wins(%s, %s) = true, want false", tt.name, tt.lsr.ID, tt.winner.ID)
		}
		if Wins(tt.winner, tt.winner) {
			t.Errorf("%s: Wins(x, x) = true for %s", tt.name, tt.winner.ID)
		}
	}
}

func TestResolvePermutations(t *testing.T) {
	h := newHistory(t)
	r1 := h.edit(nil, testItem, 2, 15, "PER")
	r2 := h.edit(&r1, testItem, 6, 15, "PER")
	r3 := h.edit(&r2, testItem, 6, 15, "ORG")
	a := h.edit(&r1, testItem, 2, 15, "ORG")
	b := h.edit(&r1, testItem, 2, 15, "LOC")
	c := h.edit(&r1, testItem, 2, 5, "PER")
	d1 := h.del(r1)
	d2 := h.del(r2)
	d3 := h.del(r3)
	da, db := h.del(a), h.del(b)
	abc := maxByID(a, b, c)

	tests := []struct {
		name          string
		revs          []Revision
		winner        Revision
		conflicts     []Revision
		winnerDeleted bool
	}{
		{"one revision", []Revision{r1}, r1, nil, false},
		{"linear history: last wins", []Revision{r1, r2, r3}, r3, nil, false},
		{"two concurrent children", []Revision{r1, a, b}, maxByID(a, b), []Revision{minByID(a, b)}, false},
		{"three concurrent children", []Revision{r1, a, b, c}, abc, without([]Revision{a, b, c}, abc), false},
		{"a longer branch wins over a greater hash", []Revision{r1, r2, r3, a}, r3, []Revision{a}, false},
		{"edit vs concurrent delete", []Revision{r1, a, d1}, a, nil, false},
		{"edit vs concurrent delete of a higher generation", []Revision{r1, r2, d3, r3, a}, a, nil, false},
		{"edit vs delete after an edit", []Revision{r1, r2, d2, a}, a, nil, false},
		{"deletion as the only leaf", []Revision{r1, r2, d2}, d2, nil, true},
		{"deleted branches, one live", []Revision{r1, a, da, b, db, c}, c, nil, false},
		{"every branch deleted", []Revision{r1, a, da, b, db}, maxByID(da, db), nil, true},
		{"missing parent: orphans are leaves", []Revision{r3, a}, r3, []Revision{a}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var first []ItemState
			for i, p := range permutations(tt.revs) {
				got := Resolve(p)
				if len(got) != 1 {
					t.Fatalf("Resolve(%v) = %d items, want 1", ids(p), len(got))
				}
				st := got[0]
				if st.Item != testItem {
					t.Errorf("Item = %q, want %q", st.Item, testItem)
				}
				if st.Winner.ID != tt.winner.ID {
					t.Errorf("order %v: winner %s, want %s", ids(p), st.Winner.ID, tt.winner.ID)
				}
				if st.Winner.Deleted != tt.winnerDeleted {
					t.Errorf("winner deleted = %v, want %v", st.Winner.Deleted, tt.winnerDeleted)
				}
				if diff := cmp.Diff(ids(tt.conflicts), ids(st.Conflicts)); diff != "" {
					t.Errorf("order %v: conflicts (-want +got):\n%s", ids(p), diff)
				}
				for _, c := range st.Conflicts {
					if c.Deleted {
						t.Errorf("tombstone %s listed as a conflict", c.ID)
					}
				}
				// The whole state, conflicts' order included, is the same
				// whatever order the revisions came in.
				if i == 0 {
					first = got
				} else if diff := cmp.Diff(first, got); diff != "" {
					t.Fatalf("order %v resolves differently from %v (-first +got):\n%s", ids(p), ids(tt.revs), diff)
				}
			}
		})
	}
}

func minByID(rs ...Revision) Revision {
	return slices.MinFunc(rs, func(a, b Revision) int { return strings.Compare(a.ID, b.ID) })
}

func without(rs []Revision, x Revision) []Revision {
	return slices.DeleteFunc(slices.Clone(rs), func(r Revision) bool { return r.ID == x.ID })
}

func TestResolveGenerationsPastNine(t *testing.T) {
	// Generations compare as numbers: "10-..." beats "9-..." though it sorts
	// before it as a string.
	h := newHistory(t)
	labels := []string{"PER", "ORG", "LOC", "MISC"}
	chain := []Revision{h.edit(nil, testItem, 2, 15, "PER")}
	for i := 1; i < 10; i++ {
		chain = append(chain, h.edit(&chain[i-1], testItem, 2, 15, labels[i%4]))
	}
	branch := h.edit(&chain[7], testItem, 29, 32, "PER") // generation 9
	if g := chain[9].Generation(); g != 10 {
		t.Fatalf("chain ends at generation %d", g)
	}
	revs := append(slices.Clone(chain), branch)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 50; i++ {
		p := slices.Clone(revs)
		if i == 1 {
			slices.Reverse(p)
		} else if i > 1 {
			rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
		}
		st := Resolve(p)
		if len(st) != 1 || st[0].Winner.ID != chain[9].ID {
			t.Fatalf("order %v: winner %v, want %s", ids(p), st, chain[9].ID)
		}
		if diff := cmp.Diff([]string{branch.ID}, ids(st[0].Conflicts)); diff != "" {
			t.Fatalf("conflicts (-want +got):\n%s", diff)
		}
	}
}

func TestResolveDuplicates(t *testing.T) {
	h := newHistory(t)
	r1 := h.edit(nil, testItem, 2, 15, "PER")
	a := h.edit(&r1, testItem, 2, 15, "ORG")
	b := h.edit(&r1, testItem, 2, 15, "LOC")
	want := Resolve([]Revision{r1, a, b})
	if len(want) != 1 || len(want[0].Conflicts) != 1 {
		t.Fatalf("Resolve without duplicates = %+v, want one item with one conflict", want)
	}
	inputs := [][]Revision{
		{r1, a, b, a, b, r1},
		{b, b, b, a, r1, r1},
		{a, r1, b, r1, a, b, b, a},
	}
	for _, in := range inputs {
		got := Resolve(in)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Resolve(%v) (-want +got):\n%s", ids(in), diff)
		}
	}
	// A concurrent deletion made on two devices is one tombstone.
	d1, d1again := h.del(r1), h.del(r1)
	got := Resolve([]Revision{r1, d1, d1again})
	if len(got) != 1 || got[0].Winner.ID != d1.ID || len(got[0].Conflicts) != 0 {
		t.Errorf("Resolve(r1, d1, d1) = %+v, want d1 alone", got)
	}
}

func TestResolveItems(t *testing.T) {
	h := newHistory(t)
	x1 := h.edit(nil, testItem, 2, 15, "PER")
	x2 := h.edit(&x1, testItem, 2, 15, "ORG")
	y1 := h.edit(nil, testItem2, 29, 32, "PER")
	z1 := h.edit(nil, testItem3, 36, 38, "LOC")
	zd := h.del(z1)
	got := Resolve([]Revision{zd, x2, y1, z1, x1})
	want := []ItemState{
		{Item: testItem2, Winner: y1},
		{Item: testItem, Winner: x2},
		{Item: testItem3, Winner: zd},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Resolve (-want +got):\n%s", diff)
	}
	if got := Resolve(nil); len(got) != 0 {
		t.Errorf("Resolve(nil) = %+v, want no items", got)
	}
	// A revision of one item is not the parent of another item's revision,
	// even when the IDs coincide.
	if got := Resolve([]Revision{x1, {ID: "2-" + strings.Repeat("0", 32), Parent: x1.ID, Item: testItem2}}); len(got) != 2 || got[1].Winner.ID != x1.ID {
		t.Errorf("a parent ID in another item hid a leaf: %+v", got)
	}
}

func TestResolveCycleDoesNotPanic(t *testing.T) {
	// Content-derived IDs make a cycle impossible among valid revisions, but
	// Resolve gets whatever a store holds: a revision naming itself as its
	// parent (or two naming each other) must not crash the resolver, and
	// the result must not depend on input order.
	h := newHistory(t)
	r1 := h.edit(nil, testItem, 2, 15, "PER")
	self := r1
	self.Parent = self.ID
	p := h.edit(nil, testItem, 2, 15, "ORG")
	q := h.edit(nil, testItem, 2, 15, "LOC")
	p.Parent, q.Parent = q.ID, p.ID
	for name, revs := range map[string][]Revision{"self": {self}, "pair": {p, q}} {
		t.Run(name, func(t *testing.T) {
			var first []ItemState
			for i, perm := range permutations(revs) {
				var got []ItemState
				func() {
					defer func() {
						if v := recover(); v != nil {
							t.Fatalf("Resolve(%v) panicked: %v", ids(perm), v)
						}
					}()
					got = Resolve(perm)
				}()
				if len(got) != 1 || got[0].Item != testItem {
					t.Fatalf("Resolve(%v) = %+v, want one state for %s", ids(perm), got, testItem)
				}
				if i == 0 {
					first = got
				} else if diff := cmp.Diff(first, got); diff != "" {
					t.Fatalf("order %v resolves differently (-first +got):\n%s", ids(perm), diff)
				}
			}
		})
	}
}
