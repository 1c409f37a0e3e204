package app

import (
	"errors"
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
	loading   bool
	loadErr   string
	editErr   string

	onKey   app.Func
	unsub   func()
	marked  bool
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
	p.unsub = background.subscribe(nil, func(ids []string) {
		for _, id := range ids {
			if id == p.id {
				ctx.Dispatch(func(ctx app.Context) { p.load(ctx) })
				return
			}
		}
	})
	ctx.Handle(actionApplyLabel, func(ctx app.Context, a app.Action) {
		if label, ok := a.Value.(string); ok {
			p.applyLabel(ctx, label)
		}
	})
	ctx.Handle(actionSelectAnnotation, func(ctx app.Context, a app.Action) {
		if id, ok := a.Value.(string); ok {
			p.selectMention(ctx, id)
		}
	})
	ctx.Handle(actionDeleteAnnotation, func(ctx app.Context, a app.Action) {
		if id, ok := a.Value.(string); ok {
			p.deleteMention(ctx, id)
		}
	})
	ctx.Handle(actionResolveConflict, func(ctx app.Context, a app.Action) {
		if c, ok := a.Value.(conflictChoice); ok {
			p.resolveConflict(ctx, c)
		}
	})
	ctx.Handle(actionAnnotatorChanged, func(ctx app.Context, a app.Action) { p.load(ctx) })
}

// OnDismount stops listening.
func (p *ArticlePage) OnDismount() {
	if p.onKey != nil {
		app.Window().Call("removeEventListener", "keydown", p.onKey)
		p.onKey.Release()
		p.onKey = nil
	}
	if p.unsub != nil {
		p.unsub()
	}
}

