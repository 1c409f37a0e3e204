package app

import (
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ItemDetails shows what is selected and what can be done with it: a quote
// being made (pick its speaker), a quote (speaker, cue, direct), a mention
// (label, group, what refers to it), a group (name, members).
type ItemDetails struct {
	app.Compo
	Ed       *editor
	Version  int
	Selected string
	Draft    *draftQuote
}

// Render shows the details.
func (d *ItemDetails) Render() app.UI {
	e := d.Ed
	body := []app.UI{}
	switch {
	case d.Draft != nil:
		body = d.renderDraft()
	case e.kindOf(d.Selected) == annotations.KindQuote:
		body = d.renderQuote()
	case e.kindOf(d.Selected) == annotations.KindEntity:
		body = d.renderMention()
	case e.kindOf(d.Selected) == annotations.KindGroup:
		body = d.renderGroup()
	}
	return app.Section().ID("details").Class("details").Hidden(len(body) == 0).Body(body...)
}

func (d *ItemDetails) renderDraft() []app.UI {
	dr := d.Draft
	text := string(d.Ed.text[dr.Start:dr.End])
	return []app.UI{
		app.H2().Text("New quote"),
		app.P().Class("quote-text").Text(quoted(text, 200)),
		app.Label().Class("check").Body(
			app.Input().Type("checkbox").ID("draft-direct").Checked(dr.Direct).
				OnChange(func(ctx app.Context, e app.Event) {
					v := e.Get("target").Get("checked").Bool()
					sendUI(ctx, func(ctx app.Context, p *ArticlePage) {
						if p.draft != nil {
							p.draft.Direct = v
						}
					})
				}),
			app.Text(" direct (in quotation marks; d toggles)"),
		),
		&ItemPicker{Ed: d.Ed, Version: d.Ed.version, ID: "speaker-input", Mode: pickSpeaker, Label: "Who says it?", Near: span{dr.Start, dr.End}},
		app.Button().ID("cancel-quote").Class("quiet").Text("Cancel (Esc)").
			OnClick(func(ctx app.Context, e app.Event) {
				sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.draft = nil })
			}),
	}
}

func (d *ItemDetails) renderQuote() []app.UI {
	e := d.Ed
	q, _ := e.quote(d.Selected)
	cue := "none: select it in the text and press c"
	if q.Cue != nil {
		cue = "“" + q.Cue.Exact + "”"
	}
	id := q.ID
	return []app.UI{
		app.H2().Text("Quote"),
		app.P().Class("quote-text").Text(quoted(q.Content.Exact, 200)),
		app.P().ID("quote-speaker").Body(app.Strong().Text("Speaker: "), app.Span().Class("speaker-name").Text(e.refName(q.Speaker.Kind, q.Speaker.ID))),
		app.P().ID("quote-cue").Body(app.Strong().Text("Cue: "), app.Text(cue),
			app.Button().Class("quiet").Hidden(q.Cue == nil).Text("Remove cue").
				OnClick(func(ctx app.Context, ev app.Event) {
					sendEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) {
						rev, err := e.setCue(id, 0, 0)
						return []annotations.Revision{rev}, err
					}})
				}, app.EventScope(id))),
		app.Label().Class("check").Body(
			app.Input().Type("checkbox").ID("quote-direct").Checked(q.Direct).
				OnChange(func(ctx app.Context, ev app.Event) {
					v := ev.Get("target").Get("checked").Bool()
					sendEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) {
						rev, err := e.setDirect(id, v)
						return []annotations.Revision{rev}, err
					}})
				}, app.EventScope(id)),
			app.Text(" direct (d)"),
		),
		&ItemPicker{Ed: e, Version: e.version, ID: "speaker-input", Mode: pickSpeaker, Label: "Change the speaker", Near: span{q.Content.Start, q.Content.End}},
		deleteButton(id, "Delete quote"),
	}
}

