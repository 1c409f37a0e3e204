package agreement

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
)

// project returns three articles: the first marked done by ana, bo and cy,
// the second by ana and bo, the third by ana alone. ana and bo agree on
// everything; cy labels Moscow ORG and misses Lavrov.
func project(t testing.TB) []ArticleSets {
	one := "Rex Tillerson met Sergei Lavrov in Moscow on Wednesday."
	two := "Angela Merkel spoke in Berlin."
	three := "Nobody else marked this one."
	art := func(text string) annotations.Article {
		return annotations.Article{ID: annotations.ArticleID(text), Title: text[:10], Text: text}
	}
	set := func(annotator, text string, es ...annotations.Entity) annotations.Set {
		return annotations.Set{ArticleID: annotations.ArticleID(text), Annotator: annotator, Entities: es}
	}
	oneEntities := func(prefix string) []annotations.Entity {
		return []annotations.Entity{
			mention(t, one, prefix+"1", "Rex Tillerson", "PER"),
			mention(t, one, prefix+"2", "Sergei Lavrov", "PER"),
			mention(t, one, prefix+"3", "Moscow", "LOC"),
		}
	}
	twoEntities := func(prefix string) []annotations.Entity {
		return []annotations.Entity{mention(t, two, prefix+"1", "Angela Merkel", "PER"), mention(t, two, prefix+"2", "Berlin", "LOC")}
	}
	return []ArticleSets{
		{Article: art(one), Sets: []annotations.Set{
			set("cy", one, mention(t, one, "c1", "Rex Tillerson", "PER"), mention(t, one, "c3", "Moscow", "ORG")),
			set("ana", one, oneEntities("a")...),
			set("bo", one, oneEntities("b")...),
		}},
		{Article: art(two), Sets: []annotations.Set{set("ana", two, twoEntities("a")...), set("bo", two, twoEntities("b")...)}},
		{Article: art(three), Sets: []annotations.Set{set("ana", three)}},
	}
}

