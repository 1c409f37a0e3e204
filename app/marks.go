package app

import (
	"sort"

	"github.com/gloss-annotate/gloss/annotations"
)

// Mark is one entity mention as a paragraph shows it: offsets in code points
// relative to the paragraph's start, clipped to the paragraph.
type Mark struct {
	ID       string
	Label    string
	Color    string
	Start    int
	End      int
	Conflict bool // other devices' versions wait for the user's choice
}

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
		// The first paragraph that ends after the mention's start.
		i := sort.Search(len(paras), func(i int) bool { return paras[i].End > e.Start })
		for ; i < len(paras) && paras[i].Start < e.End; i++ {
			p := paras[i]
			marks[i] = append(marks[i], Mark{
				ID: e.ID, Label: e.Label, Color: color, Conflict: conflicted[e.ID],
				Start: max(e.Start, p.Start) - p.Start,
				End:   min(e.End, p.End) - p.Start,
			})
		}
	}
	return marks
}

// segment is a run of a paragraph's text covered by the same marks. Mark is
// the innermost (shortest) of them, nil for unmarked text; Depth counts them.
type segment struct {
	Text  string
	Mark  *Mark
	Depth int
	// Covers lists the IDs of every mark over the run, outermost first.
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
		for i := range marks {
			m := &marks[i]
			if m.Start <= a && b <= m.End {
				seg.Depth++
				if seg.Mark == nil || m.End-m.Start < seg.Mark.End-seg.Mark.Start {
					seg.Mark = m
				}
			}
		}
		if seg.Depth > 0 {
			// Outermost first: longer marks enclose shorter ones.
			cov := make([]*Mark, 0, seg.Depth)
			for i := range marks {
				if marks[i].Start <= a && b <= marks[i].End {
					cov = append(cov, &marks[i])
				}
			}
			sort.SliceStable(cov, func(i, j int) bool { return cov[i].End-cov[i].Start > cov[j].End-cov[j].Start })
			for _, m := range cov {
				seg.Covers = append(seg.Covers, m.ID)
			}
		}
		segs = append(segs, seg)
	}
	return segs
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
