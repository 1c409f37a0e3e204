package app

import (
	"context"
	"errors"
	"github.com/gloss-annotate/gloss/app/replica"
	"slices"
	"sort"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ArticlePage shows one article for annotation: the label palette, the text
// with its highlights (one component per paragraph) and the list of
// mentions. Select text, then press a label's key or click its button.
type ArticlePage struct {
	app.Compo

	id        string
	annotator string
	article   annotations.Article
	paras     []annotations.Paragraph
	ed        *editor
	selected  string
	draft     *draftQuote         // a quote whose speaker is being picked
	stance    *annotations.Stance // a stance being made or edited
	confirm   *pendingDelete      // a deletion that waits for the user's yes
	sheet     bool                // the shortcut sheet is open
	labels    bool                // the label editor is open
	hist      history
	loading   bool
	loadErr   string
	editErr   string
	notice    string

	// marks keeps the marks each paragraph got at the last render: an
	// edit recomputes only the paragraphs it touches, and a paragraph whose
	// marks did not change gets the same slice again, which go-app compares
	// at once (same array) instead of field by field.
	marks markCache

	onKey app.Func
	// onKeyRest handles keypress and keyup: the keypress of a key the page
	// handled (swallowKeypress, until its keyup) types nothing.
	onKeyRest       app.Func
	swallowKeypress bool
	unsub           func()
	marked          bool
	// panel is whether the side panel is in the page: it comes in the task
	// after the article's first part, which it would otherwise delay.
	panel   bool
	mounted int // how many paragraphs are in the page: a long article mounts in steps
	loads   int // counts loads, so that only the latest one's answer is used
}

// mountStep is how much text, in code points, one step of mounting a long
// article adds to the page, so that no single task blocks the page long.
const mountStep = 4000

// OnMount starts the sync loop, listens for keys and for pulled changes.
func (p *ArticlePage) OnMount(ctx app.Context) {
	if app.IsServer {
		return // the server pre-renders the page; the data is the browser's
	}
	background.start()
	p.onKey = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 {
			p.onKeyDown(ctx, args[0])
		}
		return nil
	})
	app.Window().Call("addEventListener", "keydown", p.onKey)
	// A key the page handles must not type its character anywhere: the
	// browser drops the keypress of a keydown whose default was prevented,
	// but not when the page moved the focus in between (q focuses the
	// speaker field) and the keypress comes after that.
	p.onKeyRest = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		switch args[0].Get("type").String() {
		case "keypress":
			if p.swallowKeypress {
				args[0].Call("preventDefault")
			}
		case "keyup":
			p.swallowKeypress = false
		}
		return nil
	})
	app.Window().Call("addEventListener", "keypress", p.onKeyRest, true)
	app.Window().Call("addEventListener", "keyup", p.onKeyRest, true)
	p.unsub = background.subscribe(nil, func(ids []string, revs []annotations.Revision) {
		if !slices.Contains(ids, p.id) {
			return
		}
		ctx.Dispatch(func(ctx app.Context) { p.applyPulled(ctx, revs) })
	})
	ctx.Handle(actionApplyLabel, func(ctx app.Context, a app.Action) {
		if label, ok := a.Value.(string); ok {
			start, end, has := domSelection(p.paras)
			p.applyLabel(ctx, label, start, end, has)
		}
	})
	ctx.Handle(actionSelectAnnotation, func(ctx app.Context, a app.Action) {
		if id, ok := a.Value.(string); ok {
			p.selectItem(ctx, id)
		}
	})
	ctx.Handle(actionDeleteAnnotation, func(ctx app.Context, a app.Action) {
		if id, ok := a.Value.(string); ok {
			p.askDelete(ctx, id)
		}
	})
	ctx.Handle(actionResolveConflict, func(ctx app.Context, a app.Action) {
		if c, ok := a.Value.(conflictChoice); ok {
			p.resolveConflict(ctx, c)
		}
	})
	ctx.Handle(actionAnnotatorChanged, func(ctx app.Context, a app.Action) { p.load(ctx) })
	ctx.Handle(actionEdit, func(ctx app.Context, a app.Action) {
		if op, ok := a.Value.(editOp); ok {
			p.runEdit(ctx, op)
		}
	})
	ctx.Handle(actionUI, func(ctx app.Context, a app.Action) {
		if f, ok := a.Value.(uiOp); ok {
			f(ctx, p)
		}
	})
}

