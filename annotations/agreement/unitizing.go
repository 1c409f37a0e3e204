package agreement

import (
	"slices"
	"sort"
)

// Segment is a labelled stretch of a continuum: [Start, End) in code points.
type Segment struct {
	// Start and End are code point offsets, End exclusive; Label the
	// category (an entity label).
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
}

// Continuum is one stretch annotated by every annotator: an article of
// Length code points, and each annotator's segments of it (Coders[i] the
// i-th annotator's).
type Continuum struct {
	// Length is the continuum's length in code points.
	Length int
	// Coders holds each annotator's segments.
	Coders [][]Segment
}

// AlphaU is Krippendorff's unitizing α with its parts.
type AlphaU struct {
	Figure
	// Observed and Expected are the disagreements uD_o and uD_e.
	Observed Number `json:"observed_disagreement"`
	Expected Number `json:"expected_disagreement"`
	// Dropped counts the articles a report left out of α_U because fewer
	// annotators marked them done than the most that marked any.
	Dropped int `json:"dropped,omitempty"`
}

// UnitizingAlpha returns Krippendorff's unitizing α (α_U) of label, or the
// joint α_U over every label when label is "", on continua laid end to end
// (the articles of a project).
//
// The variant implemented is the one of Krippendorff (2004), "Measuring the
// reliability of qualitative text analysis data", Quality & Quantity 38,
// 787–800 (the α_U of Krippendorff 1995 and Content Analysis, 2nd ed.,
// 2004, ch. 12, generalized to several categories), as DKPro Statistics
// implements it: for each label c, each annotator's continuum is cut into
// its units of c and the gaps between them;
//
//	δ(g, h) = (b_g − b_h)² + (e_g − e_h)²  for two overlapping units,
//	        = l_g²                         for a unit g inside a gap h (and
//	                                        the other way round),
//	        = 0                             otherwise;
//	uD_o(c) = Σ_{i≠j} Σ_g Σ_h δ(g_i, h_j) / (m(m − 1)L²);
//	uD_e(c) = (2/L) Σ_{units g} [ (N_c − 1)/3 · (2l_g³ − 3l_g² + l_g)
//	          + l_g² Σ_{gaps h: l_h ≥ l_g} (l_h − l_g + 1) ]
//	          / (mL(mL − 1) − Σ_{units g} l_g(l_g − 1));
//
// with m annotators, L the total length, N_c the number of units of c over
// all annotators, and α_U(c) = 1 − uD_o(c)/uD_e(c); the joint α_U is
// 1 − Σ_c uD_o(c) / Σ_c uD_e(c). Units never cross from one continuum to
// the next (gaps end at each article's end). Overlapping segments of one
// annotator with the same label are merged into one unit first, since the
// measure needs the units of a category to be disjoint.
//
// Every continuum must have the same number m ≥ 2 of annotators; Units
// counts the continua. α_U is undefined with no continuum, fewer than two
// annotators or different numbers of them, or no unit of the label (uD_e =
// 0).
func UnitizingAlpha(continua []Continuum, label string) AlphaU {
	var t unitizingTally
	for _, c := range continua {
		if !t.add(c) {
			return AlphaU{Figure: undefinedFigure(len(continua), ReasonNoAnnotators), Observed: undefined, Expected: undefined}
		}
	}
	if label == "" {
		return t.joint()
	}
	return t.alpha(label)
}

// unitizingTally accumulates α_U over continua laid end to end.
type unitizingTally struct {
	m        int   // annotators per continuum
	length   int   // L
	lengths  []int // each continuum's length, in order
	continua int
	labels   map[string]*labelTally
	// known holds the disagreements computed of each label since the
	// tally last changed: a report asks for each label's and their sum.
	known map[string][2]float64
}

// labelTally is what α_U of one label needs.
type labelTally struct {
	disagree float64 // Σ δ over ordered pairs of annotators
	units    []int   // lengths of every unit
	gaps     []int   // lengths of every gap
}

