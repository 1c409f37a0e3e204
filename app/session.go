package app

import (
	"errors"
	"slices"
	"sort"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// session is the editing of one annotation set: the set (ed), what is
// selected, the drafts and dialogs open, the undo history and the last
// message. It is plain Go: its commands change it and return an effect,
// what the page then does in the browser (move the focus, clear or place
// the selection, scroll), so that native tests drive it as the page does.
// ArticlePage embeds it.
type session struct {
	ed        *editor
	annotator string
	selected  string
	draft     *draftQuote         // a quote whose speaker is being picked
	stance    *annotations.Stance // a stance being made or edited
	confirm   *pendingDelete      // a deletion that waits for the user's yes
	sheet     bool                // the shortcut sheet is open
	labels    bool                // the label editor is open
	finding   bool                // the find bar is open
	findQuery string              // what was last looked for
	foundAt   int                 // where it was found
	hist      history
	editErr   string
	notice    string
	// cur is the curation of the article when the set is its gold set
	// (curation.go), nil otherwise.
	cur *curationView
	// madeHere holds the IDs of the set's revisions made on this device
	// (a conflict names its versions by where they were made).
	madeHere map[string]bool
	// readOnly says why the set may not be edited, "" when it may: its
	// article is off the list of the project, where the user may not
	// annotate one (api.Access.CanAnnotateUnlisted).
	readOnly string

	// keep has an edit the session committed kept on this device; the
	// page's hands it to the edit writer, a test records it.
	keep func(w *editWrite)
	// keepHistory has the undo history of the set kept on this device
	// after it changed (nil: not kept).
	keepHistory func(setID string, h history)
	// sug is the suggestions shown on the article (suggestions.go).
	sug suggestionState
	// keepRejected has the suggestions rejected on a set kept on this
	// device (nil: not kept).
	keepRejected func(setID string, rejected map[string]bool)
}

// effect is what a command asks the page to do in the browser once it has
// rendered. The zero effect does nothing.
type effect struct {
	// Focus is a selector to give the keyboard focus to, without
	// scrolling the page.
	Focus string
	// Clear is the text selection a command was made from: cleared, unless
	// the user has selected something else since.
	Clear *[2]int
	// Caret, above 0, is where the caret goes, with the focus in the text.
	Caret int
	// PlaceCaret puts the caret at Caret even when it is 0, and scrolls it
	// into view if it is out of sight.
	PlaceCaret bool
	// Reveal is an annotation to scroll into view.
	Reveal string
	// focusEl is an element to give the focus back to (a dialog's opener).
	focusEl app.Value
}

// textSelection is the article's text selection as code point offsets,
// read when a key or button was pressed (has: there is one; a caret alone
// is start == end with has false, start -1 when there is none).
type textSelection struct {
	start, end int
	has        bool
}

// caret returns where the caret (or the selection's start) is, -1 when
// the text has neither.
func (t textSelection) caret() int { return t.start }

// sessionCommands run the page's named commands (keys.go) on a session:
// arg is the command's argument, sel the text selection when it was asked
// for. Moving the caret and finding text are the page's (they are the
// browser's selection).
var sessionCommands = map[string]func(s *session, arg string, sel textSelection) effect{
	cmdLabel: func(s *session, arg string, sel textSelection) effect {
		return s.applyLabel(arg, sel.start, sel.end, sel.has)
	},
	cmdQuote:  func(s *session, _ string, sel textSelection) effect { return s.startQuote(sel.start, sel.end, sel.has) },
	cmdCue:    func(s *session, _ string, sel textSelection) effect { return s.markCue(sel.start, sel.end, sel.has) },
	cmdDirect: func(s *session, _ string, _ textSelection) effect { return s.toggleDirect() },
	cmdStance: func(s *session, _ string, sel textSelection) effect {
		return s.startStance(sel.start, sel.end, sel.has)
	},
	cmdGroup: func(s *session, _ string, _ textSelection) effect { return s.groupSelected() },
	cmdNextSuggestion: func(s *session, _ string, sel textSelection) effect {
		return s.nextSuggestion(sel.start)
	},
	cmdAccept: func(s *session, arg string, sel textSelection) effect {
		if arg != "" { // a panel's button names the suggestion
			return s.acceptSuggestion(s.suggestion(arg), "")
		}
		return s.acceptSuggestion(s.target(sel.caret()), "")
	},
	cmdReject: func(s *session, arg string, sel textSelection) effect {
		if arg != "" {
			return s.rejectSuggestion(s.suggestion(arg))
		}
		return s.rejectSuggestion(s.target(sel.caret()))
	},
	cmdAcceptAll: func(s *session, label string, _ textSelection) effect {
		if label == "" {
			i := s.suggestion(s.sug.chosen)
			if i < 0 {
				s.editErr = "Choose a suggestion first (n), then press A to accept every one with its label."
				return effect{}
			}
			label = s.sug.list[i].Label
		}
		return s.acceptAllOf(label)
	},
	cmdNext:     func(s *session, _ string, _ textSelection) effect { return s.cycle(1) },
	cmdPrevious: func(s *session, _ string, _ textSelection) effect { return s.cycle(-1) },
	cmdLabels: func(s *session, _ string, _ textSelection) effect {
		s.labels = true
		return effect{Focus: "#label-editor .label-name:enabled, #cancel-labels"} // read-only: Cancel
	},
	cmdShortcuts: func(s *session, _ string, _ textSelection) effect {
		s.sheet = !s.sheet
		return effect{Focus: "#shortcut-sheet .dialog"}
	},
	cmdFind: func(s *session, _ string, _ textSelection) effect {
		s.finding = true
		return effect{Focus: "#find-input"}
	},
	cmdDelete: func(s *session, id string, _ textSelection) effect {
		if id == "" {
			id = s.selected
		}
		if id == "" {
			return effect{}
		}
		return s.askDelete(id)
	},
	cmdDeleteYes: func(s *session, _ string, _ textSelection) effect {
		if s.confirm == nil {
			return effect{}
		}
		return s.deleteItem(s.confirm.Item)
	},
	cmdUndo: func(s *session, _ string, _ textSelection) effect { s.undoRedo(false); return effect{} },
	cmdRedo: func(s *session, _ string, _ textSelection) effect { s.undoRedo(true); return effect{} },
	cmdCancel: func(s *session, _ string, _ textSelection) effect {
		// The find bar, the draft quote or the stance form closed (the
		// field that had the focus is gone): back to the text.
		form := (s.finding || s.draft != nil || s.stance != nil) && !s.dialogOpen()
		s.cancel()
		if form {
			return effect{Focus: "#" + articleTextID}
		}
		return effect{}
	},
	cmdClose: func(s *session, name string, _ textSelection) effect { s.close(name); return effect{} },
}

// reset starts the session over for another article: nothing selected,
// open or undoable.
func (s *session) reset() {
	s.selected, s.draft, s.stance, s.confirm, s.hist = "", nil, nil, nil, history{}
	s.sheet, s.labels, s.finding = false, false, false
	s.editErr, s.notice, s.readOnly = "", "", ""
	s.cur = nil
	s.sug = suggestionState{}
}

// dialogOpen reports whether a modal dialog is open.
func (s *session) dialogOpen() bool { return s.confirm != nil || s.sheet || s.labels }

// canEdit says whether edits can be made, telling the user why not.
func (s *session) canEdit() bool {
	if s.ed == nil {
		return false
	}
	if s.annotator == "" {
		s.editErr = "Sign in before annotating."
		return false
	}
	if s.readOnly != "" {
		s.editErr = s.readOnly
		return false
	}
	return true
}

// cancel closes what is open, innermost first: a dialog, the find bar, a
// draft, the selection.
func (s *session) cancel() {
	switch {
	case s.confirm != nil:
		s.confirm = nil
	case s.sheet:
		s.sheet = false
	case s.labels:
		s.labels = false
	case s.finding:
		s.finding = false
	case s.draft != nil:
		s.draft = nil
	case s.stance != nil:
		s.stance = nil
	case s.sug.chosen != "":
		s.sug.chosen = ""
		s.sug.version++
	default:
		s.selected = ""
	}
	s.editErr, s.notice = "", ""
}

// close closes what name names: a dialog ("shortcuts", "labels",
// "confirm"), the find bar ("find"), the stance form ("stance") or the
// draft quote ("draft").
func (s *session) close(name string) {
	switch name {
	case "shortcuts":
		s.sheet = false
	case "labels":
		s.labels = false
	case "confirm":
		s.confirm = nil
	case "find":
		s.finding = false
	case "stance":
		s.stance = nil
	case "draft":
		s.draft = nil
	}
}

// run makes the revisions op returns, commits them and records them for
// undo; it selects what op asks for. It reports whether the edit was
// committed (false too when it made no revisions).
func (s *session) run(op editOp) (effect, bool) {
	if !s.canEdit() {
		return effect{}, false
	}
	revs, err := op.Do(s.ed)
	if err != nil {
		s.editErr = err.Error()
		return effect{}, false
	}
	fx := effect{Clear: op.Clear}
	if len(revs) == 0 || !s.commit(&editWrite{revs: revs, role: roleEdit, edit: revs}) {
		return fx, false
	}
	s.hist.record(revs)
	s.historyChanged()
	switch {
	case op.Select != "":
		s.selected = op.Select
	case op.SelectFirst:
		s.selected = revs[0].Item
	}
	fx.Caret = op.Caret
	return fx, true
}

// commit shows the edit w at once (applies it to the set) and has it kept.
// It reports whether the edit is shown.
func (s *session) commit(w *editWrite) bool {
	ed := s.ed
	w.what, w.refs = ed.describeWrite(w), refsOf(w.revs)
	if err := ed.apply(w.revs...); err != nil {
		s.editErr = err.Error()
		return false
	}
	s.editErr, s.notice = "", ""
	if s.madeHere == nil {
		s.madeHere = map[string]bool{}
	}
	for _, r := range w.revs {
		s.madeHere[r.ID] = true
	}
	s.dropTaken(w.revs)
	if s.keep != nil {
		s.keep(w)
	}
	return true
}

// historyChanged has the undo history kept.
func (s *session) historyChanged() {
	if s.keepHistory != nil && s.ed != nil {
		s.keepHistory(s.ed.key().ID(), s.hist)
	}
}

// applyLabel tags the selected text [start, end) (has: there is one) with
// label, or relabels the selected mention when no text is selected.
func (s *session) applyLabel(label string, start, end int, has bool) effect {
	if !s.canEdit() {
		return effect{}
	}
	if has {
		fx, _ := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) {
			rev, ok, err := e.tag(start, end, label)
			if !ok {
				return nil, err
			}
			return []annotations.Revision{rev}, err
		}, SelectFirst: true, Clear: &[2]int{start, end}, Caret: end})
		return fx
	}
	if i := s.suggestion(s.sug.chosen); i >= 0 && !s.sug.list[i].Quote {
		return s.acceptSuggestion(i, label) // the chosen suggestion, with this label
	}
	if s.ed.kindOf(s.selected) == annotations.KindEntity {
		id := s.selected
		fx, _ := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) {
			rev, ok, err := e.relabel(id, label)
			if !ok {
				return nil, err
			}
			return []annotations.Revision{rev}, err
		}})
		return fx
	}
	s.editErr = "Select some text first, then press a label's key or button."
	return effect{}
}

