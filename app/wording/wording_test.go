package wording

import "testing"

func TestCount(t *testing.T) {
	tests := []struct {
		n    int
		noun string
		want string
	}{
		{0, "mention", "0 mentions"},
		{1, "mention", "1 mention"},
		{2, "quote", "2 quotes"},
		{999, "character", "999 characters"},
		{1000, "character", "1,000 characters"},
		{4665, "character", "4,665 characters"},
		{123456, "character", "123,456 characters"},
		{1234567, "character", "1,234,567 characters"},
		{-1234, "change", "-1,234 changes"},
	}
	for _, tt := range tests {
		if got := Count(tt.n, tt.noun); got != tt.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tt.n, tt.noun, got, tt.want)
		}
	}
}