// add counts one continuum; it reports false when its number of
// annotators is not the tally's, or fewer than two.
func (t *unitizingTally) add(c Continuum) bool {
	m := len(c.Coders)
	if m < 2 || (t.continua > 0 && m != t.m) {
		return false
	}
	t.known = nil
	t.m = m
	earlier := t.lengths
	t.continua++
	t.length += c.Length
	t.lengths = append(t.lengths, c.Length)
	if t.labels == nil {
		t.labels = map[string]*labelTally{}
	}
	byLabel := map[string][][]Segment{}
	for i, segs := range c.Coders {
		for _, s := range segs {
			if s.End <= s.Start {
				continue
			}
			if byLabel[s.Label] == nil {
				byLabel[s.Label] = make([][]Segment, m)
			}
			byLabel[s.Label][i] = append(byLabel[s.Label][i], s)
		}
	}
	for label, coders := range byLabel {
		lt := t.labels[label]
		if lt == nil {
			lt = &labelTally{}
			t.labels[label] = lt
			// The earlier continua are gaps of the new label throughout.
			for _, l := range earlier {
				for range m {
					if l > 0 {
						lt.gaps = append(lt.gaps, l)
					}
				}
			}
		}
		units := make([][][2]int, m)
		gaps := make([][][2]int, m)
		for i, segs := range coders {
			units[i] = mergeSegments(segs)
			gaps[i] = gapsOf(units[i], c.Length)
			for _, u := range units[i] {
				lt.units = append(lt.units, u[1]-u[0])
			}
			for _, g := range gaps[i] {
				lt.gaps = append(lt.gaps, g[1]-g[0])
			}
		}
		for i := range m {
			for j := range m {
				if i == j {
					continue
				}
				lt.disagree += pairDisagreement(units[i], gaps[i], units[j], gaps[j])
			}
		}
	}
	// A label that none of this continuum's annotators used still has the
	// whole continuum as a gap for each of them.
	for label, lt := range t.labels {
		if _, used := byLabel[label]; !used && c.Length > 0 {
			for range m {
				lt.gaps = append(lt.gaps, c.Length)
			}
		}
	}
	return true
}

// mergeSegments returns segs as sorted, disjoint [start, end) units,
// overlapping ones merged.
func mergeSegments(segs []Segment) [][2]int {
	out := make([][2]int, 0, len(segs))
	for _, s := range segs {
		out = append(out, [2]int{s.Start, s.End})
	}
	slices.SortFunc(out, func(a, b [2]int) int { return a[0] - b[0] })
	merged := out[:0]
	for _, u := range out {
		if n := len(merged); n > 0 && u[0] < merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], u[1])
			continue
		}
		merged = append(merged, u)
	}
	return merged
}

// gapsOf returns the stretches of [0, length) outside units.
func gapsOf(units [][2]int, length int) [][2]int {
	var gaps [][2]int
	at := 0
	for _, u := range units {
		if u[0] > at {
			gaps = append(gaps, [2]int{at, u[0]})
		}
		at = max(at, u[1])
	}
	if at < length {
		gaps = append(gaps, [2]int{at, length})
	}
	return gaps
}

// pairDisagreement returns Σ_g Σ_h δ(g, h) over annotator i's sections
// (units ui, gaps gi) and annotator j's (uj, gj).
func pairDisagreement(ui, gi, uj, gj [][2]int) float64 {
	d := 0.0
	sq := func(x int) float64 { return float64(x) * float64(x) }
	// Overlapping units: both lists are sorted and disjoint.
	k := 0
	for _, g := range ui {
		for k < len(uj) && uj[k][1] <= g[0] {
			k++
		}
		for h := k; h < len(uj) && uj[h][0] < g[1]; h++ {
			d += sq(g[0]-uj[h][0]) + sq(g[1]-uj[h][1])
		}
	}
	// A unit of one inside a gap of the other.
	d += unitsInGaps(ui, gj) + unitsInGaps(uj, gi)
	return d
}

// unitsInGaps returns Σ l² over the units that lie wholly inside a gap.
func unitsInGaps(units, gaps [][2]int) float64 {
	d := 0.0
	k := 0
	for _, u := range units {
		for k < len(gaps) && gaps[k][1] <= u[0] {
			k++
		}
		if k < len(gaps) && gaps[k][0] <= u[0] && u[1] <= gaps[k][1] {
			l := float64(u[1] - u[0])
			d += l * l
		}
	}
	return d
}

