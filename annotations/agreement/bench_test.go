package agreement

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// syntheticProject returns n articles of about 600 words (some 3,700 code
// points), each annotated by three annotators: about 40 mentions (a few
// nested), 6 quotes with speakers, 3 stances and 4 groups per set, the
// second and third annotators drifting from the first (missed, shifted,
// relabelled, added mentions; missed and shifted quotes; flipped direct and polarity).
func syntheticProject(n int) []ArticleSets {
	rng := rand.New(rand.NewPCG(14, 2026))
	vocab := strings.Fields("the minister said on talks between officials and the council would resume after a long pause in relations while critics argued that sanctions had failed to change course")
	names := strings.Fields("Rex Tillerson Sergei Lavrov Angela Merkel Moscow Berlin Washington Reuters Kremlin NATO Geneva")
	labels := []string{"PER", "ORG", "LOC", "MISC"}
	out := make([]ArticleSets, n)
	for a := range out {
		var b strings.Builder
		type word struct{ start, end int }
		var words []word
		var nameWords []int
		pos := 0
		for w := 0; w < 600; w++ {
			var s string
			if rng.IntN(8) == 0 {
				s = names[rng.IntN(len(names))]
				nameWords = append(nameWords, w)
			} else {
				s = vocab[rng.IntN(len(vocab))]
			}
			if w > 0 {
				b.WriteByte(' ')
				pos++
			}
			b.WriteString(s)
			words = append(words, word{pos, pos + len(s)})
			pos += len(s)
			if rng.IntN(15) == 0 {
				b.WriteByte('.')
				pos++
			}
		}
		text := b.String()
		art := annotations.Article{ID: fmt.Sprintf("article-%04d", a), Title: "Synthetic", Text: text}
		// The first annotator's mentions, on names and the word after.
		var base []annotations.Entity
		for i, w := range nameWords {
			if len(base) == 40 {
				break
			}
			end := words[w].end
			if w+1 < len(words) && rng.IntN(3) == 0 {
				end = words[w+1].end
			}
			base = append(base, annotations.Entity{ID: fmt.Sprintf("e%d", i), Span: annotations.Span{Start: words[w].start, End: end}, Label: labels[rng.IntN(len(labels))]})
			if rng.IntN(10) == 0 && w+3 < len(words) {
				base = append(base, annotations.Entity{ID: fmt.Sprintf("n%d", i), Span: annotations.Span{Start: words[w].start, End: words[w+3].end}, Label: "MISC"})
			}
		}
		sets := make([]annotations.Set, 3)
		for k := range sets {
			s := annotations.Set{ArticleID: art.ID, Annotator: fmt.Sprintf("annotator-%d", k)}
			for _, e := range base {
				e.ID = fmt.Sprintf("%d-%s", k, e.ID)
				if k > 0 {
					switch rng.IntN(12) {
					case 0:
						continue // missed
					case 1:
						e.End = max(e.Start+1, e.End-2) // shifted end
					case 2:
						e.Label = labels[rng.IntN(len(labels))]
					}
				}
				s.Entities = append(s.Entities, e)
			}
			if k > 0 && rng.IntN(2) == 0 {
				w := words[rng.IntN(len(words))]
				s.Entities = append(s.Entities, annotations.Entity{ID: fmt.Sprintf("%d-extra", k), Span: annotations.Span{Start: w.start, End: w.end}, Label: "ORG"})
			}
			for g := 0; g < 4 && 2*g+1 < len(s.Entities); g++ {
				s.Groups = append(s.Groups, annotations.EntityGroup{ID: fmt.Sprintf("%d-g%d", k, g), Members: []string{s.Entities[2*g].ID, s.Entities[2*g+1].ID}})
			}
			for q := range 6 {
				w := 90*q + 5
				start, end := words[w].start, words[w+12].end
				if k > 0 && rng.IntN(4) == 0 {
					start = words[w+2].start
				}
				if k > 0 && q >= 3 && rng.IntN(5) == 0 {
					continue // missed (stances refer to the first three)
				}
				s.Quotes = append(s.Quotes, annotations.Quote{ID: fmt.Sprintf("%d-q%d", k, q), Content: annotations.Span{Start: start, End: end},
					Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: s.Entities[(q*5+k*rng.IntN(2))%len(s.Entities)].ID}, Direct: (q+k*rng.IntN(2))%2 == 0})
			}
			polarities := []string{"FAVOR", "AGAINST", "NONE"}
			for st := range 3 {
				s.Stances = append(s.Stances, annotations.Stance{ID: fmt.Sprintf("%d-s%d", k, st),
					Holder:   annotations.Holder{Kind: annotations.RefQuoteSpeaker, ID: s.Quotes[st].ID},
					Target:   annotations.Target{Kind: annotations.RefTopic, Topic: []string{"sanctions", "the talks", "NATO"}[st]},
					Polarity: polarities[(st+k*rng.IntN(2))%3]})
			}
			sets[k] = s
		}
		out[a] = ArticleSets{Article: art, Sets: sets}
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
