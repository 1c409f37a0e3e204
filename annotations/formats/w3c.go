package formats

import (
	"bufio"
	"encoding/json"

	"github.com/gloss-annotate/gloss/annotations"
)

func init() {
	register(Format{Name: "w3c", Description: "W3C Web Annotation JSON-LD: one AnnotationCollection of every entity, group, quote and stance",
		ContentType: `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`, Ext: ".jsonld",
		newEncoder: func(files *fileSink, _ Options) encoder { return &w3cEncoder{files: files} }})
}

// w3cContext is the Web Annotation JSON-LD context.
const w3cContext = "http://www.w3.org/ns/anno.jsonld"

// w3cEncoder writes one AnnotationCollection per file: its single
// AnnotationPage ("first") lists the annotations as records come, and
// "total" follows the items (JSON key order does not matter), so nothing
// is held back. Every annotation repeats "@context" so that it stands
// alone when taken out of the collection.
type w3cEncoder struct {
	files *fileSink
	w     *bufio.Writer
	n     int
	began bool
}

// w3cAnnotation is one Web Annotation.
type w3cAnnotation struct {
	Context    string   `json:"@context"`
	ID         string   `json:"id"`
	Type       string   `json:"type"`
	Motivation string   `json:"motivation"`
	Creator    w3cAgent `json:"creator"`
	Body       []any    `json:"body,omitempty"`
	Target     any      `json:"target"`
}

type w3cAgent struct {
	Type     string `json:"type"`
	Nickname string `json:"nickname"`
}

type w3cTextualBody struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	Purpose string `json:"purpose"`
}

// w3cResource is a SpecificResource: a span of the article (with
// selectors) or another annotation item (by its URN, no selector).
type w3cResource struct {
	Type     string `json:"type"`
	Source   string `json:"source"`
	Purpose  string `json:"purpose,omitempty"`
	Selector []any  `json:"selector,omitempty"`
}

type w3cQuoteSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

type w3cPositionSelector struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// itemIRI is the IRI of annotation item id of the set setID. An item's ID
// is unique within its set only (a file imported as two annotators', or
// a gold set curated from theirs, holds the same IDs), and JSON-LD takes
// two nodes of one IRI for one: so the set is in it.
func itemIRI(setID, id string) string { return "urn:gloss:set:" + setID + ":item:" + id }

// articleIRI is the IRI of an article.
func articleIRI(id string) string { return "urn:gloss:article:" + id }

func (e *w3cEncoder) begin(part string) error {
	name := part
	if name == "" {
		name = "all"
	}
	w, err := e.files.file(partFile(part, ".jsonld"))
	if err != nil {
		return err
	}
	e.w, e.n, e.began = bufio.NewWriter(w), 0, true
	head, _ := json.Marshal(w3cContext)
	e.w.WriteString(`{"@context":` + string(head) + `,"id":"urn:gloss:export:` + name +
		`","type":"AnnotationCollection","label":"Gloss export","first":{"type":"AnnotationPage","startIndex":0,"items":[`)
	return nil
}

func (e *w3cEncoder) write(rec annotations.ExportRecord) error {
	text := []rune(rec.Text)
	source := articleIRI(rec.ArticleID)
	creator := w3cAgent{Type: "Person", Nickname: rec.Annotator}
	span := func(start, end int, purpose string) (w3cResource, bool) {
		if start < 0 || end > len(text) || start >= end {
			return w3cResource{}, false
		}
		return w3cResource{Type: "SpecificResource", Source: source, Purpose: purpose, Selector: []any{
			w3cQuoteSelector{Type: "TextQuoteSelector", Exact: string(text[start:end]),
				Prefix: string(text[max(0, start-annotations.QuoteContext):start]),
				Suffix: string(text[end:min(len(text), end+annotations.QuoteContext)])},
			w3cPositionSelector{Type: "TextPositionSelector", Start: start, End: end},
		}}, true
	}
	link := func(id, purpose string) w3cResource {
		return w3cResource{Type: "SpecificResource", Source: itemIRI(rec.SetID, id), Purpose: purpose}
	}
	emit := func(a w3cAnnotation) error {
		a.Context, a.Type, a.Creator = w3cContext, "Annotation", creator
		b, err := json.Marshal(a)
		if err != nil {
			return err
		}
		if e.n > 0 {
			e.w.WriteByte(',')
		}
		e.w.WriteByte('\n')
		e.w.Write(b)
		e.n++
		return nil
	}
	for _, en := range rec.Entities {
		t, ok := span(en.Start, en.End, "")
		if !ok {
			continue
		}
		if err := emit(w3cAnnotation{ID: itemIRI(rec.SetID, en.ID), Motivation: "tagging",
			Body: []any{w3cTextualBody{Type: "TextualBody", Value: en.Label, Purpose: "tagging"}}, Target: t}); err != nil {
			return err
		}
	}
	for _, g := range rec.Groups {
		if len(g.Members) == 0 {
			continue
		}
		targets := make([]any, len(g.Members))
		for i, m := range g.Members {
			targets[i] = itemIRI(rec.SetID, m)
		}
		if err := emit(w3cAnnotation{ID: itemIRI(rec.SetID, g.ID), Motivation: "identifying",
			Body: []any{w3cTextualBody{Type: "TextualBody", Value: g.Name, Purpose: "identifying"}}, Target: targets}); err != nil {
			return err
		}
	}
	for _, q := range rec.Quotes {
		t, ok := span(q.Start, q.End, "")
		if !ok {
			continue
		}
		kind := "indirect quote"
		if q.Direct {
			kind = "direct quote"
		}
		body := []any{w3cTextualBody{Type: "TextualBody", Value: kind, Purpose: "classifying"}, link(q.Speaker.ID, "linking")}
		if q.Cue != nil {
			if c, ok := span(q.Cue.Start, q.Cue.End, "describing"); ok {
				body = append(body, c)
			}
		}
		if err := emit(w3cAnnotation{ID: itemIRI(rec.SetID, q.ID), Motivation: "classifying", Body: body, Target: t}); err != nil {
			return err
		}
	}
	for _, st := range rec.Stances {
		body := []any{w3cTextualBody{Type: "TextualBody", Value: st.Polarity, Purpose: "assessing"}}
		if st.Target.Kind == annotations.RefTopic {
			body = append(body, w3cTextualBody{Type: "TextualBody", Value: st.Target.Topic, Purpose: "tagging"})
		} else {
			body = append(body, link(st.Target.ID, "tagging"))
		}
		if st.Holder.Kind != annotations.RefArticle {
			body = append(body, link(st.Holder.ID, "linking"))
		}
		var targets []any
		for _, ev := range st.Evidence {
			if t, ok := span(ev.Start, ev.End, ""); ok {
				targets = append(targets, t)
			}
		}
		var target any = source
		if len(targets) > 0 {
			target = targets
		}
		if err := emit(w3cAnnotation{ID: itemIRI(rec.SetID, st.ID), Motivation: "assessing", Body: body, Target: target}); err != nil {
			return err
		}
	}
	return nil
}

func (e *w3cEncoder) end() error {
	total, _ := json.Marshal(e.n)
	e.w.WriteString("\n]},\"total\":" + string(total) + "}\n")
	return e.w.Flush()
}

// close writes an empty collection when no record came, so that the
// export is still one JSON document.
func (e *w3cEncoder) close() error {
	if e.began {
		return nil
	}
	if err := e.begin(""); err != nil {
		return err
	}
	return e.end()
}
