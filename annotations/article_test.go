package annotations

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

var testTime = time.Date(2024, 3, 1, 12, 30, 0, 0, time.FixedZone("CET", 3600))

func TestArticleIDKnownAnswer(t *testing.T) {
	// IDs are stored and exchanged between devices: the hash must not change.
	if got, want := ArticleID("hello"), "2cf24dba5fb0a30e26e83b2ac5b9e29e"; got != want {
		t.Errorf("ArticleID(\"hello\") = %q, want %q", got, want)
	}
	text := "😀 Rex Tillerson"
	sum := sha256.Sum256([]byte(text))
	if got, want := ArticleID(text), hex.EncodeToString(sum[:])[:32]; got != want {
		t.Errorf("ArticleID(%q) = %q, want %q", text, got, want)
	}
}

func TestNewArticleIDStability(t *testing.T) {
	const want = "Rex Tillerson met the press.\nThe café was closed.\n\nEnd."
	same := []string{
		want,
		"Rex Tillerson met the press.\r\nThe café was closed.\r\n\r\nEnd.",
		"Rex Tillerson met the press.\rThe café was closed.\r\rEnd.",
		"Rex Tillerson met the press.\nThe cafe\u0301 was closed.\n\nEnd.",
		"  \r\nRex Tillerson met the press.\nThe café was closed.\n\nEnd.\n\n\t",
	}
	wantID := ArticleID(want)
	for _, text := range same {
		a, err := NewArticle("", text, testTime)
		if err != nil {
			t.Fatalf("NewArticle(%q) error: %v", text, err)
		}
		if a.Text != want {
			t.Errorf("NewArticle(%q).Text = %q, want %q", text, a.Text, want)
		}
		if a.ID != wantID {
			t.Errorf("NewArticle(%q).ID = %q, want %q", text, a.ID, wantID)
		}
		if !IsArticleID(a.ID) {
			t.Errorf("ID %q is not an article ID", a.ID)
		}
	}
	different := []string{
		"Rex Tillerson met the press.\nThe cafe was closed.\n\nEnd.",
		"Rex Tillerson met the press.\nThe café was closed.\nEnd.",
		"Rex Tillerson met the press. The café was closed.\n\nEnd.",
		"rex Tillerson met the press.\nThe café was closed.\n\nEnd.",
	}
	ids := map[string]string{wantID: want}
	for _, text := range different {
		a, err := NewArticle("", text, testTime)
		if err != nil {
			t.Fatalf("NewArticle(%q) error: %v", text, err)
		}
		if prev, ok := ids[a.ID]; ok {
			t.Errorf("NewArticle(%q) has the same ID as %q", text, prev)
		}
		ids[a.ID] = text
	}
}

func TestNewArticle(t *testing.T) {
	long := strings.Repeat("x", DefaultTitleRunes+20)
	tests := []struct {
		name, title, text string
		want              Article
	}{
		{
			name: "title kept, normalized",
			// The title is a line: controls, breaks and runs of space collapse.
			title: "  Big \r\n news\t today\x00 ", text: "Body.",
			want: Article{Title: "Big news today", Text: "Body."},
		},
		{
			name: "title NFC", title: "Cafe\u0301", text: "Body.",
			want: Article{Title: "Caf\u00e9", Text: "Body."},
		},
		{
			name: "default title from the first line", title: " \n ", text: "\n\nFirst line here.\nSecond line.",
			want: Article{Title: "First line here.", Text: "First line here.\nSecond line."},
		},
		{
			name: "default title normalized as a line", text: "A\tB  C\nD",
			want: Article{Title: "A B C", Text: "A\tB  C\nD"},
		},
		{
			name: "default title of DefaultTitleRunes kept", text: strings.Repeat("😀", DefaultTitleRunes) + "\nmore",
			want: Article{Title: strings.Repeat("😀", DefaultTitleRunes), Text: strings.Repeat("😀", DefaultTitleRunes) + "\nmore"},
		},
		{
			name: "default title truncated to DefaultTitleRunes", text: long,
			want: Article{Title: strings.Repeat("x", DefaultTitleRunes-1) + "…", Text: long},
		},
		{
			name: "truncated emoji title", text: strings.Repeat("😀", DefaultTitleRunes+1),
			want: Article{Title: strings.Repeat("😀", DefaultTitleRunes-1) + "…", Text: strings.Repeat("😀", DefaultTitleRunes+1)},
		},
		{
			name: "truncation drops a trailing space", text: strings.Repeat("x", DefaultTitleRunes-2) + " yyyyy",
			want: Article{Title: strings.Repeat("x", DefaultTitleRunes-2) + "…", Text: strings.Repeat("x", DefaultTitleRunes-2) + " yyyyy"},
		},
		{
			name: "title of MaxTitleRunes kept", title: strings.Repeat("é", MaxTitleRunes), text: "Body.",
			want: Article{Title: strings.Repeat("é", MaxTitleRunes), Text: "Body."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewArticle(tt.title, tt.text, testTime)
			if err != nil {
				t.Fatalf("NewArticle error: %v", err)
			}
			want := tt.want
			want.ID = ArticleID(want.Text)
			want.Created = testTime.UTC()
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("NewArticle (-want +got):\n%s", diff)
			}
			if got.Created.Location() != time.UTC {
				t.Errorf("Created location = %v, want UTC", got.Created.Location())
			}
			if n := utf8.RuneCountInString(got.Title); n > MaxTitleRunes {
				t.Errorf("title has %d code points", n)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
		})
	}
}

