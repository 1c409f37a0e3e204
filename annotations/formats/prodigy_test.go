package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestProdigyTokensAndSpans: for every task, the tokens laid out as spaCy
// does (text, then one space when ws) give the text back, each token's
// offsets are its text (code points, as Python slices), and each span is
// exactly its tokens token_start to token_end; overlapping spans make the
// task a spans_manual one.
func TestProdigyTokensAndSpans(t *testing.T) {
	recs := append(fixtureRecords(t), trickyRecords(t)...)
	out, _ := export(t, "prodigy", Options{}, recs)
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var task prodigyTask
		if err := json.Unmarshal(sc.Bytes(), &task); err != nil {
			t.Fatal(err)
		}
		rec := recs[n]
		n++
		text := []rune(task.Text)
		var b strings.Builder
		for i, tok := range task.Tokens {
			if tok.ID != i || string(text[tok.Start:tok.End]) != tok.Text {
				t.Errorf("task %d: token %d %+v is not the text at its offsets", n, i, tok)
			}
			if b.Len() > 0 && annotations.RuneCount(b.String()) != tok.Start {
				t.Errorf("task %d: token %d starts at %d, after %d code points of tokens", n, i, tok.Start, annotations.RuneCount(b.String()))
			}
			b.WriteString(tok.Text)
			if tok.WS {
				b.WriteString(" ")
			}
		}
		if b.String() != task.Text {
			t.Errorf("task %d: tokens with their ws do not give the text back", n)
		}
		if len(task.Spans) != len(rec.Entities) {
			t.Fatalf("task %d: %d spans, want %d", n, len(task.Spans), len(rec.Entities))
		}
		overlap := false
		for i, s := range task.Spans {
			e := rec.Entities[i]
			if s.Start != e.Start || s.End != e.End || s.Label != e.Label || s.Text != e.Text || s.ID != e.ID {
				t.Errorf("task %d: span %+v, want entity %+v", n, s, e)
			}
			if task.Tokens[s.TokenStart].Start != s.Start || task.Tokens[s.TokenEnd].End != s.End {
				t.Errorf("task %d: span %+v is not its tokens %d-%d", n, s, s.TokenStart, s.TokenEnd)
			}
			for _, o := range task.Spans[:i] {
				overlap = overlap || (o.Start < s.End && s.Start < o.End)
			}
		}
		if want := map[bool]string{false: "ner_manual", true: "spans_manual"}[overlap]; task.ViewID != want {
			t.Errorf("task %d: _view_id %q, want %q", n, task.ViewID, want)
		}
		if task.Answer != "accept" || task.AnnotatorID != rec.Annotator {
			t.Errorf("task %d: answer %q by %q", n, task.Answer, task.AnnotatorID)
		}
	}
	if n != len(recs) {
		t.Errorf("%d tasks, want %d", n, len(recs))
	}
}

// TestProdigySpaceAtEntityEdge: a space at the edge of an entity is a
// token of its own, not the ws of the token before, so that the entity is
// exactly its tokens.
func TestProdigySpaceAtEntityEdge(t *testing.T) {
	text := []rune("Rex met  Lavrov here")
	ents := []annotations.ExportEntity{{ID: "a", Start: 3, End: 7, Label: "X"}, {ID: "b", Start: 8, End: 15, Label: "Y"}}
	var got []string
	for _, tok := range prodigyTokens(text, ents, func(annotations.ExportEntity, int, string) { t.Error("a token was split") }) {
		s := tok.Text
		if tok.WS {
			s += "+ws"
		}
		got = append(got, s)
	}
	want := []string{"Rex", " ", "met+ws", " ", "Lavrov+ws", "here"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tokens (-want +got):\n%s", diff)
	}
}

// TestImportProdigyDBOut reads lines shaped as Prodigy's db-out writes
// them, of two annotators' sessions: tokens with ws, hashes, an emoji
// before spans (offsets in code points), answers accept, reject and
// ignore, and relations.
func TestImportProdigyDBOut(t *testing.T) {
	data, err := os.ReadFile("testdata/prodigy-db-out.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	ims, err := Import(data, "prodigy", "", importTime)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"news_ner-alex": {"GPE 38-44 Moscow", "PERSON 0-13 Rex Tillerson", "PERSON 21-34 Sergei Lavrov"},
		"news_ner-bea":  {"GPE 38-44 Moscow", "PERSON 0-13 Rex Tillerson"},
	}
	if len(ims) != 2 {
		t.Fatalf("%d records, want the 2 accepted", len(ims))
	}
	for _, im := range ims {
		if diff := cmp.Diff(want[im.Annotator], entitySpans(t, im)); diff != "" {
			t.Errorf("annotator %q (-want +got):\n%s", im.Annotator, diff)
		}
	}
	wantNR := []NotRead{
		{What: `task answered "reject"`, Count: 1, First: "line 2"},
		{What: `task answered "ignore"`, Count: 1, First: "line 3"},
		{What: "relation", Count: 1, First: "line 4"},
	}
	if diff := cmp.Diff(wantNR, TallyNotRead(ims)); diff != "" {
		t.Errorf("not read (-want +got):\n%s", diff)
	}
	// One annotator given: two sessions' tasks of one text are refused.
	_, err = Import(data, "prodigy", "cy", importTime)
	var ie *ImportError
	if !errors.As(err, &ie) || ie.Line != 4 || !strings.Contains(ie.Msg, "the same text as line 1, annotated by cy in both") {
		t.Errorf("import as cy: %v, want line 4 refused", err)
	}
}

