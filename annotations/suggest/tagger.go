package suggest

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/formats"
)

// SourceTagger is a mention proposed by the learned tagger (Tagger).
const SourceTagger = annotations.SourceTagger

// DefaultEpochs is the number of passes over the examples Train makes in
// the replay (the package doc): fewer find fewer names, more take longer
// and gain nothing there. The device (wasm/learn) and the server train
// with it and DefaultSeed, so the same examples make the same tagger
// wherever they are learnt.
const DefaultEpochs = 12

// DefaultSeed is the seed of the training's shuffles on the device and
// the server.
const DefaultSeed = 42

// Example is one article the tagger learns from: its text and its entity
// mentions (an annotator's done set, or the gold set).
type Example struct {
	Text     []rune
	Mentions []annotations.Entity
}

// Tagger is an averaged structured perceptron over BIO tags of the tokens
// the CoNLL export cuts (formats.Tokens), decoded with Viterbi (an I- tag
// only after the B- or I- of its label). Its features are hashed into
// 2^featureBits buckets and only the weights training touched are kept,
// so its size grows with what it learnt, not with the vocabulary.
// Training is deterministic for the same examples and seed.
//
// Weights must not change once Suggest has been called: it keeps them in
// another form.
type Tagger struct {
	// Tags are "O" then B- and I- of each label, in the order learnt.
	Tags []string `json:"tags"`
	// Weights maps a feature bucket times len(Tags) plus a tag to its
	// averaged weight.
	Weights map[uint32]float32 `json:"weights"`

	rows atomic.Pointer[rowWeights] // Weights by bucket, for Suggest
}

// featureBits is the size of the feature hash space: 2^20 buckets.
const featureBits = 20

// Train returns a tagger trained for epochs passes over examples, shuffled
// by seed. Mentions that overlap an earlier one (nested mentions, which
// BIO cannot hold) are left out, the longer kept.
func Train(examples []Example, epochs int, seed uint64) *Tagger {
	return TrainFrom(nil, examples, epochs, seed)
}

// TrainFrom goes on training base (the team's tagger, say) on examples
// (the device's own), for epochs passes shuffled by seed: it starts from
// base's weights, keeps its tags in their order and adds those of new
// labels, and corrects base where it errs on examples. Then, so that what
// base knew and examples do not show is not lost, the weights of base's
// tags are the mean of base's and of those the training reached (the
// device's examples count as much as all base learnt); a new label's are
// the training's. base is not changed; nil starts from nothing (Train).
// Deterministic for the same base, examples and seed.
func TrainFrom(base *Tagger, examples []Example, epochs int, seed uint64) *Tagger {
	tg := &Tagger{Tags: []string{"O"}}
	if base != nil && len(base.Tags) > 0 {
		tg.Tags = slices.Clone(base.Tags)
	}
	// The gazetteer of the training: the strings the examples tagged.
	// Each example sees those of the others only, as the annotator's
	// gazetteer holds the articles done before, not the one open.
	g := Gazetteer{}
	for _, ex := range examples {
		g.AddMentions(ex.Mentions)
	}
	gi := newGazIndex(g)
	seqs := make([]*sequence, len(examples))
	for i, ex := range examples {
		own := Gazetteer{}
		own.AddMentions(ex.Mentions)
		toks := formats.Tokens(ex.Text)
		seqs[i] = newSequence(ex.Text, toks, gi, own)
		seqs[i].gold = tg.goldTags(toks, ex.Mentions)
	}
	tr := newTrainer(tg.Tags)
	if base != nil {
		tr.start(base)
	}
	for _, s := range seqs {
		tr.prepare(s)
	}
	tr.alloc()
	rng := rand.New(rand.NewPCG(seed, 15))
	order := make([]int, len(seqs))
	for i := range order {
		order[i] = i
	}
	lat := newLattice(tg.Tags)
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			s := seqs[k]
			// Half the passes over a sequence go without the gazetteer,
			// so that names outside it are learnt from their contexts.
			useGaz := rng.IntN(2) == 0
			tr.score(s, useGaz, lat)
			path := lat.viterbi()
			tr.learn(s, useGaz, path)
			tr.c++
		}
	}
	tg.Weights = tr.average()
	return tg
}

// goldTags returns the BIO tag index of each token, adding the labels'
// tags to tg as they come.
func (tg *Tagger) goldTags(toks [][2]int, mentions []annotations.Entity) []int {
	ms := slices.Clone(mentions)
	sort.SliceStable(ms, func(i, j int) bool {
		return ms[i].Start < ms[j].Start || ms[i].Start == ms[j].Start && ms[i].End > ms[j].End
	})
	gold := make([]int, len(toks))
	end := -1
	for _, m := range ms {
		if m.Start < end {
			continue // nested in, or overlapping, one kept
		}
		end = m.End
		b, in := tg.tag("B-"+m.Label), tg.tag("I-"+m.Label)
		first := true
		for i, t := range toks {
			if t[0] >= m.Start && t[1] <= m.End {
				gold[i] = in
				if first {
					gold[i], first = b, false
				}
			}
		}
	}
	return gold
}

