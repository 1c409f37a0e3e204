package formats

import (
	"iter"
	"slices"
	"strconv"

	"github.com/gloss-annotate/gloss/annotations"
)

func init() {
	register(Format{Name: "hf", Description: "Hugging Face token classification: JSONL of tokens and ner_tags per sentence, and labels.json",
		ContentType: "application/x-ndjson; charset=utf-8", Ext: ".jsonl", MultiFile: true, NumbersLabels: true,
		newEncoder: func(files *fileSink, opts Options) encoder { return newHFEncoder(files, opts) }})
}

// hfRow is one sentence, as datasets' token classification expects it:
// ner_tags index the names of labels.json (a ClassLabel's names).
type hfRow struct {
	ID        string   `json:"id"`
	ArticleID string   `json:"article_id"`
	Annotator string   `json:"annotator"`
	Tokens    []string `json:"tokens"`
	NERTags   []int    `json:"ner_tags"`
}

// conllLabels are CoNLL-2003's entity labels, in its order.
var conllLabels = []string{"PER", "ORG", "LOC", "MISC"}

// hfEncoder writes a JSONL file per part and, at close, labels.json: "O",
// then "B-" and "I-" of each label of classLabels(opts.Labels when given,
// else opts.SchemaLabels, else CoNLL-2003's), then of each label met in the
// records that those lack, in the order met. The ids are fixed before the
// first row and never change, so rows can be written as they come and
// labels.json, written last, names what every row's ner_tags meant.
type hfEncoder struct {
	lines    *linesEncoder
	names    []string
	ids      map[string]int // "B-PER" to its id
	reported problemLog
}

func newHFEncoder(files *fileSink, opts Options) *hfEncoder {
	e := &hfEncoder{names: []string{"O"}, ids: map[string]int{"O": 0}}
	labels := opts.Labels // a filtered export holds no other label
	if len(labels) == 0 {
		labels = opts.SchemaLabels
	}
	if len(labels) == 0 {
		labels = conllLabels
	}
	for _, l := range classLabels(labels) {
		e.addLabel(l)
	}
	e.lines = &linesEncoder{files: files, ext: ".jsonl", rows: e.rows}
	return e
}

// SchemaLabels returns the entity labels of the schemas that schemas
// yields, each once, in the order met (an error it yields ends it): what
// Options.SchemaLabels takes. The server's export gives it the project's
// schema alone when the project has one, else the own schema of each of
// the project's sets; the browser's (the export module) the schemas of
// the sets it exports, each built with its project's revisions, so the
// project's schema when it has one. Either way hf numbers the same labels
// alike, whichever sets are exported.
func SchemaLabels(schemas iter.Seq2[annotations.Schema, error]) ([]string, error) {
	var labels []string
	for sc, err := range schemas {
		if err != nil {
			return nil, err
		}
		for _, l := range sc.EntityLabels {
			if !slices.Contains(labels, l.Name) {
				labels = append(labels, l.Name)
			}
		}
	}
	return labels, nil
}

// classLabels returns labels, each once, in the order hf numbers them:
// CoNLL-2003's (the default schema's) first, in their order, then the
// others sorted by name. The order depends on nothing but the labels, not
// on the order given nor on the records exported.
func classLabels(labels []string) []string {
	var out, others []string
	for _, l := range conllLabels {
		if slices.Contains(labels, l) {
			out = append(out, l)
		}
	}
	for _, l := range labels {
		if !slices.Contains(conllLabels, l) && !slices.Contains(others, l) {
			others = append(others, l)
		}
	}
	slices.Sort(others)
	return append(out, others...)
}

func (e *hfEncoder) addLabel(l string) {
	if _, ok := e.ids["B-"+l]; ok {
		return
	}
	for _, t := range []string{"B-" + l, "I-" + l} {
		e.ids[t] = len(e.names)
		e.names = append(e.names, t)
	}
}

func (e *hfEncoder) rows(rec annotations.ExportRecord, emit func(any) error) error {
	text, sents := tag(rec, func(p Problem) { e.reported.add(p) })
	for n, s := range sents {
		row := hfRow{ID: rec.SetID + "-" + strconv.Itoa(n), ArticleID: rec.ArticleID, Annotator: rec.Annotator,
			Tokens: make([]string, len(s.tokens)), NERTags: make([]int, len(s.tokens))}
		for i, t := range s.tokens {
			row.Tokens[i] = string(text[t.start:t.end])
			if s.labels[i] != "" {
				e.addLabel(s.labels[i])
			}
			row.NERTags[i] = e.ids[s.iob2(i)]
		}
		if err := emit(row); err != nil {
			return err
		}
	}
	return nil
}

func (e *hfEncoder) begin(part string) error                  { return e.lines.begin(part) }
func (e *hfEncoder) write(rec annotations.ExportRecord) error { return e.lines.write(rec) }
func (e *hfEncoder) end() error                               { return nil }
func (e *hfEncoder) problems() *problemLog                    { return &e.reported }

// close writes labels.json, the list of tag names that ner_tags index.
func (e *hfEncoder) close() error {
	w, err := e.lines.files.file("labels.json")
	if err != nil {
		return err
	}
	return newJSONEncoder(w).Encode(e.names)
}
