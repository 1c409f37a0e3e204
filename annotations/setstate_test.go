package annotations

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
)

var setStateSeeds = flag.Int("setstate-seeds", 16, "how many random histories TestSetStateMatchesBuildSet plays")

// referenceBuildSet is BuildSet as it was before SetState: every item
// resolved and decoded again, then sorted, then reviewed. It is the
// property test's oracle: plain, and independent of SetState's
// bookkeeping.
func referenceBuildSet(articleID, annotator string, revs []Revision) (Set, error) {
	s := Set{ID: SetKey{ArticleID: articleID, Annotator: annotator}.ID(), ArticleID: articleID, Annotator: annotator, Schema: DefaultSchema(),
		Entities: []Entity{}, Quotes: []Quote{}, Stances: []Stance{}, Groups: []EntityGroup{}, Heads: map[string]Revision{}}
	var mine []Revision
	for _, r := range revs {
		if r.ArticleID == articleID && r.Annotator == annotator {
			mine = append(mine, r)
		}
	}
	for _, st := range Resolve(mine) {
		s.Conflicts = append(s.Conflicts, st.Conflicts...)
		s.Heads[st.Item] = st.Winner
		if st.Winner.Deleted {
			continue
		}
		switch st.Winner.Kind {
		case KindEntity:
			e, err := st.Winner.Entity()
			if err != nil {
				return Set{}, err
			}
			s.Entities = append(s.Entities, e)
		case KindQuote:
			q, err := st.Winner.Quote()
			if err != nil {
				return Set{}, err
			}
			s.Quotes = append(s.Quotes, q)
		case KindStance:
			x, err := st.Winner.Stance()
			if err != nil {
				return Set{}, err
			}
			s.Stances = append(s.Stances, x)
		case KindGroup:
			g, err := st.Winner.Group()
			if err != nil {
				return Set{}, err
			}
			s.Groups = append(s.Groups, g)
		case KindSchema:
			sc, err := st.Winner.Schema()
			if err == nil && st.Item != SchemaItemID((SetKey{ArticleID: articleID, Annotator: annotator})) {
				err = invalid("item", "%q is not the schema item of this annotation set", st.Item)
			}
			if err == nil {
				err = sc.Validate()
			}
			if err != nil {
				return Set{}, err
			}
			if len(sc.StancePolarities) == 0 {
				sc.StancePolarities = DefaultStancePolarities()
			}
			s.Schema = sc
		}
	}
	slices.SortFunc(s.Entities, func(a, b Entity) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End), cmp.Compare(a.Label, b.Label), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(s.Quotes, func(a, b Quote) int {
		return cmp.Or(cmp.Compare(a.Content.Start, b.Content.Start), cmp.Compare(b.Content.End, a.Content.End), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(s.Groups, func(a, b EntityGroup) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	slices.SortFunc(s.Stances, func(a, b Stance) int {
		return cmp.Or(cmp.Compare(a.Holder.Kind, b.Holder.Kind), cmp.Compare(a.Holder.ID, b.Holder.ID),
			cmp.Compare(a.Target.Kind, b.Target.Kind), cmp.Compare(a.Target.ID, b.Target.ID), cmp.Compare(a.Target.Topic, b.Target.Topic),
			cmp.Compare(a.ID, b.ID))
	})
	// An item is named by its winner's value when live, else by its
	// live revision that wins over its others.
	lastLive := map[string]Revision{}
	for _, r := range mine {
		if l, ok := lastLive[r.Item]; !r.Deleted && (!ok || Wins(r, l)) {
			lastLive[r.Item] = r
		}
	}
	name := func(id string, k Kind) string {
		r, ok := s.Heads[id]
		if !ok {
			return k.aNoun()
		}
		if r.Deleted {
			if r, ok = lastLive[id]; !ok {
				return k.aNoun()
			}
		}
		switch r.Kind {
		case KindEntity:
			if e, err := r.Entity(); err == nil {
				return "the mention " + inQuotes(e.Exact, 40)
			}
		case KindGroup:
			if g, err := r.Group(); err == nil {
				return "the group " + inQuotes(g.Name, 40)
			}
		case KindQuote:
			if q, err := r.Quote(); err == nil {
				return "the quote " + inQuotes(q.Content.Exact, 40)
			}
		}
		return k.aNoun()
	}
	var flags []ReviewFlag
	check := func(item string, kind Kind, refs []reference) {
		for _, r := range refs {
			if p := refProblem(r, s.Heads, name); p != "" {
				flags = append(flags, ReviewFlag{Item: item, Kind: kind, Reason: p})
			}
		}
	}
	for _, e := range s.Entities {
		if _, ok := s.Schema.Label(e.Label); !ok {
			flags = append(flags, ReviewFlag{Item: e.ID, Kind: KindEntity, Reason: fmt.Sprintf("Its label %q is no longer one of this set's labels: give it another label, or add %q back to the labels", e.Label, e.Label)})
		}
	}
	for _, q := range s.Quotes {
		check(q.ID, KindQuote, q.references())
	}
	for _, x := range s.Stances {
		check(x.ID, KindStance, x.references())
		if !s.Schema.HasPolarity(x.Polarity) {
			flags = append(flags, ReviewFlag{Item: x.ID, Kind: KindStance, Reason: fmt.Sprintf("Its polarity %q is no longer one of this set's stance polarities: choose another", x.Polarity)})
		}
	}
	for _, g := range s.Groups {
		check(g.ID, KindGroup, g.references())
		for _, o := range s.Groups {
			for _, m := range g.Members {
				if o.ID != g.ID && slices.Contains(o.Members, m) {
					flags = append(flags, ReviewFlag{Item: g.ID, Kind: KindGroup,
						Reason: fmt.Sprintf("%s is also in the group %q: a mention can be in one group only; take it out of one of them", name(m, KindEntity), o.Name)})
				}
			}
		}
	}
	s.Review = flags
	return s, nil
}

// historyGen makes a random history of one set (ana's on quoteArticle) with
// revisions of other sets mixed in: new items of every kind referring to
// items that exist, were deleted, have another kind or never existed;
// edits of any revision of an item (concurrent edits make conflicts);
// deletions; schema changes that drop or add labels and polarities; items
// that change kind (a foreign client's doing); duplicates; and, when bad is
// set, winning bodies that do not decode.
type historyGen struct {
	t       *testing.T
	rng     *rand.Rand
	a       Article
	text    []rune
	pool    []string              // item IDs to draw from
	revs    map[string][]Revision // ana's revisions by item, as made
	kinds   map[string]Kind       // each made item's kind
	made    []Revision            // everything made, in order
	other   Article
	bad     bool
	schemaI string
}

func newHistoryGen(t *testing.T, seed uint64, bad bool) *historyGen {
	a := quoteArticle(t)
	other := testArticle(t)
	g := &historyGen{t: t, rng: rand.New(rand.NewPCG(seed, 7)), a: a, text: []rune(a.Text), revs: map[string][]Revision{},
		kinds: map[string]Kind{}, other: other, bad: bad, schemaI: SchemaItemID(SetKey{ArticleID: a.ID, Annotator: "ana"})}
	for i := range 24 {
		g.pool = append(g.pool, uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "pool %d", i)).String())
	}
	return g
}

func (g *historyGen) must(r Revision, err error) Revision {
	g.t.Helper()
	if err != nil {
		g.t.Fatal(err)
	}
	return r
}

func (g *historyGen) span() Span {
	start := g.rng.IntN(len(g.text) - 1)
	end := start + 1 + g.rng.IntN(min(12, len(g.text)-start))
	s, err := NewSpan(g.text, start, min(end, len(g.text)))
	if err != nil {
		g.t.Fatal(err)
	}
	return s
}

// ref returns an item to refer to: mostly one of the pool (made or not,
// of any kind), sometimes one that never exists.
func (g *historyGen) ref() string {
	if g.rng.IntN(10) == 0 {
		return uuid.NewSHA1(uuid.NameSpaceURL, fmt.Appendf(nil, "never %d", g.rng.IntN(1000))).String()
	}
	return g.pool[g.rng.IntN(len(g.pool))]
}

func (g *historyGen) pick(xs ...string) string { return xs[g.rng.IntN(len(xs))] }

// body returns a random value of kind for item.
func (g *historyGen) body(item string, kind Kind) any {
	switch kind {
	case KindEntity:
		return Entity{ID: item, Span: g.span(), Label: g.pick("PER", "ORG", "LOC", "MISC", "ROLE", "XYZ")}
	case KindQuote:
		q := Quote{ID: item, Content: g.span(), Speaker: Ref{Kind: RefKind(g.pick("entity", "group")), ID: g.ref()}, Direct: g.rng.IntN(2) == 0}
		if g.rng.IntN(2) == 0 {
			c := g.span()
			q.Cue = &c
		}
		return q
	case KindStance:
		x := Stance{ID: item, Polarity: g.pick("FAVOR", "AGAINST", "NONE", "PRO", "CON")}
		switch g.rng.IntN(4) {
		case 0:
			x.Holder = Holder{Kind: RefArticle}
		default:
			x.Holder = Holder{Kind: RefKind(g.pick("entity", "group", "quote_speaker")), ID: g.ref()}
		}
		if g.rng.IntN(3) == 0 {
			x.Target = Target{Kind: RefTopic, Topic: g.pick("the UN resolution", "bluffing", "Monday")}
		} else {
			x.Target = Target{Kind: RefKind(g.pick("entity", "group")), ID: g.ref()}
		}
		for range g.rng.IntN(3) {
			if g.rng.IntN(2) == 0 {
				sp := g.span()
				x.Evidence = append(x.Evidence, Evidence{Kind: RefSpan, Span: &sp})
			} else {
				x.Evidence = append(x.Evidence, Evidence{Kind: RefQuote, ID: g.ref()})
			}
		}
		return x
	case KindGroup:
		grp := EntityGroup{ID: item, Name: g.pick("Rex", "Anna", "UN")}
		for range 1 + g.rng.IntN(3) {
			grp.Members = append(grp.Members, g.ref())
		}
		return grp
	}
	g.t.Fatalf("no body for kind %s", kind)
	return nil
}

func (g *historyGen) schema() Schema {
	labels := []Label{{Name: "PER", Key: "1"}, {Name: "ORG", Key: "2"}, {Name: "LOC", Key: "3"}, {Name: "MISC", Key: "4"}, {Name: "ROLE", Key: "5", Color: "#123456"}}
	var sc Schema
	for _, l := range labels {
		if g.rng.IntN(3) > 0 {
			sc.EntityLabels = append(sc.EntityLabels, l)
		}
	}
	if len(sc.EntityLabels) == 0 {
		sc.EntityLabels = labels[4:]
	}
	for _, p := range []string{"FAVOR", "AGAINST", "NONE", "PRO", "CON"} {
		if g.rng.IntN(2) == 0 {
			sc.StancePolarities = append(sc.StancePolarities, p)
		}
	}
	return sc
}

// anyRev returns a random revision of item, the latest more often.
func (g *historyGen) anyRev(item string) Revision {
	rs := g.revs[item]
	if g.rng.IntN(2) == 0 {
		return rs[len(rs)-1]
	}
	return rs[g.rng.IntN(len(rs))]
}

// next makes the next revision.
func (g *historyGen) next() Revision {
	var made []string
	for _, it := range g.pool {
		if len(g.revs[it]) > 0 {
			made = append(made, it)
		}
	}
	var r Revision
	switch op := g.rng.IntN(100); {
	case op < 30 || len(made) == 0: // a new item, or a new root of one
		item := g.pool[g.rng.IntN(len(g.pool))]
		kind, ok := g.kinds[item]
		if !ok {
			kind = Kind(g.pick("entity", "entity", "quote", "stance", "group"))
		}
		r = g.must(NewRevision("", item, kind, SetKey{ArticleID: g.a.ID, Annotator: "ana"}, false, g.body(item, kind)))
	case op < 58: // an edit of any revision: a conflict unless it is the head
		item := made[g.rng.IntN(len(made))]
		kind := g.kinds[item]
		if g.rng.IntN(30) == 0 { // a foreign client changes the item's kind
			kind = Kind(g.pick("entity", "quote", "stance", "group"))
		}
		r = g.must(NewRevision(g.anyRev(item).ID, item, kind, SetKey{ArticleID: g.a.ID, Annotator: "ana"}, false, g.body(item, kind)))
	case op < 70:
		r = g.must(NewDeletion(g.anyRev(made[g.rng.IntN(len(made))])))
	case op < 78:
		parent := ""
		if rs := g.revs[g.schemaI]; len(rs) > 0 && g.rng.IntN(4) > 0 {
			parent = g.anyRev(g.schemaI).ID
		}
		if g.rng.IntN(6) == 0 && parent != "" {
			r = g.must(NewDeletion(g.anyRev(g.schemaI)))
		} else {
			r = g.must(NewSchemaRevision(parent, SetKey{ArticleID: g.a.ID, Annotator: "ana"}, g.schema()))
		}
	case op < 86 && len(g.made) > 0: // a duplicate
		return g.made[g.rng.IntN(len(g.made))]
	case op < 94: // another set: bob's on this article, ana's on another
		item := g.pool[g.rng.IntN(len(g.pool))]
		if g.rng.IntN(2) == 0 {
			r = g.must(NewRevision("", item, KindEntity, SetKey{ArticleID: g.a.ID, Annotator: "bob"}, false, g.body(item, KindEntity)))
		} else {
			r = g.must(NewEntityRevision("", SetKey{ArticleID: g.other.ID, Annotator: "ana"}, testEntity(g.t, g.other, item, 2, 5, "PER")))
		}
		g.made = append(g.made, r)
		return r
	default:
		if !g.bad {
			return g.next()
		}
		// A body that does not decode, on top of the item's latest
		// revision so that it wins (unless a concurrent edit does).
		item := made[g.rng.IntN(len(made))]
		rs := g.revs[item]
		r = Revision{Parent: rs[len(rs)-1].ID, Item: item, Kind: g.kinds[item], ArticleID: g.a.ID, Annotator: "ana",
			Body: json.RawMessage(`{"id":"` + item + `","unknown":1}`)}
		r.ID = r.ComputeID()
		g.made = append(g.made, r)
		return r // not kept as a parent: its set fails to build
	}
	if _, ok := g.kinds[r.Item]; !ok {
		g.kinds[r.Item] = r.Kind
	}
	g.revs[r.Item] = append(g.revs[r.Item], r)
	g.made = append(g.made, r)
	return r
}

// TestSetStateMatchesBuildSet plays random histories into a SetState, one
// revision at a time and in random batches, and checks after every Apply
// that its Set equals what the reference BuildSet makes of everything
// applied so far, that an Apply that fails changes nothing, and at the end
// that every Set returned on the way still equals what it was.
func TestSetStateMatchesBuildSet(t *testing.T) {
	steps := 160
	if testing.Short() {
		steps = 60
	}
	failures := 0 // failed Applies in the histories with bad bodies
	for seed := range uint64(*setStateSeeds) {
		for _, mode := range []string{"one at a time", "batches", "batches with bad bodies"} {
			t.Run(fmt.Sprintf("seed %d %s", seed, mode), func(t *testing.T) {
				g := newHistoryGen(t, seed, mode == "batches with bad bodies")
				st := NewSetState(SetKey{ArticleID: g.a.ID, Annotator: "ana"})
				var applied []Revision
				type snapshot struct {
					got, want Set
				}
				var snaps []snapshot
				for step := 0; step < steps; {
					n := 1
					if mode != "one at a time" {
						n = 1 + g.rng.IntN(8)
					}
					var batch []Revision
					for range n {
						batch = append(batch, g.next())
					}
					// Deliver out of order now and then: a child before its
					// parent, as pages from several devices may.
					if g.rng.IntN(4) == 0 {
						g.rng.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
					}
					step += n
					before := st.Set()
					want, wantErr := referenceBuildSet(g.a.ID, "ana", append(slices.Clip(applied), batch...))
					err := st.Apply(batch...)
					if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
						t.Fatalf("step %d: Apply error %v, reference BuildSet error %v", step, err, wantErr)
					}
					if err != nil {
						failures++
						if diff := setDiff(before, st.Set()); diff != "" {
							t.Fatalf("step %d: a failed Apply changed the set (-before +after):\n%s", step, diff)
						}
						continue
					}
					applied = append(applied, batch...)
					got := st.Set()
					if diff := setDiff(want, got); diff != "" {
						t.Fatalf("step %d: SetState differs from BuildSet (-BuildSet +SetState):\n%s", step, diff)
					}
					if diff := setDiff(want, mustBuild(t, g.a.ID, applied)); diff != "" {
						t.Fatalf("step %d: BuildSet differs from the reference (-reference +BuildSet):\n%s", step, diff)
					}
					snaps = append(snaps, snapshot{got, want})
				}
				for i, s := range snaps {
					if diff := setDiff(s.want, s.got); diff != "" {
						t.Fatalf("the set returned after Apply %d changed since (-then +now):\n%s", i, diff)
					}
				}
				checkRevisions(t, st, g.a.ID, applied)
			})
		}
	}
	if failures == 0 {
		t.Error("no Apply failed: the histories with bad bodies test nothing")
	}
}

// setDiff returns the difference between two sets, "" when they are deeply
// equal (nil and empty slices told apart: BuildSet's JSON depends on it).
// reflect.DeepEqual answers first, as go-cmp is slow on equal values.
func setDiff(want, got Set) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	if d := gocmp.Diff(want, got); d != "" {
		return d
	}
	return fmt.Sprintf("nil and empty differ:\n%#v\n%#v", want, got)
}