// disagreements returns uD_o and uD_e of label.
func (t *unitizingTally) disagreements(label string) (observed, expected float64) {
	if d, ok := t.known[label]; ok {
		return d[0], d[1]
	}
	observed, expected = t.computeDisagreements(label)
	if t.known == nil {
		t.known = map[string][2]float64{}
	}
	t.known[label] = [2]float64{observed, expected}
	return observed, expected
}

// computeDisagreements returns uD_o and uD_e of label.
func (t *unitizingTally) computeDisagreements(label string) (observed, expected float64) {
	lt := t.labels[label]
	if lt == nil || t.length == 0 {
		return 0, 0
	}
	m, L := float64(t.m), float64(t.length)
	observed = lt.disagree / (m * (m - 1) * L * L)
	gaps := slices.Clone(lt.gaps)
	slices.Sort(gaps)
	// suffix[i] = Σ gaps[i:]
	suffix := make([]float64, len(gaps)+1)
	for i := len(gaps) - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1] + float64(gaps[i])
	}
	nc := float64(len(lt.units))
	num, den := 0.0, m*L*(m*L-1)
	for _, l := range lt.units {
		fl := float64(l)
		from := sort.SearchInts(gaps, l)
		inGaps := suffix[from] - float64(len(gaps)-from)*(fl-1)
		num += (nc-1)/3*(2*fl*fl*fl-3*fl*fl+fl) + fl*fl*inGaps
		den -= fl * (fl - 1)
	}
	expected = 2 / L * num / den
	return observed, expected
}

// alpha returns α_U of label.
func (t *unitizingTally) alpha(label string) AlphaU {
	if t.continua == 0 {
		return AlphaU{Figure: undefinedFigure(0, ReasonNoUnits), Observed: undefined, Expected: undefined}
	}
	do, de := t.disagreements(label)
	if de == 0 {
		return AlphaU{Figure: undefinedFigure(t.continua, ReasonNoSpans), Observed: Number(do), Expected: Number(de)}
	}
	return AlphaU{Figure: Figure{Value: Number(1 - do/de), Units: t.continua}, Observed: Number(do), Expected: Number(de)}
}

// joint returns α_U over every label.
func (t *unitizingTally) joint() AlphaU {
	if t.continua == 0 {
		return AlphaU{Figure: undefinedFigure(0, ReasonNoUnits), Observed: undefined, Expected: undefined}
	}
	do, de := 0.0, 0.0
	for _, label := range t.labelNames() { // in order, so that the sums are the same every time
		o, e := t.disagreements(label)
		do += o
		de += e
	}
	if de == 0 {
		return AlphaU{Figure: undefinedFigure(t.continua, ReasonNoSpans), Observed: Number(do), Expected: Number(de)}
	}
	return AlphaU{Figure: Figure{Value: Number(1 - do/de), Units: t.continua}, Observed: Number(do), Expected: Number(de)}
}

// labelNames returns the labels the tally holds, sorted.
func (t *unitizingTally) labelNames() []string {
	out := make([]string, 0, len(t.labels))
	for l := range t.labels {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// merge adds o's continua to t, laid after t's; it reports false, and
// leaves t as it was, when they have different numbers of annotators.
func (t *unitizingTally) merge(o *unitizingTally) bool {
	if o.continua == 0 {
		return true
	}
	if t.continua > 0 && t.m != o.m {
		return false
	}
	t.known = nil
	if t.labels == nil {
		t.labels = map[string]*labelTally{}
	}
	gapsFor := func(lt *labelTally, lengths []int, m int) {
		for _, l := range lengths {
			for range m {
				if l > 0 {
					lt.gaps = append(lt.gaps, l)
				}
			}
		}
	}
	for label, lt := range t.labels {
		if _, ok := o.labels[label]; !ok {
			gapsFor(lt, o.lengths, o.m)
		}
	}
	for label, olt := range o.labels {
		lt := t.labels[label]
		if lt == nil {
			lt = &labelTally{}
			gapsFor(lt, t.lengths, t.m)
			t.labels[label] = lt
		}
		lt.disagree += olt.disagree
		lt.units = append(lt.units, olt.units...)
		lt.gaps = append(lt.gaps, olt.gaps...)
	}
	t.m = o.m
	t.continua += o.continua
	t.length += o.length
	t.lengths = append(t.lengths, o.lengths...)
	return true
}
