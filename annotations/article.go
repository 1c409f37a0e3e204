package annotations

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxTitleRunes caps an article's title in code points.
const MaxTitleRunes = 300

// DefaultTitleRunes caps a title taken from an article's text.
const DefaultTitleRunes = 120

// Article is a text to annotate. Its ID is derived from its normalized text,
// so the same text has the same ID on every device, and an annotation that
// names an article names one fixed text.
type Article struct {
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	Text    string    `json:"text"`
	Source  string    `json:"source,omitempty"` // "paste", "text-file", "html-file" or "sample"
	Created time.Time `json:"created"`
}

// ArticleID returns the ID of an article whose normalized text is text: the
// first 16 bytes of its SHA-256, in hex.
func ArticleID(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:16])
}

// NewArticle normalizes title and text and returns the article they make.
// An empty title is replaced by DefaultTitle; a long one is shortened.
func NewArticle(title, text string, created time.Time) (Article, error) {
	text, err := NormalizeText(text)
	if err != nil {
		return Article{}, err
	}
	title = truncateRunes(NormalizeLine(title), MaxTitleRunes)
	if title == "" {
		title = DefaultTitle(text)
	}
	a := Article{ID: ArticleID(text), Title: title, Text: text, Created: created.UTC()}
	return a, a.Validate()
}

// Validate reports whether a is an article as NewArticle makes them.
func (a Article) Validate() error {
	norm, err := NormalizeText(a.Text)
	if err != nil {
		return err
	}
	if norm != a.Text {
		return invalid("text", "is not normalized")
	}
	if a.ID != ArticleID(a.Text) {
		return invalid("id", "does not match the article's text")
	}
	if a.Title == "" {
		return invalid("title", "is empty")
	}
	if n := utf8.RuneCountInString(a.Title); n > MaxTitleRunes {
		return invalid("title", "has %d characters, more than the limit of %d", n, MaxTitleRunes)
	}
	return nil
}

// DefaultTitle returns a title for text that has none: its first line of
// at least three words (a headline rather than a dateline such as
// "Published on"), else its first line, shortened to DefaultTitleRunes.
func DefaultTitle(text string) string {
	first := ""
	for line := range strings.Lines(text) {
		line = NormalizeLine(line)
		if line == "" {
			continue
		}
		if first == "" {
			first = line
		}
		if len(strings.Fields(line)) >= 3 {
			return truncateRunes(line, DefaultTitleRunes)
		}
	}
	return truncateRunes(first, DefaultTitleRunes)
}

// IsArticleID reports whether s has the shape of an article ID.
func IsArticleID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Paragraph is one line of an article's text, with its trailing "\n" if it
// has one. Start and End are code point offsets in the whole text.
type Paragraph struct {
	Start int
	End   int
	Text  string
}

// Paragraphs splits text into lines, each keeping its "\n", so that the
// paragraphs' texts joined give text back exactly.
func Paragraphs(text string) []Paragraph {
	var ps []Paragraph
	start := 0
	for text != "" {
		i := strings.IndexByte(text, '\n')
		line := text
		if i >= 0 {
			line = text[:i+1]
		}
		n := utf8.RuneCountInString(line)
		ps = append(ps, Paragraph{Start: start, End: start + n, Text: line})
		start += n
		text = text[len(line):]
	}
	return ps
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
