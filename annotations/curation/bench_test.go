package curation

import (
	"strconv"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/uuid"
)

// BenchmarkCompareMerge compares three annotators' sets of a 10,000-word
// article (a mention every fifth word, a quote every fiftieth, a tenth of
// the mentions labelled otherwise by each) with an empty gold set, and
// merges what they agree on (1,500 mentions and 200 quotes); then, as the
// curation view does after each pause in the curator's edits, compares the
// merged gold set again with a Comparer kept from the first comparison.
func BenchmarkCompareMerge(b *testing.B) {
	var words []string
	for i := range 10000 {
		words = append(words, "w"+strconv.Itoa(i))
	}
	text := strings.Join(words, " ")
	runes := []rune(text)
	id := annotations.ArticleID(text)
	var sets []annotations.Set
	for a, name := range []string{"al", "bo", "cy"} {
		k := annotations.SetKey{ArticleID: id, Annotator: name}
		st := annotations.NewSetState(k)
		start := 0
		var last string
		for i, w := range words {
			end := start + len([]rune(w))
			if i%5 == 0 {
				span, _ := annotations.NewSpan(runes, start, end)
				label := "PER"
				if (i/5)%10 == a {
					label = "ORG"
				}
				e := annotations.Entity{ID: uuid.NewString(), Span: span, Label: label}
				r, err := annotations.NewEntityRevision("", k, e)
				if err == nil {
					err = st.Apply(r)
				}
				if err != nil {
					b.Fatal(err)
				}
				last = e.ID
			}
			if i%50 == 49 {
				content, _ := annotations.NewSpan(runes, start, end)
				r, err := annotations.NewQuoteRevision("", k, annotations.Quote{ID: uuid.NewString(), Content: content, Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: last}})
				if err == nil {
					err = st.Apply(r)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			start = end + 1
		}
		sets = append(sets, st.Set())
	}
	gold, _ := annotations.BuildSet(goldK, nil)
	b.Run("compare", func(b *testing.B) {
		for b.Loop() {
			if c := Compare(gold, sets, Options{}); len(c.Agreed) == 0 {
				b.Fatal("nothing agreed")
			}
		}
	})
	c := Compare(gold, sets, Options{})
	b.Run("merge", func(b *testing.B) {
		for b.Loop() {
			if _, err := Merge(gold, c); err != nil {
				b.Fatal(err)
			}
		}
	})
	revs, err := Merge(gold, c)
	if err != nil {
		b.Fatal(err)
	}
	merged := annotations.NewSetState(goldK)
	if err := merged.Apply(revs...); err != nil {
		b.Fatal(err)
	}
	kept := NewComparer(sets, Options{})
	b.Run("compare-again", func(b *testing.B) {
		for b.Loop() {
			if c := kept.Compare(merged.View(), merged.Head); len(c.Agreed) > 0 {
				b.Fatal("merged, yet agreed")
			}
		}
	})
}
