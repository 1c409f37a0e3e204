package app

import (
	"sort"

	"github.com/gloss-annotate/gloss/annotations"
)

// Mark is one entity mention as a paragraph shows it: offsets in code points
// relative to the paragraph's start, clipped to the paragraph.
type Mark struct {
	ID       string
	Kind     string // markEntity, markQuote or markCue (ID is then the quote's)
	Label    string
	Color    string
	Start    int
	End      int
	Conflict bool // other devices' versions wait for the user's choice
}

// The kinds of mark.
const (
	markEntity = ""
	markQuote  = "quote"
	markCue    = "cue"
)

// paragraphMarks distributes entities over paragraphs: marks[i] holds the
// marks of paras[i]. A mention that crosses a line break is split, one part
// per paragraph, each with the mention's ID.
func paragraphMarks(paras []annotations.Paragraph, entities []annotations.Entity, schema annotations.Schema, conflicted map[string]bool) [][]Mark {
	marks := make([][]Mark, len(paras))
	for _, e := range entities {
		color := ""
		if l, ok := schema.Label(e.Label); ok {
			color = l.Color
		}
		addMark(marks, paras, Mark{ID: e.ID, Label: e.Label, Color: color, Conflict: conflicted[e.ID]}, e.Start, e.End)
	}
	return marks
}

// addQuoteMarks adds the marks of quotes (their content, and their cue) to
// marks.
func addQuoteMarks(marks [][]Mark, paras []annotations.Paragraph, quotes []annotations.Quote, conflicted map[string]bool) {
	for _, q := range quotes {
		addMark(marks, paras, Mark{ID: q.ID, Kind: markQuote, Label: "quote", Conflict: conflicted[q.ID]}, q.Content.Start, q.Content.End)
		if q.Cue != nil {
			addMark(marks, paras, Mark{ID: q.ID, Kind: markCue, Label: "cue"}, q.Cue.Start, q.Cue.End)
		}
	}
}

// addMark adds m over [start, end) to the marks of every paragraph the span
// touches, clipped to each.
func addMark(marks [][]Mark, paras []annotations.Paragraph, m Mark, start, end int) {
	// The first paragraph that ends after the span's start.
	i := sort.Search(len(paras), func(i int) bool { return paras[i].End > start })
	for ; i < len(paras) && paras[i].Start < end; i++ {
		p := paras[i]
		part := m
		part.Start, part.End = max(start, p.Start)-p.Start, min(end, p.End)-p.Start
		marks[i] = append(marks[i], part)
	}
}

// segment is a run of a paragraph's text covered by the same marks. Mark is
// the innermost (shortest) entity mark over it, nil when none; Depth counts
// the entity marks and Outer is the one just outside Mark. Quote is the
// innermost quote over the run and Cue the quote whose cue it is in.
type segment struct {
	Text  string
	Mark  *Mark
	Depth int
	Outer *Mark
	Quote *Mark
	Cue   *Mark
	// Covers lists the IDs of every entity and quote over the run,
	// outermost first: clicking the run again and again selects them from
	// the innermost out.
	Covers []string
}

// segments cuts text at every mark boundary. Joined, the segments' texts
// give text back exactly.
func segments(text string, marks []Mark) []segment {
	runes := []rune(text)
	if len(marks) == 0 {
		return []segment{{Text: text}}
	}
	cuts := map[int]bool{0: true, len(runes): true}
	for _, m := range marks {
		cuts[clamp(m.Start, 0, len(runes))] = true
		cuts[clamp(m.End, 0, len(runes))] = true
	}
	points := make([]int, 0, len(cuts))
	for c := range cuts {
		points = append(points, c)
	}
	sort.Ints(points)
	var segs []segment
	for k := 0; k+1 < len(points); k++ {
		a, b := points[k], points[k+1]
		seg := segment{Text: string(runes[a:b])}
		var cov []*Mark
		for i := range marks {
			m := &marks[i]
			if m.Start > a || b > m.End {
				continue
			}
			switch m.Kind {
			case markCue:
				seg.Cue = m
				continue
			case markQuote:
				if seg.Quote == nil || m.End-m.Start < seg.Quote.End-seg.Quote.Start {
					seg.Quote = m
				}
			default:
				seg.Depth++
				if seg.Mark == nil || m.End-m.Start < seg.Mark.End-seg.Mark.Start {
					seg.Mark = m
				}
			}
			cov = append(cov, m)
		}
		if len(cov) > 0 {
			// Outermost first: longer marks enclose shorter ones; a quote
			// encloses the mentions of the same length.
			sort.SliceStable(cov, func(i, j int) bool {
				li, lj := cov[i].End-cov[i].Start, cov[j].End-cov[j].Start
				if li != lj {
					return li > lj
				}
				return cov[i].Kind == markQuote && cov[j].Kind != markQuote
			})
			for k, m := range cov {
				seg.Covers = append(seg.Covers, m.ID)
				if m == seg.Mark && k > 0 {
					for o := k - 1; o >= 0; o-- {
						if cov[o].Kind == markEntity {
							seg.Outer = cov[o]
							break
						}
					}
				}
			}
		}
		segs = append(segs, seg)
	}
	return segs
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