func mustBuild(t *testing.T, articleID string, revs []Revision) Set {
	t.Helper()
	s, err := BuildSet(SetKey{ArticleID: articleID, Annotator: "ana"}, revs)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkRevisions checks Revisions, RevisionsOf and Revision against the
// revisions applied: ana's on the article, each once, in order.
func checkRevisions(t *testing.T, st *SetState, articleID string, applied []Revision) {
	t.Helper()
	var want []Revision
	byItem := map[string][]Revision{}
	seen := map[revKey]bool{}
	for _, r := range applied {
		if r.ArticleID != articleID || r.Annotator != "ana" || seen[revKey{r.Item, r.ID}] {
			continue
		}
		seen[revKey{r.Item, r.ID}] = true
		want = append(want, r)
		byItem[r.Item] = append(byItem[r.Item], r)
	}
	if got := st.Revisions(); !reflect.DeepEqual(want, got) {
		t.Errorf("Revisions (-want +got):\n%s", gocmp.Diff(want, got))
	}
	for item, rs := range byItem {
		if got := st.RevisionsOf(item); !reflect.DeepEqual(rs, got) {
			t.Errorf("RevisionsOf(%s) (-want +got):\n%s", item, gocmp.Diff(rs, got))
		}
		for _, r := range rs {
			if got, ok := st.Revision(item, r.ID); !ok || got.ID != r.ID {
				t.Errorf("Revision(%s, %s) = %s, %v", item, r.ID, got.ID, ok)
			}
		}
	}
	if rs := st.RevisionsOf(testItem7); rs != nil { // not in the generator's pool
		t.Errorf("RevisionsOf an item never applied = %v, want nil", rs)
	}
	if _, ok := st.Revision(testItem, "1-00"); ok {
		t.Error("Revision found a revision never applied")
	}
}

// TestSetStateApplyError checks that an Apply that fails leaves the state
// as it was, and that the state goes on from there.
func TestSetStateApplyError(t *testing.T) {
	f, revs := kindsSet(t)
	must := mustRev(t)
	schemaID := SchemaItemID(SetKey{ArticleID: f.a.ID, Annotator: "ana"})
	bad := func(parent Revision, body string) Revision {
		r := Revision{Parent: parent.ID, Item: parent.Item, Kind: parent.Kind, ArticleID: f.a.ID, Annotator: "ana", Body: json.RawMessage(body)}
		r.ID = r.ComputeID()
		return r
	}
	tests := []struct {
		name  string
		batch []Revision
		field string
	}{
		{"an entity with an unknown field", []Revision{bad(revs[testItem2], `{"id":"`+testItem2+`","start":0,"end":3,"exact":"Rex","label":"PER","x":1}`)}, "body"},
		{"a quote that is not one", []Revision{bad(revs[testItem], `{"id":"`+testItem+`","said":true}`)}, "body"},
		{"a schema with no labels", []Revision{bad(revs["schema"], `{"id":"`+schemaID+`","entity_labels":[]}`)}, "entity_labels"},
		{"a good edit with a bad one", []Revision{
			must(NewEntityRevision(revs[testItem5].ID, SetKey{ArticleID: f.a.ID, Annotator: "ana"}, testEntityOf(t, f.a, testItem5, "Anna Ruiz", "PER"))),
			bad(revs[testItem4], `{"id":"`+testItem4+`","name":""`),
		}, "body"},
		{"a schema body under another item", []Revision{bad(revs[testItem6], `{"id":"`+testItem6+`","entity_labels":[{"name":"PER"}]}`)}, "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := NewSetState(SetKey{ArticleID: f.a.ID, Annotator: "ana"})
			if err := st.Apply(values(revs)...); err != nil {
				t.Fatal(err)
			}
			before := st.Set()
			beforeRevs := st.Revisions()
			err := st.Apply(tt.batch...)
			if err == nil {
				t.Fatal("Apply accepted a bad body")
			}
			wantInvalid(t, err, tt.field)
			if diff := setDiff(before, st.Set()); diff != "" {
				t.Errorf("the failed Apply changed the set (-before +after):\n%s", diff)
			}
			if got := st.Revisions(); len(got) != len(beforeRevs) {
				t.Errorf("the failed Apply added %d revisions", len(got)-len(beforeRevs))
			}
			for _, r := range tt.batch {
				if _, ok := st.Revision(r.Item, r.ID); ok {
					t.Errorf("revision %s of the failed Apply is kept", r.ID)
				}
			}
			// The state goes on: a deletion of the first item applies.
			del := must(NewDeletion(st.Set().Heads[testItem6]))
			if err := st.Apply(del); err != nil {
				t.Fatal(err)
			}
			if diff := setDiff(mustBuild(t, f.a.ID, append(values(revs), del)), st.Set()); diff != "" {
				t.Errorf("after the failed Apply (-BuildSet +SetState):\n%s", diff)
			}
		})
	}
}

