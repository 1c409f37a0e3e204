package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Actions sent by the lists of the side panel, with an item's ID, or with a
// conflictChoice.
const (
	actionSelectAnnotation = "select-annotation"
	actionDeleteAnnotation = "delete-annotation"
	actionResolveConflict  = "resolve-conflict"
)

// mentionRowHeight is the height of one row of the mention list in CSS
// pixels (app.css gives .mention the same), and mentionWindow how many rows
// are in the page at once: a long list renders only the rows around what is
// visible, so an edit costs the same whatever the number of mentions.
const (
	mentionRowHeight = 30
	mentionWindow    = 32
)

// MentionList lists every mention of the set in text order; one can be
// selected and deleted. Only a window of rows is rendered; spacers stand
// for the others, so the list scrolls as if all were there.
type MentionList struct {
	app.Compo
	Ed       *editor
	Version  int
	Selected string

	first    int // the first row rendered
	onScroll app.Func
}

// OnUpdate keeps the selected mention's row in the window.
func (l *MentionList) OnUpdate(ctx app.Context) {
	if l.Ed == nil || l.Selected == "" {
		return
	}
	for i, e := range l.Ed.set.Entities {
		if e.ID != l.Selected {
			continue
		}
		if i < l.first || i >= l.first+mentionWindow {
			l.first = max(0, i-mentionWindow/3)
			// Scrolling lays the page out: in a task of its own, so
			// that it does not delay the paint of the edit that
			// selected the mention.
			ctx.Defer(func(ctx app.Context) {
				nextTask(ctx, func(ctx app.Context) {
					ctx.PreventUpdate() // the rows are rendered: no render
					if el := app.Window().GetElementByID("annotation-scroll"); el.Truthy() {
						el.Set("scrollTop", i*mentionRowHeight-mentionRowHeight*2)
					}
				})
			})
		}
		return
	}
}

// onListScroll moves the window with the scroll position.
func (l *MentionList) onListScroll(ctx app.Context, e app.Event) {
	top := e.Get("target").Get("scrollTop").Int()
	first := max(0, top/mentionRowHeight-mentionWindow/4)
	if abs(first-l.first) >= mentionWindow/6 {
		l.first = first
	} else {
		ctx.PreventUpdate()
	}
}

// onRowClick handles the rows' buttons, one handler for the list: rows
// carry no handlers of their own, so a row that shows another mention after
// an edit changes only its text and attributes (go-app matches rows by
// position, and would otherwise mount every shifted row's handlers again).
func (l *MentionList) onRowClick(ctx app.Context, e app.Event) {
	button := e.Get("target").Call("closest", "button[data-action]")
	if !button.Truthy() {
		return
	}
	row := button.Call("closest", "li[data-annotation-id]")
	if !row.Truthy() {
		return
	}
	action, id := button.Get("dataset").Get("action").String(), row.Get("dataset").Get("annotationId").String()
	if action == actionSelectAnnotation || action == actionDeleteAnnotation {
		ctx.NewActionWithValue(action, id)
	}
}

func abs(v int) int { return max(v, -v) }

// Render shows the window of rows.
func (l *MentionList) Render() app.UI {
	if l.Ed == nil {
		return app.Div()
	}
	set := l.Ed.set
	n := len(set.Entities)
	first := min(l.first, max(0, n-mentionWindow))
	last := min(n, first+mentionWindow)
	rows := set.Entities[first:last]
	return app.Section().Class("mentions").Body(
		app.H2().Text(formatCount(n, "mention")),
		app.Div().ID("annotation-scroll").Class("list-scroll").OnScroll(l.onListScroll).Body(
			app.Ul().ID("annotation-list").Class("annotation-list").DataSet("count", n).
				OnClick(l.onRowClick).
				Style("padding-top", strconv.Itoa(first*mentionRowHeight)+"px").
				Style("padding-bottom", strconv.Itoa((n-last)*mentionRowHeight)+"px").
				Body(
					app.Range(rows).Slice(func(i int) app.UI {
						m := rows[i]
						cls := "mention"
						if m.ID == l.Selected {
							cls += " selected"
						}
						color := ""
						if lb, ok := set.Schema.Label(m.Label); ok {
							color = lb.Color
						}
						return app.Li().Class(cls).DataSet("annotation-id", m.ID).Body(
							app.Button().Class("mention-select").DataSet("action", actionSelectAnnotation).
								Title(strconv.Itoa(m.Start)+"–"+strconv.Itoa(m.End)).
								Body(
									app.Span().Class("label-chip").Style("--ent-color", color).Text(m.Label),
									app.Span().Class("mention-text").Text(m.Exact),
								),
							app.Button().Class("mention-delete").DataSet("action", actionDeleteAnnotation).
								Title("Delete this mention (Delete key)").
								Aria("label", "Delete "+m.Label+" "+m.Exact).Text("×"),
						)
					}),
				),
		),
	)
}
