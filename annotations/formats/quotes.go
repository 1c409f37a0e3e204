package formats

import "github.com/gloss-annotate/gloss/annotations"

func init() {
	register(linesFormat("quotes", "PARC 3.0-style quote attributions (speaker, cue, content), one a line", quoteRows))
}

// quoteRow is one quote after PARC 3.0 (source, cue, content): the
// speaker's text and, when it is a mention, its offsets (a group speaker:
// the group's name, and the offsets of its first mention), the cue (null
// when none) and the content.
type quoteRow struct {
	ID        string       `json:"id"`
	ArticleID string       `json:"article_id"`
	Annotator string       `json:"annotator"`
	SetID     string       `json:"set_id"`
	Speaker   quoteSpeaker `json:"speaker"`
	Cue       *quoteSpan   `json:"cue"`
	Content   quoteSpan    `json:"content"`
	Direct    bool         `json:"direct"`
}

type quoteSpeaker struct {
	Kind  annotations.RefKind `json:"kind"`
	ID    string              `json:"id"`
	Text  string              `json:"text"`
	Start *int                `json:"start"`
	End   *int                `json:"end"`
}

type quoteSpan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

func quoteRows(rec annotations.ExportRecord, emit func(any) error) error {
	if len(rec.Quotes) == 0 {
		return nil
	}
	entities := make(map[string]annotations.ExportEntity, len(rec.Entities))
	for _, e := range rec.Entities {
		entities[e.ID] = e
	}
	firstMember := map[string]string{}
	for _, g := range rec.Groups {
		best := ""
		for _, m := range g.Members {
			if e, ok := entities[m]; ok && (best == "" || e.Start < entities[best].Start) {
				best = m
			}
		}
		firstMember[g.ID] = best
	}
	for _, q := range rec.Quotes {
		row := quoteRow{ID: q.ID, ArticleID: rec.ArticleID, Annotator: rec.Annotator, SetID: rec.SetID, Direct: q.Direct,
			Content: quoteSpan{q.Start, q.End, q.Text},
			Speaker: quoteSpeaker{Kind: q.Speaker.Kind, ID: q.Speaker.ID, Text: q.Speaker.Text}}
		mention := q.Speaker.ID
		if q.Speaker.Kind == annotations.RefGroup {
			mention = firstMember[q.Speaker.ID]
		}
		if e, ok := entities[mention]; ok {
			row.Speaker.Start, row.Speaker.End = &e.Start, &e.End
		}
		if q.Cue != nil {
			row.Cue = &quoteSpan{q.Cue.Start, q.Cue.End, q.Cue.Text}
		}
		if err := emit(row); err != nil {
			return err
		}
	}
	return nil
}
