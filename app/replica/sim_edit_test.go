//go:build !js

package replica_test

// The simulated annotator: one edit of one set at a time, of every kind the
// app makes (entity mentions, quotes, stances, entity groups and the set's
// schema), made as the app's editor makes them (app/edits.go): on top of
// the item's current head, checked against the article, the set's schema
// and the set's items as this device sees them. New references point only
// at live items of that view; an edit keeps a reference its item already
// had, to an item deleted since (often on another device), as the editor
// does: the server keeps it and the set flags it for review.

import (
	"fmt"
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/uuid"
)

// editKinds are the edits a full run must have made at least once across
// its seeds, or it did not test the kinds of item it claims to.
var editKinds = []string{
	"mention made", "quote made", "quote edited", "quote deleted",
	"stance made", "stance edited", "stance deleted",
	"group made", "group member added", "group member removed", "group deleted",
	"schema edited", "label added", "label dropped", "added label used",
	"reference across batches", "review flag at the end",
}

// madeKinds are the kinds of item a seed should make: the run counts the
// seeds that made them all ("seed made every kind").
var madeKinds = []string{"mention made", "quote made", "stance made", "group made", "schema edited"}

// simEditor makes the edits of one device on one set as the set stands on
// the device.
type simEditor struct {
	s    *sim
	c    *client
	a    annotations.Article
	text []rune
	set  annotations.Set
}

// edit makes one change on c from its current state, as the editor does:
// add an article, or change one item of one of its sets (settling a
// conflict by deleting a losing leaf, now and then).
func (s *sim) edit(c *client) {
	var mine []annotations.Article
	var missing []annotations.Article
	for _, a := range s.articles {
		if _, _, ok, _ := c.store.Article(a.ID); ok {
			mine = append(mine, a)
		} else {
			missing = append(missing, a)
		}
	}
	if len(missing) > 0 && (len(mine) == 0 || s.rng.IntN(8) == 0) {
		a := missing[s.rng.IntN(len(missing))]
		if s.rng.IntN(2) == 0 {
			a.Title = "My copy of " + annotations.DefaultTitle(a.Text)
		}
		c.store.PutArticle(a, false)
		s.stats["article created"]++
		s.logf("%s creates article %.8s", c.name, a.ID)
		return
	}
	a := mine[s.rng.IntN(len(mine))]
	set, err := annotations.BuildSet(annotations.SetKey{ArticleID: a.ID, Annotator: c.annotator}, c.store.SetRevisions(a.ID, c.annotator))
	if err != nil {
		s.failf("%s: build set: %v", c.name, err)
		return
	}
	if len(set.Conflicts) > 0 {
		s.stats["conflict"]++ // an edit met an item with two live leaves
	}
	e := &simEditor{s: s, c: c, a: a, text: []rune(a.Text), set: set}
	var revs []annotations.Revision
	var what string
	switch x := s.rng.IntN(100); {
	case len(set.Conflicts) > 0 && x < 30:
		loser := set.Conflicts[s.rng.IntN(len(set.Conflicts))]
		var rev annotations.Revision
		rev, err = annotations.NewDeletion(loser)
		revs, what = []annotations.Revision{rev}, "settles a conflict of "+short(loser.Item)+" by deleting "+short(loser.ID)
		s.stats["conflict settled"]++
	case x < 55:
		revs, what, err = e.editEntity()
	case x < 68:
		revs, what, err = e.editQuote()
	case x < 81:
		revs, what, err = e.editStance()
	case x < 93:
		revs, what, err = e.editGroup()
	default:
		revs, what, err = e.editSchema()
	}
	if err != nil {
		s.failf("%s: %s: %v", c.name, what, err)
		return
	}
	var ids []string
	for _, rev := range revs {
		if c.store.Add(rev, true) {
			s.stats["edit"]++
			ids = append(ids, short(rev.ID))
		}
	}
	s.logf("%s %s: %v", c.name, what, ids)
}

// uuid returns a new item ID drawn from the seed.
func (s *sim) uuid() string {
	id, err := uuid.NewRandomFromReader(rngReader{s.rng})
	if err != nil {
		s.failf("uuid: %v", err)
	}
	return id.String()
}

// pick returns a random element of list, which is not empty.
func pick[T any](s *sim, list []T) T { return list[s.rng.IntN(len(list))] }

// kindOf returns the kind of item, live or deleted, as the set stands on
// the device: what the editor checks a new revision's references against.
func (e *simEditor) kindOf(item string) (annotations.Kind, bool) {
	h, ok := e.set.Heads[item]
	return h.Kind, ok
}

