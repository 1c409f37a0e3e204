package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// errNoProject answers a request about a project the caller may not see:
// not found, so that nobody learns which projects exist.
func errNoProject(id string) error {
	return api.Errorf(api.CodeNotFound, "no project %q (or you are not a member of it)", id)
}

// projectAccess returns what u is in the project id, and the project; an
// errNoProject when there is none (the project is then the zero Project)
// or u may not see it (api.Access.CanSee).
func (s *Server) projectAccess(ctx context.Context, u User, id string) (api.Access, Project, error) {
	p, err := s.store.Project(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return api.Access{}, Project{}, errNoProject(id)
	}
	if err != nil {
		return api.Access{}, p, err
	}
	role, err := s.store.Role(ctx, id, u.ID)
	if err != nil {
		return api.Access{}, p, err
	}
	a := api.Access{Admin: u.Admin, Role: role, SeeEachOther: p.AnnotatorsSeeEachOther}
	if !a.CanSee() {
		return a, p, errNoProject(id)
	}
	return a, p, nil
}

// setsAccess returns what u is in the project id for its annotation sets
// (push, import, export): who is not a member has no rights there but an
// admin's, and nobody, not even an admin, has any in a project that does
// not exist (errNoSets says which).
func (s *Server) setsAccess(ctx context.Context, u User, id string) (api.Access, error) {
	a, p, err := s.projectAccess(ctx, u, id)
	var e *api.Error
	switch {
	case !errors.As(err, &e) || e.Code != api.CodeNotFound:
		return a, err
	case p.ID == "": // there is no such project
		return api.Access{}, nil
	default: // a project u is not in
		return api.Access{Admin: u.Admin}, nil
	}
}

// errNoSets is why u may not use the annotation sets of the project id,
// where u has no rights (setsAccess): an admin is refused only a project
// that does not exist (404); anyone else is told they are not a member
// (403), whether the project exists or not.
func errNoSets(u User, id string) error {
	if u.Admin {
		return api.Errorf(api.CodeNotFound, "no project %q: an admin creates it before it holds annotation sets", id)
	}
	return errNotMember(u, id)
}

// projectOfQuery reads the project parameter of a request about sets: its
// project ID, api.DefaultProject when absent.
func projectOfQuery(v string) (string, error) {
	if v == "" {
		return api.DefaultProject, nil
	}
	if err := annotations.ValidateProjectID(v); err != nil {
		return "", err
	}
	return v, nil
}

// forbiddenSets refuses u the sets of annotator.
func forbiddenSets(u User, annotator string) error {
	return api.Errorf(api.CodeForbidden, "you (%s) may not use the annotation sets of %q: an annotator uses their own (%q), unless the project lets annotators see each other; curators and managers use everyone's", u.Login, annotator, u.Annotator)
}

// errNotMember rejects a revision of someone who is not a member of the
// sets' project (or names a project that does not exist).
func errNotMember(u User, project string) error {
	return api.Errorf(api.CodeForbidden, "you (%s) are not a member of a project %q: a manager adds you", u.Login, project)
}

// apiProject is p as the API shows it to a caller whose role there is role.
func apiProject(p Project, role api.Role) api.Project {
	return api.Project{ID: p.ID, Name: p.Name, Guidelines: p.Guidelines, AnnotatorsSeeEachOther: p.AnnotatorsSeeEachOther, Created: p.Created,
		Suggest: p.Suggest, Role: role}
}

// memberships returns u's projects as Me lists them.
func (s *Server) memberships(ctx context.Context, u User) ([]api.ProjectRole, error) {
	ms, err := s.store.Memberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	out := make([]api.ProjectRole, len(ms))
	for i, m := range ms {
		out[i] = api.ProjectRole{ID: m.Project.ID, Name: m.Project.Name, Role: m.Role, AnnotatorsSeeEachOther: m.Project.AnnotatorsSeeEachOther}
	}
	return out, nil
}