func TestCompute(t *testing.T) {
	articles := project(t)
	r := Compute(articles)

	if diff := cmp.Diff([]string{articles[2].Article.ID}, r.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if r.Overall.Articles != 2 || len(r.Articles) != 2 {
		t.Fatalf("%d articles over all, %d reported; want 2", r.Overall.Articles, len(r.Articles))
	}
	if diff := cmp.Diff([]string{"ana", "bo", "cy"}, r.Overall.Annotators); diff != "" {
		t.Errorf("annotators (-want +got):\n%s", diff)
	}

	// The figures on tokens match the measures on the units computed
	// directly.
	var tokensAll int
	var units [][]string     // α over all: every token of both articles
	var fleissCounts [][]int // Fleiss over all: article one only (3 annotators)
	pairLabels := map[[2]string][2][]string{}
	for ai, a := range articles[:2] {
		sets := a.Sets
		text := []rune(a.Article.Text)
		toks := Tokens(text, sets)
		labels := TokenLabels(text, toks, sets)
		tokensAll += len(toks)
		cats := map[string]int{"O": 0, "PER": 1, "LOC": 2, "ORG": 3}
		for ti := range toks {
			var u []string
			counts := make([]int, len(cats))
			for si := range sets {
				u = append(u, labels[si][ti])
				counts[cats[labels[si][ti]]]++
			}
			units = append(units, u)
			if ai == 0 {
				fleissCounts = append(fleissCounts, counts)
			}
		}
		for i := range sets {
			for j := range sets {
				if sets[i].Annotator < sets[j].Annotator {
					k := [2]string{sets[i].Annotator, sets[j].Annotator}
					pl := pairLabels[k]
					pl[0] = append(pl[0], labels[i]...)
					pl[1] = append(pl[1], labels[j]...)
					pairLabels[k] = pl
				}
			}
		}
	}
	if r.Overall.Tokens != tokensAll {
		t.Errorf("tokens = %d, want %d", r.Overall.Tokens, tokensAll)
	}
	near := func(what string, got, want Number) {
		t.Helper()
		if math.Abs(float64(got-want)) > 1e-12 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	near("α over all", r.Overall.Alpha.Value, KrippendorffAlpha(units).Value)
	wantFleiss := FleissKappa(fleissCounts)
	near("Fleiss' κ over all", r.Overall.FleissKappa.Value, wantFleiss.Value)
	if r.Overall.FleissKappa.Units != len(fleissCounts) || r.Overall.FleissKappa.Dropped != tokensAll-len(fleissCounts) {
		t.Errorf("Fleiss' κ over %d tokens, %d dropped; want %d, %d", r.Overall.FleissKappa.Units, r.Overall.FleissKappa.Dropped, len(fleissCounts), tokensAll-len(fleissCounts))
	}

	wantPairs := []struct {
		a, b     string
		articles int
		exact    float64
	}{
		{"ana", "bo", 2, 1},
		{"ana", "cy", 1, 2.0 / 5}, // Rex Tillerson only, of 3 + 2 spans
		{"bo", "cy", 1, 2.0 / 5},
	}
	if len(r.Pairs) != len(wantPairs) {
		t.Fatalf("%d pairs, want %d", len(r.Pairs), len(wantPairs))
	}
	for i, w := range wantPairs {
		p := r.Pairs[i]
		if p.A != w.a || p.B != w.b || p.Articles != w.articles {
			t.Errorf("pair %d = %s/%s over %d articles, want %s/%s over %d", i, p.A, p.B, p.Articles, w.a, w.b, w.articles)
			continue
		}
		near(p.A+"/"+p.B+" exact F1", p.SpanF1Exact.Value, Number(w.exact))
		pl := pairLabels[[2]string{p.A, p.B}]
		near(p.A+"/"+p.B+" Cohen's κ", p.CohensKappa.Value, CohensKappa(pl[0], pl[1]).Value)
		if p.CohensKappa.Units != len(pl[0]) || p.Confusion.total() != len(pl[0]) {
			t.Errorf("%s/%s: κ over %d tokens, confusion %d; want %d", p.A, p.B, p.CohensKappa.Units, p.Confusion.total(), len(pl[0]))
		}
	}
	if got := r.Pairs[0].CohensKappa.Value; got != 1 {
		t.Errorf("ana/bo agree on everything: κ = %v, want 1", got)
	}
	// cy labelled Moscow ORG where ana said LOC: the confusion matrix
	// shows it.
	c := r.Pairs[1].Confusion
	if c.Counts[index(c.Labels, "LOC")][index(c.Labels, "ORG")] != 1 {
		t.Errorf("ana/cy confusion %v %v: want one LOC token labelled ORG", c.Labels, c.Counts)
	}

	// α_U over all: the three-annotator article only; per label the same.
	one := articles[0]
	var coders [][]Segment
	for _, a := range []string{"ana", "bo", "cy"} {
		for _, s := range one.Sets {
			if s.Annotator == a {
				coders = append(coders, Segments(s))
			}
		}
	}
	continuum := []Continuum{{Length: len([]rune(one.Article.Text)), Coders: coders}}
	near("joint α_U", r.Overall.AlphaU.Value, UnitizingAlpha(continuum, "").Value)
	if r.Overall.AlphaU.Dropped != 1 {
		t.Errorf("α_U dropped %d articles, want 1", r.Overall.AlphaU.Dropped)
	}
	var labels []string
	for _, l := range r.Labels {
		labels = append(labels, l.Label)
		near(l.Label+" α_U", l.AlphaU.Value, UnitizingAlpha(continuum, l.Label).Value)
	}
	if diff := cmp.Diff([]string{"LOC", "ORG", "PER"}, labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}

	// The report is JSON, undefined figures as null.
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("JSON: %v", err)
	}
}

func index(labels []string, l string) int {
	for i, x := range labels {
		if x == l {
			return i
		}
	}
	return -1
}

func TestComputeNothing(t *testing.T) {
	for name, articles := range map[string][]ArticleSets{
		"no articles":        nil,
		"one set each":       project(t)[2:],
		"no entities at all": {{Article: annotations.Article{ID: "x", Text: "Plain text."}, Sets: []annotations.Set{{Annotator: "a"}, {Annotator: "b"}}}},
	} {
		t.Run(name, func(t *testing.T) {
			r := Compute(articles)
			if r.Overall.SpanF1Exact.Defined() || r.Overall.AlphaU.Defined() {
				t.Errorf("F1 %v, α_U %v: want undefined without spans", r.Overall.SpanF1Exact.Value, r.Overall.AlphaU.Value)
			}
			if r.Overall.FleissKappa.Defined() || r.Overall.Alpha.Defined() {
				t.Errorf("κ %v, α %v: want undefined (no tokens, or every token O)", r.Overall.FleissKappa.Value, r.Overall.Alpha.Value)
			}
			if r.Overall.Quotes.Direct.Defined() || r.Overall.Stances.Polarity.Defined() {
				t.Errorf("quote and stance α defined without matched pairs")
			}
			if _, err := json.Marshal(r); err != nil {
				t.Errorf("JSON: %v", err)
			}
		})
	}
}

func TestComputeQuotesAndStances(t *testing.T) {
	ana, bo := quoteSets(t)
	a := annotations.Article{ID: "q", Text: quoteText}
	r := Compute([]ArticleSets{{Article: a, Sets: []annotations.Set{bo, ana}}})
	q, s := r.Overall.Quotes, r.Overall.Stances
	if q.Content.Matched != 2 || q.Content.Units != 4 || q.SameDirect != 1 || q.SameSpeaker != 2 {
		t.Errorf("quotes %+v: want 2 of 2+2 matched, 1 same direct, 2 same speaker", q)
	}
	// Direct over the 2 matched pairs: (direct, indirect), (indirect,
	// indirect): n = 4, Σ_{c≠k} o_ck = 2, n_direct·n_indirect·2 = 6;
	// α = 1 − 3·2/6 = 0.
	checkNumber(t, "α direct", q.Direct.Value, 0)
	if q.Speaker.Defined() {
		t.Errorf("speaker α = %v: every pair names one speaker, want undefined (one category)", q.Speaker.Value)
	}
	if s.Matched.Matched != 1 || s.Matched.Units != 4 || s.SamePolarity != 1 {
		t.Errorf("stances %+v: want 1 of 2+2 matched with the same polarity", s)
	}
	if len(r.Pairs) != 1 || r.Pairs[0].A != "ana" || r.Pairs[0].Quotes.Content.Matched != 2 {
		t.Errorf("pairs %+v: want ana/bo with 2 matched quotes", r.Pairs)
	}
}

func TestComputeIgnoresSetOrder(t *testing.T) {
	articles := project(t)
	want, err := json.Marshal(Compute(articles))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range articles {
		slices.Reverse(a.Sets)
	}
	got, err := json.Marshal(Compute(articles))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("report with the sets reversed (-want +got):\n%s", diff)
	}
}

