package formats

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/gloss-annotate/gloss/annotations"
)

func init() { importers["jsonl"] = importJSONL }

// jsonLines calls fn with each non-blank line of data and its 1-based
// number; a UTF-8 byte order mark at the start of data (which doccano
// accepts, and Windows editors write) and a "\r" before a line's "\n" are
// dropped.
func jsonLines(data []byte, fn func(line int, b []byte) error) error {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	n := 0
	for len(data) > 0 {
		n++
		b := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			b, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		b = bytes.TrimSuffix(b, []byte("\r"))
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		if err := fn(n, b); err != nil {
			return err
		}
	}
	return nil
}

// decodeLine decodes one JSON object into v, refusing keys v lacks when
// strict, and trailing data.
func decodeLine(b []byte, v any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("not a JSON record: %v", err)
	}
	if dec.More() {
		return fmt.Errorf("not one JSON record: more follows it on the line")
	}
	return nil
}

// nativeRecord is a line of the native export, with an optional title.
type nativeRecord struct {
	Title string `json:"title"`
	annotations.ExportRecord
}

// importJSONL reads the native export (and JSON Lines written like it): item
// IDs are kept, so references keep pointing where they did, and importing
// the same file twice gives the same revisions.
func importJSONL(data []byte, _ string, _ ZipLimits) ([]draft, error) {
	var drafts []draft
	err := jsonLines(data, func(line int, b []byte) error {
		var rec nativeRecord
		d := draft{line: line, restoresDeleted: true}
		if err := decodeLine(b, &rec, true); err != nil {
			return d.fail("%v", err)
		}
		if rec.Text == "" {
			return d.fail(`"text" is missing or empty`)
		}
		d.title, d.text, d.annotator, d.articleID = rec.Title, rec.Text, rec.Annotator, rec.ArticleID
		if rec.SetID != "" && rec.ArticleID != "" && rec.Annotator != "" && rec.SetID != (annotations.SetKey{Project: rec.Project, ArticleID: rec.ArticleID, Annotator: rec.Annotator}).ID() {
			return d.fail("set_id %q is not the set of article %s and annotator %q", rec.SetID, rec.ArticleID, rec.Annotator)
		}
		id := func(where, s string) (string, error) {
			if _, err := uuid.Parse(s); err != nil {
				return "", d.fail("%s: id %q is not a UUID", where, s)
			}
			return strings.ToLower(s), nil
		}
		for i, e := range rec.Entities {
			where := fmt.Sprintf("entities[%d]", i)
			eid, err := id(where, e.ID)
			if err != nil {
				return err
			}
			d.entities = append(d.entities, draftEntity{where: where, id: eid, label: e.Label,
				span: draftSpan{start: e.Start, end: e.End, text: e.Text}})
		}
		for i, g := range rec.Groups {
			where := fmt.Sprintf("groups[%d]", i)
			gid, err := id(where, g.ID)
			if err != nil {
				return err
			}
			d.groups = append(d.groups, draftGroup{where: where, id: gid, name: g.Name, members: g.Members})
		}
		for i, q := range rec.Quotes {
			where := fmt.Sprintf("quotes[%d]", i)
			qid, err := id(where, q.ID)
			if err != nil {
				return err
			}
			dq := draftQuote{where: where, id: qid, direct: q.Direct,
				content: draftSpan{start: q.Start, end: q.End, text: q.Text},
				speaker: annotations.Ref{Kind: q.Speaker.Kind, ID: q.Speaker.ID}}
			if q.Cue != nil {
				dq.cue = &draftSpan{start: q.Cue.Start, end: q.Cue.End, text: q.Cue.Text}
			}
			d.quotes = append(d.quotes, dq)
		}
		for i, st := range rec.Stances {
			where := fmt.Sprintf("stances[%d]", i)
			sid, err := id(where, st.ID)
			if err != nil {
				return err
			}
			ds := draftStance{where: where, id: sid, polarity: st.Polarity,
				holder: annotations.Holder{Kind: st.Holder.Kind, ID: st.Holder.ID},
				target: annotations.Target{Kind: st.Target.Kind, ID: st.Target.ID, Topic: st.Target.Topic}}
			for _, ev := range st.Evidence {
				ds.evidence = append(ds.evidence, draftEvidence{kind: ev.Kind, id: ev.ID,
					span: draftSpan{start: ev.Start, end: ev.End, text: ev.Text}})
			}
			d.stances = append(d.stances, ds)
		}
		drafts = append(drafts, d)
		return nil
	})
	return drafts, err
}
