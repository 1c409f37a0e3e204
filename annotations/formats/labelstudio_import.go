package formats

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

func init() {
	importers["labelstudio"] = importLabelStudio
	annotatorsInFile["labelstudio"] = true
}

// labelStudioTaskIn is a task as Label Studio exports it (JSON): the text
// in data.text (data.title, when there, names the article), annotations
// (or, from Label Studio before 1.0, completions), predictions.
type labelStudioTaskIn struct {
	ID          json.RawMessage           `json:"id"`
	Data        map[string]any            `json:"data"`
	Annotations []labelStudioAnnotationIn `json:"annotations"`
	Completions []labelStudioAnnotationIn `json:"completions"`
	Predictions []json.RawMessage         `json:"predictions"`
}

type labelStudioAnnotationIn struct {
	// CompletedBy is a user ID, or (export with annotator details, and
	// Label Studio's import) an object with the user's email.
	CompletedBy  json.RawMessage `json:"completed_by"`
	Annotator    string          `json:"annotator"` // Gloss's own export
	WasCancelled bool            `json:"was_cancelled"`
	Result       []struct {
		ID    string          `json:"id"`
		Type  string          `json:"type"`
		Value json.RawMessage `json:"value"`
	} `json:"result"`
}

type labelStudioValueIn struct {
	Start  *float64 `json:"start"`
	End    *float64 `json:"end"`
	Text   *string  `json:"text"`
	Labels []string `json:"labels"`
}

// labelStudioCompletedBy names the annotator of completed_by: the email of
// an object, "user 7" of a user ID 7, "" when there is none.
func labelStudioCompletedBy(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	switch c := v.(type) {
	case float64:
		if id, ok := offset(c); ok {
			return "user " + strconv.Itoa(id), nil
		}
	case map[string]any:
		if email, ok := c["email"].(string); ok && email != "" {
			return email, nil
		}
		if id, ok := offset(c["id"]); ok {
			return "user " + strconv.Itoa(id), nil
		}
	}
	return "", fmt.Errorf("completed_by %s is neither a user ID nor an object with an email", raw)
}