// TestCombineUpdatesOneArticle: a report combined from kept tallies, with
// the changed articles tallied again, is the report computed from scratch
// over the changed project; combining reads the tallies without changing
// them.
func TestCombineUpdatesOneArticle(t *testing.T) {
	articles := append(syntheticProject(12), project(t)...)
	tallies := make([]ArticleTally, len(articles))
	for i, a := range articles {
		tallies[i] = Tally(a)
		if tallies[i].ArticleID() != a.Article.ID {
			t.Fatalf("tally %d is of %s, want %s", i, tallies[i].ArticleID(), a.Article.ID)
		}
	}
	r := Combine(tallies)
	checkMeasures(t, articles, r)
	first := reportJSON(t, r)
	if want := reportJSON(t, Compute(articles)); first != want {
		t.Fatalf("Combine of the tallies differs from Compute:\n%s", cmp.Diff(want, first))
	}

	changes := []struct {
		name   string
		change func(sets []annotations.Set) []annotations.Set
	}{
		{"a mention removed", func(sets []annotations.Set) []annotations.Set {
			sets[1].Entities = sets[1].Entities[1:]
			return sets
		}},
		{"a label changed", func(sets []annotations.Set) []annotations.Set {
			sets[2].Entities[3].Label = "NEW"
			return sets
		}},
		{"one annotator less (the article leaves Fleiss' κ and α_U)", func(sets []annotations.Set) []annotations.Set {
			return sets[:2]
		}},
		{"a fourth annotator (the others leave Fleiss' κ and α_U)", func(sets []annotations.Set) []annotations.Set {
			extra := sets[0]
			extra.Annotator = "annotator-9"
			return append(sets, extra)
		}},
		{"one set left (the article is skipped)", func(sets []annotations.Set) []annotations.Set {
			return sets[:1]
		}},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			changed := slices.Clone(articles)
			const at = 5
			sets := make([]annotations.Set, len(articles[at].Sets))
			for i, s := range articles[at].Sets {
				s.Entities = slices.Clone(s.Entities)
				sets[i] = s
			}
			changed[at] = ArticleSets{Article: articles[at].Article, Sets: c.change(sets)}
			updated := slices.Clone(tallies)
			updated[at] = Tally(changed[at])
			r := Combine(updated)
			checkMeasures(t, changed, r)
			got, want := reportJSON(t, r), reportJSON(t, Compute(changed))
			if got != want {
				t.Errorf("updated report differs from the one computed from scratch:\n%s", cmp.Diff(want, got))
			}
			if got == first {
				t.Errorf("the change left the report as it was")
			}
		})
	}
	if again := reportJSON(t, Combine(tallies)); again != first {
		t.Errorf("the kept tallies changed while combined:\n%s", cmp.Diff(first, again))
	}
}