func (d *ItemDetails) renderMention() []app.UI {
	e := d.Ed
	en, _ := e.entity(d.Selected)
	id := en.ID
	g, inGroup := e.groupOf(id)
	current := ""
	if inGroup {
		current = g.ID
	}
	apart := groupsApart(e)
	boundary := annotations.SpanBoundary(e.text, en.Start, en.End)
	refs := e.set.ReferencesTo(id)
	if inGroup {
		refs = append(refs, e.set.ReferencesTo(g.ID)...)
	}
	return []app.UI{
		app.H2().Text("Mention"),
		app.P().Body(app.Strong().Text(en.Label+" "), app.Text(en.Exact), app.Span().Class("note").Text(" ("+strconv.Itoa(en.Start)+"–"+strconv.Itoa(en.End)+")")),
		app.If(!boundary.OK(), func() app.UI {
			return app.P().ID("mention-boundary").Class("warning").Text("This span " + boundary.String() + ": select it again to fix it, or turn on “Snap new spans to whole words” under Labels (l).")
		}),
		app.P().Class("field-name").Text("Entity group (g makes a new one)"),
		app.Div().ID("mention-groups").Class("choices").Role("group").Body(
			groupChoice(id, "-", "none", !inGroup),
			groupChoice(id, "+", "new: “"+shorten(en.Exact, 30)+"”", false),
			app.Range(e.set.Groups).Slice(func(i int) app.UI {
				gr := e.set.Groups[i]
				text := gr.Name
				if i < len(apart) && apart[i] != "" {
					n, _, _ := strings.Cut(apart[i], ",")
					text += " (" + n + ")"
				}
				return groupChoice(id, gr.ID, text, gr.ID == current)
			}),
		),
		app.Ul().Class("refs").Body(
			app.Range(refs).Slice(func(i int) app.UI {
				return app.Li().Text("Used by " + describeReference(e, refs[i]))
			}),
		),
		deleteButton(id, "Delete mention"),
	}
}

func (d *ItemDetails) renderGroup() []app.UI {
	e := d.Ed
	g, _ := e.group(d.Selected)
	id := g.ID
	return []app.UI{
		app.H2().Text("Entity group"),
		app.Label().Body(app.Text("Canonical name "),
			app.Input().ID("group-name").Value(g.Name).
				OnChange(func(ctx app.Context, ev app.Event) {
					name := ev.Get("target").Get("value").String()
					sendEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) {
						g, ok := e.group(id)
						if !ok || g.Name == annotations.NormalizeLine(name) {
							return nil, nil
						}
						g.Name = name
						rev, err := e.putGroup(g)
						return []annotations.Revision{rev}, err
					}, Select: id, Unchanged: func(e *editor) {
						// A rename refused, or to the same name once
						// normalized: the field shows the name the group
						// has (showInField).
						if g, ok := e.group(id); ok {
							showInField("group-name", g.Name)
						}
					}})
				}, app.EventScope(id))),
		app.Ul().Class("item-list group-members").Body(
			app.Range(g.Members).Slice(func(i int) app.UI {
				m := g.Members[i]
				text := "(deleted mention)"
				if en, ok := e.entity(m); ok {
					text = en.Label + " " + en.Exact + " (" + strconv.Itoa(en.Start) + ")"
				}
				return app.Li().Class("item").DataSet("annotation-id", m).Body(selectButton(m, "member-select", app.Text(text)))
			}),
		),
		deleteButton(id, "Delete group"),
	}
}

// deleteButton deletes item id (asking first when others refer to it).
func deleteButton(id, text string) app.UI {
	return app.Button().Class("delete-item danger").Text(text+" (Delete)").
		OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(actionDeleteAnnotation, id) }, app.EventScope(id))
}

// groupChoice is a button that puts mention id in group (a group's ID, "-"
// for none, "+" for a new group named after the mention).
func groupChoice(id, group, text string, pressed bool) app.UI {
	return app.Button().Class("choice").DataSet("group", group).Aria("pressed", pressed).Text(text).
		OnClick(func(ctx app.Context, ev app.Event) {
			// Pressed or not, as the mention is now: joining its group
			// or leaving none changes nothing (go-app keeps the first
			// render's handler, and with it what it captured).
			sendEdit(ctx, editOp{Do: func(e *editor) ([]annotations.Revision, error) {
				switch group {
				case "-":
					if g, ok := e.groupOf(id); ok {
						rev, err := e.leaveGroup(g, id)
						return []annotations.Revision{rev}, err
					}
					return nil, nil
				case "+":
					return e.joinGroup(id, "")
				}
				return e.joinGroup(id, group)
			}, Select: id})
		}, app.EventScope(id+"/"+group)) // the mention too: closures of one line compare equal
}
