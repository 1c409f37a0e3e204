package formats

import (
	"strings"
	"testing"
)

// TestTokenizeAndSentences: the tokens and sentences CoNLL, Hugging Face
// and the agreement's κ see, on the texts news articles hold beyond plain
// English: soft and no-break hyphens keep a word whole, a zero-width space
// parts words without being a token, Chinese and Japanese full stops end a
// sentence with no space after them, and a sentence may begin with a letter
// of a script without case.
func TestTokenizeAndSentences(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		want       string // tokens, space-separated; sentences by " | "
	}{
		{"plain", "Rex met Lavrov. They talked.", "Rex met Lavrov . | They talked ."},
		{"an initial is no end", "J. Smith spoke.", "J . Smith spoke ."},
		{"soft hyphen", "e\u00admail works", "e\u00admail works"},
		{"no-break hyphen", "a co\u2011op", "a co\u2011op"},
		{"hyphen", "a co-op", "a co-op"},
		{"zero-width space", "Bangkok\u200bThailand", "Bangkok Thailand"},
		{"Chinese full stops", "他来了。她走了！好吗？", "他来了 。 | 她走了 ！ | 好吗 ？"},
		{"full stop and a closing mark", "「走了。」他说。", "「 走了 。 」 | 他说 。"},
		{"Hebrew after a period", "He spoke. שלום עולם.", "He spoke . | שלום עולם ."},
		{"Arabic after a period", "He spoke. مرحبا بكم.", "He spoke . | مرحبا بكم ."},
		{"a lower case word after a period", "It cost 5 p. each.", "It cost 5 p . each ."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := []rune(tt.text)
			var parts []string
			for _, sent := range sentences(text, tokenize(text), func(a, b int) bool { return false }) {
				var words []string
				for _, tok := range sent {
					words = append(words, string(text[tok.start:tok.end]))
				}
				parts = append(parts, strings.Join(words, " "))
			}
			if got := strings.Join(parts, " | "); got != tt.want {
				t.Errorf("%q:\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}
