package annotations

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestValidateProjectID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"default", true},
		{"climate-2026", true},
		{"a", true},
		{"9", true},
		{strings.Repeat("a", MaxProjectIDBytes), true},
		{strings.Repeat("a", MaxProjectIDBytes+1), false},
		{"", false},
		{"-climate", false},
		{"climate-", false},
		{"Climate", false},
		{"climate 2026", false},
		{"climat\u00e9", false},
		{"climate/2026", false},
		{"climate_2026", false},
	}
	for _, tt := range tests {
		err := ValidateProjectID(tt.id)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateProjectID(%q) = %v, want ok %v", tt.id, err, tt.ok)
		}
		var ve *ValidationError
		if err != nil && (!errors.As(err, &ve) || ve.Field != "project") {
			t.Errorf("ValidateProjectID(%q) = %#v, want a ValidationError of the field project", tt.id, err)
		}
	}
}

// TestSetKeyIDs pins the ID of a set of the Default project to the one it
// had before projects, and checks that a project makes another set.
func TestSetKeyIDs(t *testing.T) {
	article := ArticleID("The article")
	old := SetKey{ArticleID: article, Annotator: "ana"}
	// The value SetID(article, "ana") had before sets carried a project.
	const before = "09242b15-98cf-5461-bff6-e8ddabebcae5"
	if got := old.ID(); got != before {
		t.Errorf("the Default project's set ID is %s, want %s as before projects", got, before)
	}
	ids := map[string]SetKey{}
	for _, k := range []SetKey{
		old,
		{Project: "climate", ArticleID: article, Annotator: "ana"},
		{Project: "health", ArticleID: article, Annotator: "ana"},
		{Project: "climate", ArticleID: article, Annotator: "bob"},
		{Project: "climate", ArticleID: ArticleID("Another"), Annotator: "ana"},
	} {
		if other, ok := ids[k.ID()]; ok {
			t.Errorf("sets %+v and %+v have one ID %s", k, other, k.ID())
		}
		ids[k.ID()] = k
		if SchemaItemID(k) == k.ID() {
			t.Errorf("%+v: the schema item's ID is the set's", k)
		}
	}
}

// TestRevisionProject checks that a revision of the Default project keeps
// its ID from before projects, that one of another project names it, and
// what Validate accepts.
func TestRevisionProject(t *testing.T) {
	a := testArticle(t)
	e := testEntity(t, a, testItem, 2, 15, "PER")
	must := mustRev(t)
	plain := must(NewEntityRevision("", SetKey{ArticleID: a.ID, Annotator: "ana"}, e))
	// The ID of this revision before revisions carried a project.
	const before = "1-ec30acdc9bd448433b2ac71b873d99d9"
	if plain.ID != before {
		t.Errorf("a Default project's revision has the ID %s, want %s as before projects", plain.ID, before)
	}
	b, err := json.Marshal(plain)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"project"`) {
		t.Errorf("a Default project's revision is written with a project: %s", b)
	}

	in := must(NewEntityRevision("", SetKey{Project: "climate", ArticleID: a.ID, Annotator: "ana"}, e))
	if in.ID == plain.ID || in.SetID() == plain.SetID() {
		t.Errorf("the same edit in two projects has one ID (%s) or one set (%s)", in.ID, in.SetID())
	}
	if in.Key() != (SetKey{Project: "climate", ArticleID: a.ID, Annotator: "ana"}) {
		t.Errorf("Key() = %+v", in.Key())
	}
	schema := must(NewSchemaRevision("", in.Key(), DefaultSchema()))
	if schema.Item != SchemaItemID(in.Key()) || schema.Item == SchemaItemID(plain.Key()) {
		t.Errorf("a project's schema revision has the item %s", schema.Item)
	}

	tests := []struct {
		name    string
		project string
		want    string // in the error; "" for valid
	}{
		{"default project", "", ""},
		{"a project", "climate", ""},
		{"the default project by name", DefaultProject, "no project"},
		{"a bad project ID", "Climate!", "not a project ID"},
	}
	for _, tt := range tests {
		r := plain
		r.Project = tt.project
		r.ID = r.ComputeID()
		err := r.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: Validate() = %v, want nil", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: Validate() = %v, want an error with %q", tt.name, err, tt.want)
		}
	}
	// A schema revision moved into another project names the wrong item.
	moved := schema
	moved.Project = "health"
	moved.ID = moved.ComputeID()
	if err := moved.Validate(); err == nil || !strings.Contains(err.Error(), "schema item") {
		t.Errorf("a schema revision of another project's item: Validate() = %v, want the schema item error", err)
	}
}

func TestProjectField(t *testing.T) {
	for _, tt := range []struct{ field, id string }{{"", DefaultProject}, {"climate", "climate"}} {
		if got := ProjectOrDefault(tt.field); got != tt.id {
			t.Errorf("ProjectOrDefault(%q) = %q, want %q", tt.field, got, tt.id)
		}
		if got := ProjectField(tt.id); got != tt.field {
			t.Errorf("ProjectField(%q) = %q, want %q", tt.id, got, tt.field)
		}
	}
}

func TestProjectIDFromName(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Climate 2026", "climate-2026"},
		{"  Élections — municipales  ", "lections-municipales"},
		{"Default", "default"},
		{"北京", "project"},
		{"a--b", "a-b"},
		{strings.Repeat("ab ", 30), "ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-a"},
	}
	for _, tt := range tests {
		got := ProjectIDFromName(tt.name)
		if got != tt.want {
			t.Errorf("ProjectIDFromName(%q) = %q, want %q", tt.name, got, tt.want)
		}
		if err := ValidateProjectID(got); err != nil {
			t.Errorf("ProjectIDFromName(%q) = %q, not a valid ID: %v", tt.name, got, err)
		}
	}
}