// listProjects answers GET /api/v1/projects: the caller's projects, every
// project for an admin, each with the caller's role.
func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	u := callerOf(r).user
	ms, err := s.store.Memberships(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list := api.ProjectList{Projects: []api.Project{}}
	roles := map[string]api.Role{}
	for _, m := range ms {
		roles[m.Project.ID] = m.Role
		if !u.Admin {
			list.Projects = append(list.Projects, apiProject(m.Project, m.Role))
		}
	}
	if u.Admin {
		all, err := s.store.Projects(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, p := range all {
			list.Projects = append(list.Projects, apiProject(p, roles[p.ID]))
		}
	}
	s.respond(w, http.StatusOK, list)
}

// NewProject checks req and makes the project it asks for: its name
// normalized (annotations.NormalizeShownLine), its ID the one asked for or one
// made from the name (annotations.ProjectIDFromName), created now.
func NewProject(req api.NewProject, now time.Time) (Project, error) {
	p := Project{ID: req.ID, Name: annotations.NormalizeShownLine(req.Name), Guidelines: req.Guidelines, Created: now.UTC()}
	if err := annotations.ValidateProjectName(p.Name); err != nil {
		return p, err
	}
	if p.ID == "" {
		p.ID = annotations.ProjectIDFromName(p.Name)
	}
	if err := annotations.ValidateProjectID(p.ID); err != nil {
		return p, err
	}
	return p, annotations.ValidateGuidelines(p.Guidelines)
}

// createProject answers POST /api/v1/projects (admins): a new project,
// with the caller as its manager. 201 and the project; 409 when its ID or
// name is another project's.
func (s *Server) createProject(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var req api.NewProject
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := NewProject(req, time.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := callerOf(r).user
	if err := s.store.CreateProject(r.Context(), p, u.ID); err != nil {
		if errors.Is(err, ErrProjectIDExists) {
			err = api.Errorf(api.CodeConflict, "another project has the ID %q: give another (\"id\")", p.ID)
		} else if errors.Is(err, ErrProjectExists) {
			err = api.Errorf(api.CodeConflict, "another project is named %q", p.Name)
		}
		s.fail(w, r, err)
		return
	}
	s.log.Info("project created", "project", p.ID, "by", u.Login)
	s.respond(w, http.StatusCreated, apiProject(p, api.RoleManager))
}

// setProjectArticle answers PUT (in) and DELETE /api/v1/projects/{id}/articles/{article}
// (managers): the article joins the project's list, or leaves it (its
// sets stay). The Default project has every article.
func (s *Server) setProjectArticle(in bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := noQuery(r); err != nil {
			s.fail(w, r, err)
			return
		}
		a, p, err := s.projectAccess(r.Context(), callerOf(r).user, r.PathValue("id"))
		switch {
		case err != nil:
		case !a.CanManage():
			err = api.Errorf(api.CodeForbidden, "only the project's managers change its articles")
		case p.ID == api.DefaultProject:
			err = api.Errorf(api.CodeConflict, "the Default project has every article")
		case !annotations.IsArticleID(r.PathValue("article")):
			err = api.Errorf(api.CodeInvalid, "%q is not an article id (32 lower-case hex digits)", r.PathValue("article"))
		}
		if err == nil {
			err = s.store.SetProjectArticle(r.Context(), p.ID, r.PathValue("article"), in)
			if errors.Is(err, ErrNotFound) {
				err = api.Errorf(api.CodeNotFound, "no article %s (in the project)", r.PathValue("article"))
			}
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// getProjectArticle answers GET /api/v1/projects/{id}/articles/{article}
// (any member): 204 when the article is on the project's list (in the
// Default project, when it exists), else 404.
func (s *Server) getProjectArticle(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	_, p, err := s.projectAccess(r.Context(), callerOf(r).user, r.PathValue("id"))
	id := r.PathValue("article")
	switch {
	case err != nil:
	case !annotations.IsArticleID(id):
		err = api.Errorf(api.CodeInvalid, "%q is not an article id (32 lower-case hex digits)", id)
	case p.ID == api.DefaultProject:
		_, err = s.store.Article(r.Context(), id)
	default:
		var in bool
		if in, err = s.store.ProjectHasArticle(r.Context(), p.ID, id); err == nil && !in {
			err = ErrNotFound
		}
	}
	if errors.Is(err, ErrNotFound) {
		err = api.Errorf(api.CodeNotFound, "article %s is not on the list of the project %q", id, p.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// getProject answers GET /api/v1/projects/{id}.
func (s *Server) getProject(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	a, p, err := s.projectAccess(r.Context(), callerOf(r).user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.respond(w, http.StatusOK, apiProject(p, a.Role))
}

// updateProject answers PATCH /api/v1/projects/{id} (managers): a new
// name, guidelines, whether annotators see each other, or the suggestion
// settings (replaced whole, their cues normalized: normalizeSuggest).
func (s *Server) updateProject(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	u := callerOf(r).user
	a, p, err := s.projectAccess(r.Context(), u, r.PathValue("id"))
	if err == nil && !a.CanManage() {
		err = api.Errorf(api.CodeForbidden, "only the project's managers may change it")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var patch api.ProjectPatch
	if err := s.decode(w, r, &patch); err != nil {
		s.fail(w, r, err)
		return
	}
	if patch.Name == nil && patch.Guidelines == nil && patch.AnnotatorsSeeEachOther == nil && patch.Suggest == nil {
		s.fail(w, r, api.Errorf(api.CodeInvalid, `the body needs "name", "guidelines", "annotators_see_each_other" or "suggest"`))
		return
	}
	if patch.Suggest != nil {
		settings, err := normalizeSuggest(*patch.Suggest)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		patch.Suggest = &settings
	}
	if patch.Name != nil {
		name := annotations.NormalizeShownLine(*patch.Name)
		if err := annotations.ValidateProjectName(name); err != nil {
			s.fail(w, r, err)
			return
		}
		patch.Name = &name
	}
	if patch.Guidelines != nil {
		if err := annotations.ValidateGuidelines(*patch.Guidelines); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	p, err = s.store.UpdateProject(r.Context(), p.ID, patch)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("project changed", "project", p.ID, "by", u.Login)
	s.respond(w, http.StatusOK, apiProject(p, a.Role))
}

// normalizeSuggest returns the suggestion settings as a project keeps
// them, or an invalid *api.Error naming what is wrong
// (api.SuggestSettings.Validate). Each cue is normalized as a line
// (annotations.NormalizeLine: trimmed, single spaces) and lower-cased, as
// the editor matches cues in any case with single spaces between their
// words; repeated cues are dropped, the first kept, in the order given;
// no cue at all is none (the defaults).
func normalizeSuggest(in api.SuggestSettings) (api.SuggestSettings, error) {
	out := in
	out.Cues = nil
	seen := map[string]bool{}
	for _, c := range in.Cues {
		c = annotations.NormalizeLine(strings.ToLower(c))
		if !seen[c] {
			seen[c] = true
			out.Cues = append(out.Cues, c)
		}
	}
	if err := out.Validate(); err != nil {
		return in, api.Errorf(api.CodeInvalid, "suggest: %v", err)
	}
	return out, nil
}

// apiMember is the member u, whose role is role, as the API shows it to
// caller. An admin sees the account as the user list does; a manager or
// curator sees what the project's pages need (the login, annotator and
// display names, whether the account is disabled, which decides who may be
// assigned articles), not whether it is an admin's, has a password, or
// when it was made.
func apiMember(u User, role api.Role, caller User) api.Member {
	shown := apiUser(u)
	if !caller.Admin {
		shown.Admin, shown.HasPassword, shown.Created = false, false, time.Time{}
	}
	return api.Member{User: shown, Role: role}
}

// AssigneeMembers returns members as api.Assignee reads them: their
// logins, annotator names, roles and whether their accounts are disabled.
// The push of an assignment and gloss assign check its names against
// them.
func AssigneeMembers(members []Member) []api.Member {
	out := make([]api.Member, len(members))
	for i, m := range members {
		out[i] = api.Member{User: api.User{Login: m.User.Login, Annotator: m.User.Annotator, Disabled: m.User.Disabled()}, Role: m.Role}
	}
	return out
}

// listMembers answers GET /api/v1/projects/{id}/members (managers and
// curators).
func (s *Server) listMembers(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	a, p, err := s.projectAccess(r.Context(), callerOf(r).user, r.PathValue("id"))
	if err == nil && !a.CanListMembers() {
		err = api.Errorf(api.CodeForbidden, "only the project's managers and curators may list its members")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	members, err := s.store.Members(r.Context(), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list := api.MemberList{Members: make([]api.Member, len(members))}
	for i, m := range members {
		list.Members[i] = apiMember(m.User, m.Role, callerOf(r).user)
	}
	s.respond(w, http.StatusOK, list)
}

// memberTarget checks a member route: the caller manages the project, and
// the login in the path is a user's. It returns the project and the user.
func (s *Server) memberTarget(r *http.Request) (Project, User, error) {
	a, p, err := s.projectAccess(r.Context(), callerOf(r).user, r.PathValue("id"))
	if err == nil && !a.CanManage() {
		err = api.Errorf(api.CodeForbidden, "only the project's managers may change its members")
	}
	if err != nil {
		return p, User{}, err
	}
	login := annotations.NormalizeLogin(r.PathValue("login"))
	u, err := s.store.UserByLogin(r.Context(), login)
	if errors.Is(err, ErrNotFound) {
		err = api.Errorf(api.CodeNotFound, "no user has the login %q", login)
	}
	return p, u, err
}

// putMember answers PUT /api/v1/projects/{id}/members/{login} (managers):
// the user joins the project with the role, or gets it.
func (s *Server) putMember(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	p, u, err := s.memberTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req api.MemberRequest
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := api.CheckRole(req.Role); err != nil {
		s.fail(w, r, api.Errorf(api.CodeInvalid, "%v", err))
		return
	}
	if err := s.store.SetMember(r.Context(), p.ID, u.ID, req.Role); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("member set", "project", p.ID, "login", u.Login, "role", req.Role, "by", callerOf(r).user.Login)
	s.respond(w, http.StatusOK, apiMember(u, req.Role, callerOf(r).user))
}

// deleteMember answers DELETE /api/v1/projects/{id}/members/{login}
// (managers): the user leaves the project; their sets stay.
func (s *Server) deleteMember(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	p, u, err := s.memberTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.RemoveMember(r.Context(), p.ID, u.ID); err != nil {
		if errors.Is(err, ErrNotFound) {
			err = api.Errorf(api.CodeNotFound, "%s is not a member of the project", u.Login)
		}
		s.fail(w, r, err)
		return
	}
	s.log.Info("member removed", "project", p.ID, "login", u.Login, "by", callerOf(r).user.Login)
	w.WriteHeader(http.StatusNoContent)
}
