package formats

import "github.com/gloss-annotate/gloss/annotations"

func init() {
	register(Format{Name: "jsonl", Description: "Gloss's native JSON Lines: every kind, code point offsets",
		ContentType: "application/x-ndjson; charset=utf-8", Ext: ".jsonl",
		newEncoder: func(files *fileSink, _ Options) encoder { return &jsonlEncoder{files: files} }})
}

// jsonlEncoder writes the native record, one a line.
type jsonlEncoder struct {
	files *fileSink
	out   *annotations.JSONLWriter
}

func (e *jsonlEncoder) begin(part string) error {
	w, err := e.files.file(partFile(part, ".jsonl"))
	if err != nil {
		return err
	}
	e.out = annotations.NewJSONLWriter(w)
	return nil
}

func (e *jsonlEncoder) write(rec annotations.ExportRecord) error { return e.out.Write(rec) }
func (e *jsonlEncoder) end() error                               { return nil }
func (e *jsonlEncoder) close() error                             { return nil }
