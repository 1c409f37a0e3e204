package app

import (
	"fmt"
	"unicode"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/browsertask"
	"github.com/google/uuid"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// editor holds one annotation set while its article is open: every revision
// this device knows of the set, and the state they resolve to. Its methods
// return the revision an edit makes; the caller stores it, then calls apply.
type editor struct {
	article annotations.Article
	text    []rune
	// project is the set's project as its revisions carry it: "" for the
	// Default project (annotations.ProjectField).
	project   string
	annotator string
	revs      []annotations.Revision
	state     *annotations.SetState
	set       annotations.Set // state.View(): Heads is nil, read heads with head
	version   int             // counts the changes applied, so that panels re-render
}

// newEditor resolves revs into the set of annotator on article in project
// (a Project field: "" for the Default project).
func newEditor(article annotations.Article, project, annotator string, revs []annotations.Revision) (*editor, error) {
	e := &editor{article: article, text: []rune(article.Text), project: project, annotator: annotator}
	return e, e.apply(revs...)
}

// key is the key of the set the editor holds.
func (e *editor) key() annotations.SetKey {
	return annotations.SetKey{Project: e.project, ArticleID: e.article.ID, Annotator: e.annotator}
}

// newEditorInSteps is newEditor for a set that may be large: it resolves
// the revisions applyChunk at a time and lets the browser run between
// steps, so that opening an article with thousands of annotations does not
// hold the page in one long task. Call it off the UI goroutine.
func newEditorInSteps(article annotations.Article, project, annotator string, revs []annotations.Revision) (*editor, error) {
	e, err := newEditor(article, project, annotator, nil)
	if err != nil {
		return nil, err
	}
	for len(revs) > 0 {
		n := min(len(revs), applyChunk)
		if err := e.apply(revs[:n]...); err != nil {
			return nil, err
		}
		revs = revs[n:]
		if len(revs) > 0 {
			browsertask.Yield()
		}
	}
	return e, nil
}

// nextTask runs step on the UI goroutine once the page shows what the
// current update made and the browser has had its thread back: the next
// step of long work, as a task of its own, after the render of this one.
func nextTask(ctx app.Context, step func(app.Context)) {
	ctx.Defer(func(ctx app.Context) {
		ctx.Async(func() {
			browsertask.Yield()
			ctx.Dispatch(step)
		})
	})
}

// apply adds revisions and updates the set: only the items they touch are
// resolved again, so an edit costs the same however many annotations the
// set has.
func (e *editor) apply(revs ...annotations.Revision) error {
	if e.state == nil {
		e.state = annotations.NewSetState(e.key())
	}
	before := len(e.state.Revisions())
	if err := e.state.Apply(revs...); err != nil {
		return err
	}
	if e.set.ID != "" && len(e.state.Revisions()) == before {
		return nil // every revision was known: nothing changed
	}
	// View, not Set: the editor reads heads through the state (head), so
	// the next Apply need not copy them.
	e.revs, e.set = e.state.Revisions(), e.state.View()
	e.version++
	return nil
}

// changedSince reports whether the set changed after version v.
func (e *editor) changedSince(v int) bool { return e.version != v }

// reset resolves the set again from revs alone: what undoes, on screen, an
// edit the device could not keep.
func (e *editor) reset(revs []annotations.Revision) error {
	e.state, e.set = nil, annotations.Set{}
	return e.apply(revs...)
}

// revision returns the revision id of item, if this device has it.
func (e *editor) revision(item, id string) (annotations.Revision, bool) {
	if e.state == nil {
		return annotations.Revision{}, false
	}
	return e.state.Revision(item, id)
}

// entity returns the current mention id.
func (e *editor) entity(id string) (annotations.Entity, bool) {
	for _, en := range e.set.Entities {
		if en.ID == id {
			return en, true
		}
	}
	return annotations.Entity{}, false
}

// trimSpan narrows [start, end) to leave out white space at both ends, as a
// double click or a sloppy drag often takes in; then, when the set's schema
// says so, widens it to whole words (annotations.SnapToWords).
func (e *editor) trimSpan(start, end int) (int, int) {
	start, end = clamp(start, 0, len(e.text)), clamp(end, 0, len(e.text))
	for start < end && unicode.IsSpace(e.text[start]) {
		start++
	}
	for end > start && unicode.IsSpace(e.text[end-1]) {
		end--
	}
	if e.set.Schema.SnapToWords && start < end {
		start, end = annotations.SnapToWords(e.text, start, end)
	}
	return start, end
}

// tag returns the revision that labels [start, end) with label: a relabel
// when a mention has exactly that span already, else a new mention. It
// returns ok=false when nothing would change.
func (e *editor) tag(start, end int, label string) (rev annotations.Revision, ok bool, err error) {
	if err := annotations.ValidateAnnotator(e.annotator); err != nil {
		return rev, false, err
	}
	if _, known := e.set.Schema.Label(label); !known {
		return rev, false, fmt.Errorf("%q is not a label of this annotation set", label)
	}
	start, end = e.trimSpan(start, end)
	span, err := annotations.NewSpan(e.text, start, end)
	if err != nil {
		return rev, false, err
	}
	switch plan, id := planTag(e.set.Entities, start, end, label); plan {
	case tagNothing:
		return rev, false, nil
	case tagRelabel:
		return e.relabel(id, label)
	}
	en := annotations.Entity{ID: uuid.NewString(), Span: span, Label: label}
	if err := en.Validate(e.text, e.set.Schema); err != nil {
		return rev, false, err
	}
	rev, err = annotations.NewEntityRevision("", e.key(), en)
	return rev, err == nil, err
}

// tagPlan is what pressing a label on a span of text does.
type tagPlan int

const (
	// tagNew makes a new mention of the span.
	tagNew tagPlan = iota
	// tagRelabel gives the mention of exactly that span the label: a new
	// revision of the same item, on top of its head.
	tagRelabel
	// tagNothing: a mention of exactly that span has the label already.
	tagNothing
)

// planTag decides what pressing label on [start, end) does, given the
// set's live mentions: one mention a span at most, so that a label pressed
// in a tab (or on a device) that learnt of a mention later than it was made
// relabels it rather than adding a second one. Where two mentions of the
// span exist already (made on two devices before either knew of the
// other), one with the label is left alone and none is added; else the
// first in the set's order is relabelled, the same one on every device.
func planTag(entities []annotations.Entity, start, end int, label string) (tagPlan, string) {
	plan, id := tagNew, ""
	for _, en := range entities {
		if en.Start != start || en.End != end {
			continue
		}
		if en.Label == label {
			return tagNothing, en.ID
		}
		if plan == tagNew {
			plan, id = tagRelabel, en.ID
		}
	}
	return plan, id
}

// relabel returns the revision that gives mention id the label.
func (e *editor) relabel(id, label string) (annotations.Revision, bool, error) {
	en, found := e.entity(id)
	if !found {
		return annotations.Revision{}, false, fmt.Errorf("no mention %s", id)
	}
	if en.Label == label {
		return annotations.Revision{}, false, nil
	}
	if _, known := e.set.Schema.Label(label); !known {
		return annotations.Revision{}, false, fmt.Errorf("%q is not a label of this annotation set", label)
	}
	en.Label = label
	head, _ := e.head(id)
	rev, err := annotations.NewEntityRevision(head.ID, e.key(), en)
	return rev, err == nil, err
}

// conflict is an item whose revision tree has more than one live leaf: the
// winner every replica shows, and the other versions, kept until the user
// chooses.
type conflict struct {
	Item   string
	Winner annotations.Revision
	Others []annotations.Revision
}

// conflicts lists the set's conflicts by item, in the text order of their
// winners.
func (e *editor) conflicts() []conflict {
	byItem := map[string][]annotations.Revision{}
	for _, r := range e.set.Conflicts {
		byItem[r.Item] = append(byItem[r.Item], r)
	}
	var out []conflict
	for _, en := range e.set.Entities {
		if others, ok := byItem[en.ID]; ok {
			winner, _ := e.head(en.ID)
			out = append(out, conflict{Item: en.ID, Winner: winner, Others: others})
			delete(byItem, en.ID)
		}
	}
	for item, others := range byItem { // a deleted winner with live others cannot happen, but never hide one
		winner, _ := e.head(item)
		out = append(out, conflict{Item: item, Winner: winner, Others: others})
	}
	return out
}

// resolve returns the revisions that end the conflict of item by keeping
// the version keep (the winner's or one of the others' revision ID): the
// other live leaves get tombstones, and keeping a loser's version makes it
// the item's next revision.
func (e *editor) resolve(item, keep string) ([]annotations.Revision, error) {
	var c *conflict
	for _, x := range e.conflicts() {
		if x.Item == item {
			c = &x
			break
		}
	}
	if c == nil {
		return nil, fmt.Errorf("annotation %s has no conflict", item)
	}
	var out []annotations.Revision
	if keep != c.Winner.ID {
		var kept *annotations.Revision
		for i := range c.Others {
			if c.Others[i].ID == keep {
				kept = &c.Others[i]
			}
		}
		if kept == nil {
			return nil, fmt.Errorf("revision %s is not a version of annotation %s", keep, item)
		}
		rev, err := annotations.NewRevision(c.Winner.ID, item, kept.Kind, e.key(), false, kept.Body)
		if err != nil {
			return nil, err
		}
		out = append(out, rev)
	}
	for _, other := range c.Others {
		del, err := annotations.NewDeletion(other)
		if err != nil {
			return nil, err
		}
		out = append(out, del)
	}
	return out, nil
}
