package annotations

import "testing"

func TestSpanBoundaryAndSnap(t *testing.T) {
	tests := []struct {
		text       string
		sub        string // the span: its first occurrence
		want       Boundary
		snapped    string
		wantString string
	}{
		{"Rex Tillerson said.", "Tillerson", Boundary{}, "Tillerson", ""},
		{"Rex Tillerson said.", "Tiller", Boundary{EndsInWord: true}, "Tillerson", "ends inside a word"},
		{"Rex Tillerson said.", "ex Tillerson", Boundary{StartsInWord: true}, "Rex Tillerson", "starts inside a word"},
		{"Rex Tillerson said.", "x Tillers", Boundary{StartsInWord: true, EndsInWord: true}, "Rex Tillerson", "starts inside a word, ends inside a word"},
		{"He said no.\nThe UN met.", "no.\nThe", Boundary{CrossesParagraph: true}, "no.", "crosses a paragraph break"},
		{"Don't go, Jean-Marc.", "Don", Boundary{EndsInWord: true}, "Don't", "ends inside a word"},
		{"Don't go, Jean-Marc.", "Marc", Boundary{StartsInWord: true}, "Jean-Marc", "starts inside a word"},
		{"Don't go, Jean-Marc.", "go", Boundary{}, "go", ""},
		{"ירושלים היא עיר", "רושלים", Boundary{StartsInWord: true}, "ירושלים", "starts inside a word"},
		{"習近平主席が訪問した", "近平", Boundary{}, "近平", ""}, // no spaces between words: nothing to check
		{"Café au lait", "Caf", Boundary{EndsInWord: true}, "Café", "ends inside a word"},
	}
	for _, tt := range tests {
		text := []rune(tt.text)
		start, end := codePointRange(t, tt.text, tt.sub)
		got := SpanBoundary(text, start, end)
		if got != tt.want {
			t.Errorf("SpanBoundary(%q, %q) = %+v; want %+v", tt.text, tt.sub, got, tt.want)
		}
		if got.String() != tt.wantString || got.OK() != (tt.wantString == "") {
			t.Errorf("SpanBoundary(%q, %q) says %q (OK %v); want %q", tt.text, tt.sub, got.String(), got.OK(), tt.wantString)
		}
		s, e := SnapToWords(text, start, end)
		if snapped := string(text[s:e]); snapped != tt.snapped {
			t.Errorf("SnapToWords(%q, %q) = %q; want %q", tt.text, tt.sub, snapped, tt.snapped)
		}
		if !SpanBoundary(text, s, e).OK() && tt.want != (Boundary{}) && tt.snapped != tt.sub {
			t.Errorf("SnapToWords(%q, %q) = %q, which is still off: %v", tt.text, tt.sub, string(text[s:e]), SpanBoundary(text, s, e))
		}
	}
}

// codePointRange returns the code point range of the first occurrence of
// sub in text.
func codePointRange(t *testing.T, text, sub string) (int, int) {
	t.Helper()
	for i := range text {
		if len(text)-i >= len(sub) && text[i:i+len(sub)] == sub {
			start := RuneCount(text[:i])
			return start, start + RuneCount(sub)
		}
	}
	t.Fatalf("%q not in %q", sub, text)
	return 0, 0
}
