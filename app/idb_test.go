package app

import "testing"

func TestNextMadeIncreases(t *testing.T) {
	prev := nextMade()
	for range 1000 {
		m := nextMade()
		if m <= prev {
			t.Fatalf("nextMade gave %v after %v", m, prev)
		}
		prev = m
	}
}