// OnDismount stops listening.
func (p *ArticlePage) OnDismount() {
	if p.onKey != nil {
		app.Window().Call("removeEventListener", "keydown", p.onKey)
		p.onKey.Release()
		p.onKey = nil
	}
	if p.onKeyRest != nil {
		app.Window().Call("removeEventListener", "keypress", p.onKeyRest, true)
		app.Window().Call("removeEventListener", "keyup", p.onKeyRest, true)
		p.onKeyRest.Release()
		p.onKeyRest = nil
	}
	if p.unsub != nil {
		p.unsub()
	}
}

// OnNav loads the article named by the URL.
func (p *ArticlePage) OnNav(ctx app.Context) {
	p.id = strings.TrimPrefix(ctx.Page().URL().Path, "/articles/")
	p.loading, p.loadErr, p.selected = true, "", ""
	p.draft, p.stance, p.confirm, p.hist = nil, nil, nil, history{}
	if app.IsServer {
		return
	}
	p.load(ctx)
}

// load reads the article and the annotator's set from this device; an
// article not on the device yet is fetched from the server and kept.
func (p *ArticlePage) load(ctx app.Context) {
	id := p.id
	p.loads++
	seq := p.loads
	ctx.Async(func() {
		annotator := currentAnnotator()
		a, err := loadArticle(id)
		var ed *editor
		if err == nil {
			// The edits not written yet are not in the device's set: taken
			// before it is read, they and the set hold every edit made.
			unwritten := edits.queued()
			var revs []localRevision
			revs, err = revisionsOfSet(annotations.SetID(id, annotator))
			if err == nil {
				plain := make([]annotations.Revision, len(revs), len(revs)+len(unwritten))
				for i, r := range revs {
					plain[i] = r.Revision
				}
				ed, err = newEditorInSteps(a, annotator, append(plain, unwritten...))
			}
		}
		ctx.Dispatch(func(ctx app.Context) {
			if seq != p.loads {
				// A later load (the user moved on, or a sync brought
				// changes) started after this one read the device: its
				// answer is newer, and this one must not overwrite it.
				return
			}
			p.loading = false
			if err != nil {
				p.loadErr = err.Error()
				return
			}
			if p.article.ID != a.ID {
				p.paras, p.mounted = annotations.Paragraphs(a.Text), 0
			}
			p.article, p.annotator, p.ed, p.loadErr = a, annotator, ed, ""
			ctx.Page().SetTitle("Gloss · " + a.Title)
			if p.mounted == 0 {
				p.mountMore(ctx)
			}
		})
	})
}

// applyPulled shows what a pull brought for this article: the revisions of
// the open set are applied to it, touching only their items; anything else
// (the annotator changed meanwhile, a revision that does not resolve) reads
// the set from the device again.
func (p *ArticlePage) applyPulled(ctx app.Context, revs []annotations.Revision) {
	if p.ed == nil || p.loading || p.ed.annotator != currentAnnotator() {
		p.load(ctx)
		return
	}
	setID := annotations.SetID(p.id, p.ed.annotator)
	var mine []annotations.Revision
	for _, r := range revs {
		if r.ArticleID == p.id && r.SetID() == setID {
			mine = append(mine, r)
		}
	}
	p.applyChunks(ctx, p.ed, mine)
}

// applyChunk is how many pulled revisions one task applies: a pull that
// brings thousands (a first visit, a long absence) is shown in steps, so
// that no single task holds the page.
const applyChunk = 200

// applyChunks applies revs to ed, applyChunk at a time, each step a task of
// its own; it stops if the page moved on to another editor.
func (p *ArticlePage) applyChunks(ctx app.Context, ed *editor, revs []annotations.Revision) {
	if p.ed != ed {
		return
	}
	n := min(len(revs), applyChunk)
	v := ed.version
	if err := ed.apply(revs[:n]...); err != nil {
		p.load(ctx)
		return
	}
	if rest := revs[n:]; len(rest) > 0 {
		nextTask(ctx, func(ctx app.Context) { p.applyChunks(ctx, ed, rest) })
	}
	if !ed.changedSince(v) {
		ctx.PreventUpdate() // only this device's own revisions came back
		return
	}
	if k := ed.kindOf(p.selected); k == "" {
		p.selected = "" // deleted on another device
	}
}

