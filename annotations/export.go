package annotations

import (
	"encoding/json"
	"io"
)

// ExportEntity is an entity mention as the JSONL export writes it.
type ExportEntity struct {
	ID    string `json:"id"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

// ExportGroup is an entity group as the JSONL export writes it: its
// canonical name and the IDs of its members among the record's entities.
type ExportGroup struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Members []string `json:"members"`
}

// ExportRef is a quote's speaker or a stance's holder as the JSONL export
// writes it: the kind and ID of what it refers to ("entity", "group",
// "quote_speaker" with the quote's ID, or "article" with no ID) and its
// text: an entity mention's text, a group's name, a quote's speaker's text.
// Text is empty for the article and for an item that was deleted.
type ExportRef struct {
	Kind RefKind `json:"kind"`
	ID   string  `json:"id"`
	Text string  `json:"text"`
}

// ExportSpan is a span as the JSONL export writes it: code point offsets
// and the article's text between them.
type ExportSpan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// ExportQuote is a quote as the JSONL export writes it (PARC-style: content,
// source, cue): the content's offsets and text, whether it is direct, the
// speaker and the cue (null when there is none).
type ExportQuote struct {
	ID      string      `json:"id"`
	Start   int         `json:"start"`
	End     int         `json:"end"`
	Text    string      `json:"text"`
	Direct  bool        `json:"direct"`
	Speaker ExportRef   `json:"speaker"`
	Cue     *ExportSpan `json:"cue"`
}

// ExportTarget is a stance's target as the JSONL export writes it: an
// entity or group (ID, Text its text or name) or a topic (Topic, and Text
// the same), every field always present.
type ExportTarget struct {
	Kind  RefKind `json:"kind"`
	ID    string  `json:"id"`
	Topic string  `json:"topic"`
	Text  string  `json:"text"`
}

// ExportEvidence is a stance's evidence as the JSONL export writes it: a
// quote (its ID and its content's offsets and text) or a span (no ID).
type ExportEvidence struct {
	Kind  RefKind `json:"kind"`
	ID    string  `json:"id"`
	Start int     `json:"start"`
	End   int     `json:"end"`
	Text  string  `json:"text"`
}

// ExportStance is a stance as the JSONL export writes it.
type ExportStance struct {
	ID       string           `json:"id"`
	Holder   ExportRef        `json:"holder"`
	Target   ExportTarget     `json:"target"`
	Polarity string           `json:"polarity"`
	Evidence []ExportEvidence `json:"evidence"`
}

// ExportRecord is one line of the native JSONL export: one annotation set with
// its article's text. Every list is written, empty or not, so that the
// record's shape does not depend on what was annotated.
type ExportRecord struct {
	ArticleID string `json:"article_id"`
	SetID     string `json:"set_id"`
	// Project is the set's project, absent for the Default project.
	Project   string         `json:"project,omitempty"`
	Annotator string         `json:"annotator"`
	Text      string         `json:"text"`
	Entities  []ExportEntity `json:"entities"`
	Groups    []ExportGroup  `json:"groups"`
	Quotes    []ExportQuote  `json:"quotes"`
	Stances   []ExportStance `json:"stances"`
}

// NewExportRecord returns the export record of set s on article a. Texts are
// the article's own text at the offsets (a span's stored quote when the
// offsets fall outside the text). A group lists only its members that are
// entities of the set; a reference to an item the set no longer has keeps
// its kind and ID with an empty text (the set flags it for review).
func NewExportRecord(a Article, s Set) ExportRecord {
	rec := ExportRecord{ArticleID: a.ID, SetID: s.ID, Project: s.Project, Annotator: s.Annotator, Text: a.Text,
		Entities: make([]ExportEntity, 0, len(s.Entities)), Groups: make([]ExportGroup, 0, len(s.Groups)),
		Quotes: make([]ExportQuote, 0, len(s.Quotes)), Stances: make([]ExportStance, 0, len(s.Stances))}
	text := []rune(a.Text)
	spanText := func(sp Span) string {
		if 0 <= sp.Start && sp.Start < sp.End && sp.End <= len(text) {
			return string(text[sp.Start:sp.End]) // the article's own text at the offsets
		}
		return sp.Exact
	}
	entities := map[string]string{} // ID to text
	for _, e := range s.Entities {
		quote := spanText(e.Span)
		entities[e.ID] = quote
		rec.Entities = append(rec.Entities, ExportEntity{ID: e.ID, Start: e.Start, End: e.End, Label: e.Label, Text: quote})
	}
	groups := map[string]string{} // ID to name
	for _, g := range s.Groups {
		groups[g.ID] = g.Name
		members := make([]string, 0, len(g.Members))
		for _, m := range g.Members {
			if _, ok := entities[m]; ok {
				members = append(members, m)
			}
		}
		rec.Groups = append(rec.Groups, ExportGroup{ID: g.ID, Name: g.Name, Members: members})
	}
	nameOf := func(kind RefKind, id string) string {
		switch kind {
		case RefEntity:
			return entities[id]
		case RefGroup:
			return groups[id]
		}
		return ""
	}
	quotes := map[string]Quote{}
	for _, q := range s.Quotes {
		quotes[q.ID] = q
		eq := ExportQuote{ID: q.ID, Start: q.Content.Start, End: q.Content.End, Text: spanText(q.Content), Direct: q.Direct,
			Speaker: ExportRef{Kind: q.Speaker.Kind, ID: q.Speaker.ID, Text: nameOf(q.Speaker.Kind, q.Speaker.ID)}}
		if q.Cue != nil {
			eq.Cue = &ExportSpan{Start: q.Cue.Start, End: q.Cue.End, Text: spanText(*q.Cue)}
		}
		rec.Quotes = append(rec.Quotes, eq)
	}
	for _, st := range s.Stances {
		es := ExportStance{ID: st.ID, Polarity: st.Polarity, Evidence: make([]ExportEvidence, 0, len(st.Evidence)),
			Holder: ExportRef{Kind: st.Holder.Kind, ID: st.Holder.ID, Text: nameOf(st.Holder.Kind, st.Holder.ID)},
			Target: ExportTarget{Kind: st.Target.Kind, ID: st.Target.ID, Topic: st.Target.Topic, Text: nameOf(st.Target.Kind, st.Target.ID)}}
		if st.Holder.Kind == RefQuoteSpeaker {
			if q, ok := quotes[st.Holder.ID]; ok {
				es.Holder.Text = nameOf(q.Speaker.Kind, q.Speaker.ID)
			}
		}
		if st.Target.Kind == RefTopic {
			es.Target.Text = st.Target.Topic
		}
		for _, ev := range st.Evidence {
			ee := ExportEvidence{Kind: ev.Kind, ID: ev.ID}
			switch {
			case ev.Kind == RefSpan && ev.Span != nil:
				ee.Start, ee.End, ee.Text = ev.Span.Start, ev.Span.End, spanText(*ev.Span)
			case ev.Kind == RefQuote:
				if q, ok := quotes[ev.ID]; ok {
					ee.Start, ee.End, ee.Text = q.Content.Start, q.Content.End, spanText(q.Content)
				}
			}
			es.Evidence = append(es.Evidence, ee)
		}
		rec.Stances = append(rec.Stances, es)
	}
	return rec
}

// JSONLWriter writes export records as JSON Lines, one record a line.
type JSONLWriter struct {
	enc *json.Encoder
}

// NewJSONLWriter returns a JSONLWriter writing to w.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &JSONLWriter{enc: enc}
}

// Write writes one record and its newline.
func (w *JSONLWriter) Write(rec ExportRecord) error { return w.enc.Encode(rec) }
