package formats

import "github.com/gloss-annotate/gloss/annotations"

// spacyRecord is one line of spaCy-style span JSONL.
type spacyRecord struct {
	Text      string      `json:"text"`
	Spans     []spacySpan `json:"spans"`
	ArticleID string      `json:"article_id"`
	Annotator string      `json:"annotator"`
	SetID     string      `json:"set_id"`
}

type spacySpan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
}

func init() {
	register(linesFormat("spacy", "spaCy-style JSONL: text and spans {start, end, label} (code points, as Doc.char_span takes them)", spacyRows))
}

func spacyRows(rec annotations.ExportRecord, emit func(any) error) error {
	spans := make([]spacySpan, 0, len(rec.Entities))
	for _, e := range rec.Entities {
		spans = append(spans, spacySpan{e.Start, e.End, e.Label})
	}
	return emit(spacyRecord{Text: rec.Text, Spans: spans, ArticleID: rec.ArticleID, Annotator: rec.Annotator, SetID: rec.SetID})
}
