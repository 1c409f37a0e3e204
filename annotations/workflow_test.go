package annotations

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStatusItemValidate(t *testing.T) {
	tests := []struct {
		status StatusItem
		field  string // "" when valid
	}{
		{StatusItem{State: WorkDone}, ""},
		{StatusItem{State: WorkInProgress}, ""},
		{StatusItem{State: WorkSkipped, Reason: "Not a news article"}, ""},
		{StatusItem{State: WorkSkipped}, "reason"},
		{StatusItem{State: WorkDone, Reason: "why"}, "reason"},
		{StatusItem{State: WorkSkipped, Reason: " padded"}, "reason"},
		{StatusItem{State: WorkSkipped, Reason: strings.Repeat("x", MaxReasonRunes+1)}, "reason"},
		{StatusItem{State: WorkNotStarted}, "state"}, // derived, never stored
		{StatusItem{State: WorkCurated}, "state"},    // an article's, not a set's
		{StatusItem{State: "finished"}, "state"},
	}
	for _, tt := range tests {
		err := tt.status.Validate()
		if tt.field == "" {
			if err != nil {
				t.Errorf("%+v: %v, want valid", tt.status, err)
			}
			continue
		}
		wantInvalid(t, err, tt.field)
	}
}

func TestAssignmentValidate(t *testing.T) {
	article := ArticleID("The article")
	tests := []struct {
		a     Assignment
		field string
	}{
		{Assignment{ArticleID: article, Annotators: []string{"ana", "bob"}}, ""},
		{Assignment{ArticleID: article}, ""}, // unassigned
		{Assignment{ArticleID: "nope", Annotators: []string{"ana"}}, "article_id"},
		{Assignment{ArticleID: article, Annotators: []string{"ana", "ana"}}, "annotators"},
		{Assignment{ArticleID: article, Annotators: []string{"ana", GoldAnnotator}}, "annotators"},
		{Assignment{ArticleID: article, Annotators: []string{""}}, "annotator"},
		{Assignment{ArticleID: article, Annotators: make([]string, MaxAssignees+1)}, "annotators"},
	}
	for _, tt := range tests {
		err := tt.a.Validate()
		if tt.field == "" {
			if err != nil {
				t.Errorf("%+v: %v, want valid", tt.a, err)
			}
			continue
		}
		wantInvalid(t, err, tt.field)
	}
}

// TestWorkflowRevisionsValidate checks where status and assignment
// revisions may live: a status is its set's one item, an assignment one of
// the project's own items.
func TestWorkflowRevisionsValidate(t *testing.T) {
	article := ArticleID("The article")
	k := SetKey{Project: "climate", ArticleID: article, Annotator: "ana"}
	must := func(r Revision, err error) Revision {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	status := must(NewStatusRevision("", k, StatusItem{State: WorkDone}))
	assign := must(NewAssignmentRevision("", "climate", Assignment{ArticleID: article, Annotators: []string{"ana"}}))
	bobs := StatusItemID(SetKey{Project: "climate", ArticleID: article, Annotator: "bob"})
	_, otherSet := NewRevision("", bobs, KindStatus, k, false, StatusItem{ID: bobs, State: WorkDone})
	_, inSet := NewRevision("", AssignmentItemID("climate", article), KindAssignment, k, false,
		Assignment{ID: AssignmentItemID("climate", article), ArticleID: article})
	wrongArticle := must(NewRevision("", AssignmentItemID("climate", article), KindAssignment, ProjectKey("climate"), false,
		Assignment{ID: AssignmentItemID("climate", article), ArticleID: ArticleID("Another")}))
	for _, r := range []Revision{status, assign} {
		if err := r.ValidateAgainstText(r.ArticleID, []rune("The article"), DefaultSchema()); err != nil {
			t.Errorf("%s: %v, want valid", r.Kind, err)
		}
	}
	wantInvalid(t, otherSet, "item")
	wantInvalid(t, inSet, "kind")
	if _, err := wrongArticle.Assignment(); err == nil {
		t.Error("an assignment whose item is another article's decodes")
	}
}

// TestSetState walks one set through the workflow's states, and a
// project's set through its assignments.
func TestSetWorkState(t *testing.T) {
	text := "Ana met Bob in Paris."
	article := ArticleID(text)
	k := SetKey{Project: "climate", ArticleID: article, Annotator: "ana"}
	st := NewSetState(k)
	if got := st.Set().State(); got != WorkNotStarted {
		t.Fatalf("empty set: %s, want %s", got, WorkNotStarted)
	}
	e := Entity{ID: "7b0f4a2e-8a43-4d0e-9d1b-1f2a3b4c5d6e", Span: Span{Start: 0, End: 3, Exact: "Ana"}, Label: "PER"}
	er, err := NewEntityRevision("", k, e)
	if err != nil {
		t.Fatal(err)
	}
	apply := func(r Revision, err error) Revision {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Apply(r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	apply(er, nil)
	if got := st.Set().State(); got != WorkInProgress {
		t.Fatalf("a set with a mention: %s, want %s", got, WorkInProgress)
	}
	done := apply(NewStatusRevision("", k, StatusItem{State: WorkDone}))
	if got := st.Set().State(); got != WorkDone {
		t.Fatalf("marked done: %s, want %s", got, WorkDone)
	}
	kept := st.Set()
	skipped := apply(NewStatusRevision(done.ID, k, StatusItem{State: WorkSkipped, Reason: "Duplicate"}))
	if got, s := st.Set().State(), st.Set().Status; got != WorkSkipped || s.Reason != "Duplicate" {
		t.Fatalf("skipped: %s %+v, want %s with its reason", got, s, WorkSkipped)
	}
	if kept.State() != WorkDone {
		t.Errorf("a Set handed out before changed its state to %s", kept.State())
	}
	del, err := NewDeletion(skipped)
	apply(del, err)
	if got := st.Set().State(); got != WorkInProgress {
		t.Errorf("state deleted: %s, want %s from the content", got, WorkInProgress)
	}

	// The project's own set holds the assignments, by article.
	ps := NewSetState(ProjectKey("climate"))
	second := ArticleID("Another article.")
	var revs []Revision
	for _, a := range []Assignment{{ArticleID: second, Annotators: []string{"bob"}}, {ArticleID: article, Annotators: []string{"ana", "bob"}}} {
		r, err := NewAssignmentRevision("", "climate", a)
		if err != nil {
			t.Fatal(err)
		}
		revs = append(revs, r)
	}
	if err := ps.Apply(revs...); err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, a := range ps.Set().Assignments {
		got = append(got, append([]string{a.ArticleID}, a.Annotators...))
	}
	want := [][]string{{article, "ana", "bob"}, {second, "bob"}}
	if article > second {
		want[0], want[1] = want[1], want[0]
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("assignments (-want +got):\n%s", d)
	}
}

// TestRevisionAtOutsideID checks that an edit's time is not part of its
// content: the same edit made at two times is one revision.
func TestRevisionAtOutsideID(t *testing.T) {
	k := SetKey{ArticleID: ArticleID("x"), Annotator: "ana"}
	r, err := NewStatusRevision("", k, StatusItem{State: WorkDone})
	if err != nil {
		t.Fatal(err)
	}
	r.At = 1764900000000
	if r.ComputeID() != r.ID {
		t.Error("At changes the revision's ID")
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Revision
	if err := json.Unmarshal(b, &back); err != nil || back.At != r.At {
		t.Errorf("At does not survive JSON: %s → %+v, %v", b, back, err)
	}
	if err := back.Validate(); err != nil {
		t.Errorf("a revision with At: %v", err)
	}
}
