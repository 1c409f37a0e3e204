package annotations

import (
	"slices"
	"unicode/utf8"

	"github.com/google/uuid"
)

// GoldAnnotator is the annotator of a project's gold sets: the curated
// annotations of each article, written by the project's curators (and
// managers) only. No user may take it as their annotator name.
const GoldAnnotator = "gold"

// WorkState is where an annotation set stands in a team's workflow.
type WorkState string

// The states of a set. A set has WorkNotStarted or WorkInProgress from its
// content until its annotator stores a state (StatusItem): done, skipped,
// or in progress again after reopening it.
const (
	WorkNotStarted WorkState = "not_started" // no annotation and no state stored
	WorkInProgress WorkState = "in_progress" // annotations, or reopened
	WorkDone       WorkState = "done"        // marked done by its annotator
	WorkSkipped    WorkState = "skipped"     // set aside, with a reason
	// WorkCurated is an article's state once its gold set is done.
	WorkCurated WorkState = "curated"
)

// storableStates are the states a StatusItem may hold.
var storableStates = []WorkState{WorkInProgress, WorkDone, WorkSkipped}

// MaxReasonRunes caps a skipped set's reason in code points.
const MaxReasonRunes = 500

// StatusItem is the body of a KindStatus revision: the state its annotator
// gave the set. It is one item per set (StatusItemID), so that marking done
// on one device and reopening on another meet as revisions of one item.
type StatusItem struct {
	ID    string    `json:"id"`
	State WorkState `json:"state"`
	// Reason says why a set was skipped; empty otherwise.
	Reason string `json:"reason,omitempty"`
}

// Validate reports whether the status holds a state a set can be given,
// with a reason exactly when skipped.
func (s StatusItem) Validate() error {
	if !slices.Contains(storableStates, s.State) {
		return invalid("state", "%q is not a state a set can be given (%v)", s.State, storableStates)
	}
	switch {
	case s.State == WorkSkipped && s.Reason == "":
		return invalid("reason", "is empty: say why the article is skipped")
	case s.State != WorkSkipped && s.Reason != "":
		return invalid("reason", "is only for a skipped set")
	case !utf8.ValidString(s.Reason) || NormalizeLine(s.Reason) != s.Reason:
		return invalid("reason", "has control characters or extra spaces")
	case utf8.RuneCountInString(s.Reason) > MaxReasonRunes:
		return invalid("reason", "is longer than %d characters", MaxReasonRunes)
	}
	return nil
}

// StatusItemID returns the item ID of the status of the set k.
func StatusItemID(k SetKey) string {
	return uuid.NewSHA1(setNamespace, []byte("status\n"+k.ID())).String()
}

// NewStatusRevision returns the revision that gives the set k the state of
// status (its ID is filled in), made on top of parent.
func NewStatusRevision(parent string, k SetKey, status StatusItem) (Revision, error) {
	status.ID = StatusItemID(k)
	return NewRevision(parent, status.ID, KindStatus, k, false, status)
}

// Status decodes the body of a status revision.
func (r Revision) Status() (StatusItem, error) {
	s, err := decodeBody(r, KindStatus, func(s StatusItem) string { return s.ID })
	if err != nil {
		return StatusItem{}, err
	}
	return s, s.Validate()
}

// State returns the set's state in the workflow: the one its annotator
// stored, else in progress when it holds any annotation, else not started.
func (s Set) State() WorkState {
	switch {
	case s.Status != nil:
		return s.Status.State
	case len(s.Entities)+len(s.Quotes)+len(s.Stances)+len(s.Groups) > 0:
		return WorkInProgress
	}
	return WorkNotStarted
}

// MaxAssignees caps the annotators assigned one article.
const MaxAssignees = 100

// Assignment is the body of a KindAssignment revision: the annotators
// assigned one article of a project, in the order they were added. It is
// one of the project's own items (ProjectKey), one per article
// (AssignmentItemID), written by the project's managers and read by every
// member, offline too.
type Assignment struct {
	ID         string   `json:"id"`
	ArticleID  string   `json:"article_id"`
	Annotators []string `json:"annotators"`
}

// Validate reports whether the assignment names an article and distinct,
// valid annotators other than GoldAnnotator (an empty list unassigns).
func (a Assignment) Validate() error {
	if !IsArticleID(a.ArticleID) {
		return invalid("article_id", "%q is not an article ID", a.ArticleID)
	}
	return validateAssignees(a.Annotators)
}

// validateAssignees reports whether names are at most MaxAssignees
// distinct, valid annotators other than GoldAnnotator.
func validateAssignees(names []string) error {
	if len(names) > MaxAssignees {
		return invalid("annotators", "has %d names; an article takes at most %d", len(names), MaxAssignees)
	}
	for i, name := range names {
		if err := ValidateAnnotator(name); err != nil {
			return err
		}
		if name == GoldAnnotator {
			return invalid("annotators", "%q is the curators' gold set, not an annotator", name)
		}
		if slices.Contains(names[:i], name) {
			return invalid("annotators", "names %q twice", name)
		}
	}
	return nil
}

// AssignmentItemID returns the item ID of the assignment of an article in a
// project ("" for the Default project).
func AssignmentItemID(project, articleID string) string {
	return uuid.NewSHA1(setNamespace, []byte("assignment\n"+project+"\n"+articleID)).String()
}

// NewAssignmentRevision returns the revision that assigns an article of a
// project to a's annotators (its ID is filled in), made on top of parent.
func NewAssignmentRevision(parent, project string, a Assignment) (Revision, error) {
	a.ID = AssignmentItemID(project, a.ArticleID)
	return NewRevision(parent, a.ID, KindAssignment, ProjectKey(project), false, a)
}

// Assignment decodes the body of an assignment revision.
func (r Revision) Assignment() (Assignment, error) {
	a, err := decodeBody(r, KindAssignment, func(a Assignment) string { return a.ID })
	if err != nil {
		return Assignment{}, err
	}
	if a.ID != AssignmentItemID(r.Project, a.ArticleID) {
		return Assignment{}, invalid("item", "%q is not the assignment item of article %q", a.ID, a.ArticleID)
	}
	return a, a.Validate()
}