// undoRedo undoes the last edit, or redoes the last undone one.
func (s *session) undoRedo(redo bool) {
	if !s.canEdit() {
		return
	}
	var (
		revs []annotations.Revision
		err  error
		w    = &editWrite{role: roleUndo}
	)
	if redo {
		revs, err = s.hist.redo(s.ed)
		w.role = roleRedo
	} else {
		revs, err = s.hist.undo(s.ed)
	}
	if err != nil {
		s.notice, s.editErr = err.Error()+".", ""
		return
	}
	w.revs, w.edit = revs, s.hist.moved(redo)
	s.draft, s.confirm = nil, nil
	if len(revs) > 0 && s.commit(w) {
		if s.ed.kindOf(revs[0].Item) != "" {
			s.selected = revs[0].Item
		} else if s.ed.kindOf(s.selected) == "" {
			s.selected = ""
		}
	}
	s.historyChanged()
	if redo {
		s.notice = "Redone."
	} else {
		s.notice = "Undone (Ctrl+Shift+Z redoes)."
	}
}

// selectItem selects the annotation id (a stance opens in its form); while
// a quote's speaker is being picked, a mention or group picks it instead.
func (s *session) selectItem(id string) effect {
	if s.draft != nil && s.ed != nil {
		if k := s.ed.kindOf(id); k == annotations.KindEntity || k == annotations.KindGroup {
			return s.pickSpeaker(speakerRef(k, id))
		}
	}
	s.selected, s.editErr, s.notice = id, "", ""
	if s.ed != nil && s.ed.kindOf(id) == annotations.KindStance {
		if st, ok := s.ed.stance(id); ok {
			s.stance = &st
		}
	} else {
		s.stance = nil
	}
	return effect{Reveal: id}
}

