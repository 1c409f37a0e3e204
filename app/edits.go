package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/uuid"
)

// head returns the winning revision of item, live or deleted, as the set
// stands: the set this device knows.
func (e *editor) head(item string) (annotations.Revision, bool) { return e.state.Head(item) }

// itemKind returns the kind of item, live or deleted: what
// annotations.CheckReferencesFunc checks a new revision against.
func (e *editor) itemKind(item string) (annotations.Kind, bool) {
	h, ok := e.head(item)
	return h.Kind, ok
}

// put returns the revision that sets item (of kind) to body on top of the
// item's current revision, checked as the server will check it
// (annotations.CheckBatch, against the set this device holds): against the
// article, the set's schema and the set's items.
func (e *editor) put(item string, kind annotations.Kind, body any) (annotations.Revision, error) {
	rev, err := e.revise(item, kind, body)
	if err != nil {
		return rev, err
	}
	return rev, e.check(rev)
}

// revise is put without the check against the set's items: for an edit of
// several revisions, which check then checks together (a mention moved
// from one group to another is refused in the second group until the
// first lets it go).
func (e *editor) revise(item string, kind annotations.Kind, body any) (annotations.Revision, error) {
	return e.reviseIn(e.key(), item, kind, body)
}

// reviseIn is revise for an item of the set key: the editor's, or its
// project's own (annotations.ProjectKey: the project's schema).
func (e *editor) reviseIn(key annotations.SetKey, item string, kind annotations.Kind, body any) (annotations.Revision, error) {
	if err := annotations.ValidateAnnotator(e.annotator); err != nil {
		return annotations.Revision{}, err
	}
	parent := ""
	if h, ok := e.head(item); ok {
		parent = h.ID
	}
	rev, err := annotations.NewRevision(parent, item, kind, key, false, body)
	if err != nil {
		return rev, err
	}
	// A new edit uses the schema as it is now (the server also takes a
	// label the set once had: an edit made before a schema change).
	text := e.text
	if key.IsProject() {
		text = nil // a project's schema has no article
	}
	return rev, rev.ValidateAgainstText(key.ArticleID, text, e.set.Schema)
}

// check checks the revisions of one edit together, as the server will
// (annotations.CheckBatch against the set this device holds), and returns
// the first problem.
func (e *editor) check(revs ...annotations.Revision) error {
	problems, err := annotations.CheckBatch(revs, e.state.Stored(e.text))
	if err != nil {
		return err
	}
	for _, p := range problems {
		if p != nil {
			return p
		}
	}
	return nil
}

// removeItem returns the revision that deletes item, of any kind.
func (e *editor) removeItem(id string) (annotations.Revision, error) {
	head, found := e.head(id)
	if !found || head.Deleted {
		return annotations.Revision{}, errors.New("this annotation is already gone")
	}
	return annotations.NewDeletion(head)
}

// quote returns the live quote id.
func (e *editor) quote(id string) (annotations.Quote, bool) {
	for _, q := range e.set.Quotes {
		if q.ID == id {
			return q, true
		}
	}
	return annotations.Quote{}, false
}

// stance returns the live stance id.
func (e *editor) stance(id string) (annotations.Stance, bool) {
	for _, s := range e.set.Stances {
		if s.ID == id {
			return s, true
		}
	}
	return annotations.Stance{}, false
}

// group returns the live entity group id.
func (e *editor) group(id string) (annotations.EntityGroup, bool) {
	for _, g := range e.set.Groups {
		if g.ID == id {
			return g, true
		}
	}
	return annotations.EntityGroup{}, false
}

// kindOf returns the kind of the live item id, or "".
func (e *editor) kindOf(id string) annotations.Kind {
	if h, ok := e.head(id); ok && !h.Deleted {
		return h.Kind
	}
	return ""
}

// draftQuote is a quote being made: its content is chosen, its speaker not
// yet (a quote cannot exist without one).
type draftQuote struct {
	Start, End int
	Direct     bool
}

// newDraftQuote returns the draft of a quote of [start, end), trimmed, with
// Direct proposed from the quotation marks around it.
func (e *editor) newDraftQuote(start, end int) (draftQuote, error) {
	start, end = e.trimSpan(start, end)
	if _, err := annotations.NewSpan(e.text, start, end); err != nil {
		return draftQuote{}, err
	}
	return draftQuote{Start: start, End: end, Direct: annotations.ProposeDirect(e.text, start, end)}, nil
}

// createQuote returns the revision that makes draft a quote of speaker.
func (e *editor) createQuote(d draftQuote, speaker annotations.Ref) (annotations.Revision, error) {
	span, err := annotations.NewSpan(e.text, d.Start, d.End)
	if err != nil {
		return annotations.Revision{}, err
	}
	q := annotations.Quote{ID: uuid.NewString(), Content: span, Speaker: speaker, Direct: d.Direct}
	return e.put(q.ID, annotations.KindQuote, q)
}

