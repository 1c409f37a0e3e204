package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"github.com/gloss-annotate/gloss/annotations"
)

// tricky is text whose code points, UTF-16 units and grapheme clusters all
// differ: an astral emoji sequence, a combining mark NFC keeps apart
// (g + U+0303), an astral letter.
const tricky = "👩🏽‍🚀 Zoë Ag\u0303ustín of NASA met Ruiz in 𝔑airobi on Monday.\nThe mission is \"on track,\" Ruiz said."

func TestUTF16OffsetsAgree(t *testing.T) {
	for _, text := range []string{"", "plain ascii", tricky, "𝔑", "a👋🏽b"} {
		o := newUnitIndex(text, UnitUTF16)
		n := annotations.RuneCount(text)
		if o.len != annotations.UTF16Len(text) {
			t.Errorf("%q: len16 %d, want %d", text, o.len, annotations.UTF16Len(text))
		}
		for cp := 0; cp <= n; cp++ {
			u := utf16Of(o, cp)
			if want := annotations.CodePointToUTF16(text, cp); u != want {
				t.Errorf("%q: code point %d is UTF-16 %d, want %d", text, cp, u, want)
			}
			if back, ok := o.from(u); !ok || back != cp {
				t.Errorf("%q: UTF-16 %d is code point %d, %v; want %d", text, u, back, ok, cp)
			}
		}
		for u := -1; u <= o.len+1; u++ {
			cp, ok := o.from(u)
			inside := u >= 0 && u <= o.len && annotations.CodePointToUTF16(text, annotations.UTF16ToCodePoint(text, u)) != u
			if ok == (u < 0 || u > o.len || inside) {
				t.Errorf("%q: UTF-16 %d: ok %v, want the opposite", text, u, ok)
			}
			if ok && cp != annotations.UTF16ToCodePoint(text, u) {
				t.Errorf("%q: UTF-16 %d is code point %d, want %d", text, u, cp, annotations.UTF16ToCodePoint(text, u))
			}
		}
	}
}

// trickyRecords annotates tricky for two annotators, so that the Label
// Studio export makes one task with two annotations.
func trickyRecords(t *testing.T) []annotations.ExportRecord {
	var recs []annotations.ExportRecord
	for _, who := range []string{"ana", "bo b"} {
		f := newFixtureSet(t, "", tricky, who)
		f.entity(who+"zoe", "Zoë Ag\u0303ustín", 1, "PER")
		f.entity(who+"nasa", "NASA", 1, "ORG")
		f.entity(who+"nairobi", "𝔑airobi", 1, "LOC")
		if who == "bo b" {
			f.entity(who+"ruiz", "Ruiz", 2, "PER")
		}
		recs = append(recs, f.record())
	}
	return recs
}

// TestLabelStudioOffsetsAreUTF16: each region's start and end, read as
// JavaScript reads them (UTF-16 units), give back its text.
func TestLabelStudioOffsetsAreUTF16(t *testing.T) {
	out, _ := export(t, "labelstudio", Options{}, trickyRecords(t))
	var tasks []labelStudioTask
	if err := json.Unmarshal(out, &tasks); err != nil {
		t.Fatalf("not a JSON array of tasks: %v", err)
	}
	if len(tasks) != 1 || len(tasks[0].Annotations) != 2 {
		t.Fatalf("%d tasks, want 1 with 2 annotations: %s", len(tasks), out)
	}
	units := utf16.Encode([]rune(tasks[0].Data.Text))
	n := 0
	for _, a := range tasks[0].Annotations {
		for _, r := range a.Result {
			n++
			v := r.Value
			if got := string(utf16.Decode(units[v.Start:v.End])); got != v.Text {
				t.Errorf("region %s: UTF-16 %d-%d is %q, want %q", r.ID, v.Start, v.End, got, v.Text)
			}
		}
	}
	if n != 7 {
		t.Errorf("%d regions, want 7", n)
	}
	// "Zoë" starts after the astronaut, 4 code points and 7 units, and a
	// space.
	if v := tasks[0].Annotations[0].Result[0].Value; v.Start != 8 {
		t.Errorf("Zoë starts at UTF-16 %d, want 8", v.Start)
	}
}

// exportImport exports recs in format and imports the result as
// annotator, failing on any error.
func exportImport(t *testing.T, format, annotator string, recs []annotations.ExportRecord) []annotations.ExportRecord {
	t.Helper()
	out, _ := export(t, format, Options{}, recs)
	ims, err := Import(out, format, annotator, importTime)
	if err != nil {
		t.Fatalf("%s → Import(%q): %v", format, annotator, err)
	}
	if nr := TallyNotRead(ims); len(nr) > 0 {
		t.Errorf("Gloss's own %s export imports with parts not read: %+v", format, nr)
	}
	return rebuild(t, ims)
}

