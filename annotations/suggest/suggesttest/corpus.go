// Package suggesttest reads the corpus that measures annotations/suggest
// (issue 15): 64 news-like articles with gold mentions, written for it.
// Its replay (annotations/suggest) and the browser's training benchmark
// (server/e2e) read the same articles the same way.
package suggesttest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations"
	"golang.org/x/text/unicode/norm"
)

// CorpusDir is the folder of the replay's articles (issue 15), from the
// module's root: news-like articles with their gold entity mentions, one
// file each.
const CorpusDir = "annotations/suggest/testdata/corpus"

// Labels are the labels the corpus tags.
var Labels = []string{"PER", "ORG", "LOC"}

// corpusName is the name of an article's file: its number, a slug.
var corpusName = regexp.MustCompile(`^[0-9]{3}-[a-z0-9-]+\.txt$`)

// Article is one article of the corpus: its text (the file without the
// markup) and its gold mentions, in text order, in code points of Text.
type Article struct {
	Name     string
	Text     []rune
	Mentions []annotations.Entity
}

// LoadCorpus reads every article of dir (its files NNN-slug.txt), in the
// order of their names.
func LoadCorpus(dir string) ([]Article, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Article
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
		a, err := ParseArticle(filepath.Join(dir, e.Name()), b)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b Article) int { return strings.Compare(filepath.Base(a.Name), filepath.Base(b.Name)) })
	return out, nil
}

// ParseArticle reads one article of the corpus. The file is the headline,
// a blank line, then paragraphs separated by blank lines; a mention is
// written [exact text|LABEL], never nested, and "[", "]" and "|" stand
// nowhere else. The article's text is the file without the markup (the
// blank lines kept, the final line break dropped); it must be in NFC, as
// Gloss stores text (annotations.NormalizeText). An error names the file
// and the line.
func ParseArticle(name string, b []byte) (Article, error) {
	a := Article{Name: name}
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
			if !slices.Contains(Labels, label) {
				return a, fmt.Errorf("%s: the mention %q has the label %q, not one of %v", at, exact, label, Labels)
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