// setSpeaker returns the revision that makes speaker say quote id.
func (e *editor) setSpeaker(id string, speaker annotations.Ref) (annotations.Revision, bool, error) {
	q, ok := e.quote(id)
	if !ok {
		return annotations.Revision{}, false, errors.New("that quote is gone")
	}
	if q.Speaker == speaker {
		return annotations.Revision{}, false, nil
	}
	q.Speaker = speaker
	rev, err := e.put(q.ID, annotations.KindQuote, q)
	return rev, err == nil, err
}

// setCue returns the revision that gives quote id the cue [start, end), or
// no cue when start == end.
func (e *editor) setCue(id string, start, end int) (annotations.Revision, error) {
	q, ok := e.quote(id)
	if !ok {
		return annotations.Revision{}, errors.New("that quote is gone")
	}
	q.Cue = nil
	if start, end = e.trimSpan(start, end); start < end {
		span, err := annotations.NewSpan(e.text, start, end)
		if err != nil {
			return annotations.Revision{}, err
		}
		q.Cue = &span
	}
	return e.put(q.ID, annotations.KindQuote, q)
}

// setDirect returns the revision that marks quote id direct or indirect.
func (e *editor) setDirect(id string, direct bool) (annotations.Revision, error) {
	q, ok := e.quote(id)
	if !ok {
		return annotations.Revision{}, errors.New("that quote is gone")
	}
	q.Direct = direct
	return e.put(q.ID, annotations.KindQuote, q)
}

// putStance returns the revision that sets stance st (a new one when its ID
// is empty).
func (e *editor) putStance(st annotations.Stance) (annotations.Revision, error) {
	if st.ID == "" {
		st.ID = uuid.NewString()
	}
	return e.put(st.ID, annotations.KindStance, st)
}

// topics returns the topics the set's stances are toward, sorted, each once:
// the stance form offers them again.
func (e *editor) topics() []string {
	var out []string
	for _, s := range e.set.Stances {
		if s.Target.Kind == annotations.RefTopic && !slices.Contains(out, s.Target.Topic) {
			out = append(out, s.Target.Topic)
		}
	}
	slices.Sort(out)
	return out
}

// putGroup returns the revision that sets group g (a new one when its ID is
// empty).
func (e *editor) putGroup(g annotations.EntityGroup) (annotations.Revision, error) {
	if g.ID == "" {
		g.ID = uuid.NewString()
	}
	g.Name = annotations.NormalizeLine(g.Name)
	return e.put(g.ID, annotations.KindGroup, g)
}

// groupOf returns the group mention id is a member of, if any.
func (e *editor) groupOf(id string) (annotations.EntityGroup, bool) {
	for _, g := range e.set.Groups {
		if slices.Contains(g.Members, id) {
			return g, true
		}
	}
	return annotations.EntityGroup{}, false
}

// joinGroup returns the revisions that put mention id into group (a new
// group named after the mention when group is ""), taking it out of the
// group it was in.
func (e *editor) joinGroup(id, group string) ([]annotations.Revision, error) {
	en, ok := e.entity(id)
	if !ok {
		return nil, errors.New("that mention is gone")
	}
	var out []annotations.Revision
	if old, ok := e.groupOf(id); ok {
		if old.ID == group {
			return nil, nil
		}
		rev, err := e.leaveGroup(old, id)
		if err != nil {
			return nil, err
		}
		out = append(out, rev)
	}
	g := annotations.EntityGroup{ID: uuid.NewString(), Name: en.Exact, Members: []string{id}}
	if group != "" {
		var ok bool
		if g, ok = e.group(group); !ok {
			return nil, errors.New("that group is gone")
		}
		g.Members = append(slices.Clone(g.Members), id)
	}
	g.Name = annotations.NormalizeLine(g.Name)
	rev, err := e.revise(g.ID, annotations.KindGroup, g)
	if err != nil {
		return nil, err
	}
	out = append(out, rev)
	return out, e.check(out...)
}

// leaveGroup returns the revision that takes mention id out of g: the
// group's deletion when id was its last member.
func (e *editor) leaveGroup(g annotations.EntityGroup, id string) (annotations.Revision, error) {
	members := slices.DeleteFunc(slices.Clone(g.Members), func(m string) bool { return m == id })
	if len(members) == 0 {
		return e.removeItem(g.ID)
	}
	g.Members = members
	return e.putGroup(g)
}

