package app

import (
	"slices"
	"strconv"
	"strings"

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
}

// changeStance edits the page's stance draft; f gets a copy (a new pointer,
// so that the form sees the change).
func changeStance(ctx app.Context, f func(st *annotations.Stance)) {
	sendUI(ctx, func(ctx app.Context, p *ArticlePage) {
		if p.stance == nil {
			return
		}
		st := *p.stance
		st.Evidence = slices.Clone(st.Evidence)
		f(&st)
		p.stance = &st
	})
}

// refValue encodes a reference as an option's value, "kind:id".
func refValue(kind annotations.RefKind, id string) string { return string(kind) + ":" + id }

func parseRefValue(v string) (annotations.RefKind, string) {
	kind, id, _ := strings.Cut(v, ":")
	return annotations.RefKind(kind), id
}

// Render shows the form (nothing when no stance is being made or edited).
func (f *StanceForm) Render() app.UI {
	if f.Stance == nil || f.Ed == nil {
		return app.Section().ID("stance-form").Hidden(true)
	}
	e, st := f.Ed, *f.Stance
	_, existing := e.stance(st.ID)
	title := "New stance"
	if existing {
		title = "Stance"
	}
	holder := refValue(st.Holder.Kind, st.Holder.ID)
	target := refValue(st.Target.Kind, st.Target.ID)
	var holders, targets []app.UI
	holders = append(holders, app.Option().Value(refValue(annotations.RefArticle, "")).Selected(holder == "article:").Text("the article itself"))
	targets = append(targets, app.Option().Value(refValue(annotations.RefTopic, "")).Selected(st.Target.Kind == annotations.RefTopic).Text("a topic (type it below)"))
	for _, g := range e.set.Groups {
		v := refValue(annotations.RefGroup, g.ID)
		holders = append(holders, app.Option().Value(v).Selected(holder == v).Text(g.Name+" (group)"))
		targets = append(targets, app.Option().Value(v).Selected(target == v).Text(g.Name+" (group)"))
	}
	for _, q := range e.set.Quotes {
		v := refValue(annotations.RefQuoteSpeaker, q.ID)
		holders = append(holders, app.Option().Value(v).Selected(holder == v).Text(e.refName(annotations.RefQuoteSpeaker, q.ID)+": “"+shorten(q.Content.Exact, 30)+"”"))
	}
	for _, en := range e.set.Entities {
		v := refValue(annotations.RefEntity, en.ID)
		name := en.Exact + " (" + en.Label + " at " + strconv.Itoa(en.Start) + ")"
		holders = append(holders, app.Option().Value(v).Selected(holder == v).Text(name))
		targets = append(targets, app.Option().Value(v).Selected(target == v).Text(name))
	}
	topics := e.topics()
	id := st.ID
	return app.Section().ID("stance-form").Class("details").
		OnKeyDown(func(ctx app.Context, ev app.Event) {
			if ev.Get("key").String() == "Enter" && (ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool()) {
				ev.PreventDefault()
				// Let a field being typed in report its change first.
				ev.Get("target").Call("blur")
				ctx.After(0, func(ctx app.Context) { saveStance(ctx) })
				return
			}
			ctx.PreventUpdate()
		}).Body(
		app.H2().Text(title),
		app.Label().Body(app.Text("Holder "), app.Select().ID("stance-holder").Body(holders...).
			OnChange(func(ctx app.Context, ev app.Event) {
				kind, rid := parseRefValue(ev.Get("target").Get("value").String())
				changeStance(ctx, func(st *annotations.Stance) { st.Holder = annotations.Holder{Kind: kind, ID: rid} })
			})),
		app.Label().Body(app.Text("Target "), app.Select().ID("stance-target").Body(targets...).
			OnChange(func(ctx app.Context, ev app.Event) {
				kind, rid := parseRefValue(ev.Get("target").Get("value").String())
				changeStance(ctx, func(st *annotations.Stance) {
					topic := st.Target.Topic
					st.Target = annotations.Target{Kind: kind, ID: rid}
					if kind == annotations.RefTopic {
						st.Target.Topic = topic
					}
				})
			})),
		app.Label().Hidden(st.Target.Kind != annotations.RefTopic).Body(app.Text("Topic "),
			app.Input().ID("stance-topic").List("stance-topics").Placeholder("the UN resolution").Value(st.Target.Topic).
				OnChange(func(ctx app.Context, ev app.Event) {
					v := ev.Get("target").Get("value").String()
					changeStance(ctx, func(st *annotations.Stance) { st.Target.Topic = annotations.NormalizeLine(v) })
				}),
			app.DataList().ID("stance-topics").Body(app.Range(topics).Slice(func(i int) app.UI { return app.Option().Value(topics[i]) })),
		),
		app.Label().Body(app.Text("Polarity "), app.Select().ID("stance-polarity").
			OnChange(func(ctx app.Context, ev app.Event) {
				v := ev.Get("target").Get("value").String()
				changeStance(ctx, func(st *annotations.Stance) { st.Polarity = v })
			}).
			Body(app.Range(e.set.Schema.Polarities()).Slice(func(i int) app.UI {
				p := e.set.Schema.Polarities()[i]
				return app.Option().Value(p).Selected(p == st.Polarity).Text(p)
			}))),
		app.H3().Text("Evidence"),
		app.Ul().ID("stance-evidence").Class("item-list").Body(
			app.Range(st.Evidence).Slice(func(i int) app.UI {
				ev := st.Evidence[i]
				text := ""
				if ev.Kind == annotations.RefSpan && ev.Span != nil {
					text = "“" + shorten(ev.Span.Exact, 60) + "”"
				} else {
					text = "quote " + e.refName(annotations.RefQuote, ev.ID)
				}
				return app.Li().Class("item").Body(app.Span().Text(text+" "),
					app.Button().Class("quiet remove-evidence").Text("remove").
						OnClick(func(ctx app.Context, _ app.Event) {
							changeStance(ctx, func(st *annotations.Stance) { st.Evidence = slices.Delete(st.Evidence, i, i+1) })
						}, app.EventScope(strconv.Itoa(i))))
			}),
		),
		app.Button().ID("add-evidence").Class("quiet").Text("Add the selected text").
			OnMouseDown(func(ctx app.Context, ev app.Event) { ev.PreventDefault() }).
			OnClick(func(ctx app.Context, _ app.Event) {
				sendUI(ctx, func(ctx app.Context, p *ArticlePage) {
					start, end, has := domSelection(p.paras)
					if !has {
						p.editErr = "Select the evidence in the text first."
						return
					}
					s, en := p.ed.trimSpan(start, end)
					span, err := annotations.NewSpan(p.ed.text, s, en)
					if err != nil || p.stance == nil {
						return
					}
					clearDOMSelection()
					st := *p.stance
					st.Evidence = append(slices.Clone(st.Evidence), annotations.Evidence{Kind: annotations.RefSpan, Span: &span})
					p.stance = &st
				})
			}),
		app.Select().ID("evidence-quote").Hidden(len(e.set.Quotes) == 0).
			OnChange(func(ctx app.Context, ev app.Event) {
				q := ev.Get("target").Get("value").String()
				if q == "" {
					return
				}
				changeStance(ctx, func(st *annotations.Stance) {
					if !slices.ContainsFunc(st.Evidence, func(x annotations.Evidence) bool { return x.ID == q }) {
						st.Evidence = append(st.Evidence, annotations.Evidence{Kind: annotations.RefQuote, ID: q})
					}
				})
			}).
			Body(app.Option().Value("").Selected(true).Text("Add a quote as evidence…"),
				app.Range(e.set.Quotes).Slice(func(i int) app.UI {
					q := e.set.Quotes[i]
					return app.Option().Value(q.ID).Text("“" + shorten(q.Content.Exact, 50) + "”")
				})),
		app.Div().Class("actions").Body(
			app.Button().ID("save-stance").Title("Save (Ctrl+Enter)").Text("Save stance").
				OnClick(func(ctx app.Context, _ app.Event) { saveStance(ctx) }),
			app.Button().Class("quiet").Text("Close").
				OnClick(func(ctx app.Context, _ app.Event) {
					sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.stance = nil })
				}),
			app.If(existing, func() app.UI { return deleteButton(id, "Delete stance") }),
		),
	)
}

// saveStance saves the stance being made or edited.
func saveStance(ctx app.Context) {
	sendUI(ctx, func(ctx app.Context, p *ArticlePage) {
		if p.stance == nil {
			return
		}
		draft := *p.stance
		if draft.ID == "" {
			draft.ID = newItemID()
		}
		p.runEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) {
			if old, ok := e.stance(draft.ID); ok && sameStance(old, draft) {
				return nil, nil
			}
			rev, err := e.putStance(draft)
			return []annotations.Revision{rev}, err
		}, Select: draft.ID, After: func(p *ArticlePage) { p.stance = &draft; p.notice = "Stance saved." }})
	})
}
