package formats

import (
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
)

func init() {
	importers["prodigy"] = importProdigy
	annotatorsInFile["prodigy"] = true
}

// prodigyLine is a line of Prodigy's JSONL (db-out, or a task file):
// "text", "spans" of {start, end, label} with optional text,
// token_start and token_end (checked against "tokens" when both are
// there), "answer", and the annotator's "_annotator_id" of multi-user
// sessions. Keys Gloss has no use for (_input_hash, _task_hash, meta,
// _view_id, _timestamp) are not read; "relations", the options a choice
// interface accepted ("accept") and a text classification's "label" are
// counted as not read.
type prodigyLine struct {
	Text        *string           `json:"text"`
	Tokens      []prodigyTokenIn  `json:"tokens"`
	Spans       []prodigySpanIn   `json:"spans"`
	Answer      *string           `json:"answer"`
	AnnotatorID string            `json:"_annotator_id"`
	Relations   []json.RawMessage `json:"relations"`
	Accept      []json.RawMessage `json:"accept"`
	Label       *string           `json:"label"` // a text classification's
}

type prodigyTokenIn struct {
	Text  *string  `json:"text"`
	Start *float64 `json:"start"`
	End   *float64 `json:"end"`
}

type prodigySpanIn struct {
	Start      *float64 `json:"start"`
	End        *float64 `json:"end"`
	Text       string   `json:"text"`
	Label      *string  `json:"label"`
	TokenStart *float64 `json:"token_start"`
	TokenEnd   *float64 `json:"token_end"`
	ID         string   `json:"id"` // Gloss's export: kept when a UUID
}

// importProdigy reads Prodigy JSONL: each accepted task (answer "accept",
// or no answer, as in a file of tasks not yet annotated) is a record of
// its annotator, annotator when given, else its _annotator_id; every span
// an entity with a new ID. Offsets are code points (Python's). A task
// answered "reject" or "ignore" is counted as not read. Two accepted tasks
// of one text by one annotator are refused: both would go to one set.
func importProdigy(data []byte, annotator string, _ ZipLimits) ([]draft, error) {
	var drafts []draft
	var orphans []skipped
	sets := setPlaces{}
	n := 0
	err := jsonLines(data, func(line int, b []byte) error {
		n++
		d := draft{line: line}
		var rec prodigyLine
		if err := decodeLine(b, &rec, false); err != nil {
			return d.fail("%v", err)
		}
		if rec.Text == nil {
			return d.fail(`"text" is missing`)
		}
		if rec.Answer != nil {
			switch *rec.Answer {
			case "accept":
			case "reject", "ignore":
				orphans = append(orphans, skipped{line: line, what: fmt.Sprintf("task answered %q", *rec.Answer)})
				return nil
			default:
				return d.fail(`answer %q is not "accept", "reject" or "ignore"`, *rec.Answer)
			}
		}
		d.text, d.annotator = *rec.Text, rec.AnnotatorID
		by := d.annotator
		if annotator != "" {
			by = annotator
		}
		if by == "" {
			return d.fail("no annotator: the task has no _annotator_id; give the annotator to import it as")
		}
		if err := sets.add(d.text, by, fmt.Sprintf("line %d", line)); err != nil {
			if annotator != "" && rec.AnnotatorID != "" {
				return d.fail("%v (a file of several annotators imports without an annotator: each task keeps its _annotator_id)", err)
			}
			return d.fail("%v", err)
		}
		runes := []rune(d.text)
		for i, s := range rec.Spans {
			where := fmt.Sprintf("spans[%d]", i)
			if s.Start == nil || s.End == nil || s.Label == nil {
				return d.fail("%s: start, end or label is missing", where)
			}
			start, ok1 := offset(*s.Start)
			end, ok2 := offset(*s.End)
			if !ok1 || !ok2 {
				return d.fail("%s: start and end must be whole numbers", where)
			}
			if err := prodigyCheckTokens(runes, rec.Tokens, s, start, end); err != nil {
				return d.fail("%s: %v", where, err)
			}
			e := draftEntity{where: where, id: newItemID(), label: *s.Label, span: draftSpan{start: start, end: end, text: s.Text}, derive: true}
			if u, err := uuid.Parse(s.ID); err == nil {
				e.id, e.derive = u.String(), false
			}
			d.entities = append(d.entities, e)
		}
		for range rec.Relations {
			d.skip(line, "relation")
		}
		for range rec.Accept {
			d.skip(line, "accepted option")
		}
		if rec.Label != nil {
			d.skip(line, "text category")
		}
		drafts = append(drafts, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return attachNotRead(drafts, orphans, fmt.Sprintf("%d tasks", n))
}

// prodigyCheckTokens checks that a span's token_start and token_end, when
// it has them and the task has tokens, are tokens that start and end
// where the span does, and whose text is the text at their offsets:
// offsets counted in another unit than code points (bytes, UTF-16) show as
// a mismatch there.
func prodigyCheckTokens(text []rune, toks []prodigyTokenIn, s prodigySpanIn, start, end int) error {
	if len(toks) == 0 || s.TokenStart == nil || s.TokenEnd == nil {
		return nil
	}
	for _, c := range []struct {
		name string
		tok  float64
		at   int
		end  bool
	}{{"token_start", *s.TokenStart, start, false}, {"token_end", *s.TokenEnd, end, true}} {
		i, ok := offset(c.tok)
		if !ok || i < 0 || i >= len(toks) {
			return fmt.Errorf("%s %v is not a token: the task has %d", c.name, c.tok, len(toks))
		}
		t := toks[i]
		edge, side := t.Start, "starts"
		if c.end {
			edge, side = t.End, "ends"
		}
		if t.Start == nil || t.End == nil {
			return fmt.Errorf("tokens[%d] has no start or end", i)
		}
		ts, ok1 := offset(*t.Start)
		te, ok2 := offset(*t.End)
		if !ok1 || !ok2 || ts < 0 || te > len(text) || ts > te {
			return fmt.Errorf("tokens[%d] offsets %v-%v are not within the text, which has %d code points", i, *t.Start, *t.End, len(text))
		}
		if t.Text != nil && *t.Text != string(text[ts:te]) {
			return fmt.Errorf("tokens[%d] %q is not the text at its offsets %d-%d, %q: are the offsets code points (Python's)?", i, *t.Text, ts, te, string(text[ts:te]))
		}
		if at, ok := offset(*edge); !ok || at != c.at {
			return fmt.Errorf("%s %d %s at %v, not at the span's %d: are the offsets code points (Python's)?", c.name, i, side, *edge, c.at)
		}
	}
	return nil
}
