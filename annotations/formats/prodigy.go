package formats

import (
	"github.com/gloss-annotate/gloss/annotations"
)

func init() {
	register(Format{Name: "prodigy", Description: "Prodigy JSONL: text, tokens and spans with token_start/token_end, answer (code points, as Python counts)",
		ContentType: "application/x-ndjson; charset=utf-8", Ext: ".jsonl",
		newEncoder: func(files *fileSink, _ Options) encoder {
			e := &prodigyEncoder{}
			e.lines = &linesEncoder{files: files, ext: ".jsonl", rows: e.rows}
			return e
		}})
}

// prodigyTask is one annotated task, as Prodigy's db-out writes it and
// db-in reads it: offsets are Python string offsets (code points). Prodigy
// adds _input_hash and _task_hash itself when they are missing; Gloss
// cannot compute Prodigy's, so it leaves them out.
type prodigyTask struct {
	Text   string         `json:"text"`
	Meta   prodigyMeta    `json:"meta"`
	Tokens []prodigyToken `json:"tokens"`
	Spans  []prodigySpan  `json:"spans"`
	// ViewID is the interface that shows the task: ner_manual, or
	// spans_manual when spans overlap (ner_manual cannot show them).
	ViewID string `json:"_view_id"`
	Answer string `json:"answer"`
	// AnnotatorID and SessionID name the annotator, as Prodigy's
	// multi-user sessions (and its review recipe) do.
	AnnotatorID string `json:"_annotator_id"`
	SessionID   string `json:"_session_id"`
}

// prodigyMeta is shown with the task in Prodigy and kept by it.
type prodigyMeta struct {
	ArticleID string `json:"article_id"`
	Annotator string `json:"annotator"`
	SetID     string `json:"set_id"`
}

// prodigyToken is a token; ws is whether one space follows it, as in
// spaCy's Doc(words, spaces).
type prodigyToken struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	ID    int    `json:"id"`
	WS    bool   `json:"ws"`
}

// prodigySpan is an entity: token_end is the index of its last token
// (inclusive, as Prodigy counts); id, which Prodigy keeps, is the
// entity's, so that importing the file again finds the same entities.
type prodigySpan struct {
	ID         string `json:"id"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Text       string `json:"text"`
	Label      string `json:"label"`
	TokenStart int    `json:"token_start"`
	TokenEnd   int    `json:"token_end"`
}

// prodigyEncoder writes a task a line.
type prodigyEncoder struct {
	lines    *linesEncoder
	reported problemLog
}

func (e *prodigyEncoder) begin(part string) error                  { return e.lines.begin(part) }
func (e *prodigyEncoder) write(rec annotations.ExportRecord) error { return e.lines.write(rec) }
func (e *prodigyEncoder) end() error                               { return nil }
func (e *prodigyEncoder) close() error                             { return nil }
func (e *prodigyEncoder) problems() *problemLog                    { return &e.reported }

func (e *prodigyEncoder) rows(rec annotations.ExportRecord, emit func(any) error) error {
	text := []rune(rec.Text)
	var ents []annotations.ExportEntity
	for _, ent := range rec.Entities {
		if ent.Start < 0 || ent.End > len(text) || ent.Start >= ent.End {
			e.reported.add(Problem{ArticleID: rec.ArticleID, Annotator: rec.Annotator, Item: ent.ID, Kind: ProblemLeftOut, Offset: ent.Start,
				Message: "entity " + ent.Label + " is outside the text"})
			continue
		}
		ents = append(ents, ent)
	}
	toks := prodigyTokens(text, ents, func(ent annotations.ExportEntity, at int, tok string) {
		e.reported.add(Problem{ArticleID: rec.ArticleID, Annotator: rec.Annotator, Item: ent.ID, Kind: ProblemSplitToken, Offset: at,
			Message: "entity " + ent.Label + " " + quote(ent.Text) + " has a boundary inside the token " + quote(tok) + ": split there"})
	})
	startTok := make([]int, len(text)+1)
	endTok := make([]int, len(text)+1)
	for i, t := range toks {
		startTok[t.Start] = i
		endTok[t.End] = i
	}
	task := prodigyTask{Text: rec.Text, Meta: prodigyMeta{ArticleID: rec.ArticleID, Annotator: rec.Annotator, SetID: rec.SetID},
		Tokens: toks, Spans: make([]prodigySpan, 0, len(ents)), ViewID: "ner_manual", Answer: "accept",
		AnnotatorID: rec.Annotator, SessionID: rec.Annotator}
	for _, ent := range ents {
		task.Spans = append(task.Spans, prodigySpan{ID: ent.ID, Start: ent.Start, End: ent.End, Text: ent.Text, Label: ent.Label,
			TokenStart: startTok[ent.Start], TokenEnd: endTok[ent.End]})
	}
	// Spans overlap where more than one covers a code point.
	cover := make([]int32, len(text)+1)
	for _, ent := range ents {
		cover[ent.Start]++
		cover[ent.End]--
	}
	depth := int32(0)
	for _, c := range cover {
		if depth += c; depth > 1 {
			task.ViewID = "spans_manual"
			break
		}
	}
	return emit(task)
}

// quote returns s in double quotes.
func quote(s string) string { return "\"" + s + "\"" }

// prodigyTokens returns text's tokens (tokenize's), laid out as spaCy lays
// out white space: one space after a token is its ws, other white space is
// a token of its own. Every entity boundary is a token boundary: a token
// with a boundary inside is split there (split is called for each), and
// a space at an entity's edge is a token, not a ws, so that each entity is
// exactly its tokens token_start to token_end.
func prodigyTokens(text []rune, ents []annotations.ExportEntity, split func(ent annotations.ExportEntity, at int, tok string)) []prodigyToken {
	// bound[p] is the entity (index + 1) with a boundary at p; starts[p]
	// and ends[p] whether an entity starts or ends there.
	bound := make([]int, len(text)+1)
	starts, ends := make([]bool, len(text)+1), make([]bool, len(text)+1)
	for i, ent := range ents {
		for _, p := range []int{ent.Start, ent.End} {
			if bound[p] == 0 {
				bound[p] = i + 1
			}
		}
		starts[ent.Start], ends[ent.End] = true, true
	}
	var out []prodigyToken
	// add appends text[start:end], split at boundaries inside it.
	add := func(start, end int, word bool) {
		for p := start + 1; p < end; p++ {
			if i := bound[p]; i != 0 {
				if word {
					split(ents[i-1], p, string(text[start:end]))
				}
				out = append(out, prodigyToken{Text: string(text[start:p]), Start: start, End: p, ID: len(out)})
				start = p
			}
		}
		out = append(out, prodigyToken{Text: string(text[start:end]), Start: start, End: end, ID: len(out)})
	}
	// gap adds the white space text[start:end] after a token.
	gap := func(start, end int) {
		if start == end {
			return
		}
		if len(out) > 0 && text[start] == ' ' && !starts[start] && !ends[start+1] {
			out[len(out)-1].WS = true
			start++
		}
		if start < end {
			add(start, end, false)
		}
	}
	pos := 0
	for _, t := range tokenize(text) {
		gap(pos, t.start)
		add(t.start, t.end, true)
		pos = t.end
	}
	gap(pos, len(text))
	return out
}