// tag returns the index of tag name, adding it.
func (tg *Tagger) tag(name string) int {
	if i := slices.Index(tg.Tags, name); i >= 0 {
		return i
	}
	tg.Tags = append(tg.Tags, name)
	return len(tg.Tags) - 1
}

// Suggest returns the mentions the tagger finds in text that overlap none
// of mentions, with a confidence: how far the best tagging is above the
// best one that tags a token of the mention, or the token after it,
// otherwise (its max-marginal margin), through a logistic. g is the
// project's gazetteer (nil: none), a feature of the tokens its strings
// cover.
func (tg *Tagger) Suggest(text []rune, g Gazetteer, mentions []annotations.Entity, rejected map[string]bool) []Suggestion {
	if len(tg.Tags) == 0 {
		return nil
	}
	toks := formats.Tokens(text)
	if len(toks) == 0 {
		return nil
	}
	seq := newSequence(text, toks, newGazIndex(g), nil)
	rw := tg.rowWeights()
	n := len(tg.Tags)
	lat := newLattice(tg.Tags)
	lat.reset(seq, len(seq.keys))
	add := func(to []float64, f uint32) {
		if r, ok := rw.index[f]; ok {
			for t, w := range rw.w[int(r)*n : int(r+1)*n] {
				to[t] += float64(w)
			}
		}
	}
	for i := range toks {
		e := lat.emit[i*n : (i+1)*n]
		for _, f := range seq.feats[seq.off[i]:seq.off[i+1]] {
			add(e, f)
		}
		for _, f := range seq.gaz[seq.goff[i]:seq.goff[i+1]] {
			add(e, f)
		}
	}
	clear(lat.mats)
	for k, key := range seq.keys {
		for p := range n {
			m := lat.mats[(k*n+p)*n : (k*n+p+1)*n]
			add(m, prevTagFeature(tg.Tags, p))
			add(m, prevTagKeyFeature(tg.Tags, p, key))
			add(m, prevKindKeyFeature(tg.Tags, p, key))
		}
	}
	lat.noStart(seq)
	path := lat.viterbi()
	margins := lat.maxMarginalMargins(path)
	taken := newSpans(mentions)
	var out []Suggestion
	for i := 0; i < len(path); {
		name := tg.Tags[path[i]]
		if !strings.HasPrefix(name, "B-") {
			i++
			continue
		}
		j := i + 1
		for j < len(path) && tg.Tags[path[j]] == "I-"+name[2:] {
			j++
		}
		m := math.Inf(1)
		for k := i; k < j; k++ {
			m = min(m, margins[k])
		}
		if j < len(path) {
			m = min(m, lat.marginAgainst(j, path[j], tg.tag2("I-"+name[2:])))
		}
		s := Suggestion{Start: toks[i][0], End: toks[j-1][1], Label: name[2:], Source: SourceTagger, Confidence: confidence(m)}
		if !taken.Overlaps(s.Start, s.End) && !rejected[s.Key()] {
			out = append(out, s)
		}
		i = j
	}
	unify(text, out)
	return out
}

// unify gives every suggestion of the same string the label its
// suggestions have with the most confidence in all (one sense per
// article), and as confidence the most of that label's times its share of
// the confidence of all.
func unify(text []rune, out []Suggestion) {
	type sum struct {
		by, most map[string]float64
		all      float64
	}
	sums := map[string]*sum{}
	for _, s := range out {
		k := string(text[s.Start:s.End])
		if sums[k] == nil {
			sums[k] = &sum{by: map[string]float64{}, most: map[string]float64{}}
		}
		sm := sums[k]
		sm.by[s.Label] += s.Confidence
		sm.most[s.Label] = max(sm.most[s.Label], s.Confidence)
		sm.all += s.Confidence
	}
	for i, s := range out {
		sm := sums[string(text[s.Start:s.End])]
		best := ""
		for l, c := range sm.by {
			if best == "" || c > sm.by[best] || c == sm.by[best] && l < best {
				best = l
			}
		}
		out[i].Label, out[i].Confidence = best, sm.most[best]*sm.by[best]/sm.all
	}
}

// confidenceMid and confidenceScale turn a max-marginal margin into a
// confidence: 1/(1+exp(-(margin-confidenceMid)/confidenceScale)). The
// margins are in the perceptron's units, which the number of articles
// barely changes; on the replay (the package doc) a margin of 14, the
// confidence 0.5 of api.DefaultSuggestThreshold, is where showing fewer
// suggestions would lose more right ones than wrong ones.
const (
	confidenceMid   = 14.0
	confidenceScale = 8.0
)

// confidence returns the confidence of a margin, in (0, 1].
func confidence(margin float64) float64 {
	c := 1 / (1 + math.Exp(-(margin-confidenceMid)/confidenceScale))
	return max(c, 0.001) // in (0, 1]
}

