package annotations

import (
	"encoding/json"
	"io"
)

// ExportEntity is an entity mention as the JSONL export writes it.
type ExportEntity struct {
	ID    string `json:"id"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

// ExportRecord is one line of the native JSONL export: one annotation set with
// its article's text.
type ExportRecord struct {
	ArticleID string         `json:"article_id"`
	SetID     string         `json:"set_id"`
	Annotator string         `json:"annotator"`
	Text      string         `json:"text"`
	Entities  []ExportEntity `json:"entities"`
}

// NewExportRecord returns the export record of set s on article a.
func NewExportRecord(a Article, s Set) ExportRecord {
	rec := ExportRecord{ArticleID: a.ID, SetID: s.ID, Annotator: s.Annotator, Text: a.Text, Entities: make([]ExportEntity, 0, len(s.Entities))}
	text := []rune(a.Text)
	for _, e := range s.Entities {
		quote := e.Exact
		if 0 <= e.Start && e.Start < e.End && e.End <= len(text) {
			quote = string(text[e.Start:e.End]) // the article's own text at the offsets
		}
		rec.Entities = append(rec.Entities, ExportEntity{ID: e.ID, Start: e.Start, End: e.End, Label: e.Label, Text: quote})
	}
	return rec
}

// JSONLWriter writes export records as JSON Lines, one record a line.
type JSONLWriter struct {
	enc *json.Encoder
}

// NewJSONLWriter returns a JSONLWriter writing to w.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &JSONLWriter{enc: enc}
}

// Write writes one record and its newline.
func (w *JSONLWriter) Write(rec ExportRecord) error { return w.enc.Encode(rec) }
