package curation

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
)

// keyed is what one item of a set is, comparable across sets: its slot
// (what the item is about: a mention's span, a quote's content,
// a stance's holder and target, a group's members) and its version (the
// slot and every attribute), with the text span it is shown at.
type keyed struct {
	slot, version string
	start, end    int
	ok            bool
}

// index is one set's live items, with their keys worked out once.
type index struct {
	set annotations.Set
	// ids lists the items: the set's entities, groups, quotes and
	// stances, in that order; at maps each back to its place.
	ids  []string
	at   map[string]int
	memo []*keyed
}

func newIndex(s annotations.Set) *index {
	n := len(s.Entities) + len(s.Groups) + len(s.Quotes) + len(s.Stances)
	x := &index{set: s, ids: make([]string, 0, n), at: make(map[string]int, n), memo: make([]*keyed, n)}
	add := func(id string) {
		x.at[id] = len(x.ids)
		x.ids = append(x.ids, id)
	}
	for _, e := range s.Entities {
		add(e.ID)
	}
	for _, g := range s.Groups {
		add(g.ID)
	}
	for _, q := range s.Quotes {
		add(q.ID)
	}
	for _, st := range s.Stances {
		add(st.ID)
	}
	return x
}

// find returns the kind of the live item id and its index in the set's
// list of that kind; "" when the set has no such live item.
func (x *index) find(id string) (annotations.Kind, int) {
	p, ok := x.at[id]
	if !ok {
		return "", 0
	}
	if p < len(x.set.Entities) {
		return annotations.KindEntity, p
	}
	p -= len(x.set.Entities)
	if p < len(x.set.Groups) {
		return annotations.KindGroup, p
	}
	p -= len(x.set.Groups)
	if p < len(x.set.Quotes) {
		return annotations.KindQuote, p
	}
	return annotations.KindStance, p - len(x.set.Quotes)
}

// kindOf returns the kind of the live item id, "" when there is none.
func (x *index) kindOf(id string) annotations.Kind {
	k, _ := x.find(id)
	return k
}

// entity returns the live mention id.
func (x *index) entity(id string) (annotations.Entity, bool) {
	k, i := x.find(id)
	if k != annotations.KindEntity {
		return annotations.Entity{}, false
	}
	return x.set.Entities[i], true
}

func spanKey(start, end int) string {
	return strconv.Itoa(start) + "-" + strconv.Itoa(end)
}

// keys returns the keys of item id; ok is false when the set does not
// have it live, or when it refers to an item the set does not have live
// (an item flagged for review).
func (x *index) keys(id string) keyed {
	p, ok := x.at[id]
	if !ok {
		return keyed{}
	}
	if k := x.memo[p]; k != nil {
		return *k
	}
	k := &keyed{}
	x.memo[p] = k // an item that refers to itself through others stays !ok
	switch kind, i := x.find(id); kind {
	case annotations.KindEntity:
		e := x.set.Entities[i]
		k.slot = "e " + spanKey(e.Start, e.End)
		k.version, k.start, k.end, k.ok = k.slot+" "+strconv.Quote(e.Label), e.Start, e.End, true
	case annotations.KindGroup:
		*k = x.groupKeys(x.set.Groups[i])
	case annotations.KindQuote:
		*k = x.quoteKeys(x.set.Quotes[i])
	case annotations.KindStance:
		*k = x.stanceKeys(x.set.Stances[i])
	}
	return *k
}

func (x *index) groupKeys(g annotations.EntityGroup) keyed {
	k := keyed{start: -1}
	members := make([]string, 0, len(g.Members))
	for _, m := range g.Members {
		e, ok := x.entity(m)
		if !ok {
			return keyed{}
		}
		members = append(members, x.keys(m).slot)
		if k.start < 0 || e.Start < k.start || e.Start == k.start && e.End > k.end {
			k.start, k.end = e.Start, e.End
		}
	}
	slices.Sort(members)
	k.slot = "g " + strings.Join(slices.Compact(members), "; ")
	k.version, k.ok = k.slot+" "+strconv.Quote(g.Name), k.start >= 0
	return k
}

func (x *index) quoteKeys(q annotations.Quote) keyed {
	speaker, ok := x.ref(q.Speaker.Kind, q.Speaker.ID)
	if !ok {
		return keyed{}
	}
	cue := "-"
	if q.Cue != nil {
		cue = spanKey(q.Cue.Start, q.Cue.End)
	}
	slot := "q " + spanKey(q.Content.Start, q.Content.End)
	return keyed{slot: slot, version: slot + " cue " + cue + " by " + speaker + " direct " + strconv.FormatBool(q.Direct),
		start: q.Content.Start, end: q.Content.End, ok: true}
}

func (x *index) stanceKeys(st annotations.Stance) keyed {
	k := keyed{ok: true}
	// at shows the stance at the first span among its holder, target
	// and evidence.
	at := func(start, end int) {
		if k.end == 0 {
			k.start, k.end = start, end
		}
	}
	refKey := func(kind annotations.RefKind, id string) string {
		r, ok := x.ref(kind, id)
		if ok {
			kk := x.keys(id)
			at(kk.start, kk.end)
		}
		k.ok = k.ok && ok
		return r
	}
	holder := "article"
	if st.Holder.Kind != annotations.RefArticle {
		holder = refKey(st.Holder.Kind, st.Holder.ID)
	}
	target := "topic " + strconv.Quote(st.Target.Topic)
	if st.Target.Kind != annotations.RefTopic {
		target = refKey(st.Target.Kind, st.Target.ID)
	}
	evidence := make([]string, len(st.Evidence))
	for i, e := range st.Evidence {
		if e.Kind == annotations.RefSpan && e.Span != nil {
			evidence[i] = "span " + spanKey(e.Span.Start, e.Span.End)
			at(e.Span.Start, e.Span.End)
		} else {
			evidence[i] = refKey(e.Kind, e.ID)
		}
	}
	if !k.ok {
		return keyed{}
	}
	k.slot = "s " + holder + " on " + target
	k.version = k.slot + " " + strconv.Quote(st.Polarity) + " [" + strings.Join(evidence, ", ") + "]"
	return k
}

// ref returns the key of what a reference of kind points at: the slot of
// a mention, group or quote, or of a quote for its speaker; ok is false
// when the set has no such live item.
func (x *index) ref(kind annotations.RefKind, id string) (string, bool) {
	want := annotations.KindQuote
	switch kind {
	case annotations.RefEntity:
		want = annotations.KindEntity
	case annotations.RefGroup:
		want = annotations.KindGroup
	}
	if x.kindOf(id) != want {
		return "", false
	}
	k := x.keys(id)
	if kind == annotations.RefQuoteSpeaker {
		return "speaker of " + k.slot, k.ok
	}
	return k.slot, k.ok
}

// refs returns the items that item id refers to.
func (x *index) refs(id string) []string {
	var out []string
	switch kind, i := x.find(id); kind {
	case annotations.KindGroup:
		out = x.set.Groups[i].Members
	case annotations.KindQuote:
		out = []string{x.set.Quotes[i].Speaker.ID}
	case annotations.KindStance:
		st := x.set.Stances[i]
		out = []string{st.Holder.ID, st.Target.ID}
		for _, e := range st.Evidence {
			out = append(out, e.ID)
		}
	}
	return slices.DeleteFunc(out, func(id string) bool { return id == "" }) // the article, a topic, a span
}