// put returns the revision that sets item (of kind) to body on top of the
// item's head, checked as the editor checks it: against the article, the
// set's schema and the set's items. A revision that fails the check is the
// simulation's mistake: the editor would not have made it.
func (e *simEditor) put(item string, kind annotations.Kind, body any) (annotations.Revision, error) {
	parent := ""
	if h, ok := e.set.Heads[item]; ok {
		parent = h.ID
	}
	rev, err := annotations.NewRevision(parent, item, kind, annotations.SetKey{ArticleID: e.a.ID, Annotator: e.c.annotator}, false, body)
	if err == nil {
		err = rev.ValidateAgainstText(e.a.ID, e.text, e.set.Schema)
	}
	if err == nil {
		err = annotations.CheckReferencesFunc(rev, e.kindOf)
	}
	return rev, err
}

// remove returns the revision that deletes the live item.
func (e *simEditor) remove(item string) ([]annotations.Revision, error) {
	rev, err := annotations.NewDeletion(e.set.Heads[item])
	return []annotations.Revision{rev}, err
}

// one wraps a single revision as an edit's revisions.
func one(rev annotations.Revision, err error) ([]annotations.Revision, error) {
	return []annotations.Revision{rev}, err
}

// label returns a random label of the set's schema other than not (not
// itself when the schema has no other).
func (e *simEditor) label(not string) string {
	var names []string
	for _, l := range e.set.Schema.EntityLabels {
		if l.Name != not {
			names = append(names, l.Name)
		}
	}
	if len(names) == 0 {
		return not
	}
	name := pick(e.s, names)
	if _, ok := annotations.DefaultSchema().Label(name); !ok {
		e.s.stats["added label used"]++ // a label a schema edit added
	}
	return name
}

// span returns a random span of the text of 1 to maxLen code points.
func (e *simEditor) span(maxLen int) annotations.Span {
	start := e.s.rng.IntN(len(e.text))
	end := start + 1 + e.s.rng.IntN(min(maxLen, len(e.text)-start))
	sp, err := annotations.NewSpan(e.text, start, end)
	if err != nil {
		e.s.failf("span %d-%d: %v", start, end, err)
	}
	return sp
}

// editEntity tags a span, relabels or moves a mention, or deletes one.
func (e *simEditor) editEntity() ([]annotations.Revision, string, error) {
	live := e.set.Entities
	switch x := e.s.rng.IntN(100); {
	case len(live) == 0 || x < 35 || (len(live) < 4 && x < 55):
		return e.tag()
	case x < 85:
		en := pick(e.s, live)
		en.Label = e.label(en.Label)
		if e.s.rng.IntN(4) == 0 {
			en.Span = e.span(12)
		}
		revs, err := one(e.put(en.ID, annotations.KindEntity, en))
		return revs, fmt.Sprintf("relabels %s as %s", short(en.ID), en.Label), err
	default:
		en := pick(e.s, live)
		revs, err := e.remove(en.ID)
		return revs, "deletes mention " + short(en.ID), err
	}
}

// tag makes a new mention: what every other kind of edit falls back to
// when the set lacks what it needs.
func (e *simEditor) tag() ([]annotations.Revision, string, error) {
	en := annotations.Entity{ID: e.s.uuid(), Span: e.span(12), Label: e.label("")}
	e.s.stats["mention made"]++
	revs, err := one(e.put(en.ID, annotations.KindEntity, en))
	return revs, fmt.Sprintf("tags %q as %s (%s)", en.Exact, en.Label, short(en.ID)), err
}

// speaker returns a live mention or group of the set, as a quote's speaker
// picker offers them, and false when the set has neither.
func (e *simEditor) speaker() (annotations.Ref, bool) {
	var refs []annotations.Ref
	for _, en := range e.set.Entities {
		refs = append(refs, annotations.Ref{Kind: annotations.RefEntity, ID: en.ID})
	}
	for _, g := range e.set.Groups {
		refs = append(refs, annotations.Ref{Kind: annotations.RefGroup, ID: g.ID})
	}
	if len(refs) == 0 {
		return annotations.Ref{}, false
	}
	return pick(e.s, refs), true
}

