package formats

import (
	"encoding/json"
	"fmt"
	"math"
)

func init() {
	importers["doccano"] = importDoccano
	offsetFormats["doccano"] = true // UTF-16 code units, as doccano's editor counts
}

// doccanoLine is a line of doccano's sequence-labeling JSONL: "text" and
// its spans as "label" (or "labels") [[start, end, "PER"], ...], or, as
// doccano's span-and-relation projects export it, "entities" [{"label",
// "start_offset", "end_offset"}]. An optional "title" names the article;
// other keys (doccano's metadata, ours: article_id, annotator, set_id) are
// not read; "relations" and "cats" (doccano's relations and text
// categories), annotations Gloss has no place for, are counted as not read.
type doccanoLine struct {
	Title     string              `json:"title"`
	Text      *string             `json:"text"`
	Label     []json.RawMessage   `json:"label"`
	Labels    []json.RawMessage   `json:"labels"`
	Entities  []doccanoEntityJSON `json:"entities"`
	Relations []json.RawMessage   `json:"relations"`
	Cats      any                 `json:"cats"` // a list, or an object of category to score
}

type doccanoEntityJSON struct {
	Label       string   `json:"label"`
	StartOffset *float64 `json:"start_offset"`
	EndOffset   *float64 `json:"end_offset"`
}

// offset reads a JSON number that must be a whole number.
func offset(v any) (int, bool) {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<31 {
		return 0, false
	}
	return int(f), true
}

// importDoccano reads doccano JSONL: every span becomes an entity whose ID
// is derived from its set and span (draftEntity.derive), labels beyond the
// default schema extend the set's schema.
func importDoccano(data []byte, _ string, _ ZipLimits) ([]draft, error) {
	var drafts []draft
	err := jsonLines(data, func(line int, b []byte) error {
		d := draft{line: line}
		var rec doccanoLine
		if err := decodeLine(b, &rec, false); err != nil {
			return d.fail("%v", err)
		}
		if rec.Text == nil {
			return d.fail(`"text" is missing`)
		}
		d.title, d.text = rec.Title, *rec.Text
		spans := rec.Label
		key := "label"
		if len(spans) == 0 {
			spans, key = rec.Labels, "labels"
		}
		for i, raw := range spans {
			where := fmt.Sprintf("%s[%d]", key, i)
			var triple []any
			if err := json.Unmarshal(raw, &triple); err != nil || len(triple) != 3 {
				return d.fail("%s: %s is not [start, end, label]", where, raw)
			}
			start, ok1 := offset(triple[0])
			end, ok2 := offset(triple[1])
			label, ok3 := triple[2].(string)
			if !ok1 || !ok2 || !ok3 {
				return d.fail("%s: %s is not [start, end, label] with whole-number offsets and a label name", where, raw)
			}
			d.entities = append(d.entities, draftEntity{where: where, id: newItemID(), label: label, span: draftSpan{start: start, end: end}, derive: true})
		}
		for i, e := range rec.Entities {
			where := fmt.Sprintf("entities[%d]", i)
			if e.StartOffset == nil || e.EndOffset == nil {
				return d.fail("%s: start_offset or end_offset is missing", where)
			}
			start, ok1 := offset(*e.StartOffset)
			end, ok2 := offset(*e.EndOffset)
			if !ok1 || !ok2 {
				return d.fail("%s: offsets must be whole numbers", where)
			}
			d.entities = append(d.entities, draftEntity{where: where, id: newItemID(), label: e.Label, span: draftSpan{start: start, end: end}, derive: true})
		}
		for range rec.Relations {
			d.skip(line, "relation")
		}
		cats := 0
		switch c := rec.Cats.(type) {
		case []any:
			cats = len(c)
		case map[string]any:
			cats = len(c)
		}
		for range cats {
			d.skip(line, "category")
		}
		drafts = append(drafts, d)
		return nil
	})
	return drafts, err
}
