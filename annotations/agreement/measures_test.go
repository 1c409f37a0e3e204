package agreement

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// round3 rounds x to 3 decimals, as the published figures are given.
func round3(x Number) float64 { return math.Round(float64(x)*1000) / 1000 }

// repeatPairs returns two raters' labels from counts of (a, b) pairs.
func repeatPairs(counts map[[2]string]int) (a, b []string) {
	for _, k := range [][2]string{{"yes", "yes"}, {"yes", "no"}, {"no", "yes"}, {"no", "no"}} {
		for range counts[k] {
			a = append(a, k[0])
			b = append(b, k[1])
		}
	}
	return a, b
}

func TestCohensKappa(t *testing.T) {
	published50a, published50b := repeatPairs(map[[2]string]int{
		{"yes", "yes"}: 20, {"yes", "no"}: 5, {"no", "yes"}: 10, {"no", "no"}: 15,
	})
	tests := []struct {
		name          string
		a, b          []string
		kappa, po, pe float64 // rounded to 3 decimals; kappa NaN when undefined
		units         int
		undefined     string
	}{
		// agreement.md: 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15.
		{name: "published 50 items", a: published50a, b: published50b, kappa: 0.400, po: 0.700, pe: 0.500, units: 50},
		{name: "perfect", a: []string{"PER", "O", "LOC"}, b: []string{"PER", "O", "LOC"}, kappa: 1, po: 1, pe: 0.333, units: 3},
		{name: "no units", kappa: math.NaN(), po: math.NaN(), pe: math.NaN(), undefined: ReasonNoUnits},
		{name: "one category only", a: []string{"O", "O"}, b: []string{"O", "O"}, kappa: math.NaN(), po: 1, pe: 1, units: 2, undefined: ReasonOneCategory},
		{name: "different lengths", a: []string{"O"}, b: []string{"O", "PER"}, kappa: math.NaN(), po: math.NaN(), pe: math.NaN(), undefined: ReasonUnequalLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CohensKappa(tt.a, tt.b)
			checkNumber(t, "κ", got.Value, tt.kappa)
			checkNumber(t, "p_o", got.Observed, tt.po)
			checkNumber(t, "p_e", got.Chance, tt.pe)
			if got.Units != tt.units || got.Undefined != tt.undefined {
				t.Errorf("units, undefined = %d, %q; want %d, %q", got.Units, got.Undefined, tt.units, tt.undefined)
			}
			if k2 := CohensKappa(tt.b, tt.a); !sameNumber(k2.Value, got.Value) {
				t.Errorf("κ(b, a) = %v, κ(a, b) = %v: not symmetric", k2.Value, got.Value)
			}
		})
	}
}

// checkNumber fails t unless got rounds to want at 3 decimals (or both are
// NaN).
func checkNumber(t *testing.T, what string, got Number, want float64) {
	t.Helper()
	if math.IsNaN(want) {
		if !math.IsNaN(float64(got)) {
			t.Errorf("%s = %v, want undefined (NaN)", what, got)
		}
		return
	}
	if round3(got) != want {
		t.Errorf("%s = %.4f, want %.3f", what, float64(got), want)
	}
}

func sameNumber(a, b Number) bool {
	return a == b || (math.IsNaN(float64(a)) && math.IsNaN(float64(b)))
}

func TestFleissKappa(t *testing.T) {
	tests := []struct {
		name            string
		counts          [][]int
		kappa, pbar, pe float64
		units, dropped  int
		undefined       string
	}{
		// agreement.md, Fleiss (1971) as commonly tabulated: 10 subjects,
		// 14 raters, 5 categories.
		{name: "published 10 subjects × 14 raters", counts: [][]int{
			{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
			{7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
		}, kappa: 0.210, pbar: 0.378, pe: 0.213, units: 10},
		// A unit rated by 2 of 3 annotators is left out and counted.
		{name: "unit with fewer ratings dropped", counts: [][]int{{3, 0}, {0, 3}, {1, 1}},
			kappa: 1, pbar: 1, pe: 0.5, units: 2, dropped: 1},
		{name: "no units", kappa: math.NaN(), pbar: math.NaN(), pe: math.NaN(), undefined: ReasonNoUnits},
		{name: "one category only", counts: [][]int{{3}, {3}}, kappa: math.NaN(), pbar: 1, pe: 1, units: 2, undefined: ReasonOneCategory},
		{name: "one rater", counts: [][]int{{1, 0}, {0, 1}}, kappa: math.NaN(), pbar: math.NaN(), pe: math.NaN(), units: 2, undefined: ReasonFewRaters},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FleissKappa(tt.counts)
			checkNumber(t, "κ", got.Value, tt.kappa)
			checkNumber(t, "P̄", got.Observed, tt.pbar)
			checkNumber(t, "P̄_e", got.Chance, tt.pe)
			if got.Units != tt.units || got.Dropped != tt.dropped || got.Undefined != tt.undefined {
				t.Errorf("units, dropped, undefined = %d, %d, %q; want %d, %d, %q", got.Units, got.Dropped, got.Undefined, tt.units, tt.dropped, tt.undefined)
			}
		})
	}
}