// mountMore adds the next mountStep code points of paragraphs to the page,
// and schedules the step after it as a task of its own; the first step sets
// the "interactive" mark once it is in the page.
func (p *ArticlePage) mountMore(ctx app.Context) {
	end, size := p.mounted, 0
	for end < len(p.paras) && (size < mountStep || end == p.mounted) {
		size += p.paras[end].End - p.paras[end].Start
		end++
	}
	p.mounted = end
	ctx.Defer(func(ctx app.Context) {
		if !p.marked {
			p.marked = true
			app.Window().Get("performance").Call("mark", "interactive")
			nextTask(ctx, func(app.Context) { p.panel = true })
		}
		if p.mounted < len(p.paras) {
			nextTask(ctx, p.mountMore)
		}
	})
}

// loadArticle returns the article from this device, or from the server,
// keeping it on this device then.
func loadArticle(id string) (annotations.Article, error) {
	if !annotations.IsArticleID(id) {
		return annotations.Article{}, errors.New("this is not the address of an article")
	}
	local, ok, err := getArticle(id)
	if err != nil {
		return annotations.Article{}, err
	}
	if ok {
		return local.Article, nil
	}
	a, err := fetchArticle(id)
	if err != nil {
		return a, err
	}
	// Keep it on this device without holding up the page; if that fails,
	// the page still works and the next visit fetches it again.
	go func() {
		if err := putArticle(localArticle{Article: a, Uploaded: true}); err != nil {
			app.Log("keep article", id, "on this device:", err)
		}
	}()
	return a, nil
}

// fetchArticle gets article id from the server and checks it is the text
// its id names.
func fetchArticle(id string) (annotations.Article, error) {
	a, err := apiClient.GetArticle(context.Background(), id)
	var apiErr *replica.ServerError
	switch {
	case errors.Is(err, errOffline):
		return a, errors.New("this article is not on this device, and the server cannot be reached to fetch it")
	case errors.As(err, &apiErr) && apiErr.Status == 404:
		return a, errors.New("there is no such article on this device or on the server")
	case err != nil:
		return a, err
	}
	if a.ID != id || a.Validate() != nil {
		return a, errors.New("the server sent a different or damaged article")
	}
	return a, nil
}

// onKeyDown handles the editor's keys. It runs inside the browser's event,
// so it reads the selection and calls preventDefault at once, then edits on
// the UI goroutine. Keys typed into a field (the speaker picker, a form)
// are the field's, but Escape.
func (p *ArticlePage) onKeyDown(ctx app.Context, ev app.Value) {
	if p.ed == nil {
		return
	}
	key := ev.Get("key").String()
	ctrl := ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool()
	shift, alt := ev.Get("shiftKey").Bool(), ev.Get("altKey").Bool()
	target := ev.Get("target")
	inField := target.Get("isContentEditable").Truthy()
	if t := target.Get("tagName"); t.Truthy() {
		switch t.String() {
		case "INPUT", "TEXTAREA", "SELECT":
			inField = true
		}
	}
	if key == "Escape" {
		if inField {
			target.Call("blur")
		}
		clearDOMSelection()
		ctx.Dispatch(func(app.Context) { p.cancel() })
		return
	}
	if inField {
		return
	}
	if ctrl && !alt && (key == "z" || key == "Z" || key == "y" || key == "Y") {
		ev.Call("preventDefault")
		redo := shift || key == "y" || key == "Y"
		ctx.Dispatch(func(ctx app.Context) { p.undoRedo(ctx, redo) })
		return
	}
	switch key {
	case "ArrowLeft", "ArrowRight":
		if !p.focusInArticle() {
			return
		}
		ev.Call("preventDefault")
		extendDOMSelection(shift, key == "ArrowRight", ctrl || alt)
		return
	case "Delete", "Backspace":
		if p.selected == "" {
			return
		}
		ev.Call("preventDefault")
		id := p.selected
		ctx.Dispatch(func(ctx app.Context) { p.askDelete(ctx, id) })
		return
	}
	if ctrl || alt {
		return // leave the browser's shortcuts alone
	}
	if l, ok := p.ed.set.Schema.LabelForKey(key); ok {
		ev.Call("preventDefault")
		p.swallowKeypress = true
		start, end, has := domSelection(p.paras) // now: the selection may change before the edit runs
		ctx.Dispatch(func(ctx app.Context) { p.applyLabel(ctx, l.Name, start, end, has) })
		return
	}
	var do func(ctx app.Context)
	switch key {
	case "q":
		start, end, has := domSelection(p.paras)
		do = func(ctx app.Context) { p.startQuote(ctx, start, end, has) }
	case "c":
		start, end, has := domSelection(p.paras)
		do = func(ctx app.Context) { p.markCue(ctx, start, end, has) }
	case "d":
		do = p.toggleDirect
	case "s":
		start, end, has := domSelection(p.paras)
		do = func(ctx app.Context) { p.startStance(ctx, start, end, has) }
	case "g":
		do = p.groupSelected
	case "]", "n":
		do = func(ctx app.Context) { p.cycle(ctx, 1) }
	case "[", "p":
		do = func(ctx app.Context) { p.cycle(ctx, -1) }
	case "?":
		do = func(app.Context) { p.sheet = !p.sheet }
	case "l":
		do = func(app.Context) { p.labels = true }
	default:
		return
	}
	ev.Call("preventDefault")
	p.swallowKeypress = true
	ctx.Dispatch(do)
}

