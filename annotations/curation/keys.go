package curation

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
)

// keyed is what one item of a set is, comparable across sets: its slot
// (what the item is about: a mention's span and label, a quote's content,
// a stance's holder and target, a group's members) and its version (the
// slot and every attribute), with the text span it is shown at.
type keyed struct {
	slot, version string
	start, end    int
	ok            bool
}

// index is one set's items by ID, with their keys worked out once.
type index struct {
	set      annotations.Set
	entities map[string]annotations.Entity
	groups   map[string]annotations.EntityGroup
	quotes   map[string]annotations.Quote
	stances  map[string]annotations.Stance
	memo     map[string]*keyed
}

func newIndex(s annotations.Set) *index {
	x := &index{set: s,
		entities: make(map[string]annotations.Entity, len(s.Entities)),
		groups:   make(map[string]annotations.EntityGroup, len(s.Groups)),
		quotes:   make(map[string]annotations.Quote, len(s.Quotes)),
		stances:  make(map[string]annotations.Stance, len(s.Stances)),
		memo:     map[string]*keyed{},
	}
	for _, e := range s.Entities {
		x.entities[e.ID] = e
	}
	for _, g := range s.Groups {
		x.groups[g.ID] = g
	}
	for _, q := range s.Quotes {
		x.quotes[q.ID] = q
	}
	for _, st := range s.Stances {
		x.stances[st.ID] = st
	}
	return x
}

// items calls f with the kind and ID of each live item of the set, in
// the set's order: mentions, groups, quotes, stances.
func (x *index) items(f func(k annotations.Kind, id string)) {
	for _, e := range x.set.Entities {
		f(annotations.KindEntity, e.ID)
	}
	for _, g := range x.set.Groups {
		f(annotations.KindGroup, g.ID)
	}
	for _, q := range x.set.Quotes {
		f(annotations.KindQuote, q.ID)
	}
	for _, st := range x.set.Stances {
		f(annotations.KindStance, st.ID)
	}
}

func spanKey(start, end int) string {
	return strconv.Itoa(start) + "-" + strconv.Itoa(end)
}

// keys returns the keys of item id; ok is false when the set does not
// have it live, or when it refers to an item the set does not have live
// (an item flagged for review).
func (x *index) keys(id string) keyed {
	if k, done := x.memo[id]; done {
		return *k
	}
	k := &keyed{}
	x.memo[id] = k // an item that refers to itself through others stays !ok
	if e, ok := x.entities[id]; ok {
		k.slot = "e " + spanKey(e.Start, e.End) + " " + strconv.Quote(e.Label)
		k.version, k.start, k.end, k.ok = k.slot, e.Start, e.End, true
	} else if g, ok := x.groups[id]; ok {
		*k = x.groupKeys(g)
	} else if q, ok := x.quotes[id]; ok {
		*k = x.quoteKeys(q)
	} else if st, ok := x.stances[id]; ok {
		*k = x.stanceKeys(st)
	}
	return *k
}

func (x *index) groupKeys(g annotations.EntityGroup) keyed {
	k := keyed{start: -1}
	members := make([]string, 0, len(g.Members))
	for _, m := range g.Members {
		e, ok := x.entities[m]
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
	var has bool
	switch kind {
	case annotations.RefEntity:
		_, has = x.entities[id]
	case annotations.RefGroup:
		_, has = x.groups[id]
	case annotations.RefQuote, annotations.RefQuoteSpeaker:
		_, has = x.quotes[id]
	}
	if !has {
		return "", false
	}
	k := x.keys(id)
	if kind == annotations.RefQuoteSpeaker {
		return "speaker of " + k.slot, k.ok
	}
	return k.slot, k.ok
}

// kindOf returns the kind of the live item id.
func (x *index) kindOf(id string) annotations.Kind {
	switch {
	case hasKey(x.entities, id):
		return annotations.KindEntity
	case hasKey(x.groups, id):
		return annotations.KindGroup
	case hasKey(x.quotes, id):
		return annotations.KindQuote
	case hasKey(x.stances, id):
		return annotations.KindStance
	}
	return ""
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// refs returns the items that item id refers to.
func (x *index) refs(id string) []string {
	var out []string
	if g, ok := x.groups[id]; ok {
		out = g.Members
	} else if q, ok := x.quotes[id]; ok {
		out = []string{q.Speaker.ID}
	} else if st, ok := x.stances[id]; ok {
		if st.Holder.ID != "" {
			out = append(out, st.Holder.ID)
		}
		if st.Target.ID != "" {
			out = append(out, st.Target.ID)
		}
		for _, e := range st.Evidence {
			if e.ID != "" {
				out = append(out, e.ID)
			}
		}
	}
	return out
}
