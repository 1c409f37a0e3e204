package suggest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations"
	"golang.org/x/text/unicode/norm"
)

// corpusDir holds the replay's articles (issue 15): news-like articles
// with their gold entity mentions, one file each.
const corpusDir = "testdata/corpus"

// corpusLabels are the labels the corpus tags.
var corpusLabels = []string{"PER", "ORG", "LOC"}

// corpusName is the name of an article's file: its number, a slug.
var corpusName = regexp.MustCompile(`^[0-9]{3}-[a-z0-9-]+\.txt$`)

// article is one article of the corpus: its text (the file without the
// markup) and its gold mentions, in text order, in code points of Text.
type article struct {
	Name     string
	Text     []rune
	Mentions []annotations.Entity
}

// loadCorpus reads every article of dir (its files NNN-slug.txt), in the
// order of their names.
func loadCorpus(dir string) ([]article, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []article
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		if !corpusName.MatchString(e.Name()) {
			return nil, fmt.Errorf("%s: the name is not NNN-slug.txt", filepath.Join(dir, e.Name()))
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		a, err := parseArticle(filepath.Join(dir, e.Name()), b)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b article) int { return strings.Compare(filepath.Base(a.Name), filepath.Base(b.Name)) })
	return out, nil
}

// parseArticle reads one article of the corpus. The file is the headline,
// a blank line, then paragraphs separated by blank lines; a mention is
// written [exact text|LABEL], never nested, and "[", "]" and "|" stand
// nowhere else. The article's text is the file without the markup (the
// blank lines kept, the final line break dropped); it must be in NFC, as
// Gloss stores text (annotations.NormalizeText). An error names the file
// and the line.
func parseArticle(name string, b []byte) (article, error) {
	a := article{Name: name}
	if !utf8.Valid(b) {
		return a, fmt.Errorf("%s: not valid UTF-8", name)
	}
	src := strings.ReplaceAll(string(b), "\r\n", "\n")
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	if len(lines) < 3 || strings.TrimSpace(lines[0]) == "" || lines[1] != "" {
		return a, fmt.Errorf("%s:1: want a headline, a blank line, then paragraphs", name)
	}
	var text []rune
	for n, line := range lines {
		at := fmt.Sprintf("%s:%d", name, n+1)
		if !norm.NFC.IsNormalString(line) {
			return a, fmt.Errorf("%s: not in NFC", at)
		}
		if n > 0 {
			text = append(text, '\n')
		}
		rest := line
		for rest != "" {
			i := strings.IndexAny(rest, "[]|")
			if i < 0 {
				text = append(text, []rune(rest)...)
				break
			}
			text = append(text, []rune(rest[:i])...)
			if rest[i] != '[' {
				return a, fmt.Errorf("%s: %q outside a mention", at, rest[i])
			}
			rest = rest[i+1:]
			bar := strings.IndexAny(rest, "[]|")
			if bar < 0 || rest[bar] != '|' {
				return a, fmt.Errorf("%s: a mention not written [exact text|LABEL] (nested, or not closed on its line)", at)
			}
			end := strings.IndexAny(rest[bar+1:], "[]|")
			if end < 0 || rest[bar+1+end] != ']' {
				return a, fmt.Errorf("%s: a mention not written [exact text|LABEL] (nested, or not closed on its line)", at)
			}
			exact, label := rest[:bar], rest[bar+1:bar+1+end]
			if !slices.Contains(corpusLabels, label) {
				return a, fmt.Errorf("%s: the mention %q has the label %q, not one of %v", at, exact, label, corpusLabels)
			}
			if strings.TrimSpace(exact) != exact || exact == "" {
				return a, fmt.Errorf("%s: the mention %q is empty or has space at an edge", at, exact)
			}
			start := len(text)
			text = append(text, []rune(exact)...)
			a.Mentions = append(a.Mentions, annotations.Entity{
				Span:  annotations.Span{Start: start, End: len(text), Exact: exact},
				Label: label,
			})
			rest = rest[bar+1+end+1:]
		}
	}
	if normal, err := annotations.NormalizeText(string(text)); err != nil || normal != string(text) {
		return a, fmt.Errorf("%s: the text is not as Gloss stores it (NFC, no control characters, no space at its edges): %v", name, err)
	}
	a.Text = text
	for i, m := range a.Mentions {
		s, err := annotations.NewSpan(text, m.Start, m.End)
		if err != nil {
			return a, fmt.Errorf("%s: %q: %v", name, m.Exact, err)
		}
		a.Mentions[i].Span = s
	}
	return a, nil
}

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
