package agreement

// KrippendorffAlpha returns Krippendorff's α for nominal data with missing
// values (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
// units[u] holds the values the annotators gave unit u, "" for a missing
// one (a missing value may also simply be left out). From the coincidence
// matrix o_ck of all pairable values, α = 1 − D_o / D_e, that is
// 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k. A unit with fewer than two
// values is not pairable and is left out; Units counts the pairable units.
// It is undefined when no unit is pairable or when every pairable value is
// in one category (D_e = 0).
func KrippendorffAlpha(units [][]string) Figure {
	var t alphaTally
	index := map[string]int{}
	var vals []int
	for _, u := range units {
		vals = vals[:0]
		for _, v := range u {
			if v == "" {
				continue
			}
			i, ok := index[v]
			if !ok {
				i = len(index)
				index[v] = i
			}
			vals = append(vals, i)
		}
		t.addValues(vals)
	}
	return t.alpha()
}

// alphaTally accumulates nominal α over units whose values are category
// indices.
type alphaTally struct {
	units    int       // pairable units
	disagree float64   // Σ_{c≠k} o_ck
	nc       []float64 // n_c: pairable values per category
}

// addValues counts one unit with the given category values. Its cost is
// in the unit's values, not in the number of categories (a quote's speaker
// has thousands over a project).
func (t *alphaTally) addValues(vals []int) {
	m := len(vals)
	if m < 2 {
		return
	}
	sq := 0 // Σ_c (values of c)², as Σ over the values of how many are equal
	for _, v := range vals {
		for _, w := range vals {
			if w == v {
				sq++
			}
		}
		for len(t.nc) <= v {
			t.nc = append(t.nc, 0)
		}
		t.nc[v]++
	}
	t.disagree += float64(m*m-sq) / float64(m-1)
	t.units++
}

// addCounts counts one unit holding counts[c] values of category c, m in
// all.
func (t *alphaTally) addCounts(counts []int, m int) {
	if m < 2 {
		return
	}
	sq := 0
	for c, k := range counts {
		if k == 0 {
			continue
		}
		sq += k * k
		for len(t.nc) <= c {
			t.nc = append(t.nc, 0)
		}
		t.nc[c] += float64(k)
	}
	t.disagree += float64(m*m-sq) / float64(m-1)
	t.units++
}

// merge adds o's units to t; index maps o's category indices to t's.
func (t *alphaTally) merge(o alphaTally, index []int) {
	t.units += o.units
	t.disagree += o.disagree
	for c, v := range o.nc {
		c = index[c]
		for len(t.nc) <= c {
			t.nc = append(t.nc, 0)
		}
		t.nc[c] += v
	}
}

// alpha returns α of the units counted.
func (t *alphaTally) alpha() Figure {
	if t.units == 0 {
		return undefinedFigure(0, ReasonNotPairable)
	}
	n, sq := 0.0, 0.0
	for _, v := range t.nc {
		n += v
		sq += v * v
	}
	expected := n*n - sq // Σ_{c≠k} n_c·n_k
	if expected == 0 {
		return undefinedFigure(t.units, ReasonOneCategory)
	}
	return Figure{Value: Number(1 - (n-1)*t.disagree/expected), Units: t.units}
}
