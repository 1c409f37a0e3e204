package annotations

import (
	"errors"
	"strings"
	"testing"
)

// wantInvalid fails t unless err is a *ValidationError on field whose
// message contains every one of substrs.
func wantInvalid(t *testing.T, err error, field string, substrs ...string) {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v (%T), want a *ValidationError on %q", err, err, field)
	}
	if ve.Field != field {
		t.Errorf("error field = %q (%v), want %q", ve.Field, err, field)
	}
	for _, s := range substrs {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %q", err, s)
		}
	}
}

// permutations returns every ordering of xs (len(xs)! of them).
func permutations[T any](xs []T) [][]T {
	if len(xs) <= 1 {
		return [][]T{append([]T(nil), xs...)}
	}
	var out [][]T
	for i := range xs {
		rest := make([]T, 0, len(xs)-1)
		rest = append(rest, xs[:i]...)
		rest = append(rest, xs[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]T{xs[i]}, p...))
		}
	}
	return out
}

func TestPermutationsHelper(t *testing.T) {
	ps := permutations([]int{1, 2, 3, 4})
	if len(ps) != 24 {
		t.Fatalf("permutations of 4 = %d, want 24", len(ps))
	}
	seen := map[[4]int]bool{}
	for _, p := range ps {
		seen[[4]int(p)] = true
	}
	if len(seen) != 24 {
		t.Fatalf("permutations of 4 gave %d distinct orders, want 24", len(seen))
	}
}
