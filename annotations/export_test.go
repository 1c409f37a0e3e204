package annotations

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
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
	s := Set{ID: SetKey{ArticleID: a.ID, Annotator: "ana"}.ID(), ArticleID: a.ID, Annotator: "ana", Entities: []Entity{
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
	}, Groups: []ExportGroup{}, Quotes: []ExportQuote{}, Stances: []ExportStance{}}
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

	empty := NewExportRecord(a, Set{ID: SetKey{ArticleID: a.ID, Annotator: "bob"}.ID(), Annotator: "bob"})
	if empty.Entities == nil || empty.Groups == nil || empty.Quotes == nil || empty.Stances == nil {
		t.Errorf("a set without annotations exports a list as null: %+v", empty)
	}
}

func exportFixture(t *testing.T) []ExportRecord {
	a := testArticle(t)
	h := newHistory(t)
	r1 := h.edit(nil, testItem, 2, 15, "PER")
	r2 := h.edit(nil, testItem2, 20, 26, "ORG")
	r3 := h.edit(nil, testItem3, 27, 28, "MISC") // &
	r4 := h.edit(nil, testItem4, 39, 44, "LOC")
	ana, err := BuildSet(SetKey{ArticleID: a.ID, Annotator: "ana"}, []Revision{r4, r3, r2, r1})
	if err != nil {
		t.Fatal(err)
	}
	bob, err := BuildSet(SetKey{ArticleID: a.ID, Annotator: "bob"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, revs := kindsSet(t)
	cy, err := BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "ana"}, values(revs))
	if err != nil {
		t.Fatal(err)
	}
	return []ExportRecord{NewExportRecord(a, ana), NewExportRecord(a, bob), NewExportRecord(f.a, cy)}
}

func TestNewExportRecordKinds(t *testing.T) {
	f, revs := kindsSet(t)
	must := mustRev(t)
	s, err := BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "ana"}, values(revs))
	if err != nil {
		t.Fatal(err)
	}
	got := NewExportRecord(f.a, s)
	rex, him := "Rex Tillerson", "him"
	want := ExportRecord{
		ArticleID: f.a.ID, SetID: s.ID, Annotator: "ana", Text: f.a.Text,
		Entities: []ExportEntity{
			{ID: testItem2, Start: 0, End: 13, Label: "PER", Text: rex},
			{ID: testItem6, Start: 55, End: 64, Label: "ROLE", Text: "Anna Ruiz"},
			{ID: testItem5, Start: 86, End: 89, Label: "PER", Text: him},
		},
		Groups: []ExportGroup{{ID: testItem4, Name: "Rex Tillerson", Members: []string{testItem2, testItem5}}},
		Quotes: []ExportQuote{
			{ID: testItem, Start: 31, End: 53, Text: "We will not back down.", Direct: true,
				Speaker: ExportRef{Kind: RefEntity, ID: testItem2, Text: rex}, Cue: &ExportSpan{Start: 14, End: 18, Text: "said"}},
			{ID: testItem7, Start: 86, End: 101, Text: "him of bluffing",
				Speaker: ExportRef{Kind: RefGroup, ID: testItem4, Text: "Rex Tillerson"}},
		},
		Stances: []ExportStance{{
			ID:       testItem3,
			Holder:   ExportRef{Kind: RefQuoteSpeaker, ID: testItem, Text: rex},
			Target:   ExportTarget{Kind: RefTopic, Topic: "the UN resolution", Text: "the UN resolution"},
			Polarity: "AGAINST",
			Evidence: []ExportEvidence{
				{Kind: RefQuote, ID: testItem, Start: 31, End: 53, Text: "We will not back down."},
				{Kind: RefSpan, Start: 78, End: 101, Text: "accused him of bluffing"},
			},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NewExportRecord (-want +got):\n%s", diff)
	}
	// Independently: every offset pair's text is the article's code points
	// there.
	text := []rune(f.a.Text)
	spans := map[string]ExportSpan{}
	for _, q := range got.Quotes {
		spans["quote "+q.ID] = ExportSpan{q.Start, q.End, q.Text}
		if q.Cue != nil {
			spans["cue of "+q.ID] = *q.Cue
		}
	}
	for i, e := range got.Stances[0].Evidence {
		spans[fmt.Sprint("evidence ", i)] = ExportSpan{e.Start, e.End, e.Text}
	}
	for name, sp := range spans {
		if string(text[sp.Start:sp.End]) != sp.Text {
			t.Errorf("%s: text %q, article has %q", name, sp.Text, string(text[sp.Start:sp.End]))
		}
	}

	// After Rex's mention and the quote are deleted, the export keeps the
	// references with empty texts, and the group lists only live members.
	s, err = BuildSet(SetKey{ArticleID: f.a.ID, Annotator: "ana"}, values(revs, must(NewDeletion(revs[testItem2])), must(NewDeletion(revs[testItem]))))
	if err != nil {
		t.Fatal(err)
	}
	got = NewExportRecord(f.a, s)
	if diff := cmp.Diff([]string{testItem5}, got.Groups[0].Members); diff != "" {
		t.Errorf("members after a deletion (-want +got):\n%s", diff)
	}
	wantStance := ExportStance{
		ID:       testItem3,
		Holder:   ExportRef{Kind: RefQuoteSpeaker, ID: testItem},
		Target:   ExportTarget{Kind: RefTopic, Topic: "the UN resolution", Text: "the UN resolution"},
		Polarity: "AGAINST",
		Evidence: []ExportEvidence{{Kind: RefQuote, ID: testItem}, {Kind: RefSpan, Start: 78, End: 101, Text: "accused him of bluffing"}},
	}
	if diff := cmp.Diff([]ExportStance{wantStance}, got.Stances); diff != "" {
		t.Errorf("stance after its quote's deletion (-want +got):\n%s", diff)
	}
	if len(got.Quotes) != 1 || got.Quotes[0].Speaker.Text != "Rex Tillerson" {
		t.Errorf("quotes after the deletion = %+v, want the group's quote", got.Quotes)
	}
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
		if !strings.Contains(recs[i].Text, "<Anna>") {
			continue
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
	for _, empty := range []string{`"entities":[]`, `"groups":[]`, `"quotes":[]`, `"stances":[]`} {
		if !strings.Contains(lines[1], empty) {
			t.Errorf("empty set line lacks %s: %s", empty, lines[1])
		}
	}
	for _, field := range []string{`"cue":null`, `"speaker":{"kind":"group"`, `"topic":"the UN resolution"`, `"members":["`} {
		if !strings.Contains(lines[2], field) {
			t.Errorf("line 3 lacks %s: %s", field, lines[2])
		}
	}
}