// tag2 returns the index of tag name, -1 when there is none.
func (tg *Tagger) tag2(name string) int { return slices.Index(tg.Tags, name) }

// rowWeights are a tagger's weights by feature bucket: index maps a bucket
// to its row, w holds a row of len(Tags) weights for each.
type rowWeights struct {
	index map[uint32]int32
	w     []float32
}

// rowWeights returns tg's weights by bucket, made on the first call.
func (tg *Tagger) rowWeights() *rowWeights {
	if rw := tg.rows.Load(); rw != nil {
		return rw
	}
	n := uint32(len(tg.Tags))
	keys := make([]uint32, 0, len(tg.Weights))
	for k := range tg.Weights {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	rw := &rowWeights{index: map[uint32]int32{}}
	for _, k := range keys {
		f := k / n
		r, ok := rw.index[f]
		if !ok {
			r = int32(len(rw.index))
			rw.index[f] = r
			rw.w = append(rw.w, make([]float32, n)...)
		}
		rw.w[uint32(r)*n+k%n] = tg.Weights[k]
	}
	tg.rows.Store(rw)
	return rw
}

// lattice holds the scores of a sequence's taggings: emit[i*n+t] of tag t
// at token i, and those of tag t after tag p at token i, which depend on
// the token's key only: mats[key[i]*n*n+p*n+t]. The taggings that break
// the rules (an I- tag only after the B- or I- of its label, no mention
// across a line break, none ending on a connector or punctuation, none
// starting on punctuation) are left out.
type lattice struct {
	n int
	// kind is 'O', 'B' or 'I' for each tag, label its label's index.
	kind  []byte
	label []int
	// first says which tags a sequence may start with; from[v][t] lists
	// the tags t may follow and to[v][p] those that may follow p, where v
	// says whether a line break stands before the token (1) and whether
	// the token before is weak (2).
	first    []bool
	from, to [4][][]int
	emit     []float64
	mats     []float64
	key      []int32
	variant  []uint8
	alpha    []float64
	beta     []float64
	back     []int32
	length   int
	// backwardDone says beta is filled.
	backwardDone bool
}

func newLattice(tags []string) *lattice {
	n := len(tags)
	l := &lattice{n: n, kind: make([]byte, n), label: make([]int, n), first: make([]bool, n)}
	labels := map[string]int{}
	for t, name := range tags {
		l.kind[t] = 'O'
		if len(name) > 2 && name[1] == '-' {
			l.kind[t] = name[0]
			if _, ok := labels[name[2:]]; !ok {
				labels[name[2:]] = len(labels)
			}
			l.label[t] = labels[name[2:]]
		}
	}
	for t := range n {
		l.first[t] = l.kind[t] != 'I'
	}
	for v := range 4 {
		l.from[v], l.to[v] = make([][]int, n), make([][]int, n)
		for p := range n {
			for t := range n {
				in := l.kind[t] == 'I'
				continues := in && l.kind[p] != 'O' && l.label[t] == l.label[p]
				if in && !continues || v&1 != 0 && in || v&2 != 0 && l.kind[p] != 'O' && !continues {
					continue
				}
				l.from[v][t] = append(l.from[v][t], p)
				l.to[v][p] = append(l.to[v][p], t)
			}
		}
	}
	return l
}

// reset readies the lattice for s, with keys matrices: emit cleared, mats
// to fill.
func (l *lattice) reset(s *sequence, keys int) {
	n, T := l.n, s.len()
	l.length = T
	l.emit = resize(l.emit, T*n)
	clear(l.emit)
	l.mats = resize(l.mats, keys*n*n)
	l.alpha = resize(l.alpha, T*n)
	l.back = resize(l.back, T*n)
	l.key = s.keyIdx
	l.variant = resize(l.variant, T)
	for i := range T {
		v := uint8(0)
		if s.lineBefore[i] {
			v |= 1
		}
		if i > 0 && s.weak[i-1] {
			v |= 2
		}
		l.variant[i] = v
	}
	l.backwardDone = false
}

func resize[E any](s []E, size int) []E {
	if cap(s) < size {
		return make([]E, size)
	}
	return s[:size]
}

// noStart rules out a mention starting on punctuation.
func (l *lattice) noStart(s *sequence) {
	n := l.n
	for i := range l.length {
		if s.punct[i] {
			for t := range n {
				if l.kind[t] == 'B' {
					l.emit[i*n+t] = math.Inf(-1)
				}
			}
		}
	}
}

// viterbi returns the best tagging.
func (l *lattice) viterbi() []int {
	n, T := l.n, l.length
	if T == 0 {
		return nil
	}
	for t := range n {
		l.alpha[t] = math.Inf(-1)
		if l.first[t] {
			l.alpha[t] = l.emit[t]
		}
	}
	for i := 1; i < T; i++ {
		prev := l.alpha[(i-1)*n : i*n]
		m := l.mats[int(l.key[i])*n*n : int(l.key[i]+1)*n*n]
		from := l.from[l.variant[i]]
		for t := range n {
			best, arg := math.Inf(-1), 0
			for _, p := range from[t] {
				if s := prev[p] + m[p*n+t]; s > best {
					best, arg = s, p
				}
			}
			l.alpha[i*n+t] = best + l.emit[i*n+t]
			l.back[i*n+t] = int32(arg)
		}
	}
	path := make([]int, T)
	best := 0
	for t := range n {
		if l.alpha[(T-1)*n+t] > l.alpha[(T-1)*n+best] {
			best = t
		}
	}
	path[T-1] = best
	for i := T - 1; i > 0; i-- {
		path[i-1] = int(l.back[i*n+path[i]])
	}
	return path
}

// backward fills beta: the best score of the tokens after i given tag t at
// i. viterbi must have run (alpha).
func (l *lattice) backward() {
	if l.backwardDone {
		return
	}
	n, T := l.n, l.length
	l.beta = resize(l.beta, T*n)
	for t := range n {
		l.beta[(T-1)*n+t] = 0
	}
	for i := T - 2; i >= 0; i-- {
		m := l.mats[int(l.key[i+1])*n*n : int(l.key[i+1]+1)*n*n]
		to := l.to[l.variant[i+1]]
		for p := range n {
			best := math.Inf(-1)
			for _, t := range to[p] {
				if s := m[p*n+t] + l.emit[(i+1)*n+t] + l.beta[(i+1)*n+t]; s > best {
					best = s
				}
			}
			l.beta[i*n+p] = best
		}
	}
	l.backwardDone = true
}

// maxMarginalMargins returns, for each token, how far the best tagging
// (path) is above the best one with another tag at that token.
func (l *lattice) maxMarginalMargins(path []int) []float64 {
	l.backward()
	n := l.n
	out := make([]float64, len(path))
	for i, best := range path {
		other := math.Inf(-1)
		for t := range n {
			if t != best {
				other = max(other, l.alpha[i*n+t]+l.beta[i*n+t])
			}
		}
		out[i] = l.alpha[i*n+best] + l.beta[i*n+best] - other
	}
	return out
}

// marginAgainst returns how far the best tagging with tag best at token i
// is above the best with tag other there (+Inf when other is -1 or not
// possible).
func (l *lattice) marginAgainst(i, best, other int) float64 {
	if other < 0 {
		return math.Inf(1)
	}
	l.backward()
	n := l.n
	return l.alpha[i*n+best] + l.beta[i*n+best] - (l.alpha[i*n+other] + l.beta[i*n+other])
}

// sequence is an example's tokens as the tagger sees them: the features
// of each token that do not depend on the tags (those of token i are
// feats[off[i]:off[i+1]]), those of the gazetteer (gaz[goff[i]:goff[i+1]]),
// what the previous tag goes with (keys) and, when training, the gold
// tags.
type sequence struct {
	feats, gaz []uint32
	off, goff  []int32
	// keys are what the previous tag's feature goes with: a token's
	// shape, or "=" and the token when it is a connector ("and" after
	// I-ORG is often inside the name, after B-LOC between two); keyIdx
	// is each token's.
	keys   []string
	keyIdx []int32
	// lineBefore is whether a line break stands before each token,
	// punct whether it is punctuation, weak whether it is punctuation or
	// a connector: a mention does not end with a weak token nor start
	// with punctuation.
	lineBefore, weak, punct []bool
	gold                    []int
	// rows and gazRows are the trainer's rows of feats and gaz,
	// prevRows those of the previous tag's feature (n a key, one for
	// each previous tag).
	rows, gazRows, prevRows, kindRows []int32
}

func (s *sequence) len() int { return len(s.off) - 1 }

// connectors may stand inside a name between capitalized words ("Bank of
// England", "Law and Justice").
var connectors = map[string]bool{
	"of": true, "and": true, "for": true, "the": true, "&": true, "de": true, "du": true, "des": true,
	"la": true, "le": true, "di": true, "da": true, "do": true, "dos": true, "van": true, "von": true,
	"der": true, "y": true, "al": true, "bin": true,
}

// newSequence computes the features of text's tokens toks; gi is the
// gazetteer's index, own (when training) the example's own mentions,
// left out of it.
func newSequence(text []rune, toks [][2]int, gi *gazIndex, own Gazetteer) *sequence {
	T := len(toks)
	words := tokenWords(text, toks)
	lower := make([]string, T)
	shapes := make([]string, T)
	capital := make([]bool, T)
	shapeOf := map[string]string{}
	for i, w := range words {
		lower[i] = strings.ToLower(w)
		sh, ok := shapeOf[w]
		if !ok {
			sh = shape(w)
			shapeOf[w] = sh
		}
		shapes[i] = sh
		c, _ := utf8.DecodeRuneInString(w)
		capital[i] = unicode.IsUpper(c) || unicode.IsTitle(c)
	}
	s := &sequence{
		off: make([]int32, 1, T+1), goff: make([]int32, 1, T+1), keyIdx: make([]int32, T),
		lineBefore: make([]bool, T), weak: make([]bool, T), punct: make([]bool, T),
		feats: make([]uint32, 0, 32*T),
	}
	// Words that the text has in lower case: a capital elsewhere is more
	// likely the sentence's than a name's.
	lowerSeen := map[string]bool{}
	keyOf := map[string]int32{}
	for i, w := range words {
		if w == lower[i] {
			lowerSeen[w] = true
		}
		s.lineBefore[i] = i > 0 && slices.Contains(text[toks[i-1][1]:toks[i][0]], '\n')
		s.punct[i] = !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) })
		s.weak[i] = s.punct[i] || connectors[w]
		key := shapes[i]
		if connectors[w] {
			key = "=" + w
		}
		k, ok := keyOf[key]
		if !ok {
			k = int32(len(s.keys))
			keyOf[key] = k
			s.keys = append(s.keys, key)
		}
		s.keyIdx[i] = k
	}
	// Runs of capitalized words, connectors between them: each token of
	// one has features of the run (its first and last words, its length,
	// the words around it, where the token stands in it).
	runOf := make([][2]int, T) // [start, end) of the run a token is in; end 0: none
	for i := 0; i < T; {
		if !capital[i] {
			i++
			continue
		}
		j := i + 1
		for j < T && (capital[j] || connectors[words[j]] && j+1 < T && capital[j+1]) {
			if capital[j] {
				j++
			} else {
				j += 2
			}
		}
		for k := i; k < j; k++ {
			runOf[k] = [2]int{i, j}
		}
		i = j
	}
	// The words before and after the other occurrences of a capitalized
	// word (up to 8 of each), so that what one occurrence's context says
	// of a name helps the others.
	prevOf, nextOf := map[string][]string{}, map[string][]string{}
	at := func(k int) string {
		if k < 0 || k >= T {
			return "<edge>"
		}
		return lower[k]
	}
	shapeAt := func(k int) string {
		if k < 0 || k >= T {
			return "<edge>"
		}
		return shapes[k]
	}
	for i, w := range words {
		if !capital[i] {
			continue
		}
		if p := at(i - 1); len(prevOf[w]) < 8 && !slices.Contains(prevOf[w], p) {
			prevOf[w] = append(prevOf[w], p)
		}
		if x := at(i + 1); len(nextOf[w]) < 8 && !slices.Contains(nextOf[w], x) {
			nextOf[w] = append(nextOf[w], x)
		}
	}
	for i, w := range words {
		l := lower[i]
		p1, p2, p3 := prefixEnd(l, 1), prefixEnd(l, 2), prefixEnd(l, 3)
		s1, s2, s3 := suffixStart(l, 1), suffixStart(l, 2), suffixStart(l, 3)
		s.feats = append(s.feats,
			hash(fBias, "", "", ""),
			hash(fWord, w, "", ""),
			hash(fLower, l, "", ""),
			hash(fShape, shapes[i], "", ""),
			hash(fPrefix1, l[:p1], "", ""),
			hash(fPrefix2, l[:p2], "", ""),
			hash(fPrefix3, l[:p3], "", ""),
			hash(fSuffix1, l[s1:], "", ""),
			hash(fSuffix2, l[s2:], "", ""),
			hash(fSuffix3, l[s3:], "", ""),
			hash(fPrev, at(i-1), "", ""),
			hash(fNext, at(i+1), "", ""),
			hash(fPrev2, at(i-2), "", ""),
			hash(fNext2, at(i+2), "", ""),
			hash(fPrevShape, shapeAt(i-1), shapes[i], ""),
			hash(fNextShape, shapes[i], shapeAt(i+1), ""),
			hash(fShapePrev, shapeAt(i-1), "", ""),
			hash(fShapeNext, shapeAt(i+1), "", ""),
			hash(fPrevWord, at(i-1), l, ""),
			hash(fWordNext, l, at(i+1), ""),
			hash(fShapes, shapeAt(i-1), shapes[i], shapeAt(i+1)),
		)
		if i == 0 || isSentenceEnd(words[i-1]) || s.lineBefore[i] {
			s.feats = append(s.feats, hash(fStart, "", "", ""), hash(fStartShape, shapes[i], "", ""))
		}
		if capital[i] && lowerSeen[l] {
			s.feats = append(s.feats, hash(fLowerSeen, shapes[i], "", ""))
		}
		if r := runOf[i]; r[1] > 0 {
			a, b := r[0], r[1]
			pos := "in"
			switch {
			case b-a == 1:
				pos = "only"
			case i == a:
				pos = "first"
			case i == b-1:
				pos = "last"
			}
			s.feats = append(s.feats,
				hash(fRunLast, lower[b-1], "", ""),
				hash(fRunFirst, lower[a], "", ""),
				hash(fRunLen, strconv.Itoa(min(b-a, 4)), "", ""),
				hash(fRunBefore, at(a-1), "", ""),
				hash(fRunAfter, at(b), "", ""),
				hash(fRunPos, pos, "", ""),
				hash(fRunPosLast, pos, lower[b-1], ""),
			)
		}
		if len(prevOf[w]) > 1 || len(nextOf[w]) > 1 { // not one occurrence, nor always the same contexts
			for _, p := range prevOf[w] {
				s.feats = append(s.feats, hash(fDocPrev, p, "", ""))
			}
			for _, x := range nextOf[w] {
				s.feats = append(s.feats, hash(fDocNext, x, "", ""))
			}
		}
		s.off = append(s.off, int32(len(s.feats)))
	}
	// The gazetteer: the label of the string a token is part of, those
	// of the strings that have the word, and those of the strings that
	// have the first and the last word of its run.
	gt := gi.tags(words, own)
	for i, tag := range gt {
		if tag.label != "" {
			s.gaz = append(s.gaz, hash(fGaz, tag.label, "", ""))
		}
		for _, l := range tag.wordLabels {
			s.gaz = append(s.gaz, hash(fGazWord, l, "", ""))
		}
		if r := runOf[i]; r[1] > 0 {
			for _, l := range gt[r[1]-1].wordLabels {
				s.gaz = append(s.gaz, hash(fRunLastGaz, l, "", ""))
			}
			for _, l := range gt[r[0]].wordLabels {
				s.gaz = append(s.gaz, hash(fRunFirstGaz, l, "", ""))
			}
		}
		s.goff = append(s.goff, int32(len(s.gaz)))
	}
	return s
}