// testEntityOf returns a mention of the first occurrence of sub.
func testEntityOf(t *testing.T, a Article, id, sub, label string) Entity {
	return Entity{ID: id, Span: spanOf(t, a, sub, 0), Label: label}
}

// TestSetStateSharesUnchangedKinds checks what SetState promises about the
// Sets it returns: an Apply that changes mentions only gives a new entity
// list and keeps the others, and leaves the Set returned before it whole.
func TestSetStateSharesUnchangedKinds(t *testing.T) {
	f, revs := kindsSet(t)
	must := mustRev(t)
	st := NewSetState(SetKey{ArticleID: f.a.ID, Annotator: "ana"})
	if err := st.Apply(values(revs)...); err != nil {
		t.Fatal(err)
	}
	before := st.Set()
	wantBefore := mustBuild(t, f.a.ID, values(revs))
	relabel := must(NewEntityRevision(revs[testItem6].ID, SetKey{ArticleID: f.a.ID, Annotator: "ana"}, testEntityOf(t, f.a, testItem6, "Anna Ruiz", "XYZ")))
	if err := st.Apply(relabel); err != nil {
		t.Fatal(err)
	}
	after := st.Set()
	same := func(name string, a, b any) {
		if reflect.ValueOf(a).Pointer() != reflect.ValueOf(b).Pointer() {
			t.Errorf("%s: a new list, though the Apply changed none of them", name)
		}
	}
	same("quotes", before.Quotes, after.Quotes)
	same("stances", before.Stances, after.Stances)
	same("groups", before.Groups, after.Groups)
	if reflect.ValueOf(before.Entities).Pointer() == reflect.ValueOf(after.Entities).Pointer() {
		t.Error("entities: the same list, changed in place")
	}
	if diff := setDiff(wantBefore, before); diff != "" {
		t.Errorf("the set returned before the Apply changed (-then +now):\n%s", diff)
	}
	if len(before.Review) != 0 || len(after.Review) != 1 {
		t.Errorf("review before %v (want none), after %v (want the XYZ mention)", before.Review, after.Review)
	}
	// Applying the same revisions again changes nothing.
	if err := st.Apply(append(values(revs), relabel)...); err != nil {
		t.Fatal(err)
	}
	if diff := setDiff(after, st.Set()); diff != "" {
		t.Errorf("a replay changed the set (-before +after):\n%s", diff)
	}
}

