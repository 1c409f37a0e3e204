package server

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// push stores the valid revisions of a batch and answers with a status per
// revision (api.PushResponse). A revision of another annotator than the
// caller's is rejected (forbidden), but a gold set's from a curator or
// manager; the caller's are stored as ever. It answers 200 when nothing was rejected,
// else 400 with the same results and the first problem; the valid
// revisions of that batch are stored all the same. What may be stored is
// decided by the store, with annotations.CheckBatch, in the transaction
// that stores it (Store.PutRevisions).
func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	select {
	case s.pushing <- struct{}{}:
		defer func() { <-s.pushing }()
	case <-r.Context().Done():
		return // the client went away while it waited
	}
	var req api.PushRequest
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Revisions == nil {
		s.fail(w, r, api.Errorf(api.CodeInvalid, `the body needs "revisions": a list of revisions`))
		return
	}
	if n := len(req.Revisions); n > api.MaxPushRevisions {
		s.fail(w, r, api.Errorf(api.CodeTooLarge, "%d revisions in one push, more than the limit of %d: push in batches", n, api.MaxPushRevisions))
		return
	}
	since, err := api.ParseCursor(req.Cursor) // "" is the start, which every history has
	if err != nil {
		s.fail(w, r, api.Errorf(api.CodeInvalid, "cursor %q is not a cursor this server gave", req.Cursor))
		return
	}
	stored, err := s.putOwnRevisions(r.Context(), callerOf(r).user, req.Revisions)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	answer := api.PushResponse{Results: make([]api.PushResult, len(req.Revisions))}
	for i, rev := range req.Revisions {
		st := stored[i]
		res := api.PushResult{Rev: rev.ID, Item: rev.Item, Status: st.Status, Seq: st.Seq}
		if st.Status == api.StatusRejected {
			e, known := asError(st.Problem)
			if !known {
				s.fail(w, r, st.Problem)
				return
			}
			res.Error = e
			if answer.Error == nil {
				answer.Error = api.Errorf(api.CodeInvalid, "revision %d (item %s): %s", i, rev.Item, e.Message)
			}
		}
		answer.Results[i] = res
	}
	// Checked after the store, as the answers it qualifies were made; a
	// page of the annotator "", who has no revisions, checks the cursor
	// alone. The start (no cursor) is in every history.
	if !since.IsStart() {
		if _, err := s.store.Changes(r.Context(), ChangeFilter{}, since, 1); errors.Is(err, ErrCursorUnknown) {
			answer.CursorUnknown = true
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	status := http.StatusOK
	if answer.Error != nil {
		status = api.StatusOf(api.CodeInvalid)
	}
	s.respond(w, status, answer)
}

// listCheck applies one rule to a push (putOwnRevisions, which refuses
// each revision it breaks) and an import (importAllowed, which refuses
// the whole file): outside Default, which lists every article, a member
// who may not annotate an article off the project's list
// (api.Access.CanAnnotateUnlisted) writes no set of one. It is a check of
// what is written, not of what is stored: sets made before (or of an
// article since taken off the list) stay as they are. It asks the store
// about each project and article once.
type listCheck struct {
	store  Store
	listed map[[2]string]bool // by project ID and article
}

// newListCheck returns the check of one push or import into store.
func newListCheck(store Store) *listCheck {
	return &listCheck{store: store, listed: map[[2]string]bool{}}
}

// offList reports whether a set of article in project (its ID), written
// by a user whose access there is a, is refused because the article is
// not on the project's list. Who may not annotate there at all is not
// refused here but for that.
func (c *listCheck) offList(ctx context.Context, a api.Access, project, article string) (bool, error) {
	if project == api.DefaultProject || !a.CanAnnotate() || a.CanAnnotateUnlisted() {
		return false, nil
	}
	key := [2]string{project, article}
	in, asked := c.listed[key]
	if !asked {
		var err error
		if in, err = c.store.ProjectHasArticle(ctx, project, article); err != nil {
			return false, err
		}
		c.listed[key] = in
	}
	return !in, nil
}

// maxNamedUnlisted is how many articles errNotListed names, the first
// ones; it counts the others.
const maxNamedUnlisted = 20

// errNotListed refuses sets of articles (at least one) off the list of the
// project to a member who may not annotate one there (listCheck).
func errNotListed(project string, articles []string) error {
	what := "article " + articles[0] + " is"
	if len(articles) > 1 {
		named := articles[:min(len(articles), maxNamedUnlisted)]
		what = "articles " + strings.Join(named, ", ")
		if more := len(articles) - len(named); more > 0 {
			what += fmt.Sprintf(" and %d more", more)
		}
		what += " are"
	}
	return api.Errorf(api.CodeForbidden, "%s not on the list of the project %q: only its managers annotate an article there before one of them adds it to the list", what, project)
}

// errNotLabelsManager refuses u, who does not manage the project, a
// change of its labels.
func errNotLabelsManager(u User, project string) error {
	return api.Errorf(api.CodeForbidden, "only the managers of the project %q change its labels: you (%s) are not one, so ask one of them", project, u.Login)
}

// putOwnRevisions stores, with Store.PutRevisions, the revisions of revs
// that are u's (their annotator is u's) in projects u is a member of, the
// gold sets (annotations.GoldAnnotator) of projects u curates
// (api.Access.CanCurate), and the project-level revisions (schema,
// assignments) and a set's own schema (outside Default) of projects u
// manages, and rejects the others as forbidden, as it does a set's
// revision of an article off its project's list from who may not annotate
// one (listCheck). It rejects as invalid a revision dated (At) more than
// annotations.MaxAtAhead after the server's clock, and an assignment that
// adds a name no article may be assigned to (no member's, or a disabled
// account's: assigneeCheck). It returns what the store did with each, in
// order.
func (s *Server) putOwnRevisions(ctx context.Context, u User, revs []annotations.Revision) ([]Stored, error) {
	access := map[string]api.Access{} // by project ID: asked once a project
	assignees := newAssigneeCheck(s.store)
	now := s.opts.Now()
	lists := newListCheck(s.store)
	refused := make([]error, len(revs))
	own := make([]annotations.Revision, 0, len(revs))
	for i, rev := range revs {
		project := annotations.ProjectOrDefault(rev.Project)
		a, ok := access[project]
		if !ok {
			var err error
			if a, err = s.setsAccess(ctx, u, project); err != nil {
				return nil, err
			}
			access[project] = a
		}
		unlisted := false
		if !rev.Key().IsProject() {
			var err error
			if unlisted, err = lists.offList(ctx, a, project, rev.ArticleID); err != nil {
				return nil, err
			}
		}
		switch {
		case !a.CanAnnotate():
			refused[i] = errNoSets(u, project)
		case rev.At > now.UnixMilli()+annotations.MaxAtAhead:
			refused[i] = errClockAhead(rev.At, now)
		case unlisted:
			refused[i] = errNotListed(project, []string{rev.ArticleID})
		case rev.Key().IsProject():
			if !a.CanManage() {
				refused[i] = api.Errorf(api.CodeForbidden, "only the managers of the project %q change its schema and assignments: you (%s) are not one", project, u.Login)
				break
			}
			problem, err := assignees.check(ctx, rev)
			switch {
			case err != nil:
				return nil, err
			case problem != nil:
				refused[i] = problem
			default:
				own = append(own, rev)
			}
		case rev.Kind == annotations.KindSchema && rev.Project != "" && !a.CanManage():
			// A set's own schema would give it labels the project's
			// lacks (Default's sets may have one: the release before
			// projects wrote them, and devices may still hold some).
			refused[i] = errNotLabelsManager(u, project)
		case rev.Annotator == annotations.GoldAnnotator:
			if !a.CanCurate() {
				refused[i] = api.Errorf(api.CodeForbidden, "only the curators and managers of the project %q write its gold sets (annotator %q): you (%s) are neither", project, annotations.GoldAnnotator, u.Login)
			} else {
				own = append(own, rev)
			}
		case rev.Annotator != u.Annotator:
			refused[i] = api.Errorf(api.CodeForbidden,
				"this revision is %q's: you (%s) may only push your own (annotator %q)", rev.Annotator, u.Login, u.Annotator)
		default:
			own = append(own, rev)
		}
	}
	if len(own) == len(revs) {
		return s.store.PutRevisions(ctx, revs)
	}
	var stored []Stored
	if len(own) > 0 {
		var err error
		if stored, err = s.store.PutRevisions(ctx, own); err != nil {
			return nil, err
		}
	}
	out := make([]Stored, len(revs))
	for i := range revs {
		if refused[i] != nil {
			out[i] = Stored{Status: api.StatusRejected, Problem: refused[i]}
			continue
		}
		out[i], stored = stored[0], stored[1:]
	}
	return out, nil
}

// errClockAhead refuses a revision made at the time at (Unix ms), more
// than annotations.MaxAtAhead after now: the device's clock is wrong. The
// app shows the message, keeps the change, and sends it again dated no
// later than its clock once the clock is right.
func errClockAhead(at int64, now time.Time) error {
	const shown = "2006-01-02 15:04 UTC"
	return api.Errorf(api.CodeInvalid, "your device's clock is wrong: this change is dated %s, more than a day after the server's time (%s); set the device's date and time right, and the change is sent again",
		time.UnixMilli(at).UTC().Format(shown), now.UTC().Format(shown))
}

// assigneeCheck finds the assignments of a push that add to their
// article's current assignment a name that may not be assigned articles
// (api.Assignee): no member's annotator name in the project, or a disabled
// account's (User.Disabled). A name the current assignment has passes,
// so that a manager may still change the article's other annotators (and
// AutoAssign, which keeps an article's annotators, add some) after one
// was disabled or left the project, and the assignments stored before
// stay as they are. It reads a project's members, and its assignments,
// once a push.
type assigneeCheck struct {
	store   Store
	members map[string][]api.Member        // by project ID
	current map[string]map[string][]string // by project (as revisions write it), by article
}

// newAssigneeCheck returns the check of one push into store.
func newAssigneeCheck(store Store) *assigneeCheck {
	return &assigneeCheck{store: store, members: map[string][]api.Member{}, current: map[string]map[string][]string{}}
}

// check returns the problem of rev, an invalid *api.Error naming the
// annotator, or nil; err is the store's failure.
func (c *assigneeCheck) check(ctx context.Context, rev annotations.Revision) (problem, err error) {
	if rev.Kind != annotations.KindAssignment || rev.Deleted {
		return nil, nil
	}
	a, err := rev.Assignment()
	if err != nil {
		return nil, nil // the store's check refuses it, saying why
	}
	id := annotations.ProjectOrDefault(rev.Project)
	members, ok := c.members[id]
	if !ok {
		ms, err := c.store.Members(ctx, id)
		if err != nil {
			return nil, err
		}
		members = AssigneeMembers(ms)
		c.members[id] = members
	}
	for _, name := range a.Annotators {
		got, problem := api.Assignee(name, members)
		if problem == nil && got == name {
			continue
		}
		cur, ok := c.current[rev.Project]
		if !ok {
			revs, err := c.store.SetRevisions(ctx, annotations.ProjectKey(rev.Project))
			if err == nil {
				cur, err = Assignments(rev.Project, revs)
			}
			if err != nil {
				return nil, err
			}
			c.current[rev.Project] = cur
		}
		if slices.Contains(cur[a.ArticleID], name) {
			continue
		}
		if problem == nil { // a login, in another case than the annotator name
			problem = fmt.Errorf("“%s” is no member's annotator name: an assignment names “%s”", name, got)
		}
		return api.Errorf(api.CodeInvalid, "%v", problem), nil
	}
	return nil, nil
}

// pullParams are the query parameters of a pull.
var pullParams = []string{api.ParamAnnotator, api.ParamProject, api.ParamSince, api.ParamLimit}

// pull answers the annotator's revisions after a cursor, in commit order:
// the caller's when the query names no annotator. With a project, those of
// that project, when the caller's role there lets them read the
// annotator's sets (404 for a project they do not see, 403 otherwise);
// without, those of every project where it does (every project for an
// admin), and 403 when there is none.
func (s *Server) pull(w http.ResponseWriter, r *http.Request) {
	q, err := singleParams(r, pullParams)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := callerOf(r).user
	annotator := q[api.ParamAnnotator]
	if annotator == "" {
		annotator = u.Annotator
	}
	if err := annotations.ValidateAnnotator(annotator); err != nil {
		s.fail(w, r, err)
		return
	}
	if annotator != u.Annotator { // a login in any case names its annotator
		byName, err := accountIndex(r.Context(), s.store)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if a, ok := byName.annotator(annotator); ok {
			annotator = a
		}
	}
	filter, err := s.pullFilter(r.Context(), u, annotator, q[api.ParamProject])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	since, err := api.ParseCursor(q[api.ParamSince])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := queryInt(q[api.ParamLimit], api.DefaultPullLimit, api.ParamLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if limit < 1 || limit > api.MaxPullLimit {
		s.fail(w, r, api.Errorf(api.CodeInvalid, "limit %d is not between 1 and %d", limit, api.MaxPullLimit))
		return
	}
	if since.Access != u.Access && !since.IsStart() {
		// What u may read has changed since the cursor was made: it may
		// have passed revisions u may read now. Start over, unless the
		// history no longer holds the cursor (a restored database, whose
		// users are older too): that the client must hear, to send again
		// what the server lost.
		if _, err := s.store.Changes(r.Context(), ChangeFilter{}, since, 1); err != nil {
			s.fail(w, r, err)
			return
		}
		since = Cursor{}
	}
	page, err := s.store.Changes(r.Context(), filter, since, int(limit))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !page.Cursor.IsStart() {
		page.Cursor.Access = u.Access
	}
	revs := page.Revisions
	if revs == nil {
		revs = []annotations.Revision{}
	}
	s.respond(w, http.StatusOK, api.PullResponse{Revisions: revs, Cursor: page.Cursor.String(), More: page.More})
}

// pullFilter chooses what u's pull of annotator's revisions reads: in the
// project id when not "", else in every project where u may read them.
func (s *Server) pullFilter(ctx context.Context, u User, annotator, id string) (ChangeFilter, error) {
	filter := ChangeFilter{Annotator: annotator}
	own := annotator == u.Annotator
	if id != "" {
		if err := annotations.ValidateProjectID(id); err != nil {
			return filter, err
		}
		access, _, err := s.projectAccess(ctx, u, id)
		if err == nil && !access.CanReadSetsOf(own) {
			err = forbiddenSets(u, annotator)
		}
		filter.Projects = []string{annotations.ProjectField(id)}
		return filter, err
	}
	if u.Admin {
		return filter, nil // every project
	}
	ms, err := s.store.Memberships(ctx, u.ID)
	if err != nil {
		return filter, err
	}
	filter.Projects = []string{}
	for _, m := range ms {
		if (api.Access{Role: m.Role, SeeEachOther: m.Project.AnnotatorsSeeEachOther}).CanReadSetsOf(own) {
			filter.Projects = append(filter.Projects, annotations.ProjectField(m.Project.ID))
		}
	}
	switch {
	case len(filter.Projects) > 0:
		return filter, nil
	case own:
		return filter, api.Errorf(api.CodeForbidden, "you (%s) are not a member of any project: a manager adds you", u.Login)
	}
	return filter, forbiddenSets(u, annotator)
}

// noQuery refuses a request with query parameters, for an endpoint that
// takes none.
func noQuery(r *http.Request) error {
	if r.URL.RawQuery != "" {
		return api.Errorf(api.CodeInvalid, "%s takes no query parameters (got %q)", r.URL.Path, r.URL.RawQuery)
	}
	return nil
}

// singleParams reads a request's query parameters: each must be one of
// names and be given at most once. Absent ones map to "". Every endpoint
// with parameters reads them through it (or, for export's repeatable
// lists, through readQuery and ParseExportQuery).
func singleParams(r *http.Request, names []string) (map[string]string, error) {
	q, err := readQuery(r)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(names))
	// In sorted order, so that the same query always gets the same error.
	for _, name := range slices.Sorted(maps.Keys(q)) {
		values := q[name]
		if !slices.Contains(names, name) {
			return nil, api.Errorf(api.CodeInvalid, "%q is not a parameter of %s (parameters: %s)", name, r.URL.Path, strings.Join(names, ", "))
		}
		if len(values) > 1 {
			return nil, api.Errorf(api.CodeInvalid, "%s is given %d times: give it once", name, len(values))
		}
		out[name] = values[0]
	}
	return out, nil
}

// readQuery parses a request's query, refusing one that cannot be read
// (r.URL.Query would silently drop the bad pairs).
func readQuery(r *http.Request) (url.Values, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, api.Errorf(api.CodeInvalid, "the query %q cannot be read: %v", r.URL.RawQuery, err)
	}
	return q, nil
}

// queryInt reads the whole number v of parameter name, def when v is "".
// A number too large for 64 bits is refused as out of range, not read as
// the largest one.
func queryInt(v string, def int64, name string) (int64, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		return 0, api.Errorf(api.CodeInvalid, "%s %q is out of range: it must be at most %d", name, v, int64(math.MaxInt64))
	}
	if err != nil || n < 0 {
		return 0, api.Errorf(api.CodeInvalid, "%s %q is not a whole number of 0 or more", name, v)
	}
	return n, nil
}

// errUnknownFormat lists the export formats.
func errUnknownFormat(format string) error {
	return api.Errorf(api.CodeInvalid, "format %q is not an export format (formats: %s)", format, strings.Join(exportFormats, ", "))
}
