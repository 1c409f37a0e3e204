package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestAutoOptions: the automatic assignment's form gives its options, or
// each field's problem in words.
func TestAutoOptions(t *testing.T) {
	tests := []struct {
		name  string
		v     formValues
		want  annotations.AssignOptions
		field string // the field with a problem, "-" for none
	}{
		{"valid", formValues{"auto-annotators": " ana,  bob ,, cy", "per-article": "2", "shared": "25"},
			annotations.AssignOptions{Annotators: []string{"ana", "bob", "cy"}, PerArticle: 2, Shared: .25}, "-"},
		{"no annotators", formValues{"auto-annotators": " , ", "per-article": "1", "shared": "0"}, annotations.AssignOptions{}, "auto-annotators"},
		{"too many per article", formValues{"auto-annotators": "ana", "per-article": "2", "shared": "0"}, annotations.AssignOptions{}, "per-article"},
		{"not a number", formValues{"auto-annotators": "ana", "per-article": "two", "shared": "0"}, annotations.AssignOptions{}, "per-article"},
		{"share over 100", formValues{"auto-annotators": "ana", "per-article": "1", "shared": "150"}, annotations.AssignOptions{}, "shared"},
		{"share missing", formValues{"auto-annotators": "ana", "per-article": "1"}, annotations.AssignOptions{}, "shared"},
		{"gold", formValues{"auto-annotators": "gold", "per-article": "1", "shared": "0"}, annotations.AssignOptions{}, "auto-annotators"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, problems := autoOptions(tt.v)
			if tt.field == "-" {
				if len(problems) > 0 || !slices.Equal(o.Annotators, tt.want.Annotators) || o.PerArticle != tt.want.PerArticle || o.Shared != tt.want.Shared {
					t.Errorf("got %+v, problems %v; want %+v", o, problems, tt.want)
				}
				return
			}
			if len(problems) != 1 || problems[tt.field] == "" {
				t.Errorf("problems %v, want one of field %s", problems, tt.field)
			}
		})
	}
}

// TestMemberNamesDisabled: the library's list of members marks a disabled
// account; the automatic assignment's annotators, filled in from the
// members who annotate, leave it out, and its form refuses it when typed,
// as Assign… does.
func TestMemberNamesDisabled(t *testing.T) {
	p := &LibraryPage{members: []api.Member{
		{User: api.User{Login: "ana", Annotator: "ana"}, Role: api.RoleAnnotator},
		{User: api.User{Login: "bo", Annotator: "bo", Disabled: true}, Role: api.RoleAnnotator},
		{User: api.User{Login: "cy", Annotator: "cy"}, Role: api.RoleAnnotator},
		{User: api.User{Login: "max", Annotator: "max"}, Role: api.RoleManager},
	}}
	if got, want := p.memberNames(false), "ana, bo (disabled), cy, max"; got != want {
		t.Errorf("the members: %q, want %q", got, want)
	}
	if got, want := p.memberNames(true), "ana, cy"; got != want {
		t.Errorf("the annotators to assign: %q, want %q", got, want)
	}
	p.form = formValues{"auto-annotators": "ana, BO", "per-article": "1", "shared": "0"}
	p.autoAssignSubmit(app.Context{}) // refused before it writes
	if got, want := p.problems["auto-annotators"], api.DisabledAssignee("bo"); got != want {
		t.Errorf("auto-assigning a disabled account: problem %q, want %q", got, want)
	}
}

// TestAssignments: a manager's assignments are project revisions, each on
// top of the article's last; the library then lists the user's own
// articles in its order, and Next article opens the one in progress, else
// the first not started.
func TestAssignments(t *testing.T) {
	const project = "p1"
	own := annotations.NewSetState(annotations.ProjectKey(project))
	ids := make([]string, 3)
	entries := make([]libraryEntry, 3)
	for i := range ids {
		a, err := annotations.NewArticle("Article "+string(rune('A'+i)), "Text "+strings.Repeat("x", i+1), time.Unix(int64(100-i), 0))
		if err != nil {
			t.Fatal(err)
		}
		ids[i], entries[i] = a.ID, libraryEntry{ID: a.ID, Title: a.Title, Created: a.Created}
	}
	revs, err := assignRevisions(project, own, map[string][]string{ids[0]: {"ana", "bob"}, ids[2]: {"ana"}})
	if err != nil || len(revs) != 2 {
		t.Fatalf("assign: %d revisions, %v", len(revs), err)
	}
	if err := own.Apply(revs...); err != nil {
		t.Fatal(err)
	}
	again, err := assignRevisions(project, own, map[string][]string{ids[0]: {"bob"}})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := own.Head(annotations.AssignmentItemID(project, ids[0]))
	if again[0].Parent != first.ID || !again[0].Key().IsProject() || again[0].Project != project {
		t.Errorf("a change: parent %q, key %+v; want on top of %q, the project's own", again[0].Parent, again[0].Key(), first.ID)
	}
	if _, err := assignRevisions(project, own, map[string][]string{ids[1]: {"ana", "ana"}}); err == nil {
		t.Error("an annotator named twice was taken")
	}

	p := &LibraryPage{entries: entries, me: "ana"}
	p.setProject(own)
	mine := p.onlyMine(visibleEntries(p.entries, false, "", ""))
	if len(mine) != 2 || mine[0].ID != ids[0] || mine[1].ID != ids[2] {
		t.Fatalf("my articles %+v, want A and C, newest first", mine)
	}
	steps := []struct {
		name   string
		states [3]annotations.WorkState // of A, B, C
		want   string
	}{
		{"none started", [3]annotations.WorkState{}, ids[0]},
		{"C in progress", [3]annotations.WorkState{"", annotations.WorkInProgress, annotations.WorkInProgress}, ids[2]},
		{"A done", [3]annotations.WorkState{annotations.WorkDone, "", ""}, ids[2]},
		{"A done, C skipped, B not assigned", [3]annotations.WorkState{annotations.WorkDone, "", annotations.WorkSkipped}, ""},
	}
	for _, st := range steps {
		for i := range p.entries {
			p.entries[i].State = st.states[i]
		}
		if got := p.nextArticle(); got != st.want {
			t.Errorf("%s: next %q, want %q", st.name, got, st.want)
		}
	}
	p.me = "cy"
	if got := p.onlyMine(visibleEntries(p.entries, false, "", "")); len(got) != 0 {
		t.Errorf("cy's articles %+v, want none", got)
	}
	if got, want := p.entryState(p.entries[0]), "done · assigned to ana, bob"; got != want {
		t.Errorf("A's line says %q, want %q", got, want)
	}
}

// TestParseNames: names typed are split at commas and normalized.
func TestParseNames(t *testing.T) {
	if got := parseNames(" ana ,bob  b,, \t,"); !slices.Equal(got, []string{"ana", "bob b"}) {
		t.Errorf("parseNames = %q", got)
	}
}
