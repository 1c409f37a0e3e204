package server

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/htmltext"
)

// articleSources lists the accepted values of an article's "source".
var articleSources = []string{"paste", "text-file", "html-file", "sample"}

// createArticle answers POST /api/v1/articles, which takes no parameters.
func (s *Server) createArticle(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var req api.ArticleUpload
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := articleFromRequest(req, time.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	stored, created, err := s.store.PutArticle(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	s.respond(w, status, stored)
}

// articleFromRequest makes the article a request describes: from text as it
// is, or from HTML reduced to its main text.
func articleFromRequest(req api.ArticleUpload, now time.Time) (annotations.Article, error) {
	if (req.Text == nil) == (req.HTML == nil) {
		return annotations.Article{}, api.Errorf(api.CodeInvalid, `give the article as exactly one of "text" or "html"`)
	}
	if req.Source != "" && !slices.Contains(articleSources, req.Source) {
		return annotations.Article{}, api.Errorf(api.CodeInvalid, "source %q is not one of %s", req.Source, strings.Join(articleSources, ", "))
	}
	text, title, source := "", req.Title, req.Source
	if strings.TrimSpace(title) != "" {
		// A title given is refused over the limit, as a rename is; one
		// taken from an HTML page is cut to it (NewArticle).
		if _, err := annotations.NormalizeTitle(title); err != nil {
			return annotations.Article{}, err
		}
	}
	if req.Text != nil {
		text = *req.Text
		if source == "" {
			source = "paste"
		}
	} else {
		var htmlTitle string
		var err error
		text, htmlTitle, err = htmlMainText(*req.HTML)
		if err != nil {
			return annotations.Article{}, err
		}
		if strings.TrimSpace(title) == "" {
			title = htmlTitle
		}
		if source == "" {
			source = "html-file"
		}
	}
	a, err := annotations.NewArticle(title, text, now)
	if err != nil {
		return a, err
	}
	a.Source = source
	return a, nil
}

// htmlMainText returns an HTML page's main text (htmltext.MainText)
// without the lines annotations.DropBoilerplate finds, and the page's
// title: what the app adds when its user keeps none of those lines.
func htmlMainText(page string) (text, title string, err error) {
	text, title, err = htmltext.MainText(page)
	if err != nil {
		return "", "", err
	}
	if text = annotations.DropBoilerplate(text); text == "" {
		return "", "", annotations.ErrNoArticleText
	}
	return text, title, nil
}

// listArticles answers GET /api/v1/articles, which takes no parameters.
func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) {
	q, err := singleParams(r, []string{api.ParamProject})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var list []ArticleSummary
	id, err := projectOfQuery(q[api.ParamProject])
	switch {
	case err != nil:
	case id == api.DefaultProject: // it has every article
		list, err = s.store.Articles(r.Context())
	default:
		if _, _, err = s.projectAccess(r.Context(), callerOf(r).user, id); err == nil {
			list, err = s.store.ProjectArticles(r.Context(), id)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []ArticleSummary{}
	}
	s.respond(w, http.StatusOK, api.ArticleList{Articles: list})
}

// articleID reads the {id} of an article's path, and refuses a request with
// query parameters.
func articleID(r *http.Request) (string, error) {
	if err := noQuery(r); err != nil {
		return "", err
	}
	id := r.PathValue("id")
	if !annotations.IsArticleID(id) {
		return "", api.Errorf(api.CodeInvalid, "%q is not an article id (32 lower-case hex digits)", id)
	}
	return id, nil
}

// getArticle answers GET /api/v1/articles/{id}, which takes no
// parameters.
func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) {
	id, err := articleID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.store.Article(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		err = api.Errorf(api.CodeNotFound, "no article %s", id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.respond(w, http.StatusOK, a)
}

// updateArticle answers PATCH /api/v1/articles/{id} (api.ArticlePatch): a
// new title, archived or brought back. The ID, the text and the
// annotations stay as they are.
func (s *Server) updateArticle(w http.ResponseWriter, r *http.Request) {
	id, err := articleID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var patch api.ArticlePatch
	if err := s.decode(w, r, &patch); err != nil {
		s.fail(w, r, err)
		return
	}
	if patch.Title == nil && patch.Archived == nil {
		s.fail(w, r, api.Errorf(api.CodeInvalid, `give a new "title", "archived" (true or false), or both`))
		return
	}
	using, err := s.projectsUsing(r.Context(), id)
	if err == nil {
		err = s.managesArticle(r.Context(), callerOf(r).user, using)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if patch.Title != nil {
		title, err := annotations.NormalizeTitle(*patch.Title)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		patch.Title = &title
	}
	a, err := s.store.UpdateArticle(r.Context(), id, patch)
	if errors.Is(err, ErrNotFound) {
		err = api.Errorf(api.CodeNotFound, "no article %s", id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.respond(w, http.StatusOK, a)
}

// deleteArticle answers DELETE /api/v1/articles/{id}: an article without
// annotations is deleted (204); one with annotations is refused with a 409,
// since deleting it would lose them: it can be archived instead.
func (s *Server) deleteArticle(w http.ResponseWriter, r *http.Request) {
	id, err := articleID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	using, err := s.projectsUsing(r.Context(), id)
	if err == nil {
		err = s.managesArticle(r.Context(), callerOf(r).user, using)
	}
	if err == nil {
		err = s.notAssigned(r.Context(), id, using)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.store.DeleteArticle(r.Context(), id)
	var annotated *AnnotatedError
	switch {
	case errors.Is(err, ErrNotFound):
		err = api.Errorf(api.CodeNotFound, "no article %s", id)
	case errors.As(err, &annotated):
		err = api.Errorf(api.CodeConflict, "%s", annotated.Error())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// notAssigned refuses the deletion of the article id that a project
// assigns (annotations.KindAssignment), with a conflict naming the project
// and the annotators: their devices would go on listing an article that
// is gone. using are the projects that use it (projectsUsing); Default,
// which has every article, is asked too.
func (s *Server) notAssigned(ctx context.Context, id string, using []string) error {
	projects := append([]string{api.DefaultProject}, using...)
	slices.Sort(projects)
	for _, p := range slices.Compact(projects) {
		field := annotations.ProjectField(p)
		revs, err := s.store.ProgressRevisions(ctx, field)
		if err != nil {
			return err
		}
		assigned, err := Assignments(field, revs)
		if err != nil {
			return err
		}
		if names := assigned[id]; len(names) > 0 {
			return api.Errorf(api.CodeConflict, "the article is assigned in the project %q to %s: unassign it first (Assign… in the library, or gloss assign --annotators \"\"), or archive it", p, strings.Join(names, ", "))
		}
	}
	return nil
}

// projectsUsing returns the IDs of the projects that use the article id:
// those whose list holds it (Default's aside, which holds every article)
// and those that hold a set of it, Default too; sorted.
func (s *Server) projectsUsing(ctx context.Context, id string) ([]string, error) {
	sets, err := s.store.Sets(ctx, id)
	if err != nil {
		return nil, err
	}
	var using []string
	for _, set := range sets {
		using = append(using, cmp.Or(set.Project, api.DefaultProject))
	}
	projects, err := s.store.Projects(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range projects {
		if p.ID == api.DefaultProject || slices.Contains(using, p.ID) {
			continue
		}
		list, err := s.store.ProjectArticles(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(list, func(a ArticleSummary) bool { return a.ID == id }) {
			using = append(using, p.ID)
		}
	}
	slices.Sort(using)
	return slices.Compact(using), nil
}

// managesArticle refuses u a change of an article (its title, its
// archiving, its deletion) unless u manages every project that uses it
// (using, from projectsUsing): an admin, a manager of Default (which has
// every article), or a manager of each project whose list holds it or
// that holds a set of it (Default too, then), one at least. A manager may put any article on their
// project's list, so managing one project that has it is not enough: the
// change would reach the other projects' people. Annotators and curators
// add articles, and rename or delete those only on their device; the
// team's shared library is the managers'.
func (s *Server) managesArticle(ctx context.Context, u User, using []string) error {
	if u.Admin {
		return nil
	}
	memberships, err := s.store.Memberships(ctx, u.ID)
	if err != nil {
		return err
	}
	managed := map[string]bool{}
	for _, m := range memberships {
		if m.Role == api.RoleManager {
			managed[m.Project.ID] = true
		}
	}
	if managed[api.DefaultProject] {
		return nil
	}
	refused := api.Errorf(api.CodeForbidden, "only an admin, or a manager of every project that uses the article (lists it or holds a set of it), renames, archives or deletes it: you (%s) are not one", u.Login)
	if len(using) == 0 {
		return refused
	}
	for _, p := range using {
		if !managed[p] {
			return refused
		}
	}
	return nil
}
