package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// progress answers GET /api/v1/projects/{id}/progress (curators, managers
// and admins: api.Access.CanCurate): where each of the project's articles
// and each annotator stands (api.Progress). 404 for a project the caller
// does not see, 403 for its annotators.
func (s *Server) progress(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	a, p, err := s.projectAccess(r.Context(), callerOf(r).user, r.PathValue("id"))
	if err == nil && !a.CanCurate() {
		err = api.Errorf(api.CodeForbidden, "only the project's curators and managers see its progress")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	prog, err := ProjectProgress(r.Context(), s.store, p.ID, s.opts.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.respond(w, http.StatusOK, prog)
}

// ProjectArticleList lists the articles of the project id as the library
// does: every article for the Default project, else those its managers
// added; newest first, archived ones too.
func ProjectArticleList(ctx context.Context, store Store, id string) ([]ArticleSummary, error) {
	if id == api.DefaultProject {
		return store.Articles(ctx)
	}
	return store.ProjectArticles(ctx, id)
}

// ProjectProgress computes the progress of the project id from the store:
// its articles in the library's order (an archived one only when it is
// assigned or has sets), each with its assigned annotators (the project's
// own assignments, annotations.KindAssignment), the progress of each of
// its sets (the gold set's too) and its state (annotations.ArticleState),
// and each annotator's totals (api.Totals), a disabled account's marked,
// as they stand at now: no edit time is after it (annotations.SummarizeSet).
// Sets of articles no longer in the project are left out. Only status and
// assignment bodies are read (Store.ProgressRevisions): a set's counts are
// of its live items.
func ProjectProgress(ctx context.Context, store Store, id string, now time.Time) (api.Progress, error) {
	list, err := ProjectArticleList(ctx, store, id)
	if err != nil {
		return api.Progress{}, err
	}
	field := annotations.ProjectField(id)
	revs, err := store.ProgressRevisions(ctx, field)
	if err != nil {
		return api.Progress{}, err
	}
	var own []annotations.Revision
	bySet := map[annotations.SetKey][]annotations.Revision{}
	for _, r := range revs {
		k := r.Key()
		switch {
		case k.IsProject() && r.Kind == annotations.KindAssignment:
			own = append(own, r)
		case !k.IsProject():
			bySet[k] = append(bySet[k], r)
		}
	}
	assigned, err := Assignments(field, own)
	if err != nil {
		return api.Progress{}, err
	}
	sets := map[string][]annotations.SetProgress{} // by article
	for k, rs := range bySet {
		p, err := summarizeSet(k, rs, now.UnixMilli())
		if err != nil {
			return api.Progress{}, err
		}
		sets[k.ArticleID] = append(sets[k.ArticleID], p)
	}
	out := api.Progress{Project: id, Articles: []api.ArticleProgress{}}
	for _, a := range list {
		names, ss := assigned[a.ID], sets[a.ID]
		if a.Archived && len(names) == 0 && len(ss) == 0 {
			continue
		}
		slices.SortFunc(ss, func(x, y annotations.SetProgress) int { return strings.Compare(x.Annotator, y.Annotator) })
		var gold *annotations.SetProgress
		for i := range ss {
			if ss[i].Annotator == annotations.GoldAnnotator {
				gold = &ss[i]
			}
		}
		if names == nil {
			names = []string{}
		}
		if ss == nil {
			ss = []annotations.SetProgress{}
		}
		out.Articles = append(out.Articles, api.ArticleProgress{ArticleID: a.ID, Title: a.Title, Assigned: names,
			State: annotations.ArticleState(names, ss, gold), Sets: ss})
	}
	out.Annotators = api.Totals(out.Articles)
	if len(out.Annotators) > 0 {
		users, err := store.Users(ctx)
		if err != nil {
			return api.Progress{}, err
		}
		for i, a := range out.Annotators {
			out.Annotators[i].Disabled = slices.ContainsFunc(users, func(u User) bool { return u.Annotator == a.Annotator && u.Disabled() })
		}
	}
	return out, nil
}

// Assignments returns the annotators assigned each article of a project
// (project as revisions write it), by article, from the project's own
// revisions: those of other kinds are left out.
func Assignments(project string, own []annotations.Revision) (map[string][]string, error) {
	var revs []annotations.Revision
	for _, r := range own {
		if r.Kind == annotations.KindAssignment {
			revs = append(revs, r)
		}
	}
	set, err := annotations.BuildSet(annotations.ProjectKey(project), revs)
	if err != nil {
		return nil, fmt.Errorf("read the assignments of the project %q: %w", annotations.ProjectOrDefault(project), err)
	}
	out := make(map[string][]string, len(set.Assignments))
	for _, a := range set.Assignments {
		if len(a.Annotators) > 0 {
			out[a.ArticleID] = a.Annotators
		}
	}
	return out, nil
}

// summarizeSet returns the progress of the set k from its revisions, of
// which only status bodies are needed, at now (Unix ms): the same as
// annotations.SummarizeSet of the set they build, from the kinds of its
// live items rather than their decoded values.
func summarizeSet(k annotations.SetKey, revs []annotations.Revision, now int64) (annotations.SetProgress, error) {
	set := annotations.Set{ID: k.ID(), Project: k.Project, ArticleID: k.ArticleID, Annotator: k.Annotator}
	counts := map[annotations.Kind]int{}
	statusItem := annotations.StatusItemID(k)
	for _, st := range annotations.Resolve(revs) {
		if st.Winner.Deleted {
			continue
		}
		counts[st.Winner.Kind]++
		if st.Item == statusItem && st.Winner.Kind == annotations.KindStatus {
			status, err := st.Winner.Status()
			if err != nil {
				return annotations.SetProgress{}, fmt.Errorf("the state of %q's set of article %s: %w", k.Annotator, k.ArticleID, err)
			}
			set.Status = &status
		}
	}
	p := annotations.SummarizeSet(set, revs, now) // its times and stored state
	p.Entities, p.Quotes = counts[annotations.KindEntity], counts[annotations.KindQuote]
	p.Stances, p.Groups = counts[annotations.KindStance], counts[annotations.KindGroup]
	if set.Status == nil && p.Entities+p.Quotes+p.Stances+p.Groups > 0 {
		p.State = annotations.WorkInProgress // as Set.State
	}
	return p, nil
}
