package formats

import (
	"encoding/json"
	"io"

	"github.com/gloss-annotate/gloss/annotations"
)

func init() {
	register(Format{Name: "labelstudio", Description: "Label Studio JSON tasks: data.text and annotations of labels regions (UTF-16 offsets, as Label Studio counts)",
		ContentType: "application/json; charset=utf-8", Ext: ".json",
		newEncoder: func(files *fileSink, _ Options) encoder { return &labelStudioEncoder{files: files} }})
}

// The names Label Studio's labeling config gives the tags of a task's
// regions: <Labels name="label" toName="text"> over <Text name="text"
// value="$text"/>, the config of its Named Entity Recognition template.
const (
	labelStudioFromName = "label"
	labelStudioToName   = "text"
	labelStudioLabels   = "labels"
)

// labelStudioTask is one task of Label Studio's JSON export and import:
// the text in data (with the article's ID, which Label Studio keeps as
// task data) and an annotation per annotator.
type labelStudioTask struct {
	ID          int                     `json:"id"`
	Data        labelStudioData         `json:"data"`
	Annotations []labelStudioAnnotation `json:"annotations"`
	Predictions []json.RawMessage       `json:"predictions"`
}

type labelStudioData struct {
	Text      string `json:"text"`
	ArticleID string `json:"article_id"`
}

// labelStudioAnnotation is one annotator's annotation of a task. Label
// Studio reads completed_by as one of its own users (an ID, or an object
// with a member's email) and refuses any other value, so the export leaves
// it out (Label Studio then credits the user who imports) and names the
// annotator in "annotator" and "set_id", which Label Studio ignores and
// Gloss's import reads back.
type labelStudioAnnotation struct {
	ID           int                 `json:"id"`
	Result       []labelStudioResult `json:"result"`
	WasCancelled bool                `json:"was_cancelled"`
	GroundTruth  bool                `json:"ground_truth"`
	Annotator    string              `json:"annotator"`
	SetID        string              `json:"set_id"`
}

// labelStudioResult is one region: a span with its labels.
type labelStudioResult struct {
	ID       string           `json:"id"`
	FromName string           `json:"from_name"`
	ToName   string           `json:"to_name"`
	Type     string           `json:"type"`
	Origin   string           `json:"origin"`
	Value    labelStudioValue `json:"value"`
}

// labelStudioValue is a region's place and labels; start and end count
// UTF-16 code units of data.text, as JavaScript's strings do.
type labelStudioValue struct {
	Start  int      `json:"start"`
	End    int      `json:"end"`
	Text   string   `json:"text"`
	Labels []string `json:"labels"`
}

// labelStudioEncoder writes a JSON array of tasks per part. Records of one
// article that come one after another (as an export lists sets: by
// article, then annotator) are one task with an annotation each; only the
// current task is held.
type labelStudioEncoder struct {
	w     io.Writer
	files *fileSink
	enc   *json.Encoder
	task  *labelStudioTask
	tasks int // tasks written in the part
	anns  int // annotations written in the part
}

func (e *labelStudioEncoder) begin(part string) error {
	w, err := e.files.file(partFile(part, ".json"))
	if err != nil {
		return err
	}
	e.w, e.enc, e.task, e.tasks, e.anns = w, newJSONEncoder(w), nil, 0, 0
	_, err = io.WriteString(w, "[")
	return err
}

func (e *labelStudioEncoder) write(rec annotations.ExportRecord) error {
	if e.task != nil && e.task.Data.ArticleID != rec.ArticleID {
		if err := e.flush(); err != nil {
			return err
		}
	}
	if e.task == nil {
		e.tasks++
		e.task = &labelStudioTask{ID: e.tasks, Data: labelStudioData{Text: rec.Text, ArticleID: rec.ArticleID},
			Annotations: []labelStudioAnnotation{}, Predictions: []json.RawMessage{}}
	}
	e.anns++
	u16 := newUnitIndex(rec.Text, UnitUTF16)
	ann := labelStudioAnnotation{ID: e.anns, Result: make([]labelStudioResult, 0, len(rec.Entities)), Annotator: rec.Annotator, SetID: rec.SetID,
		GroundTruth: rec.Annotator == annotations.GoldAnnotator}
	for _, ent := range rec.Entities {
		ann.Result = append(ann.Result, labelStudioResult{ID: ent.ID, FromName: labelStudioFromName, ToName: labelStudioToName,
			Type: labelStudioLabels, Origin: "manual",
			Value: labelStudioValue{Start: utf16Of(u16, ent.Start), End: utf16Of(u16, ent.End), Text: ent.Text, Labels: []string{ent.Label}}})
	}
	e.task.Annotations = append(e.task.Annotations, ann)
	return nil
}

// flush writes the current task, one a line.
func (e *labelStudioEncoder) flush() error {
	sep := ",\n"
	if e.tasks == 1 {
		sep = "\n"
	}
	if _, err := io.WriteString(e.w, sep); err != nil {
		return err
	}
	b, err := json.Marshal(e.task)
	if err != nil {
		return err
	}
	e.task = nil
	_, err = e.w.Write(b)
	return err
}

func (e *labelStudioEncoder) end() error {
	if e.task != nil {
		if err := e.flush(); err != nil {
			return err
		}
	}
	_, err := io.WriteString(e.w, "\n]\n")
	return err
}

func (e *labelStudioEncoder) close() error { return nil }

// utf16Of returns the UTF-16 offset of an exported entity's code point
// offset, which is within its text.
func utf16Of(u16 unitIndex, cp int) int {
	u, _ := u16.to(cp)
	return u
}
