package app

import "testing"

// TestEscapeText: a message is text, never markup.
func TestEscapeText(t *testing.T) {
	if got, want := escapeText(`<b>"Tom" & Jerry’s</b>`), `&lt;b&gt;"Tom" &amp; Jerry’s&lt;/b&gt;`; got != want {
		t.Errorf("escapeText = %s, want %s", got, want)
	}
}