func TestNewArticleErrors(t *testing.T) {
	tests := []struct {
		name, title, text, field string
	}{
		// The messages are sentences a user can act on, naming no field.
		{"empty text", "T", "", "There is no text to add: paste the article's text"},
		{"blank text", "T", " \r\n\t", "There is no text to add"},
		{"invalid UTF-8", "T", "a\xffb", "not valid UTF-8: upload it as a .txt file"},
		{"a PNG", "", pngHeader, "This file is not text but an image"},
		{"a binary file that is valid UTF-8", "T", "GIF89a\x10\x00\x10\x00", "This file is not text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewArticle(tt.title, tt.text, testTime)
			if err == nil {
				t.Fatalf("NewArticle = %+v, want an error saying %q", a, tt.field)
			}
			wantInvalid(t, err, "", tt.field)
		})
	}
}

func TestArticleValidate(t *testing.T) {
	good, err := NewArticle("Title", "Hello 😀 world.", testTime)
	if err != nil {
		t.Fatal(err)
	}
	if err := good.Validate(); err != nil {
		t.Fatalf("Validate() of a new article = %v", err)
	}
	withText := func(text string) Article {
		a := good
		a.Text, a.ID = text, ArticleID(text)
		return a
	}
	tests := []struct {
		name    string
		mutate  func(Article) Article
		field   string
		mention string
	}{
		{"CRLF text", func(Article) Article { return withText("Hello\r\nworld") }, "text", "not normalized"},
		{"decomposed text", func(Article) Article { return withText("cafe\u0301") }, "text", "not normalized"},
		{"untrimmed text", func(Article) Article { return withText(" Hello") }, "text", "not normalized"},
		{"control char in text", func(Article) Article { return withText("a\x00b") }, "text", "not normalized"},
		{"empty text", func(Article) Article { return withText("") }, "text", "empty"},
		{"invalid UTF-8 text", func(Article) Article { return withText("a\xff") }, "text", "UTF-8"},
		{"id of another text", func(a Article) Article { a.ID = ArticleID("other"); return a }, "id", ""},
		{"empty id", func(a Article) Article { a.ID = ""; return a }, "id", ""},
		{"upper-case id", func(a Article) Article { a.ID = strings.ToUpper(a.ID); return a }, "id", ""},
		{"empty title", func(a Article) Article { a.Title = ""; return a }, "title", "empty"},
		{"title too long", func(a Article) Article { a.Title = strings.Repeat("中", MaxTitleRunes+1); return a }, "title", "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.mutate(good).Validate()
			if err == nil {
				t.Fatalf("Validate() = nil, want an error on %q", tt.field)
			}
			wantInvalid(t, err, tt.field, tt.mention)
		})
	}
}

