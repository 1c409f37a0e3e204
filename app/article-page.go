package app

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/app/replica"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/app/browsertask"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ArticlePage shows one article for annotation: the label palette, the text
// with its highlights (one component per paragraph) and the list of
// mentions. Select text, then press a label's key or click its button.
type ArticlePage struct {
	app.Compo
	// session is the editing itself: the set, the selection, drafts,
	// dialogs, the undo history (session.go); the page shows it and is its
	// hands in the browser.
	session

	id      string
	article annotations.Article
	paras   []annotations.Paragraph
	loading bool
	loadErr string

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
	// panel is how many of the side panel's parts are in the page
	// (SidePanel.Parts): they come a few a task (showPanel) after the
	// article's first part, which they would otherwise delay.
	panel   int
	mounted int // how many paragraphs are in the page: a long article mounts in steps
	loads   int // counts loads, so that only the latest one's answer is used
	// opener is the element that had the focus when a dialog opened: it
	// gets it back when the dialog closes.
	opener app.Value
	// histSet is the set whose undo history p.hist holds.
	histSet string
	// stateForm is the state bar's (set-state-bar.go).
	stateForm
	// curating is whether the URL asks for the article's curation
	// (?curate): the page then edits its gold set.
	curating bool
	// text is the article's text in code points.
	text []rune
	// sugMarks keeps each paragraph's suggestion marks as markCache keeps
	// the annotations': made again only when the suggestions change.
	sugMarks suggestionMarks
	// sugAsked is the number of the latest request for suggestions,
	// sugShown that of the answer shown; sugOff says the project turned
	// them off, sugProblem is the learning worker's last error.
	sugAsked, sugShown int
	sugOff             bool
	sugProblem         string
	// sugSet is the set whose rejected suggestions p.sug holds.
	sugSet string
	// firstPaint says the page shows the server's FirstPaint (the article
	// with the project's labels and no annotation) while the device's set
	// loads; nothing can be edited until it has. firstPaintJSON is that
	// FirstPaint, which the server's render embeds for the client.
	firstPaint     bool
	firstPaintJSON string
	// take is the server's markup of the page's parts while the client
	// puts its own in their place after a first paint (takeOver).
	take takeover
}

// teamModelAsked holds the projects whose team model this page asked the
// server for: once per page load is enough.
var teamModelAsked = map[string]bool{}

// mountStep is how much text, in code points, one step of mounting a long
// article adds to the page, so that no single task blocks the page long.
const mountStep = 4000

// OnInit shows the article the server rendered into the page, when it did
// (FirstPaint): the client's first render is then the server's markup
// again, and the page does not change when go-app puts it in place.
func (p *ArticlePage) OnInit() {
	if !browsertask.PageHasFirstPaint() {
		return
	}
	browsertask.Yield() // go-app's start is a task, reading the page's JSON another
	fp, ok := browserFirstPaint()
	if !ok {
		return
	}
	loc := app.Window().Get("location")
	id := strings.TrimPrefix(loc.Get("pathname").String(), "/articles/")
	key := currentSetKey(id)
	if key == fp.setKey(id) && !strings.Contains(loc.Get("search").String(), "curate") {
		browsertask.Yield() // making the editor another
		p.paintFirst(fp, id)
		browsertask.Yield() // the render gets a task of its own
	}
}

// paintFirst shows fp's article, when it is article id, with the project's
// labels (fp.Schema) and no annotation, its first mountStep in the page.
func (p *ArticlePage) paintFirst(fp FirstPaint, id string) {
	a := fp.Article
	if a == nil || a.ID != id || annotations.ArticleID(a.Text) != id {
		return
	}
	key := fp.setKey(id)
	ed, err := newEditor(*a, key.Project, key.Annotator, fp.Schema)
	if err != nil {
		return
	}
	p.id, p.article, p.ed, p.annotator = id, *a, ed, key.Annotator
	p.paras, p.text = annotations.Paragraphs(a.Text), []rune(a.Text)
	p.mounted = nextMountEnd(p.paras, 0)
	p.firstPaint = true
	p.take = serverTakeover()
}