// cycle selects the next (dir 1) or previous (-1) mention or quote in text
// order.
func (s *session) cycle(dir int) effect {
	order := s.textOrder()
	if len(order) == 0 {
		s.notice = "No annotations yet."
		return effect{}
	}
	i := slices.Index(order, s.selected)
	switch {
	case i < 0 && dir > 0:
		i = 0
	case i < 0:
		i = len(order) - 1
	default:
		i = (i + dir + len(order)) % len(order)
	}
	return s.selectItem(order[i])
}

// textOrder lists the IDs of the set's mentions and quotes in text order
// (by start, the longer first).
func (s *session) textOrder() []string {
	type at struct {
		id         string
		start, end int
	}
	var all []at
	for _, e := range s.ed.set.Entities {
		all = append(all, at{e.ID, e.Start, e.End})
	}
	for _, q := range s.ed.set.Quotes {
		all = append(all, at{q.ID, q.Content.Start, q.Content.End})
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].start != all[j].start {
			return all[i].start < all[j].start
		}
		return all[i].end > all[j].end
	})
	out := make([]string, len(all))
	for i, a := range all {
		out[i] = a.id
	}
	return out
}

// pendingDelete is a deletion of an item that others refer to, waiting for
// the user to confirm it.
type pendingDelete struct {
	Item string
	Refs []string // what refers to it, in words
}

