package api

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations"
)

// DefaultProject is the ID of the Default project (see
// annotations.DefaultProject).
const DefaultProject = annotations.DefaultProject

// The project endpoints' paths.
const (
	// PathProjects: GET → ProjectList, the caller's projects (an admin's:
	// all); POST NewProject → 201 Project (admins), with the admin as its
	// manager.
	PathProjects = "/api/v1/projects"
)

// ProjectArticlePath is the path of an article in a project's list: GET
// answers 204 when it is on it, else 404 (any member); PUT adds it, DELETE
// takes it out (managers; 204). GET PathArticles with project=ID lists the
// project's articles.
func ProjectArticlePath(project, article string) string {
	return ProjectPath(project) + "/articles/" + article
}

// ProjectPath is the path of one project: GET → Project; PATCH
// ProjectPatch → Project (managers).
func ProjectPath(id string) string { return PathProjects + "/" + id }

// MembersPath is the path of a project's members: GET → MemberList
// (managers and curators).
func MembersPath(id string) string { return ProjectPath(id) + "/members" }

// MemberPath is the path of one member, by login: PUT MemberRequest → 200
// Member; DELETE → 204 (managers).
func MemberPath(id, login string) string { return MembersPath(id) + "/" + login }

// ModelPath is the path of a project's model for suggestions: GET → the
// bytes of suggest.Model.MarshalBinary (application/octet-stream) with an
// ETag, which If-None-Match answers 304; any member. 404 CodeNoModel while
// nothing in the project is done or curated.
func ModelPath(id string) string { return ProjectPath(id) + "/model" }

// CodeNoModel answers GET ModelPath (404) when nothing in the project can
// teach a model yet: no set is done, or, when annotators do not see each
// other, no gold set is.
const CodeNoModel = "no_model"

// Role is what a member may do in a project.
type Role string

// The roles of a project's members.
const (
	// RoleManager manages the project: its settings, guidelines,
	// members, schema and articles; reads every set.
	RoleManager Role = "manager"
	// RoleCurator reads every set of the project and makes its gold
	// sets.
	RoleCurator Role = "curator"
	// RoleAnnotator annotates: their own sets, and the others' when the
	// project lets annotators see each other.
	RoleAnnotator Role = "annotator"
)

// Roles lists the roles, from most to least rights.
var Roles = []Role{RoleManager, RoleCurator, RoleAnnotator}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	return r == RoleManager || r == RoleCurator || r == RoleAnnotator
}

// Access is what one user is in one project: a server admin or not, their
// role there ("" when they are not a member), and whether the project lets
// annotators see each other's sets. Its methods are the one place that
// decides what the user may do there: the server enforces them on every
// route, the app uses them to hide what the user cannot do.
type Access struct {
	Admin        bool
	Role         Role
	SeeEachOther bool
}

// CanSee reports whether the user may know the project exists: a member
// or an admin. Everything else is refused as not found when it is false.
func (a Access) CanSee() bool { return a.Admin || a.Role != "" }

// CanManage reports whether the user may change the project's settings,
// guidelines and members: a manager or an admin.
func (a Access) CanManage() bool { return a.Admin || a.Role == RoleManager }

// CanListMembers reports whether the user may list the project's members:
// a manager, a curator or an admin.
func (a Access) CanListMembers() bool { return a.CanManage() || a.Role == RoleCurator }

// CanCurate reports whether the user may write the project's gold sets
// (annotations.GoldAnnotator) and read its progress and agreement: a
// curator, a manager or an admin.
func (a Access) CanCurate() bool { return a.CanManage() || a.Role == RoleCurator }

// CanAnnotate reports whether the user may write their own sets in the
// project: any member, or an admin.
func (a Access) CanAnnotate() bool { return a.CanSee() }

// CanAnnotateUnlisted reports whether the user may write sets of an
// article that is not on the list of a project other than Default (which
// has every article): a manager or an admin, who see every article. Its
// other members annotate the articles on its list alone.
func (a Access) CanAnnotateUnlisted() bool { return a.CanManage() }

