package agreement

import (
	"cmp"
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
)

// ArticleSets is an article and the sets of the annotators who marked it
// done, one set per annotator.
type ArticleSets struct {
	Article annotations.Article
	Sets    []annotations.Set
}

// Report is the agreement of a project: over all, per label, per annotator
// pair and per article. Every figure carries its number of units.
type Report struct {
	Overall Summary `json:"overall"`
	// Labels are the figures of each entity label over all articles.
	Labels []LabelFigures `json:"labels"`
	// Pairs are the figures of each pair of annotators over the articles
	// both marked done, ordered by A then B.
	Pairs []PairFigures `json:"pairs"`
	// Articles are the figures of each article that enters, in the order
	// given.
	Articles []ArticleFigures `json:"articles"`
	// Skipped lists the IDs of the articles left out: fewer than two
	// annotators marked them done.
	Skipped []string `json:"skipped"`
}

// Summary is the agreement of a group of annotators over some articles:
// the whole project, or one article.
type Summary struct {
	// Articles counts the articles that entered; Annotators names the
	// annotators of any of them, sorted.
	Articles   int      `json:"articles"`
	Annotators []string `json:"annotators"`
	// Tokens counts the tokens of the articles (each once).
	Tokens int `json:"tokens"`
	// SpanF1Exact and SpanF1Overlap pool every pair of annotators on every
	// article (micro average: matched pairs over all spans).
	SpanF1Exact   F1 `json:"span_f1_exact"`
	SpanF1Overlap F1 `json:"span_f1_overlap"`
	// FleissKappa is Fleiss' κ on tokens. Over the project, only the tokens
	// of the articles marked done by the most annotators count (Fleiss' κ
	// needs the same number of ratings per unit); Dropped counts the
	// others.
	FleissKappa Kappa `json:"fleiss_kappa"`
	// Alpha is Krippendorff's nominal α on tokens, every token counted.
	Alpha Figure `json:"alpha"`
	// AlphaU is the joint unitizing α over every label, on the articles'
	// code points laid end to end. Over the project, only the articles
	// marked done by the most annotators count (α_U needs every annotator
	// on the whole continuum); Dropped counts the others.
	AlphaU AlphaU `json:"alpha_u"`
	// Quotes and Stances pool every pair of annotators on every article.
	Quotes  QuoteFigures  `json:"quotes"`
	Stances StanceFigures `json:"stances"`
}

// LabelFigures is the agreement on one entity label.
type LabelFigures struct {
	// Label is the entity label; the F1s count its spans only, and AlphaU
	// is α_U of the label (over the same articles as the joint one).
	Label         string `json:"label"`
	SpanF1Exact   F1     `json:"span_f1_exact"`
	SpanF1Overlap F1     `json:"span_f1_overlap"`
	AlphaU        AlphaU `json:"alpha_u"`
}

// PairFigures is the agreement of two annotators, A before B in sort
// order, on the articles both marked done.
type PairFigures struct {
	// A and B are the annotators; Articles counts the articles both marked
	// done and Tokens their tokens.
	A        string `json:"a"`
	B        string `json:"b"`
	Articles int    `json:"articles"`
	Tokens   int    `json:"tokens"`
	// CohensKappa is Cohen's κ on the tokens' labels.
	CohensKappa Kappa `json:"cohens_kappa"`
	// SpanF1Exact, SpanF1Overlap and the joint AlphaU (on the two
	// annotators\' continua) are the pair\'s; Labels break them down.
	SpanF1Exact   F1             `json:"span_f1_exact"`
	SpanF1Overlap F1             `json:"span_f1_overlap"`
	AlphaU        AlphaU         `json:"alpha_u"`
	Quotes        QuoteFigures   `json:"quotes"`
	Stances       StanceFigures  `json:"stances"`
	Labels        []LabelFigures `json:"labels"`
	// Confusion counts the tokens by A's label (rows) and B's (columns).
	Confusion Confusion `json:"confusion"`
}

// ArticleFigures is the agreement on one article.
type ArticleFigures struct {
	// ArticleID and Title name the article; Summary is its annotators'
	// figures over it, Pairs each pair's.
	ArticleID string        `json:"article_id"`
	Title     string        `json:"title"`
	Summary   Summary       `json:"summary"`
	Pairs     []PairFigures `json:"pairs"`
}