// prefixEnd returns the byte length of the first k code points of s (all
// of s when shorter), suffixStart where its last k start.
func prefixEnd(s string, k int) int {
	for i := range s {
		if k == 0 {
			return i
		}
		k--
	}
	return len(s)
}

func suffixStart(s string, k int) int {
	i := len(s)
	for ; k > 0 && i > 0; k-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}

// isSentenceEnd reports whether a token ends a sentence.
func isSentenceEnd(w string) bool {
	switch w {
	case ".", "!", "?", "…", ":", "“", "\"":
		return true
	}
	return false
}

// The kinds of features, hashed with their values.
const (
	fBias byte = iota
	fWord
	fLower
	fShape
	fPrefix1
	fPrefix2
	fPrefix3
	fSuffix1
	fSuffix2
	fSuffix3
	fPrev
	fNext
	fPrev2
	fNext2
	fPrevShape
	fNextShape
	fPrevWord
	fWordNext
	fShapes
	fStart
	fStartShape
	fLowerSeen
	fGaz
	fGazWord
	fPrevTag
	fPrevTagKey
	fPrevKindKey
	fRunLast
	fRunFirst
	fRunLen
	fRunBefore
	fRunAfter
	fRunPos
	fRunPosLast
	fDocPrev
	fDocNext
	fRunLastGaz
	fRunFirstGaz
	fShapePrev
	fShapeNext
)

