package formats

import (
	"fmt"
	"maps"
	"math"
	"testing"
)

// TestSplit: each article's part depends on the seed and its ID alone, so
// an export of fewer articles, or of more, or in another order, puts the
// articles it shares in the same parts; the parts hold the ratios' shares
// on average, and a part of ratio 0 holds nothing.
func TestSplit(t *testing.T) {
	ids := make([]string, 10000)
	for i := range ids {
		ids[i] = fmt.Sprintf("%032x", i*7919)
	}
	ratios := Ratios{0.8, 0.1, 0.1}
	all := Split(ids, ratios, 7)
	if len(all) != len(ids) {
		t.Fatalf("%d articles split, want %d", len(all), len(ids))
	}

	subsets := map[string][]string{
		"the first 30":      ids[:30],
		"every third":       everyNth(ids, 3),
		"reversed, 100":     reversed(ids[:100]),
		"the last 10 twice": append(ids[len(ids)-10:], ids[len(ids)-10:]...),
	}
	for name, sub := range subsets {
		for id, part := range Split(sub, ratios, 7) {
			if all[id] != part {
				t.Errorf("%s: %s in %s, in %s when all are split", name, id, part, all[id])
			}
		}
	}

	for _, tt := range []struct {
		ratios Ratios
		want   [3]float64 // the shares of train, dev and test
	}{
		{Ratios{0.8, 0.1, 0.1}, [3]float64{0.8, 0.1, 0.1}},
		{Ratios{80, 10, 10}, [3]float64{0.8, 0.1, 0.1}},
		{Ratios{1, 1, 1}, [3]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}},
		{Ratios{0.7, 0.3, 0}, [3]float64{0.7, 0.3, 0}},
		{Ratios{0, 0, 1}, [3]float64{0, 0, 1}},
		{Ratios{1, 0, 0}, [3]float64{1, 0, 0}},
	} {
		for _, seed := range []int64{0, 1, -5} {
			count := map[string]int{}
			for _, part := range Split(ids, tt.ratios, seed) {
				count[part]++
			}
			for i, part := range Parts {
				share := float64(count[part]) / float64(len(ids))
				// 10,000 draws: a share's standard deviation is at most 0.005.
				if math.Abs(share-tt.want[i]) > 0.02 || (tt.want[i] == 0) != (count[part] == 0) {
					t.Errorf("ratios %v, seed %d: %s holds %d articles (%.3f), want a share of %.3f", tt.ratios, seed, part, count[part], share, tt.want[i])
				}
			}
		}
	}

	if maps.Equal(Split(ids[:100], ratios, 1), Split(ids[:100], ratios, 2)) {
		t.Errorf("seeds 1 and 2 split 100 articles alike")
	}
}

func everyNth(ids []string, n int) []string {
	var out []string
	for i := 0; i < len(ids); i += n {
		out = append(out, ids[i])
	}
	return out
}

func reversed(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[len(ids)-1-i] = id
	}
	return out
}
