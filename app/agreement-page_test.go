package app

import (
	"strings"
	"testing"
)

// TestComputingHTML: the bar of a computation shows how far it got, and
// has a maximum even before the server knows the total; an answer that is
// not a pending computation's is an error.
func TestComputingHTML(t *testing.T) {
	for _, c := range []struct{ answer, want string }{
		{`{"progress": {"done": 3, "total": 10}}`, `3 of 10 done</label><progress id="agreement-progress" max="10" value="3">`},
		{`{"progress": {}}`, `0 of 0 done</label><progress id="agreement-progress" max="1" value="0">`},
	} {
		if got, err := computingHTML([]byte(c.answer)); err != nil || !strings.Contains(got, c.want) {
			t.Errorf("computingHTML(%s) = %s, %v; want it to hold %s", c.answer, got, err, c.want)
		}
	}
	if got, err := computingHTML([]byte(`{"progress": 3}`)); err == nil {
		t.Errorf("computingHTML of a bad answer = %s, want an error", got)
	}
}

// TestEscapeText: a message is text, never markup.
func TestEscapeText(t *testing.T) {
	if got, want := escapeText(`<b>"Tom" & Jerry’s</b>`), `&lt;b&gt;"Tom" &amp; Jerry’s&lt;/b&gt;`; got != want {
		t.Errorf("escapeText = %s, want %s", got, want)
	}
}
