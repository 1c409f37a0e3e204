package formats

import "github.com/gloss-annotate/gloss/annotations"

func init() {
	register(linesFormat("doccano", "doccano sequence labeling JSONL: text and [start, end, label] (code points)", doccanoRows))
}

// doccanoSpan is [start, end, label], as doccano writes it.
type doccanoSpan [3]any

// doccanoRecord is one line of doccano's sequence-labeling JSONL. doccano
// keeps keys other than "text" and "label" as the example's metadata, so
// the record's identity travels with it.
type doccanoRecord struct {
	Text      string        `json:"text"`
	Label     []doccanoSpan `json:"label"`
	ArticleID string        `json:"article_id"`
	Annotator string        `json:"annotator"`
	SetID     string        `json:"set_id"`
}

func doccanoRows(rec annotations.ExportRecord, emit func(any) error) error {
	spans := make([]doccanoSpan, 0, len(rec.Entities))
	for _, e := range rec.Entities {
		spans = append(spans, doccanoSpan{e.Start, e.End, e.Label})
	}
	return emit(doccanoRecord{Text: rec.Text, Label: spans, ArticleID: rec.ArticleID, Annotator: rec.Annotator, SetID: rec.SetID})
}