// editQuote makes a quote, changes one (its speaker, cue, directness or
// content), or deletes one.
func (e *simEditor) editQuote() ([]annotations.Revision, string, error) {
	live := e.set.Quotes
	switch x := e.s.rng.IntN(100); {
	case len(live) == 0 || x < 45:
		speaker, ok := e.speaker()
		if !ok {
			return e.tag()
		}
		content := e.span(30)
		q := annotations.Quote{ID: e.s.uuid(), Content: content, Speaker: speaker,
			Direct: annotations.ProposeDirect(e.text, content.Start, content.End) != (e.s.rng.IntN(5) == 0)}
		if e.s.rng.IntN(2) == 0 {
			cue := e.span(6)
			q.Cue = &cue
		}
		e.s.stats["quote made"]++
		revs, err := one(e.put(q.ID, annotations.KindQuote, q))
		return revs, fmt.Sprintf("quotes %q said by %s %s (%s)", q.Content.Exact, speaker.Kind, short(speaker.ID), short(q.ID)), err
	case x < 80:
		q := pick(e.s, live)
		var what string
		switch y := e.s.rng.IntN(4); {
		case y == 0:
			// The speaker stays when it is the only one to pick, even
			// if it was deleted since: the editor keeps it.
			if sp, ok := e.speaker(); ok {
				q.Speaker = sp
			}
			what = fmt.Sprintf("makes %s %s say quote %s", q.Speaker.Kind, short(q.Speaker.ID), short(q.ID))
		case y == 1:
			if q.Cue != nil {
				q.Cue = nil
			} else {
				cue := e.span(6)
				q.Cue = &cue
			}
			what = fmt.Sprintf("sets the cue of quote %s to %v", short(q.ID), q.Cue != nil)
		case y == 2:
			q.Direct = !q.Direct
			what = fmt.Sprintf("marks quote %s direct %v", short(q.ID), q.Direct)
		default:
			q.Content = e.span(30)
			what = fmt.Sprintf("moves quote %s to %q", short(q.ID), q.Content.Exact)
		}
		e.s.stats["quote edited"]++
		revs, err := one(e.put(q.ID, annotations.KindQuote, q))
		return revs, what, err
	default:
		q := pick(e.s, live)
		e.s.stats["quote deleted"]++
		revs, err := e.remove(q.ID)
		return revs, "deletes quote " + short(q.ID), err
	}
}

// simTopics are the free-text topics stances are toward.
var simTopics = []string{"the Moscow talks", "sanctions", "la résumé 中文"}

// holder returns a random holder of a new stance, among the set's live
// items and the article.
func (e *simEditor) holder() annotations.Holder {
	holders := []annotations.Holder{{Kind: annotations.RefArticle}}
	for _, en := range e.set.Entities {
		holders = append(holders, annotations.Holder{Kind: annotations.RefEntity, ID: en.ID})
	}
	for _, g := range e.set.Groups {
		holders = append(holders, annotations.Holder{Kind: annotations.RefGroup, ID: g.ID})
	}
	for _, q := range e.set.Quotes {
		holders = append(holders, annotations.Holder{Kind: annotations.RefQuoteSpeaker, ID: q.ID})
	}
	return pick(e.s, holders)
}

// target returns a random target of a stance, among the set's live
// mentions and groups and a few topics.
func (e *simEditor) target() annotations.Target {
	var targets []annotations.Target
	for _, t := range simTopics {
		targets = append(targets, annotations.Target{Kind: annotations.RefTopic, Topic: t})
	}
	for _, en := range e.set.Entities {
		targets = append(targets, annotations.Target{Kind: annotations.RefEntity, ID: en.ID})
	}
	for _, g := range e.set.Groups {
		targets = append(targets, annotations.Target{Kind: annotations.RefGroup, ID: g.ID})
	}
	return pick(e.s, targets)
}

// evidence returns a new piece of evidence for st: a live quote it does
// not list yet, or a span.
func (e *simEditor) evidence(st annotations.Stance) annotations.Evidence {
	var quotes []string
	for _, q := range e.set.Quotes {
		if !slices.ContainsFunc(st.Evidence, func(ev annotations.Evidence) bool { return ev.Kind == annotations.RefQuote && ev.ID == q.ID }) {
			quotes = append(quotes, q.ID)
		}
	}
	if len(quotes) > 0 && e.s.rng.IntN(3) > 0 {
		return annotations.Evidence{Kind: annotations.RefQuote, ID: pick(e.s, quotes)}
	}
	sp := e.span(20)
	return annotations.Evidence{Kind: annotations.RefSpan, Span: &sp}
}