// acceptProposal returns the revision that applies the group proposal for
// the text name as the set stands now: the panel's list may be older than
// the set (it is made again once edits pause), so a click never applies a
// proposal that no longer holds.
func (e *editor) acceptProposal(name string) (annotations.Revision, error) {
	var p annotations.GroupProposal
	found := false
	for _, pr := range annotations.ProposeGroups(e.set) {
		if pr.Name == name {
			p, found = pr, true
		}
	}
	if !found {
		return annotations.Revision{}, errors.New("there is nothing left to group for “" + name + "”")
	}
	if p.Group == "" {
		return e.putGroup(annotations.EntityGroup{Name: p.Name, Members: p.Members})
	}
	g, ok := e.group(p.Group)
	if !ok {
		return annotations.Revision{}, errors.New("that group is gone")
	}
	g.Members = slices.Clone(g.Members)
	for _, m := range p.Members {
		if !slices.Contains(g.Members, m) {
			g.Members = append(g.Members, m)
		}
	}
	return e.putGroup(g)
}

// proposalApplies reports whether group proposal p still holds for the set
// as it stands, whose grouped mentions are grouped: its group (if any) is
// live, its members are live mentions of its text in no group, and a new
// group would have two or more.
func (e *editor) proposalApplies(p annotations.GroupProposal, grouped map[string]bool) bool {
	if p.Group != "" {
		if _, ok := e.group(p.Group); !ok {
			return false
		}
	} else if len(p.Members) < 2 {
		return false
	}
	for _, m := range p.Members {
		en, ok := e.entity(m)
		if !ok || grouped[m] || annotations.NormalizeLine(en.Exact) != p.Name {
			return false
		}
	}
	return true
}

// putSchema returns the revision that sets the label schema of the
// project the set is in.
func (e *editor) putSchema(s annotations.Schema) (annotations.Revision, error) {
	if err := s.ValidateNew(); err != nil { // a new schema: no key the editor keeps
		return annotations.Revision{}, err
	}
	// The project's schema, which every set of the project uses: its
	// managers change it (the server refuses anyone else's).
	key := annotations.ProjectKey(e.project)
	id := annotations.SchemaItemID(key)
	rev, err := e.reviseIn(key, id, annotations.KindSchema, annotations.SchemaItem{ID: id, Schema: s})
	if err != nil {
		return rev, err
	}
	return rev, e.check(rev)
}

// refName says in a few words what a reference points at: a mention's text
// and label, a group's name, a quote's speaker.
func (e *editor) refName(kind annotations.RefKind, id string) string {
	switch kind {
	case annotations.RefEntity:
		if en, ok := e.entity(id); ok {
			return en.Exact + " (" + en.Label + ")"
		}
	case annotations.RefGroup:
		if g, ok := e.group(id); ok {
			return g.Name + " (group)"
		}
	case annotations.RefQuoteSpeaker:
		if q, ok := e.quote(id); ok {
			return e.refName(q.Speaker.Kind, q.Speaker.ID) + ", as speaker"
		}
	case annotations.RefArticle:
		return "the article"
	case annotations.RefQuote:
		if q, ok := e.quote(id); ok {
			return quoted(q.Content.Exact, 60)
		}
	}
	return fmt.Sprintf("(deleted %s)", kind)
}

// shorten cuts s to at most n code points, with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// quoted puts a quote's text, cut to n code points, between curly
// quotation marks, without the marks it has of its own: a preview shows
// “We will not back down.”, not “"We will not back down."”.
func quoted(s string, n int) string {
	return "“" + shorten(annotations.TrimQuoteMarks(s), n) + "”"
}

// newItemID returns the ID of a new annotation item.
func newItemID() string { return uuid.NewString() }

// sameStance reports whether two stances say the same.
func sameStance(a, b annotations.Stance) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// putStatus returns the revision that gives the editor's set the work
// state (annotations.StatusItem: done, skipped with a reason, or in
// progress again), on top of the set's current status.
// The revision is checked as the server checks it (e.check: the annotator,
// the state, the reason).
func (e *editor) putStatus(state annotations.WorkState, reason string) (annotations.Revision, error) {
	k := e.key()
	parent := ""
	if h, ok := e.head(annotations.StatusItemID(k)); ok {
		parent = h.ID
	}
	rev, err := annotations.NewStatusRevision(parent, k, annotations.StatusItem{State: state, Reason: annotations.NormalizeLine(reason)})
	if err != nil {
		return rev, err
	}
	return rev, e.check(rev)
}

// assignRevisions returns the revisions that give each article of changes
// its annotators (none: unassigned) in project (a Project field: "" for
// the Default project), as the project's own revisions, each on top of the
// article's assignment as own (the project's own set) holds it.
func assignRevisions(project string, own *annotations.SetState, changes map[string][]string) ([]annotations.Revision, error) {
	var out []annotations.Revision
	for id, names := range changes {
		a := annotations.Assignment{ArticleID: id, Annotators: append([]string{}, names...)}
		if err := a.Validate(); err != nil {
			return nil, err
		}
		parent := ""
		if h, ok := own.Head(annotations.AssignmentItemID(project, id)); ok {
			parent = h.ID
		}
		rev, err := annotations.NewAssignmentRevision(parent, project, a)
		if err != nil {
			return nil, err
		}
		out = append(out, rev)
	}
	return out, nil
}