// OnNav loads the article named by the URL.
func (p *ArticlePage) OnNav(ctx app.Context) {
	p.id = strings.TrimPrefix(ctx.Page().URL().Path, "/articles/")
	p.loading, p.loadErr, p.selected = true, "", ""
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
			var revs []localRevision
			revs, err = revisionsOfSet(annotations.SetID(id, annotator))
			if err == nil {
				plain := make([]annotations.Revision, len(revs))
				for i, r := range revs {
					plain[i] = r.Revision
				}
				ed, err = newEditor(a, annotator, plain)
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
		}
		if p.mounted < len(p.paras) {
			ctx.After(0, p.mountMore)
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
	a, err := apiGetArticle(id)
	var apiErr *apiError
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
// the UI goroutine.
func (p *ArticlePage) onKeyDown(ctx app.Context, ev app.Value) {
	if p.ed == nil {
		return
	}
	target := ev.Get("target")
	if t := target.Get("tagName"); t.Truthy() {
		switch t.String() {
		case "INPUT", "TEXTAREA", "SELECT":
			return
		}
	}
	if target.Get("isContentEditable").Truthy() {
		return
	}
	key := ev.Get("key").String()
	ctrl := ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool()
	shift, alt := ev.Get("shiftKey").Bool(), ev.Get("altKey").Bool()
	switch key {
	case "ArrowLeft", "ArrowRight":
		if !p.focusInArticle() {
			return
		}
		ev.Call("preventDefault")
		extendDOMSelection(shift, key == "ArrowRight", ctrl || alt)
		return
	case "Escape":
		clearDOMSelection()
		ctx.Dispatch(func(app.Context) { p.selected, p.editErr = "", "" })
		return
	case "Delete", "Backspace":
		if p.selected == "" {
			return
		}
		ev.Call("preventDefault")
		id := p.selected
		ctx.Dispatch(func(ctx app.Context) { p.deleteMention(ctx, id) })
		return
	}
	if ctrl || alt {
		return // leave the browser's shortcuts alone
	}
	if l, ok := p.ed.set.Schema.LabelForKey(key); ok {
		ev.Call("preventDefault")
		ctx.Dispatch(func(ctx app.Context) { p.applyLabel(ctx, l.Name) })
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

// applyLabel tags the selected text with label, or relabels the selected
// mention when no text is selected.
func (p *ArticlePage) applyLabel(ctx app.Context, label string) {
	if p.ed == nil {
		return
	}
	if p.annotator == "" {
		p.editErr = "Set your annotator name (at the top) before tagging."
		return
	}
	var (
		rev annotations.Revision
		ok  bool
		err error
	)
	if start, end, has := domSelection(p.paras); has {
		rev, ok, err = p.ed.tag(start, end, label)
	} else if p.selected != "" {
		rev, ok, err = p.ed.relabel(p.selected, label)
	} else {
		p.editErr = "Select some text first, then press a label's key or button."
		return
	}
	if err != nil {
		p.editErr = err.Error()
		return
	}
	clearDOMSelection()
	if ok {
		p.commit(ctx, rev)
		p.selected = rev.Item
	}
}

func (p *ArticlePage) selectMention(ctx app.Context, id string) {
	p.selected, p.editErr = id, ""
	ctx.Defer(func(app.Context) {
		el := app.Window().Get("document").Call("querySelector", `#article-text [data-annotation-id="`+id+`"]`)
		if el.Truthy() {
			el.Call("scrollIntoView", map[string]any{"block": "nearest"})
		}
	})
}

func (p *ArticlePage) deleteMention(ctx app.Context, id string) {
	if p.ed == nil {
		return
	}
	rev, err := p.ed.remove(id)
	if err != nil {
		p.editErr = err.Error()
		return
	}
	if p.selected == id {
		p.selected = ""
	}
	p.commit(ctx, rev)
}

func (p *ArticlePage) resolveConflict(ctx app.Context, c conflictChoice) {
	if p.ed == nil {
		return
	}
	revs, err := p.ed.resolve(c.Item, c.Keep)
	if err != nil {
		p.editErr = err.Error()
		return
	}
	p.commit(ctx, revs...)
}

// commit shows an edit at once, then keeps it on this device and tells the
// sync loop. If the device cannot keep it, the edit is undone on screen and
// the user is told why.
func (p *ArticlePage) commit(ctx app.Context, revs ...annotations.Revision) {
	ed := p.ed
	before := ed.revs
	if err := ed.apply(revs...); err != nil {
		p.editErr = err.Error()
		return
	}
	p.editErr = ""
	ctx.Async(func() {
		if err := addLocalRevisions(revs...); err != nil {
			ctx.Dispatch(func(app.Context) {
				ed.revs = before[:len(before):len(before)]
				ed.apply()
				p.editErr = "This change could not be kept on this device: " + err.Error()
			})
			return
		}
		background.localChange()
	})
}

// onTextClick selects the mention under a click that selected no text.
func (p *ArticlePage) onTextClick(ctx app.Context, e app.Event) {
	sel := app.Window().Call("getSelection")
	if sel.Truthy() && !sel.Get("isCollapsed").Bool() {
		return
	}
	mark := e.Get("target").Call("closest", "[data-annotation-id]")
	if mark.Truthy() {
		p.selected = mark.Get("dataset").Get("annotationId").String()
	} else {
		p.selected = ""
	}
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
			v := listedVersion{Rev: r.ID}
			if en, err := r.Entity(); err == nil {
				v.Label, v.Text = en.Label, en.Exact
			}
			listed[i].Versions = append(listed[i].Versions, v)
		}
	}
	marks := paragraphMarks(p.paras, set.Entities, set.Schema, conflicted)
	selectedIn := p.selectedParagraphs()
	items := make([]listedMention, len(set.Entities))
	for i, e := range set.Entities {
		color := ""
		if l, ok := set.Schema.Label(e.Label); ok {
			color = l.Color
		}
		items[i] = listedMention{ID: e.ID, Label: e.Label, Color: color, Text: e.Exact, Start: e.Start, End: e.End}
	}
	return app.Div().Class("workspace").Body(
		app.Main().Class("article").Body(
			app.H1().ID("article-title").Text(p.article.Title),
			&LabelPalette{Labels: set.Schema.EntityLabels},
			// Always rendered, hidden when empty: go-app matches children by
			// position, and a child appearing before the text would mount
			// every paragraph again.
			app.P().Class("note").Hidden(p.annotator != "").Text("Set your annotator name at the top to start tagging."),
			app.P().ID("edit-error").Class("error").Role("alert").Hidden(p.editErr == "").Text(p.editErr),
			app.Div().ID(articleTextID).Class("article-text").TabIndex(0).
				Aria("label", "Article text: select text, then press a label key").
				Aria("busy", p.mounted < len(p.paras)).
				OnClick(p.onTextClick).
				Body(
					app.Range(p.paras[:p.mounted]).Slice(func(i int) app.UI {
						par := p.paras[i]
						sel := ""
						if selectedIn[i] {
							sel = p.selected
						}
						return &ArticleParagraph{Index: i, Start: par.Start, Text: par.Text, Marks: marks[i], Selected: sel}
					}),
				),
		),
		&AnnotationList{Items: items, Conflicts: listed, Selected: p.selected},
	)
}

// selectedParagraphs returns the indexes of the paragraphs the selected
// mention covers.
func (p *ArticlePage) selectedParagraphs() map[int]bool {
	out := map[int]bool{}
	if p.selected == "" || p.ed == nil {
		return out
	}
	e, ok := p.ed.entity(p.selected)
	if !ok {
		return out
	}
	for i, par := range p.paras {
		if par.Start < e.End && e.Start < par.End {
			out[i] = true
		}
	}
	return out
}
