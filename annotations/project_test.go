package annotations

import (
	"encoding/json"
	"errors"
	"github.com/google/go-cmp/cmp"
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
		{"  Élections — municipales  ", "elections-municipales"}, // accents dropped, not the letters
		{"Ünïcödé Désk", "unicode-desk"},
		{"Ｃｌｉｍａｔｅ", "climate"}, // fullwidth
		{"Łódź", "lodz"},       // Ł written as readers type it without its stroke
		{"Straße Æsir", "strasse-aesir"},
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

// projectSchemaFixture is a set of the project climate, its article, and
// schemas for it.
type projectSchemaFixture struct {
	a         Article
	key       SetKey
	must      func(Revision, error) Revision
	withCrime Schema // the default schema and CRIME, keyed 5
}

func newProjectSchemaFixture(t *testing.T) projectSchemaFixture {
	a := testArticle(t)
	withCrime := DefaultSchema()
	withCrime.EntityLabels = append(withCrime.EntityLabels, Label{Name: "CRIME", Key: "5", Color: "#ff0000"})
	return projectSchemaFixture{a: a, key: SetKey{Project: "climate", ArticleID: a.ID, Annotator: "ana"}, must: mustRev(t), withCrime: withCrime}
}

func TestProjectSchemaRevision(t *testing.T) {
	f := newProjectSchemaFixture(t)
	r := f.must(NewSchemaRevision("", ProjectKey("climate"), f.withCrime))
	if r.Item != ProjectSchemaItemID("climate") || r.ArticleID != "" || r.Annotator != "" || r.Project != "climate" {
		t.Errorf("a project schema revision is %+v", r)
	}
	if ProjectSchemaItemID("climate") == ProjectSchemaItemID("") || ProjectSchemaItemID("") == SchemaItemID(SetKey{ArticleID: f.a.ID, Annotator: "ana"}) {
		t.Error("project schema items are not apart")
	}
	// Only a project's schema may have no article and no annotator.
	e := f.must(NewEntityRevision("", f.key, testEntity(t, f.a, testItem, 2, 15, "PER")))
	bare := e
	bare.ArticleID, bare.Annotator = "", ""
	bare.ID = bare.ComputeID()
	if err := bare.Validate(); err == nil || !strings.Contains(err.Error(), "only the project's schema") {
		t.Errorf("a mention without article and annotator: Validate() = %v", err)
	}
	moved := r
	moved.Project = "health"
	moved.ID = moved.ComputeID()
	if err := moved.Validate(); err == nil {
		t.Error("climate's schema item in health validates")
	}
	half := r
	half.Annotator = "ana"
	half.ID = half.ComputeID()
	if err := half.Validate(); err == nil {
		t.Error("a project schema revision with an annotator validates")
	}
}

// TestSetStateProjectSchema: the project's schema wins over the set's own,
// and the set falls back to its own when the project's is deleted.
func TestSetStateProjectSchema(t *testing.T) {
	f := newProjectSchemaFixture(t)
	own := DefaultSchema()
	own.EntityLabels = own.EntityLabels[:2]
	ownRev := f.must(NewSchemaRevision("", f.key, own))
	projectRev := f.must(NewSchemaRevision("", ProjectKey("climate"), f.withCrime))
	other := f.must(NewSchemaRevision("", ProjectKey("health"), DefaultSchema()))
	crime := f.must(NewEntityRevision("", f.key, testEntity(t, f.a, testItem, 2, 15, "CRIME")))

	st := NewSetState(f.key)
	if err := st.Apply(ownRev, crime, other); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(own.EntityLabels, st.Set().Schema.EntityLabels); diff != "" {
		t.Errorf("without a project schema, the set's own (-want +got):\n%s", diff)
	}
	if len(st.Set().Review) != 1 {
		t.Errorf("a CRIME mention under a schema without it is not flagged: %+v", st.Set().Review)
	}
	if err := st.Apply(projectRev); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f.withCrime.EntityLabels, st.Set().Schema.EntityLabels); diff != "" {
		t.Errorf("with a project schema, the project's (-want +got):\n%s", diff)
	}
	if len(st.Set().Review) != 0 {
		t.Errorf("the project schema has CRIME, yet: %+v", st.Set().Review)
	}
	// BuildSet gives the same, in any order.
	built, err := BuildSet(f.key, []Revision{projectRev, crime, ownRev})
	if err != nil || !cmp.Equal(built.Schema, st.Set().Schema) {
		t.Errorf("BuildSet's schema = %+v, %v; want the project's", built.Schema, err)
	}
	gone := f.must(NewDeletion(projectRev))
	if err := st.Apply(gone); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(own.EntityLabels, st.Set().Schema.EntityLabels); diff != "" {
		t.Errorf("after the project schema is deleted, the set's own (-want +got):\n%s", diff)
	}
	// A set of the Default project does not take climate's schema.
	plain := NewSetState(SetKey{ArticleID: f.a.ID, Annotator: "ana"})
	if err := plain.Apply(projectRev); err != nil || len(plain.Revisions()) != 0 {
		t.Errorf("a Default set took climate's schema: %d revisions, %v", len(plain.Revisions()), err)
	}
}