func TestIsArticleID(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{ArticleID("x"), true},
		{"0123456789abcdef0123456789abcdef", true},
		{"0123456789ABCDEF0123456789ABCDEF", false},
		{"0123456789abcdef0123456789abcde", false},
		{"0123456789abcdef0123456789abcdef0", false},
		{"0123456789abcdeg0123456789abcdef", false},
		{"0123456789abcdef-123456789abcdef", false},
		{"", false},
		{"7d3b5c1e-3d4a-4f6b-9a2e-1c2d3e4f5a6b", false},
	}
	for _, tt := range tests {
		if got := IsArticleID(tt.s); got != tt.want {
			t.Errorf("IsArticleID(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		text string
		want []Paragraph
	}{
		{"", nil},
		{"a", []Paragraph{{0, 1, "a"}}},
		{"a\n", []Paragraph{{0, 2, "a\n"}}},
		{"a\nb", []Paragraph{{0, 2, "a\n"}, {2, 3, "b"}}},
		{"a\nb\n", []Paragraph{{0, 2, "a\n"}, {2, 4, "b\n"}}},
		{"a\n\nb", []Paragraph{{0, 2, "a\n"}, {2, 3, "\n"}, {3, 4, "b"}}},
		{"\n\n", []Paragraph{{0, 1, "\n"}, {1, 2, "\n"}}},
		{"\n", []Paragraph{{0, 1, "\n"}}},
		{"😀 hi\n中文\n", []Paragraph{{0, 5, "😀 hi\n"}, {5, 8, "中文\n"}}},
		{"👨\u200d👩\u200d👧\n\nمرحبا q\u0307", []Paragraph{{0, 6, "👨\u200d👩\u200d👧\n"}, {6, 7, "\n"}, {7, 15, "مرحبا q\u0307"}}},
	}
	for _, tt := range tests {
		got := Paragraphs(tt.text)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Paragraphs(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestParagraphsProperties(t *testing.T) {
	texts := []string{"", "\n", "a\n\n\nb", offsetTexts["mixed"], "😀\n👍🏽\n\n🇺🇸\n", "x\n" + strings.Repeat("中文 😀\n", 50)}
	for _, text := range texts {
		runes := []rune(text)
		var joined strings.Builder
		next := 0
		for i, p := range Paragraphs(text) {
			joined.WriteString(p.Text)
			if p.Start != next {
				t.Errorf("Paragraphs(%q)[%d].Start = %d, want %d", text, i, p.Start, next)
			}
			if p.End <= p.Start || p.End > len(runes) {
				t.Fatalf("Paragraphs(%q)[%d] = [%d, %d) out of range", text, i, p.Start, p.End)
			}
			if got := string(runes[p.Start:p.End]); got != p.Text {
				t.Errorf("Paragraphs(%q)[%d]: text at [%d, %d) is %q, paragraph says %q", text, i, p.Start, p.End, got, p.Text)
			}
			if strings.Contains(strings.TrimSuffix(p.Text, "\n"), "\n") {
				t.Errorf("Paragraphs(%q)[%d] = %q holds more than one line", text, i, p.Text)
			}
			next = p.End
		}
		if joined.String() != text {
			t.Errorf("Paragraphs(%q) joined = %q", text, joined.String())
		}
		if next != len(runes) {
			t.Errorf("Paragraphs(%q) end at %d, want %d", text, next, len(runes))
		}
	}
}

func TestNewArticleShortensLongTitle(t *testing.T) {
	a, err := NewArticle(strings.Repeat("t", MaxTitleRunes+10), "Body.", testTime)
	if err != nil {
		t.Fatalf("NewArticle with a long title: %v", err)
	}
	if n := RuneCount(a.Title); n != MaxTitleRunes || !strings.HasSuffix(a.Title, "…") {
		t.Errorf("title has %d code points (%q), want %d ending in …", n, a.Title, MaxTitleRunes)
	}
}

func TestDefaultTitle(t *testing.T) {
	tests := []struct{ text, want string }{
		// The README's rule: the first line, however short.
		{"Brexit\n\nThe deal was signed on Friday after four years.", "Brexit"},
		{"東京で地震\n\n東京で午前三時ごろ、強い地震がありました。", "東京で地震"},
		// A dateline whose date was lost is no title (the team's sample
		// article as it was copied).
		{"Published on\n\nUS-Russia Tensions Rise as Rex Tillerson Talks of \"Low Point\" in Nations' Relations\n\nUN ambassadors trade barbs.",
			"US-Russia Tensions Rise as Rex Tillerson Talks of \"Low Point\" in Nations' Relations"},
		{"Updated:\n  Posted  \nLAST UPDATED ON :\nHeadline\nText.", "Headline"},
		{"Published on\n\n", "Published on"}, // nothing else: a title all the same
		// Headlines that start as a dateline does are titles; so is a
		// dateline with its date, as before: only bare ones are passed over.
		{"Updated: Storm makes landfall\nText.", "Updated: Storm makes landfall"},
		{"Published on time, the budget still fell short\nText.", "Published on time, the budget still fell short"},
		{"Posted to Kabul\nText.", "Posted to Kabul"},
		{"Unpublished\nText.", "Unpublished"},
		{"Published 12 April 2017\nHeadline", "Published 12 April 2017"},
		{"\n  \n\tFirst  line \nSecond", "First line"},
		{"  a   b\tc  ", "a b c"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := DefaultTitle(tt.text); got != tt.want {
			t.Errorf("DefaultTitle(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

func TestNormalizeTitle(t *testing.T) {
	tests := []struct {
		title, want, problem string
	}{
		{"  New\ttitle \n", "New title", ""},
		{"東京で地震", "東京で地震", ""},
		{" \n ", "", "cannot be empty"},
		{"\xff", "", "not valid"},
		{strings.Repeat("é", MaxTitleRunes), strings.Repeat("é", MaxTitleRunes), ""},
		{strings.Repeat("é", MaxTitleRunes+1), "", "shorten it to at most 300"},
	}
	for _, tt := range tests {
		got, err := NormalizeTitle(tt.title)
		if tt.problem != "" {
			if err == nil {
				t.Errorf("NormalizeTitle(%q) = %q; want an error", tt.title, got)
				continue
			}
			wantInvalid(t, err, "", tt.problem)
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeTitle(%q) = %q, %v; want %q", tt.title, got, err, tt.want)
		}
	}
}