// CanReadSetsOf reports whether the user may read (pull, export) sets of
// the project: their own (own) as any member, everyone's as a manager,
// curator or admin, or as an annotator when the project lets annotators
// see each other.
func (a Access) CanReadSetsOf(own bool) bool {
	switch {
	case a.Admin || a.Role == RoleManager || a.Role == RoleCurator:
		return true
	case a.Role == RoleAnnotator:
		return own || a.SeeEachOther
	}
	return false
}

// CanImportSetsOf reports whether the user may import sets of the project:
// their own (own) as any member, anyone's as a manager or admin.
func (a Access) CanImportSetsOf(own bool) bool {
	return a.CanManage() || (own && a.CanAnnotate())
}

// Project is a project as the API shows it.
type Project struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Guidelines string `json:"guidelines"`
	// AnnotatorsSeeEachOther lets annotators read each other's sets (off:
	// blind annotation).
	AnnotatorsSeeEachOther bool      `json:"annotators_see_each_other"`
	Created                time.Time `json:"created"`
	// Suggest is how the editor proposes annotations in the project.
	Suggest SuggestSettings `json:"suggest"`
	// Role is the caller's role in it, "" for an admin who is not a
	// member.
	Role Role `json:"role,omitempty"`
}

// DefaultSuggestThreshold is the least confidence of a suggestion the
// editor shows when a project has not chosen its own.
const DefaultSuggestThreshold = 0.5

// SuggestSettings are a project's choices for the suggestions of the
// editor (package annotations/suggest): each source can be turned off, a
// threshold hides the suggestions their source is less sure of, and the
// cue words of quotes can be the project's own. The zero value is every
// source on, the default threshold and cues.
type SuggestSettings struct {
	SameStringOff bool `json:"same_string_off,omitempty"`
	QuotesOff     bool `json:"quotes_off,omitempty"`
	TaggerOff     bool `json:"tagger_off,omitempty"`
	// Threshold, in [0, 1], is the least confidence shown; 0 takes
	// DefaultSuggestThreshold.
	Threshold float64 `json:"threshold,omitempty"`
	// Cues are the words that mark a quote's cue, lower case ("said",
	// "according to"); none takes every language's defaults
	// (suggest.AllCues).
	Cues []string `json:"cues,omitempty"`
}

// MinConfidence returns the threshold to apply: Threshold, or
// DefaultSuggestThreshold when it is 0.
func (s SuggestSettings) MinConfidence() float64 {
	if s.Threshold == 0 {
		return DefaultSuggestThreshold
	}
	return s.Threshold
}

// Validate says what is wrong with the settings: a threshold outside
// [0, 1], an empty cue or one longer than 40 characters, more than 200
// cues.
func (s SuggestSettings) Validate() error {
	if !(s.Threshold >= 0 && s.Threshold <= 1) {
		return fmt.Errorf("the suggestions' threshold must be between 0 and 1, not %v", s.Threshold)
	}
	if len(s.Cues) > 200 {
		return fmt.Errorf("a project has at most 200 cue words, not %d", len(s.Cues))
	}
	for _, c := range s.Cues {
		if strings.TrimSpace(c) == "" || utf8.RuneCountInString(c) > 40 {
			return fmt.Errorf("the cue word %q must have 1 to 40 characters", c)
		}
	}
	return nil
}

// ProjectList is the answer of GET /api/v1/projects, by name.
type ProjectList struct {
	Projects []Project `json:"projects"`
}

// NewProject is the body of POST /api/v1/projects: the new project's ID
// (annotations.ValidateProjectID; made from the name when empty) and name.
type NewProject struct {
	ID         string `json:"id,omitempty"`
	Name       string `json:"name"`
	Guidelines string `json:"guidelines,omitempty"`
}

