package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gloss-annotate/gloss/annotations"
)

// hfRecord returns a set of annotator on text with an entity of label on
// each word of words ("LOC Moscow"), each a token of its own.
func hfRecord(t *testing.T, annotator, text string, words ...string) annotations.ExportRecord {
	t.Helper()
	rec := annotations.ExportRecord{ArticleID: "a-" + annotator, SetID: "s-" + annotator, Annotator: annotator, Text: text}
	for _, w := range words {
		label, word, _ := strings.Cut(w, " ")
		start := strings.Index(text, word) // the text is ASCII: bytes are code points
		if start < 0 {
			t.Fatalf("%q is not in %q", word, text)
		}
		rec.Entities = append(rec.Entities, annotations.ExportEntity{ID: annotator + "-" + word, Start: start, End: start + len(word), Label: label, Text: word})
	}
	return rec
}

// TestHFLabelIDs: exports of different sets (other annotators, other
// articles, other labels used) give the same labels.json, and so the same
// id to the same tag, when their sets' schemas define the same labels.
func TestHFLabelIDs(t *testing.T) {
	const text = "Rex met Lavrov in Moscow on Friday, said Reuters of the theft."
	ana := hfRecord(t, "ana", text, "PER Rex", "PER Lavrov", "LOC Moscow")
	lab3 := hfRecord(t, "lab3", text, "Quote said", "CRIME theft")
	bob := hfRecord(t, "bob", text, "ORG Reuters", "MISC Friday")
	schema := []string{"PER", "ORG", "LOC", "MISC", "Quote", "CRIME"}
	conll := []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}
	type exported struct {
		opts Options
		recs []annotations.ExportRecord
	}
	tests := []struct {
		name    string
		exports []exported
		want    []string
	}{
		{
			name: "schema labels, one annotator's sets or all",
			exports: []exported{
				{Options{SchemaLabels: schema}, []annotations.ExportRecord{lab3}},
				{Options{SchemaLabels: schema}, []annotations.ExportRecord{ana}},
				{Options{SchemaLabels: schema}, []annotations.ExportRecord{ana, bob, lab3}},
			},
			want: append(conll[:9:9], "B-CRIME", "I-CRIME", "B-Quote", "I-Quote"),
		},
		{
			name: "schema labels in another order, records in another order",
			exports: []exported{
				{Options{SchemaLabels: []string{"Quote", "CRIME", "MISC", "LOC", "ORG", "PER"}}, []annotations.ExportRecord{lab3, ana}},
				{Options{SchemaLabels: schema}, []annotations.ExportRecord{ana, lab3}},
			},
			want: append(conll[:9:9], "B-CRIME", "I-CRIME", "B-Quote", "I-Quote"),
		},
		{
			name: "label filter in either order",
			exports: []exported{
				{Options{Labels: []string{"LOC", "PER"}, SchemaLabels: schema}, []annotations.ExportRecord{ana, lab3}},
				{Options{Labels: []string{"PER", "LOC"}}, []annotations.ExportRecord{lab3}},
			},
			want: []string{"O", "B-PER", "I-PER", "B-LOC", "I-LOC"},
		},
		{
			name: "no schema labels: the default schema's",
			exports: []exported{
				{Options{}, []annotations.ExportRecord{bob}},
				{Options{}, []annotations.ExportRecord{ana}},
				{Options{SchemaLabels: []string{"MISC", "LOC", "ORG", "PER"}}, []annotations.ExportRecord{ana, bob}},
			},
			want: conll,
		},
		{
			name: "a schema without the default labels",
			exports: []exported{
				{Options{SchemaLabels: []string{"Quote", "CRIME"}}, []annotations.ExportRecord{lab3}},
				{Options{SchemaLabels: []string{"CRIME", "Quote"}}, nil},
			},
			want: []string{"O", "B-CRIME", "I-CRIME", "B-Quote", "I-Quote"},
		},
		{
			name: "labels no schema defines come last, in the order met",
			exports: []exported{
				{Options{SchemaLabels: []string{"PER", "LOC"}}, []annotations.ExportRecord{lab3, ana}},
			},
			want: []string{"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-Quote", "I-Quote", "B-CRIME", "I-CRIME"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := map[string]int{} // each tag's id, in every export
			for i, x := range tt.exports {
				out, _ := export(t, "hf", x.opts, x.recs)
				_, files := unzip(t, out)
				var names []string
				if err := json.Unmarshal(files["labels.json"], &names); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, names); diff != "" {
					t.Errorf("export %d: labels.json (-want +got):\n%s", i, diff)
				}
				want := map[string]string{} // "annotator/token" to its tag
				for _, rec := range x.recs {
					for _, e := range filterLabels(rec, x.opts.Labels).Entities {
						want[rec.Annotator+"/"+e.Text] = "B-" + e.Label
					}
				}
				got := map[string]string{}
				sc := bufio.NewScanner(bytes.NewReader(files["gloss.jsonl"]))
				for sc.Scan() {
					var row hfRow
					if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
						t.Fatal(err)
					}
					for j, id := range row.NERTags {
						if id < 0 || id >= len(names) {
							t.Fatalf("export %d, row %s: tag %d, and labels.json has %d names", i, row.ID, id, len(names))
						}
						if id == 0 {
							continue
						}
						tag := names[id]
						got[row.Annotator+"/"+row.Tokens[j]] = tag
						if first, ok := ids[tag]; ok && first != id {
							t.Errorf("export %d: %s is %d, in an earlier export %d", i, tag, id, first)
						}
						ids[tag] = id
					}
				}
				if err := sc.Err(); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("export %d: tags decoded with labels.json (-want +got):\n%s", i, diff)
				}
			}
		})
	}
}
