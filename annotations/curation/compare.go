package curation

import (
	"cmp"
	"slices"
	"sort"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/uuid"
)

// Options choose what Compare counts as agreed.
type Options struct {
	// Majority agrees on a version that more than half of the annotators
	// have; without it, every annotator must have it.
	Majority bool
}

// Comparison is the annotators' sets of one article set beside its gold
// set: what they agree on that gold lacks, and what they differ on.
type Comparison struct {
	// Annotators are the annotators compared, sorted.
	Annotators []string `json:"annotators"`
	// Agreed are the candidates the annotators agree on (Candidate.Agreed)
	// and gold has nothing of yet: Merge puts them into gold.
	Agreed []Candidate `json:"agreed"`
	// Differences are the other candidates but those settled (every
	// annotator has the one version, and so has gold): what the curator
	// accepts (Accept) or rejects (Reject), and what gold already decided
	// (Version.Gold).
	Differences []Candidate `json:"differences"`
}

// Candidate is one thing the annotators annotated (a mention's span, a
// quote's content, a stance's holder and target, a group's members) with every version of it they, and gold, have. Candidates are
// ordered by Start, End, then kind (mentions, groups, quotes, stances).
// Accept and Reject take a Candidate that Compare returned (its JSON form
// is for showing it only).
type Candidate struct {
	// ID names the candidate for the UI, the same in every Compare of the
	// article.
	ID   string           `json:"id"`
	Kind annotations.Kind `json:"kind"`
	// Start and End are the candidate's span of text in code points: the
	// mention's, the quote's content, a group's first member, a stance's
	// holder (else its target, else its first evidence; 0-0 for an
	// article's stance on a topic).
	Start int `json:"start"`
	End   int `json:"end"`
	// Versions are the candidate's distinct versions, in the order of the
	// annotators (sorted) who have them, then gold's own.
	Versions []Version `json:"versions"`
	// Agreed is the index of the version enough annotators have (all, or
	// more than half with Options.Majority), -1 when none has.
	Agreed int `json:"agreed"`
	// Rejected says that the curator rejected the candidate (Reject): gold
	// has none of its versions, and took each annotator's out.
	Rejected bool `json:"rejected,omitempty"`
	slot     string
}

// Version is one version of a candidate: the item of one annotator's set
// (Annotators[0]'s, or gold's when only gold has it), its references IDs
// of that set.
type Version struct {
	// Annotators have this version, sorted; none when only gold has it.
	Annotators []string `json:"annotators"`
	// Gold says that the gold set has this version.
	Gold bool `json:"gold"`
	// One of these is set, as the candidate's Kind says.
	Entity annotations.Entity      `json:"entity,omitzero"`
	Quote  annotations.Quote       `json:"quote,omitzero"`
	Stance annotations.Stance      `json:"stance,omitzero"`
	Group  annotations.EntityGroup `json:"group,omitzero"`
	key    string
	src    *index
	item   string
}

// namespace is the UUID namespace of the candidates' IDs and of the gold
// items Merge makes.
var namespace = uuid.NewSHA1(uuid.NameSpaceOID, []byte("gloss curation"))

// derive returns the ID of the gold set setID's item made from a version
// key: the same on every device.
func derive(setID, key string) string {
	return uuid.NewSHA1(namespace, []byte(setID+"\n"+key)).String()
}

// Compare sets the annotators' sets of one article beside its gold set
// (annotations.GoldAnnotator's, as BuildSet makes it: with Heads) and
// groups their items into candidates: mentions by span, quotes
// by content span, stances by holder and target, groups by their members
// (see the package doc). Items that refer to an item their set does not
// have live (flagged for review) are left out. A set of GoldAnnotator
// among sets is left out too. It is NewComparer(sets, o).Compare(gold,
// nil): a caller that compares one gold set again and again, as it is
// edited, keeps the Comparer.
func Compare(gold annotations.Set, sets []annotations.Set, o Options) Comparison {
	return NewComparer(sets, o).Compare(gold, nil)
}

// Comparer is the annotators' sets of one article grouped into candidates
// once, to compare gold sets with: a comparison then costs what indexing
// the gold set costs, whatever the number of annotators. Compare leaves
// the Comparer's candidates as they are (it copies what gold changes); a
// Comparer is not safe for concurrent use.
type Comparer struct {
	annotators []string
	// cands are the candidates of the annotators' items, sorted by
	// text (sortByText), without gold's versions; slots maps each one's
	// slot to its place.
	cands []Candidate
	slots map[string]int
	need  int
}

