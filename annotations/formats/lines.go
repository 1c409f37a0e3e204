package formats

import (
	"encoding/json"
	"io"

	"github.com/gloss-annotate/gloss/annotations"
)

// linesEncoder writes JSON Lines: rows turns each record into zero or more
// values, one a line, in a file per part.
type linesEncoder struct {
	files *fileSink
	ext   string
	rows  func(rec annotations.ExportRecord, emit func(v any) error) error
	enc   *json.Encoder
}

func (e *linesEncoder) begin(part string) error {
	w, err := e.files.file(partFile(part, e.ext))
	if err != nil {
		return err
	}
	e.enc = newJSONEncoder(w)
	return nil
}

func (e *linesEncoder) write(rec annotations.ExportRecord) error {
	return e.rows(rec, e.enc.Encode)
}

func (e *linesEncoder) end() error   { return nil }
func (e *linesEncoder) close() error { return nil }

// newJSONEncoder returns a JSON encoder to w that leaves <, > and & as they
// are: the output is data, not HTML.
func newJSONEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// linesFormat returns the Format of a JSON Lines export whose rows are
// made by rows.
func linesFormat(name, description string, rows func(rec annotations.ExportRecord, emit func(v any) error) error) Format {
	return Format{Name: name, Description: description, ContentType: "application/x-ndjson; charset=utf-8", Ext: ".jsonl",
		newEncoder: func(files *fileSink, _ Options) encoder {
			return &linesEncoder{files: files, ext: ".jsonl", rows: rows}
		}}
}