// QuoteFigures is the agreement on quotes. Quotes match when their
// contents' Jaccard index in code points is at least MinQuoteJaccard; the
// attributes are compared on matched pairs only (a quote that only one
// annotator has counts against Content, not against them).
type QuoteFigures struct {
	// Content is the F1 of the contents' matching.
	Content F1 `json:"content"`
	// Direct is nominal α on direct/indirect over the matched pairs (one
	// unit per pair), Speaker nominal α on the speaker (see QuotePair).
	Direct  Figure `json:"direct"`
	Speaker Figure `json:"speaker"`
	// SameDirect and SameSpeaker count the matched pairs that agree.
	SameDirect  int `json:"same_direct"`
	SameSpeaker int `json:"same_speaker"`
}

// StanceFigures is the agreement on stances, matched by holder and target
// (see MatchStances).
type StanceFigures struct {
	// Matched is the F1 of the matching: matched pairs over all stances.
	Matched F1 `json:"matched"`
	// Polarity is nominal α on polarity over the matched pairs.
	Polarity Figure `json:"polarity"`
	// SamePolarity counts the matched pairs that agree.
	SamePolarity int `json:"same_polarity"`
}

// Compute returns the agreement report of a project's articles, each with
// the sets of the annotators who marked it done. An article enters only
// where at least two did; the others are listed in Skipped. Annotators
// are told apart by Set.Annotator. Compute is Combine of each article's
// Tally.
func Compute(articles []ArticleSets) Report {
	tallies := make([]ArticleTally, len(articles))
	for i, a := range articles {
		tallies[i] = Tally(a)
	}
	return Combine(tallies)
}

// ArticleTally is what a report needs of one article: its own figures, and
// the counts its project's figures add up. It depends on that article's
// sets only, so that a report over many articles is updated, not
// recomputed, when one set changes: keep each article's tally, tally again
// the articles whose sets changed, and Combine them all. A tally is never
// changed once made (Combine only reads it); it may be shared between
// goroutines.
type ArticleTally struct {
	id, title string
	sets      int             // how many annotators marked the article done
	figures   *ArticleFigures // nil when skipped
	labels    []string        // the token labels, by the group's and pairs' index
	group     *groupTally
	pairs     []*pairTally
}

// ArticleID returns the ID of the tallied article.
func (t ArticleTally) ArticleID() string { return t.id }

// Skipped reports whether the article is left out of a report: fewer than
// two annotators marked it done.
func (t ArticleTally) Skipped() bool { return t.figures == nil }

// Tally counts what a report needs of one article and its sets (see
// Compute).
func Tally(a ArticleSets) ArticleTally {
	t := ArticleTally{id: a.Article.ID, title: a.Article.Title, sets: len(a.Sets)}
	if len(a.Sets) < 2 {
		return t
	}
	b := newBuilder()
	t.group, t.pairs = b.article(a)
	t.labels = b.labels
	af := ArticleFigures{ArticleID: a.Article.ID, Title: a.Article.Title, Summary: b.summary(t.group)}
	for _, p := range t.pairs {
		af.Pairs = append(af.Pairs, b.pairFigures(p))
	}
	t.figures = &af
	return t
}

// Combine returns the report of the tallied articles, in the order given:
// the same report Compute returns of the same articles.
func Combine(tallies []ArticleTally) Report {
	// Every list is [] when empty, never null nor left out: a reader
	// indexes the JSON's keys without checking them first.
	r := Report{Labels: []LabelFigures{}, Pairs: []PairFigures{}, Articles: []ArticleFigures{}, Skipped: []string{}}
	b := newBuilder()
	maxM := 0
	for _, t := range tallies {
		maxM = max(maxM, t.sets)
	}
	overall := newGroupTally(maxM)
	pairs := map[[2]string]*pairTally{}
	var index []int // the tally's token label indices in b's
	for _, t := range tallies {
		if t.figures == nil {
			r.Skipped = append(r.Skipped, t.id)
			continue
		}
		index = index[:0]
		for _, l := range t.labels {
			index = append(index, b.label(l))
		}
		overall.merge(t.group, t.sets == maxM, index)
		for _, p := range t.pairs {
			key := [2]string{p.a, p.b}
			if pairs[key] == nil {
				pairs[key] = newPairTally(p.a, p.b)
			}
			pairs[key].merge(p, index)
		}
		r.Articles = append(r.Articles, *t.figures)
	}
	r.Overall = b.summary(overall)
	if r.Overall.Annotators == nil {
		r.Overall.Annotators = []string{}
	}
	if labels := b.labelFigures(&overall.spans); labels != nil {
		r.Labels = labels
	}
	keys := make([][2]string, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y [2]string) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
	for _, k := range keys {
		r.Pairs = append(r.Pairs, b.pairFigures(pairs[k]))
	}
	return r
}

