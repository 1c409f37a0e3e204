package annotations

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
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
// Its errors are sentences a user can act on; a binary file's content is
// ErrNotText.
func NewArticle(title, text string, created time.Time) (Article, error) {
	if IsBinary(text) {
		return Article{}, ErrNotText
	}
	text, problem, n := normalizeText(text)
	if problem != textFine {
		return Article{}, articleTextProblem(problem, n)
	}
	title = truncateRunes(NormalizeShownLine(title), MaxTitleRunes)
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

// ErrNoArticleText refuses a web page in which no article text was found
// (only navigation, scripts or images), on the server and in the browser.
var ErrNoArticleText error = &ValidationError{Message: "No article text found in this page: upload the page of the article itself, or paste its text."}

// DefaultTitle returns a title for text that has none: its first line that
// is not blank, however short (a one-word headline, or a CJK headline with
// no spaces, is a title), shortened to DefaultTitleRunes. A bare dateline
// before it ("Published on" whose date a copied page lost; see
// bareDatelines) is passed over, unless the text has nothing else.
//
// Such a line stays in the text: it is not page furniture (Boilerplate),
// because a text that drops it is another article, with another ID, than
// the same file added before.
func DefaultTitle(text string) string {
	first := ""
	for line := range strings.Lines(text) {
		if line = NormalizeShownLine(line); line == "" {
			continue
		}
		if !isBareDateline(line) {
			return truncateRunes(line, DefaultTitleRunes)
		}
		if first == "" {
			first = line
		}
	}
	return truncateRunes(first, DefaultTitleRunes)
}

// bareDatelines are the lines, in lower case and without a final colon,
// that announce a date and hold nothing else: what is left of a dateline
// when its date, a separate element of the page, was not copied. The list
// is short and exact, so that no headline is ever taken for one.
var bareDatelines = []string{
	"published", "published on", "published at", "first published", "first published on",
	"updated", "updated on", "updated at", "last updated", "last updated on",
	"posted", "posted on", "posted at",
}

// isBareDateline reports whether line, normalized, is one of bareDatelines.
func isBareDateline(line string) bool {
	return slices.Contains(bareDatelines, strings.TrimSpace(strings.TrimSuffix(strings.ToLower(line), ":")))
}

// NormalizeTitle returns title as a new title for an article (a rename):
// one line, not empty, at most MaxTitleRunes long. Unlike NewArticle, it
// does not shorten a long title: the user typed it and is told instead.
func NormalizeTitle(title string) (string, error) {
	if !utf8.ValidString(title) {
		return "", invalid("", "The title is not valid text (UTF-8): type it again.")
	}
	title = NormalizeShownLine(title)
	if title == "" {
		return "", invalid("", "Give the article a title: the title cannot be empty.")
	}
	if n := utf8.RuneCountInString(title); n > MaxTitleRunes {
		return "", invalid("", "The title has %d characters; shorten it to at most %d.", n, MaxTitleRunes)
	}
	return title, nil
}

// articleTextProblem words a problem of a text a user gives as a new
// article as a sentence that says what to do.
func articleTextProblem(problem textProblem, n int) error {
	switch problem {
	case textInvalidUTF8:
		return invalid("", "The text is not valid UTF-8: upload it as a .txt file, so that Gloss can detect its encoding, or save it as UTF-8 and try again.")
	case textEmpty:
		return invalid("", "There is no text to add: paste the article's text, or choose a file that has some.")
	}
	return invalid("", "The article has %d characters, more than the %d Gloss takes: split it into parts and add each.", n, MaxTextRunes)
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
