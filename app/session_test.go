package app

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// newTestSession is a session on text as annotator, recording the edits it
// has kept and the histories it has had kept.
func newTestSession(t *testing.T, text string) (*session, *[]*editWrite, *[]history) {
	t.Helper()
	var kept []*editWrite
	var hists []history
	s := &session{ed: newTestEditor(t, text, "ana"), annotator: "ana"}
	s.keep = func(w *editWrite) { kept = append(kept, w) }
	s.keepHistory = func(setID string, h history) {
		if want := (annotations.SetKey{ArticleID: s.ed.article.ID, Annotator: "ana"}).ID(); setID != want {
			t.Errorf("history kept for set %s, want %s", setID, want)
		}
		hists = append(hists, h)
	}
	return s, &kept, &hists
}

// run runs the command name as a key or button does.
func (s *session) runNamed(name, arg string, sel textSelection) effect {
	return sessionCommands[name](s, arg, sel)
}

// TestSessionQuoteCueUndo drives a session as the keys do: tag, quote with
// a speaker, cue, undo and redo; each step's effect is what the page must
// do, and every edit is kept, with its history.
func TestSessionQuoteCueUndo(t *testing.T) {
	const text = `Rex Tillerson said: "We will not back down."`
	s, kept, hists := newTestSession(t, text)

	fx := s.runNamed(cmdLabel, "PER", textSelection{0, 13, true})
	if len(s.ed.set.Entities) != 1 || s.selected != s.ed.set.Entities[0].ID {
		t.Fatalf("after 1: %d mentions, selected %q", len(s.ed.set.Entities), s.selected)
	}
	if fx.Caret != 13 || fx.Clear == nil || *fx.Clear != [2]int{0, 13} {
		t.Errorf("tag effect %+v: want the caret at 13 and the selection 0-13 cleared", fx)
	}
	per := s.selected

	// q without a selection says what to do; with one it drafts the quote
	// and sends the focus to the speaker field.
	if fx := s.runNamed(cmdQuote, "", textSelection{}); fx.Focus != "" || s.draft != nil || s.editErr == "" {
		t.Errorf("q with nothing selected: effect %+v, draft %v, message %q", fx, s.draft, s.editErr)
	}
	fx = s.runNamed(cmdQuote, "", textSelection{20, 44, true})
	if s.draft == nil || fx.Focus != "#speaker-input" {
		t.Fatalf("q: draft %v, effect %+v", s.draft, fx)
	}
	// Clicking the mention picks it as the speaker.
	s.selectItem(per)
	if s.draft != nil || len(s.ed.set.Quotes) != 1 || s.selected != s.ed.set.Quotes[0].ID {
		t.Fatalf("picking the speaker: draft %v, quotes %d", s.draft, len(s.ed.set.Quotes))
	}
	s.runNamed(cmdCue, "", textSelection{14, 18, true})
	if q := s.ed.set.Quotes[0]; q.Cue == nil || q.Cue.Exact != "said" {
		t.Fatalf("cue: %+v (%s)", q.Cue, s.editErr)
	}
	if len(*kept) != 3 {
		t.Errorf("%d edits kept, want 3", len(*kept))
	}

	s.runNamed(cmdUndo, "", textSelection{})
	if s.ed.set.Quotes[0].Cue != nil {
		t.Error("undo left the cue")
	}
	s.runNamed(cmdRedo, "", textSelection{})
	if s.ed.set.Quotes[0].Cue == nil {
		t.Error("redo did not make the cue again")
	}
	if len(*kept) != 5 || len(*hists) != 5 {
		t.Errorf("%d edits and %d histories kept, want 5 each", len(*kept), len(*hists))
	}
	// The history kept last undoes as the session's does: after a reload
	// (decoded from the device), undo takes the cue away again.
	b, err := encodeHistory((*hists)[len(*hists)-1])
	if err != nil {
		t.Fatal(err)
	}
	s.hist = decodeHistory(b)
	s.runNamed(cmdUndo, "", textSelection{})
	if s.ed.set.Quotes[0].Cue != nil {
		t.Error("undo with the history read back from the device left the cue")
	}
}