// unitsOf turns a reliability data matrix (one row per observer, "." for
// a missing value) into each unit's values.
func unitsOf(rows ...string) [][]string {
	var units [][]string
	for _, row := range rows {
		for u, v := range strings.Fields(row) {
			for len(units) <= u {
				units = append(units, nil)
			}
			if v != "." {
				units[u] = append(units[u], v)
			}
		}
	}
	return units
}

func TestKrippendorffAlpha(t *testing.T) {
	tests := []struct {
		name      string
		units     [][]string
		alpha     float64
		pairable  int
		undefined string
	}{
		// agreement.md: Krippendorff (2011), four observers, twelve
		// units, nominal; the last unit has one value.
		{name: "published 4 observers × 12 units", units: unitsOf(
			"1 2 3 3 2 1 4 1 2 . . .",
			"1 2 3 3 2 2 4 1 2 5 . 3",
			". 3 3 3 2 3 4 2 2 5 1 .",
			"1 2 3 3 2 4 4 1 2 5 1 .",
		), alpha: 0.743, pairable: 11},
		{name: "empty strings are missing", units: [][]string{{"a", "a", ""}, {"b", "b"}, {"", "c"}}, alpha: 1, pairable: 2},
		{name: "no units", alpha: math.NaN(), undefined: ReasonNotPairable},
		{name: "all missing", units: [][]string{{"", ""}, {""}}, alpha: math.NaN(), undefined: ReasonNotPairable},
		{name: "one category only", units: [][]string{{"O", "O"}, {"O", "O", "O"}}, alpha: math.NaN(), pairable: 2, undefined: ReasonOneCategory},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := KrippendorffAlpha(tt.units)
			checkNumber(t, "α", got.Value, tt.alpha)
			if got.Units != tt.pairable || got.Undefined != tt.undefined {
				t.Errorf("units, undefined = %d, %q; want %d, %q", got.Units, got.Undefined, tt.pairable, tt.undefined)
			}
		})
	}
}

// shifted returns two annotators' units on a continuum of 20 code points:
// one unit [5, 10) each, the second shifted right by k.
func shifted(k int) []Continuum {
	return []Continuum{{Length: 20, Coders: [][]Segment{{{5, 10, "PER"}}, {{5 + k, 10 + k, "PER"}}}}}
}

