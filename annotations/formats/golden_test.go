package formats

import (
	"encoding/json"
	"testing"
)

func TestExportGolden(t *testing.T) {
	recs := fixtureRecords(t)
	tests := []struct {
		format string
		opts   Options
		file   string
	}{
		{"jsonl", Options{}, "jsonl.golden"},
		{"doccano", Options{}, "doccano.golden"},
		{"spacy", Options{}, "spacy.golden"},
		{"conll", Options{}, "conll.golden"},
		{"hf", Options{}, "hf.golden"},
		{"brat", Options{}, "brat.golden"},
		{"w3c", Options{}, "w3c.golden"},
		{"stance-csv", Options{}, "stance-csv.golden"},
		{"stance-jsonl", Options{}, "stance-jsonl.golden"},
		{"quotes", Options{}, "quotes.golden"},
		{"conll", Options{Split: true}, "conll-split.golden"},
		{"hf", Options{Labels: []string{"LOC", "PER"}}, "hf-labels.golden"},
		{"brat", Options{Split: true}, "brat-split.golden"},
		{"labelstudio", Options{}, "labelstudio.golden"},
		{"prodigy", Options{}, "prodigy.golden"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, ok := Lookup(tt.format)
			if !ok {
				t.Fatalf("no format %q", tt.format)
			}
			out, problems := export(t, tt.format, tt.opts, recs)
			if f.Zipped(tt.opts) {
				out = listing(t, out)
			}
			golden(t, tt.file, out)
			if problems != nil {
				b, err := json.MarshalIndent(problems, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				golden(t, tt.file+".problems", append(b, '\n'))
			}
		})
	}
	for _, name := range Names() {
		found := false
		for _, tt := range tests {
			found = found || tt.format == name
		}
		if !found {
			t.Errorf("format %q has no golden test", name)
		}
	}
}
