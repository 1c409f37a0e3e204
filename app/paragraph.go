package app

import (
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ArticleParagraph shows one line of the article with its highlights. Each
// paragraph is its own component, and go-app re-renders a component only
// when its fields change, so an edit re-renders the paragraphs it touches,
// not the article.
type ArticleParagraph struct {
	app.Compo
	Index    int
	Start    int
	Text     string
	Marks    []Mark
	Selected string // the selected annotation when it is in this paragraph
	// Linked lists the annotations in this paragraph linked to the selected
	// one: the speaker of a selected quote, the quotes of a selected
	// speaker, a stance's holder, target and evidence.
	Linked []string
}

// Render writes the paragraph's text as text nodes, marked runs as <mark>
// elements carrying data-annotation-id, and adds no other character, so that
// the article element's textContent is the article's text.
func (p *ArticleParagraph) Render() app.UI {
	segs := segments(p.Text, p.Marks)
	return app.P().Class("para").DataSet("index", p.Index).DataSet("start", p.Start).Body(
		app.Range(segs).Slice(func(i int) app.UI {
			s := segs[i]
			if s.Mark == nil && s.Quote == nil && s.Cue == nil {
				return app.Text(s.Text)
			}
			var classes []string
			id, label, color, title := "", "", "", ""
			if s.Mark != nil {
				classes = append(classes, "ent")
				id, label, color, title = s.Mark.ID, s.Mark.Label, s.Mark.Color, s.Mark.Label
				if s.Depth > 1 {
					classes = append(classes, "nested")
				}
				if s.Mark.Conflict {
					classes = append(classes, "conflict")
				}
			}
			if s.Quote != nil {
				classes = append(classes, "quote")
				if id == "" {
					id, label, title = s.Quote.ID, "quote", "quote"
				} else {
					title += " in a quote"
				}
				if s.Quote.Conflict {
					classes = append(classes, "conflict")
				}
			}
			if s.Cue != nil {
				classes = append(classes, "cue")
				if id == "" {
					id, label, title = s.Cue.ID, "cue", "cue of a quote"
				}
			}
			if p.Selected != "" && (slices.Contains(s.Covers, p.Selected) || (s.Cue != nil && s.Cue.ID == p.Selected)) {
				classes = append(classes, "selected")
			}
			for _, l := range p.Linked {
				if slices.Contains(s.Covers, l) {
					classes = append(classes, "linked")
					break
				}
			}
			m := app.Mark().
				Class(classes...).
				DataSet("annotation-id", id).
				DataSet("label", label).
				Title(title).
				Text(s.Text)
			if len(s.Covers) > 1 {
				m = m.DataSet("covers", strings.Join(s.Covers, " "))
			}
			if color != "" {
				m = m.Style("--ent-color", color)
			}
			if s.Outer != nil && s.Outer.Color != "" {
				m = m.Style("--outer-color", s.Outer.Color)
			}
			return m
		}),
	)
}