func TestUnitizingAlpha(t *testing.T) {
	// Krippendorff (2004)'s example of two observers on [150, 450),
	// categories c and k, as DKPro Statistics encodes it (moved to start at
	// 0), checked against the figures DKPro's tests assert, within their
	// tolerance of 0.0001 (Krippendorff's paper rounds every step): uD_o(c)
	// = 0.0144, uD_e(c) = 0.0532, α_U(c) = 0.7285; uD_e(k) = 0.0490,
	// α_U(k) = 1; joint 0.8587. By hand: Σδ(c) = 2·(5² + 5² + 15² + 25²) +
	// 2·20² = 2600, uD_o(c) = 2600/(2·1·300²) = 0.01444.
	krippendorff2004 := []Continuum{{Length: 300, Coders: [][]Segment{
		{{75, 145, "c"}, {220, 250, "c"}, {30, 90, "k"}, {150, 200, "k"}},
		{{70, 150, "c"}, {205, 225, "c"}, {250, 270, "c"}, {30, 90, "k"}, {150, 200, "k"}},
	}}}
	tests := []struct {
		name      string
		continua  []Continuum
		label     string
		alpha     float64
		do, de    float64
		tolerance float64 // 0: an undefined value is expected
		undefined string
	}{
		{name: "Krippendorff 2004, c", continua: krippendorff2004, label: "c", alpha: 0.7285, do: 0.0144, de: 0.0532, tolerance: 0.0001},
		{name: "Krippendorff 2004, k", continua: krippendorff2004, label: "k", alpha: 1, do: 0, de: 0.0490, tolerance: 0.0001},
		{name: "Krippendorff 2004, joint", continua: krippendorff2004, alpha: 0.8587, do: 0.0144, de: 0.1022, tolerance: 0.0001},
		// Hand-derived (see TestUnitizingAlphaByHand): identical units.
		{name: "identical units", continua: shifted(0), label: "PER", alpha: 1, do: 0, de: 82.0 / 1520, tolerance: 0.0005},
		// Shifted by 2: δ = 2² + 2² = 8 each way, uD_o = 16/(2·1·20²) =
		// 0.02; uD_e = (2/20)·2·[(1/3)·180 + 25·14] / (40·39 − 2·20) =
		// 82/1520; α_U = 1 − 0.02·1520/82 = 0.629.
		{name: "shifted by 2", continua: shifted(2), label: "PER", alpha: 0.629, do: 0.02, de: 82.0 / 1520, tolerance: 0.0005},
		// Shifted by 5, no overlap: each unit lies in the other's gap, δ =
		// 5² four times: uD_o = 100/800 = 0.125, α_U = 1 − 0.125·1520/82.
		{name: "shifted by 5", continua: shifted(5), label: "PER", alpha: -1.317, do: 0.125, de: 82.0 / 1520, tolerance: 0.0005},
		{name: "no continuum", label: "PER", alpha: math.NaN(), do: math.NaN(), de: math.NaN(), undefined: ReasonNoUnits},
		{name: "label nobody used", continua: shifted(0), label: "LOC", alpha: math.NaN(), do: 0, de: 0, undefined: ReasonNoSpans},
		{name: "one annotator", continua: []Continuum{{Length: 20, Coders: [][]Segment{{{5, 10, "PER"}}}}}, label: "PER",
			alpha: math.NaN(), do: math.NaN(), de: math.NaN(), undefined: ReasonNoAnnotators},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := UnitizingAlpha(tt.continua, tt.label)
			check := func(what string, got Number, want float64) {
				t.Helper()
				if math.IsNaN(want) || tt.tolerance == 0 {
					checkNumber(t, what, got, want)
					return
				}
				if math.Abs(float64(got)-want) > tt.tolerance+1e-12 {
					t.Errorf("%s = %.5f, want %.4f ± %g", what, float64(got), want, tt.tolerance)
				}
			}
			check("α_U", got.Value, tt.alpha)
			check("uD_o", got.Observed, tt.do)
			check("uD_e", got.Expected, tt.de)
			if got.Undefined != tt.undefined {
				t.Errorf("undefined = %q, want %q", got.Undefined, tt.undefined)
			}
		})
	}
}

func TestUnitizingAlphaDecreasesWithShift(t *testing.T) {
	prev := 1.0
	for k := 1; k <= 5; k++ {
		got := float64(UnitizingAlpha(shifted(k), "PER").Value)
		if !(got < prev) {
			t.Errorf("α_U shifted by %d = %.4f, not below %.4f (shifted by %d)", k, got, prev, k-1)
		}
		prev = got
	}
}

