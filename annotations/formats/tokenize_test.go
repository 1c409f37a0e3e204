package formats

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestTokenizeAndSentences: the tokens and sentences CoNLL, Hugging Face
// and the agreement's κ see, on the texts news articles hold beyond plain
// English: soft and no-break hyphens keep a word whole, a zero-width space
// parts words without being a token, each Han ideograph is a token (kana,
// Hangul and Latin runs stay words, cut where one starts), Chinese and
// Japanese full stops end a sentence with no space after them, and a
// sentence may begin with a letter of a script without case.
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
		{"Chinese full stops", "他来了。她走了！好吗？", "他 来 了 。 | 她 走 了 ！ | 好 吗 ？"},
		{"full stop and a closing mark", "「走了。」他说。", "「 走 了 。 」 | 他 说 。"},
		{"an ideograph a token", "特朗普会见普京", "特 朗 普 会 见 普 京"},
		{"kana runs end at an ideograph", "東京タワーへ行った。", "東 京 タワーへ 行 った 。"},
		{"Hangul words", "서울에서 회담했다.", "서울에서 회담했다 ."},
		{"Latin and digits end at an ideograph", "G7峰会在iPhone上3.5亿", "G7 峰 会 在 iPhone 上 3.5 亿"},
		{"no joiner across an ideograph", "中-美 中's", "中 - 美 中 ' s"},
		{"extension B, compatibility and iteration mark", "𠀀豈人々", "𠀀 豈 人 々"},
		{"a variation selector stays", "葛\U000E0100城", "葛\U000E0100 城"},
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

// TestIdeographsAreWords: where a Han ideograph stands, the exports' tokens
// and the editor's word boundaries (annotations.SpanBoundary) agree that it
// is a word of its own, so a mention of ideographs that the editor takes
// without a warning is whole tokens in CoNLL, and one of kana or Latin
// beside them too.
func TestIdeographsAreWords(t *testing.T) {
	text := []rune("据路透社报道，普京周三在莫斯科会见了蒂勒森。東京タワーでG7サミット。")
	starts, ends := map[int]bool{}, map[int]bool{}
	for _, tok := range Tokens(text) {
		starts[tok[0]], ends[tok[1]] = true, true
	}
	for i, r := range text {
		if !annotations.IsIdeograph(r) {
			continue
		}
		if !starts[i] || !ends[i+1] {
			t.Errorf("%q at %d: no token starts and ends there (tokens %v)", string(r), i, Tokens(text))
		}
		if b := annotations.SpanBoundary(text, i, i+1); !b.OK() {
			t.Errorf("SpanBoundary(%q at %d) = %v; want a word", string(r), i, b)
		}
	}
}

// TestCoNLLTagsIdeographs: a Chinese sentence (no spaces) is tagged an
// ideograph a token, each mention's B- and I- tags covering exactly its
// characters, with no token split.
func TestCoNLLTagsIdeographs(t *testing.T) {
	const text = "普京在莫斯科会见了蒂勒森。"
	rec := annotations.ExportRecord{ArticleID: "a", SetID: "s", Annotator: "ana", Text: text}
	for _, m := range []struct {
		label      string
		start, end int
	}{{"PER", 0, 2}, {"LOC", 3, 6}, {"PER", 9, 12}} {
		rec.Entities = append(rec.Entities, annotations.ExportEntity{ID: m.label + string([]rune(text)[m.start:m.end]), Start: m.start, End: m.end, Label: m.label, Text: string([]rune(text)[m.start:m.end])})
	}
	out, problems := export(t, "conll", Options{}, []annotations.ExportRecord{rec})
	want := `-DOCSTART- -X- -X- O

普 -X- _ B-PER
京 -X- _ I-PER
在 -X- _ O
莫 -X- _ B-LOC
斯 -X- _ I-LOC
科 -X- _ I-LOC
会 -X- _ O
见 -X- _ O
了 -X- _ O
蒂 -X- _ B-PER
勒 -X- _ I-PER
森 -X- _ I-PER
。 -X- _ O

`
	if string(out) != want {
		t.Errorf("CoNLL of %q:\n%s\nwant\n%s", text, out, want)
	}
	if len(problems) > 0 {
		t.Errorf("problems %+v; want none", problems)
	}
}
