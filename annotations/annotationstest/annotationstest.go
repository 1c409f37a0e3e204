// Package annotationstest helps the tests of the packages beside
// annotations write annotations of a text by its words rather than by
// offsets.
package annotationstest

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// SpanOf returns the span of the n-th (from 0) occurrence of sub in text,
// in code points; the test fails when text has no such occurrence.
func SpanOf(t testing.TB, text, sub string, n int) annotations.Span {
	t.Helper()
	from := 0
	for i := 0; ; i++ {
		j := strings.Index(text[from:], sub)
		if j < 0 {
			t.Fatalf("%q has no occurrence %d of %q", text, n, sub)
		}
		if i == n {
			start := len([]rune(text[:from+j]))
			s, err := annotations.NewSpan([]rune(text), start, start+len([]rune(sub)))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		from += j + len(sub)
	}
}
