package app

import (
	"slices"
	"strconv"

	"github.com/gloss-annotate/gloss/annotations"
)

// The stance form's commands: the form sends them by name, the session
// changes its stance draft (a new pointer each time, so that the form sees
// the change) or saves it.
const (
	cmdStancePolarity       = "stance-polarity"        // Arg: the polarity
	cmdStanceAddText        = "stance-add-text"        // the selected text as evidence
	cmdStanceAddQuote       = "stance-add-quote"       // Arg: the quote's ID
	cmdStanceRemoveEvidence = "stance-remove-evidence" // Arg: its index
)

func init() {
	sessionCommands[cmdStancePolarity] = func(s *session, pol string, _ textSelection) effect {
		s.changeStance(func(st *annotations.Stance) { st.Polarity = pol })
		return effect{}
	}
	sessionCommands[cmdStanceAddText] = func(s *session, _ string, sel textSelection) effect { return s.addStanceText(sel) }
	sessionCommands[cmdStanceAddQuote] = func(s *session, id string, _ textSelection) effect {
		s.changeStance(func(st *annotations.Stance) {
			if !slices.ContainsFunc(st.Evidence, func(x annotations.Evidence) bool { return x.ID == id }) {
				st.Evidence = append(st.Evidence, annotations.Evidence{Kind: annotations.RefQuote, ID: id})
			}
		})
		return effect{}
	}
	sessionCommands[cmdStanceRemoveEvidence] = func(s *session, arg string, _ textSelection) effect {
		s.changeStance(func(st *annotations.Stance) {
			if i, err := strconv.Atoi(arg); err == nil && i >= 0 && i < len(st.Evidence) {
				st.Evidence = slices.Delete(st.Evidence, i, i+1)
			}
		})
		return effect{}
	}
	sessionCommands[cmdSaveStance] = func(s *session, _ string, _ textSelection) effect { return s.saveStance() }
}

// changeStance edits a copy of the stance draft with f.
func (s *session) changeStance(f func(st *annotations.Stance)) {
	if s.stance == nil {
		return
	}
	st := *s.stance
	st.Evidence = slices.Clone(st.Evidence)
	f(&st)
	s.stance = &st
}

// addStanceText adds the selected text to the stance draft's evidence.
func (s *session) addStanceText(sel textSelection) effect {
	if s.stance == nil || s.ed == nil {
		return effect{}
	}
	if !sel.has {
		s.editErr = "Select the evidence in the text first."
		return effect{}
	}
	a, b := s.ed.trimSpan(sel.start, sel.end)
	span, err := annotations.NewSpan(s.ed.text, a, b)
	if err != nil {
		s.editErr = err.Error()
		return effect{}
	}
	s.changeStance(func(st *annotations.Stance) {
		st.Evidence = append(st.Evidence, annotations.Evidence{Kind: annotations.RefSpan, Span: &span})
	})
	return effect{Clear: &[2]int{sel.start, sel.end}}
}

// saveStance saves the stance being made or edited, then gives the text
// the keys back. Without a polarity it is refused: the form says so beside
// the polarity before sending this, and the session does not save one
// either. Nor one without a target, which the form refuses too and the
// stance's validation (editor.put, annotations.Stance.Validate) here.
func (s *session) saveStance() effect {
	if s.stance == nil {
		return effect{}
	}
	draft := *s.stance
	if draft.Polarity == "" {
		s.editErr = "Choose a polarity before saving."
		return effect{Focus: "#stance-polarity button"}
	}
	if draft.ID == "" {
		draft.ID = newItemID()
	}
	fx, ok := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) {
		if old, ok := e.stance(draft.ID); ok && sameStance(old, draft) {
			return nil, nil
		}
		rev, err := e.putStance(draft)
		return []annotations.Revision{rev}, err
	}, Select: draft.ID})
	if ok {
		s.stance = &draft
		s.notice = "Stance saved."
		fx.Focus = "#" + articleTextID // back to the text, for the next key
	}
	return fx
}
