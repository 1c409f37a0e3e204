package app

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// LabelEditor edits the set's labels: entity labels (name, key, colour) and
// stance polarities. Saving makes a schema revision, kept and synced with
// the set.
type LabelEditor struct {
	app.Compo
	Open    bool
	Ed      *editor
	Version int

	labels     []annotations.Label
	polarities string
	snap       bool // annotations.Schema.SnapToWords
	editing    bool
}

// OnUpdate starts from the set's schema each time the editor opens.
func (l *LabelEditor) OnUpdate(ctx app.Context) {
	if l.Open && !l.editing && l.Ed != nil {
		l.editing = true
		l.labels = slices.Clone(l.Ed.set.Schema.EntityLabels)
		l.polarities = strings.Join(l.Ed.set.Schema.Polarities(), ", ")
		l.snap = l.Ed.set.Schema.SnapToWords
	}
	if !l.Open {
		l.editing = false
	}
}

func (l *LabelEditor) schema() annotations.Schema {
	var pols []string
	for _, p := range strings.Split(l.polarities, ",") {
		if p = strings.TrimSpace(p); p != "" {
			pols = append(pols, p)
		}
	}
	return annotations.Schema{EntityLabels: slices.Clone(l.labels), StancePolarities: pols, SnapToWords: l.snap}
}

// Render shows the editor when open.
func (l *LabelEditor) Render() app.UI {
	if !l.Open || l.Ed == nil {
		return app.Div().ID("label-editor").Hidden(true)
	}
	field := func(i int, name, value, width string, set func(*annotations.Label, string)) app.UI {
		return app.Input().Class("label-"+name).Value(value).Style("width", width).Aria("label", name+" of label "+strconv.Itoa(i+1)).
			OnChange(func(ctx app.Context, e app.Event) {
				if i < len(l.labels) {
					set(&l.labels[i], e.Get("target").Get("value").String())
				}
			}, app.EventScope(strconv.Itoa(i)))
	}
	return app.Div().ID("label-editor").Class("dialog-backdrop").Body(
		app.Div().Class("dialog").Role("dialog").Aria("modal", true).Aria("labelledby", "labels-title").Body(
			app.H2().ID("labels-title").Text("Labels of this annotation set"),
			app.P().Class("note").Text("Each entity label: its name, the key that applies it, its colour."),
			app.Ul().Class("label-rows").Body(app.Range(l.labels).Slice(func(i int) app.UI {
				lb := l.labels[i]
				return app.Li().Class("label-row").Body(
					field(i, "name", lb.Name, "8em", func(x *annotations.Label, v string) { x.Name = strings.TrimSpace(v) }),
					field(i, "key", lb.Key, "3em", func(x *annotations.Label, v string) { x.Key = strings.TrimSpace(v) }),
					app.Input().Type("color").Class("label-color").Value(lb.Color).Aria("label", "colour of label "+strconv.Itoa(i+1)).
						OnChange(func(ctx app.Context, e app.Event) {
							if i < len(l.labels) {
								l.labels[i].Color = e.Get("target").Get("value").String()
							}
						}, app.EventScope(strconv.Itoa(i))),
					app.Button().Class("quiet remove-label").Text("remove").
						OnClick(func(ctx app.Context, e app.Event) {
							if i < len(l.labels) {
								l.labels = slices.Delete(l.labels, i, i+1)
							}
						}, app.EventScope(strconv.Itoa(i))),
				)
			})),
			app.Button().ID("add-label").Class("quiet").Text("Add a label").
				OnClick(func(ctx app.Context, e app.Event) {
					l.labels = append(l.labels, annotations.Label{Name: "NEW", Key: strconv.Itoa(len(l.labels) + 1), Color: "#e9c46a"})
				}),
			app.Label().Body(app.Text("Stance polarities (comma-separated; the first is the default) "),
				app.Input().ID("label-polarities").Value(l.polarities).
					OnChange(func(ctx app.Context, e app.Event) { l.polarities = e.Get("target").Get("value").String() })),
			app.Label().Class("check").Body(
				app.Input().Type("checkbox").ID("snap-to-words").Checked(l.snap).
					OnChange(func(ctx app.Context, e app.Event) { l.snap = e.Get("target").Get("checked").Bool() }),
				app.Text(" Snap new spans to whole words (and stop them at a paragraph break)"),
			),
			app.P().Class("note").Text("Renaming or removing a label leaves the mentions that have it flagged for review."),
			app.Div().Class("actions").Body(
				app.Button().ID("save-labels").Text("Save").
					OnClick(func(ctx app.Context, e app.Event) {
						schema := l.schema()
						sendEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) {
							rev, err := e.putSchema(schema)
							return []annotations.Revision{rev}, err
						}, After: func(p *ArticlePage) { p.labels = false; p.notice = "Labels saved." }})
					}),
				app.Button().ID("cancel-labels").Text("Cancel (Esc)").
					OnClick(func(ctx app.Context, e app.Event) {
						sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.labels = false })
					}),
			),
		),
	)
}