// builder holds what the report's articles share: the token labels' index.
type builder struct {
	labels []string       // token label by index
	index  map[string]int // index by token label
}

func newBuilder() *builder { return &builder{index: map[string]int{}} }

// label returns the index of a token label.
func (b *builder) label(l string) int {
	i, ok := b.index[l]
	if !ok {
		i = len(b.labels)
		b.index[l] = i
		b.labels = append(b.labels, l)
	}
	return i
}

// spanTally accumulates span F1 (per label too) and α_U.
type spanTally struct {
	exact, overlap           f1Counts
	labelExact, labelOverlap map[string]f1Counts
	unitizing                unitizingTally
	dropped                  int // continua left out of unitizing
}

func (t *spanTally) addF1(a, b []Segment) {
	if t.labelExact == nil {
		t.labelExact, t.labelOverlap = map[string]f1Counts{}, map[string]f1Counts{}
	}
	byLabel := func(s []Segment) map[string][]Segment {
		m := map[string][]Segment{}
		for _, x := range s {
			m[x.Label] = append(m[x.Label], x)
		}
		return m
	}
	la, lb := byLabel(a), byLabel(b)
	labels := map[string]bool{}
	for l := range la {
		labels[l] = true
	}
	for l := range lb {
		labels[l] = true
	}
	for l := range labels {
		ex, ov := exactCounts(la[l], lb[l]), overlapCounts(la[l], lb[l])
		t.exact.merge(ex)
		t.overlap.merge(ov)
		c := t.labelExact[l]
		c.merge(ex)
		t.labelExact[l] = c
		c = t.labelOverlap[l]
		c.merge(ov)
		t.labelOverlap[l] = c
	}
}

// merge adds o to t; o's continua join t's unitizing α only when unitize,
// and are counted as dropped otherwise.
func (t *spanTally) merge(o *spanTally, unitize bool) {
	t.mergeF1(o)
	t.dropped += o.dropped
	if !unitize || !t.unitizing.merge(&o.unitizing) {
		t.dropped += o.unitizing.continua
	}
}

// mergeF1 adds o's span F1 counts to t.
func (t *spanTally) mergeF1(o *spanTally) {
	if t.labelExact == nil {
		t.labelExact, t.labelOverlap = map[string]f1Counts{}, map[string]f1Counts{}
	}
	t.exact.merge(o.exact)
	t.overlap.merge(o.overlap)
	for l, c := range o.labelExact {
		x := t.labelExact[l]
		x.merge(c)
		t.labelExact[l] = x
	}
	for l, c := range o.labelOverlap {
		x := t.labelOverlap[l]
		x.merge(c)
		t.labelOverlap[l] = x
	}
}

// quoteTally accumulates QuoteFigures.
type quoteTally struct {
	content                 f1Counts
	direct, speaker         [][]string // one unit per matched pair
	sameDirect, sameSpeaker int
}

func (t *quoteTally) add(article string, a, b annotations.Set, ra, rb resolver) {
	pairs := matchQuotes(a, b, ra, rb)
	t.content.merge(f1Counts{matched: len(pairs), a: len(a.Quotes), b: len(b.Quotes)})
	for _, p := range pairs {
		t.direct = append(t.direct, []string{directName(a.Quotes[p.A].Direct), directName(b.Quotes[p.B].Direct)})
		t.speaker = append(t.speaker, []string{article + ":" + p.SpeakerA, article + ":" + p.SpeakerB})
		if p.SameDirect {
			t.sameDirect++
		}
		if p.SameSpeaker {
			t.sameSpeaker++
		}
	}
}

func directName(direct bool) string {
	if direct {
		return "direct"
	}
	return "indirect"
}

