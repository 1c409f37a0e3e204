package app

import (
	"slices"
	"strconv"
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
	// Suggested holds the marks of the suggestions in this paragraph
	// (markSuggestion), Chosen the Key of the chosen one when it is here.
	Suggested []Mark
	Chosen    string
}

// paragraphSegments cuts a paragraph's text at its marks' and suggestions'
// boundaries: the runs its Render writes, one node each.
func paragraphSegments(text string, marks, suggested []Mark) []segment {
	if len(suggested) == 0 {
		return segments(text, marks)
	}
	return segments(text, append(slices.Clip(marks), suggested...))
}

// Render writes the paragraph's text as text nodes, marked runs as <mark>
// elements carrying data-annotation-id, and adds no other character, so that
// the article element's textContent is the article's text.
func (p *ArticleParagraph) Render() app.UI {
	segs := paragraphSegments(p.Text, p.Marks, p.Suggested)
	// dir="auto": an Arabic or Hebrew paragraph is laid out right to left,
	// from its own text; offsets count the same either way.
	return app.P().Class("para").Dir("auto").DataSet("index", p.Index).DataSet("start", p.Start).Body(
		app.Range(segs).Slice(func(i int) app.UI {
			s := segs[i]
			if s.Mark == nil && s.Quote == nil && s.Cue == nil && s.Suggestion == nil {
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
				if s.Mark.Warn != "" {
					classes = append(classes, "off-word")
					title += ": " + s.Mark.Warn
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
			if g := s.Suggestion; g != nil {
				classes = append(classes, "suggestion")
				if g.ID == p.Chosen {
					classes = append(classes, "chosen")
				}
				if id == "" {
					// A suggestion alone is no annotation: a span, not a
					// mark, with its label apart from the annotations'.
					sp := app.Span().Class(classes...).DataSet("suggestion", g.ID).DataSet("suggested-label", g.Label).
						Title(g.Warn + " (Enter accepts, x rejects)").Text(s.Text)
					if g.Color != "" {
						sp = sp.Style("--ent-color", g.Color)
					}
					return sp
				}
				title += "; suggested: " + g.Warn
			}
			m := app.Mark().Class(classes...).
				DataSet("annotation-id", id).
				DataSet("label", label).
				Title(title).
				Text(s.Text)
			if s.Suggestion != nil {
				m = m.DataSet("suggestion", s.Suggestion.ID)
			}
			if len(s.Covers) > 1 {
				m = m.DataSet("covers", strings.Join(s.Covers, " "))
			}
			if color != "" {
				m = m.Style("--ent-color", color)
			}
			if len(s.Outers) > 0 {
				m = m.Style("box-shadow", nestingBands(s.Outers)).Title(nestingTitle(title, s.Outers))
			}
			return m
		}),
	)
}

// nestingBandEm is the height of the band that shows one mention around
// another, in em.
const nestingBandEm = 0.2

// nestingBands returns the box-shadow that draws each mention around a
// run as a band of its colour under the text, the outermost lowest: a
// mention keeps its band's height along its whole length, so three levels
// read as three nested mentions, not as runs side by side.
func nestingBands(outers []*Mark) string {
	var b strings.Builder
	for i, o := range outers {
		if i > 0 {
			b.WriteString(", ")
		}
		color := o.Color
		if color == "" {
			color = "#999"
		}
		b.WriteString("inset 0 -" + strconv.FormatFloat(nestingBandEm*float64(i+1), 'f', 1, 64) + "em 0 " + color)
	}
	return b.String()
}

// nestingTitle says what a run is inside: "LOC in ORG in ORG (click again
// for the next)".
func nestingTitle(title string, outers []*Mark) string {
	for i := len(outers) - 1; i >= 0; i-- {
		title += " in " + outers[i].Label
	}
	return title + " (click again for the one around it)"
}