// hash returns the bucket of a feature: FNV-1a of its kind and its
// values (up to three, a separator between them).
func hash(kind byte, a, b, c string) uint32 {
	h := (2166136261 ^ uint32(kind)) * 16777619
	for i := 0; i < len(a); i++ {
		h = (h ^ uint32(a[i])) * 16777619
	}
	if b != "" || c != "" {
		h = (h ^ 0xff) * 16777619
		for i := 0; i < len(b); i++ {
			h = (h ^ uint32(b[i])) * 16777619
		}
	}
	if c != "" {
		h = (h ^ 0xff) * 16777619
		for i := 0; i < len(c); i++ {
			h = (h ^ uint32(c[i])) * 16777619
		}
	}
	return h & (1<<featureBits - 1)
}

// prevTagFeature is the feature of the previous tag p, prevTagKeyFeature
// that of p and the token's key (sequence.keys).
func prevTagFeature(tags []string, p int) uint32 { return hash(fPrevTag, tags[p], "", "") }

func prevTagKeyFeature(tags []string, p int, key string) uint32 {
	return hash(fPrevTagKey, tags[p], key, "")
}

// prevKindKeyFeature is the feature of the previous tag's kind (O, B or I,
// whatever its label) and the token's key: what ends a mention, or goes on
// with one, is much the same for every label.
func prevKindKeyFeature(tags []string, p int, key string) uint32 {
	return hash(fPrevKindKey, tags[p][:1], key, "")
}

