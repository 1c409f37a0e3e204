package server

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
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
	// Cursor is the pushing device's pull cursor, optional: the answer
	// says whether this server's history still matches it.
	Cursor string `json:"cursor,omitempty"`
}

// pushResult is the answer about one pushed revision.
type pushResult struct {
	Rev    string     `json:"rev"`
	Item   string     `json:"item"`
	Status PushStatus `json:"status"`
	// Seq is the revision's sequence number, stored now or before: a
	// client whose pull cursor is past it has pulled it.
	Seq   int64  `json:"seq,omitempty"`
	Error *Error `json:"error,omitempty"`
}

// pushResponse is the answer to a push: a result per revision, in request
// order, and the first problem when any revision was rejected.
type pushResponse struct {
	Results []pushResult `json:"results"`
	// CursorUnknown says that the request's cursor is unknown here, as a
	// pull from it would answer: a duplicate at or before it proves
	// nothing to the device, whose next pull may find the cursor again (a
	// second restore) and miss what this history had.
	CursorUnknown bool   `json:"cursor_unknown,omitempty"`
	Error         *Error `json:"error,omitempty"`
}

// pullResponse is one page of an annotator's revisions. Cursor is a string
// the client sends back as since= unchanged: the last revision's sequence
// number and the history's hash there ("57.9f1c…", formatCursor), or "0".
type pullResponse struct {
	Revisions []annotations.Revision `json:"revisions"`
	Cursor    string                 `json:"cursor"`
	More      bool                   `json:"more"`
}

