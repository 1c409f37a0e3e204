package app

import (
	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// actionApplyLabel is sent with a label's name when its button is clicked.
const actionApplyLabel = "apply-label"

// LabelPalette shows a button per entity label, with its key.
type LabelPalette struct {
	app.Compo
	Labels []annotations.Label
}

// Render shows the buttons. Pressing one does not take the focus or the text
// selection away from the article.
func (p *LabelPalette) Render() app.UI {
	return app.Div().Class("palette").Role("toolbar").Aria("label", "Entity labels").Body(
		app.Range(p.Labels).Slice(func(i int) app.UI {
			l := p.Labels[i]
			return app.Button().
				Class("label-button").
				DataSet("label", l.Name).
				Style("--ent-color", l.Color).
				Title("Tag the selection as "+l.Name+" (key "+l.Key+")").
				OnMouseDown(func(ctx app.Context, e app.Event) { e.PreventDefault() }, app.EventScope(l.Name)).
				OnClick(func(ctx app.Context, e app.Event) {
					ctx.NewActionWithValue(actionApplyLabel, l.Name)
				}, app.EventScope(l.Name)).
				Body(
					app.Kbd().Text(l.Key),
					app.Span().Text(l.Name),
				)
		}),
	)
}