func (t *quoteTally) merge(o *quoteTally) {
	t.content.merge(o.content)
	t.direct = append(t.direct, o.direct...)
	t.speaker = append(t.speaker, o.speaker...)
	t.sameDirect += o.sameDirect
	t.sameSpeaker += o.sameSpeaker
}

func (t *quoteTally) figures() QuoteFigures {
	return QuoteFigures{Content: t.content.f1(), Direct: KrippendorffAlpha(t.direct), Speaker: KrippendorffAlpha(t.speaker),
		SameDirect: t.sameDirect, SameSpeaker: t.sameSpeaker}
}

// stanceTally accumulates StanceFigures.
type stanceTally struct {
	matched  f1Counts
	polarity [][]string
	same     int
}

func (t *stanceTally) add(a, b annotations.Set, ra, rb resolver) {
	pairs := matchStances(a, b, ra, rb)
	t.matched.merge(f1Counts{matched: len(pairs), a: len(a.Stances), b: len(b.Stances)})
	for _, p := range pairs {
		t.polarity = append(t.polarity, []string{a.Stances[p.A].Polarity, b.Stances[p.B].Polarity})
		if p.SamePolarity {
			t.same++
		}
	}
}

func (t *stanceTally) merge(o *stanceTally) {
	t.matched.merge(o.matched)
	t.polarity = append(t.polarity, o.polarity...)
	t.same += o.same
}

func (t *stanceTally) figures() StanceFigures {
	return StanceFigures{Matched: t.matched.f1(), Polarity: KrippendorffAlpha(t.polarity), SamePolarity: t.same}
}

// pairTally accumulates one pair's figures.
type pairTally struct {
	a, b      string
	articles  int
	tokens    int
	confusion map[[2]int]int // tokens by (A's label, B's label) index
	spans     spanTally
	quotes    quoteTally
	stances   stanceTally
}

func newPairTally(a, b string) *pairTally {
	return &pairTally{a: a, b: b, confusion: map[[2]int]int{}}
}

// merge adds o to t; index maps o's token label indices to t's.
func (t *pairTally) merge(o *pairTally, index []int) {
	t.articles += o.articles
	t.tokens += o.tokens
	for k, n := range o.confusion {
		t.confusion[[2]int{index[k[0]], index[k[1]]}] += n
	}
	t.spans.merge(&o.spans, true)
	t.quotes.merge(&o.quotes)
	t.stances.merge(&o.stances)
}

// groupTally accumulates the figures of a group of annotators.
type groupTally struct {
	articles   int
	annotators map[string]bool
	tokens     int
	fleiss     fleissTally
	alpha      alphaTally
	spans      spanTally
	quotes     quoteTally
	stances    stanceTally
}

// newGroupTally returns a tally whose Fleiss' κ counts units rated n times.
func newGroupTally(n int) *groupTally {
	g := &groupTally{annotators: map[string]bool{}}
	g.fleiss.n = n
	return g
}

// merge adds an article's tally; its tokens and continuum count toward
// Fleiss' κ and α_U only when full (marked done by the most annotators).
// index maps o's token label indices to g's.
func (g *groupTally) merge(o *groupTally, full bool, index []int) {
	g.articles += o.articles
	for a := range o.annotators {
		g.annotators[a] = true
	}
	g.tokens += o.tokens
	if full {
		g.fleiss.units += o.fleiss.units
		g.fleiss.agree += o.fleiss.agree
		for j, c := range o.fleiss.totals {
			j = index[j]
			for len(g.fleiss.totals) <= j {
				g.fleiss.totals = append(g.fleiss.totals, 0)
			}
			g.fleiss.totals[j] += c
		}
	} else {
		g.fleiss.dropped += o.fleiss.units
	}
	g.fleiss.dropped += o.fleiss.dropped
	g.alpha.merge(o.alpha, index)
	g.spans.merge(&o.spans, full)
	g.quotes.merge(&o.quotes)
	g.stances.merge(&o.stances)
}