// NewComparer groups the items of sets (an article's annotators' sets;
// one of annotations.GoldAnnotator is left out) into candidates, to
// compare gold sets with.
func NewComparer(sets []annotations.Set, o Options) *Comparer {
	// (sort.Slice and plain loops rather than slices' generic functions
	// keep the package small in the browser's WebAssembly.)
	others := make([]annotations.Set, 0, len(sets))
	for _, s := range sets {
		if s.Annotator != annotations.GoldAnnotator {
			others = append(others, s)
		}
	}
	sets = others
	sort.Slice(sets, func(i, j int) bool {
		return sets[i].Annotator < sets[j].Annotator || sets[i].Annotator == sets[j].Annotator && sets[i].ID < sets[j].ID
	})
	c := &Comparer{slots: map[string]int{}}
	for _, s := range sets {
		if !slices.Contains(c.annotators, s.Annotator) {
			c.annotators = append(c.annotators, s.Annotator)
		}
		x := newIndex(s)
		for _, id := range x.ids {
			k := x.keys(id)
			if !k.ok {
				continue
			}
			i, ok := c.slots[k.slot]
			if !ok {
				i = len(c.cands)
				c.slots[k.slot] = i
				c.cands = append(c.cands, Candidate{ID: uuid.NewSHA1(namespace, []byte(k.slot)).String(), Kind: x.kindOf(id),
					Start: k.start, End: k.end, Agreed: -1, slot: k.slot})
			}
			cand := &c.cands[i]
			v := slices.IndexFunc(cand.Versions, func(v Version) bool { return v.key == k.version })
			if v < 0 {
				v = len(cand.Versions)
				cand.Versions = append(cand.Versions, x.version(id, k.version))
			}
			if ver := &cand.Versions[v]; !slices.Contains(ver.Annotators, s.Annotator) {
				ver.Annotators = append(ver.Annotators, s.Annotator)
			}
		}
	}
	n := len(c.annotators)
	c.need = n
	if o.Majority {
		c.need = n/2 + 1
	}
	for i := range c.cands {
		cand := &c.cands[i]
		for v, ver := range cand.Versions {
			if n > 0 && len(ver.Annotators) >= c.need {
				cand.Agreed = v
				break
			}
		}
	}
	sortByText(c.cands)
	for i, cand := range c.cands {
		c.slots[cand.slot] = i
	}
	return c
}

// Compare sets the annotators' sets beside gold (their article's gold
// set). head returns the last revision of one of gold's items, live or
// deleted (annotations.SetState.Head); nil reads gold.Heads. The
// Comparison's candidates share what the Comparer holds: the caller must
// not modify them.
func (c *Comparer) Compare(gold annotations.Set, head func(id string) (annotations.Revision, bool)) Comparison {
	out := Comparison{Annotators: slices.Clone(c.annotators)}
	b := newBuilder(gold, head)
	gx := b.gx
	// gold's versions of the candidates it has items of: the candidate's
	// versions copied, gold's marked or added.
	withGold := map[int][]Version{}
	for _, id := range gx.ids {
		k := gx.keys(id)
		if !k.ok {
			continue
		}
		i, ok := c.slots[k.slot]
		if !ok {
			continue // gold's own item: nothing to compare it with
		}
		vs, ok := withGold[i]
		if !ok {
			vs = slices.Clone(c.cands[i].Versions)
		}
		v := slices.IndexFunc(vs, func(v Version) bool { return v.key == k.version })
		if v < 0 {
			v = len(vs)
			vs = append(vs, gx.version(id, k.version))
		}
		vs[v].Gold = true
		withGold[i] = vs
	}
	n := len(c.annotators)
	for i, cand := range c.cands {
		vs, inGold := withGold[i]
		if inGold {
			cand.Versions = vs
		}
		settled := n > 0
		cand.Rejected = !inGold
		for _, v := range cand.Versions {
			settled = settled && v.Gold && len(v.Annotators) == n
			cand.Rejected = cand.Rejected && b.has(derive(b.setID, v.key))
		}
		switch {
		case settled:
		case cand.Agreed >= 0 && !inGold && b.canMake(cand.Versions[cand.Agreed].src, cand.Versions[cand.Agreed].item):
			out.Agreed = append(out.Agreed, cand)
		default:
			out.Differences = append(out.Differences, cand)
		}
	}
	return out
}

// sortByText orders candidates by start, end, kind, then slot.
func sortByText(cs []Candidate) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End),
			cmp.Compare(annotations.ReferenceOrder(a.Kind), annotations.ReferenceOrder(b.Kind)), cmp.Compare(a.slot, b.slot)) < 0
	})
}

// version returns the version of item id, whose version key is key.
func (x *index) version(id, key string) Version {
	v := Version{Annotators: []string{}, key: key, src: x, item: id}
	switch kind, i := x.find(id); kind {
	case annotations.KindEntity:
		v.Entity = x.set.Entities[i]
	case annotations.KindGroup:
		v.Group = x.set.Groups[i]
	case annotations.KindQuote:
		v.Quote = x.set.Quotes[i]
	case annotations.KindStance:
		v.Stance = x.set.Stances[i]
	}
	return v
}

// goldKey returns the key of the gold set of gold's article.
func goldKey(gold annotations.Set) annotations.SetKey {
	return annotations.SetKey{Project: gold.Project, ArticleID: gold.ArticleID, Annotator: annotations.GoldAnnotator}
}
