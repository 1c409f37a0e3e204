package annotations

import "slices"

// SpanIndex answers whether a span overlaps any of a set of spans, in
// O(log n): a span [s, e) overlaps one when some span starting before e
// ends after s, which the running maximum of the ends, in the order of the
// starts, tells. Spans added in the order of their starts (a set's
// mentions) cost O(1) each; one added before others costs their number.
// The zero value is empty and ready.
type SpanIndex struct {
	starts, ends, maxEnds []int
}

// Add adds [start, end).
func (x *SpanIndex) Add(start, end int) {
	i, _ := slices.BinarySearch(x.starts, start+1) // after the spans starting at start
	x.starts, x.ends, x.maxEnds = append(x.starts, 0), append(x.ends, 0), append(x.maxEnds, 0)
	copy(x.starts[i+1:], x.starts[i:])
	copy(x.ends[i+1:], x.ends[i:])
	copy(x.maxEnds[i+1:], x.maxEnds[i:])
	x.starts[i], x.ends[i] = start, end
	for k := i; k < len(x.maxEnds); k++ {
		m := x.ends[k]
		if k > 0 {
			m = max(m, x.maxEnds[k-1])
		}
		if k > i && x.maxEnds[k] == m {
			break // the rest is as it was
		}
		x.maxEnds[k] = m
	}
}

// Overlaps reports whether [start, end) shares a code point with a span
// added.
func (x *SpanIndex) Overlaps(start, end int) bool {
	k, _ := slices.BinarySearch(x.starts, end) // the spans starting before end
	return k > 0 && x.maxEnds[k-1] > start
}