// article tallies one article: its group's figures and each pair's.
func (b *builder) article(a ArticleSets) (*groupTally, []*pairTally) {
	sets := slices.Clone(a.Sets)
	slices.SortFunc(sets, func(x, y annotations.Set) int { return cmp.Compare(x.Annotator, y.Annotator) })
	m := len(sets)
	text := []rune(a.Article.Text)
	g := newGroupTally(m)
	g.articles = 1
	for _, s := range sets {
		g.annotators[s.Annotator] = true
	}

	// Tokens.
	tokens := Tokens(text, sets)
	labels := TokenLabels(text, tokens, sets)
	idx := make([][]int, m)
	for i := range sets {
		idx[i] = make([]int, len(tokens))
		for t, l := range labels[i] {
			idx[i][t] = b.label(l)
		}
	}
	g.tokens = len(tokens)
	counts := make([]int, len(b.labels))
	for t := range tokens {
		for i := range m {
			counts[idx[i][t]]++
		}
		g.fleiss.add(counts)
		g.alpha.addCounts(counts, m)
		for i := range m {
			counts[idx[i][t]] = 0
		}
	}

	// Spans: the group's continuum, and each pair's.
	segs := make([][]Segment, m)
	resolvers := make([]resolver, m)
	for i, s := range sets {
		segs[i] = Segments(s)
		resolvers[i] = newResolver(s)
	}
	g.spans.unitizing.add(Continuum{Length: len(text), Coders: segs})

	var pairs []*pairTally
	for i := range m {
		for j := i + 1; j < m; j++ {
			p := newPairTally(sets[i].Annotator, sets[j].Annotator)
			p.articles = 1
			p.tokens = len(tokens)
			for t := range tokens {
				p.confusion[[2]int{idx[i][t], idx[j][t]}]++
			}
			p.spans.addF1(segs[i], segs[j])
			p.spans.unitizing.add(Continuum{Length: len(text), Coders: [][]Segment{segs[i], segs[j]}})
			p.quotes.add(a.Article.ID, sets[i], sets[j], resolvers[i], resolvers[j])
			p.stances.add(sets[i], sets[j], resolvers[i], resolvers[j])
			g.spans.mergeF1(&p.spans)
			g.quotes.merge(&p.quotes)
			g.stances.merge(&p.stances)
			pairs = append(pairs, p)
		}
	}
	return g, pairs
}

// summary returns a group's figures.
func (b *builder) summary(g *groupTally) Summary {
	s := Summary{
		Articles:      g.articles,
		Tokens:        g.tokens,
		SpanF1Exact:   g.spans.exact.f1(),
		SpanF1Overlap: g.spans.overlap.f1(),
		FleissKappa:   g.fleiss.kappa(),
		Alpha:         g.alpha.alpha(),
		AlphaU:        g.spans.unitizing.joint(),
		Quotes:        g.quotes.figures(),
		Stances:       g.stances.figures(),
	}
	s.AlphaU.Dropped = g.spans.dropped
	for a := range g.annotators {
		s.Annotators = append(s.Annotators, a)
	}
	slices.Sort(s.Annotators)
	return s
}

// labelFigures returns the figures of each label a span tally holds.
func (b *builder) labelFigures(t *spanTally) []LabelFigures {
	set := map[string]bool{}
	for l := range t.labelExact {
		set[l] = true
	}
	for l := range t.unitizing.labels {
		set[l] = true
	}
	var out []LabelFigures
	for _, l := range sortedKeys(set) {
		f := LabelFigures{Label: l, SpanF1Exact: t.labelExact[l].f1(), SpanF1Overlap: t.labelOverlap[l].f1(), AlphaU: t.unitizing.alpha(l)}
		f.AlphaU.Dropped = t.dropped
		out = append(out, f)
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// pairFigures returns a pair's figures.
func (b *builder) pairFigures(p *pairTally) PairFigures {
	var c Confusion
	for k, n := range p.confusion {
		c.add(b.labels[k[0]], b.labels[k[1]], n)
	}
	f := PairFigures{
		A: p.a, B: p.b, Articles: p.articles, Tokens: p.tokens,
		CohensKappa:   c.kappa(),
		SpanF1Exact:   p.spans.exact.f1(),
		SpanF1Overlap: p.spans.overlap.f1(),
		AlphaU:        p.spans.unitizing.joint(),
		Quotes:        p.quotes.figures(),
		Stances:       p.stances.figures(),
		Labels:        b.labelFigures(&p.spans),
		Confusion:     c,
	}
	return f
}
