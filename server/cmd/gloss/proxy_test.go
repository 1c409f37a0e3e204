package main

import (
	"strings"
	"testing"
)

// TestParseNetwork: --trusted-proxy takes networks and single addresses.
func TestParseNetwork(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"10.0.0.0/8", "10.0.0.0/8"},
		{"10.1.2.3/8", "10.0.0.0/8"},
		{"10.0.0.7", "10.0.0.7/32"},
		{"::ffff:10.0.0.7", "10.0.0.7/32"},
		{"fd00::/8", "fd00::/8"},
		{"fd00::1", "fd00::1/128"},
		{"proxy.local", ""},
		{"", ""},
	} {
		got, err := parseNetwork(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("parseNetwork(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("parseNetwork(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	code, _, stderr := gloss(t, "serve", "--trusted-proxy", "10.0.0.0/8,proxy.local")
	if code != 2 || !strings.Contains(stderr, `"proxy.local" is no network`) {
		t.Errorf("serve with a bad --trusted-proxy: %d %s; want 2 and what is wrong", code, stderr)
	}
}
