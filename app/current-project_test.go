package app

import (
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

func TestChooseProject(t *testing.T) {
	def := api.ProjectRole{ID: api.DefaultProject, Name: "Default", Role: api.RoleAnnotator}
	climate := api.ProjectRole{ID: "climate", Name: "Climate", Role: api.RoleManager}
	sports := api.ProjectRole{ID: "sports", Name: "Sports", Role: api.RoleAnnotator}
	tests := []struct {
		name     string
		stored   string
		projects []api.ProjectRole
		want     string
	}{
		{"the one picked", "climate", []api.ProjectRole{climate, def}, "climate"},
		{"nothing picked yet", "", []api.ProjectRole{climate, def}, api.DefaultProject},
		{"picked, then removed from it", "sports", []api.ProjectRole{climate, def}, api.DefaultProject},
		{"not in Default: the first", "sports", []api.ProjectRole{climate}, "climate"},
		{"nothing picked, not in Default", "", []api.ProjectRole{sports, climate}, "sports"},
		{"no projects (a release before projects kept api.Me)", "climate", nil, api.DefaultProject},
		{"Default picked", api.DefaultProject, []api.ProjectRole{climate, def}, api.DefaultProject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chooseProject(tt.stored, tt.projects); got != tt.want {
				t.Errorf("chooseProject(%q, …) = %q, want %q", tt.stored, got, tt.want)
			}
		})
	}
}

// TestProjectLeft: the project the user picked is one they left when
// their projects no longer hold it, and only then.
func TestProjectLeft(t *testing.T) {
	def := api.ProjectRole{ID: api.DefaultProject, Name: "Default", Role: api.RoleAnnotator}
	climate := api.ProjectRole{ID: "climate", Name: "Climate", Role: api.RoleAnnotator}
	tests := []struct {
		name     string
		stored   string
		projects []api.ProjectRole
		want     bool
	}{
		{"still a member", "climate", []api.ProjectRole{climate, def}, false},
		{"taken out of it", "climate", []api.ProjectRole{def}, true},
		{"taken out of Default", api.DefaultProject, []api.ProjectRole{climate}, true},
		{"nothing picked", "", []api.ProjectRole{def}, false},
		{"no projects (a release before projects kept api.Me)", "climate", nil, false},
	}
	for _, tt := range tests {
		if got := projectLeft(tt.stored, tt.projects); got != tt.want {
			t.Errorf("%s: projectLeft(%q, …) = %v, want %v", tt.name, tt.stored, got, tt.want)
		}
	}
}

// TestEditorInProject: an editor's edits belong to its project's set, and
// the same article's set in another project does not come into it.
func TestEditorInProject(t *testing.T) {
	a, err := annotations.NewArticle("T", "Rex Tillerson said.", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ project, other string }{
		{"climate", ""},
		{"", "climate"},
	}
	for _, tt := range tests {
		ed, err := newEditor(a, tt.project, "ana", nil)
		if err != nil {
			t.Fatal(err)
		}
		key := annotations.SetKey{Project: tt.project, ArticleID: a.ID, Annotator: "ana"}
		rev, ok, err := ed.tag(0, 13, "PER")
		if err != nil || !ok {
			t.Fatalf("project %q: tag: ok=%v err=%v", tt.project, ok, err)
		}
		if rev.Project != tt.project || rev.SetID() != key.ID() {
			t.Errorf("project %q: the tag's revision is of project %q, set %s; want set %s", tt.project, rev.Project, rev.SetID(), key.ID())
		}
		schema, err := ed.putSchema(annotations.DefaultSchema())
		if err != nil {
			t.Fatal(err)
		}
		if want := annotations.ProjectSchemaItemID(tt.project); schema.Item != want || schema.Key() != annotations.ProjectKey(tt.project) {
			t.Errorf("project %q: the schema revision is item %s of %+v, want the project's, %s", tt.project, schema.Item, schema.Key(), want)
		}
		elsewhere, err := newEditor(a, tt.other, "ana", nil)
		if err != nil {
			t.Fatal(err)
		}
		theirs, _, err := elsewhere.tag(0, 3, "ORG")
		if err != nil {
			t.Fatal(err)
		}
		if err := ed.apply(rev, theirs); err != nil {
			t.Fatal(err)
		}
		if len(ed.set.Entities) != 1 || ed.set.Entities[0].Label != "PER" {
			t.Errorf("project %q: entities %+v, want the one PER mention of its own set", tt.project, ed.set.Entities)
		}
	}
}