// TestCheckBatchProjectSchema: a project schema needs no article, and its
// labels are labels every set of the project may use, stored or in the
// same batch.
func TestCheckBatchProjectSchema(t *testing.T) {
	f := newProjectSchemaFixture(t)
	projectRev := f.must(NewSchemaRevision("", ProjectKey("climate"), f.withCrime))
	crime := f.must(NewEntityRevision("", f.key, testEntity(t, f.a, testItem, 2, 15, "CRIME")))
	elsewhere := f.must(NewEntityRevision("", SetKey{Project: "health", ArticleID: f.a.ID, Annotator: "ana"}, testEntity(t, f.a, testItem, 2, 15, "CRIME")))

	stored := &memoryStored{}
	stored.AddArticle(f.a.ID, []rune(f.a.Text))
	problems, err := CheckBatch([]Revision{crime, projectRev, elsewhere}, stored)
	if err != nil {
		t.Fatal(err)
	}
	if problems[0] != nil || problems[1] != nil {
		t.Errorf("the project schema and a CRIME mention in one batch: %v", problems)
	}
	if problems[2] == nil || !strings.Contains(problems[2].Error(), "CRIME") {
		t.Errorf("a CRIME mention in a project without it: %v", problems[2])
	}

	stored.Add(projectRev)
	problems, err = CheckBatch([]Revision{crime}, stored)
	if err != nil || problems[0] != nil {
		t.Errorf("a CRIME mention with the project schema stored: %v, %v", problems, err)
	}
	bad := f.withCrime
	bad.EntityLabels = append(bad.EntityLabels, Label{Name: "PER"})
	badRev := f.must(NewRevision("", ProjectSchemaItemID("climate"), KindSchema, ProjectKey("climate"), false, SchemaItem{ID: ProjectSchemaItemID("climate"), Schema: bad}))
	if problems, err := CheckBatch([]Revision{badRev}, stored); err != nil || problems[0] == nil {
		t.Errorf("a project schema with PER twice: %v, %v", problems, err)
	}
}

func TestUnionSchemas(t *testing.T) {
	a := Schema{EntityLabels: []Label{{Name: "PER", Key: "1", Color: "#111111"}, {Name: "ORG", Key: "2"}}}
	b := Schema{EntityLabels: []Label{{Name: "PER", Key: "9", Color: "#999999"}, {Name: "CRIME", Key: "2"}, {Name: "LAW", Key: "3"}},
		StancePolarities: []string{"PRO", "CON"}, SnapToWords: true}
	got := UnionSchemas(a, b)
	want := Schema{
		EntityLabels:     []Label{{Name: "PER", Key: "1", Color: "#111111"}, {Name: "ORG", Key: "2"}, {Name: "CRIME"}, {Name: "LAW", Key: "3"}},
		StancePolarities: []string{"FAVOR", "AGAINST", "NONE", "PRO", "CON"},
		SnapToWords:      true,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("UnionSchemas (-want +got):\n%s", diff)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("the union is not valid: %v", err)
	}
}
