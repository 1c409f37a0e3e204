package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// AnnotatorForm shows this device's annotator name and lets the user set it.
// Each annotator's work on an article is that annotator's annotation set.
type AnnotatorForm struct {
	app.Compo
	name    string
	draft   string
	editing bool
	err     string
}

// OnMount reads the name kept on this device.
func (f *AnnotatorForm) OnMount(ctx app.Context) {
	if app.IsServer {
		return
	}
	f.name = currentAnnotator()
	f.draft = f.name
	f.editing = f.name == ""
}

// Render shows the name, or a form to set it.
func (f *AnnotatorForm) Render() app.UI {
	if !f.editing {
		return app.Div().Class("annotator").Body(
			app.Span().Text("Annotator: "),
			app.Strong().ID("annotator-name").Text(f.name),
			app.Button().Class("link").Text("Change").OnClick(func(ctx app.Context, e app.Event) {
				f.editing = true
			}),
		)
	}
	return app.Form().Class("annotator").ID("annotator-form").Body(
		app.Label().For("annotator-input").Text("Your annotator name"),
		app.Input().ID("annotator-input").Type("text").MaxLength(100).
			Placeholder("e.g. ana").AutoComplete(true).Value(f.draft).
			OnInput(func(ctx app.Context, e app.Event) { f.draft = ctx.JSSrc().Get("value").String() }),
		app.Button().Type("submit").Text("Save"),
		app.If(f.err != "", func() app.UI { return app.Span().Class("error").Role("alert").Text(f.err) }),
	).OnSubmit(func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		if err := setAnnotator(f.draft); err != nil {
			f.err = err.Error()
			return
		}
		f.name, f.err, f.editing = currentAnnotator(), "", false
		ctx.NewAction(actionAnnotatorChanged)
	})
}

// actionAnnotatorChanged is sent when the annotator name changes.
const actionAnnotatorChanged = "annotator-changed"
