package agreement

import (
	"cmp"
	"slices"
)

// F1 is the span F1 of two annotators with its parts. F1 is symmetric:
// Precision takes B's spans as the ones checked against A's, Recall A's
// against B's, and swapping A and B swaps them and keeps F1.
type F1 struct {
	Figure
	// Precision is matched / B's spans, Recall matched / A's spans; each
	// undefined when its annotator has no span.
	Precision Number `json:"precision"`
	Recall    Number `json:"recall"`
	// Matched counts the matched pairs; A and B each annotator's spans.
	Matched int `json:"matched"`
	A       int `json:"a"`
	B       int `json:"b"`
}

// f1Counts accumulates span F1 over articles (micro-averaged).
type f1Counts struct{ matched, a, b int }

func (c *f1Counts) merge(o f1Counts) {
	c.matched += o.matched
	c.a += o.a
	c.b += o.b
}

// f1 returns the F1 of the counts. Units counts the spans of both
// annotators; F1 is undefined when neither has one.
func (c f1Counts) f1() F1 {
	out := F1{Matched: c.matched, A: c.a, B: c.b}
	if c.a+c.b == 0 {
		out.Figure = undefinedFigure(0, ReasonNoSpans)
		out.Precision, out.Recall = undefined, undefined
		return out
	}
	out.Figure = Figure{Value: Number(2 * float64(c.matched) / float64(c.a+c.b)), Units: c.a + c.b}
	out.Precision, out.Recall = undefined, undefined
	if c.b > 0 {
		out.Precision = Number(float64(c.matched) / float64(c.b))
	}
	if c.a > 0 {
		out.Recall = Number(float64(c.matched) / float64(c.a))
	}
	return out
}

// SpanF1Exact returns the span F1 of annotators A and B: a span of B
// matches a span of A with the same start, end and label. Each span is
// used once (two identical spans of A need two of B).
func SpanF1Exact(a, b []Segment) F1 { return exactCounts(a, b).f1() }

func exactCounts(a, b []Segment) f1Counts {
	left := make(map[Segment]int, len(a))
	for _, s := range a {
		left[s]++
	}
	matched := 0
	for _, s := range b {
		if left[s] > 0 {
			left[s]--
			matched++
		}
	}
	return f1Counts{matched: matched, a: len(a), b: len(b)}
}

// SpanF1Overlap returns the overlap span F1 of annotators A and B: a span
// of B matches a span of A with the same label that shares at least one
// code point with it. Each span is used once, best overlap first: the
// candidate pairs are taken in decreasing Jaccard index (shared code
// points over the code points of either), then decreasing shared length,
// then in text order.
func SpanF1Overlap(a, b []Segment) F1 { return overlapCounts(a, b).f1() }

func overlapCounts(a, b []Segment) f1Counts {
	pairs := matchOverlapping(a, b, 0)
	return f1Counts{matched: len(pairs), a: len(a), b: len(b)}
}

// candidate is a possible match of a[i] and b[j].
type candidate struct {
	i, j    int
	jaccard float64
	shared  int
}

// matchOverlapping pairs spans of a and b with the same label that share
// code points and whose Jaccard index is at least minJaccard (0: any
// overlap), best first, each used once. It returns the pairs as indices
// [i, j], in the order they were taken.
func matchOverlapping(a, b []Segment, minJaccard float64) [][2]int {
	order := func(s []Segment) []int {
		idx := make([]int, len(s))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(x, y int) int {
			return cmp.Or(cmp.Compare(s[x].Label, s[y].Label), s[x].Start-s[y].Start, s[x].End-s[y].End)
		})
		return idx
	}
	ai, bi := order(a), order(b)
	var cands []candidate
	// Sweep: for each span of a, the spans of b of its label that start
	// before it ends and end after it starts.
	k := 0
	for _, i := range ai {
		sa := a[i]
		for k < len(bi) && (b[bi[k]].Label < sa.Label) {
			k++
		}
		for h := k; h < len(bi); h++ {
			sb := b[bi[h]]
			if sb.Label != sa.Label || sb.Start >= sa.End {
				break
			}
			shared := min(sa.End, sb.End) - max(sa.Start, sb.Start)
			if shared <= 0 {
				continue
			}
			union := max(sa.End, sb.End) - min(sa.Start, sb.Start)
			jac := float64(shared) / float64(union)
			if jac < minJaccard {
				continue
			}
			cands = append(cands, candidate{i: i, j: bi[h], jaccard: jac, shared: shared})
		}
	}
	slices.SortFunc(cands, func(x, y candidate) int {
		return cmp.Or(cmp.Compare(y.jaccard, x.jaccard), y.shared-x.shared,
			a[x.i].Start-a[y.i].Start, b[x.j].Start-b[y.j].Start, x.i-y.i, x.j-y.j)
	})
	usedA := make([]bool, len(a))
	usedB := make([]bool, len(b))
	var out [][2]int
	for _, c := range cands {
		if usedA[c.i] || usedB[c.j] {
			continue
		}
		usedA[c.i], usedB[c.j] = true, true
		out = append(out, [2]int{c.i, c.j})
	}
	return out
}
