package annotations

import (
	"slices"
	"strings"
	"testing"
)

// quoteText is an article with a quote, a cue and a speaker.
const quoteText = `Rex Tillerson said on Monday: "We will not back down." Anna Ruiz, a UN envoy, accused him of bluffing over the UN resolution.`

func quoteArticle(t testing.TB) Article {
	t.Helper()
	a, err := NewArticle("Quotes", quoteText, testTime)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// spanOf returns the span of the nth (from 0) occurrence of sub in a's text.
func spanOf(t testing.TB, a Article, sub string, nth int) Span {
	t.Helper()
	i, from := -1, 0
	for range nth + 1 {
		j := strings.Index(a.Text[from:], sub)
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times in %q", sub, nth+1, a.Text)
		}
		i, from = from+j, from+j+len(sub)
	}
	start := RuneCount(a.Text[:i])
	s, err := NewSpan([]rune(a.Text), start, start+RuneCount(sub))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestProposeDirect(t *testing.T) {
	tests := []struct {
		name string
		text string // the span is between [ and ], which are removed
		want bool
	}{
		{"straight marks inside", `He said ["We will win."] Then`, true},
		{"straight marks outside", `He said "[We will win]." Then`, true},
		{"straight, one mark in, one out", `He said ["We will win]" today`, true},
		{"straight, comma inside the marks", `"[We will win]," he said`, true},
		{"straight, comma in the span", `"[We will win,]" he said`, true},
		{"straight, period outside the marks", `He said "[we will win]".`, true},
		{"straight, span with the period outside", `He said ["we will win".]`, true},
		{"curly double", `He said “[We will win].”`, true},
		{"curly single", `He said ‘[We will win]’ again`, true},
		{"German low-high", `Er sagte „[Wir gewinnen]“.`, true},
		{"guillemets with spaces", `Il a dit « [Nous gagnerons] ».`, true},
		{"guillemets with no-break spaces inside the span", "Il a dit «[\u00a0Nous gagnerons\u00a0]».", true},
		{"reversed guillemets", `Er sagte »[Wir gewinnen]«.`, true},
		{"CJK corner brackets", `他说「[我们会赢]」。`, true},
		{"emoji inside", `She wrote "[We 😀 won 👍🏽]!"`, true},
		{"exclamation inside, span around it", `She wrote "[Never!]"`, true},
		{"span with spaces around", `He said " [We will win] " today`, true},
		{"not quoted", `He said [we will win] today`, false},
		{"opening mark only", `He said "[we will win] today`, false},
		{"closing mark only", `He said [we will win]" today`, false},
		{"mismatched marks", `He said “[we will win]» today`, false},
		{"curly closing used as opening", `He said ”[we will win]“ today`, false},
		{"two quotes and the words between", `"[A," he said, "B]"`, false},
		{"words between two quotes", `"A" [and] "B"`, false},
		{"words between two curly quotes", `“A” [and] “B”`, false},
		{"apostrophes are not quotes", `It's [Bob]'s car`, false},
		{"only the marks", `[""]`, false},
		{"only marks and punctuation", `["."]`, false},
		{"a mark on another line", "He said \"\n[we will win]\" today", false},
		{"the second quote of a paragraph", `"A" and "[B]"`, true},
		{"a new paragraph resets the count", "\"A\" \"B\n\"[C]\"", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, j := strings.Index(tt.text, "["), strings.Index(tt.text, "]")
			text := []rune(tt.text[:i] + tt.text[i+1:j] + tt.text[j+1:])
			start, end := RuneCount(tt.text[:i]), RuneCount(tt.text[:j])-1
			if got := ProposeDirect(text, start, end); got != tt.want {
				t.Errorf("ProposeDirect(%q, %d, %d) = %v, want %v", string(text), start, end, got, tt.want)
			}
		})
	}
	// Out of range spans are not quotes, and do not panic.
	text := []rune(`"A"`)
	for _, r := range [][2]int{{-1, 2}, {1, 4}, {2, 2}, {2, 1}} {
		if ProposeDirect(text, r[0], r[1]) {
			t.Errorf("ProposeDirect(%q, %d, %d) = true", string(text), r[0], r[1])
		}
	}
}

