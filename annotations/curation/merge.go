package curation

import (
	"errors"
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
)

// Merge returns the revisions that put every agreed candidate of c (a
// Comparison of gold) into gold, in annotations.ReferenceOrder, with what
// each refers to. An item Merge makes has an ID derived from the gold set
// and the version's content, so that two devices merging the same
// agreement make the same revisions, and merging again makes none. A
// candidate gold had an item of (a derived ID gold has, live or deleted:
// the curator removed or changed what a merge made) is left to the
// curator, and so is one that needs such an item. gold must come from
// BuildSet or a SetState (with Heads), and may be newer than c. The
// revisions of Merge, Accept and Reject have no edit time (At): the caller
// stamps it, which leaves their IDs as they are.
func Merge(gold annotations.Set, c Comparison) ([]annotations.Revision, error) {
	b := newBuilder(gold, nil)
	for _, cand := range c.Agreed {
		if cand.Agreed < 0 || cand.Agreed >= len(cand.Versions) {
			continue
		}
		v := cand.Versions[cand.Agreed]
		if v.src != nil && b.canMake(v.src, v.item) {
			b.ensure(v.src, v.item)
		}
	}
	return b.finish()
}

// Accept returns the revisions that make version of candidate c gold's:
// gold's item of c, if any, is changed into it (keeping its ID, so that
// what refers to it still does), gold's other items of c are deleted, and
// the items the version refers to (a quote's speaker, a stance's holder,
// target and evidence, a group's members) are mapped to gold's (a mention
// of the same span, the same members, the same content) or made in gold
// first. A group takes its members out of gold's other groups (a mention is
// in one group only), deleting a group left empty.
func Accept(gold annotations.Set, c Candidate, version int) ([]annotations.Revision, error) {
	if version < 0 || version >= len(c.Versions) || c.Versions[version].src == nil {
		return nil, errors.New("curation: this difference has no such version")
	}
	v := c.Versions[version]
	b := newBuilder(gold, nil)
	ids := b.inSlot(c.slot)
	keep := ""
	for _, id := range ids {
		if b.gx.keys(id).version == v.key {
			keep = id
			break
		}
	}
	switch {
	case keep != "":
	case len(ids) > 0:
		keep = ids[0]
		b.write(v.src, v.item, keep)
	default:
		keep = b.ensure(v.src, v.item)
	}
	for _, id := range ids {
		if id != keep {
			b.remove(id)
		}
	}
	return b.finish()
}

// Reject returns the revisions that take candidate c out of gold: gold's
// items of it are deleted, and so is (by a deletion of an item never made)
// the item Merge would make of each annotator's version, so that a later
// Merge, with Options.Majority too, leaves the candidate out.
func Reject(gold annotations.Set, c Candidate) ([]annotations.Revision, error) {
	b := newBuilder(gold, nil)
	for _, id := range b.inSlot(c.slot) {
		b.remove(id)
	}
	for _, v := range c.Versions {
		if id := derive(b.setID, v.key); len(v.Annotators) > 0 && !b.has(id) {
			b.put(c.Kind, id, true, nil)
		}
	}
	return b.finish()
}

// Majority returns a set of the article (annotator GoldAnnotator, in
// project: "" for the Default project) with the items more than half of
// sets share (see Compare and Merge), and the union of their schemas: a
// majority vote of the annotators, for an export where no gold set is done.
func Majority(sets []annotations.Set, project, article string) (annotations.Set, error) {
	k := annotations.SetKey{Project: project, ArticleID: article, Annotator: annotations.GoldAnnotator}
	st := annotations.NewSetState(k)
	schemas := make([]annotations.Schema, len(sets))
	for i, s := range sets {
		schemas[i] = s.Schema
	}
	if len(sets) > 0 {
		r, err := annotations.NewSchemaRevision("", k, annotations.UnionSchemas(schemas...))
		if err == nil {
			err = st.Apply(r)
		}
		if err != nil {
			return annotations.Set{}, err
		}
	}
	empty := st.Set()
	revs, err := Merge(empty, Compare(empty, sets, Options{Majority: true}))
	if err == nil {
		err = st.Apply(revs...)
	}
	if err != nil {
		return annotations.Set{}, err
	}
	return st.Set(), nil
}

