package agreement

import "slices"

// Kappa is Cohen's or Fleiss' κ with its parts.
type Kappa struct {
	Figure
	// Observed is the observed agreement: p_o (Cohen) or P̄ (Fleiss).
	Observed Number `json:"observed"`
	// Chance is the agreement expected by chance: p_e (Cohen) or P̄_e
	// (Fleiss).
	Chance Number `json:"chance"`
	// Dropped counts the units Fleiss' κ left out because fewer annotators
	// rated them than the most that rated any unit.
	Dropped int `json:"dropped,omitempty"`
}

// CohensKappa returns Cohen's κ (Cohen 1960) of two annotators' nominal
// ratings of the same units: a[i] and b[i] are their categories for unit i.
// κ = (p_o − p_e) / (1 − p_e), p_o the share of units they agree on, p_e
// Σ_c p_a(c)·p_b(c) from each annotator's own distribution. It is
// undefined with no units, with slices of different lengths, and when
// p_e = 1 (both annotators used one and the same category throughout).
func CohensKappa(a, b []string) Kappa {
	if len(a) != len(b) {
		return Kappa{Figure: undefinedFigure(0, ReasonUnequalLength), Observed: undefined, Chance: undefined}
	}
	var c Confusion
	for i := range a {
		c.add(a[i], b[i], 1)
	}
	return c.kappa()
}

// Confusion is a confusion matrix of two annotators' labels: Counts[i][j]
// is how many units A labelled Labels[i] and B Labels[j]. Labels are
// sorted.
type Confusion struct {
	Labels []string `json:"labels"`
	Counts [][]int  `json:"counts"`
}

// index returns the row and column of label, adding it if needed.
func (c *Confusion) index(label string) int {
	i, found := slices.BinarySearch(c.Labels, label)
	if found {
		return i
	}
	c.Labels = slices.Insert(c.Labels, i, label)
	for r := range c.Counts {
		c.Counts[r] = slices.Insert(c.Counts[r], i, 0)
	}
	c.Counts = slices.Insert(c.Counts, i, make([]int, len(c.Labels)))
	return i
}

// add counts n units that A labelled a and B labelled b.
func (c *Confusion) add(a, b string, n int) {
	c.index(a)
	j := c.index(b)
	i := c.index(a) // inserting b may have moved a
	c.Counts[i][j] += n
}

// merge adds the counts of o to c.
func (c *Confusion) merge(o Confusion) {
	for i, a := range o.Labels {
		for j, b := range o.Labels {
			if n := o.Counts[i][j]; n != 0 {
				c.add(a, b, n)
			}
		}
	}
}

// total returns how many units c counts.
func (c Confusion) total() int {
	n := 0
	for _, row := range c.Counts {
		for _, v := range row {
			n += v
		}
	}
	return n
}

// kappa returns Cohen's κ of the units c counts.
func (c Confusion) kappa() Kappa {
	n := c.total()
	if n == 0 {
		return Kappa{Figure: undefinedFigure(0, ReasonNoUnits), Observed: undefined, Chance: undefined}
	}
	rows := make([]int, len(c.Labels))
	cols := make([]int, len(c.Labels))
	agree := 0
	for i, row := range c.Counts {
		for j, v := range row {
			rows[i] += v
			cols[j] += v
			if i == j {
				agree += v
			}
		}
	}
	po := float64(agree) / float64(n)
	pe := 0.0
	for i := range rows {
		pe += float64(rows[i]) / float64(n) * float64(cols[i]) / float64(n)
	}
	if pe >= 1 {
		return Kappa{Figure: undefinedFigure(n, ReasonOneCategory), Observed: Number(po), Chance: Number(pe)}
	}
	return Kappa{Figure: Figure{Value: Number((po - pe) / (1 - pe)), Units: n}, Observed: Number(po), Chance: Number(pe)}
}

// FleissKappa returns Fleiss' κ (Fleiss 1971) of units rated on nominal
// categories: counts[i][j] is how many annotators put unit i in category
// j. Every unit must be rated by the same number n of annotators; units
// rated by fewer than the most-rated unit are left out and counted in
// Dropped (Krippendorff's α, which allows missing values, uses them).
// With P_i = (Σ_j n_ij² − n) / (n(n − 1)), P̄ their mean, p_j the share of
// all ratings in category j and P̄_e = Σ_j p_j², κ = (P̄ − P̄_e) / (1 − P̄_e).
// It is undefined with no units, n < 2, or P̄_e = 1.
func FleissKappa(counts [][]int) Kappa {
	n := 0
	for _, row := range counts {
		n = max(n, sum(row))
	}
	var t fleissTally
	t.n = n
	for _, row := range counts {
		t.add(row)
	}
	return t.kappa()
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// fleissTally accumulates Fleiss' κ over units rated by n annotators.
type fleissTally struct {
	n       int       // ratings per unit
	units   int       // units counted
	dropped int       // units rated by fewer than n
	agree   float64   // Σ_i P_i
	totals  []float64 // ratings per category
}

// add counts one unit: counts[j] ratings in category j.
func (t *fleissTally) add(counts []int) {
	if sum(counts) != t.n {
		t.dropped++
		return
	}
	if t.n < 2 {
		t.units++
		return
	}
	sq := 0
	for j, c := range counts {
		sq += c * c
		for len(t.totals) <= j {
			t.totals = append(t.totals, 0)
		}
		t.totals[j] += float64(c)
	}
	t.agree += float64(sq-t.n) / float64(t.n*(t.n-1))
	t.units++
}

// kappa returns the κ of the units counted.
func (t *fleissTally) kappa() Kappa {
	out := Kappa{Observed: undefined, Chance: undefined, Dropped: t.dropped}
	switch {
	case t.units == 0:
		out.Figure = undefinedFigure(0, ReasonNoUnits)
		return out
	case t.n < 2:
		out.Figure = undefinedFigure(t.units, ReasonFewRaters)
		return out
	}
	all := float64(t.units * t.n)
	pe := 0.0
	for _, c := range t.totals {
		pe += (c / all) * (c / all)
	}
	p := t.agree / float64(t.units)
	out.Observed, out.Chance = Number(p), Number(pe)
	if pe >= 1 {
		out.Figure = undefinedFigure(t.units, ReasonOneCategory)
		return out
	}
	out.Figure = Figure{Value: Number((p - pe) / (1 - pe)), Units: t.units}
	return out
}
