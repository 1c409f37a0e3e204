package app

import (
	"maps"
	"slices"
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
	// Warn says what is off about a mention's span ("starts inside a
	// word"), annotations.SpanBoundary in words; "" when nothing is.
	Warn string
}

// The kinds of mark.
const (
	markEntity = ""
	markQuote  = "quote"
	markCue    = "cue"
	// markSuggestion is a suggestion (suggestions.go): ID is its Key,
	// Label its label ("quote" for a quote) and Warn its description.
	markSuggestion = "suggestion"
)

// paragraphMarks distributes entities over paragraphs: marks[i] holds the
// marks of paras[i]. A mention that crosses a line break is split, one part
// per paragraph, each with the mention's ID.
func paragraphMarks(paras []annotations.Paragraph, entities []annotations.Entity, schema annotations.Schema, conflicted map[string]bool) [][]Mark {
	marks := make([][]Mark, len(paras))
	warn := boundaryWarner(paras)
	for _, e := range entities {
		color := ""
		if l, ok := schema.Label(e.Label); ok {
			color = l.Color
		}
		addMark(marks, paras, Mark{ID: e.ID, Label: e.Label, Color: color, Conflict: conflicted[e.ID], Warn: warn(e.Start, e.End)}, e.Start, e.End)
	}
	return marks
}

// boundaryWarner returns a function that says what is off about the span
// [start, end) of the text of paras (annotations.SpanBoundary): it reads
// only the paragraphs where the span starts and ends (each paragraph keeps
// its line break, so a word never runs from one into the next), and
// decodes each paragraph once.
func boundaryWarner(paras []annotations.Paragraph) func(start, end int) string {
	runes := map[int][]rune{}
	text := func(i int) []rune {
		r, ok := runes[i]
		if !ok {
			r = []rune(paras[i].Text)
			runes[i] = r
		}
		return r
	}
	return func(start, end int) string {
		i := sort.Search(len(paras), func(i int) bool { return paras[i].End > start })
		if i == len(paras) || end <= start {
			return ""
		}
		p := paras[i]
		b := annotations.SpanBoundary(text(i), start-p.Start, min(end, p.End)-p.Start)
		if end > p.End {
			j := sort.Search(len(paras), func(j int) bool { return paras[j].End >= end })
			if j < len(paras) {
				last := annotations.SpanBoundary(text(j), 0, end-paras[j].Start)
				b.EndsInWord, b.CrossesParagraph = last.EndsInWord, true
			}
		}
		return b.String()
	}
}

// markCache keeps each paragraph's marks from one render to the next, so
// that an edit recomputes only the paragraphs where entities or quotes
// changed: the cost of an edit does not grow with the article. A paragraph
// that did not change keeps the very same slice, which go-app compares in
// constant time.
type markCache struct {
	paras      []annotations.Paragraph
	entities   []annotations.Entity
	quotes     []annotations.Quote
	labels     []annotations.Label
	conflicted map[string]bool
	marks      [][]Mark
}

// update returns the marks of paras for entities and quotes (in the set's
// orders, CompareEntities and CompareQuotes), the labels' colours of schema
// and the conflicted items, as paragraphMarks and addQuoteMarks give them.
func (c *markCache) update(paras []annotations.Paragraph, entities []annotations.Entity, quotes []annotations.Quote, schema annotations.Schema, conflicted map[string]bool) [][]Mark {
	sameParas := len(c.paras) == len(paras) && (len(paras) == 0 || &c.paras[0] == &paras[0])
	if c.marks == nil || !sameParas || !slices.Equal(c.labels, schema.EntityLabels) || !maps.Equal(c.conflicted, conflicted) {
		marks := paragraphMarks(paras, entities, schema, conflicted)
		addQuoteMarks(marks, paras, quotes, conflicted)
		if sameParas {
			keepUnchanged(marks, c.marks)
		}
		c.marks = marks
	} else {
		dirty := map[int]bool{}
		diffSorted(c.entities, entities, annotations.CompareEntities, func(e annotations.Entity) {
			markParagraphs(dirty, paras, e.Start, e.End)
		})
		diffSorted(c.quotes, quotes, annotations.CompareQuotes, func(q annotations.Quote) {
			markParagraphs(dirty, paras, q.Content.Start, q.Content.End)
			if q.Cue != nil {
				markParagraphs(dirty, paras, q.Cue.Start, q.Cue.End)
			}
		})
		if len(dirty) > 0 {
			marks := c.recompute(dirty, paras, entities, quotes, schema, conflicted)
			keepUnchanged(marks, c.marks)
			c.marks = marks
		}
	}
	c.paras, c.entities, c.quotes, c.labels, c.conflicted = paras, entities, quotes, schema.EntityLabels, conflicted
	return c.marks
}