// TestSessionStanceStartsEmpty: a new stance has no polarity, and the
// focus goes to its first empty field: the target when the holder came
// from the selection.
func TestSessionStanceStartsEmpty(t *testing.T) {
	s, _, _ := newTestSession(t, `Rex Tillerson said: "We will not back down."`)
	s.runNamed(cmdLabel, "PER", textSelection{0, 13, true})
	fx := s.runNamed(cmdStance, "", textSelection{})
	if s.stance == nil || s.stance.Polarity != "" || s.stance.Holder.Kind != annotations.RefEntity {
		t.Fatalf("stance draft %+v: want the mention as holder, no polarity", s.stance)
	}
	if fx.Focus != "#stance-target" {
		t.Errorf("focus %q, want #stance-target (the holder is filled)", fx.Focus)
	}
	for _, tt := range []struct {
		st   annotations.Stance
		want string
	}{
		{annotations.Stance{}, "#stance-holder"},
		{annotations.Stance{Holder: annotations.Holder{Kind: annotations.RefArticle}, Target: annotations.Target{Kind: annotations.RefTopic, Topic: "x"}}, "#stance-polarity button"},
		{annotations.Stance{Holder: annotations.Holder{Kind: annotations.RefArticle}, Target: annotations.Target{Kind: annotations.RefTopic, Topic: "x"}, Polarity: "NONE"}, "#save-stance"},
	} {
		if got := firstEmptyStanceField(tt.st); got != tt.want {
			t.Errorf("firstEmptyStanceField(%+v) = %q, want %q", tt.st, got, tt.want)
		}
	}
}

// TestCancelGivesTheTextTheFocus: Escape that closes the find bar, the
// draft quote or the stance form (whose field had the focus) gives the
// focus to the text; one that closes a dialog leaves it to the dialog's
// opener, and one that only deselects moves nothing.
func TestCancelGivesTheTextTheFocus(t *testing.T) {
	const text = `Rex Tillerson said: "We will not back down."`
	for _, tt := range []struct {
		name string
		open func(s *session)
		want string
	}{
		{"find bar", func(s *session) { s.runNamed(cmdFind, "", textSelection{}) }, "#" + articleTextID},
		{"draft quote", func(s *session) { s.runNamed(cmdQuote, "", textSelection{20, 44, true}) }, "#" + articleTextID},
		{"stance form", func(s *session) { s.runNamed(cmdStance, "", textSelection{}) }, "#" + articleTextID},
		{"stance form under the shortcuts", func(s *session) {
			s.runNamed(cmdStance, "", textSelection{})
			s.runNamed(cmdShortcuts, "", textSelection{})
		}, ""},
		{"nothing but a selected mention", func(*session) {}, ""},
	} {
		s, _, _ := newTestSession(t, text)
		s.runNamed(cmdLabel, "PER", textSelection{0, 13, true})
		tt.open(s)
		if fx := s.runNamed(cmdCancel, "", textSelection{}); fx.Focus != tt.want {
			t.Errorf("%s: Escape's focus %q, want %q", tt.name, fx.Focus, tt.want)
		}
	}
}

// TestSessionCancelAndDelete: Escape closes the innermost thing open; a
// deletion of a referred-to item waits for a yes, with the focus on "keep".
func TestSessionCancelAndDelete(t *testing.T) {
	s, _, _ := newTestSession(t, `Rex Tillerson said: "We will not back down."`)
	s.runNamed(cmdLabel, "PER", textSelection{0, 13, true})
	per := s.selected
	s.runNamed(cmdQuote, "", textSelection{20, 44, true})
	s.selectItem(per)
	s.selectItem(per)
	s.runNamed(cmdShortcuts, "", textSelection{})
	fx := s.runNamed(cmdDelete, "", textSelection{})
	if s.confirm == nil || fx.Focus != "#confirm-delete-no" {
		t.Fatalf("delete of a speaker: confirm %v, effect %+v", s.confirm, fx)
	}
	s.cancel()
	if s.confirm != nil || !s.sheet {
		t.Errorf("Escape: confirm %v, sheet %v; want the confirmation closed first", s.confirm, s.sheet)
	}
	s.cancel()
	s.cancel()
	if s.sheet || s.selected != "" {
		t.Errorf("Escape twice more: sheet %v, selected %q", s.sheet, s.selected)
	}
	s.runNamed(cmdDelete, per, textSelection{})
	s.runNamed(cmdDeleteYes, "", textSelection{})
	if len(s.ed.set.Entities) != 0 {
		t.Errorf("%d mentions after the confirmed deletion", len(s.ed.set.Entities))
	}
}