func TestUnitizingAlphaEndToEnd(t *testing.T) {
	// Two articles shifted by 2, laid end to end (L = 40, by hand): Σδ =
	// 32, uD_o = 32/(2·1·40²) = 0.01; four units of 5 (N = 4) give
	// (3/3)·180 each, gaps 5, 10, 7, 8 twice give 25·28, so uD_e =
	// (2/40)·4·880 / (80·79 − 4·20) = 176/6240; α_U = 1 − 0.01·6240/176 =
	// 0.645.
	two := append(shifted(2), shifted(2)...)
	got := UnitizingAlpha(two, "PER")
	checkNumber(t, "α_U", got.Value, 0.645)
	checkNumber(t, "uD_o", got.Observed, 0.010)
	if got.Units != 2 {
		t.Errorf("units = %d, want 2 articles", got.Units)
	}
	// A label first used in the second article counts the first as a gap:
	// the order of the articles does not matter.
	empty := Continuum{Length: 20, Coders: [][]Segment{nil, nil}}
	late := UnitizingAlpha([]Continuum{empty, shifted(2)[0]}, "PER")
	early := UnitizingAlpha([]Continuum{shifted(2)[0], empty}, "PER")
	if !sameNumber(late.Value, early.Value) || !sameNumber(late.Expected, early.Expected) {
		t.Errorf("α_U depends on the order of the articles: %v (uD_e %v) then %v (uD_e %v)", late.Value, late.Expected, early.Value, early.Expected)
	}
	// Different numbers of annotators cannot be laid end to end.
	three := Continuum{Length: 20, Coders: [][]Segment{nil, nil, nil}}
	if mixed := UnitizingAlpha([]Continuum{shifted(0)[0], three}, "PER"); mixed.Defined() {
		t.Errorf("α_U over 2 and 3 annotators = %v, want undefined", mixed.Value)
	}
}

func TestSpanF1(t *testing.T) {
	a := []Segment{{0, 5, "PER"}, {10, 20, "ORG"}, {30, 35, "LOC"}, {40, 45, "PER"}}
	b := []Segment{{0, 5, "PER"}, {12, 20, "ORG"}, {30, 35, "PER"}, {50, 55, "MISC"}}
	tests := []struct {
		name             string
		a, b             []Segment
		exact, overlap   float64
		exactM, overlapM int
		undefined        string
	}{
		// Exact: only PER 0-5 matches: F1 = 2·1/8. Overlap: ORG 12-20
		// overlaps ORG 10-20 too; LOC/PER 30-35 differ in label.
		{name: "mixed", a: a, b: b, exact: 0.25, overlap: 0.5, exactM: 1, overlapM: 2},
		{name: "identical", a: a, b: a, exact: 1, overlap: 1, exactM: 4, overlapM: 4},
		// Each span used once: two of A overlap one of B; the better
		// overlap (Jaccard 5/6 against 2/6) takes it.
		{name: "each span once", a: []Segment{{0, 6, "PER"}, {4, 6, "PER"}}, b: []Segment{{0, 5, "PER"}}, exact: 0, overlap: 2.0 / 3, overlapM: 1},
		{name: "duplicates", a: []Segment{{0, 5, "PER"}, {0, 5, "PER"}}, b: []Segment{{0, 5, "PER"}}, exact: 2.0 / 3, overlap: 2.0 / 3, exactM: 1, overlapM: 1},
		{name: "one side empty", a: a, exact: 0, overlap: 0},
		{name: "no spans", exact: math.NaN(), overlap: math.NaN(), undefined: ReasonNoSpans},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex, ov := SpanF1Exact(tt.a, tt.b), SpanF1Overlap(tt.a, tt.b)
			checkNumber(t, "exact F1", ex.Value, round3(Number(tt.exact)))
			checkNumber(t, "overlap F1", ov.Value, round3(Number(tt.overlap)))
			if ex.Matched != tt.exactM || ov.Matched != tt.overlapM {
				t.Errorf("matched = %d exact, %d overlap; want %d, %d", ex.Matched, ov.Matched, tt.exactM, tt.overlapM)
			}
			if ex.Undefined != tt.undefined || ov.Undefined != tt.undefined {
				t.Errorf("undefined = %q, %q; want %q", ex.Undefined, ov.Undefined, tt.undefined)
			}
			if r := SpanF1Overlap(tt.b, tt.a); !sameNumber(r.Value, ov.Value) || r.Precision != ov.Recall && !math.IsNaN(float64(r.Precision)) {
				t.Errorf("overlap F1 swapped = %v (P %v), want %v (R %v)", r.Value, r.Precision, ov.Value, ov.Recall)
			}
		})
	}
}

func TestFigureJSON(t *testing.T) {
	got, err := json.Marshal(CohensKappa(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"value":null,"units":0,"undefined":"no units","observed":null,"chance":null}`
	if string(got) != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
	var back Kappa
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(float64(back.Value)) || back.Defined() {
		t.Errorf("read back %+v, want an undefined value", back)
	}
}
