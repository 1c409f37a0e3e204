package app

import (
	"slices"
	"testing"
)

// TestFeed: subscribers get each value set or sent until they
// unsubscribe; get returns the last value set, not one only sent.
func TestFeed(t *testing.T) {
	var f feed
	var a, b []int
	unA := f.subscribe(func(v any) { a = append(a, v.(int)) })
	unB := f.subscribe(func(v any) { b = append(b, v.(int)) })
	f.set(1)
	f.send(2)
	unA()
	f.set(3)
	unB()
	f.set(4)
	if want := []int{1, 2}; !slices.Equal(a, want) {
		t.Errorf("a got %v, want %v", a, want)
	}
	if want := []int{1, 2, 3}; !slices.Equal(b, want) {
		t.Errorf("b got %v, want %v", b, want)
	}
	if got := f.get(); got != 4 {
		t.Errorf("get() = %v, want 4", got)
	}
	f.subscribe(nil)() // a nil subscriber subscribes nothing
	f.set(5)
}
