package suggest

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/formats"
)

// SourceTagger is a mention proposed by the learned tagger (Tagger).
const SourceTagger Source = "tagger"

// Example is one article the tagger learns from: its text and its entity
// mentions (an annotator's done set, or the gold set).
type Example struct {
	Text     []rune
	Mentions []annotations.Entity
}

// Tagger is an averaged perceptron over BIO tags of the tokens the CoNLL
// export cuts (formats.Tokens), decoded greedily left to right with the
// previous tag as a feature. Its features are hashed into 2^featureBits
// buckets and only the weights training touched are kept, so its size
// grows with what it learnt, not with the vocabulary. Training is
// deterministic for the same examples and seed.
type Tagger struct {
	// Tags are "O" then B- and I- of each label, in the order learnt.
	Tags []string `json:"tags"`
	// Weights maps a feature bucket times len(Tags) plus a tag to its
	// averaged weight.
	Weights map[uint32]float32 `json:"weights"`
}

// featureBits is the size of the feature hash space: 2^20 buckets.
const featureBits = 20

// Train returns a tagger trained for epochs passes over examples, shuffled
// by seed. Mentions that overlap an earlier one (nested mentions, which
// BIO cannot hold) are left out, the longer kept.
func Train(examples []Example, epochs int, seed uint64) *Tagger {
	tg := &Tagger{Tags: []string{"O"}}
	type sequence struct {
		words []string
		gaz   []string
		gold  []int
	}
	// The gazetteer of the training: every string the examples tagged, as
	// Suggest is given the project's.
	g := Gazetteer{}
	for _, ex := range examples {
		g.AddMentions(ex.Mentions)
	}
	var seqs []sequence
	for _, ex := range examples {
		toks := formats.Tokens(ex.Text)
		words := tokenWords(ex.Text, toks)
		seqs = append(seqs, sequence{words, gazetteerTags(ex.Text, toks, g), tg.goldTags(toks, ex.Mentions)})
	}
	tr := trainer{n: len(tg.Tags), w: map[uint32]*averaged{}}
	rng := rand.New(rand.NewPCG(seed, 15))
	longest := 0
	for _, sq := range seqs {
		longest = max(longest, len(sq.words))
	}
	none := make([]string, longest) // no gazetteer tags
	order := make([]int, len(seqs))
	for i := range order {
		order[i] = i
	}
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			s := seqs[k]
			// Every tagged string is in the training's gazetteer: seen
			// on every sequence, its feature would be all the tagger
			// learns of names, and a name outside the gazetteer would
			// be missed. Half the passes over a sequence go without it.
			gaz := s.gaz
			if rng.IntN(2) == 0 {
				gaz = none[:len(s.words)]
			}
			prev := 0
			for i := range s.words {
				feats := features(s.words, gaz, i, tg.Tags[prev])
				guess := tr.best(feats)
				if guess != s.gold[i] {
					tr.update(feats, s.gold[i], guess)
				}
				tr.step++
				prev = s.gold[i] // learn from the gold history
			}
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
// of mentions, with a confidence: the logistic of the margin between the
// best tag's score and the next one's, averaged over the mention's tokens.
// g is the project's gazetteer (nil: none), a feature of the tokens its
// strings cover.
func (tg *Tagger) Suggest(text []rune, g Gazetteer, mentions []annotations.Entity, rejected map[string]bool) []Suggestion {
	toks := formats.Tokens(text)
	words := tokenWords(text, toks)
	gaz := gazetteerTags(text, toks, g)
	taken := newSpans(mentions)
	var out []Suggestion
	var cur *Suggestion
	var margins float64
	var count int
	flush := func() {
		if cur != nil {
			cur.Confidence = margins / float64(count)
			if !taken.overlaps(cur.Start, cur.End) && !rejected[cur.Key()] {
				out = append(out, *cur)
			}
		}
		cur, margins, count = nil, 0, 0
	}
	prev := 0
	for i := range words {
		best, margin := tg.decode(features(words, gaz, i, tg.Tags[prev]))
		name := tg.Tags[best]
		label := strings.TrimPrefix(strings.TrimPrefix(name, "B-"), "I-")
		switch {
		case name == "O":
			flush()
		case strings.HasPrefix(name, "I-") && cur != nil && cur.Label == label:
			cur.End = toks[i][1]
		default: // B-, or an I- that starts a mention
			flush()
			cur = &Suggestion{Start: toks[i][0], End: toks[i][1], Label: label, Source: SourceTagger}
		}
		if cur != nil {
			margins += 1 / (1 + math.Exp(-margin))
			count++
		}
		prev = best
	}
	flush()
	return out
}

// decode returns the best tag for feats and its score's margin over the
// next best.
func (tg *Tagger) decode(feats []uint32) (int, float64) {
	n := uint32(len(tg.Tags))
	scores := make([]float64, n)
	for _, f := range feats {
		for t := range n {
			scores[t] += float64(tg.Weights[f*n+t])
		}
	}
	best, second := 0, math.Inf(-1)
	for t := 1; t < len(scores); t++ {
		if scores[t] > scores[best] {
			best = t
		}
	}
	for t, s := range scores {
		if t != best && s > second {
			second = s
		}
	}
	return best, scores[best] - second
}

// trainer holds the perceptron's weights as it learns: each with its sum
// over the steps so far, updated lazily, for the average.
type trainer struct {
	n    int
	step int
	w    map[uint32]*averaged
}

type averaged struct {
	w, total float64
	since    int // the step w has held since
}

func (tr *trainer) weight(k uint32) float64 {
	if a := tr.w[k]; a != nil {
		return a.w
	}
	return 0
}

func (tr *trainer) best(feats []uint32) int {
	n := uint32(tr.n)
	best, bestScore := 0, math.Inf(-1)
	for t := range n {
		s := 0.0
		for _, f := range feats {
			s += tr.weight(f*n + t)
		}
		if s > bestScore {
			best, bestScore = int(t), s
		}
	}
	return best
}

func (tr *trainer) update(feats []uint32, gold, guess int) {
	n := uint32(tr.n)
	for _, f := range feats {
		for _, d := range []struct {
			t     int
			delta float64
		}{{gold, 1}, {guess, -1}} {
			k := f*n + uint32(d.t)
			a := tr.w[k]
			if a == nil {
				a = &averaged{since: tr.step}
				tr.w[k] = a
			}
			a.total += a.w * float64(tr.step-a.since)
			a.w += d.delta
			a.since = tr.step
		}
	}
}

// average returns the weights averaged over every step, those that average
// to zero left out.
func (tr *trainer) average() map[uint32]float32 {
	out := make(map[uint32]float32, len(tr.w))
	for k, a := range tr.w {
		total := a.total + a.w*float64(tr.step-a.since)
		if v := float32(total / float64(max(tr.step, 1))); v != 0 {
			out[k] = v
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

// gazetteerTags returns, for each token, "B-" or "I-" and the label of the
// gazetteer's string it is part of where g's strings stand in text
// (SameString), "" for the others.
func gazetteerTags(text []rune, toks [][2]int, g Gazetteer) []string {
	out := make([]string, len(toks))
	if len(g) == 0 {
		return out
	}
	hits := SameString(text, g, nil, nil)
	k := 0
	for i, t := range toks {
		for k < len(hits) && hits[k].End <= t[0] {
			k++
		}
		if k < len(hits) && hits[k].Start <= t[0] && t[1] <= hits[k].End {
			prefix := "I-"
			if hits[k].Start == t[0] {
				prefix = "B-"
			}
			out[i] = prefix + hits[k].Label
		}
	}
	return out
}

// features returns the hashed features of token i of words, given the
// previous token's tag: the word, lower-cased, its shape, prefixes and
// suffixes up to 3, the neighbours' words and shapes, whether it starts a
// sentence, and the gazetteer's tag of it (gaz).
func features(words, gaz []string, i int, prevTag string) []uint32 {
	w := words[i]
	lower := strings.ToLower(w)
	r := []rune(lower)
	at := func(k int) string {
		if k < 0 || k >= len(words) {
			return "<edge>"
		}
		return strings.ToLower(words[k])
	}
	shapeAt := func(k int) string {
		if k < 0 || k >= len(words) {
			return "<edge>"
		}
		return shape(words[k])
	}
	start := i == 0 || strings.ContainsAny(words[i-1], ".!?") && len([]rune(words[i-1])) == 1
	fs := []string{
		"bias",
		"w=" + lower,
		"shape=" + shape(w),
		"p1=" + string(r[:min(1, len(r))]), "p2=" + string(r[:min(2, len(r))]), "p3=" + string(r[:min(3, len(r))]),
		"s1=" + string(r[max(0, len(r)-1):]), "s2=" + string(r[max(0, len(r)-2):]), "s3=" + string(r[max(0, len(r)-3):]),
		"w-1=" + at(i-1), "w+1=" + at(i+1), "w-2=" + at(i-2), "w+2=" + at(i+2),
		"shape-1=" + shapeAt(i-1), "shape+1=" + shapeAt(i+1),
		"t-1=" + prevTag,
		"t-1,shape=" + prevTag + "," + shape(w),
	}
	if start {
		fs = append(fs, "start", "start,shape="+shape(w))
	}
	if gaz[i] != "" {
		fs = append(fs, "gaz="+gaz[i])
	}
	out := make([]uint32, len(fs))
	for k, f := range fs {
		h := fnv.New32a()
		h.Write([]byte(f))
		out[k] = h.Sum32() & (1<<featureBits - 1)
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
