package agreement

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/formats"
)

// Outside is the token label of a token no entity covers.
const Outside = "O"

// Tokens returns the tokens agreement on tokens counts for an article
// annotated in sets: the tokens the CoNLL export cuts (formats.Tokens), each
// split where any of the sets' entities starts or ends inside it, as the
// export splits a token at its own entities' boundaries, so that every
// token is wholly inside or wholly outside each entity of every set.
// Offsets are code points, end exclusive.
func Tokens(text []rune, sets []annotations.Set) [][2]int {
	var bounds []int
	for _, s := range sets {
		for _, e := range s.Entities {
			bounds = append(bounds, e.Start, e.End)
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	base := formats.Tokens(text)
	out := make([][2]int, 0, len(base))
	b := 0
	for _, t := range base {
		for b < len(bounds) && bounds[b] <= t[0] {
			b++
		}
		for ; b < len(bounds) && bounds[b] < t[1]; b++ {
			out = append(out, [2]int{t[0], bounds[b]})
			t[0] = bounds[b]
		}
		out = append(out, t)
	}
	return out
}

// TokenLabels returns each set's label of each token: labels[i][t] is the
// label of the innermost entity of sets[i] that covers tokens[t] (the
// shortest; of two as long, the one that starts later, then the label
// first in alphabetical order), or Outside. tokens must not cross an
// entity boundary, as the ones Tokens returns do not.
func TokenLabels(text []rune, tokens [][2]int, sets []annotations.Set) [][]string {
	labels := make([][]string, len(sets))
	owner := make([]int32, len(text))
	for i, s := range sets {
		paintInnermost(owner, s.Entities)
		labels[i] = make([]string, len(tokens))
		for t, tok := range tokens {
			labels[i][t] = Outside
			if tok[0] < len(owner) {
				if o := owner[tok[0]]; o != 0 {
					labels[i][t] = s.Entities[o-1].Label
				}
			}
		}
	}
	return labels
}

// paintInnermost sets owner[p] to the index + 1 of the innermost entity
// covering code point p, 0 where none does.
func paintInnermost(owner []int32, entities []annotations.Entity) {
	clear(owner)
	order := make([]int, 0, len(entities))
	for i, e := range entities {
		if e.Start >= 0 && e.End <= len(owner) && e.Start < e.End {
			order = append(order, i)
		}
	}
	// Paint outer first, so inner ones paint over them: longest first,
	// then earliest start, then the label last in alphabetical order.
	slices.SortFunc(order, func(a, b int) int {
		ea, eb := entities[a], entities[b]
		return cmp.Or((eb.End-eb.Start)-(ea.End-ea.Start), ea.Start-eb.Start, cmp.Compare(eb.Label, ea.Label), b-a)
	})
	for _, i := range order {
		e := entities[i]
		for p := e.Start; p < e.End; p++ {
			owner[p] = int32(i + 1)
		}
	}
}

// Segments returns a set's entity mentions as labelled segments, in code
// points: the character spans that span F1 and α_U count.
func Segments(s annotations.Set) []Segment {
	out := make([]Segment, len(s.Entities))
	for i, e := range s.Entities {
		out[i] = Segment{Start: e.Start, End: e.End, Label: e.Label}
	}
	return out
}

// MinQuoteJaccard is the overlap two quotes' contents need to match: their
// Jaccard index in code points (shared code points over the code points of
// either) is at least 0.5.
const MinQuoteJaccard = 0.5

// QuotePair is a match of quote A of one set and quote B of another (indices
// into the sets' Quotes), with what the two annotators agree on.
type QuotePair struct {
	A, B int
	// SameDirect reports whether both say direct, or both indirect.
	SameDirect bool
	// SameSpeaker reports whether the speakers are the same: the same
	// mention (same start and end), or mentions of one entity group (a
	// speaker that is a mention in a group stands for the whole group).
	SameSpeaker bool
	// SpeakerA and SpeakerB name the speakers for α: a mention's "start-end"
	// in code points, the same name for both when SameSpeaker.
	SpeakerA, SpeakerB string
}

// MatchQuotes matches the quotes of sets a and b: two quotes match when
// their contents' Jaccard index in code points is at least MinQuoteJaccard;
// each quote is used once, best overlap first (as SpanF1Overlap).
func MatchQuotes(a, b annotations.Set) []QuotePair {
	return matchQuotes(a, b, newResolver(a), newResolver(b))
}

// matchQuotes is MatchQuotes with the sets' resolvers.
func matchQuotes(a, b annotations.Set, ra, rb resolver) []QuotePair {
	segs := func(s annotations.Set) []Segment {
		out := make([]Segment, len(s.Quotes))
		for i, q := range s.Quotes {
			out[i] = Segment{Start: q.Content.Start, End: q.Content.End}
		}
		return out
	}
	out := matchOverlapping(segs(a), segs(b), MinQuoteJaccard)
	pairs := make([]QuotePair, 0, len(out))
	for _, m := range out {
		qa, qb := a.Quotes[m[0]], b.Quotes[m[1]]
		p := QuotePair{A: m[0], B: m[1], SameDirect: qa.Direct == qb.Direct}
		ea, eb := ra.extent(qa.Speaker.Kind, qa.Speaker.ID), rb.extent(qb.Speaker.Kind, qb.Speaker.ID)
		if shared, ok := firstShared(ea, eb); ok {
			p.SameSpeaker = true
			p.SpeakerA, p.SpeakerB = shared, shared
		} else {
			p.SpeakerA, p.SpeakerB = extentName(ea), extentName(eb)
		}
		pairs = append(pairs, p)
	}
	return pairs
}

// StancePair is a match of stance A of one set and stance B of another
// (indices into the sets' Stances).
type StancePair struct {
	A, B int
	// SamePolarity reports whether both gave the same polarity.
	SamePolarity bool
}

// MatchStances matches the stances of sets a and b by holder and target:
// two stances match when their holders are the same (the article, or the
// same mention or entity group, a quote's speaker standing for that
// speaker) and so are their targets (the same mention or group, or topics
// with the same text after NormalizeTopic). Each stance is used once, in
// the order of a's stances, each taking the first of b's that matches.
func MatchStances(a, b annotations.Set) []StancePair {
	return matchStances(a, b, newResolver(a), newResolver(b))
}

// matchStances is MatchStances with the sets' resolvers.
func matchStances(a, b annotations.Set, ra, rb resolver) []StancePair {
	used := make([]bool, len(b.Stances))
	var pairs []StancePair
	for i, sa := range a.Stances {
		ha, ta := ra.holder(sa.Holder), ra.target(sa.Target)
		for j, sb := range b.Stances {
			if used[j] {
				continue
			}
			if !sameExtent(ha, rb.holder(sb.Holder)) || !sameExtent(ta, rb.target(sb.Target)) {
				continue
			}
			used[j] = true
			pairs = append(pairs, StancePair{A: i, B: j, SamePolarity: sa.Polarity == sb.Polarity})
			break
		}
	}
	return pairs
}

// NormalizeTopic returns a stance topic as stances are matched on: lower
// case, white space runs made one space, trimmed.
func NormalizeTopic(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// extent is what a reference stands for, comparable across annotators: the
// spans ("start-end") of the mentions of one entity, or a name ("article",
// "topic:…").
type extent []string

func sameExtent(a, b extent) bool { _, ok := firstShared(a, b); return ok }

// firstShared returns the first name of a (sorted) that b holds too.
func firstShared(a, b extent) (string, bool) {
	for _, x := range a {
		if slices.Contains(b, x) {
			return x, true
		}
	}
	return "", false
}

// extentName names an extent for α: its first name, "none" when empty.
func extentName(e extent) string {
	if len(e) == 0 {
		return "none"
	}
	return e[0]
}

// resolver resolves a set's references to extents.
type resolver struct {
	mentions map[string]string   // mention ID → "start-end"
	groupOf  map[string]string   // mention ID → its group's ID
	groups   map[string][]string // group ID → member mention IDs
	quotes   map[string]annotations.Ref
}

func newResolver(s annotations.Set) resolver {
	r := resolver{mentions: map[string]string{}, groupOf: map[string]string{}, groups: map[string][]string{}, quotes: map[string]annotations.Ref{}}
	for _, e := range s.Entities {
		r.mentions[e.ID] = spanName(e.Start, e.End)
	}
	for _, g := range s.Groups {
		r.groups[g.ID] = g.Members
		for _, m := range g.Members {
			if _, ok := r.groupOf[m]; !ok {
				r.groupOf[m] = g.ID
			}
		}
	}
	for _, q := range s.Quotes {
		r.quotes[q.ID] = q.Speaker
	}
	return r
}

func spanName(start, end int) string {
	return strconv.Itoa(start) + "-" + strconv.Itoa(end)
}

// extent returns the extent of a mention or group reference: a mention in
// a group stands for the group's mentions.
func (r resolver) extent(kind annotations.RefKind, id string) extent {
	switch kind {
	case annotations.RefEntity:
		if g, ok := r.groupOf[id]; ok {
			return r.groupExtent(g)
		}
		if s, ok := r.mentions[id]; ok {
			return extent{s}
		}
	case annotations.RefGroup:
		return r.groupExtent(id)
	}
	return nil
}

func (r resolver) groupExtent(id string) extent {
	var out extent
	for _, m := range r.groups[id] {
		if s, ok := r.mentions[m]; ok {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// holder returns a stance holder's extent.
func (r resolver) holder(h annotations.Holder) extent {
	switch h.Kind {
	case annotations.RefArticle:
		return extent{"article"}
	case annotations.RefQuoteSpeaker:
		if sp, ok := r.quotes[h.ID]; ok {
			return r.extent(sp.Kind, sp.ID)
		}
		return nil
	}
	return r.extent(h.Kind, h.ID)
}

// target returns a stance target's extent.
func (r resolver) target(t annotations.Target) extent {
	if t.Kind == annotations.RefTopic {
		return extent{"topic:" + NormalizeTopic(t.Topic)}
	}
	return r.extent(t.Kind, t.ID)
}
