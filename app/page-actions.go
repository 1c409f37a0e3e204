package app

import (
	"fmt"
	"slices"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Actions the article page's panels send to it.
const (
	// actionEdit carries an editOp: an edit of the annotation set.
	actionEdit = "edit"
	// actionUI carries a uiOp: a change of what the page shows.
	actionUI = "page-ui"
	// actionCommand carries a command: one of the page's named commands
	// (keys.go), the same a key runs.
	actionCommand = "page-command"
)

// editOp is an edit a panel asks for: Do returns the revisions that make it
// (checked against the set), which the page commits and records for undo.
type editOp struct {
	Do          func(e *editor) ([]annotations.Revision, error)
	Select      string // the item to select afterwards
	SelectFirst bool   // select the first revision's item afterwards
	// Clear, when set, is the text selection the edit was made from: it is
	// cleared once done, unless the user has selected something else since.
	Clear *[2]int
	// Caret, when above 0, is where the caret goes once the edit is on
	// screen (the end of what was selected), with the focus in the text.
	Caret int
	After func(p *ArticlePage)
	// Unchanged, when set, runs when the edit changed nothing (refused,
	// or nothing to change), with the set as it is: a field the edit came
	// from shows the item again, since go-app sees nothing to render.
	Unchanged func(e *editor)
}

// uiOp changes what the article page shows (a draft, a dialog, the
// selection), on the UI goroutine.
type uiOp func(ctx app.Context, p *ArticlePage)

// sendEdit asks the page for an edit.
func sendEdit(ctx app.Context, op editOp) { ctx.NewActionWithValue(actionEdit, op) }

// sendCommand asks the page to run the command name, with arg.
func sendCommand(ctx app.Context, name, arg string) {
	ctx.NewActionWithValue(actionCommand, command{Name: name, Arg: arg})
}

// sendUI asks the page to change what it shows.
func sendUI(ctx app.Context, op uiOp) { ctx.NewActionWithValue(actionUI, op) }

// speakerRef returns the reference to an entity mention or a group.
func speakerRef(k annotations.Kind, id string) annotations.Ref {
	if k == annotations.KindGroup {
		return annotations.Ref{Kind: annotations.RefGroup, ID: id}
	}
	return annotations.Ref{Kind: annotations.RefEntity, ID: id}
}

// startQuote starts a quote of the selected text: the side panel then asks
// for its speaker.
func (s *session) startQuote(start, end int, has bool) effect {
	if !s.canEdit() {
		return effect{}
	}
	if !has {
		s.editErr = "Select the quoted text first, then press q (or the Quote button)."
		return effect{}
	}
	d, err := s.ed.newDraftQuote(start, end)
	if err != nil {
		s.editErr = err.Error()
		return effect{}
	}
	s.draft, s.stance, s.editErr = &d, nil, ""
	s.notice = "Now pick the speaker: type a name in the side panel, or click a mention in the text."
	return effect{Clear: &[2]int{start, end}, Focus: "#speaker-input"}
}

// pickSpeaker makes the draft quote (or the selected quote) the words of
// speaker.
func (s *session) pickSpeaker(speaker annotations.Ref) effect {
	if d := s.draft; d != nil {
		fx, ok := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) {
			rev, err := e.createQuote(*d, speaker)
			return []annotations.Revision{rev}, err
		}, SelectFirst: true, Caret: d.End})
		if ok {
			s.draft = nil
			s.notice = "Quote made. Select its cue (\"said\") and press c; d toggles direct."
		}
		return fx
	}
	if s.ed == nil || s.ed.kindOf(s.selected) != annotations.KindQuote {
		return effect{}
	}
	id := s.selected
	fx, _ := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) {
		rev, ok, err := e.setSpeaker(id, speaker)
		if !ok {
			return nil, err
		}
		return []annotations.Revision{rev}, err
	}})
	return fx
}

// markCue makes the selected text the cue of the selected quote.
func (s *session) markCue(start, end int, has bool) effect {
	if !s.canEdit() {
		return effect{}
	}
	if s.ed.kindOf(s.selected) != annotations.KindQuote {
		s.editErr = "Select a quote first (click it, or ] to move to it), then select its cue and press c (or the Cue button)."
		return effect{}
	}
	if !has {
		s.editErr = "Select the cue's text (\"said\", \"accused\"), then press c (or the Cue button)."
		return effect{}
	}
	id := s.selected
	fx, _ := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) {
		rev, err := e.setCue(id, start, end)
		return []annotations.Revision{rev}, err
	}, Clear: &[2]int{start, end}, Caret: end})
	return fx
}

