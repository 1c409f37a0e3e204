package suggest

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/suggest/suggesttest"
)

// corpusDir is the corpus folder from this package's.
const corpusDir = "testdata/corpus"

// article is one article of the corpus.
type article = suggesttest.Article

var (
	loadCorpus   = suggesttest.LoadCorpus
	parseArticle = suggesttest.ParseArticle
	corpusLabels = suggesttest.Labels
)

// TestCorpus: the replay's corpus has at least 60 articles, numbered from
// 001 without a gap; each parses, each mention's text is its span's,
// mentions do not overlap nor cross a paragraph, and every label has
// mentions.
func TestCorpus(t *testing.T) {
	arts, err := loadCorpus(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) < 60 {
		t.Errorf("%d articles in %s; the replay wants 60 at least", len(arts), corpusDir)
	}
	labels := map[string]int{}
	partWords := 0
	for i, a := range arts {
		if want := fmt.Sprintf("%03d-", i+1); !strings.HasPrefix(filepath.Base(a.Name), want) {
			t.Errorf("%s: want the article numbered %s", a.Name, want)
		}
		end := 0
		for _, m := range a.Mentions {
			labels[m.Label]++
			if got := string(a.Text[m.Start:m.End]); got != m.Exact {
				t.Errorf("%s: mention %q at [%d, %d) spans %q", a.Name, m.Exact, m.Start, m.End, got)
			}
			if m.Start < end {
				t.Errorf("%s: mention %q at [%d, %d) overlaps the one before", a.Name, m.Exact, m.Start, m.End)
			}
			end = m.End
			b := annotations.SpanBoundary(a.Text, m.Start, m.End)
			if b.CrossesParagraph {
				t.Errorf("%s: mention %q crosses a line", a.Name, m.Exact)
			}
			if b.StartsInWord || b.EndsInWord {
				partWords++ // "Kyiv-based": allowed, counted
			}
		}
	}
	for _, l := range corpusLabels {
		if labels[l] == 0 {
			t.Errorf("no mention labelled %s", l)
		}
	}
	t.Logf("%d articles, mentions %v, %d of them part of a word", len(arts), labels, partWords)
}

// TestParseArticle: offsets in code points, the markup taken out, and
// malformed markup refused with its line.
func TestParseArticle(t *testing.T) {
	a, err := parseArticle("x.txt", []byte("Élan in [Zürich|LOC]\n\n👋🏽 [Ana Ruiz|PER] met [the UN|ORG].\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Élan in Zürich\n\n👋🏽 Ana Ruiz met the UN."; string(a.Text) != want {
		t.Errorf("text %q, want %q", string(a.Text), want)
	}
	var got []string
	for _, m := range a.Mentions {
		got = append(got, fmt.Sprintf("%d-%d %s %s", m.Start, m.End, m.Exact, m.Label))
	}
	if want := []string{"8-14 Zürich LOC", "19-27 Ana Ruiz PER", "32-38 the UN ORG"}; !slices.Equal(got, want) {
		t.Errorf("mentions %q, want %q", got, want)
	}
	for _, bad := range []struct{ src, line string }{
		{"H\n\nA [b|PER c.\n", "x.txt:3"},
		{"H\n\nA [b [c|PER]|ORG].\n", "x.txt:3"},
		{"H\n\nA b|c.\n", "x.txt:3"},
		{"H\n\nOk.\n\nA ]b.\n", "x.txt:5"},
		{"H\n\nA [b|MISC].\n", "x.txt:3"},
		{"H\n\nA [ b|PER].\n", "x.txt:3"},
		{"H\n\nA [b|PER\n]\n", "x.txt:3"},
		{"H\n\nE\u0301te.\n", "x.txt:3"},
		{"H\nno blank line\n", "x.txt:1"},
	} {
		_, err := parseArticle("x.txt", []byte(bad.src))
		if err == nil || !strings.HasPrefix(err.Error(), bad.line+":") {
			t.Errorf("parseArticle(%q): error %v; want one at %s", bad.src, err, bad.line)
		}
	}
}