// trainer holds the perceptron's weights as it learns, by row (a
// feature's bucket) of n weights: w, and u the sum of each update times
// the count c of sequences seen when it was made, so that the average is
// w - u/c.
type trainer struct {
	tags []string
	n    int
	c    float64
	// index maps a bucket to its row plus one (0: none yet), buckets the
	// rows' buckets.
	index   []int32
	buckets []uint32
	w       []float32
	u       []float64
	// w0 are the base's weights and baseTags its number of tags, when
	// training goes on from a tagger.
	w0       []float32
	baseTags int
	// transRows[p] is the row of the previous tag p's feature.
	transRows []int32
}

func newTrainer(tags []string) *trainer {
	tr := &trainer{tags: tags, n: len(tags), c: 1, index: make([]int32, 1<<featureBits)}
	for p := range tr.n {
		tr.transRows = append(tr.transRows, tr.row(prevTagFeature(tags, p)))
	}
	return tr
}

// row returns the row of bucket f, adding it.
func (tr *trainer) row(f uint32) int32 {
	if r := tr.index[f]; r > 0 {
		return r - 1
	}
	r := int32(len(tr.buckets))
	tr.index[f] = r + 1
	tr.buckets = append(tr.buckets, f)
	return r
}

// alloc makes room for the weights of every row.
func (tr *trainer) alloc() {
	size := len(tr.buckets) * tr.n
	tr.w = append(tr.w, make([]float32, size-len(tr.w))...)
	if tr.w0 != nil {
		tr.w0 = append(tr.w0, make([]float32, size-len(tr.w0))...)
	}
	tr.u = append(tr.u, make([]float64, size-len(tr.u))...)
}

