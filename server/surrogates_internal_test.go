package server

import "testing"

func TestLoneSurrogate(t *testing.T) {
	tests := []struct {
		json string
		want int
	}{
		{`{"text":"plain"}`, -1},
		{`{"text":"\u00e9 \ud83d\udc4b"}`, -1}, // é and a pair: 👋
		{`{"text":"bad \ud800 surrogate"}`, 13},
		{`{"text":"bad \udc00"}`, 13},
		{`{"text":"\ud83d\ud83d\udc4b"}`, 9}, // a high one, then a pair
		{`{"text":"\ud83d"}`, 9},             // at the string's end
		{`{"text":"\ud83dx"}`, 9},
		{`{"text":"\\ud800"}`, -1}, // an escaped backslash: the text \ud800
		{`{"text":"\\\ud800"}`, 11},
		{`{"a":"\ud83d","b":"\udc4b"}`, 6}, // halves in two strings
	}
	for _, tt := range tests {
		if got := loneSurrogate([]byte(tt.json)); got != tt.want {
			t.Errorf("loneSurrogate(%s) = %d, want %d", tt.json, got, tt.want)
		}
	}
}
