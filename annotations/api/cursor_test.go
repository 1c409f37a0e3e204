package api

import (
	"strings"
	"testing"
)

func TestParseCursor(t *testing.T) {
	tests := []struct {
		in   string
		want Cursor
		err  bool
	}{
		{"", Cursor{}, false},
		{"0", Cursor{}, false},
		{"7", Cursor{Seq: 7}, false},
		{"7.ab12", Cursor{Seq: 7, Chain: "ab12"}, false},
		{"7.ab12.3", Cursor{Seq: 7, Chain: "ab12", Access: 3}, false},
		{"7.ab12.x", Cursor{}, true},
		{"7.ab12.-1", Cursor{}, true},
		{"7.", Cursor{}, true},
		{"0.ab12", Cursor{}, true},
		{"-1", Cursor{}, true},
		{"7." + strings.Repeat("a", maxChainLength+1), Cursor{}, true},
	}
	for _, tt := range tests {
		got, err := ParseCursor(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseCursor(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.err)
		}
		if err == nil && got.Chain != "" {
			if back, err := ParseCursor(got.String()); err != nil || back != got {
				t.Errorf("ParseCursor(%q.String()) = %+v, %v", tt.in, back, err)
			}
		}
	}
}