// OnMount starts the sync loop, listens for keys and for pulled changes.
func (p *ArticlePage) OnMount(ctx app.Context) {
	if app.IsServer {
		return // the server pre-renders the page; the data is the browser's
	}
	if p.take.active() {
		nextTask(ctx, p.takeOver) // the page's parts become the client's, a task each
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
		if !slices.Contains(ids, p.id) && !slices.ContainsFunc(revs, func(r annotations.Revision) bool { return r.Key().IsProject() }) {
			return
		}
		ctx.Dispatch(func(ctx app.Context) { p.applyPulled(ctx, revs) })
	})
	p.keep = func(w *editWrite) {
		w.done = startLocalWrite()
		w.failed = func(err error, dropped []*editWrite) {
			ctx.Dispatch(func(ctx app.Context) { p.writeFailed(ctx, w, dropped, err) })
		}
		edits.add(w)
	}
	p.keepHistory = keepHistory
	p.keepRejected = keepRejected
	learnWorker.listener = func(msg app.Value) {
		ctx.Dispatch(func(ctx app.Context) { p.onLearnMessage(ctx, msg) })
	}
	ctx.Handle(actionApplyLabel, func(ctx app.Context, a app.Action) {
		if label, ok := a.Value.(string); ok {
			p.runCommand(ctx, command{Name: cmdLabel, Arg: label}, readSelection(p.paras))
		}
	})
	ctx.Handle(actionSelectAnnotation, func(ctx app.Context, a app.Action) {
		if id, ok := a.Value.(string); ok {
			p.selectItem(ctx, id)
		}
	})
	ctx.Handle(actionDeleteAnnotation, func(ctx app.Context, a app.Action) {
		if id, ok := a.Value.(string); ok {
			p.runCommand(ctx, command{Name: cmdDelete, Arg: id}, textSelection{})
		}
	})
	ctx.Handle(actionResolveConflict, func(ctx app.Context, a app.Action) {
		if c, ok := a.Value.(conflictChoice); ok {
			p.do(ctx, func() effect { return p.session.resolveConflict(c) })
		}
	})
	ctx.Handle(actionUserChanged, func(ctx app.Context, a app.Action) { p.load(ctx) })
	ctx.Handle(actionProjectChanged, func(ctx app.Context, a app.Action) {
		// Another project's set of the article: what was selected, open
		// or undoable belongs to the set left behind, and no edit goes to
		// it while the other loads.
		p.session.reset()
		p.histSet, p.loading = "", true
		p.load(ctx)
	})
	ctx.Handle(actionEdit, func(ctx app.Context, a app.Action) {
		if op, ok := a.Value.(editOp); ok {
			p.runEdit(ctx, op)
		}
	})
	ctx.Handle(actionUI, func(ctx app.Context, a app.Action) {
		if f, ok := a.Value.(uiOp); ok {
			p.do(ctx, func() effect { f(ctx, p); return effect{} })
		}
	})
	ctx.Handle(actionSaveSchema, func(ctx app.Context, a app.Action) {
		if sc, ok := a.Value.(annotations.Schema); ok {
			p.do(ctx, func() effect { return p.saveSchema(sc, managesCurrentProject()) })
		}
	})
	ctx.Handle(actionCommand, func(ctx app.Context, a app.Action) {
		if c, ok := a.Value.(command); ok {
			p.runCommand(ctx, c, readSelection(p.paras))
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
	learnWorker.listener = nil
}

// OnNav loads the article named by the URL.
func (p *ArticlePage) OnNav(ctx app.Context) {
	p.id = strings.TrimPrefix(ctx.Page().URL().Path, "/articles/")
	p.curating = ctx.Page().URL().Query().Has("curate")
	p.loading, p.loadErr = true, ""
	p.session.reset()
	p.histSet, p.stateForm = "", stateForm{}
	if app.IsServer {
		// The server renders the article the request may read
		// (RenderPage); the annotations are the device's.
		if fp, data, ok := serverFirstPaint(ctx); ok && !p.curating {
			p.paintFirst(fp, p.id)
			if p.firstPaint {
				p.firstPaintJSON = data
				ctx.Page().SetTitle("Gloss · " + p.article.Title)
			}
		}
		return
	}
	if p.take.active() && p.article.ID != p.id {
		p.take = takeover{} // another article: the server's markup is not its
	}
	p.load(ctx)
}

// load reads the article and the annotator's set in the current project
// from this device; an article not on the device yet is fetched from the
// server and kept.
func (p *ArticlePage) load(ctx app.Context) {
	id := p.id
	p.loads++
	seq := p.loads
	curating := p.curating && curatesCurrentProject()
	var painted *annotations.Article // the first paint's, read on the UI goroutine
	if p.firstPaint && p.article.ID == id {
		a := p.article
		painted = &a
	}
	ctx.Async(func() {
		key := currentSetKey(id)
		if curating {
			key.Annotator = annotations.GoldAnnotator
		}
		var peers []annotations.Set
		a, err := loadArticle(id, painted)
		var (
			ed   *editor
			hist history
			here = map[string]bool{} // the revisions made on this device
		)
		if err == nil {
			// The edits not written yet are not in the device's set: taken
			// before it is read, they and the set hold every edit made.
			unwritten := edits.queued()
			var revs, project []localRevision
			revs, err = revisionsOfSet(key.ID())
			if err == nil {
				// And the project's schema, which the set uses.
				project, err = revisionsOfSet(annotations.ProjectKey(key.Project).ID())
				revs = append(revs, project...)
			}
			if err == nil {
				plain := make([]annotations.Revision, len(revs), len(revs)+len(unwritten))
				for i, r := range revs {
					plain[i] = r.Revision
					if r.Made > 0 {
						here[r.Revision.ID] = true
					}
				}
				for _, r := range unwritten {
					here[r.ID] = true
				}
				ed, err = newEditorInSteps(a, key.Project, key.Annotator, append(plain, unwritten...))
			}
			if err == nil {
				hist = storedHistory(key.ID())
			}
			if err == nil && curating {
				peers, err = peerSets(key, project)
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
				// A new text only for another article: the side panel's
				// Text keeps its array, which go-app compares by pointer
				// before element by element (a reload of the same article
				// made every render compare 60k code points: 20 ms).
				p.paras, p.mounted = annotations.Paragraphs(a.Text), 0
				p.text = []rune(a.Text)
			}
			p.article, p.annotator, p.ed, p.loadErr, p.madeHere = a, key.Annotator, ed, "", here
			firstPaint := p.firstPaint
			p.firstPaint = false
			if curating {
				if p.cur == nil {
					p.cur = &curationView{}
					p.learnAnnotators(ctx, key.Project)
				}
				p.session.setPeers(peers)
			} else {
				p.cur = nil
			}
			if p.sugSet != key.ID() || p.sug.rejected == nil {
				p.sug.rejected, p.sugSet = storedRejected(key.ID()), key.ID()
			}
			p.requestSuggestions(ctx)
			if setID := key.ID(); setID != p.histSet {
				// The history kept on this device for this set: undo goes
				// on across reloads (kept after each change).
				p.hist, p.histSet = hist, setID
			}
			ctx.Page().SetTitle("Gloss · " + a.Title)
			switch {
			case firstPaint:
				nextTask(ctx, p.mountMore) // its next step, after this render's
			case p.mounted == 0:
				p.mountMore(ctx)
			}
		})
		if err != nil {
			return
		}
		why := offList(a) // after the page shows the set: it may wait for the server
		ctx.Dispatch(func(ctx app.Context) {
			if seq != p.loads || p.readOnly == why {
				ctx.PreventUpdate()
				return
			}
			p.readOnly = why
		})
	})
}

// offList returns, when the user may not annotate an article off the list
// of the project they work in (api.Access.CanAnnotateUnlisted) and the
// server says that a is not on it, why the page shows a read-only; ""
// when it is on the list, when they may, and when the server cannot tell
// (offline: the push of the edits is refused then, and they wait,
// pending). It blocks: call it from ctx.Async.
func offList(a annotations.Article) string {
	p, me := currentProject()
	if p.ID == api.DefaultProject || (api.Access{Admin: me.User.Admin, Role: p.Role}).CanAnnotateUnlisted() {
		return ""
	}
	if in, err := apiClient.ProjectHasArticle(context.Background(), p.ID, a.ID); err != nil || in {
		return ""
	}
	return "“" + a.Title + "” is not on the list of " + projectLabel(p) + ": only its managers annotate it there until one of them adds it, so you see it read-only."
}

// applyPulled shows what a pull brought for this article: the revisions of
// the open set are applied to it, touching only their items; anything else
// (the annotator or the project changed meanwhile, a revision that does
// not resolve) reads the set from the device again.
func (p *ArticlePage) applyPulled(ctx app.Context, revs []annotations.Revision) {
	if p.ed == nil || p.loading || p.ed.key() != currentSetKey(p.id) {
		p.load(ctx)
		return
	}
	if p.cur != nil && slices.ContainsFunc(revs, func(r annotations.Revision) bool {
		return r.ArticleID == p.id && r.Annotator != annotations.GoldAnnotator
	}) {
		p.load(ctx) // an annotator's set changed: compare again
		return
	}
	setID := p.ed.key().ID()
	var mine []annotations.Revision
	for _, r := range revs {
		if r.ArticleID == p.id && r.SetID() == setID || r.Key() == annotations.ProjectKey(p.ed.project) {
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
	if p.take.active() {
		// The text is still the server's: its next step waits until the
		// client's is in place, or the two would be one task.
		ctx.PreventUpdate()
		nextTask(ctx, p.mountMore)
		return
	}
	p.mounted = nextMountEnd(p.paras, p.mounted)
	ctx.Defer(func(ctx app.Context) {
		if !p.marked {
			p.marked = true
			app.Window().Get("performance").Call("mark", "interactive")
			nextTask(ctx, p.showPanel)
		}
		if p.mounted < len(p.paras) {
			nextTask(ctx, p.mountMore)
		}
	})
}

// showPanel adds the side panel's next panelStep parts to the page, and
// the next step as a task of its own, until the panel is whole.
func (p *ArticlePage) showPanel(ctx app.Context) {
	p.panel = min(p.panel+panelStep, panelParts)
	if p.panel < panelParts {
		nextTask(ctx, p.showPanel)
	}
}

// nextMountEnd returns how many of paras are in the page after the step of
// mounting that follows the first mounted: at least one more paragraph,
// and as many as make mountStep code points.
func nextMountEnd(paras []annotations.Paragraph, mounted int) int {
	end, size := mounted, 0
	for end < len(paras) && (size < mountStep || end == mounted) {
		size += paras[end].End - paras[end].Start
		end++
	}
	return end
}

// loadArticle returns the article from this device, or else painted (the
// article the server put in the page: a first paint), or from the server,
// keeping it on this device then.
func loadArticle(id string, painted *annotations.Article) (annotations.Article, error) {
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
	var a annotations.Article
	if painted != nil && painted.ID == id && painted.Validate() == nil {
		a = *painted // the server sent it with the page: no second request
	} else if a, err = fetchArticle(id); err != nil {
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

// readSelection reads the selection of the article's text now.
func readSelection(paras []annotations.Paragraph) textSelection {
	start, end, has := domSelection(paras)
	return textSelection{start, end, has}
}

// onKeyDown handles the editor's keys, as the key table (keys.go) maps
// them to commands. It runs inside the browser's event, so it reads the
// selection and calls preventDefault at once, then runs the command on the
// UI goroutine. Keys typed into a field (the speaker picker, a form) are
// the field's, but Escape. Moving the caret renders nothing.
func (p *ArticlePage) onKeyDown(ctx app.Context, ev app.Value) {
	if p.ed == nil || p.firstPaint {
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
	c, ok := keyCommand(key, ctrl, alt, shift, inField, p.ed.set.Schema)
	if !ok {
		return
	}
	if p.dialogOpen() && c.Name != cmdCancel && (c.Name != cmdShortcuts || !p.sheet) {
		return // a modal dialog has the keys: Esc closes it, ? the sheet
	}
	var sel textSelection
	switch c.Name {
	case cmdCancel:
		if inField {
			target.Call("blur")
		}
		clearDOMSelection()
		ctx.Dispatch(func(ctx app.Context) { p.runCommand(ctx, c, sel) })
		return
	case cmdMove, cmdExtend:
		if !p.focusInArticle() {
			return // the page's own scrolling keys, outside the text
		}
		ev.Call("preventDefault")
		moveDOMSelection(c.Name == cmdExtend, c.Arg)
		return
	case cmdDelete:
		if p.selected == "" {
			return
		}
	case cmdLabel, cmdQuote, cmdCue, cmdStance:
		sel = readSelection(p.paras) // now: the selection may change before the command runs
	case cmdAccept, cmdReject, cmdNextSuggestion:
		if c.Name == cmdAccept {
			if len(p.sug.list) == 0 {
				return // Enter is the browser's while nothing is proposed
			}
			switch target.Get("tagName").String() {
			case "BUTTON", "A", "SUMMARY":
				return // Enter presses what has the focus
			}
		}
		sel.start = -1
		if caret, ok := domCaret(p.paras); ok {
			sel.start, sel.end = caret, caret
		}
	}
	ev.Call("preventDefault")
	if !ctrl && !alt && utf8.RuneCountInString(key) == 1 {
		p.swallowKeypress = true
	}
	ctx.Dispatch(func(ctx app.Context) { p.runCommand(ctx, c, sel) })
}

// runCommand runs the page's command c; sel is the text selection when it
// was asked for. The session's commands are sessionCommands; the page's
// own (finding text) need the browser.
func (p *ArticlePage) runCommand(ctx app.Context, c command, sel textSelection) {
	p.do(ctx, func() effect {
		if c.Name == cmdFindText {
			return p.findText(c.Arg)
		}
		if run, ok := sessionCommands[c.Name]; ok {
			return run(&p.session, c.Arg, sel)
		}
		return effect{}
	})
}

// do runs f, a change of the session, then carries out the effect it
// returns. A dialog f opens remembers where the focus was; one f closes
// gives it back there.
func (p *ArticlePage) do(ctx app.Context, f func() effect) {
	if p.firstPaint {
		return // the device's set is not read yet
	}
	// The whole side panel at once: what the command shows or focuses (the
	// speaker's field, a list) may be in a part the steps have not added.
	p.panel = panelParts
	was := p.dialogOpen()
	if !was {
		p.opener = app.Window().Get("document").Get("activeElement")
	}
	fx := f()
	if was && !p.dialogOpen() && p.opener != nil && p.opener.Truthy() {
		fx.Focus, fx.focusEl = "", p.opener
	}
	p.apply(ctx, fx)
}

// apply carries out the effect fx of a command in the browser.
func (p *ArticlePage) apply(ctx app.Context, fx effect) {
	if fx.Clear != nil {
		clearSelectionOf(p.paras, fx.Clear[0], fx.Clear[1])
	}
	if fx.Reveal != "" {
		id := fx.Reveal
		ctx.Defer(func(app.Context) {
			el := app.Window().Get("document").Call("querySelector", `#article-text [data-annotation-id="`+id+`"], #article-text [data-covers~="`+id+`"]`)
			if el.Truthy() {
				el.Call("scrollIntoView", map[string]any{"block": "nearest"})
			}
		})
	}
	switch {
	case fx.Focus != "":
		focusSoon(ctx, fx.Focus)
	case fx.focusEl != nil && fx.focusEl.Truthy():
		focusElementSoon(ctx, fx.focusEl)
	}
	if fx.Caret > 0 || fx.PlaceCaret {
		paras, caret := p.paras, fx.Caret
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
				placeCaret(paras, p.marks.marks, p.sugMarks.marks, caret)
				if fx.PlaceCaret {
					revealCaret()
				}
			})
		})
	}
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

// findText puts the caret at the next occurrence of query (ignoring case)
// after the caret, from the start again past the end, with the focus in
// the text: Shift and the arrows then select from there.
func (p *ArticlePage) findText(query string) effect {
	from := 0
	if c, ok := domCaret(p.paras); ok {
		from = c + 1
	} else if query == p.findQuery {
		from = p.foundAt + 1 // the caret left the text with the focus
	}
	p.findQuery = query
	at, ok := findIn(p.ed.text, []rune(query), from)
	if !ok {
		p.editErr = "“" + query + "” is not in the article."
		return effect{}
	}
	p.finding, p.editErr, p.notice, p.foundAt = false, "", "", at
	return effect{Caret: at, PlaceCaret: true}
}

// runEdit makes the edit op (session.run), then what op asks after it.
func (p *ArticlePage) runEdit(ctx app.Context, op editOp) {
	p.do(ctx, func() effect {
		fx, ok := p.session.run(op)
		switch {
		case ok && op.After != nil:
			op.After(p)
		case !ok && op.Unchanged != nil && p.ed != nil:
			op.Unchanged(p.ed)
		}
		return fx
	})
}

// selectItem selects the annotation id and scrolls it into view.
func (p *ArticlePage) selectItem(ctx app.Context, id string) {
	p.do(ctx, func() effect { return p.session.selectItem(id) })
}

// pickSpeaker makes the draft quote (or the selected quote) the words of
// speaker (the side panel's speaker picker).
func (p *ArticlePage) pickSpeaker(ctx app.Context, speaker annotations.Ref) {
	p.do(ctx, func() effect { return p.session.pickSpeaker(speaker) })
}

// startStance opens the stance form for a new stance (the stance list's
// button).
func (p *ArticlePage) startStance(ctx app.Context, start, end int, has bool) {
	p.do(ctx, func() effect { return p.session.startStance(start, end, has) })
}

// writeFailed takes an edit the device could not keep, and the later ones
// dropped with it, off the screen (the set is resolved again without
// their revisions: the edits that were kept stay) and out of the undo
// history, and names the change that failed.
func (p *ArticlePage) writeFailed(ctx app.Context, w *editWrite, dropped []*editWrite, err error) {
	if !p.dropFailed(w, dropped, err) {
		p.load(ctx) // what the device keeps is what to show
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
	if sg := e.Get("target").Call("closest", "span[data-suggestion]"); !mark.Truthy() && sg.Truthy() {
		key := sg.Get("dataset").Get("suggestion").String()
		p.do(ctx, func() effect { return p.session.chooseSuggestion(p.session.suggestion(key)) })
		return
	}
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
		p.take.part(0, func() app.UI { return &TopBar{} }),
		app.If(p.loadErr != "", func() app.UI {
			return app.Main().Class("article").Body(
				app.P().ID("load-error").Class("error").Role("alert").Text(p.loadErr),
				app.A().Href("/").Text("Back to the library"),
			)
		}).ElseIf(p.ed == nil || p.loading && !p.firstPaint, func() app.UI {
			return app.Main().Class("article").Body(app.P().Class("note").Text("Loading…"))
		}).Else(func() app.UI { return p.take.part(1, p.renderEditor) }),
		app.If(p.firstPaintJSON != "", func() app.UI {
			return app.Div().ID(firstPaintID).Hidden(true).Text(p.firstPaintJSON)
		}),
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
			v := listedVersion{Rev: r.ID, Label: string(r.Kind), Text: describeRevision(p.ed, r), Here: p.madeHere[r.ID]}
			if en, err := r.Entity(); err == nil {
				v.Label, v.Text = en.Label, en.Exact // a mention's versions differ by label or span
			}
			listed[i].Versions = append(listed[i].Versions, v)
		}
	}
	labelsErr := ""
	if p.labels {
		labelsErr = p.editErr // shown in the dialog, not behind it
	}
	marks := p.marks.update(p.paras, set.Entities, set.Quotes, set.Schema, conflicted)
	curVersion, curShown := 0, 0
	if p.cur != nil {
		curVersion, curShown = p.cur.made, p.cur.shown
	}
	selectedIn := p.paragraphsOf(p.selected)
	linked := p.linkedTo(p.selected)
	linkedIn := map[int][]string{}
	for _, id := range linked {
		for i := range p.paragraphsOf(id) {
			linkedIn[i] = append(linkedIn[i], id)
		}
	}
	return app.Div().Class("workspace").Body(
		// data-project names the project of the set shown.
		app.Main().Class("article").DataSet("project", annotations.ProjectOrDefault(p.ed.project)).Body(
			app.H1().ID("article-title").Text(p.article.Title),
			p.stateBar(set),
			app.Div().Class("toolbar").Body(
				&LabelPalette{Labels: set.Schema.EntityLabels},
				commandButton("make-quote", cmdQuote, "Quote", "Make the selected text a quote, then pick its speaker (q)"),
				commandButton("make-cue", cmdCue, "Cue", "Make the selected text the cue of the selected quote (c)"),
				commandButton("undo", cmdUndo, "Undo", "Undo the last change (Ctrl+Z)"),
				commandButton("redo", cmdRedo, "Redo", "Redo what was undone (Ctrl+Shift+Z)"),
				commandButton("open-find", cmdFind, "Find…", "Find text in the article (/)"),
				commandButton("open-labels", cmdLabels, "Labels…", "Edit the labels (l)"),
				commandButton("open-shortcuts", cmdShortcuts, "?", "Keyboard shortcuts (?)"),
				// In the toolbar, which stays at the top of the window: the
				// find field is in sight wherever the page is scrolled.
				&FindBar{Open: p.finding, Query: p.findQuery},
			),
			// Always rendered, hidden when empty: go-app matches children by
			// position, and a child appearing before the text would mount
			// every paragraph again.
			app.P().Class("note").Hidden(p.annotator != "").Text("Sign in to start annotating."),
			app.P().ID("off-list").Class("notice").Role("status").Hidden(p.readOnly == "").Text(p.readOnly),
			p.renderCurationLink(),
			// The messages float at the bottom of the window: always in
			// sight, and one appearing moves nothing on the page.
			app.Div().Class("messages").Body(
				app.P().ID("edit-error").Class("error").Role("alert").Hidden(p.editErr == "").Text(p.editErr),
				app.P().ID("edit-notice").Class("note").Role("status").Hidden(p.notice == "").Text(p.notice),
			),
			p.take.part(2, func() app.UI {
				return &ArticleText{Paras: p.paras, Shown: p.mounted, Marks: marks, Selected: p.selected, SelectedIn: selectedIn, LinkedIn: linkedIn,
					Suggested: p.sugMarks.update(p.paras, p.sug, set.Schema), Chosen: p.sug.chosen}
			}),
		),
		app.If(p.panel > 0, func() app.UI {
			return &SidePanel{Ed: p.ed, Version: p.ed.version, Selected: p.selected, Draft: p.draft, Stance: p.stance, Conflicts: listed,
				Cur: p.cur, CurVersion: curVersion, CurShown: curShown, Text: p.text,
				Sug: &p.sug, SugVersion: p.sug.version, SugOff: p.sugOff, SugProblem: p.sugProblem, Parts: p.panel}
		}).Else(func() app.UI {
			return app.Div().Class("panel").Aria("busy", true) // no landmark until it holds something
		}),
		&ConfirmDelete{Pending: p.confirm, Ed: p.ed},
		&ShortcutSheet{Open: p.sheet, Labels: set.Schema.EntityLabels},
		&LabelEditor{Open: p.labels, Ed: p.ed, Version: p.ed.version, Error: labelsErr, ReadOnly: !managesCurrentProject()},
	)
}

// commandButton is a toolbar button that runs the page's command cmd, as
// its key does. Pressing it keeps the text selection and the focus where
// they are (mousedown's default would move them).
func commandButton(id, cmd, text, title string) app.UI {
	return app.Button().ID(id).Class("quiet").Title(title).Text(text).
		OnMouseDown(func(ctx app.Context, e app.Event) { e.PreventDefault() }).
		OnClick(func(ctx app.Context, e app.Event) { sendCommand(ctx, cmd, "") })
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
