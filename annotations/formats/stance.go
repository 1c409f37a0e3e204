package formats

import (
	"encoding/csv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
)

func init() {
	register(Format{Name: "stance-csv", Description: "stance rows after SemEval-2016 Task 6 (target, text, stance, holder), CSV with a header",
		ContentType: "text/csv; charset=utf-8", Ext: ".csv",
		newEncoder: func(files *fileSink, _ Options) encoder { return &stanceCSVEncoder{files: files} }})
	register(linesFormat("stance-jsonl", "stance rows after SemEval-2016 Task 6 (target, text, stance, holder), one a line", func(rec annotations.ExportRecord, emit func(any) error) error {
		for _, st := range rec.Stances {
			if err := emit(newStanceRow(rec, st)); err != nil {
				return err
			}
		}
		return nil
	}))
}

// stanceRow is one stance, after SemEval-2016 Task 6's rows (Target,
// Tweet, Stance): the target's text (a topic, or an entity's text, or a
// group's name), the text that shows the stance (its evidence, joined
// with " … ", or the whole article when it has none: TextSource says
// which), the polarity and the holder's text ("" for the article).
type stanceRow struct {
	Target     string `json:"target"`
	Text       string `json:"text"`
	Stance     string `json:"stance"`
	Holder     string `json:"holder"`
	HolderKind string `json:"holder_kind"`
	TextSource string `json:"text_source"`
	ArticleID  string `json:"article_id"`
	Annotator  string `json:"annotator"`
	StanceID   string `json:"stance_id"`
}

// stanceHeader is the CSV header, in stanceRow's order.
var stanceHeader = []string{"target", "text", "stance", "holder", "holder_kind", "text_source", "article_id", "annotator", "stance_id"}

func newStanceRow(rec annotations.ExportRecord, st annotations.ExportStance) stanceRow {
	row := stanceRow{Target: st.Target.Text, Stance: st.Polarity, Holder: st.Holder.Text, HolderKind: string(st.Holder.Kind),
		ArticleID: rec.ArticleID, Annotator: rec.Annotator, StanceID: st.ID, Text: rec.Text, TextSource: "article"}
	var parts []string
	for _, ev := range st.Evidence {
		if ev.Text != "" {
			parts = append(parts, ev.Text)
		}
	}
	if len(parts) > 0 {
		row.Text, row.TextSource = strings.Join(parts, " … "), "evidence"
	}
	return row
}

func (r stanceRow) fields() []string {
	return []string{SpreadsheetText(r.Target), SpreadsheetText(r.Text), r.Stance, SpreadsheetText(r.Holder), r.HolderKind, r.TextSource, r.ArticleID, r.Annotator, r.StanceID}
}

// SpreadsheetText returns s as a CSV cell of text that a spreadsheet shows
// as text: a cell starting with =, +, -, @, a tab or a carriage return,
// which Excel, LibreOffice and Google Sheets would take for a formula (one
// that can fetch a URL or run a command), gets a leading apostrophe, as
// OWASP's advice on CSV injection has it. An annotator types a stance's
// topic, and anyone adds an article: a manager opening the export must
// not run what they wrote. Figures are not passed through it: -0.2 stays
// a number.
func SpreadsheetText(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// stanceCSVEncoder writes a CSV file per part, each with the header.
type stanceCSVEncoder struct {
	files *fileSink
	w     *csv.Writer
}

func (e *stanceCSVEncoder) begin(part string) error {
	w, err := e.files.file(partFile(part, ".csv"))
	if err != nil {
		return err
	}
	e.w = csv.NewWriter(w)
	return e.w.Write(stanceHeader)
}

func (e *stanceCSVEncoder) write(rec annotations.ExportRecord) error {
	for _, st := range rec.Stances {
		if err := e.w.Write(newStanceRow(rec, st).fields()); err != nil {
			return err
		}
	}
	return nil
}

func (e *stanceCSVEncoder) end() error {
	e.w.Flush()
	return e.w.Error()
}

func (e *stanceCSVEncoder) close() error { return nil }
