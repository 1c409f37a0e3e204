package app

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// LabelEditor edits the set's labels: entity labels (name, key, colour) and
// stance polarities. Saving makes a schema revision, kept and synced with
// the set. What is wrong is said inside the dialog, beside the field that
// has it (annotations.Schema.LabelProblems), and nothing is saved until it
// is fixed.
type LabelEditor struct {
	app.Compo
	Open    bool
	Ed      *editor
	Version int
	// Error is the page's message while the dialog is open (a save that
	// failed): shown in the dialog, not behind its backdrop.
	Error string
	// ReadOnly shows the labels to a user who does not manage the
	// project, every field disabled: its managers change them.
	ReadOnly bool

	labels     []annotations.Label
	polarities string
	snap       bool // annotations.Schema.SnapToWords
	editing    bool
	// problems are the labels' problems found when the user last saved or
	// changed a field after a failed save; general is the schema's other
	// problem (the polarities, no labels at all).
	problems []annotations.LabelProblem
	general  string
	tried    bool
}

// OnUpdate starts from the set's schema each time the editor opens.
func (l *LabelEditor) OnUpdate(ctx app.Context) {
	if l.Open && !l.editing && l.Ed != nil {
		l.editing = true
		l.labels = slices.Clone(l.Ed.set.Schema.EntityLabels)
		l.polarities = strings.Join(l.Ed.set.Schema.Polarities(), ", ")
		l.snap = l.Ed.set.Schema.SnapToWords
		l.problems, l.general, l.tried = nil, "", false
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

// check finds what is wrong with the schema as edited, and reports whether
// it can be saved.
func (l *LabelEditor) check() bool {
	sc := l.schema()
	l.problems, l.general = sc.LabelProblems(), ""
	if len(l.problems) > 0 {
		return false
	}
	if err := sc.ValidateNew(); err != nil {
		l.general = err.Error()
		var ve *annotations.ValidationError
		if errors.As(err, &ve) {
			l.general = ve.Message
		}
		return false
	}
	return true
}

// problem returns the message of label i's field, "" when it has none.
func (l *LabelEditor) problem(i int, field string) string {
	for _, p := range l.problems {
		if p.Label == i && p.Field == field {
			return p.Message
		}
	}
	return ""
}

// Render shows the editor when open.
func (l *LabelEditor) Render() app.UI {
	if !l.Open || l.Ed == nil {
		return app.Div().ID("label-editor").Hidden(true)
	}
	changed := func() {
		if l.tried {
			l.check() // once a save failed, the messages follow the fixes
		}
	}
	field := func(i int, name, value, width string, set func(*annotations.Label, string)) app.UI {
		msgID := "label-" + name + "-problem-" + strconv.Itoa(i)
		msg := l.problem(i, name)
		return app.Span().Class("label-field").Body(
			app.Input().ID(labelFieldID(name, i)).Class("label-"+name).Value(value).Disabled(l.ReadOnly).Style("width", width).Aria("label", name+" of label "+strconv.Itoa(i+1)).
				Aria("invalid", msg != "").Aria("describedby", msgID).
				OnChange(func(ctx app.Context, e app.Event) {
					if i < len(l.labels) {
						set(&l.labels[i], e.Get("target").Get("value").String())
						changed()
					}
				}, app.EventScope(strconv.Itoa(i))),
			app.Span().ID(msgID).Class("field-error").Role("alert").Hidden(msg == "").Text(msg),
		)
	}
	general := l.general
	if general == "" {
		general = l.Error
	}
	return app.Div().ID("label-editor").Class("dialog-backdrop").Body(
		app.Div().Class("dialog").Role("dialog").Aria("modal", true).Aria("labelledby", "labels-title").OnKeyDown(keepTabInDialog).Body(
			app.H2().ID("labels-title").Text("Labels of this project"),
			app.If(l.ReadOnly, func() app.UI {
				return app.P().ID("labels-read-only").Class("note").Text("Every annotation set of the project uses these labels; only its managers change them.")
			}),
			app.P().Class("note").Text("Each entity label: its name, the key that applies it, its colour. Keys the editor uses itself ("+reservedKeyList+") cannot be given to a label."),
			app.Ul().Class("label-rows").Body(app.Range(l.labels).Slice(func(i int) app.UI {
				lb := l.labels[i]
				return app.Li().Class("label-row").Body(
					field(i, "name", lb.Name, "8em", func(x *annotations.Label, v string) { x.Name = strings.TrimSpace(v) }),
					field(i, "key", lb.Key, "3em", func(x *annotations.Label, v string) { x.Key = strings.TrimSpace(v) }),
					app.Input().Type("color").Class("label-color").Value(lb.Color).Disabled(l.ReadOnly).Aria("label", "colour of label "+strconv.Itoa(i+1)).
						OnChange(func(ctx app.Context, e app.Event) {
							if i < len(l.labels) {
								l.labels[i].Color = e.Get("target").Get("value").String()
								changed()
							}
						}, app.EventScope(strconv.Itoa(i))),
					app.Button().Class("quiet remove-label").Text("remove").Disabled(l.ReadOnly).Aria("label", "remove label "+strconv.Itoa(i+1)).
						OnClick(func(ctx app.Context, e app.Event) {
							if i < len(l.labels) {
								l.labels = slices.Delete(l.labels, i, i+1)
								l.showRowsFrom(i)
								changed()
							}
						}, app.EventScope(strconv.Itoa(i))),
				)
			})),
			app.Button().ID("add-label").Class("quiet").Text("Add a label").Disabled(l.ReadOnly).
				OnClick(func(ctx app.Context, e app.Event) {
					l.labels = append(l.labels, annotations.Label{Name: "NEW", Key: freeLabelKey(l.labels), Color: "#e9c46a"})
					changed()
				}),
			app.Label().Body(app.Text("Stance polarities (comma-separated) "),
				app.Input().ID("label-polarities").Value(l.polarities).Disabled(l.ReadOnly).
					OnChange(func(ctx app.Context, e app.Event) {
						l.polarities = e.Get("target").Get("value").String()
						changed()
					})),
			app.Label().Class("check").Body(
				app.Input().Type("checkbox").ID("snap-to-words").Checked(l.snap).Disabled(l.ReadOnly).
					OnChange(func(ctx app.Context, e app.Event) { l.snap = e.Get("target").Get("checked").Bool() }),
				app.Text(" Snap new spans to whole words (and stop them at a paragraph break)"),
			),
			app.P().ID("labels-error").Class("error").Role("alert").Hidden(general == "").Text(general),
			app.P().Class("note").Text("Renaming or removing a label leaves the mentions that have it flagged for review."),
			app.Div().Class("actions").Body(
				app.Button().ID("save-labels").Text("Save").Disabled(l.ReadOnly).
					OnClick(func(ctx app.Context, e app.Event) {
						l.tried = true
						if !l.check() {
							return
						}
						ctx.NewActionWithValue(actionSaveSchema, l.schema())
					}),
				app.Button().ID("cancel-labels").Text("Cancel (Esc)").
					OnClick(func(ctx app.Context, e app.Event) { sendCommand(ctx, cmdClose, "labels") }),
			),
		),
	)
}

// labelFieldID is the id of label i's text field of kind name ("name"
// or "key").
func labelFieldID(name string, i int) string { return "label-" + name + "-" + strconv.Itoa(i) }

// showRowsFrom shows the labels from i on in their rows' text fields once
// a label before them is gone. The rows are rendered by position, so row
// i now renders label i+1, and go-app leaves the removed label's text in
// a field whose new value is empty (showInField).
func (l *LabelEditor) showRowsFrom(i int) {
	for ; i < len(l.labels); i++ {
		showInField(labelFieldID("name", i), l.labels[i].Name)
		showInField(labelFieldID("key", i), l.labels[i].Key)
	}
}

// actionSaveSchema carries the schema the label editor saves.
const actionSaveSchema = "save-schema"

// reservedKeyList lists the keys no label may have, for the dialog's note.
var reservedKeyList = func() string {
	var keys []string
	for _, k := range annotations.EditorKeys() {
		keys = append(keys, k.Key)
	}
	return strings.Join(keys, " ")
}()

// freeLabelKey returns the first digit no label uses as its key ("" when
// all ten are used).
func freeLabelKey(labels []annotations.Label) string {
	for d := 1; d <= 10; d++ {
		k := strconv.Itoa(d % 10)
		if !slices.ContainsFunc(labels, func(l annotations.Label) bool { return l.Key == k }) {
			return k
		}
	}
	return ""
}