// builder makes a list of revisions of a gold set.
type builder struct {
	key   annotations.SetKey
	setID string
	// goldHead returns the last revision of one of gold's items.
	goldHead func(string) (annotations.Revision, bool)
	gold     annotations.Set
	gx       *index
	// slots maps a slot to gold's items of it, slotOf back.
	slots  map[string][]string
	slotOf map[string]string
	// made maps a slot to the gold item made for it in this batch.
	made map[string]string
	// heads holds the revisions of this batch, the last of each item.
	heads map[string]annotations.Revision
	// groups are gold's groups as the batch leaves them (deleted ones
	// with no members), in gold's order, then the ones made.
	groups []annotations.EntityGroup
	revs   []annotations.Revision
	err    error
}

// newBuilder returns a builder of revisions of gold, whose heads head
// looks up (nil: gold.Heads).
func newBuilder(gold annotations.Set, head func(string) (annotations.Revision, bool)) *builder {
	k := goldKey(gold)
	if head == nil {
		head = func(id string) (annotations.Revision, bool) {
			r, ok := gold.Heads[id]
			return r, ok
		}
	}
	b := &builder{key: k, setID: k.ID(), goldHead: head, gold: gold, gx: newIndex(gold),
		slots: map[string][]string{}, slotOf: map[string]string{}, made: map[string]string{},
		heads: map[string]annotations.Revision{}, groups: slices.Clone(gold.Groups)}
	for _, id := range b.gx.ids {
		if k := b.gx.keys(id); k.ok {
			b.slots[k.slot] = append(b.slots[k.slot], id)
			b.slotOf[id] = k.slot
		}
	}
	return b
}

// head returns the last revision of item id: this batch's, else gold's.
func (b *builder) head(id string) (annotations.Revision, bool) {
	if r, ok := b.heads[id]; ok {
		return r, true
	}
	return b.goldHead(id)
}

// has reports whether gold or the batch has item id, live or deleted.
func (b *builder) has(id string) bool {
	_, ok := b.head(id)
	return ok
}

// live reports whether item id is live as the batch leaves it.
func (b *builder) live(id string) bool {
	r, ok := b.head(id)
	return ok && !r.Deleted
}

// inSlot returns gold's live items of slot, in gold's order.
func (b *builder) inSlot(slot string) []string {
	var out []string
	for _, id := range b.slots[slot] {
		if b.live(id) && b.slotOf[id] == slot {
			out = append(out, id)
		}
	}
	return out
}

// put adds the revision that sets item id (of kind) to body, or deletes it.
func (b *builder) put(kind annotations.Kind, id string, deleted bool, body any) {
	if b.err != nil {
		return
	}
	parent := ""
	if h, ok := b.head(id); ok {
		parent = h.ID
	}
	r, err := annotations.NewRevision(parent, id, kind, b.key, deleted, body)
	if err != nil {
		b.err = err
		return
	}
	b.heads[id] = r
	b.revs = append(b.revs, r)
}

// remove deletes gold's live item id.
func (b *builder) remove(id string) {
	h, ok := b.head(id)
	if !ok || h.Deleted {
		return
	}
	b.put(h.Kind, id, true, nil)
	if h.Kind == annotations.KindGroup {
		b.setGroup(annotations.EntityGroup{ID: id})
	}
	delete(b.slotOf, id)
}

// freeID returns the ID of a new gold item made from version key: the
// derived one, unless a live item already has it (made from it, then
// changed by the curator), then one derived from that.
func (b *builder) freeID(key string) string {
	id := derive(b.setID, key)
	for b.live(id) {
		id = derive(b.setID, id+"\n"+key)
	}
	return id
}

// canMake reports whether Merge may make item id of src in gold: gold has
// its slot, or never had the item Merge would make (the curator did not
// remove or change it), and so for everything it refers to.
func (b *builder) canMake(src *index, id string) bool {
	k := src.keys(id)
	if !k.ok {
		return false
	}
	if b.made[k.slot] != "" || len(b.inSlot(k.slot)) > 0 {
		return true
	}
	if b.has(derive(b.setID, k.version)) {
		return false
	}
	for _, r := range src.refs(id) {
		if !b.canMake(src, r) {
			return false
		}
	}
	return true
}

