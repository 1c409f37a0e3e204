package agreement

import (
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/agreement/agreementtest"
)

// syntheticProject returns agreementtest.Project(n) as Compute takes it.
func syntheticProject(n int) []ArticleSets {
	articles, sets := agreementtest.Project(n)
	out := make([]ArticleSets, n)
	for i := range out {
		out[i] = ArticleSets{Article: articles[i], Sets: sets[i]}
	}
	return out
}

// BenchmarkCompute computes a project's agreement from scratch: 1,000
// articles × 3 annotators.
func BenchmarkCompute(b *testing.B) {
	articles := syntheticProject(1000)
	b.ResetTimer()
	for b.Loop() {
		r := Compute(articles)
		if !r.Overall.Alpha.Defined() {
			b.Fatal("α undefined")
		}
	}
}

func TestSyntheticProjectIsRealistic(t *testing.T) {
	articles := syntheticProject(3)
	r := Compute(articles)
	if r.Overall.Tokens < 3*600 || r.Overall.SpanF1Exact.Units < 3*3*2*30 {
		t.Errorf("synthetic project has %d tokens and %d spans over pairs: smaller than the benchmark claims", r.Overall.Tokens, r.Overall.SpanF1Exact.Units)
	}
	for _, f := range []Figure{r.Overall.FleissKappa.Figure, r.Overall.Alpha, r.Overall.AlphaU.Figure, r.Overall.SpanF1Exact.Figure, r.Overall.Quotes.Content.Figure, r.Overall.Stances.Matched.Figure} {
		if !f.Defined() || !(f.Value > 0 && f.Value < 1) {
			t.Errorf("figure %+v: want a value between 0 and 1 (annotators drift, not agree fully)", f)
		}
	}
}

// BenchmarkCombineAfterOneChange updates the report of 1,000 articles × 3
// annotators when one set changed: the changed article tallied again, and
// every article's tally combined.
func BenchmarkCombineAfterOneChange(b *testing.B) {
	articles := syntheticProject(1000)
	tallies := make([]ArticleTally, len(articles))
	for i, a := range articles {
		tallies[i] = Tally(a)
	}
	changed := articles[500]
	changed.Sets = append([]annotations.Set(nil), changed.Sets...)
	changed.Sets[1].Entities = changed.Sets[1].Entities[1:]
	b.ResetTimer()
	for b.Loop() {
		tallies[500] = Tally(changed)
		r := Combine(tallies)
		if !r.Overall.Alpha.Defined() {
			b.Fatal("α undefined")
		}
	}
}