// TestSetStateViewAndHead: View is Set without Heads, stays as it was after
// later Applies, and does not make the next Apply copy the heads (a Set
// taken before it still sees its own heads); Head reads the heads as they
// stand.
func TestSetStateViewAndHead(t *testing.T) {
	f, revs := kindsSet(t)
	must := mustRev(t)
	st := NewSetState(SetKey{ArticleID: f.a.ID, Annotator: "ana"})
	if err := st.Apply(values(revs)...); err != nil {
		t.Fatal(err)
	}
	want := mustBuild(t, f.a.ID, values(revs))
	view := st.View()
	if view.Heads != nil {
		t.Errorf("View has heads")
	}
	wantView := want
	wantView.Heads = nil
	if diff := setDiff(wantView, view); diff != "" {
		t.Errorf("View (-want +got):\n%s", diff)
	}
	for item, h := range want.Heads {
		if got, ok := st.Head(item); !ok || got.ID != h.ID {
			t.Errorf("Head(%s) = %s, %v; want %s", item, got.ID, ok, h.ID)
		}
	}
	if _, ok := st.Head("no-such-item"); ok {
		t.Error("Head of an unknown item found one")
	}
	relabel := must(NewEntityRevision(revs[testItem6].ID, SetKey{ArticleID: f.a.ID, Annotator: "ana"}, testEntityOf(t, f.a, testItem6, "Anna Ruiz", "ORG")))
	if err := st.Apply(relabel); err != nil {
		t.Fatal(err)
	}
	if diff := setDiff(wantView, view); diff != "" {
		t.Errorf("the view taken before the Apply changed (-then +now):\n%s", diff)
	}
	if got, _ := st.Head(testItem6); got.ID != relabel.ID {
		t.Errorf("Head after the relabel = %s, want %s", got.ID, relabel.ID)
	}
	if diff := setDiff(mustBuild(t, f.a.ID, append(values(revs), relabel)), st.Set()); diff != "" {
		t.Errorf("Set after View and Apply (-want +got):\n%s", diff)
	}
}