func TestQuoteValidate(t *testing.T) {
	a := quoteArticle(t)
	text := []rune(a.Text)
	cue := spanOf(t, a, "said", 0)
	good := Quote{ID: testItem, Content: spanOf(t, a, "We will not back down.", 0), Speaker: Ref{Kind: RefEntity, ID: testItem2}, Cue: &cue, Direct: true}
	for name, q := range map[string]Quote{
		"with a cue":        good,
		"without a cue":     func() Quote { q := good; q.Cue = nil; return q }(),
		"speaker a group":   func() Quote { q := good; q.Speaker.Kind = RefGroup; return q }(),
		"indirect":          func() Quote { q := good; q.Direct = false; q.Content = spanOf(t, a, "him of bluffing", 0); return q }(),
		"cue inside a span": func() Quote { q := good; c := spanOf(t, a, "accused", 0); q.Cue = &c; return q }(),
	} {
		if err := q.Validate(text); err != nil {
			t.Errorf("%s: Validate() = %v", name, err)
		}
	}
	badExact := good.Content
	badExact.Exact = "We will back down."
	badCue := cue
	badCue.End = len(text) + 1
	tests := []struct {
		name    string
		mutate  func(*Quote)
		field   string
		mention string
	}{
		{"id not a UUID", func(q *Quote) { q.ID = "q1" }, "id", "q1"},
		{"content does not match the text", func(q *Quote) { q.Content = badExact }, "content.exact", "We will back down."},
		{"content empty", func(q *Quote) { q.Content = Span{} }, "content.end", "at least one character"},
		{"content before the text", func(q *Quote) { q.Content.Start = -1 }, "content.start", "below 0"},
		{"speaker missing", func(q *Quote) { q.Speaker = Ref{} }, "speaker.kind", ""},
		{"speaker of a wrong kind", func(q *Quote) { q.Speaker.Kind = RefQuote }, "speaker.kind", "quote"},
		{"speaker the article", func(q *Quote) { q.Speaker = Ref{Kind: RefArticle} }, "speaker.kind", "article"},
		{"speaker id not a UUID", func(q *Quote) { q.Speaker.ID = "Rex" }, "speaker.id", "Rex"},
		{"cue past the end", func(q *Quote) { q.Cue = &badCue }, "cue.end", "past the end"},
		{"cue prefix wrong", func(q *Quote) { c := cue; c.Prefix = "x"; q.Cue = &c }, "cue.prefix", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := good
			tt.mutate(&q)
			err := q.Validate(text)
			if err == nil {
				t.Fatalf("Validate(%+v) = nil, want an error on %q", q, tt.field)
			}
			wantInvalid(t, err, tt.field, tt.mention)
		})
	}
}

func TestTrimQuoteMarks(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"We will not back down."`, "We will not back down."},
		{`“We will not back down,”`, "We will not back down,"},
		{`„Wir bleiben“`, "Wir bleiben"},
		{`« Nous restons »`, "Nous restons"},
		{`「我们留下」`, "我们留下"},
		{`We will not back down`, "We will not back down"},
		{`"an opening mark alone`, "an opening mark alone"},
		{`the players’`, "the players’"}, // an apostrophe, not a closing mark
		{`‘the players’`, "the players"},
		{` "spaced" `, "spaced"},
	}
	for _, tt := range tests {
		if got := TrimQuoteMarks(tt.in); got != tt.want {
			t.Errorf("TrimQuoteMarks(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuotedSpans(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{`"We will not back down," he said.`, []string{"We will not back down,"}},
		{`Er sagte: „Wir bleiben.“ Sie: »Nein.« Elle : « Non. »`, []string{"Wir bleiben.", "Nein.", "Non."}},
		{`「東京」と『大阪』`, []string{"東京", "大阪"}},
		{"an open \" with no end\nand \"a second\" paragraph", []string{"a second"}},
		{`‘don’t’ and “it’s fine”`, []string{"it’s fine"}},
		{`a dash "—" alone`, nil},
		{`"one" and "two"`, []string{"one", "two"}},
	}
	for _, tt := range tests {
		text := []rune(tt.text)
		var got []string
		for _, sp := range QuotedSpans(text) {
			got = append(got, string(text[sp[0]:sp[1]]))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("QuotedSpans(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
