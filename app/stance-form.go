package app

import (
	"slices"
	"strconv"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// StanceForm makes or edits a stance: its holder (the article, a group, a
// quote's speaker, a mention), its target (a group, a mention, or a topic,
// with the article's topics offered again), its polarity and its evidence
// (quotes, or text selected in the article).
type StanceForm struct {
	app.Compo
	Ed      *editor
	Version int
	Stance  *annotations.Stance

	// missing says, beside the target and beside the polarity, what a
	// refused save lacked; for is the stance it was said of.
	missing [2]string
	for_    *annotations.Stance
}

// changeStance edits the page's stance draft with f (the item pickers'
// holder and target).
func changeStance(ctx app.Context, f func(st *annotations.Stance)) {
	sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.changeStance(f) })
}

// Render shows the form (nothing when no stance is being made or edited).
func (f *StanceForm) Render() app.UI {
	if f.Stance == nil || f.Ed == nil {
		return app.Section().ID("stance-form").Hidden(true)
	}
	e, st := f.Ed, *f.Stance
	if f.for_ != f.Stance {
		f.missing = [2]string{} // another stance, or one changed since
	}
	_, existing := e.stance(st.ID)
	title := "New stance"
	if existing {
		title = "Stance"
	}
	id := st.ID
	target := st.Target.Topic + " (topic)"
	if st.Target.Kind != annotations.RefTopic {
		target = e.refName(st.Target.Kind, st.Target.ID)
	} else if st.Target.Topic == "" {
		target = "(none yet)"
	}
	return app.Section().ID("stance-form").Class("details").
		OnKeyDown(func(ctx app.Context, ev app.Event) {
			if ev.Get("key").String() == "Enter" && (ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool()) {
				ev.PreventDefault()
				f.save(ctx)
				return
			}
			ctx.PreventUpdate()
		}).Body(
		app.H2().Text(title),
		&ItemPicker{Ed: e, Version: e.version, ID: "stance-holder", Mode: pickHolder, Label: "Holder:", Current: e.refName(st.Holder.Kind, st.Holder.ID)},
		&ItemPicker{Ed: e, Version: e.version, ID: "stance-target", Mode: pickTarget, Label: "Target:", Current: target},
		app.P().ID("stance-target-problem").Class("field-error").Role("alert").Hidden(f.missing[0] == "").Text(f.missing[0]),
		app.P().ID("stance-polarity-name").Class("field-name").Text("Polarity"),
		app.Div().ID("stance-polarity").Class("choices").Role("group").Aria("labelledby", "stance-polarity-name").Aria("describedby", "stance-polarity-problem").Body(
			app.Range(e.set.Schema.Polarities()).Slice(func(i int) app.UI {
				pol := e.set.Schema.Polarities()[i]
				return app.Button().Class("choice polarity-choice").DataSet("polarity", pol).Aria("pressed", pol == st.Polarity).Text(pol).
					OnClick(func(ctx app.Context, _ app.Event) { sendCommand(ctx, cmdStancePolarity, pol) }, app.EventScope(pol))
			}),
		),
		app.P().ID("stance-polarity-problem").Class("field-error").Role("alert").Hidden(f.missing[1] == "").Text(f.missing[1]),
		app.P().Class("field-name").Text("Evidence"),
		app.Ul().ID("stance-evidence").Class("item-list").Body(
			app.Range(st.Evidence).Slice(func(i int) app.UI {
				ev := st.Evidence[i]
				text := ""
				if ev.Kind == annotations.RefSpan && ev.Span != nil {
					text = quoted(ev.Span.Exact, 60)
				} else {
					text = "quote " + e.refName(annotations.RefQuote, ev.ID)
				}
				return app.Li().Class("item").Body(app.Span().Text(text+" "),
					app.Button().Class("quiet remove-evidence").Text("remove").
						OnClick(func(ctx app.Context, _ app.Event) {
							sendCommand(ctx, cmdStanceRemoveEvidence, strconv.Itoa(i))
						}, app.EventScope(strconv.Itoa(i))))
			}),
		),
		app.Button().ID("add-evidence").Class("quiet").Text("Add the selected text").
			OnMouseDown(func(ctx app.Context, ev app.Event) { ev.PreventDefault() }).
			OnClick(func(ctx app.Context, _ app.Event) { sendCommand(ctx, cmdStanceAddText, "") }),
		app.Div().ID("evidence-quotes").Class("choices").Hidden(len(e.set.Quotes) == 0).Body(
			app.Range(e.set.Quotes).Slice(func(i int) app.UI {
				q := e.set.Quotes[i]
				used := slices.ContainsFunc(st.Evidence, func(x annotations.Evidence) bool { return x.ID == q.ID })
				return app.Button().Class("choice add-quote-evidence").DataSet("quote", q.ID).Disabled(used).
					Text("+ quote “"+shorten(q.Content.Exact, 40)+"”").
					OnClick(func(ctx app.Context, _ app.Event) { sendCommand(ctx, cmdStanceAddQuote, q.ID) }, app.EventScope(q.ID))
			}),
		),
		app.Div().Class("actions").Body(
			app.Button().ID("save-stance").Title("Save (Ctrl+Enter)").Text("Save stance").
				OnClick(func(ctx app.Context, _ app.Event) { f.save(ctx) }),
			app.Button().Class("quiet").Text("Close").
				OnClick(func(ctx app.Context, _ app.Event) { sendCommand(ctx, cmdClose, "stance") }),
			app.If(existing, func() app.UI { return deleteButton(id, "Delete stance") }),
		),
	)
}

// save saves the stance being made or edited. Without a target (a new
// stance has none: annotations.Stance.Validate requires one) or without a
// polarity it is refused, beside each field that lacks one, and the focus
// goes to the first of them.
func (f *StanceForm) save(ctx app.Context) {
	st := f.Stance
	if st == nil {
		return
	}
	f.missing, f.for_ = [2]string{}, st
	if st.Polarity == "" {
		f.missing[1] = "Choose a polarity before saving."
		focusSoon(ctx, "#stance-polarity button")
	}
	if st.Target.Topic+st.Target.ID == "" {
		f.missing[0] = "Choose a target before saving."
		focusSoon(ctx, "#stance-target")
	}
	if f.missing == [2]string{} {
		sendCommand(ctx, cmdSaveStance, "")
	}
}
