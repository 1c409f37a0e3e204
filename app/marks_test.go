package app

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
)

func TestParagraphMarks(t *testing.T) {
	text := "Rex 😀 Tillerson\n\nMoscow and\nUN"
	paras := annotations.Paragraphs(text)
	schema := annotations.DefaultSchema()
	ents := []annotations.Entity{
		{ID: "a", Span: annotations.Span{Start: 0, End: 15}, Label: "PER"},  // "Rex 😀 Tillerson"
		{ID: "b", Span: annotations.Span{Start: 17, End: 23}, Label: "LOC"}, // "Moscow"
		{ID: "c", Span: annotations.Span{Start: 24, End: 30}, Label: "ORG"}, // "and\nUN" crosses a line
		{ID: "d", Span: annotations.Span{Start: 18, End: 23}, Label: "LOC"}, // "oscow" starts inside a word
	}
	got := paragraphMarks(paras, ents, schema, map[string]bool{"b": true})
	want := [][]Mark{
		{{ID: "a", Label: "PER", Color: "#f4a261", Start: 0, End: 15}},
		nil,
		{
			{ID: "b", Label: "LOC", Color: "#a7c957", Start: 0, End: 6, Conflict: true},
			{ID: "c", Label: "ORG", Color: "#8ecae6", Start: 7, End: 11, Warn: "crosses a paragraph break"},
			{ID: "d", Label: "LOC", Color: "#a7c957", Start: 1, End: 6, Warn: "starts inside a word"},
		},
		{{ID: "c", Label: "ORG", Color: "#8ecae6", Start: 0, End: 2, Warn: "crosses a paragraph break"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paragraphMarks (-want +got):\n%s", diff)
	}
}

func TestSegments(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		marks []Mark
		want  []string // segment texts, marked ones as [id:text]
	}{
		{"none", "plain 😀 text", nil, []string{"plain 😀 text"}},
		{"one after emoji", "😀 Rex said", []Mark{{ID: "a", Start: 2, End: 5}}, []string{"😀 ", "[a:Rex]", " said"}},
		{"nested takes innermost", "United Nations Security Council", []Mark{
			{ID: "outer", Start: 0, End: 31}, {ID: "inner", Start: 0, End: 14},
		}, []string{"[inner:United Nations]", "[outer: Security Council]"}},
		{"overlap", "abcdef", []Mark{{ID: "x", Start: 0, End: 4}, {ID: "y", Start: 2, End: 6}}, []string{"[x:ab]", "[x:cd]", "[y:ef]"}},
		{"clipped to text", "ab", []Mark{{ID: "x", Start: 1, End: 9}}, []string{"a", "[x:b]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs := segments(tt.text, tt.marks)
			var got []string
			var joined strings.Builder
			for _, s := range segs {
				joined.WriteString(s.Text)
				if s.Mark == nil {
					got = append(got, s.Text)
				} else {
					got = append(got, "["+s.Mark.ID+":"+s.Text+"]")
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("segments (-want +got):\n%s", diff)
			}
			if joined.String() != tt.text {
				t.Errorf("segments joined = %q, want the text %q", joined.String(), tt.text)
			}
		})
	}
}

func TestSegmentsCoversOutermostFirst(t *testing.T) {
	segs := segments("abc", []Mark{{ID: "inner", Start: 1, End: 2}, {ID: "outer", Start: 0, End: 3}})
	if diff := cmp.Diff([]string{"outer", "inner"}, segs[1].Covers); diff != "" {
		t.Errorf("covers (-want +got):\n%s", diff)
	}
	if segs[1].Depth != 2 {
		t.Errorf("depth = %d, want 2", segs[1].Depth)
	}
}

// TestSegmentsThreeLevels: "UN Security Council resolution" (ORG) around
// "UN Security Council" (ORG) around "UN" (LOC): each run knows every
// mention around its innermost one, outermost first, so each level can be
// drawn, and a click cycles through all three.
func TestSegmentsThreeLevels(t *testing.T) {
	text := "UN Security Council resolution"
	segs := segments(text, []Mark{
		{ID: "resolution", Start: 0, End: 30},
		{ID: "council", Start: 0, End: 19},
		{ID: "un", Start: 0, End: 2},
	})
	type run struct {
		Text, Mark string
		Outers     []string
		Covers     []string
	}
	var got []run
	for _, s := range segs {
		r := run{Text: s.Text, Mark: s.Mark.ID, Covers: s.Covers}
		for _, o := range s.Outers {
			r.Outers = append(r.Outers, o.ID)
		}
		if s.Outer != nil && s.Outer != s.Outers[len(s.Outers)-1] {
			t.Errorf("run %q: Outer %s is not the last of Outers", s.Text, s.Outer.ID)
		}
		got = append(got, r)
	}
	want := []run{
		{"UN", "un", []string{"resolution", "council"}, []string{"resolution", "council", "un"}},
		{" Security Council", "council", []string{"resolution"}, []string{"resolution", "council"}},
		{" resolution", "resolution", nil, []string{"resolution"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
}

// TestMarkCache edits a set at random, in the ways the editor does (add,
// remove, relabel a mention; add a quote with or without a cue, move or
// remove one; change the labels' colours; flag conflicts), and checks after
// each edit that the cache gives exactly the marks computed from scratch,
// and the same slice for every paragraph whose marks did not change.
func TestMarkCache(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		if i > 0 {
			b.WriteString([]string{" ", "\n", "\n\n"}[i%3])
		}
		b.WriteString([]string{"Rex 😀 Tillerson", "met", "the UN", "in Moscow", "résumé"}[i%5])
	}
	text := b.String()
	n := len([]rune(text))
	paras := annotations.Paragraphs(text)
	schema := annotations.DefaultSchema()
	rng := rand.New(rand.NewPCG(1, 2))
	span := func() annotations.Span {
		start := rng.IntN(n - 1)
		return annotations.Span{Start: start, End: start + 1 + rng.IntN(min(40, n-start-1)+1)}
	}
	var ents []annotations.Entity
	var quotes []annotations.Quote
	conflicted := map[string]bool{}
	var cache markCache
	var prev [][]Mark
	for step := range 400 {
		// Edits make new slices, as SetState does; the old ones stay as
		// they were.
		ents, quotes = slices.Clone(ents), slices.Clone(quotes)
		switch op := rng.IntN(10); {
		case op < 4 || len(ents) == 0:
			ents = append(ents, annotations.Entity{ID: fmt.Sprint("e", step), Span: span(), Label: schema.EntityLabels[rng.IntN(4)].Name})
		case op == 4:
			i := rng.IntN(len(ents))
			ents = append(ents[:i], ents[i+1:]...)
		case op == 5:
			ents[rng.IntN(len(ents))].Label = schema.EntityLabels[rng.IntN(4)].Name
		case op == 6:
			q := annotations.Quote{ID: fmt.Sprint("q", step), Content: span()}
			if rng.IntN(2) == 0 {
				cue := span()
				q.Cue = &cue
			}
			quotes = append(quotes, q)
		case op == 7 && len(quotes) > 0:
			i := rng.IntN(len(quotes))
			if rng.IntN(2) == 0 {
				quotes = append(quotes[:i], quotes[i+1:]...)
			} else {
				quotes[i].Content = span()
			}
		case op == 8:
			schema.EntityLabels = slices.Clone(schema.EntityLabels)
			schema.EntityLabels[rng.IntN(4)].Color = fmt.Sprintf("#%06x", rng.IntN(1<<24))
		case op == 9 && len(ents) > 0:
			conflicted = maps.Clone(conflicted)
			conflicted[ents[rng.IntN(len(ents))].ID] = true
		}
		annotations.SortEntities(ents)
		sort.Slice(quotes, func(i, j int) bool { return annotations.CompareQuotes(quotes[i], quotes[j]) < 0 })

		got := cache.update(paras, ents, quotes, schema, conflicted)
		want := paragraphMarks(paras, ents, schema, conflicted)
		addQuoteMarks(want, paras, quotes, conflicted)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("step %d: cached marks (-want +got):\n%s", step, diff)
		}
		for i := range got {
			if prev != nil && len(got[i]) > 0 && slices.Equal(got[i], prev[i]) && &got[i][0] != &prev[i][0] {
				t.Fatalf("step %d: paragraph %d's marks did not change but are a new slice", step, i)
			}
		}
		prev = got
	}
}