// cancel closes what is open, innermost first: a dialog, a draft, the
// selection.
func (p *ArticlePage) cancel() {
	switch {
	case p.confirm != nil:
		p.confirm = nil
	case p.sheet:
		p.sheet = false
	case p.labels:
		p.labels = false
	case p.draft != nil:
		p.draft = nil
	case p.stance != nil:
		p.stance = nil
	default:
		p.selected = ""
	}
	p.editErr, p.notice = "", ""
}

// focusInArticle reports whether the keyboard focus or the selection is in
// the article's text.
func (p *ArticlePage) focusInArticle() bool {
	doc := app.Window().Get("document")
	container := doc.Call("getElementById", articleTextID)
	if !container.Truthy() {
		return false
	}
	if container.Call("contains", doc.Get("activeElement")).Bool() {
		return true
	}
	sel := app.Window().Call("getSelection")
	return sel.Truthy() && sel.Get("rangeCount").Int() > 0 && container.Call("contains", sel.Get("anchorNode")).Bool()
}

// applyLabel tags the selected text with label, or relabels the selected
// mention when no text is selected.
func (p *ArticlePage) applyLabel(ctx app.Context, label string, start, end int, has bool) {
	if !p.canEdit() {
		return
	}
	if has {
		p.runEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) {
			rev, ok, err := e.tag(start, end, label)
			if !ok {
				return nil, err
			}
			return []annotations.Revision{rev}, err
		}, SelectFirst: true, Clear: &[2]int{start, end}, Caret: end})
		return
	}
	if p.ed.kindOf(p.selected) == annotations.KindEntity {
		id := p.selected
		p.runEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) {
			rev, ok, err := e.relabel(id, label)
			if !ok {
				return nil, err
			}
			return []annotations.Revision{rev}, err
		}})
		return
	}
	p.editErr = "Select some text first, then press a label's key or button."
}

// canEdit says whether edits can be made, telling the user why not.
func (p *ArticlePage) canEdit() bool {
	if p.ed == nil {
		return false
	}
	if p.annotator == "" {
		p.editErr = "Set your annotator name (at the top) before annotating."
		return false
	}
	return true
}

