package app

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations/api"
)

// TestComputingHTML: the bar of a computation shows how far it got, and
// has a maximum even before the server knows the total.
func TestComputingHTML(t *testing.T) {
	for _, c := range []struct {
		count api.Count
		want  string
	}{
		{api.Count{Done: 3, Total: 10}, `3 of 10 done</label><progress id="agreement-progress" max="10" value="3">`},
		{api.Count{}, `0 of 0 done</label><progress id="agreement-progress" max="1" value="0">`},
	} {
		if got := computingHTML(c.count); !strings.Contains(got, c.want) {
			t.Errorf("computingHTML(%+v) = %s, want it to hold %s", c.count, got, c.want)
		}
	}
}