// ProjectPatch is the body of PATCH /api/v1/projects/{id}: what to change.
type ProjectPatch struct {
	Name                   *string `json:"name,omitempty"`
	Guidelines             *string `json:"guidelines,omitempty"`
	AnnotatorsSeeEachOther *bool   `json:"annotators_see_each_other,omitempty"`
	// Suggest replaces the project's suggestion settings whole.
	Suggest *SuggestSettings `json:"suggest,omitempty"`
}

// Member is one member of a project.
type Member struct {
	User User `json:"user"`
	Role Role `json:"role"`
}

// MemberAnnotators returns the annotator names of the members names
// name, in order, each as Assignee finds it; the error is the first
// name's that may not be assigned articles.
func MemberAnnotators(names []string, members []Member) ([]string, error) {
	out := make([]string, len(names))
	for i, n := range names {
		a, err := Assignee(n, members)
		if err != nil {
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

// Assignee returns the annotator name of the member of a project
// (members) that name names, by its annotator name or else by its login in
// any case ("Alice" is alice), or why no article of the project may be
// assigned to name: no member has it, or the member's account is disabled
// (User.Disabled). An assignment to a name no member has would show on
// nobody's list, and a disabled account cannot sign in to work on it. The
// app's Assign… and automatic assignment and gloss assign
// (MemberAnnotators) apply it, and so does the server to every name that a
// pushed assignment adds to its article's.
func Assignee(name string, members []Member) (string, error) {
	i := memberIndex(members, func(u User) bool { return u.Annotator == name })
	if i < 0 {
		login := annotations.NormalizeLogin(name)
		i = memberIndex(members, func(u User) bool { return u.Login == login })
	}
	if i < 0 {
		known := make([]string, len(members))
		for j, m := range members {
			known[j] = m.User.Annotator
		}
		return "", errors.New("“" + name + "” is no member of the project (its members: " + strings.Join(known, ", ") + ")")
	}
	if m := members[i]; m.User.Disabled {
		return "", errors.New(DisabledAssignee(m.User.Annotator))
	}
	return members[i].User.Annotator, nil
}

// DisabledAnnotators returns the annotator names of the members whose
// accounts are disabled (User.Disabled), in order: the automatic
// assignment of the app and of gloss assign does not count them among an
// article's annotators (annotations.AssignOptions.Disabled).
func DisabledAnnotators(members []Member) []string {
	var out []string
	for _, m := range members {
		if m.User.Disabled {
			out = append(out, m.User.Annotator)
		}
	}
	return out
}

// memberIndex returns the index of the first of members whose user is
// one, -1 when none is.
func memberIndex(members []Member, is func(User) bool) int {
	for i, m := range members {
		if is(m.User) {
			return i
		}
	}
	return -1
}

// DisabledAssignee is the problem of an assignment to annotator, whose
// account is disabled: the app, gloss assign and the server's push say it
// alike.
func DisabledAssignee(annotator string) string {
	return "“" + annotator + "”'s account is disabled: it may not be assigned articles (an admin may enable it again: gloss user enable)"
}

// MemberList is the answer of GET /api/v1/projects/{id}/members, by login.
type MemberList struct {
	Members []Member `json:"members"`
}

// MemberRequest is the body of PUT /api/v1/projects/{id}/members/{login}:
// the member's role (added when not a member yet).
type MemberRequest struct {
	Role Role `json:"role"`
}

// ProjectRole is one of the signed-in user's projects, in Me.
type ProjectRole struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role Role   `json:"role"`
	// AnnotatorsSeeEachOther is the project's option, which the app needs
	// to know what the user may read.
	AnnotatorsSeeEachOther bool `json:"annotators_see_each_other,omitempty"`
}

// CheckRole returns nil when r is one of Roles, else an error naming them
// ("role "owner" is not a role: manager, curator or annotator").
func CheckRole(r Role) error {
	if r.Valid() {
		return nil
	}
	names := make([]string, len(Roles))
	for i, role := range Roles {
		names[i] = string(role)
	}
	return fmt.Errorf("role %q is not a role: %s or %s", r, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}