// askDelete deletes id at once when nothing refers to it, else asks first.
func (s *session) askDelete(id string) effect {
	if s.ed == nil {
		return effect{}
	}
	var refs []string
	for _, r := range s.ed.set.ReferencesTo(id) {
		refs = append(refs, describeReference(s.ed, r))
	}
	if len(refs) > 0 {
		s.confirm = &pendingDelete{Item: id, Refs: refs}
		return effect{Focus: "#confirm-delete-no"}
	}
	return s.deleteItem(id)
}

// deleteItem deletes id; what referred to it is flagged for review.
func (s *session) deleteItem(id string) effect {
	s.confirm = nil
	fx, ok := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) {
		rev, err := e.removeItem(id)
		return []annotations.Revision{rev}, err
	}})
	if ok {
		if s.selected == id {
			s.selected = ""
		}
		if s.stance != nil && s.stance.ID == id {
			s.stance = nil
		}
	}
	return fx
}

// saveSchema saves the labels as the project's schema (the label editor's
// Save; manager says the user manages the project) and closes the editor;
// a schema the set cannot have, or a user who does not manage it, leaves it open,
// the reason in editErr (shown in the dialog).
func (s *session) saveSchema(schema annotations.Schema, manager bool) effect {
	fx, ok := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) {
		if !manager {
			return nil, errors.New("only the project's managers change its labels: ask one of them")
		}
		rev, err := e.putSchema(schema)
		return []annotations.Revision{rev}, err
	}})
	if ok {
		s.labels = false
		s.notice = "Labels saved."
	}
	return fx
}

// resolveConflict keeps the version c.Keep of an item in conflict.
func (s *session) resolveConflict(c conflictChoice) effect {
	fx, _ := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) { return e.resolve(c.Item, c.Keep) }})
	return fx
}

// dropFailed takes the edits the device could not keep (a write and the
// later ones dropped with it) off the set and out of the undo history, and
// names the change that failed. It reports false when the set could not be
// resolved without them: the page then reads it from the device again.
func (s *session) dropFailed(w *editWrite, dropped []*editWrite, err error) bool {
	all := append([]*editWrite{w}, dropped...)
	gone := map[string]bool{}
	for _, d := range all {
		for _, r := range d.revs {
			gone[r.ID] = true
		}
	}
	ok := true
	if ed := s.ed; ed != nil && slices.ContainsFunc(ed.revs, func(r annotations.Revision) bool { return gone[r.ID] }) {
		keep := slices.DeleteFunc(slices.Clone(ed.revs), func(r annotations.Revision) bool { return gone[r.ID] })
		if err := ed.reset(keep); err != nil {
			ok = false
		}
		if ed.kindOf(s.selected) == "" {
			s.selected = ""
		}
	}
	for i := len(all) - 1; i >= 0; i-- {
		s.hist.dropWrite(all[i].role, all[i].edit)
	}
	s.historyChanged()
	s.editErr = "Could not save: " + w.what + " — " + err.Error()
	if len(dropped) > 0 {
		s.editErr += " (nor " + formatCount(len(dropped), "later change") + " made on top of it)"
	}
	return ok
}
