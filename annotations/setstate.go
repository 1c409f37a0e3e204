package annotations

import (
	"maps"
	"slices"
	"sort"
)

// SetState is one annotation set kept up to date revision by revision: it
// holds the revisions by item and the Set they resolve to, and Apply
// re-resolves only the items the new revisions touch. It is what BuildSet
// uses, so both give the same Set for the same revisions, whatever the
// batches they came in.
//
// A Set returned by Set stays valid after later Applies: Apply never
// changes a slice or map it has handed out, it replaces it. Entities,
// Quotes, Stances and Groups are replaced only when an Apply changes their
// kind, so an edit of one mention copies the entity list (by binary search
// and two block copies) and leaves the other lists shared; Heads is copied
// on the first Apply that changes it after a Set handed it out.
//
// A SetState is not safe for concurrent use.
type SetState struct {
	// schemaItem and projectSchemaItem are the items of the set's own
	// schema and of its project's, which wins when live.
	schemaItem, projectSchemaItem string
	// statusItem is the item of the set's work state.
	statusItem string
	set        Set
	items      map[string]*itemState
	revs       []Revision // every revision applied, in order
	seen       map[revKey]struct{}
	// conflicted lists the items with conflicts, sorted.
	conflicted []string
	// referrers maps an item to the live items that refer to it.
	referrers map[string]map[string]struct{}
	// flags holds each live item's review flags (items without any are
	// left out).
	flags map[string][]ReviewFlag
	// headsShared says that set.Heads was handed out by Set, so that the
	// next change must copy it first.
	headsShared bool
}

// revKey names one revision of one item: the same revision ID under another
// item is another revision, as in Resolve.
type revKey struct{ item, rev string }

// itemState is one item's revisions and what they resolve to.
type itemState struct {
	revs      []Revision // in the order applied
	winner    Revision
	conflicts []Revision
	// value is the live winner's decoded body: an Entity, Quote, Stance,
	// EntityGroup or Schema; nil when the item is deleted or of a kind this
	// version does not know.
	value any
}

// NewSetState returns the state of the set k before any revision: no items
// and the default schema. It takes the set's revisions and its project's
// (those of ProjectKey(k.Project): the project's schema).
func NewSetState(k SetKey) *SetState {
	return &SetState{
		schemaItem:        SchemaItemID(k),
		projectSchemaItem: ProjectSchemaItemID(k.Project),
		statusItem:        StatusItemID(k),
		set: Set{ID: k.ID(), Project: k.Project, ArticleID: k.ArticleID, Annotator: k.Annotator, Schema: DefaultSchema(),
			Entities: []Entity{}, Quotes: []Quote{}, Stances: []Stance{}, Groups: []EntityGroup{}, Heads: map[string]Revision{}},
		items:     map[string]*itemState{},
		seen:      map[revKey]struct{}{},
		referrers: map[string]map[string]struct{}{},
		flags:     map[string][]ReviewFlag{},
	}
}

