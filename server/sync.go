package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
)

// Limits of the sync endpoints.
const (
	MaxPushRevisions = 1000
	DefaultPullLimit = 500
	MaxPullLimit     = 1000
)

// pushRequest is the body of POST /api/v1/sync/push.
type pushRequest struct {
	Revisions []annotations.Revision `json:"revisions"`
}

// pushResult is the answer about one pushed revision.
type pushResult struct {
	Rev    string     `json:"rev"`
	Item   string     `json:"item"`
	Status PushStatus `json:"status"`
	Error  *Error     `json:"error,omitempty"`
}

// pushResponse is the answer to a push: a result per revision, in request
// order, and the first problem when any revision was rejected.
type pushResponse struct {
	Results []pushResult `json:"results"`
	Error   *Error       `json:"error,omitempty"`
}

// pullResponse is one page of an annotator's revisions. Cursor is a
// decimal string: it goes back as since= unchanged, and a JSON number of
// 2^53 or more would lose precision in JavaScript.
type pullResponse struct {
	Revisions []annotations.Revision `json:"revisions"`
	Cursor    string                 `json:"cursor"`
	More      bool                   `json:"more"`
}

// push stores the valid revisions of a batch (insert-if-absent, in one
// transaction) and answers with a status per revision. It answers 200 when
// nothing was rejected, else 400 with the same results and the first
// problem; the valid revisions of that batch are stored all the same.
func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	var req pushRequest
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Revisions == nil {
		s.fail(w, r, Errorf(CodeInvalid, `the body needs "revisions": a list of revisions`))
		return
	}
	if n := len(req.Revisions); n > MaxPushRevisions {
		s.fail(w, r, Errorf(CodeTooLarge, "%d revisions in one push, more than the limit of %d: push in batches", n, MaxPushRevisions))
		return
	}
	results := make([]pushResult, len(req.Revisions))
	articles := map[string][]rune{} // each article's text in code points, nil when unknown
	var valid []annotations.Revision
	var validAt []int
	var firstProblem *Error
	schema := annotations.DefaultSchema()
	for i, rev := range req.Revisions {
		results[i] = pushResult{Rev: rev.ID, Item: rev.Item}
		err := s.checkRevision(r, rev, articles, schema)
		if err != nil {
			e, known := asError(err)
			if !known {
				s.fail(w, r, err)
				return
			}
			results[i].Status, results[i].Error = StatusRejected, e
			if firstProblem == nil {
				firstProblem = Errorf(CodeInvalid, "revision %d (item %s): %s", i, rev.Item, e.Message)
			}
			continue
		}
		valid = append(valid, rev)
		validAt = append(validAt, i)
	}
	if len(valid) > 0 {
		statuses, err := s.store.PutRevisions(r.Context(), valid)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for k, st := range statuses {
			results[validAt[k]].Status = st
		}
	}
	if firstProblem != nil {
		s.respond(w, statusOf(firstProblem.Code), pushResponse{Results: results, Error: firstProblem})
		return
	}
	s.respond(w, http.StatusOK, pushResponse{Results: results})
}

// checkRevision validates one revision on its own and against its article,
// which must be stored. articles caches each article's text as code points
// for the rest of the batch, so a long article is read and converted once.
func (s *Server) checkRevision(r *http.Request, rev annotations.Revision, articles map[string][]rune, schema annotations.Schema) error {
	if err := rev.Validate(); err != nil {
		return err
	}
	text, seen := articles[rev.ArticleID]
	if !seen {
		got, err := s.store.Article(r.Context(), rev.ArticleID)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return err
		default:
			text = []rune(got.Text)
		}
		articles[rev.ArticleID] = text
	}
	if text == nil {
		return Errorf(CodeUnknownArticle, "article %s is not on the server: upload it first", rev.ArticleID)
	}
	return rev.ValidateAgainstText(rev.ArticleID, text, schema)
}

// pull answers the annotator's revisions after a cursor, in commit order.
func (s *Server) pull(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	annotator := q.Get("annotator")
	if err := annotations.ValidateAnnotator(annotator); err != nil {
		s.fail(w, r, err)
		return
	}
	since, err := queryInt(q.Get("since"), 0, "since")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := queryInt(q.Get("limit"), DefaultPullLimit, "limit")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if limit < 1 || limit > MaxPullLimit {
		s.fail(w, r, Errorf(CodeInvalid, "limit %d is not between 1 and %d", limit, MaxPullLimit))
		return
	}
	page, err := s.store.Changes(r.Context(), annotator, since, int(limit))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	revs := page.Revisions
	if revs == nil {
		revs = []annotations.Revision{}
	}
	s.respond(w, http.StatusOK, pullResponse{Revisions: revs, Cursor: strconv.FormatInt(page.Cursor, 10), More: page.More})
}

func queryInt(v string, def int64, name string) (int64, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, Errorf(CodeInvalid, "%s %q is not a whole number of 0 or more", name, v)
	}
	return n, nil
}

// errUnknownFormat lists the export formats.
func errUnknownFormat(format string) error {
	return Errorf(CodeInvalid, "format %q is not an export format (formats: %s)", format, strings.Join(exportFormats, ", "))
}
