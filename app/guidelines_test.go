package app

import (
	"reflect"
	"testing"

	"github.com/gloss-annotate/gloss/annotations/api"
)

// TestGuidelineParagraphs: paragraphs split on blank lines; http(s)
// addresses are links without the mark that ends the sentence; other
// schemes and HTML stay text.
func TestGuidelineParagraphs(t *testing.T) {
	link := func(s string) textPiece { return textPiece{text: s, link: true} }
	text := func(s string) textPiece { return textPiece{text: s} }
	tests := []struct {
		name, in string
		want     [][]textPiece
	}{
		{"empty", "", nil},
		{"blank lines only", "\n\n  \n", nil},
		{"plain", "Mark every person.", [][]textPiece{{text("Mark every person.")}}},
		{"paragraphs", "One.\n\nTwo\nlines.\r\n\r\nThree.", [][]textPiece{{text("One.")}, {text("Two\nlines.")}, {text("Three.")}}},
		{"link alone", "https://example.org/a?b=c#d", [][]textPiece{{link("https://example.org/a?b=c#d")}}},
		{"period after", "See https://example.org/guide.", [][]textPiece{{text("See "), link("https://example.org/guide"), text(".")}}},
		{"comma after", "See http://example.org, then mark.", [][]textPiece{{text("See "), link("http://example.org"), text(", then mark.")}}},
		{"in parentheses", "(see https://example.org/x).", [][]textPiece{{text("(see "), link("https://example.org/x"), text(").")}}},
		{"parenthesis inside", "https://example.org/wiki/Gloss_(annotation))", [][]textPiece{{link("https://example.org/wiki/Gloss_(annotation)"), text(")")}}},
		{"two links", "https://example.com and HTTPS://example.net", [][]textPiece{{link("https://example.com"), text(" and "), link("HTTPS://example.net")}}},
		{"javascript stays text", "javascript:alert(1) https://example.org/ok", [][]textPiece{{text("javascript:alert(1) "), link("https://example.org/ok")}}},
		{"inside a word stays text", "xhttps://example.com", [][]textPiece{{text("xhttps://example.com")}}},
		{"scheme alone stays text", "https://.", [][]textPiece{{text("https://.")}}},
		{"html stays text", "<script>alert(1)</script>", [][]textPiece{{text("<script>alert(1)</script>")}}},
		{"quote after", `"https://example.com/q"`, [][]textPiece{{text(`"`), link("https://example.com/q"), text(`"`)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := guidelineParagraphs(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("guidelineParagraphs(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestGuidelinesKeyOf(t *testing.T) {
	tests := []struct{ id, want string }{
		{api.DefaultProject, "gloss.guidelines"}, // as before projects
		{"", "gloss.guidelines"},
		{"climate", "gloss.guidelines.climate"},
	}
	for _, tt := range tests {
		if got := guidelinesKeyOf(tt.id); got != tt.want {
			t.Errorf("guidelinesKeyOf(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}