// Apply adds revisions to the set and updates it. Revisions of other sets
// (but those of the set's project's own, its schema) are ignored, and so are revisions already applied (duplicates are
// harmless). Only the items the new revisions touch are resolved again and
// only their new winners decoded; the items that refer to them, and every
// mention and stance when the schema changes, are checked for review again.
//
// A winning body that does not decode, or a schema that is not valid, is an
// error (the first in item order, as BuildSet reports it), and the state is
// then unchanged: none of revs is applied.
func (s *SetState) Apply(revs ...Revision) error {
	var fresh []Revision
	var touched []string
	byItem := make(map[string][]Revision, len(revs))
	batch := make(map[revKey]struct{}, len(revs))
	for _, r := range revs {
		if r.Project != s.set.Project || (r.ArticleID != s.set.ArticleID || r.Annotator != s.set.Annotator) && !r.Key().IsProject() {
			continue
		}
		k := revKey{r.Item, r.ID}
		if _, ok := s.seen[k]; ok {
			continue
		}
		if _, ok := batch[k]; ok {
			continue
		}
		batch[k] = struct{}{}
		fresh = append(fresh, r)
		if _, ok := byItem[r.Item]; !ok {
			touched = append(touched, r.Item)
		}
		byItem[r.Item] = append(byItem[r.Item], r)
	}
	if len(fresh) == 0 {
		return nil
	}

	// Resolve the touched items, each over all its revisions in the order
	// applied, and decode the winners that changed. Nothing is changed
	// until every winner decodes.
	all := make([]Revision, 0, len(fresh))
	for _, item := range touched {
		if it := s.items[item]; it != nil {
			all = append(all, it.revs...)
		}
		all = append(all, byItem[item]...)
	}
	states := Resolve(all)
	values := make([]any, len(states))
	same := make([]bool, len(states)) // the winner is the one applied before
	for i, st := range states {
		if old := s.items[st.Item]; old != nil && old.winner.ID == st.Winner.ID {
			values[i], same[i] = old.value, true
			continue
		}
		v, err := s.decode(st)
		if err != nil {
			return err
		}
		values[i] = v
	}

	// Commit.
	s.revs = append(s.revs, fresh...)
	if len(s.seen) == 0 {
		s.seen = batch
	} else {
		for k := range batch {
			s.seen[k] = struct{}{}
		}
	}
	if len(s.items) == 0 {
		s.items = make(map[string]*itemState, len(states))
	}
	if s.headsShared {
		s.set.Heads = maps.Clone(s.set.Heads)
		s.headsShared = false
	}
	var (
		ents      sortedChange[Entity]
		quotes    sortedChange[Quote]
		stances   sortedChange[Stance]
		groups    sortedChange[EntityGroup]
		assigned  sortedChange[Assignment]
		conflicts bool
		schema    bool
	)
	for i, st := range states {
		it := s.items[st.Item]
		if it == nil {
			it = &itemState{}
			s.items[st.Item] = it
		}
		it.revs = append(it.revs, byItem[st.Item]...)
		if len(it.conflicts) > 0 || len(st.Conflicts) > 0 {
			conflicts = true
			s.conflicted = updateConflicted(s.conflicted, st.Item, len(st.Conflicts) > 0)
		}
		it.winner, it.conflicts = st.Winner, st.Conflicts
		s.set.Heads[st.Item] = st.Winner
		old, v := it.value, values[i]
		if same[i] || (old == nil && v == nil) {
			continue
		}
		it.value = v
		ents.swap(old, v)
		quotes.swap(old, v)
		stances.swap(old, v)
		groups.swap(old, v)
		assigned.swap(old, v)
		if st.Item == s.statusItem {
			s.set.Status = nil
			if status, ok := v.(StatusItem); ok {
				s.set.Status = &status
			}
		}
		s.index(st.Item, old, v)
		if st.Item == s.schemaItem || st.Item == s.projectSchemaItem {
			schema = true
		}
	}
	s.set.Entities = ents.apply(s.set.Entities, CompareEntities)
	s.set.Quotes = quotes.apply(s.set.Quotes, CompareQuotes)
	s.set.Stances = stances.apply(s.set.Stances, compareStances)
	groupsChanged := len(groups.removed)+len(groups.added) > 0
	s.set.Groups = groups.apply(s.set.Groups, compareGroups)
	s.set.Assignments = assigned.apply(s.set.Assignments, compareAssignments)
	if schema {
		s.set.Schema = s.schema()
	}
	if conflicts {
		var cs []Revision
		for _, item := range s.conflicted {
			cs = append(cs, s.items[item].conflicts...)
		}
		s.set.Conflicts = cs
	}
	s.review(touched, schema, groupsChanged)
	return nil
}

// schema resolves the set's schema: its project's when live, else its
// own when live, else DefaultSchema.
func (s *SetState) schema() Schema {
	for _, item := range []string{s.projectSchemaItem, s.schemaItem} {
		if it := s.items[item]; it != nil {
			if sc, ok := it.value.(Schema); ok {
				return sc
			}
		}
	}
	return DefaultSchema()
}

// decode returns the value of st's winner: its decoded body when it is live
// and of a kind Gloss knows (a schema checked as valid and given the default
// polarities when it has none), else nil.
func (s *SetState) decode(st ItemState) (any, error) {
	w := st.Winner
	if w.Deleted {
		return nil, nil
	}
	switch w.Kind {
	case KindEntity:
		return orNil(w.Entity())
	case KindQuote:
		return orNil(w.Quote())
	case KindStance:
		return orNil(w.Stance())
	case KindGroup:
		return orNil(w.Group())
	case KindSchema:
		sc, err := w.Schema()
		if err == nil && st.Item != s.schemaItem && st.Item != s.projectSchemaItem {
			err = invalid("item", "%q is not the schema item of this annotation set", st.Item)
		}
		if err == nil {
			err = sc.Validate()
		}
		if err != nil {
			return nil, err
		}
		if len(sc.StancePolarities) == 0 {
			sc.StancePolarities = DefaultStancePolarities()
		}
		return sc, nil
	case KindStatus:
		if st.Item != s.statusItem {
			return nil, invalid("item", "%q is not the status item of this annotation set", st.Item)
		}
		return orNil(w.Status())
	case KindAssignment:
		return orNil(w.Assignment())
	}
	return nil, nil
}