// toggleDirect flips the selected quote (or draft) between direct and
// indirect.
func (s *session) toggleDirect() effect {
	if s.draft != nil {
		d := *s.draft
		d.Direct = !d.Direct
		s.draft = &d
		return effect{}
	}
	q, ok := s.ed.quote(s.selected)
	if !ok {
		s.editErr = "Select a quote first, then press d."
		return effect{}
	}
	fx, _ := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) {
		rev, err := e.setDirect(q.ID, !q.Direct)
		return []annotations.Revision{rev}, err
	}})
	return fx
}

// startStance opens the stance form for a new stance, filled in from what
// is selected: a quote is its evidence and its speaker the holder; a
// mention (or its group) the holder; selected text the evidence. No
// polarity is chosen: the user chooses one. The focus goes to the form's
// first empty field.
func (s *session) startStance(start, end int, has bool) effect {
	if !s.canEdit() {
		return effect{}
	}
	st := annotations.Stance{Holder: annotations.Holder{Kind: annotations.RefArticle},
		Target: annotations.Target{Kind: annotations.RefTopic}}
	switch s.ed.kindOf(s.selected) {
	case annotations.KindQuote:
		st.Holder = annotations.Holder{Kind: annotations.RefQuoteSpeaker, ID: s.selected}
		st.Evidence = append(st.Evidence, annotations.Evidence{Kind: annotations.RefQuote, ID: s.selected})
	case annotations.KindEntity:
		if g, ok := s.ed.groupOf(s.selected); ok {
			st.Holder = annotations.Holder{Kind: annotations.RefGroup, ID: g.ID}
		} else {
			st.Holder = annotations.Holder{Kind: annotations.RefEntity, ID: s.selected}
		}
	case annotations.KindGroup:
		st.Holder = annotations.Holder{Kind: annotations.RefGroup, ID: s.selected}
	}
	fx := effect{}
	if has {
		if a, b := s.ed.trimSpan(start, end); a < b {
			if span, err := annotations.NewSpan(s.ed.text, a, b); err == nil {
				st.Evidence = append(st.Evidence, annotations.Evidence{Kind: annotations.RefSpan, Span: &span})
			}
		}
		fx.Clear = &[2]int{start, end}
	}
	s.stance, s.draft, s.editErr = &st, nil, ""
	s.notice = "New stance: choose its holder, target and polarity in the side panel, then Save."
	fx.Focus = firstEmptyStanceField(st)
	return fx
}

// firstEmptyStanceField returns the selector of the stance form's first
// field st leaves empty (the holder has a value from the start: the
// article, or what was selected).
func firstEmptyStanceField(st annotations.Stance) string {
	switch {
	case st.Holder.Kind == "":
		return "#stance-holder"
	case st.Target.Kind == annotations.RefTopic && st.Target.Topic == "":
		return "#stance-target"
	case st.Polarity == "":
		return "#stance-polarity button"
	}
	return "#save-stance"
}

// groupSelected puts the selected mention in a new group named after it,
// or, when it is in a group already, selects the group.
func (s *session) groupSelected() effect {
	if !s.canEdit() {
		return effect{}
	}
	id := s.selected
	if s.ed.kindOf(id) != annotations.KindEntity {
		s.editErr = "Select a mention first, then press g to group it."
		return effect{}
	}
	if g, ok := s.ed.groupOf(id); ok {
		return s.selectItem(g.ID)
	}
	fx, ok := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) { return e.joinGroup(id, "") }})
	if ok {
		s.notice = "Group made. Add other mentions from their details in the side panel."
	}
	return fx
}

// focusRequests counts the requests to move the keyboard focus once the
// page has rendered (focusSoon, the caret an edit puts back into the text).
// Their tasks need not run in the order they were made: a request whose
// task finds a later one made gives up, so the last request wins. Used on
// the UI goroutine only.
var focusRequests int

// requestFocus records a request to move the focus later; the function it
// returns reports whether the request is still the latest.
func requestFocus() (latest func() bool) {
	focusRequests++
	n := focusRequests
	return func() bool { return focusRequests == n }
}

// focusSoon focuses the element selector names once the page has rendered,
// unless a later request to move the focus was made meanwhile. A field is
// scrolled into view as little as it takes (the side panel scrolls on its
// own): one opened below the fold would be typed into unseen. The text is
// not: it is taller than the window, and no key moves the page. A field's
// words are selected, so that what the user types replaces them (the find
// field keeps the last search, a form's name field its name).
func focusSoon(ctx app.Context, selector string) {
	latest := requestFocus()
	ctx.Defer(func(ctx app.Context) {
		ctx.After(0, func(ctx app.Context) {
			ctx.PreventUpdate() // focusing renders nothing
			if !latest() {
				return
			}
			if el := app.Window().Get("document").Call("querySelector", selector); el.Truthy() {
				el.Call("focus", map[string]any{"preventScroll": true})
				if selector != "#"+articleTextID {
					el.Call("scrollIntoView", map[string]any{"block": "nearest"})
				}
				if el.Get("tagName").String() == "INPUT" {
					el.Call("select")
				}
			}
		})
	})
}