// importLabelStudio reads Label Studio's JSON export: each task's
// annotation by one annotator is a record. A region ("labels" result)
// becomes an entity per label, its UUID kept when it has one (Gloss's own
// export), else a new one; offsets count UTF-16 code units of data.text.
// The annotator is annotator when given, which a task with several
// annotations refuses (they would merge into one set), else each
// annotation's completed_by (or the "annotator" Gloss's export writes).
// Cancelled (skipped) annotations, predictions, tasks with no annotation
// and results of other types are counted as not read.
func importLabelStudio(data []byte, annotator string, _ ZipLimits) ([]draft, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	lines := newLineCounter(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	fail := func(at int64, format string, args ...any) error {
		return &ImportError{Line: lines.at(at), Msg: fmt.Sprintf(format, args...)}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, fail(dec.InputOffset(), "not a Label Studio export: it is a JSON array of tasks, [{\"data\": {\"text\": …}, \"annotations\": […]}, …]")
	}
	var drafts []draft
	var orphans []skipped // not read, of tasks that make no record
	sets := setPlaces{}
	n := 0
	for dec.More() {
		n++
		start := lines.next(dec.InputOffset())
		line := lines.at(start)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if syn, ok := err.(*json.SyntaxError); ok {
				return nil, fail(syn.Offset, "task %d: not JSON: %v", n, err)
			}
			return nil, fail(start, "task %d: not JSON: %v", n, err)
		}
		var task labelStudioTaskIn
		if err := json.Unmarshal(raw, &task); err != nil {
			return nil, fail(start, "task %d: not a Label Studio task: %v", n, err)
		}
		name := fmt.Sprintf("task %d", n)
		if id := strings.TrimSpace(string(task.ID)); id != "" && id != "null" {
			name += " (id " + id + ")"
		}
		taskFail := func(format string, args ...any) error {
			return &ImportError{Line: line, Msg: name + ": " + fmt.Sprintf(format, args...)}
		}
		if task.Data == nil {
			d, err := labelStudioMinRow(raw, line, name)
			if err != nil {
				return nil, err
			}
			by := d.annotator
			if annotator != "" {
				by = annotator
			}
			if by == "" {
				return nil, taskFail("annotator is missing: give the annotator to import it as")
			}
			if err := sets.add(d.text, by, name); err != nil {
				if annotator != "" && d.annotator != "" {
					return nil, taskFail("%v (rows of several annotators import without an annotator: each keeps its own)", err)
				}
				return nil, taskFail("%v", err)
			}
			drafts = append(drafts, d)
			continue
		}
		text, ok := task.Data["text"].(string)
		if !ok {
			return nil, taskFail(`data.text is missing or not a string: Gloss reads a task's text from data.text, as <Text name="text" value="$text"/> shows it`)
		}
		title, _ := task.Data["title"].(string)
		for range task.Predictions {
			orphans = append(orphans, skipped{line: line, what: "prediction"})
		}
		u16, runes := newUnitIndex(text, UnitUTF16), []rune(text)
		anns, key := task.Annotations, "annotations"
		if anns == nil {
			anns, key = task.Completions, "completions"
		}
		type annotated struct {
			i       int
			by      string
			drafted draft
		}
		var kept []annotated
		for i, a := range anns {
			where := fmt.Sprintf("%s[%d]", key, i)
			if a.WasCancelled {
				orphans = append(orphans, skipped{line: line, what: "cancelled annotation"})
				continue
			}
			by := a.Annotator
			if by == "" {
				var err error
				if by, err = labelStudioCompletedBy(a.CompletedBy); err != nil {
					return nil, taskFail("%s: %v", where, err)
				}
			}
			d := draft{line: line, title: title, text: text, annotator: by}
			used := map[string]bool{}
			for j, r := range a.Result {
				rwhere := fmt.Sprintf("%s: %s.result[%d]", name, where, j)
				if r.Type != labelStudioLabels {
					d.skip(line, fmt.Sprintf("result %q", r.Type))
					continue
				}
				if err := d.labelStudioRegion(rwhere, r.ID, r.Value, u16, runes, used); err != nil {
					return nil, err
				}
			}
			kept = append(kept, annotated{i: i, by: by, drafted: d})
		}
		if len(kept) == 0 {
			orphans = append(orphans, skipped{line: line, what: "task with no annotation"})
			continue
		}
		if annotator != "" && len(kept) > 1 {
			var names []string
			for _, k := range kept {
				names = append(names, cmp.Or(k.by, "no completed_by"))
			}
			return nil, taskFail("%d annotations (by %s): importing them all as %q would merge them into one set; import without an annotator, so that each annotation becomes its annotator's set", len(kept), strings.Join(names, ", "), annotator)
		}
		for _, k := range kept {
			by := k.by
			if annotator != "" {
				by = annotator
			}
			if by == "" {
				return nil, taskFail("%s[%d] has no completed_by: give the annotator to import it as", key, k.i)
			}
			if err := sets.add(text, by, fmt.Sprintf("%s, %s[%d]", name, key, k.i)); err != nil {
				return nil, taskFail("%v", err)
			}
			drafts = append(drafts, k.drafted)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(dec.InputOffset(), "after task %d: not JSON: %v", n, err)
	}
	if dec.More() {
		return nil, fail(dec.InputOffset(), "more follows the array of tasks")
	}
	return attachNotRead(drafts, orphans, fmt.Sprintf("%d tasks", n))
}

// labelStudioRegion adds to d the entities of a "labels" region, one per
// label: value is {start, end, text, labels}; the first keeps the region's
// id when it is a UUID not used yet (Gloss's export), the others get IDs
// derived from their spans (draftEntity.derive).
func (d *draft) labelStudioRegion(where, id string, value json.RawMessage, u16 unitIndex, runes []rune, used map[string]bool) error {
	var v labelStudioValueIn
	if err := json.Unmarshal(value, &v); err != nil {
		return d.fail("%s: value is not {start, end, text, labels}: %v", where, err)
	}
	sp, err := labelStudioSpan(u16, runes, v)
	if err != nil {
		return d.fail("%s: %v", where, err)
	}
	if len(v.Labels) == 0 {
		return d.fail("%s: value.labels is empty: a region needs a label", where)
	}
	for k, label := range v.Labels {
		e := draftEntity{where: where, id: newItemID(), label: label, span: sp, derive: true}
		if u, err := uuid.Parse(id); err == nil && !used[u.String()] && k == 0 {
			e.id, e.derive = u.String(), false
		}
		used[e.id] = true
		d.entities = append(d.entities, e)
	}
	return nil
}

// labelStudioMinKeys are the keys of a JSON-MIN row that are neither task
// data nor a control's output.
var labelStudioMinKeys = map[string]bool{"id": true, "annotator": true, "annotation_id": true, "created_at": true, "updated_at": true, "lead_time": true, "agreement": true}

// labelStudioMinRow reads a row of Label Studio's JSON-MIN export: one
// annotation, its task's data flattened ("text", an optional "title"),
// each control's output under its name (a Labels control's: a list of
// {start, end, text, labels}), "annotator" (a user ID or an email) and
// "annotation_id". Lists of other objects (outputs of other controls) are
// counted as not read; strings are task data or choices, which a row does
// not tell apart, and are not read.
func labelStudioMinRow(raw json.RawMessage, line int, name string) (draft, error) {
	d := draft{line: line}
	fail := func(format string, args ...any) error { return d.fail(name+": "+format, args...) }
	var row map[string]json.RawMessage
	if err := json.Unmarshal(raw, &row); err != nil {
		return d, fail("not a Label Studio task: %v", err)
	}
	_, isMin := row["annotation_id"]
	if err := json.Unmarshal(row["text"], &d.text); err != nil || !isMin {
		return d, fail(`"data" is missing: a task's text is in data.text (or "text" in a JSON-MIN row, with its "annotation_id")`)
	}
	if t, ok := row["title"]; ok {
		_ = json.Unmarshal(t, &d.title)
	}
	if json.Unmarshal(row["annotator"], &d.annotator) != nil { // not an email: a user ID
		by, err := labelStudioCompletedBy(row["annotator"])
		if err != nil {
			return d, fail("annotator: %v", err)
		}
		d.annotator = by
	}
	keys := make([]string, 0, len(row))
	for k := range row {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	u16, runes := newUnitIndex(d.text, UnitUTF16), []rune(d.text)
	used := map[string]bool{}
	for _, k := range keys {
		if labelStudioMinKeys[k] || k == "text" || k == "title" {
			continue
		}
		var items []map[string]json.RawMessage
		if json.Unmarshal(row[k], &items) != nil || len(items) == 0 {
			continue // task data, or a choice
		}
		for i, it := range items {
			if _, ok := it["labels"]; !ok {
				d.skip(line, fmt.Sprintf("output %q", k))
				continue
			}
			b, _ := json.Marshal(it)
			if err := d.labelStudioRegion(fmt.Sprintf("%s: %s[%d]", name, k, i), "", b, u16, runes, used); err != nil {
				return d, err
			}
		}
	}
	return d, nil
}

// labelStudioSpan reads a region's offsets, UTF-16 code units of text,
// as a span of code points, checking its text when given.
func labelStudioSpan(u16 unitIndex, text []rune, v labelStudioValueIn) (draftSpan, error) {
	if v.Start == nil || v.End == nil {
		return draftSpan{}, fmt.Errorf("value.start or value.end is missing")
	}
	var cps [2]int
	for i, f := range []struct {
		name string
		v    float64
	}{{"value.start", *v.Start}, {"value.end", *v.End}} {
		u, ok := offset(f.v)
		if !ok {
			return draftSpan{}, fmt.Errorf("%s %v is not a whole number", f.name, f.v)
		}
		cp, ok := u16.from(u)
		if !ok {
			if u < 0 || u > u16.len {
				return draftSpan{}, fmt.Errorf("%s %d is outside the text, which has %d UTF-16 code units (Label Studio's unit)", f.name, u, u16.len)
			}
			return draftSpan{}, fmt.Errorf("%s %d falls inside a character of two UTF-16 code units (an emoji, say): were the offsets counted in code points? Label Studio counts UTF-16 code units", f.name, u)
		}
		cps[i] = cp
	}
	if cps[0] >= cps[1] {
		return draftSpan{}, fmt.Errorf("value.start %v is not before value.end %v", *v.Start, *v.End)
	}
	if v.Text != nil {
		if got := string(text[cps[0]:cps[1]]); *v.Text != got {
			return draftSpan{}, fmt.Errorf("value.text %q is not the text at UTF-16 offsets %v-%v, %q", *v.Text, *v.Start, *v.End, got)
		}
	}
	return draftSpan{start: cps[0], end: cps[1]}, nil
}

// setPlaces remembers where each article's text was annotated by each
// annotator, so that a file with two records of one text by one annotator
// (which would store the mentions of both in one set) is refused.
type setPlaces map[[2]string]string

// add notes that where annotates text as annotator, or says where it did
// already.
func (s setPlaces) add(text, annotator, where string) error {
	k := [2]string{text, annotator}
	if first, ok := s[k]; ok {
		return fmt.Errorf("the same text as %s, annotated by %s in both: Gloss keeps one set per article and annotator; import them as different annotators or drop one", first, annotator)
	}
	s[k] = where
	return nil
}

// attachNotRead gives what records that make no draft hold (rejected or
// cancelled answers, predictions) to the first draft, which counts it, or,
// when there is no draft at all, says that nothing can be imported.
func attachNotRead(drafts []draft, orphans []skipped, what string) ([]draft, error) {
	if len(drafts) == 0 {
		var kinds []NotRead
		for _, o := range orphans {
			kinds = addNotRead(kinds, NotRead{What: o.what, Count: 1})
		}
		var parts []string
		for _, k := range kinds {
			parts = append(parts, fmt.Sprintf("%d %s", k.Count, k.What))
		}
		msg := "nothing to import: " + what + " and no annotation Gloss reads"
		if len(parts) > 0 {
			msg += " (not read: " + strings.Join(parts, ", ") + ")"
		}
		return nil, &ImportError{Msg: msg}
	}
	drafts[0].notRead = append(drafts[0].notRead, orphans...)
	return drafts, nil
}

// lineCounter turns byte offsets of data into 1-based line numbers,
// counting forward from the last offset asked.
type lineCounter struct {
	data []byte
	pos  int64
	line int
}

func newLineCounter(data []byte) *lineCounter { return &lineCounter{data: data, line: 1} }

// at returns the line of byte offset off.
func (c *lineCounter) at(off int64) int {
	off = min(max(off, 0), int64(len(c.data)))
	if off < c.pos {
		c.pos, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.pos:off], []byte("\n"))
	c.pos = off
	return c.line
}

// next returns the offset of the first byte at or after off that is not
// white space or a comma: where the next value in an array starts.
func (c *lineCounter) next(off int64) int64 {
	for off < int64(len(c.data)) {
		switch c.data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
			continue
		}
		break
	}
	return off
}