// runEdit makes the revisions op returns, commits them and records them
// for undo; it selects what op asks for.
func (p *ArticlePage) runEdit(ctx app.Context, op editOp) {
	if !p.canEdit() {
		return
	}
	revs, err := op.Do(p.ed)
	if err != nil {
		p.editErr = err.Error()
		return
	}
	if op.Clear != nil {
		clearSelectionOf(p.paras, op.Clear[0], op.Clear[1])
	}
	if len(revs) == 0 {
		return
	}
	if !p.commit(ctx, &editWrite{revs: revs, role: roleEdit, edit: revs}) {
		return
	}
	p.hist.record(revs)
	switch {
	case op.Select != "":
		p.selected = op.Select
	case op.SelectFirst:
		p.selected = revs[0].Item
	}
	if op.After != nil {
		op.After(p)
	}
	if op.Caret > 0 {
		paras, caret := p.paras, op.Caret
		latest := requestFocus()
		// Once the edit is in the page (its paragraph's nodes are new), and
		// in a task of its own: placing a selection lays the page out, which
		// need not delay the edit's paint. A key pressed meanwhile that
		// moved the focus (s opens the stance form) keeps it there.
		ctx.Defer(func(ctx app.Context) {
			nextTask(ctx, func(ctx app.Context) {
				ctx.PreventUpdate() // the page is as it should be: no render
				if !latest() {
					return
				}
				if el := app.Window().GetElementByID(articleTextID); el.Truthy() {
					el.Call("focus", map[string]any{"preventScroll": true})
				}
				placeCaret(paras, p.marks.marks, caret)
			})
		})
	}
}

// undoRedo undoes the last edit, or redoes the last undone one.
func (p *ArticlePage) undoRedo(ctx app.Context, redo bool) {
	if !p.canEdit() {
		return
	}
	var (
		revs []annotations.Revision
		err  error
		w    = &editWrite{role: roleUndo}
	)
	if redo {
		revs, err = p.hist.redo(p.ed)
		w.role = roleRedo
	} else {
		revs, err = p.hist.undo(p.ed)
	}
	if err != nil {
		p.notice, p.editErr = err.Error()+".", ""
		return
	}
	w.revs, w.edit = revs, p.hist.moved(redo)
	p.draft, p.confirm = nil, nil
	if len(revs) > 0 && p.commit(ctx, w) {
		if p.ed.kindOf(revs[0].Item) != "" {
			p.selected = revs[0].Item
		} else if p.ed.kindOf(p.selected) == "" {
			p.selected = ""
		}
	}
	if redo {
		p.notice = "Redone."
	} else {
		p.notice = "Undone (Ctrl+Shift+Z redoes)."
	}
}

// selectItem selects the annotation id and scrolls it into view.
func (p *ArticlePage) selectItem(ctx app.Context, id string) {
	if p.draft != nil && p.ed != nil {
		// Picking the speaker of a new quote: a click on a mention picks it.
		if k := p.ed.kindOf(id); k == annotations.KindEntity || k == annotations.KindGroup {
			p.pickSpeaker(ctx, speakerRef(k, id))
			return
		}
	}
	p.selected, p.editErr, p.notice = id, "", ""
	if p.ed != nil && p.ed.kindOf(id) == annotations.KindStance {
		if st, ok := p.ed.stance(id); ok {
			p.stance = &st
		}
	} else {
		p.stance = nil
	}
	ctx.Defer(func(app.Context) {
		el := app.Window().Get("document").Call("querySelector", `#article-text [data-annotation-id="`+id+`"], #article-text [data-covers~="`+id+`"]`)
		if el.Truthy() {
			el.Call("scrollIntoView", map[string]any{"block": "nearest"})
		}
	})
}

// cycle selects the next (dir 1) or previous (-1) mention or quote in text
// order.
func (p *ArticlePage) cycle(ctx app.Context, dir int) {
	order := p.textOrder()
	if len(order) == 0 {
		p.notice = "No annotations yet."
		return
	}
	i := slices.Index(order, p.selected)
	switch {
	case i < 0 && dir > 0:
		i = 0
	case i < 0:
		i = len(order) - 1
	default:
		i = (i + dir + len(order)) % len(order)
	}
	p.selectItem(ctx, order[i])
}

// textOrder lists the IDs of the set's mentions and quotes in text order
// (by start, the longer first).
func (p *ArticlePage) textOrder() []string {
	type at struct {
		id         string
		start, end int
	}
	var all []at
	for _, e := range p.ed.set.Entities {
		all = append(all, at{e.ID, e.Start, e.End})
	}
	for _, q := range p.ed.set.Quotes {
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
func (p *ArticlePage) askDelete(ctx app.Context, id string) {
	if p.ed == nil {
		return
	}
	var refs []string
	for _, r := range p.ed.set.ReferencesTo(id) {
		refs = append(refs, describeReference(p.ed, r))
	}
	if len(refs) > 0 {
		p.confirm = &pendingDelete{Item: id, Refs: refs}
		return
	}
	p.deleteItem(ctx, id)
}

// deleteItem deletes id; what referred to it is flagged for review.
func (p *ArticlePage) deleteItem(ctx app.Context, id string) {
	p.confirm = nil
	p.runEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) {
		rev, err := e.removeItem(id)
		return []annotations.Revision{rev}, err
	}, After: func(p *ArticlePage) {
		if p.selected == id {
			p.selected = ""
		}
		if p.stance != nil && p.stance.ID == id {
			p.stance = nil
		}
	}})
}