// start sets the weights to base's: its tags are the first of tr's, in
// the same order.
func (tr *trainer) start(base *Tagger) {
	bn := uint32(len(base.Tags))
	keys := make([]uint32, 0, len(base.Weights))
	for k := range base.Weights {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		r := tr.row(k / bn)
		tr.alloc()
		tr.w[int(r)*tr.n+int(k%bn)] = base.Weights[k]
	}
	tr.w0, tr.baseTags = slices.Clone(tr.w), len(base.Tags)
}

// prepare looks up the rows of s's features.
func (tr *trainer) prepare(s *sequence) {
	s.rows = make([]int32, len(s.feats))
	for k, f := range s.feats {
		s.rows[k] = tr.row(f)
	}
	s.gazRows = make([]int32, len(s.gaz))
	for k, f := range s.gaz {
		s.gazRows[k] = tr.row(f)
	}
	s.prevRows = make([]int32, len(s.keys)*tr.n)
	s.kindRows = make([]int32, len(s.keys)*tr.n)
	for k, key := range s.keys {
		for p := range tr.n {
			s.prevRows[k*tr.n+p] = tr.row(prevTagKeyFeature(tr.tags, p, key))
			s.kindRows[k*tr.n+p] = tr.row(prevKindKeyFeature(tr.tags, p, key))
		}
	}
}

// score fills the lattice with s's scores under the current weights.
func (tr *trainer) score(s *sequence, useGaz bool, l *lattice) {
	n := tr.n
	l.reset(s, len(s.keys))
	for i := range s.len() {
		e := l.emit[i*n : (i+1)*n]
		for _, r := range s.rows[s.off[i]:s.off[i+1]] {
			for t, w := range tr.w[int(r)*n : int(r+1)*n] {
				e[t] += float64(w)
			}
		}
		if useGaz {
			for _, r := range s.gazRows[s.goff[i]:s.goff[i+1]] {
				for t, w := range tr.w[int(r)*n : int(r+1)*n] {
					e[t] += float64(w)
				}
			}
		}
	}
	for k := range s.keys {
		for p := range n {
			a := tr.w[int(tr.transRows[p])*n : int(tr.transRows[p]+1)*n]
			b := tr.w[int(s.prevRows[k*n+p])*n : int(s.prevRows[k*n+p]+1)*n]
			c := tr.w[int(s.kindRows[k*n+p])*n : int(s.kindRows[k*n+p]+1)*n]
			m := l.mats[(k*n+p)*n : (k*n+p+1)*n]
			for t := range n {
				m[t] = float64(a[t] + b[t] + c[t])
			}
		}
	}
	l.noStart(s)
}

// learn updates the weights towards s's gold tags and away from path.
func (tr *trainer) learn(s *sequence, useGaz bool, path []int) {
	n := tr.n
	upd := func(r int32, t int, d float32) {
		tr.w[int(r)*n+t] += d
		tr.u[int(r)*n+t] += float64(d) * tr.c
	}
	for i, got := range path {
		want := s.gold[i]
		if got != want {
			for _, r := range s.rows[s.off[i]:s.off[i+1]] {
				upd(r, want, 1)
				upd(r, got, -1)
			}
			if useGaz {
				for _, r := range s.gazRows[s.goff[i]:s.goff[i+1]] {
					upd(r, want, 1)
					upd(r, got, -1)
				}
			}
		}
		if i == 0 || got == want && path[i-1] == s.gold[i-1] {
			continue
		}
		wp, gp, k := s.gold[i-1], path[i-1], int(s.keyIdx[i])
		upd(tr.transRows[wp], want, 1)
		upd(s.prevRows[k*n+wp], want, 1)
		upd(s.kindRows[k*n+wp], want, 1)
		upd(tr.transRows[gp], got, -1)
		upd(s.prevRows[k*n+gp], got, -1)
		upd(s.kindRows[k*n+gp], got, -1)
	}
}

