package app

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
)

func TestParagraphMarks(t *testing.T) {
	text := "Rex 😀 Tillerson\n\nMoscow and\nUN"
	paras := annotations.Paragraphs(text)
	schema := annotations.DefaultSchema()
	ents := []annotations.Entity{
		{ID: "a", Span: annotations.Span{Start: 0, End: 15}, Label: "PER"},  // "Rex 😀 Tillerson"
		{ID: "b", Span: annotations.Span{Start: 17, End: 23}, Label: "LOC"}, // "Moscow"
		{ID: "c", Span: annotations.Span{Start: 24, End: 30}, Label: "ORG"}, // "and\nUN" crosses a line
	}
	got := paragraphMarks(paras, ents, schema, map[string]bool{"b": true})
	want := [][]Mark{
		{{ID: "a", Label: "PER", Color: "#f4a261", Start: 0, End: 15}},
		nil,
		{{ID: "b", Label: "LOC", Color: "#a7c957", Start: 0, End: 6, Conflict: true}, {ID: "c", Label: "ORG", Color: "#8ecae6", Start: 7, End: 11}},
		{{ID: "c", Label: "ORG", Color: "#8ecae6", Start: 0, End: 2}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paragraphMarks (-want +got):\n%s", diff)
	}
}

func TestSegments(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		marks []Mark
		want  []string // segment texts, marked ones as [id:text]
	}{
		{"none", "plain 😀 text", nil, []string{"plain 😀 text"}},
		{"one after emoji", "😀 Rex said", []Mark{{ID: "a", Start: 2, End: 5}}, []string{"😀 ", "[a:Rex]", " said"}},
		{"nested takes innermost", "United Nations Security Council", []Mark{
			{ID: "outer", Start: 0, End: 31}, {ID: "inner", Start: 0, End: 14},
		}, []string{"[inner:United Nations]", "[outer: Security Council]"}},
		{"overlap", "abcdef", []Mark{{ID: "x", Start: 0, End: 4}, {ID: "y", Start: 2, End: 6}}, []string{"[x:ab]", "[x:cd]", "[y:ef]"}},
		{"clipped to text", "ab", []Mark{{ID: "x", Start: 1, End: 9}}, []string{"a", "[x:b]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs := segments(tt.text, tt.marks)
			var got []string
			var joined strings.Builder
			for _, s := range segs {
				joined.WriteString(s.Text)
				if s.Mark == nil {
					got = append(got, s.Text)
				} else {
					got = append(got, "["+s.Mark.ID+":"+s.Text+"]")
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("segments (-want +got):\n%s", diff)
			}
			if joined.String() != tt.text {
				t.Errorf("segments joined = %q, want the text %q", joined.String(), tt.text)
			}
		})
	}
}

func TestSegmentsCoversOutermostFirst(t *testing.T) {
	segs := segments("abc", []Mark{{ID: "inner", Start: 1, End: 2}, {ID: "outer", Start: 0, End: 3}})
	if diff := cmp.Diff([]string{"outer", "inner"}, segs[1].Covers); diff != "" {
		t.Errorf("covers (-want +got):\n%s", diff)
	}
	if segs[1].Depth != 2 {
		t.Errorf("depth = %d, want 2", segs[1].Depth)
	}
}
