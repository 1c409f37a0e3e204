package replica

import (
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestProjectRevisionOwner: a project's own revision (its schema) is sent
// by the user who made it, and pulled by every member.
func TestProjectRevisionOwner(t *testing.T) {
	schema, err := annotations.NewSchemaRevision("", annotations.ProjectKey("climate"), annotations.DefaultSchema())
	if err != nil {
		t.Fatal(err)
	}
	a, err := annotations.NewArticle("", "Angela Merkel met Emmanuel Macron.", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	span, _ := annotations.NewSpan([]rune(a.Text), 0, 13)
	mention, err := annotations.NewEntityRevision("", annotations.SetKey{Project: "climate", ArticleID: a.ID, Annotator: "ann"}, annotations.Entity{ID: "00000000-0000-4000-8000-000000000001", Span: span, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		p    Pending
		want string
	}{
		{"a mention", Pending{Revision: mention, By: "mia"}, "ann"},
		{"the project's schema", Pending{Revision: schema, By: "mia"}, "mia"},
		{"the project's schema, maker unknown", Pending{Revision: schema}, ""},
	} {
		if got := tt.p.Owner(); got != tt.want {
			t.Errorf("%s: Owner() = %q, want %q", tt.name, got, tt.want)
		}
	}
	if err := CheckPulled("bob", []annotations.Revision{schema}); err != nil {
		t.Errorf("CheckPulled(bob, the project's schema) = %v", err)
	}
	if err := CheckPulled("bob", []annotations.Revision{mention}); err == nil || !strings.Contains(err.Error(), `annotator "ann"`) {
		t.Errorf("CheckPulled(bob, ann's mention) = %v", err)
	}
}