// TestNewFormatsRoundTrip: exporting then importing (the records' own
// annotators, or one given) gives every entity back with its offsets,
// label and ID, so that importing the same file twice adds nothing.
func TestNewFormatsRoundTrip(t *testing.T) {
	entitiesOnly := func(recs []annotations.ExportRecord, annotator string) []annotations.ExportRecord {
		var out []annotations.ExportRecord
		for _, rec := range recs {
			rec.Groups, rec.Quotes, rec.Stances = []annotations.ExportGroup{}, []annotations.ExportQuote{}, []annotations.ExportStance{}
			if annotator != "" {
				rec.Annotator, rec.SetID = annotator, annotations.SetKey{ArticleID: rec.ArticleID, Annotator: annotator}.ID()
			}
			out = append(out, rec)
		}
		return out
	}
	for _, format := range []string{"labelstudio", "prodigy"} {
		for _, tt := range []struct {
			name      string
			recs      []annotations.ExportRecord
			annotator string
		}{
			{"fixture", fixtureRecords(t), ""},
			{"fixture as cy", fixtureRecords(t), "cy"},
			{"two annotators of one text", trickyRecords(t), ""},
		} {
			t.Run(format+"/"+tt.name, func(t *testing.T) {
				got := exportImport(t, format, tt.annotator, tt.recs)
				if diff := cmp.Diff(entitiesOnly(tt.recs, tt.annotator), got); diff != "" {
					t.Errorf("export → Import (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestNewFormatsRefuseMerging: a file with two annotators' sets of one
// text imported as one annotator is refused, naming the task or line:
// storing both in one set would hold each mention twice.
func TestNewFormatsRefuseMerging(t *testing.T) {
	for _, tt := range []struct {
		format string
		line   int
		msg    string
	}{
		{"labelstudio", 2, `task 1 (id 1): 2 annotations (by ana, bo b): importing them all as "cy" would merge them`},
		{"prodigy", 2, "the same text as line 1, annotated by cy in both"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			out, _ := export(t, tt.format, Options{}, trickyRecords(t))
			_, err := Import(out, tt.format, "cy", importTime)
			var ie *ImportError
			if !errors.As(err, &ie) || ie.Line != tt.line || !strings.Contains(ie.Msg, tt.msg) {
				t.Errorf("Import as cy: %v; want line %d and %q", err, tt.line, tt.msg)
			}
		})
	}
}

// entitySpans lists an imported record's entities as "label text start-end"
// (code points of the stored text), sorted.
func entitySpans(t *testing.T, im Imported) []string {
	t.Helper()
	rec := rebuild(t, []Imported{im})[0]
	var out []string
	for _, e := range rec.Entities {
		out = append(out, spanOf(e)+" "+e.Text)
	}
	slices.Sort(out)
	return out
}

// TestImportLabelStudioExport reads a file shaped as Label Studio exports
// it: integer and object completed_by, UTF-16 offsets past astral
// characters, a relation and a choice, a cancelled annotation, a
// prediction and a task nobody annotated.
func TestImportLabelStudioExport(t *testing.T) {
	data, err := os.ReadFile("testdata/labelstudio-export.json")
	if err != nil {
		t.Fatal(err)
	}
	ims, err := Import(data, "labelstudio", "", importTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(ims) != 2 {
		t.Fatalf("%d records, want 2 (one a non-cancelled annotation)", len(ims))
	}
	want := map[string][]string{
		"user 1":          {"LOC 38-45 𝔑airobi", "ORG 21-25 NASA", "PER 5-17 Zoë Ag\u0303ustín"},
		"ana@example.org": {"DATE 49-55 Monday", "PER 84-88 Ruiz"},
	}
	for _, im := range ims {
		if im.Article.Title != "Mission news" {
			t.Errorf("title %q, want data.title", im.Article.Title)
		}
		if diff := cmp.Diff(want[im.Annotator], entitySpans(t, im)); diff != "" {
			t.Errorf("annotator %q (-want +got):\n%s", im.Annotator, diff)
		}
	}
	wantNR := []NotRead{
		{What: `result "relation"`, Count: 1, First: "line 2"},
		{What: `result "choices"`, Count: 1, First: "line 2"},
		{What: "prediction", Count: 1, First: "line 2"},
		{What: "cancelled annotation", Count: 1, First: "line 2"},
		{What: "task with no annotation", Count: 1, First: "line 202"},
	}
	if diff := cmp.Diff(wantNR, TallyNotRead(ims)); diff != "" {
		t.Errorf("not read (-want +got):\n%s", diff)
	}
	// One annotator given: the task's two annotations are refused.
	if _, err := Import(data, "labelstudio", "cy", importTime); err == nil || !strings.Contains(err.Error(), "2 annotations (by user 1, ana@example.org)") {
		t.Errorf("import as cy: %v, want the merge refused", err)
	}

	// The same annotations as Label Studio's JSON-MIN export writes them:
	// a row an annotation, the task's data and each control's output
	// flattened into it.
	data, err = os.ReadFile("testdata/labelstudio-json-min.json")
	if err != nil {
		t.Fatal(err)
	}
	ims, err = Import(data, "labelstudio", "", importTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(ims) != 2 {
		t.Fatalf("JSON-MIN: %d records, want 2", len(ims))
	}
	for _, im := range ims {
		if diff := cmp.Diff(want[im.Annotator], entitySpans(t, im)); diff != "" || im.Article.Title != "Mission news" {
			t.Errorf("JSON-MIN, annotator %q, title %q (-want +got):\n%s", im.Annotator, im.Article.Title, diff)
		}
	}
	_, err = Import(data, "labelstudio", "cy", importTime)
	var ie *ImportError
	if !errors.As(err, &ie) || ie.Line != 39 || !strings.Contains(ie.Msg, "task 2 (id 101): the same text as task 1 (id 101), annotated by cy in both") || !strings.Contains(ie.Msg, "import without an annotator") {
		t.Errorf("JSON-MIN as cy: %v, want the second row refused", err)
	}
}

func TestImportLabelStudioBadInput(t *testing.T) {
	task := func(text, result string) string {
		return `[{"id": 7, "data": {"text": ` + text + `}, "annotations": [{"completed_by": 1, "result": [` + result + `]}]}]`
	}
	region := func(value string) string {
		return `{"id": "r1", "from_name": "label", "to_name": "text", "type": "labels", "value": ` + value + `}`
	}
	tests := []struct {
		name, annotator, data string
		line                  int
		msg                   string
	}{
		{"an object, not an array", "", `{"data": {"text": "x"}}`, 1, "JSON array of tasks"},
		{"neither JSON nor JSON-MIN", "", `[{"text": "Rex", "label": []}]`, 1, `task 1: "data" is missing: a task's text is in data.text (or "text" in a JSON-MIN row, with its "annotation_id")`},
		{"JSON-MIN offsets in code points", "", `[{"text": "👋 Rex", "label": [{"start": 2, "end": 5, "text": "Rex", "labels": ["PER"]}], "annotator": 1, "annotation_id": 1}]`, 1,
			`task 1: label[0]: value.text "Rex" is not the text at UTF-16 offsets 2-5, " Re"`},
		{"JSON-MIN without annotator", "", `[{"text": "Rex", "label": [], "annotation_id": 1}]`, 1, "task 1: annotator is missing"},
		{"no data.text", "", `[{"id": 3, "data": {"body": "Rex"}, "annotations": []}]`, 1, "task 1 (id 3): data.text is missing"},
		{"syntax error on line 3", "", "[\n" + `{"data": {"text": "a"}, "annotations": []},` + "\n" + `{"data": oops}` + "\n]", 3, "task 2: not JSON"},
		{"offset inside an emoji", "", task(`"👋 Rex"`, region(`{"start": 1, "end": 6, "labels": ["PER"]}`)), 1,
			"task 1 (id 7): annotations[0].result[0]: value.start 1 falls inside a character of two UTF-16 code units"},
		{"code point offsets", "", task(`"👋 Rex"`, region(`{"start": 2, "end": 5, "text": "Rex", "labels": ["PER"]}`)), 1,
			`value.text "Rex" is not the text at UTF-16 offsets 2-5, " Re"`},
		{"past the end", "", task(`"Rex"`, region(`{"start": 0, "end": 4, "labels": ["PER"]}`)), 1, "value.end 4 is outside the text, which has 3 UTF-16 code units"},
		{"no label", "", task(`"Rex"`, region(`{"start": 0, "end": 3, "labels": []}`)), 1, "value.labels is empty"},
		{"no start", "", task(`"Rex"`, region(`{"end": 3, "labels": ["PER"]}`)), 1, "value.start or value.end is missing"},
		{"bad completed_by", "", `[{"data": {"text": "Rex"}, "annotations": [{"completed_by": "ana", "result": []}]}]`, 1,
			`annotations[0]: completed_by "ana" is neither a user ID nor an object with an email`},
		{"no completed_by", "", `[{"data": {"text": "Rex"}, "annotations": [{"result": []}]}]`, 1, "annotations[0] has no completed_by: give the annotator"},
		{"one text twice", "", "[\n" + `{"data": {"text": "Rex"}, "annotations": [{"completed_by": 1, "result": []}]},` + "\n" + `{"data": {"text": "Rex"}, "annotations": [{"completed_by": 1, "result": []}]}` + "\n]", 3,
			"task 2: the same text as task 1, annotations[0], annotated by user 1 in both"},
		{"nothing annotated", "", `[{"data": {"text": "Rex"}, "annotations": [], "predictions": [{"result": []}]}]`, 0,
			"nothing to import: 1 tasks and no annotation Gloss reads (not read: 1 prediction, 1 task with no annotation)"},
		{"label Gloss refuses", "", task(`"Rex"`, region(`{"start": 0, "end": 3, "labels": ["PER\nSON"]}`)), 1, `label name "PER\nSON"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Import([]byte(tt.data), "labelstudio", tt.annotator, importTime)
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
}

// TestLabelStudioParts: a split export is a zip of one JSON array per
// part, and a part with no task is an empty array, still JSON.
func TestLabelStudioParts(t *testing.T) {
	out, _ := export(t, "labelstudio", Options{Split: true}, fixtureRecords(t))
	names, files := unzip(t, out)
	if fmt.Sprint(names) != "[train.json dev.json test.json]" {
		t.Errorf("files %v, want train.json, dev.json and test.json", names)
	}
	for _, name := range names {
		var tasks []labelStudioTask
		if err := json.Unmarshal(files[name], &tasks); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if name == "dev.json" {
			if len(tasks) != 0 {
				t.Errorf("dev.json: %d tasks, want an empty part", len(tasks))
			}
			continue
		}
		if len(tasks) != 1 || tasks[0].ID != 1 || tasks[0].Annotations[0].ID != 1 {
			t.Errorf("%s: %d tasks; want one task, numbered from 1 in its part", name, len(tasks))
		}
	}
	var buf bytes.Buffer
	e := &labelStudioEncoder{files: &fileSink{w: &buf}}
	if err := e.begin(""); err != nil {
		t.Fatal(err)
	}
	if err := e.end(); err != nil {
		t.Fatal(err)
	}
	var tasks []labelStudioTask
	if err := json.Unmarshal(buf.Bytes(), &tasks); err != nil || tasks == nil || len(tasks) != 0 {
		t.Errorf("an empty part is %q (%v), want an empty JSON array", buf.String(), err)
	}
}

// TestImportLabelStudioMinNotRead: a JSON-MIN row's output of another
// control (a list of objects with no labels) is counted as not read.
func TestImportLabelStudioMinNotRead(t *testing.T) {
	data := `[{"text": "Rex met Lavrov.", "label": [{"start": 0, "end": 3, "text": "Rex", "labels": ["PER"]}],
  "tone": [{"choices": ["calm", "formal"]}], "annotator": "ana@example.org", "annotation_id": 4}]`
	ims, err := Import([]byte(data), "labelstudio", "", importTime)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]NotRead{{What: `output "tone"`, Count: 1, First: "line 1"}}, TallyNotRead(ims)); diff != "" {
		t.Errorf("not read (-want +got):\n%s", diff)
	}
	if got := entitySpans(t, ims[0]); fmt.Sprint(got) != "[PER 0-3 Rex]" || ims[0].Annotator != "ana@example.org" {
		t.Errorf("entities %v by %q, want Rex by ana@example.org", got, ims[0].Annotator)
	}
}

// TestLabelStudioGroundTruth: the gold set's annotation is ground truth in
// Label Studio's export; an annotator's is not.
func TestLabelStudioGroundTruth(t *testing.T) {
	recs := fixtureRecords(t)[:1]
	gold := recs[0]
	gold.Annotator = annotations.GoldAnnotator
	out, _ := export(t, "labelstudio", Options{}, append(recs, gold))
	var tasks []struct {
		Annotations []struct {
			Annotator   string `json:"annotator"`
			GroundTruth bool   `json:"ground_truth"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(out, &tasks); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, task := range tasks {
		for _, a := range task.Annotations {
			got[a.Annotator] = a.GroundTruth
		}
	}
	if want := map[string]bool{recs[0].Annotator: false, annotations.GoldAnnotator: true}; !maps.Equal(got, want) {
		t.Errorf("ground_truth by annotator = %v, want %v", got, want)
	}
}