// push stores the valid revisions of a batch (insert-if-absent, in one
// transaction) and answers with a status per revision. It answers 200 when
// nothing was rejected, else 400 with the same results and the first
// problem; the valid revisions of that batch are stored all the same.
//
// A revision is checked on its own, against its article, against its set's
// schema and against its set's items (see pushCheck): a label, polarity or
// referred item that the set never had is rejected, one the set had until
// a change made elsewhere is not.
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
	since, err := parseCursor(req.Cursor) // "" is the start, which every history has
	if err != nil {
		s.fail(w, r, Errorf(CodeInvalid, "cursor %q is not a cursor this server gave", req.Cursor))
		return
	}
	pc := &pushCheck{s: s, r: r, articles: map[string][]rune{}, sets: map[SetRef]*pushSet{}}
	problems, err := pc.check(req.Revisions)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	results := make([]pushResult, len(req.Revisions))
	var valid []annotations.Revision
	var validAt []int
	var firstProblem *Error
	for i, rev := range req.Revisions {
		results[i] = pushResult{Rev: rev.ID, Item: rev.Item}
		if e := problems[i]; e != nil {
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
			results[validAt[k]].Status, results[validAt[k]].Seq = st.Status, st.Seq
		}
	}
	answer := pushResponse{Results: results}
	// Checked after the store, as the answers it qualifies were made; a
	// page of the annotator "", who has no revisions, checks the cursor
	// alone. The start (no cursor) is in every history.
	if since.Seq > 0 {
		if _, err := s.store.Changes(r.Context(), "", since, 1); errors.Is(err, ErrCursorUnknown) {
			answer.CursorUnknown = true
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if firstProblem != nil {
		answer.Error = firstProblem
		s.respond(w, statusOf(firstProblem.Code), answer)
		return
	}
	s.respond(w, http.StatusOK, answer)
}

// pushCheck checks the revisions of one push. It reads each article and
// each set the batch touches once, and checks each revision
//
//   - on its own (annotations.Revision.Validate) and against its article,
//     which the server must hold (else unknown_article);
//   - against its set's schema: the schema the stored revisions resolve to,
//     updated by the valid schema revisions earlier in the batch. A label or
//     polarity that schema lacks is still accepted when the set's schema had
//     it at some point (the default schema, a stored schema revision, or a
//     valid one anywhere in the batch): the mention may have been made
//     before a change on another device dropped the label, or before a
//     schema revision the client sends in the same batch (the app sends its
//     pending revisions by generation, not in the order it made them). The
//     set then flags the item for review (annotations.Set.Review), as it
//     flags a reference to a deleted item. A label the set never had is
//     rejected;
//   - against its set's items (annotations.CheckReferences): every item it
//     refers to must be stored, deleted or not, or come with a valid
//     revision anywhere in the same batch. Order within a batch does not
//     matter, because the app orders its pending revisions by generation, so
//     that a new quote may come before the new mention it refers to; a
//     referred item must come no later than the batch that refers to it. A revision
//     rejected for its references can leave others without the item they
//     refer to, so this check runs until nothing more is rejected.
type pushCheck struct {
	s        *Server
	r        *http.Request
	articles map[string][]rune // each article's text in code points, nil when unknown
	sets     map[SetRef]*pushSet
}

// pushSet is what the server holds of one set that a push touches.
type pushSet struct {
	// schema holds the set's schema revisions: the stored ones, then the
	// batch's valid ones as the check reaches them.
	schema *annotations.SetState
	// items maps each stored item to its kind (its winning revision's).
	items map[string]annotations.Kind
	// labels and polarities are every label and stance polarity the set's
	// schema has had: the default schema's, every stored schema revision's
	// and every valid one's of the batch.
	labels, polarities map[string]bool
}

// check returns a problem per revision (nil for a valid one), or an error
// when the server cannot tell.
func (pc *pushCheck) check(revs []annotations.Revision) ([]*Error, error) {
	problems := make([]*Error, len(revs))
	reject := func(i int, err error) error {
		e, known := asError(err)
		if !known {
			return err
		}
		problems[i] = e
		return nil
	}
	// Each revision on its own and against its article; the sets the
	// valid ones touch, and what their schema revisions add to the labels
	// the sets have had.
	for i, rev := range revs {
		if err := pc.checkRevision(rev); err != nil {
			if err := reject(i, err); err != nil {
				return nil, err
			}
			continue
		}
		set, err := pc.set(rev)
		if err != nil {
			return nil, err
		}
		if rev.Kind == annotations.KindSchema && !rev.Deleted {
			sc, err := rev.Schema()
			if err == nil {
				err = sc.Validate()
			}
			if err != nil {
				if err := reject(i, err); err != nil {
					return nil, err
				}
				continue
			}
			set.addLabels(sc)
		}
	}
	// Bodies against the article and the set's schema, in order.
	for i, rev := range revs {
		if problems[i] != nil {
			continue
		}
		set := pc.sets[SetRef{ArticleID: rev.ArticleID, Annotator: rev.Annotator}]
		if err := set.checkBody(rev, pc.articles[rev.ArticleID]); err != nil {
			if err := reject(i, err); err != nil {
				return nil, err
			}
		}
	}
	// References, against the stored items and those of the batch's valid
	// revisions, until a round rejects nothing more.
	for {
		items := map[SetRef]map[string]annotations.Kind{}
		for i, rev := range revs {
			if problems[i] != nil {
				continue
			}
			ref := SetRef{ArticleID: rev.ArticleID, Annotator: rev.Annotator}
			m := items[ref]
			if m == nil {
				m = maps.Clone(pc.sets[ref].items)
				items[ref] = m
			}
			if _, known := m[rev.Item]; !known {
				m[rev.Item] = rev.Kind
			}
		}
		more := false
		for i, rev := range revs {
			if problems[i] != nil {
				continue
			}
			if err := annotations.CheckReferences(rev, items[SetRef{ArticleID: rev.ArticleID, Annotator: rev.Annotator}]); err != nil {
				if err := reject(i, err); err != nil {
					return nil, err
				}
				more = true
			}
		}
		if !more {
			return problems, nil
		}
	}
}

// checkRevision validates one revision on its own and against its article,
// which must be stored. The article's text is read and converted to code
// points once per push.
func (pc *pushCheck) checkRevision(rev annotations.Revision) error {
	if err := rev.Validate(); err != nil {
		return err
	}
	text, seen := pc.articles[rev.ArticleID]
	if !seen {
		got, err := pc.s.store.Article(pc.r.Context(), rev.ArticleID)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return err
		default:
			text = []rune(got.Text)
		}
		pc.articles[rev.ArticleID] = text
	}
	if text == nil {
		return Errorf(CodeUnknownArticle, "article %s is not on the server: upload it first", rev.ArticleID)
	}
	return nil
}