// orNil returns v as a value, or the error alone.
func orNil[T any](v T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// sortedChange gathers what one Apply takes out of and puts into one of the
// set's sorted lists.
type sortedChange[T any] struct {
	removed, added []T
}

// swap records that an item's value went from old to v (either nil, or of
// another kind than T).
func (c *sortedChange[T]) swap(old, v any) {
	if o, ok := old.(T); ok {
		c.removed = append(c.removed, o)
	}
	if n, ok := v.(T); ok {
		c.added = append(c.added, n)
	}
}

// apply returns cur, sorted by compare (a total order: it ends with the
// ID), without the removed values and with the added ones: cur itself when
// nothing changed, else a new slice. It costs a binary search per value and
// one copy of cur.
func (c *sortedChange[T]) apply(cur []T, compare func(a, b T) int) []T {
	if len(c.removed) == 0 && len(c.added) == 0 {
		return cur
	}
	gone := make([]int, 0, len(c.removed))
	for _, r := range c.removed {
		if i, ok := slices.BinarySearchFunc(cur, r, compare); ok {
			gone = append(gone, i)
		}
	}
	slices.Sort(gone)
	added := c.added
	if len(added) > 1 {
		sort.Slice(added, func(i, j int) bool { return compare(added[i], added[j]) < 0 })
	}
	out := make([]T, 0, len(cur)-len(gone)+len(added))
	for i := 0; i <= len(cur); {
		next := len(cur)
		if len(gone) > 0 {
			next = gone[0]
		}
		run := cur[i:next]
		for len(run) > 0 && len(added) > 0 {
			p, _ := slices.BinarySearchFunc(run, added[0], compare)
			if p == len(run) {
				break // added[0] goes after the run: in a later one, or last
			}
			out = append(out, run[:p]...)
			out = append(out, added[0])
			run, added = run[p:], added[1:]
		}
		out = append(out, run...)
		if len(gone) == 0 {
			break
		}
		i, gone = next+1, gone[1:]
	}
	return append(out, added...)
}

// updateConflicted returns the sorted list of conflicted items with item
// in it or not.
func updateConflicted(list []string, item string, in bool) []string {
	i, found := slices.BinarySearch(list, item)
	switch {
	case in && !found:
		return slices.Insert(list, i, item)
	case !in && found:
		return slices.Delete(list, i, i+1)
	}
	return list
}

// index moves item's references in the referrers index from those of its
// old value to those of v.
func (s *SetState) index(item string, old, v any) {
	for _, r := range valueRefs(old) {
		if from := s.referrers[r.id]; from != nil {
			delete(from, item)
			if len(from) == 0 {
				delete(s.referrers, r.id)
			}
		}
	}
	for _, r := range valueRefs(v) {
		from := s.referrers[r.id]
		if from == nil {
			from = map[string]struct{}{}
			s.referrers[r.id] = from
		}
		from[item] = struct{}{}
	}
}

// valueRefs returns the references of an item's value.
func valueRefs(v any) []reference {
	switch v := v.(type) {
	case Quote:
		return v.references()
	case Stance:
		return v.references()
	case EntityGroup:
		return v.references()
	}
	return nil
}

// review updates the review flags of the items whose flags may have
// changed: the touched items (their values or heads changed), the items
// that refer to them, every mention and stance when the schema changed,
// and every group when a group changed; then Review, when any of them had or has flags (a flagged item
// that changed may also have moved in the set's order).
func (s *SetState) review(touched []string, schemaChanged, groupsChanged bool) {
	check := map[string]struct{}{}
	for _, item := range touched {
		check[item] = struct{}{}
		for from := range s.referrers[item] {
			check[from] = struct{}{}
		}
	}
	if groupsChanged {
		// A mention is in one group: a change of one group can flag or
		// clear another that shares a member.
		for _, g := range s.set.Groups {
			check[g.ID] = struct{}{}
		}
	}
	if schemaChanged {
		for _, e := range s.set.Entities {
			check[e.ID] = struct{}{}
		}
		for _, x := range s.set.Stances {
			check[x.ID] = struct{}{}
		}
	}
	changed := false
	for item := range check {
		old := s.flags[item]
		var now []ReviewFlag
		if it := s.items[item]; it != nil {
			now = reviewFlags(it.value, s.set.Schema, s.set.Heads, s.set.Groups, s.itemName)
		}
		if len(old) == 0 && len(now) == 0 {
			continue
		}
		changed = true
		if len(now) == 0 {
			delete(s.flags, item)
		} else {
			s.flags[item] = now
		}
	}
	if !changed {
		return
	}
	// Review lists entities, quotes, stances and groups, each kind in the
	// set's order.
	var ents []Entity
	var quotes []Quote
	var stances []Stance
	var groups []EntityGroup
	for item := range s.flags {
		switch v := s.items[item].value.(type) {
		case Entity:
			ents = append(ents, v)
		case Quote:
			quotes = append(quotes, v)
		case Stance:
			stances = append(stances, v)
		case EntityGroup:
			groups = append(groups, v)
		}
	}
	SortEntities(ents)
	sort.Slice(quotes, func(i, j int) bool { return CompareQuotes(quotes[i], quotes[j]) < 0 })
	sort.Slice(stances, func(i, j int) bool { return compareStances(stances[i], stances[j]) < 0 })
	sort.Slice(groups, func(i, j int) bool { return compareGroups(groups[i], groups[j]) < 0 })
	var out []ReviewFlag
	for _, e := range ents {
		out = append(out, s.flags[e.ID]...)
	}
	for _, q := range quotes {
		out = append(out, s.flags[q.ID]...)
	}
	for _, x := range stances {
		out = append(out, s.flags[x.ID]...)
	}
	for _, g := range groups {
		out = append(out, s.flags[g.ID]...)
	}
	s.set.Review = out
}

// Set returns the set as it stands. The caller must not modify its slices
// or its Heads map; later Applies leave them as they are (see SetState), so
// a Set returned earlier stays whole and consistent.
func (s *SetState) Set() Set {
	s.headsShared = true
	return s.set
}

// View returns the set as it stands without its Heads (nil): the lists,
// the schema and the review flags, which later Applies replace rather than
// change, as with Set. Unlike Set, it leaves Heads unshared, so that the
// next Apply need not copy it: for a caller that applies edit after edit
// and reads heads through Head.
func (s *SetState) View() Set {
	v := s.set
	v.Heads = nil
	return v
}

// Head returns the winning revision of item (deleted or not) as the set
// stands now, and whether the set has the item.
func (s *SetState) Head(item string) (Revision, bool) {
	r, ok := s.set.Heads[item]
	return r, ok
}

// Revisions returns every revision applied, each once, in the order
// applied: what to store or to hand to BuildSet. The caller must not modify
// it.
func (s *SetState) Revisions() []Revision { return s.revs[:len(s.revs):len(s.revs)] }

// RevisionsOf returns the revisions of item applied, in the order applied:
// its history. The caller must not modify it.
func (s *SetState) RevisionsOf(item string) []Revision {
	if it := s.items[item]; it != nil {
		return it.revs[:len(it.revs):len(it.revs)]
	}
	return nil
}

// Revision returns the revision id of item, if it was applied: what an
// undo needs to find the value an edit replaced (its parent).
func (s *SetState) Revision(item, id string) (Revision, bool) {
	if it := s.items[item]; it != nil {
		for _, r := range it.revs {
			if r.ID == id {
				return r, true
			}
		}
	}
	return Revision{}, false
}

// itemName names item id (of kind k) for a message to the annotator: a
// mention by its text, a group by its name, a quote by its first words, in
// quotation marks; a deleted item by the value of its live revision that
// wins over its others (Wins), whatever the order they came in. An item the set does
// not have is named by its kind alone.
func (s *SetState) itemName(id string, k Kind) string {
	it := s.items[id]
	if it == nil {
		return k.aNoun()
	}
	v := it.value
	if v == nil {
		// Deleted: its live revision that wins over the others, the same
		// whatever the order the revisions came in.
		var last Revision
		found := false
		for _, r := range it.revs {
			if !r.Deleted && (!found || Wins(r, last)) {
				last, found = r, true
			}
		}
		if found {
			switch last.Kind {
			case KindEntity:
				v, _ = orNil(last.Entity())
			case KindGroup:
				v, _ = orNil(last.Group())
			case KindQuote:
				v, _ = orNil(last.Quote())
			}
		}
	}
	switch v := v.(type) {
	case Entity:
		return "the mention " + inQuotes(v.Exact, 40)
	case EntityGroup:
		return "the group " + inQuotes(v.Name, 40)
	case Quote:
		return "the quote " + inQuotes(v.Content.Exact, 40)
	}
	return k.aNoun()
}

// inQuotes puts s, cut to at most n code points (with an ellipsis) and
// with its own outer quotation marks taken off, between curly quotes.
func inQuotes(s string, n int) string {
	s = TrimQuoteMarks(s)
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return "“" + s + "”"
}

// groupItems returns the IDs of the set's group items, live or deleted.
func (s *SetState) groupItems() []string {
	var out []string
	for id, it := range s.items {
		if it.winner.Kind == KindGroup {
			out = append(out, id)
		}
	}
	return out
}