func reportJSON(t *testing.T, r Report) string {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkMeasures checks a report's figures on tokens and α_U over the
// project against the measures computed directly on the articles' units.
func checkMeasures(t *testing.T, articles []ArticleSets, r Report) {
	t.Helper()
	maxM := 0
	for _, a := range articles {
		maxM = max(maxM, len(a.Sets))
	}
	category := map[string]int{}
	var units [][]string
	var fleiss [][]int
	var continua []Continuum
	pairs := map[[2]string][2][]string{}
	for _, a := range articles {
		if len(a.Sets) < 2 {
			continue
		}
		sets := slices.Clone(a.Sets)
		slices.SortFunc(sets, func(x, y annotations.Set) int { return strings.Compare(x.Annotator, y.Annotator) })
		text := []rune(a.Article.Text)
		toks := Tokens(text, sets)
		labels := TokenLabels(text, toks, sets)
		for ti := range toks {
			var u []string
			var counts []int
			for si := range sets {
				l := labels[si][ti]
				u = append(u, l)
				c, ok := category[l]
				if !ok {
					c = len(category)
					category[l] = c
				}
				for len(counts) <= c {
					counts = append(counts, 0)
				}
				counts[c]++
			}
			units = append(units, u)
			if len(sets) == maxM {
				fleiss = append(fleiss, counts)
			}
		}
		if len(sets) == maxM {
			c := Continuum{Length: len(text)}
			for _, s := range sets {
				c.Coders = append(c.Coders, Segments(s))
			}
			continua = append(continua, c)
		}
		for i := range sets {
			for j := i + 1; j < len(sets); j++ {
				k := [2]string{sets[i].Annotator, sets[j].Annotator}
				pl := pairs[k]
				pl[0] = append(pl[0], labels[i]...)
				pl[1] = append(pl[1], labels[j]...)
				pairs[k] = pl
			}
		}
	}
	near := func(what string, got, want Number) {
		t.Helper()
		if !(math.Abs(float64(got-want)) <= 1e-12 || math.IsNaN(float64(got)) && math.IsNaN(float64(want))) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	near("α over all", r.Overall.Alpha.Value, KrippendorffAlpha(units).Value)
	near("Fleiss' κ over all", r.Overall.FleissKappa.Value, FleissKappa(fleiss).Value)
	near("joint α_U over all", r.Overall.AlphaU.Value, UnitizingAlpha(continua, "").Value)
	if len(r.Pairs) != len(pairs) {
		t.Errorf("%d pairs, want %d", len(r.Pairs), len(pairs))
	}
	for _, p := range r.Pairs {
		pl := pairs[[2]string{p.A, p.B}]
		near(p.A+"/"+p.B+" Cohen's κ", p.CohensKappa.Value, CohensKappa(pl[0], pl[1]).Value)
		var c Confusion
		for i := range pl[0] {
			c.add(pl[0][i], pl[1][i], 1)
		}
		if diff := cmp.Diff(c, p.Confusion); diff != "" {
			t.Errorf("%s/%s confusion (-want +got):\n%s", p.A, p.B, diff)
		}
	}
}