// set returns what the server holds of rev's set, reading it on first use:
// its items' kinds, resolved without decoding a body, and its schema
// revisions.
func (pc *pushCheck) set(rev annotations.Revision) (*pushSet, error) {
	ref := SetRef{ArticleID: rev.ArticleID, Annotator: rev.Annotator}
	if set, ok := pc.sets[ref]; ok {
		return set, nil
	}
	stored, err := pc.s.store.SetRevisions(pc.r.Context(), ref)
	if err != nil {
		return nil, err
	}
	set := &pushSet{schema: annotations.NewSetState(ref.ArticleID, ref.Annotator), items: map[string]annotations.Kind{},
		labels: map[string]bool{}, polarities: map[string]bool{}}
	set.addLabels(annotations.DefaultSchema())
	schemaItem := annotations.SchemaItemID(ref.ArticleID, ref.Annotator)
	var schemaRevs []annotations.Revision
	for _, st := range annotations.Resolve(stored) {
		set.items[st.Item] = st.Winner.Kind
	}
	for _, r := range stored {
		if r.Item != schemaItem || r.Kind != annotations.KindSchema {
			continue
		}
		schemaRevs = append(schemaRevs, r)
		if sc, err := r.Schema(); err == nil && !r.Deleted {
			set.addLabels(sc)
		}
	}
	if err := set.schema.Apply(schemaRevs...); err != nil {
		return nil, fmt.Errorf("the stored schema of the set of %q on article %s does not resolve: %w", ref.Annotator, ref.ArticleID, err)
	}
	pc.sets[ref] = set
	return set, nil
}

// addLabels notes the labels and polarities of sc as ones the set has had.
func (set *pushSet) addLabels(sc annotations.Schema) {
	for _, l := range sc.EntityLabels {
		set.labels[l.Name] = true
	}
	for _, p := range sc.Polarities() {
		set.polarities[p] = true
	}
}

// checkBody validates rev's body against the article's text and the set's
// schema as it stands at rev's place in the batch (a schema revision is
// applied to it), or, for a label or polarity that schema lacks, against
// every label and polarity the set has had (see pushCheck).
func (set *pushSet) checkBody(rev annotations.Revision, text []rune) error {
	schema := set.schema.Set().Schema
	err := rev.ValidateAgainstText(rev.ArticleID, text, schema)
	if err != nil && (rev.Kind == annotations.KindEntity || rev.Kind == annotations.KindStance) {
		if rev.ValidateAgainstText(rev.ArticleID, text, set.everSchema(schema)) == nil {
			err = nil
		}
	}
	if err == nil && rev.Kind == annotations.KindSchema {
		err = set.schema.Apply(rev)
	}
	return err
}

// everSchema returns schema with every label and polarity the set has had
// added.
func (set *pushSet) everSchema(schema annotations.Schema) annotations.Schema {
	wide := annotations.Schema{EntityLabels: slices.Clone(schema.EntityLabels), StancePolarities: slices.Clone(schema.Polarities())}
	for _, name := range slices.Sorted(maps.Keys(set.labels)) {
		if _, ok := wide.Label(name); !ok {
			wide.EntityLabels = append(wide.EntityLabels, annotations.Label{Name: name})
		}
	}
	for _, p := range slices.Sorted(maps.Keys(set.polarities)) {
		if !wide.HasPolarity(p) {
			wide.StancePolarities = append(wide.StancePolarities, p)
		}
	}
	return wide
}

// pull answers the annotator's revisions after a cursor, in commit order.
func (s *Server) pull(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	annotator := q.Get("annotator")
	if err := annotations.ValidateAnnotator(annotator); err != nil {
		s.fail(w, r, err)
		return
	}
	since, err := parseCursor(q.Get("since"))
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
	s.respond(w, http.StatusOK, pullResponse{Revisions: revs, Cursor: formatCursor(page.Cursor), More: page.More})
}

// chainLength is the length of a cursor's history hash (NextChain).
const chainLength = 32

// formatCursor writes c as a pull's cursor: "SEQ.CHAIN", or "0" at the
// start.
func formatCursor(c Cursor) string {
	if c.Seq == 0 {
		return "0"
	}
	return strconv.FormatInt(c.Seq, 10) + "." + c.Chain
}

// parseCursor reads since=: "" or "0" (the start), or "SEQ.CHAIN" as
// formatCursor writes it. The cursors older servers gave (a bare "SEQ", or
// "SEQ.REV" with a revision ID) read with a Chain no history has, so the
// store finds them unknown and the client pulls again from the start.
func parseCursor(v string) (Cursor, error) {
	seq, chain, hasChain := strings.Cut(v, ".")
	n, err := queryInt(seq, 0, "since")
	if err != nil || (v != "" && seq == "") || (hasChain && (chain == "" || len(chain) > 100 || n == 0)) {
		return Cursor{}, Errorf(CodeInvalid, "since %q is not a cursor this server gave (0, or a number, a dot and the hash a pull answered)", v)
	}
	return Cursor{Seq: n, Chain: chain}, nil
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