// focusElementSoon gives el the focus back once the page has rendered
// (without scrolling), unless a later request to move the focus was made;
// an element gone from the page gives it to the article's text.
func focusElementSoon(ctx app.Context, el app.Value) {
	latest := requestFocus()
	ctx.Defer(func(ctx app.Context) {
		ctx.After(0, func(ctx app.Context) {
			ctx.PreventUpdate()
			if !latest() {
				return
			}
			if !el.Get("isConnected").Bool() || el.Equal(app.Window().Get("document").Get("body")) {
				el = app.Window().GetElementByID(articleTextID)
			}
			if el.Truthy() {
				el.Call("focus", map[string]any{"preventScroll": true})
			}
		})
	})
}

// linkedTo returns the items linked to item id, to show with it: a quote's
// speaker (a group's members) and cue; a mention's quotes; a stance's
// holder, target and evidence; a group's members.
func (s *session) linkedTo(id string) []string {
	if id == "" || s.ed == nil {
		return nil
	}
	e := s.ed
	var out []string
	ref := func(kind annotations.RefKind, rid string) {
		switch kind {
		case annotations.RefEntity, annotations.RefQuote:
			out = append(out, rid)
		case annotations.RefGroup:
			if g, ok := e.group(rid); ok {
				out = append(out, g.Members...)
			}
		case annotations.RefQuoteSpeaker:
			if q, ok := e.quote(rid); ok {
				out = append(out, rid)
				if q.Speaker.Kind == annotations.RefGroup {
					if g, ok := e.group(q.Speaker.ID); ok {
						out = append(out, g.Members...)
					}
				} else {
					out = append(out, q.Speaker.ID)
				}
			}
		}
	}
	switch e.kindOf(id) {
	case annotations.KindQuote:
		q, _ := e.quote(id)
		ref(q.Speaker.Kind, q.Speaker.ID)
	case annotations.KindEntity:
		g, inGroup := e.groupOf(id)
		for _, q := range e.set.Quotes {
			if (q.Speaker.Kind == annotations.RefEntity && q.Speaker.ID == id) || (inGroup && q.Speaker.Kind == annotations.RefGroup && q.Speaker.ID == g.ID) {
				out = append(out, q.ID)
			}
		}
	case annotations.KindStance:
		st, _ := e.stance(id)
		ref(st.Holder.Kind, st.Holder.ID)
		ref(st.Target.Kind, st.Target.ID)
		for _, ev := range st.Evidence {
			ref(ev.Kind, ev.ID)
		}
	case annotations.KindGroup:
		g, _ := e.group(id)
		out = append(out, g.Members...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// describeReference says in words which item refers to another, for the
// delete confirmation.
func describeReference(e *editor, r annotations.Reference) string {
	switch r.Kind {
	case annotations.KindQuote:
		if q, ok := e.quote(r.From); ok {
			return fmt.Sprintf("the quote %s (its %s)", quoted(q.Content.Exact, 50), r.Field)
		}
	case annotations.KindStance:
		if st, ok := e.stance(r.From); ok {
			return fmt.Sprintf("the stance %s (its %s)", describeStance(e, st), r.Field)
		}
	case annotations.KindGroup:
		if g, ok := e.group(r.From); ok {
			return fmt.Sprintf("the group %s (a member)", g.Name)
		}
	}
	return fmt.Sprintf("%s %s", r.Kind, r.From)
}

// describeStance says a stance in a line: holder, polarity, target.
func describeStance(e *editor, st annotations.Stance) string {
	target := st.Target.Topic
	if st.Target.Kind != annotations.RefTopic {
		target = e.refName(st.Target.Kind, st.Target.ID)
	}
	return fmt.Sprintf("%s — %s — %s", e.refName(st.Holder.Kind, st.Holder.ID), st.Polarity, target)
}

// describeRevision says what a revision sets, for the conflicts list.
func describeRevision(e *editor, r annotations.Revision) string {
	switch r.Kind {
	case annotations.KindEntity:
		if en, err := r.Entity(); err == nil {
			return en.Label + " " + en.Exact
		}
	case annotations.KindQuote:
		if q, err := r.Quote(); err == nil {
			return quoted(q.Content.Exact, 50) + " by " + e.refName(q.Speaker.Kind, q.Speaker.ID)
		}
	case annotations.KindStance:
		if st, err := r.Stance(); err == nil {
			return describeStance(e, st)
		}
	case annotations.KindGroup:
		if g, err := r.Group(); err == nil {
			return fmt.Sprintf("%s (%d members)", g.Name, len(g.Members))
		}
	case annotations.KindSchema:
		return "the label set"
	}
	return string(r.Kind)
}
