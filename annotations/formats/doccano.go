package formats

import (
	"fmt"

	"github.com/gloss-annotate/gloss/annotations"
)

func init() {
	register(Format{Name: "doccano", Description: "doccano sequence labeling JSONL: text and [start, end, label], offsets in UTF-16 units as doccano counts (or grapheme clusters, or code points)",
		ContentType: "application/x-ndjson; charset=utf-8", Ext: ".jsonl",
		newEncoder: func(files *fileSink, opts Options) encoder {
			e := &doccanoEncoder{unit: opts.unit()}
			e.linesEncoder = linesEncoder{files: files, ext: ".jsonl", rows: e.rows}
			return e
		}})
}

// doccanoEncoder writes doccano JSONL with offsets in its unit: UTF-16 code
// units unless Options.Offsets says otherwise. An entity whose boundary
// falls inside a grapheme cluster cannot be written in grapheme clusters:
// it is left out, as a Problem.
type doccanoEncoder struct {
	linesEncoder
	unit     OffsetUnit
	reported problemLog
}

func (e *doccanoEncoder) problems() *problemLog { return &e.reported }

// doccanoSpan is [start, end, label], as doccano writes it.
type doccanoSpan [3]any

// doccanoRecord is one line of doccano's sequence-labeling JSONL. doccano
// keeps keys other than "text" and "label" as the example's metadata, so
// the record's identity travels with it.
type doccanoRecord struct {
	Text      string        `json:"text"`
	Label     []doccanoSpan `json:"label"`
	ArticleID string        `json:"article_id"`
	Annotator string        `json:"annotator"`
	SetID     string        `json:"set_id"`
}

func (e *doccanoEncoder) rows(rec annotations.ExportRecord, emit func(any) error) error {
	offs := make([]int, 0, 2*len(rec.Entities))
	for _, en := range rec.Entities {
		offs = append(offs, en.Start, en.End)
	}
	offs = toUnit(rec.Text, e.unit, offs)
	spans := make([]doccanoSpan, 0, len(rec.Entities))
	for i, en := range rec.Entities {
		start, end := offs[2*i], offs[2*i+1]
		if start < 0 || end < 0 || start >= end {
			why := "is outside the text"
			if en.Start >= 0 && en.End <= annotations.RuneCount(rec.Text) && en.Start < en.End {
				why = "starts or ends inside a character (a grapheme cluster), which offsets in grapheme clusters cannot name"
			}
			e.reported.add(Problem{ArticleID: rec.ArticleID, Annotator: rec.Annotator, Item: en.ID, Kind: ProblemLeftOut, Offset: en.Start,
				Message: fmt.Sprintf("entity %s %q at %d-%d %s", en.Label, en.Text, en.Start, en.End, why)})
			continue
		}
		spans = append(spans, doccanoSpan{start, end, en.Label})
	}
	return emit(doccanoRecord{Text: rec.Text, Label: spans, ArticleID: rec.ArticleID, Annotator: rec.Annotator, SetID: rec.SetID})
}