// editStance makes a stance, changes one (its polarity, target or
// evidence), or deletes one. A stance whose polarity the schema dropped
// gets one of the schema's when edited, as the stance form makes the
// annotator choose.
func (e *simEditor) editStance() ([]annotations.Revision, string, error) {
	live := e.set.Stances
	polarities := e.set.Schema.Polarities()
	switch x := e.s.rng.IntN(100); {
	case len(live) == 0 || x < 45:
		st := annotations.Stance{ID: e.s.uuid(), Holder: e.holder(), Target: e.target(), Polarity: pick(e.s, polarities)}
		for range e.s.rng.IntN(3) {
			st.Evidence = append(st.Evidence, e.evidence(st))
		}
		e.s.stats["stance made"]++
		revs, err := one(e.put(st.ID, annotations.KindStance, st))
		return revs, fmt.Sprintf("takes %s's stance %s toward %s%s with %d evidence (%s)",
			st.Holder.Kind, st.Polarity, st.Target.Kind, short(st.Target.ID+st.Target.Topic), len(st.Evidence), short(st.ID)), err
	case x < 80:
		st := pick(e.s, live)
		st.Evidence = slices.Clone(st.Evidence)
		switch y := e.s.rng.IntN(4); {
		case y == 0:
			st.Polarity = pick(e.s, polarities)
		case y == 1:
			st.Target = e.target()
		case y == 2 || len(st.Evidence) == 0:
			st.Evidence = append(st.Evidence, e.evidence(st))
		default:
			i := e.s.rng.IntN(len(st.Evidence))
			st.Evidence = slices.Delete(st.Evidence, i, i+1)
		}
		if !e.set.Schema.HasPolarity(st.Polarity) {
			st.Polarity = pick(e.s, polarities)
		}
		e.s.stats["stance edited"]++
		revs, err := one(e.put(st.ID, annotations.KindStance, st))
		return revs, fmt.Sprintf("edits stance %s: %s toward %s%s with %d evidence", short(st.ID), st.Polarity, st.Target.Kind, short(st.Target.ID+st.Target.Topic), len(st.Evidence)), err
	default:
		st := pick(e.s, live)
		e.s.stats["stance deleted"]++
		revs, err := e.remove(st.ID)
		return revs, "deletes stance " + short(st.ID), err
	}
}

// groupOf returns the live group mention id is a member of, if any.
func (e *simEditor) groupOf(id string) (annotations.EntityGroup, bool) {
	for _, g := range e.set.Groups {
		if slices.Contains(g.Members, id) {
			return g, true
		}
	}
	return annotations.EntityGroup{}, false
}

// putGroup returns the revision that sets group g.
func (e *simEditor) putGroup(g annotations.EntityGroup) (annotations.Revision, error) {
	return e.put(g.ID, annotations.KindGroup, g)
}

// leaveGroup returns the revision that takes mention id out of g: the
// group's deletion when id was its last member, as the editor does.
func (e *simEditor) leaveGroup(g annotations.EntityGroup, id string) (annotations.Revision, error) {
	g.Members = slices.DeleteFunc(slices.Clone(g.Members), func(m string) bool { return m == id })
	if len(g.Members) == 0 {
		e.s.stats["group deleted"]++
		return annotations.NewDeletion(e.set.Heads[g.ID])
	}
	return e.putGroup(g)
}

// editGroup gathers free mentions into a new group, moves a mention into
// another group (out of its own), takes a member out of its group, or
// deletes a group.
func (e *simEditor) editGroup() ([]annotations.Revision, string, error) {
	groups := e.set.Groups
	var free []annotations.Entity
	for _, en := range e.set.Entities {
		if _, ok := e.groupOf(en.ID); !ok {
			free = append(free, en)
		}
	}
	switch x := e.s.rng.IntN(100); {
	case len(groups) == 0 || x < 35:
		if len(free) == 0 {
			return e.tag()
		}
		e.s.rng.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
		g := annotations.EntityGroup{ID: e.s.uuid(), Name: annotations.NormalizeLine(free[0].Exact)}
		if g.Name == "" {
			g.Name = "Someone"
		}
		for _, en := range free[:1+e.s.rng.IntN(min(3, len(free)))] {
			g.Members = append(g.Members, en.ID)
		}
		e.s.stats["group made"]++
		revs, err := one(e.putGroup(g))
		return revs, fmt.Sprintf("groups %d mentions as %q (%s)", len(g.Members), g.Name, short(g.ID)), err
	case x < 65:
		// Join: the mention leaves the group it was in first.
		g := pick(e.s, groups)
		var outside []annotations.Entity
		for _, en := range e.set.Entities {
			if !slices.Contains(g.Members, en.ID) {
				outside = append(outside, en)
			}
		}
		if len(outside) == 0 {
			return e.tag()
		}
		en := pick(e.s, outside)
		var revs []annotations.Revision
		if old, ok := e.groupOf(en.ID); ok {
			rev, err := e.leaveGroup(old, en.ID)
			if err != nil {
				return nil, "takes " + short(en.ID) + " out of its group", err
			}
			revs = append(revs, rev)
		}
		g.Members = append(slices.Clone(g.Members), en.ID)
		rev, err := e.putGroup(g)
		e.s.stats["group member added"]++
		return append(revs, rev), fmt.Sprintf("adds %s to group %s", short(en.ID), short(g.ID)), err
	case x < 88:
		g := pick(e.s, groups)
		m := pick(e.s, g.Members) // maybe a mention deleted since
		e.s.stats["group member removed"]++
		revs, err := one(e.leaveGroup(g, m))
		return revs, fmt.Sprintf("takes %s out of group %s", short(m), short(g.ID)), err
	default:
		g := pick(e.s, groups)
		e.s.stats["group deleted"]++
		revs, err := e.remove(g.ID)
		return revs, "deletes group " + short(g.ID), err
	}
}

