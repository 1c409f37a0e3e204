package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/formats"
)

// encodeRequest is what encode was asked.
type encodeRequest struct {
	format, base, records string
	// schemas is the exported sets' schemas, a JSON array of
	// annotations.Schema ("" for none).
	schemas  string
	opts     formats.Options
	maxNotes int
}

// encodeFile reads req's records and writes them in its format (calling
// pace after each record read and written), with the labels of req's
// schemas as formats.SchemaLabels gives them, as the server's export
// does: hf numbers its tags from them, so that labels.json is the
// server's for the same sets, whichever of them are exported. It returns
// the file and the records.
func encodeFile(req encodeRequest, pace func()) (formats.File, []annotations.ExportRecord, error) {
	recs, err := decodeRecords(req.records, pace)
	if err != nil {
		return formats.File{}, nil, fmt.Errorf("the records are not valid JSON: %w", err)
	}
	var schemas []annotations.Schema
	if req.schemas != "" {
		if err := json.Unmarshal([]byte(req.schemas), &schemas); err != nil {
			return formats.File{}, nil, fmt.Errorf("the schemas are not valid JSON: %w", err)
		}
	}
	opts := req.opts
	opts.SchemaLabels, _ = formats.SchemaLabels(func(yield func(annotations.Schema, error) bool) {
		for _, sc := range schemas {
			if !yield(sc, nil) {
				return
			}
		}
	})
	file, err := formats.EncodeFileEach(req.format, req.base, recs, opts, pace)
	return file, recs, err
}

// decodeRecords reads a JSON array of records, calling pace after each.
func decodeRecords(data string, pace func()) ([]annotations.ExportRecord, error) {
	dec := json.NewDecoder(strings.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, fmt.Errorf("not a JSON array (%v)", err)
	}
	var recs []annotations.ExportRecord
	for dec.More() {
		var rec annotations.ExportRecord
		if err := dec.Decode(&rec); err != nil {
			return nil, err
		}
		recs = append(recs, rec)
		pace()
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return recs, nil
}
