package formats

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// The parts of a split export.
const (
	PartTrain = "train"
	PartDev   = "dev"
	PartTest  = "test"
)

// Parts lists the parts of a split export in the order they are written.
var Parts = []string{PartTrain, PartDev, PartTest}

// Ratios are the shares of train, dev and test in a split; they need not
// sum to 1 (they are normalized), but none is negative and one is positive.
type Ratios [3]float64

// maxRatio is the largest ratio ParseRatios takes: the ratios are summed
// and normalized, and three numbers this large add up without overflowing
// (1e308 three times would be +Inf, and every share NaN).
const maxRatio = 1e300

// ParseRatios reads "0.8,0.1,0.1" (or "80,10,10"). A ratio above maxRatio
// is an error, not a sum that overflows.
func ParseRatios(s string) (Ratios, error) {
	var r Ratios
	fields := splitComma(s)
	if len(fields) != 3 {
		return r, fmt.Errorf("split %q: want three ratios train,dev,test such as 0.8,0.1,0.1", s)
	}
	sum := 0.0
	for i, f := range fields {
		v, err := strconv.ParseFloat(f, 64)
		if errors.Is(err, strconv.ErrRange) && !math.IsInf(v, 0) {
			err = nil // too small: read as the nearest, 0 or a subnormal
		}
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			if errors.Is(err, strconv.ErrRange) {
				return r, fmt.Errorf("split %q: %q is out of range: a ratio is a number from 0 to %g", s, f, maxRatio)
			}
			return r, fmt.Errorf("split %q: %q is not a ratio (a number, 0 or more)", s, f)
		}
		if v > maxRatio {
			return r, fmt.Errorf("split %q: %q is out of range: a ratio is a number from 0 to %g", s, f, maxRatio)
		}
		r[i], sum = v, sum+v
	}
	if sum == 0 {
		return r, fmt.Errorf("split %q: the ratios add up to 0", s)
	}
	return r, nil
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// Split assigns each article to a part, by article so that no article's
// text is in two parts. Each article's part comes from a hash of the seed
// and its ID alone, read as a number from 0 to 1 and compared with the
// ratios' cumulative shares: an article keeps its part, for a seed, in any
// export that holds it, whatever else the export holds (a corpus that has
// grown since, a filter by annotator or article), so a test article never
// moves into train between two versions of a dataset. The parts hold the
// ratios' shares on average, not exactly: 30 articles at 0.8,0.1,0.1 may
// give 25, 2 and 3. A part whose ratio is 0 gets no article.
func Split(articleIDs []string, r Ratios, seed int64) map[string]string {
	sum := r[0] + r[1] + r[2]
	trainBelow, devBelow := r[0]/sum, (r[0]+r[1])/sum
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(seed))
	parts := make(map[string]string, len(articleIDs))
	for _, id := range articleIDs {
		h := sha256.Sum256(append(b[:], id...))
		x := float64(binary.BigEndian.Uint64(h[:8])>>11) / (1 << 53) // in [0, 1)
		switch {
		case x < trainBelow:
			parts[id] = PartTrain
		case x < devBelow:
			parts[id] = PartDev
		default:
			parts[id] = PartTest
		}
	}
	return parts
}
