package formats

import "github.com/gloss-annotate/gloss/annotations"

// ProblemSummary is what a user is told of an export's problems (the
// browser's download menu shows it): every problem in words, up to a cap,
// and the entities the file lacks, by their text.
type ProblemSummary struct {
	// Count is how many problems the export met; Lines says the first of
	// them (up to the cap) in words.
	Count int      `json:"count"`
	Lines []string `json:"lines"`
	// LeftOut names, as “text” (LABEL), the entities the file lacks: left
	// out, or untagged as they overlap a longer one (the first, up to the
	// cap); LeftOutCount counts them among the problems given.
	LeftOut      []string `json:"left_out"`
	LeftOutCount int      `json:"left_out_count"`
}

// SummarizeProblems sums up problems (the first of count, as
// Exporter.Problems keeps them) of an export of recs, listing at most max
// lines and max entity names.
func SummarizeProblems(problems []Problem, count int, recs []annotations.ExportRecord, max int) ProblemSummary {
	out := ProblemSummary{Count: count, Lines: []string{}, LeftOut: []string{}}
	if out.Count < len(problems) {
		out.Count = len(problems)
	}
	entities := map[string]annotations.ExportEntity{}
	for _, r := range recs {
		for _, e := range r.Entities {
			entities[e.ID] = e
		}
	}
	seen := map[string]bool{}
	for _, p := range problems {
		if len(out.Lines) < max {
			out.Lines = append(out.Lines, p.Message)
		}
		e, isEntity := entities[p.Item]
		if !isEntity || seen[p.Item] || p.Kind != ProblemOverlap && p.Kind != ProblemLeftOut {
			continue
		}
		seen[p.Item] = true
		out.LeftOutCount++
		if len(out.LeftOut) < max {
			out.LeftOut = append(out.LeftOut, "“"+e.Text+"” ("+e.Label+")")
		}
	}
	return out
}
