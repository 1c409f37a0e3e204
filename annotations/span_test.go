package annotations

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestNewSpan(t *testing.T) {
	short := []rune("😀 Rex met 中文 q\u0307.")
	// 40 code points before and after the span, emoji among them.
	before := strings.Repeat("a😀", 20)
	after := strings.Repeat("👍🏽", 20)
	long := []rune(before + "Rex" + after)
	tests := []struct {
		name       string
		text       []rune
		start, end int
		want       Span
	}{
		{"whole text", short, 0, len(short), Span{0, len(short), string(short), "", ""}},
		{"at the start", short, 0, 1, Span{0, 1, "😀", "", " Rex met 中文 q\u0307."}},
		{"after an emoji", short, 2, 5, Span{2, 5, "Rex", "😀 ", " met 中文 q\u0307."}},
		{"CJK", short, 10, 12, Span{10, 12, "中文", "😀 Rex met ", " q\u0307."}},
		{"a combining mark is a code point", short, 13, 14, Span{13, 14, "q", "😀 Rex met 中文 ", "\u0307."}},
		{"at the end", short, 15, 16, Span{15, 16, ".", "😀 Rex met 中文 q\u0307", ""}},
		{
			"context capped at QuoteContext code points", long, 40, 43,
			Span{40, 43, "Rex", strings.Repeat("a😀", 16), strings.Repeat("👍🏽", 16)},
		},
		{
			"context shorter than QuoteContext near the edges", long, 30, 79,
			Span{30, 79, string(long[30:79]), string(long[0:30]), string(long[79:])},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NewSpan(tt.text, tt.start, tt.end)
			if err != nil {
				t.Fatalf("NewSpan(%d, %d) error: %v", tt.start, tt.end, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NewSpan(%d, %d) (-want +got):\n%s", tt.start, tt.end, diff)
			}
			if n := utf8.RuneCountInString(got.Prefix); n > QuoteContext {
				t.Errorf("prefix has %d code points, more than %d", n, QuoteContext)
			}
			if n := utf8.RuneCountInString(got.Suffix); n > QuoteContext {
				t.Errorf("suffix has %d code points, more than %d", n, QuoteContext)
			}
			if err := got.Validate(tt.text); err != nil {
				t.Errorf("Validate() of a new span = %v", err)
			}
		})
	}
}

func TestNewSpanErrors(t *testing.T) {
	text := []rune("😀 Rex")
	tests := []struct {
		name       string
		start, end int
		field      string
	}{
		{"start below 0", -1, 2, "start"},
		{"end past the end", 2, 6, "end"},
		{"start and end past the end", 7, 8, "end"},
		{"empty", 2, 2, "end"},
		{"reversed", 3, 2, "end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSpan(text, tt.start, tt.end)
			if err == nil {
				t.Fatalf("NewSpan(%d, %d) = %+v, want an error", tt.start, tt.end, s)
			}
			wantInvalid(t, err, tt.field)
		})
	}
}

func TestSpanValidate(t *testing.T) {
	text := []rune("😀 Rex Tillerson met 中文 reporters in مرحبا.")
	valid := []struct {
		name string
		span Span
	}{
		{"no context", Span{Start: 2, End: 15, Exact: "Rex Tillerson"}},
		{"short prefix", Span{Start: 2, End: 15, Exact: "Rex Tillerson", Prefix: " "}},
		{"emoji prefix", Span{Start: 2, End: 15, Exact: "Rex Tillerson", Prefix: "😀 ", Suffix: " met"}},
		{"short suffix", Span{Start: 2, End: 15, Exact: "Rex Tillerson", Suffix: " met 中"}},
		{"suffix to the end", Span{Start: 36, End: 41, Exact: "مرحبا", Prefix: "in ", Suffix: "."}},
		{"one code point", Span{Start: 0, End: 1, Exact: "😀"}},
	}
	for _, tt := range valid {
		if err := tt.span.Validate(text); err != nil {
			t.Errorf("%s: Validate(%+v) = %v", tt.name, tt.span, err)
		}
	}

	good, err := NewSpan(text, 2, 15)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		mutate  func(*Span)
		field   string
		mention string
	}{
		{"start below 0", func(s *Span) { s.Start = -1 }, "start", "below 0"},
		{"end past the end", func(s *Span) { s.End = len(text) + 1 }, "end", "past the end"},
		{"empty span", func(s *Span) { s.End = s.Start }, "end", "at least one character"},
		{"reversed span", func(s *Span) { s.Start, s.End = s.End, s.Start }, "end", ""},
		{"exact differs", func(s *Span) { s.Exact = "Rex Tillersen" }, "exact", "Rex Tillerson"},
		{"exact one code point short", func(s *Span) { s.End-- }, "exact", ""},
		{"exact decomposed", func(s *Span) { s.Exact = "Rex Tille\u0301rson" }, "exact", ""},
		{"exact empty", func(s *Span) { s.Exact = "" }, "exact", ""},
		{"prefix differs", func(s *Span) { s.Prefix = "😃 " }, "prefix", ""},
		{"prefix longer than the text before", func(s *Span) { s.Prefix = "x😀 " }, "prefix", ""},
		{"prefix not adjacent", func(s *Span) { s.Prefix = "😀" }, "prefix", ""},
		{"suffix differs", func(s *Span) { s.Suffix = " met 中文 Reporters" }, "suffix", ""},
		{"suffix not adjacent", func(s *Span) { s.Suffix = "met" }, "suffix", ""},
		{"suffix past the end", func(s *Span) { s.Suffix = string(text[15:]) + "!" }, "suffix", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good
			tt.mutate(&s)
			err := s.Validate(text)
			if err == nil {
				t.Fatalf("Validate(%+v) = nil, want an error on %q", s, tt.field)
			}
			wantInvalid(t, err, tt.field, tt.mention)
		})
	}
}