func (p *ArticlePage) resolveConflict(ctx app.Context, c conflictChoice) {
	p.runEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) { return e.resolve(c.Item, c.Keep) }})
}

// commit shows the edit w at once, then has the writer keep it on this
// device (edits, which tells the sync loop); leaving the page before it is
// kept asks first. If the device cannot keep it, writeFailed takes it back.
// It reports whether the edit is shown.
func (p *ArticlePage) commit(ctx app.Context, w *editWrite) bool {
	ed := p.ed
	w.what, w.refs = ed.describeWrite(w), refsOf(w.revs)
	if err := ed.apply(w.revs...); err != nil {
		p.editErr = err.Error()
		return false
	}
	p.editErr, p.notice = "", ""
	w.done = startLocalWrite()
	w.failed = func(err error, dropped []*editWrite) {
		ctx.Dispatch(func(ctx app.Context) { p.writeFailed(ctx, w, dropped, err) })
	}
	edits.add(w)
	return true
}

// writeFailed takes an edit the device could not keep, and the later ones
// dropped with it, off the screen (the set is resolved again without
// their revisions: the edits that were kept stay) and out of the undo
// history, and names the change that failed.
func (p *ArticlePage) writeFailed(ctx app.Context, w *editWrite, dropped []*editWrite, err error) {
	all := append([]*editWrite{w}, dropped...)
	gone := map[string]bool{}
	for _, d := range all {
		for _, r := range d.revs {
			gone[r.ID] = true
		}
	}
	if ed := p.ed; ed != nil && slices.ContainsFunc(ed.revs, func(r annotations.Revision) bool { return gone[r.ID] }) {
		keep := slices.DeleteFunc(slices.Clone(ed.revs), func(r annotations.Revision) bool { return gone[r.ID] })
		if err := ed.reset(keep); err != nil {
			p.load(ctx) // what the device keeps is what to show
		}
		if ed.kindOf(p.selected) == "" {
			p.selected = ""
		}
	}
	for i := len(all) - 1; i >= 0; i-- {
		p.hist.dropWrite(all[i].role, all[i].edit)
	}
	p.editErr = "Could not save: " + w.what + " — " + err.Error()
	if len(dropped) > 0 {
		p.editErr += " (nor " + formatCount(len(dropped), "later change") + " made on top of it)"
	}
}

// onTextClick selects the annotation under a click that selected no text;
// clicking the same place again selects the annotation around it (a
// mention's enclosing mention, its quote).
func (p *ArticlePage) onTextClick(ctx app.Context, e app.Event) {
	sel := app.Window().Call("getSelection")
	if sel.Truthy() && !sel.Get("isCollapsed").Bool() {
		return
	}
	mark := e.Get("target").Call("closest", "[data-annotation-id]")
	if !mark.Truthy() {
		if p.draft == nil {
			p.selected = ""
		}
		return
	}
	id := mark.Get("dataset").Get("annotationId").String()
	if covers := mark.Get("dataset").Get("covers"); covers.Truthy() {
		ids := strings.Fields(covers.String())
		if i := slices.Index(ids, p.selected); i > 0 && p.draft == nil {
			id = ids[i-1] // outward
		} else if i == 0 && p.draft == nil {
			id = ids[len(ids)-1] // back to the innermost
		} else if p.draft != nil {
			for k := len(ids) - 1; k >= 0; k-- {
				if p.ed.kindOf(ids[k]) == annotations.KindEntity {
					id = ids[k]
					break
				}
			}
		}
	}
	p.selectItem(ctx, id)
}

// Render shows the page.
func (p *ArticlePage) Render() app.UI {
	return app.Div().Class("page").Body(
		&TopBar{},
		app.If(p.loadErr != "", func() app.UI {
			return app.Main().Class("article").Body(
				app.P().ID("load-error").Class("error").Role("alert").Text(p.loadErr),
				app.A().Href("/").Text("Back to the library"),
			)
		}).ElseIf(p.loading || p.ed == nil, func() app.UI {
			return app.Main().Class("article").Body(app.P().Class("note").Text("Loading…"))
		}).Else(p.renderEditor),
	)
}

