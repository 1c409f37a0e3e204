package app

import (
	"slices"

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
	Selected string // the selected mention when it is in this paragraph
}

// Render writes the paragraph's text as text nodes, marked runs as <mark>
// elements carrying data-annotation-id, and adds no other character, so that
// the article element's textContent is the article's text.
func (p *ArticleParagraph) Render() app.UI {
	segs := segments(p.Text, p.Marks)
	return app.P().Class("para").DataSet("index", p.Index).DataSet("start", p.Start).Body(
		app.Range(segs).Slice(func(i int) app.UI {
			s := segs[i]
			if s.Mark == nil {
				return app.Text(s.Text)
			}
			classes := []string{"ent"}
			if s.Depth > 1 {
				classes = append(classes, "nested")
			}
			if s.Mark.Conflict {
				classes = append(classes, "conflict")
			}
			if p.Selected != "" && slices.Contains(s.Covers, p.Selected) {
				classes = append(classes, "selected")
			}
			return app.Mark().
				Class(classes...).
				DataSet("annotation-id", s.Mark.ID).
				DataSet("label", s.Mark.Label).
				Style("--ent-color", s.Mark.Color).
				Title(s.Mark.Label).
				Text(s.Text)
		}),
	)
}
