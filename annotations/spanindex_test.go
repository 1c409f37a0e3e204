package annotations

import (
	"math/rand/v2"
	"testing"
)

// TestSpanIndex: Overlaps agrees with a plain scan of the spans added, in
// any order, nested, touching and empty spans included.
func TestSpanIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var x SpanIndex
		var spans [][2]int
		for range rng.IntN(30) {
			s := rng.IntN(100)
			e := s + rng.IntN(15)
			x.Add(s, e)
			spans = append(spans, [2]int{s, e})
		}
		for range 50 {
			s := rng.IntN(110)
			e := s + rng.IntN(10)
			want := false
			for _, sp := range spans {
				if sp[0] < e && s < sp[1] {
					want = true
				}
			}
			if got := x.Overlaps(s, e); got != want {
				t.Fatalf("round %d: Overlaps(%d, %d) = %v, want %v (spans %v)", round, s, e, got, want, spans)
			}
		}
	}
}