// simKeys are the keys a schema edit gives labels.
const simKeys = "123456789abcdefg"

// editSchema changes the set's schema as the label editor does, on top of
// its head: adds a label, recolours one, gives one another key, drops one
// (most often one that mentions use), or adds or drops a stance polarity.
func (e *simEditor) editSchema() ([]annotations.Revision, string, error) {
	sc := e.set.Schema
	sc.EntityLabels = slices.Clone(sc.EntityLabels)
	sc.StancePolarities = slices.Clone(sc.Polarities())
	freeKey := func() string {
		var keys []string
		for _, k := range simKeys {
			_, reserved := annotations.ReservedKey(string(k)) // a new schema may not use one
			if _, used := sc.LabelForKey(string(k)); !used && !reserved {
				keys = append(keys, string(k))
			}
		}
		if len(keys) == 0 {
			return ""
		}
		return pick(e.s, keys)
	}
	color := func() string { return fmt.Sprintf("#%06x", e.s.rng.IntN(1<<24)) }
	var what string
	switch x := e.s.rng.IntN(100); {
	case x < 35 || len(sc.EntityLabels) < 2:
		name := fmt.Sprintf("X%d", e.s.rng.IntN(100))
		if _, ok := sc.Label(name); ok {
			name += "b"
		}
		sc.EntityLabels = append(sc.EntityLabels, annotations.Label{Name: name, Key: freeKey(), Color: color()})
		e.s.stats["label added"]++
		what = "adds label " + name
	case x < 50:
		i := e.s.rng.IntN(len(sc.EntityLabels))
		sc.EntityLabels[i].Color = color()
		what = "recolours label " + sc.EntityLabels[i].Name
	case x < 62:
		i := e.s.rng.IntN(len(sc.EntityLabels))
		sc.EntityLabels[i].Key = "" // freed first, so it may be taken again
		sc.EntityLabels[i].Key = freeKey()
		what = fmt.Sprintf("gives label %s the key %q", sc.EntityLabels[i].Name, sc.EntityLabels[i].Key)
	case x < 88:
		i := e.s.rng.IntN(len(sc.EntityLabels))
		if len(e.set.Entities) > 0 && e.s.rng.IntN(3) > 0 {
			used := pick(e.s, e.set.Entities).Label
			if j := slices.IndexFunc(sc.EntityLabels, func(l annotations.Label) bool { return l.Name == used }); j >= 0 {
				i = j // a label in use
			}
		}
		what = "drops label " + sc.EntityLabels[i].Name
		sc.EntityLabels = slices.Delete(sc.EntityLabels, i, i+1)
		e.s.stats["label dropped"]++
	case x < 94 || len(sc.StancePolarities) < 2:
		p := pick(e.s, []string{"MIXED", "UNCLEAR", "NONE", "FAVOR"})
		if !slices.Contains(sc.StancePolarities, p) {
			sc.StancePolarities = append(sc.StancePolarities, p)
		}
		what = "adds polarity " + p
	default:
		i := e.s.rng.IntN(len(sc.StancePolarities))
		what = "drops polarity " + sc.StancePolarities[i]
		sc.StancePolarities = slices.Delete(sc.StancePolarities, i, i+1)
	}
	e.s.stats["schema edited"]++
	id := annotations.SchemaItemID(annotations.SetKey{ArticleID: e.a.ID, Annotator: e.c.annotator})
	revs, err := one(e.put(id, annotations.KindSchema, annotations.SchemaItem{ID: id, Schema: sc}))
	return revs, what, err
}