// average returns the averaged weights, keyed by bucket times n plus tag,
// those that average to zero left out.
func (tr *trainer) average() map[uint32]float32 {
	out := make(map[uint32]float32, len(tr.w)/4)
	n := uint32(tr.n)
	for r, f := range tr.buckets {
		for t := range n {
			k := int(uint32(r)*n + t)
			v := float64(tr.w[k]) - tr.u[k]/tr.c
			if tr.w0 != nil && int(t) < tr.baseTags {
				v = (float64(tr.w0[k]) + v) / 2 // the base's tags: half the base's, half what was learnt from it
			}
			if v := float32(v); v != 0 {
				out[f*n+t] = v
			}
		}
	}
	return out
}

// tokenWords returns the text of each token.
func tokenWords(text []rune, toks [][2]int) []string {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = string(text[t[0]:t[1]])
	}
	return words
}

// gazIndex finds a gazetteer's strings in a text's tokens.
type gazIndex struct {
	g Gazetteer
	// first maps a string's first token to the strings, as tokens,
	// longest first.
	first map[string][]gazEntry
	// words maps each capitalized word of the strings to their labels.
	words map[string]map[string]int
}

type gazEntry struct {
	exact string
	toks  []string
}

func newGazIndex(g Gazetteer) *gazIndex {
	gi := &gazIndex{g: g, first: map[string][]gazEntry{}, words: map[string]map[string]int{}}
	for exact, labels := range g {
		r := []rune(exact)
		toks := tokenWords(r, formats.Tokens(r))
		if len(toks) == 0 {
			continue
		}
		gi.first[toks[0]] = append(gi.first[toks[0]], gazEntry{exact, toks})
		for _, w := range toks {
			if c, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(c) {
				continue
			}
			if gi.words[w] == nil {
				gi.words[w] = map[string]int{}
			}
			for l, k := range labels {
				gi.words[w][l] += k
			}
		}
	}
	for _, es := range gi.first {
		slices.SortFunc(es, func(a, b gazEntry) int {
			if len(a.toks) != len(b.toks) {
				return len(b.toks) - len(a.toks)
			}
			return strings.Compare(a.exact, b.exact)
		})
	}
	return gi
}

// gazTag is what the gazetteer says of a token: "B-" or "I-" and the
// label of the string it is part of (label), and the labels of the
// strings that have the word (wordLabels).
type gazTag struct {
	label      string
	wordLabels []string
}

// tags returns the gazetteer's tags of words, its strings matched longest
// first from the left, whole tokens, case and all; the taggings of own
// (an example's own mentions) are not counted.
func (gi *gazIndex) tags(words []string, own Gazetteer) []gazTag {
	out := make([]gazTag, len(words))
	if len(gi.g) == 0 {
		return out
	}
	best := func(exact string) string {
		label, most := "", 0
		for l, k := range gi.g[exact] {
			k -= own[exact][l]
			if k > most || k == most && k > 0 && l < label {
				label, most = l, k
			}
		}
		return label
	}
	for i := 0; i < len(words); {
		matched := 0
		for _, e := range gi.first[words[i]] {
			if len(e.toks) > len(words)-i || !slices.Equal(e.toks, words[i:i+len(e.toks)]) {
				continue
			}
			label := best(e.exact)
			if label == "" {
				continue
			}
			for k := range e.toks {
				prefix := "I-"
				if k == 0 {
					prefix = "B-"
				}
				out[i+k].label = prefix + label
			}
			matched = len(e.toks)
			break
		}
		i += max(matched, 1)
	}
	ownWords := newGazIndex(own).words
	for i, w := range words {
		for l, k := range gi.words[w] {
			if k > ownWords[w][l] {
				out[i].wordLabels = append(out[i].wordLabels, l)
			}
		}
		slices.Sort(out[i].wordLabels)
	}
	return out
}

// shape returns a word's shape: upper-case letters X, lower x, digits d,
// others as they are, runs of one kind cut to two ("Merkel" Xxx, "UN" XX,
// "2024" dd).
func shape(w string) string {
	var b strings.Builder
	var last rune
	run := 0
	for _, c := range w {
		k := c
		switch {
		case unicode.IsUpper(c):
			k = 'X'
		case unicode.IsLower(c):
			k = 'x'
		case unicode.IsDigit(c):
			k = 'd'
		}
		if k == last {
			run++
		} else {
			run = 1
		}
		last = k
		if run <= 2 {
			b.WriteRune(k)
		}
	}
	return b.String()
}
