package app

import (
	"slices"
	"testing"

	"github.com/gloss-annotate/gloss/annotations/api"
)

func TestWithProject(t *testing.T) {
	def := api.ProjectRole{ID: api.DefaultProject, Name: "Default", Role: api.RoleAnnotator}
	zoo := api.ProjectRole{ID: "zoo", Name: "Zoo", Role: api.RoleCurator}
	tests := []struct {
		name     string
		projects []api.ProjectRole
		made     api.Project
		want     []api.ProjectRole
	}{
		{"added by name, its maker its manager", []api.ProjectRole{def, zoo}, api.Project{ID: "climate", Name: "Climate"},
			[]api.ProjectRole{{ID: "climate", Name: "Climate", Role: api.RoleManager}, def, zoo}},
		{"the role the server gave", []api.ProjectRole{def}, api.Project{ID: "climate", Name: "Climate", Role: api.RoleCurator},
			[]api.ProjectRole{{ID: "climate", Name: "Climate", Role: api.RoleCurator}, def}},
		{"already there", []api.ProjectRole{def, zoo}, api.Project{ID: "zoo", Name: "Zoo"}, []api.ProjectRole{def, zoo}},
		{"none yet", nil, api.Project{ID: "climate", Name: "Climate"}, []api.ProjectRole{{ID: "climate", Name: "Climate", Role: api.RoleManager}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.projects)
			got := withProject(tt.projects, tt.made)
			if !slices.Equal(got, tt.want) {
				t.Errorf("withProject = %+v, want %+v", got, tt.want)
			}
			if !slices.Equal(tt.projects, before) {
				t.Errorf("withProject changed its input to %+v", tt.projects)
			}
		})
	}
}
