package formats

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var importTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestImportBadInput(t *testing.T) {
	good := `{"article_id":"","set_id":"","annotator":"ana","text":"Rex Tillerson spoke.","entities":[{"id":"6f0d3a62-7a2e-4d55-9b0c-1c2d3e4f5a6b","start":0,"end":13,"label":"PER","text":"Rex Tillerson"}],"groups":[],"quotes":[],"stances":[]}`
	tests := []struct {
		name, format, annotator, data string
		line                          int
		msg                           string
	}{
		{"malformed third line", "jsonl", "", good + "\n" + good + "\n{\"text\": oops}\n" + good, 3, "not a JSON record"},
		{"offsets out of range", "jsonl", "", strings.Replace(good, `"end":13`, `"end":99`, 1), 1, "out of range"},
		{"label not allowed", "jsonl", "", strings.Replace(good, `"label":"PER"`, `"label":"per  son"`, 1), 1, "label name"},
		{"text not at offsets", "jsonl", "", strings.Replace(good, `"start":0`, `"start":1`, 1), 1, "is not the record's text"},
		{"no annotator", "jsonl", "", strings.Replace(good, `"annotator":"ana"`, `"annotator":""`, 1), 1, "no annotator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Import([]byte(tt.data), tt.format, tt.annotator, importTime)
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("Import: error %v (%T), want *ImportError", err, err)
			}
			if ie.Line != tt.line || !strings.Contains(ie.Msg, tt.msg) {
				t.Errorf("Import: %v; want line %d and a message with %q", err, tt.line, tt.msg)
			}
			if got != nil {
				t.Errorf("Import returned %d records with its error", len(got))
			}
		})
	}
	_, err := Import([]byte(good), "excel", "", importTime)
	var ue *UnknownFormatError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), strings.Join(ImportNames(), ", ")) {
		t.Errorf("unknown format: %v, want an *UnknownFormatError listing %v", err, ImportNames())
	}
	if _, err := Import([]byte(good), "jsonl", "", importTime); err != nil {
		t.Errorf("the good line does not import: %v", err)
	}
}