func TestImportProdigyBadInput(t *testing.T) {
	good := `{"text": "👋 Rex met Lavrov", "tokens": [{"text": "👋", "start": 0, "end": 1, "id": 0, "ws": true}, {"text": "Rex", "start": 2, "end": 5, "id": 1, "ws": true}], "spans": [{"start": 2, "end": 5, "label": "PER", "token_start": 1, "token_end": 1}], "answer": "accept"}`
	tests := []struct {
		name, annotator, data string
		line                  int
		msg                   string
	}{
		{"malformed second line", "ana", good + "\n{oops}\n", 2, "not a JSON record"},
		{"no text", "ana", `{"spans": []}`, 1, `"text" is missing`},
		{"other answer", "ana", strings.Replace(good, `"accept"`, `"maybe"`, 1), 1, `answer "maybe" is not "accept", "reject" or "ignore"`},
		{"no annotator", "", good, 1, "no annotator: the task has no _annotator_id"},
		{"no label", "ana", strings.Replace(good, `"label": "PER", `, "", 1), 1, "spans[0]: start, end or label is missing"},
		{"UTF-16 offsets", "ana", strings.Replace(strings.Replace(good, `"start": 2, "end": 5, "label"`, `"start": 3, "end": 6, "label"`, 1), `"start": 2, "end": 5, "id": 1`, `"start": 3, "end": 6, "id": 1`, 1), 1,
			`spans[0]: tokens[1] "Rex" is not the text at its offsets 3-6, "ex ": are the offsets code points (Python's)?`},
		{"tokens disagree", "ana", strings.Replace(good, `"token_start": 1`, `"token_start": 0`, 1), 1,
			"spans[0]: token_start 0 starts at 0, not at the span's 2: are the offsets code points (Python's)?"},
		{"token out of range", "ana", strings.Replace(good, `"token_end": 1`, `"token_end": 9`, 1), 1, "token_end 9 is not a token: the task has 2"},
		{"text not at offsets", "ana", strings.Replace(good, `"label": "PER"`, `"text": "Rox", "label": "PER"`, 1), 1, `spans[0]: text "Rox" is not the record's text`},
		{"one text twice", "", strings.Replace(good, `"answer"`, `"_annotator_id": "x", "answer"`, 1) + "\n" + strings.Replace(good, `"answer"`, `"_annotator_id": "x", "answer"`, 1), 2,
			"the same text as line 1, annotated by x in both"},
		{"all rejected", "ana", strings.Replace(good, `"accept"`, `"reject"`, 1), 0, `nothing to import: 1 tasks and no annotation Gloss reads (not read: 1 task answered "reject")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Import([]byte(tt.data), "prodigy", tt.annotator, importTime)
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
	if _, err := Import([]byte(good), "prodigy", "ana", importTime); err != nil {
		t.Errorf("the good line does not import: %v", err)
	}
}

// TestImportProdigyNotRead: what a task holds beside spans (a text
// category, options accepted, relations) is counted, not dropped.
func TestImportProdigyNotRead(t *testing.T) {
	data := `{"text": "Rex met Lavrov.", "label": "POLITICS", "answer": "accept"}
{"text": "Rex left.", "options": [{"id": "A"}, {"id": "B"}], "accept": ["A", "B"], "answer": "accept"}
`
	ims, err := Import([]byte(data), "prodigy", "ana", importTime)
	if err != nil {
		t.Fatal(err)
	}
	want := []NotRead{{What: "text category", Count: 1, First: "line 1"}, {What: "accepted option", Count: 2, First: "line 2"}}
	if diff := cmp.Diff(want, TallyNotRead(ims)); diff != "" {
		t.Errorf("not read (-want +got):\n%s", diff)
	}
}
