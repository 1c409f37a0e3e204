package annotations

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestNewExportRecord(t *testing.T) {
	a := testArticle(t)
	text := []rune(a.Text)
	ent := func(item string, start, end int, label string) Entity {
		return testEntity(t, a, item, start, end, label)
	}
	stale := ent(testItem3, 29, 32, "PER")
	stale.Exact = "Bobby" // the record takes the article's text, not the stored quote
	outside := Entity{ID: testItem4, Span: Span{Start: 40, End: 99, Exact: "kept as stored"}, Label: "MISC"}
	s := Set{ID: SetID(a.ID, "ana"), ArticleID: a.ID, Annotator: "ana", Entities: []Entity{
		ent(testItem, 2, 15, "PER"),   // after an emoji: code points, not bytes or UTF-16 units
		ent(testItem2, 20, 26, "ORG"), // <Anna>
		ent(testItem5, 36, 38, "LOC"), // 中文
		ent(testItem6, 39, 44, "LOC"), // مرحبا
		stale,
		outside,
	}}
	got := NewExportRecord(a, s)
	want := ExportRecord{ArticleID: a.ID, SetID: s.ID, Annotator: "ana", Text: a.Text, Entities: []ExportEntity{
		{ID: testItem, Start: 2, End: 15, Label: "PER", Text: "Rex Tillerson"},
		{ID: testItem2, Start: 20, End: 26, Label: "ORG", Text: "<Anna>"},
		{ID: testItem5, Start: 36, End: 38, Label: "LOC", Text: "中文"},
		{ID: testItem6, Start: 39, End: 44, Label: "LOC", Text: "مرحبا"},
		{ID: testItem3, Start: 29, End: 32, Label: "PER", Text: "Bob"},
		{ID: testItem4, Start: 40, End: 99, Label: "MISC", Text: "kept as stored"},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NewExportRecord (-want +got):\n%s", diff)
	}
	// Independently: every in-range entity's text is the article's code
	// points at its offsets.
	for _, e := range got.Entities[:5] {
		if string(text[e.Start:e.End]) != e.Text {
			t.Errorf("entity %s: text %q, article has %q", e.ID, e.Text, string(text[e.Start:e.End]))
		}
	}

	empty := NewExportRecord(a, Set{ID: SetID(a.ID, "bob"), Annotator: "bob"})
	if empty.Entities == nil {
		t.Error("a set without entities exports entities as null")
	}
}

func exportFixture(t *testing.T) []ExportRecord {
	a := testArticle(t)
	h := newHistory(t)
	r1 := h.edit(nil, testItem, 2, 15, "PER")
	r2 := h.edit(nil, testItem2, 20, 26, "ORG")
	r3 := h.edit(nil, testItem3, 27, 28, "MISC") // &
	r4 := h.edit(nil, testItem4, 39, 44, "LOC")
	ana, err := BuildSet(a.ID, "ana", []Revision{r4, r3, r2, r1})
	if err != nil {
		t.Fatal(err)
	}
	bob, err := BuildSet(a.ID, "bob", nil)
	if err != nil {
		t.Fatal(err)
	}
	return []ExportRecord{NewExportRecord(a, ana), NewExportRecord(a, bob)}
}

func TestJSONLWriterGolden(t *testing.T) {
	recs := exportFixture(t)
	var buf bytes.Buffer
	w := NewJSONLWriter(&buf)
	for _, rec := range recs {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	got := buf.Bytes()

	golden := filepath.Join("testdata", "export.golden.jsonl")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("export differs from %s (-want +got):\n%s", golden, diff)
	}

	// Shape, checked without the golden file: one line per record, each a
	// JSON object that decodes back to its record, with "<", ">" and "&"
	// literal.
	if !bytes.HasSuffix(got, []byte("\n")) {
		t.Error("output does not end with a newline")
	}
	lines := strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")
	if len(lines) != len(recs) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(recs), got)
	}
	for i, line := range lines {
		var back ExportRecord
		if err := json.Unmarshal([]byte(line), &back); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		if diff := cmp.Diff(recs[i], back); diff != "" {
			t.Errorf("line %d decodes to a different record (-want +got):\n%s", i+1, diff)
		}
		for _, s := range []string{"<Anna>", " & "} {
			if !strings.Contains(line, s) {
				t.Errorf("line %d does not hold %q literally: %s", i+1, s, line)
			}
		}
		for _, esc := range []string{`\u003c`, `\u003e`, `\u0026`} {
			if strings.Contains(line, esc) {
				t.Errorf("line %d escapes HTML (%s): %s", i+1, esc, line)
			}
		}
	}
	if !strings.Contains(lines[1], `"entities":[]`) {
		t.Errorf("empty set line lacks \"entities\":[]: %s", lines[1])
	}
}