// TestSessionStanceCommands: the stance form's commands change the draft
// (a new pointer each time), a save without a polarity is refused, and one
// with a polarity is saved and gives the text the focus back.
func TestSessionStanceCommands(t *testing.T) {
	s, kept, _ := newTestSession(t, `Rex Tillerson said: "We will not back down."`)
	s.runNamed(cmdLabel, "PER", textSelection{0, 13, true})
	s.runNamed(cmdQuote, "", textSelection{20, 44, true})
	s.selectItem(s.ed.set.Entities[0].ID)
	quote := s.ed.set.Quotes[0].ID
	s.runNamed(cmdStance, "", textSelection{})
	before := s.stance
	s.runNamed(cmdStanceAddQuote, quote, textSelection{})
	s.runNamed(cmdStanceAddQuote, quote, textSelection{}) // once only
	s.runNamed(cmdStanceAddText, "", textSelection{14, 18, true})
	if s.stance == before || len(s.stance.Evidence) != 2 || s.stance.Evidence[1].Span.Exact != "said" {
		t.Fatalf("evidence %+v (same draft pointer: %v)", s.stance.Evidence, s.stance == before)
	}
	s.runNamed(cmdStanceRemoveEvidence, "0", textSelection{})
	if len(s.stance.Evidence) != 1 || s.stance.Evidence[0].Kind != annotations.RefSpan {
		t.Fatalf("after removing the first: %+v", s.stance.Evidence)
	}
	n := len(*kept)
	if fx := s.runNamed(cmdSaveStance, "", textSelection{}); len(*kept) != n || len(s.ed.set.Stances) != 0 || fx.Focus != "#stance-polarity button" {
		t.Fatalf("a save without a polarity: %d stances, effect %+v", len(s.ed.set.Stances), fx)
	}
	s.runNamed(cmdStancePolarity, "AGAINST", textSelection{})
	s.stance.Target = annotations.Target{Kind: annotations.RefTopic, Topic: "the talks"}
	fx := s.runNamed(cmdSaveStance, "", textSelection{})
	if len(s.ed.set.Stances) != 1 || s.ed.set.Stances[0].Polarity != "AGAINST" || fx.Focus != "#article-text" {
		t.Errorf("save: %+v, effect %+v (%s)", s.ed.set.Stances, fx, s.editErr)
	}
}

// TestSessionSaveSchema: a schema with a reserved key is refused and the
// label editor stays open with the reason, and so is any schema of a user
// who does not manage the project; a manager's good one is saved as the
// project's schema and closes it.
func TestSessionSaveSchema(t *testing.T) {
	s, kept, _ := newTestSession(t, "Rex Tillerson said.")
	s.runNamed(cmdLabels, "", textSelection{})
	bad := annotations.DefaultSchema()
	bad.EntityLabels[1].Key = "g"
	s.saveSchema(bad, true)
	if !s.labels || len(*kept) != 0 || !strings.Contains(s.editErr, `"g"`) {
		t.Fatalf("a reserved key: editor open %v, %d kept, message %q", s.labels, len(*kept), s.editErr)
	}
	good := annotations.DefaultSchema()
	good.EntityLabels[1].Key = "9"
	s.saveSchema(good, false)
	if !s.labels || len(*kept) != 0 || !strings.Contains(s.editErr, "only the project's managers") {
		t.Fatalf("an annotator's schema: editor open %v, %d kept, message %q", s.labels, len(*kept), s.editErr)
	}
	s.saveSchema(good, true)
	if s.labels || len(*kept) != 1 || s.notice != "Labels saved." {
		t.Fatalf("a good schema: editor open %v, %d kept, notice %q (%s)", s.labels, len(*kept), s.notice, s.editErr)
	}
	if l, ok := s.ed.set.Schema.LabelForKey("9"); !ok || l.Name != "ORG" {
		t.Errorf("the set's schema gives 9 to %+v, %v; want ORG", l, ok)
	}
	if h, ok := s.ed.head(annotations.ProjectSchemaItemID(s.ed.project)); !ok || !h.Key().IsProject() {
		t.Errorf("the saved schema is not the project's: %+v, %v", h, ok)
	}
}
