package app

import (
	"slices"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestSetsOf: the device's download takes the user's sets in the project
// they work in, one per article, never another project's or annotator's
// revisions, nor those of an article not on the device.
func TestSetsOf(t *testing.T) {
	rev := func(project, article, annotator string) annotations.Revision {
		return annotations.Revision{ID: project + "/" + article + "/" + annotator, Project: project, ArticleID: article, Annotator: annotator}
	}
	revs := []annotations.Revision{
		rev("", "b", "ana"), rev("climate", "b", "ana"), rev("", "a", "ana"), rev("", "a", "ana"),
		rev("climate", "a", "bob"), rev("", "gone", "ana"), rev("climate", "c", "ana"),
		rev("climate", "", ""), // climate's schema, which every climate set takes
	}
	onDevice := func(id string) bool { return id != "gone" }
	tests := []struct {
		name  string
		mine  annotations.SetKey
		want  []string // the articles, in order
		sizes []int    // how many revisions each set has
	}{
		{"Default", annotations.SetKey{Annotator: "ana"}, []string{"a", "b"}, []int{2, 1}},
		{"climate", annotations.SetKey{Project: "climate", Annotator: "ana"}, []string{"b", "c"}, []int{2, 2}},
		{"another annotator in climate", annotations.SetKey{Project: "climate", Annotator: "bob"}, []string{"a"}, []int{2}},
		{"a project with nothing", annotations.SetKey{Project: "sports", Annotator: "ana"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, sets := setsOf(revs, tt.mine, onDevice)
			var got []string
			var sizes []int
			for _, k := range keys {
				if k.Project != tt.mine.Project || k.Annotator != tt.mine.Annotator {
					t.Errorf("set %+v is not %s's in project %q", k, tt.mine.Annotator, tt.mine.Project)
				}
				for _, r := range sets[k] {
					if r.Key() != k && r.Key() != annotations.ProjectKey(k.Project) {
						t.Errorf("set %+v holds revision %s of set %+v", k, r.ID, r.Key())
					}
				}
				got, sizes = append(got, k.ArticleID), append(sizes, len(sets[k]))
			}
			if !slices.Equal(got, tt.want) || !slices.Equal(sizes, tt.sizes) {
				t.Errorf("articles %v with %v revisions, want %v with %v", got, sizes, tt.want, tt.sizes)
			}
		})
	}
}