func (p *ArticlePage) renderEditor() app.UI {
	set := p.ed.set
	conflicts := p.ed.conflicts()
	conflicted := make(map[string]bool, len(conflicts))
	listed := make([]listedConflict, len(conflicts))
	for i, c := range conflicts {
		conflicted[c.Item] = true
		listed[i] = listedConflict{Item: c.Item}
		for _, r := range append([]annotations.Revision{c.Winner}, c.Others...) {
			v := listedVersion{Rev: r.ID, Label: string(r.Kind), Text: describeRevision(p.ed, r)}
			if en, err := r.Entity(); err == nil {
				v.Label, v.Text = en.Label, en.Exact // a mention's versions differ by label or span
			}
			listed[i].Versions = append(listed[i].Versions, v)
		}
	}
	marks := p.marks.update(p.paras, set.Entities, set.Quotes, set.Schema, conflicted)
	selectedIn := p.paragraphsOf(p.selected)
	linked := p.linkedTo(p.selected)
	linkedIn := map[int][]string{}
	for _, id := range linked {
		for i := range p.paragraphsOf(id) {
			linkedIn[i] = append(linkedIn[i], id)
		}
	}
	return app.Div().Class("workspace").Body(
		app.Main().Class("article").Body(
			app.H1().ID("article-title").Text(p.article.Title),
			app.Div().Class("toolbar").Body(
				&LabelPalette{Labels: set.Schema.EntityLabels},
				app.Button().ID("open-labels").Class("quiet").Title("Edit the labels (l)").Text("Labels…").
					OnClick(func(ctx app.Context, e app.Event) { p.labels = true }),
				app.Button().ID("open-shortcuts").Class("quiet").Title("Keyboard shortcuts (?)").Text("?").
					OnClick(func(ctx app.Context, e app.Event) { p.sheet = true }),
			),
			// Always rendered, hidden when empty: go-app matches children by
			// position, and a child appearing before the text would mount
			// every paragraph again.
			app.P().Class("note").Hidden(p.annotator != "").Text("Set your annotator name at the top to start annotating."),
			app.P().ID("edit-error").Class("error").Role("alert").Hidden(p.editErr == "").Text(p.editErr),
			app.P().ID("edit-notice").Class("note").Role("status").Hidden(p.notice == "").Text(p.notice),
			&ArticleText{Paras: p.paras, Shown: p.mounted, Marks: marks, Selected: p.selected, SelectedIn: selectedIn, LinkedIn: linkedIn},
		),
		app.If(p.panel, func() app.UI {
			return &SidePanel{Ed: p.ed, Version: p.ed.version, Selected: p.selected, Draft: p.draft, Stance: p.stance, Conflicts: listed}
		}).Else(func() app.UI {
			return app.Aside().Class("panel").Aria("busy", true)
		}),
		&ConfirmDelete{Pending: p.confirm, Ed: p.ed},
		&ShortcutSheet{Open: p.sheet},
		&LabelEditor{Open: p.labels, Ed: p.ed, Version: p.ed.version},
	)
}

// paragraphsOf returns the indexes of the paragraphs that annotation id (a
// mention, or a quote with its cue) covers.
func (p *ArticlePage) paragraphsOf(id string) map[int]bool {
	out := map[int]bool{}
	if id == "" || p.ed == nil {
		return out
	}
	var spans [][2]int
	if e, ok := p.ed.entity(id); ok {
		spans = append(spans, [2]int{e.Start, e.End})
	}
	if q, ok := p.ed.quote(id); ok {
		spans = append(spans, [2]int{q.Content.Start, q.Content.End})
		if q.Cue != nil {
			spans = append(spans, [2]int{q.Cue.Start, q.Cue.End})
		}
	}
	for _, sp := range spans {
		i := sort.Search(len(p.paras), func(i int) bool { return p.paras[i].End > sp[0] })
		for ; i < len(p.paras) && p.paras[i].Start < sp[1]; i++ {
			out[i] = true
		}
	}
	return out
}