// ensure returns gold's item for item id of src, making it (and what it
// refers to) when gold has none of its slot.
func (b *builder) ensure(src *index, id string) string {
	k := src.keys(id)
	if !k.ok {
		if b.err == nil {
			b.err = errors.New("curation: an item refers to an item its set does not have")
		}
		return ""
	}
	if g := b.made[k.slot]; g != "" {
		return g
	}
	if ids := b.inSlot(k.slot); len(ids) > 0 {
		return ids[0]
	}
	gid := b.freeID(k.version)
	b.made[k.slot] = gid
	b.write(src, id, gid)
	return gid
}

// write sets gold's item gid to the value of item id of src, its
// references mapped to gold's items.
func (b *builder) write(src *index, id, gid string) {
	if old, ok := b.slotOf[gid]; ok && old != src.keys(id).slot {
		delete(b.slotOf, gid)
	}
	switch kind, i := src.find(id); kind {
	case annotations.KindEntity:
		e := src.set.Entities[i]
		e.ID = gid
		b.put(annotations.KindEntity, gid, false, e)
	case annotations.KindGroup:
		g := src.set.Groups[i]
		members := make([]string, 0, len(g.Members))
		for _, m := range g.Members {
			if gm := b.ensure(src, m); !slices.Contains(members, gm) {
				members = append(members, gm)
			}
		}
		g = annotations.EntityGroup{ID: gid, Name: g.Name, Members: members}
		b.takeMembers(g)
		b.setGroup(g)
		b.put(annotations.KindGroup, gid, false, g)
	case annotations.KindQuote:
		q := src.set.Quotes[i]
		q.ID = gid
		q.Speaker.ID = b.ensure(src, q.Speaker.ID)
		if q.Cue != nil {
			cue := *q.Cue
			q.Cue = &cue
		}
		b.put(annotations.KindQuote, gid, false, q)
	case annotations.KindStance:
		st := src.set.Stances[i]
		st.ID = gid
		if st.Holder.ID != "" {
			st.Holder.ID = b.ensure(src, st.Holder.ID)
		}
		if st.Target.ID != "" {
			st.Target.ID = b.ensure(src, st.Target.ID)
		}
		evidence := make([]annotations.Evidence, 0, len(st.Evidence))
		for _, e := range st.Evidence {
			if e.ID != "" {
				e.ID = b.ensure(src, e.ID)
				if quoted(evidence, e.ID) {
					continue
				}
			}
			if e.Span != nil {
				span := *e.Span
				e.Span = &span
			}
			evidence = append(evidence, e)
		}
		st.Evidence = evidence
		if len(evidence) == 0 {
			st.Evidence = nil
		}
		b.put(annotations.KindStance, gid, false, st)
	}
}

// setGroup sets the group of g's ID in b.groups to g.
func (b *builder) setGroup(g annotations.EntityGroup) {
	for i := range b.groups {
		if b.groups[i].ID == g.ID {
			b.groups[i] = g
			return
		}
	}
	b.groups = append(b.groups, g)
}

// takeMembers takes g's members out of gold's other groups, deleting a
// group left empty: a mention is in one group only.
func (b *builder) takeMembers(g annotations.EntityGroup) {
	for _, other := range b.groups {
		id := other.ID
		if id == g.ID {
			continue
		}
		kept := make([]string, 0, len(other.Members))
		for _, m := range other.Members {
			if !slices.Contains(g.Members, m) {
				kept = append(kept, m)
			}
		}
		switch {
		case len(kept) == len(other.Members):
		case len(kept) == 0:
			b.remove(id)
		default:
			other.Members = kept
			b.setGroup(other)
			delete(b.slotOf, id)
			b.put(annotations.KindGroup, id, false, other)
		}
	}
}

// quoted reports whether evidence lists the quote id.
func quoted(evidence []annotations.Evidence, id string) bool {
	for _, e := range evidence {
		if e.ID == id {
			return true
		}
	}
	return false
}

// finish returns the batch's revisions in annotations.ReferenceOrder,
// each rank in the order made.
func (b *builder) finish() ([]annotations.Revision, error) {
	if b.err != nil || len(b.revs) == 0 {
		return nil, b.err
	}
	out := make([]annotations.Revision, 0, len(b.revs))
	for rank := 0; len(out) < len(b.revs); rank++ {
		for _, r := range b.revs {
			if annotations.ReferenceOrder(r.Kind) == rank {
				out = append(out, r)
			}
		}
	}
	return out, nil
}