// recompute returns a copy of the cached marks in which the dirty
// paragraphs' marks are made again, in the order paragraphMarks and
// addQuoteMarks give them (entities, then quotes).
func (c *markCache) recompute(dirty map[int]bool, paras []annotations.Paragraph, entities []annotations.Entity, quotes []annotations.Quote, schema annotations.Schema, conflicted map[string]bool) [][]Mark {
	marks := slices.Clone(c.marks)
	lo, hi := len(paras), 0
	for i := range dirty {
		marks[i] = nil
		lo, hi = min(lo, paras[i].Start), max(hi, paras[i].End)
	}
	add := func(m Mark, start, end int) {
		if end <= lo || start >= hi {
			return
		}
		i := sort.Search(len(paras), func(i int) bool { return paras[i].End > start })
		for ; i < len(paras) && paras[i].Start < end; i++ {
			if !dirty[i] {
				continue
			}
			p := paras[i]
			part := m
			part.Start, part.End = max(start, p.Start)-p.Start, min(end, p.End)-p.Start
			marks[i] = append(marks[i], part)
		}
	}
	warn := boundaryWarner(paras)
	for _, e := range entities {
		if e.End <= lo || e.Start >= hi {
			continue
		}
		color := ""
		if l, ok := schema.Label(e.Label); ok {
			color = l.Color
		}
		add(Mark{ID: e.ID, Label: e.Label, Color: color, Conflict: conflicted[e.ID], Warn: warn(e.Start, e.End)}, e.Start, e.End)
	}
	for _, q := range quotes {
		add(Mark{ID: q.ID, Kind: markQuote, Label: "quote", Conflict: conflicted[q.ID]}, q.Content.Start, q.Content.End)
		if q.Cue != nil {
			add(Mark{ID: q.ID, Kind: markCue, Label: "cue"}, q.Cue.Start, q.Cue.End)
		}
	}
	return marks
}

// keepUnchanged puts back in marks each paragraph's old slice where its
// marks are equal to the old ones.
func keepUnchanged(marks, old [][]Mark) {
	for i := range min(len(marks), len(old)) {
		if len(marks[i]) > 0 && len(old[i]) > 0 && &marks[i][0] == &old[i][0] {
			continue // the very same
		}
		if slices.Equal(marks[i], old[i]) {
			marks[i] = old[i]
		}
	}
}

// markParagraphs adds to dirty the indexes of the paragraphs that
// [start, end) touches.
func markParagraphs(dirty map[int]bool, paras []annotations.Paragraph, start, end int) {
	i := sort.Search(len(paras), func(i int) bool { return paras[i].End > start })
	for ; i < len(paras) && paras[i].Start < end; i++ {
		dirty[i] = true
	}
}

// diffSorted calls changed with every value that is in old or in new but
// not in both (a value that changed comes twice: as it was, as it is). Both
// slices are sorted by compare, a total order; two values are the same when
// they are equal (==).
func diffSorted[T comparable](old, new []T, compare func(a, b T) int, changed func(T)) {
	if len(old) == len(new) && (len(old) == 0 || &old[0] == &new[0]) {
		return // the same slice: nothing changed
	}
	i, j := 0, 0
	for i < len(old) || j < len(new) {
		switch {
		case i < len(old) && j < len(new) && old[i] == new[j]:
			i, j = i+1, j+1
		case j == len(new) || (i < len(old) && compare(old[i], new[j]) < 0):
			changed(old[i])
			i++
		case i == len(old) || compare(old[i], new[j]) > 0:
			changed(new[j])
			j++
		default: // the same place in the order, another value
			changed(old[i])
			changed(new[j])
			i, j = i+1, j+1
		}
	}
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
// the entity marks and Outers are the ones around Mark, outermost first
// (Outer is the last, just outside Mark), so that every level of nesting
// can be drawn. Quote is the innermost quote over the run and Cue the quote
// whose cue it is in.
type segment struct {
	Text   string
	Mark   *Mark
	Depth  int
	Outer  *Mark
	Outers []*Mark
	Quote  *Mark
	Cue    *Mark
	// Suggestion is the shortest suggestion over the run, nil when none.
	Suggestion *Mark
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
			case markSuggestion:
				if seg.Suggestion == nil || m.End-m.Start < seg.Suggestion.End-seg.Suggestion.Start {
					seg.Suggestion = m
				}
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
			for _, m := range cov {
				seg.Covers = append(seg.Covers, m.ID)
				if m.Kind == markEntity && m != seg.Mark {
					seg.Outers = append(seg.Outers, m)
				}
			}
			if len(seg.Outers) > 0 {
				seg.Outer = seg.Outers[len(seg.Outers)-1]
			}
		}
		segs = append(segs, seg)
	}
	return segs
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
