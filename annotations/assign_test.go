package annotations

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAutoAssign(t *testing.T) {
	articles := make([]string, 10)
	for i := range articles {
		articles[i] = fmt.Sprintf("a%02d", i)
	}
	team := []string{"ana", "bob", "cem"}
	tests := []struct {
		name    string
		current map[string][]string
		o       AssignOptions
		shared  int // articles given to everyone
		load    map[string]int
	}{
		{"two each", nil, AssignOptions{Annotators: team, PerArticle: 2}, 0,
			map[string]int{"ana": 7, "bob": 7, "cem": 6}},
		{"a fifth shared", nil, AssignOptions{Annotators: team, PerArticle: 1, Shared: 0.2}, 2,
			map[string]int{"ana": 5, "bob": 5, "cem": 4}},
		{"current kept and topped up", map[string][]string{"a00": {"cem"}, "a01": {"cem", "bob"}},
			AssignOptions{Annotators: team, PerArticle: 2}, 0,
			map[string]int{"ana": 7, "bob": 7, "cem": 6}},
	}
	for _, tt := range tests {
		if err := tt.o.Validate(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := AutoAssign(articles, tt.current, tt.o)
		if again := AutoAssign(articles, tt.current, tt.o); !cmp.Equal(got, again) {
			t.Errorf("%s: not deterministic", tt.name)
		}
		load, shared := map[string]int{}, 0
		for _, id := range articles {
			names, changed := got[id]
			if !changed {
				names = tt.current[id]
			}
			if cur := tt.current[id]; len(cur) > 0 && !slices.Equal(names[:len(cur)], cur) {
				t.Errorf("%s: %s was %v, now %v: current annotators must stay first", tt.name, id, cur, names)
			}
			if len(names) == len(team) && tt.o.PerArticle < len(team) {
				shared++
			} else if len(names) != tt.o.PerArticle {
				t.Errorf("%s: %s has %v, want %d annotators", tt.name, id, names, tt.o.PerArticle)
			}
			if err := (Assignment{ArticleID: ArticleID(id), Annotators: names}).Validate(); err != nil {
				t.Errorf("%s: %s: %v", tt.name, id, err)
			}
			for _, n := range names {
				load[n]++
			}
		}
		if shared != tt.shared {
			t.Errorf("%s: %d articles shared by everyone, want %d", tt.name, shared, tt.shared)
		}
		if d := cmp.Diff(tt.load, load); d != "" {
			t.Errorf("%s: load (-want +got):\n%s", tt.name, d)
		}
	}
}

func TestAssignOptionsValidate(t *testing.T) {
	for _, tt := range []struct {
		o     AssignOptions
		field string
	}{
		{AssignOptions{PerArticle: 1}, "annotators"},
		{AssignOptions{Annotators: []string{"ana"}, PerArticle: 2}, "per_article"},
		{AssignOptions{Annotators: []string{"ana"}, PerArticle: 0}, "per_article"},
		{AssignOptions{Annotators: []string{"ana"}, PerArticle: 1, Shared: 1.5}, "shared"},
		{AssignOptions{Annotators: []string{"ana", "ana"}, PerArticle: 1}, "annotators"},
		{AssignOptions{Annotators: []string{GoldAnnotator}, PerArticle: 1}, "annotators"},
	} {
		wantInvalid(t, tt.o.Validate(), tt.field)
	}
}

// TestAutoAssignDisabled: a disabled account's name stays on its articles
// but does not count toward PerArticle, and is never picked.
func TestAutoAssignDisabled(t *testing.T) {
	tests := []struct {
		name     string
		articles []string
		current  map[string][]string
		o        AssignOptions
		want     map[string][]string
	}{
		{"left to a disabled account alone",
			[]string{"a00"}, map[string][]string{"a00": {"dee"}},
			AssignOptions{Annotators: []string{"ana", "bob"}, PerArticle: 1, Disabled: []string{"dee"}},
			map[string][]string{"a00": {"dee", "ana"}}},
		{"topped up beside an enabled one",
			[]string{"a00"}, map[string][]string{"a00": {"dee", "bob"}},
			AssignOptions{Annotators: []string{"ana", "bob", "cem"}, PerArticle: 2, Disabled: []string{"dee"}},
			map[string][]string{"a00": {"dee", "bob", "ana"}}},
		{"enough who can work on it",
			[]string{"a00"}, map[string][]string{"a00": {"dee", "bob"}},
			AssignOptions{Annotators: []string{"ana", "bob"}, PerArticle: 1, Disabled: []string{"dee"}},
			map[string][]string{}},
		{"nobody known disabled",
			[]string{"a00"}, map[string][]string{"a00": {"dee"}},
			AssignOptions{Annotators: []string{"ana", "bob"}, PerArticle: 1},
			map[string][]string{}},
		{"a disabled annotator is not picked",
			[]string{"a00", "a01"}, nil,
			AssignOptions{Annotators: []string{"dee", "ana"}, PerArticle: 1, Disabled: []string{"dee"}},
			map[string][]string{"a00": {"ana"}, "a01": {"ana"}}},
		{"assigned before, so not shared",
			[]string{"a00", "a01"}, map[string][]string{"a00": {"dee"}},
			AssignOptions{Annotators: []string{"ana", "bob"}, PerArticle: 1, Shared: 1, Disabled: []string{"dee"}},
			map[string][]string{"a00": {"dee", "ana"}, "a01": {"ana", "bob"}}},
	}
	for _, tt := range tests {
		if err := tt.o.Validate(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := AutoAssign(tt.articles, tt.current, tt.o); !cmp.Equal(tt.want, got) {
			t.Errorf("%s: AutoAssign(%v, %v, %+v) = %v; want %v", tt.name, tt.articles, tt.current, tt.o, got, tt.want)
		}
	}
}
