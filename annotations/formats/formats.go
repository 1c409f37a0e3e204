package formats

import (
	"archive/zip"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
)

// Format describes one export format.
type Format struct {
	// Name is the value of format= and of --format.
	Name string
	// Description says in a few words what the format is.
	Description string
	// ContentType is the media type of a single-file export.
	ContentType string
	// Ext is the file name extension of one file of the format (".jsonl").
	Ext string
	// MultiFile is whether an export is several files (brat: a .txt and an
	// .ann per annotation set); such exports always come as a .zip.
	MultiFile bool
	// NumbersLabels is whether the format gives entity labels ids (hf's
	// labels.json) from Options.SchemaLabels, which its callers should
	// then fill in.
	NumbersLabels bool

	newEncoder func(files *fileSink, opts Options) encoder
}

// Options choose what an export contains and how it is laid out.
type Options struct {
	// Labels keeps only entity mentions with these labels (and what refers
	// to them stays, with the reference kept); empty keeps every label.
	Labels []string
	// SchemaLabels are the entity labels that the sets' schemas define
	// (their union, in any order, as SchemaLabels gives it: a server
	// export gives those of every set of its project, exported or not, the
	// export module those of the sets it exports), known before the first
	// record: hf
	// numbers its tags from them (from Labels instead, when given), so that
	// every export of the same labels gives a tag the same id, whichever
	// sets it holds. Empty stands for the default schema's.
	SchemaLabels []string
	// Split is whether records come in parts ("train", "dev", "test"): the
	// export is then a .zip with one file (or folder) per part.
	Split bool
	// Offsets is what doccano's offsets count: UnitUTF16 when "".
	Offsets OffsetUnit
	// Modified dates the files of a zip (the export's time); when zero,
	// 1 January 1980, the earliest date a zip holds (a zip's zero date
	// is no date: unzip shows 1980-00-00).
	Modified time.Time
}

// unit returns the unit of the export's doccano offsets.
func (o Options) unit() OffsetUnit {
	if o.Offsets == "" {
		return UnitUTF16
	}
	return o.Offsets
}

// encoder writes the records of one format; part is the current part ("" when
// not split).
type encoder interface {
	// begin starts a part: every record of a part comes between its begin
	// and the next begin or end.
	begin(part string) error
	write(rec annotations.ExportRecord) error
	// end finishes the current part.
	end() error
	// close writes what comes after every part (a label list, say).
	close() error
}

var registry []Format

// register adds a format; each format's file calls it from init.
func register(f Format) { registry = append(registry, f) }

// Names returns the names of every export format, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for _, f := range registry {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	return names
}

// Lookup returns the format named name.
func Lookup(name string) (Format, bool) {
	for _, f := range registry {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// UnknownFormatError is the error of an export or import in a format that
// does not exist; its message lists the formats that do.
type UnknownFormatError struct {
	Name  string
	Known []string
}

func (e *UnknownFormatError) Error() string {
	return fmt.Sprintf("unknown format %q: the formats are %s", e.Name, strings.Join(e.Known, ", "))
}

// Zipped is whether an export in format f with opts is a .zip.
func (f Format) Zipped(opts Options) bool { return f.MultiFile || opts.Split }

// ContentTypeFor is the media type of an export in f with opts.
func (f Format) ContentTypeFor(opts Options) string {
	if f.Zipped(opts) {
		return "application/zip"
	}
	return f.ContentType
}

// FileName is the name to give an export in f with opts: base, the
// format's name (and the unit of doccano's offsets when not the default
// UTF-16, so that downloads in each unit do not overwrite each other) and
// the format's extension, or ".zip".
func (f Format) FileName(base string, opts Options) string {
	name := base + "-" + f.Name
	if TakesOffsets(f.Name) && opts.unit() != UnitUTF16 {
		name += "-" + string(opts.unit()) // beside the default's file, not over it
	}
	if f.Zipped(opts) {
		return name + ".zip"
	}
	return name + f.Ext
}

// Exporter writes export records in one format to a stream.
type Exporter struct {
	format Format
	opts   Options
	sink   *fileSink
	enc    encoder
	part   string
	began  bool
	// done lists the parts begun, so that a split export writes every
	// part, empty or not (Close and Write begin the ones no record came
	// to).
	done []string
}

// Problem is something an export could not write exactly as annotated: an
// entity boundary inside a token (the token was split there), an entity
// left out because it overlaps one that was kept (IOB2 has one tag per
// token), or an item the format has no place for. Offsets are code points.
type Problem struct {
	ArticleID string `json:"article_id"`
	Annotator string `json:"annotator"`
	// Item is the ID of the entity (or other item) concerned.
	Item string `json:"item"`
	// Kind is ProblemSplitToken, ProblemOverlap, ProblemSpace or
	// ProblemLeftOut.
	Kind string `json:"kind"`
	// Offset is where: the boundary that split a token, or the start of
	// the entity or item left out.
	Offset int `json:"offset"`
	// Message says it in words.
	Message string `json:"message"`
}

// The kinds of Problem.
const (
	// ProblemSplitToken: an entity starts or ends inside a token; the token
	// was split at the entity's boundary, so the tags keep its offsets.
	ProblemSplitToken = "split_token"
	// ProblemOverlap: an entity overlaps (or is nested in) a longer one,
	// and only the longer (then earlier) one is tagged.
	ProblemOverlap = "overlap"
	// ProblemSpace: an entity starts or ends with white space; its tags
	// cover it without that space.
	ProblemSpace = "space"
	// ProblemLeftOut: an item the format cannot express (a brat stance
	// with no evidence to anchor it, an entity whose offsets are outside
	// the text, a doccano entity with a boundary inside a grapheme
	// cluster when its offsets count clusters) is not in the export.
	ProblemLeftOut = "left_out"
)

// reporter is an encoder that notes problems.
type reporter interface {
	problems() *problemLog
}

// MaxProblems caps the problems an export keeps to list (Problems); it
// counts them all (ProblemCount). An export of a million mentions that
// each meet a problem keeps its memory flat.
const MaxProblems = 1000

// problemLog keeps the first MaxProblems problems and counts them all.
type problemLog struct {
	kept  []Problem
	total int
}

func (l *problemLog) add(p Problem) {
	l.total++
	if len(l.kept) < MaxProblems {
		l.kept = append(l.kept, p)
	}
}

// Problems returns what the export so far could not write exactly as
// annotated, in the order met, for formats that have such limits (conll,
// hf, brat, doccano): the first MaxProblems of them; nil for the other formats. Read
// it after Close to get every problem.
func (x *Exporter) Problems() []Problem {
	if r, ok := x.enc.(reporter); ok {
		return r.problems().kept
	}
	return nil
}

// ProblemCount returns how many problems the export met so far, listed by
// Problems or not.
func (x *Exporter) ProblemCount() int {
	if r, ok := x.enc.(reporter); ok {
		return r.problems().total
	}
	return 0
}

// NewExporter returns an exporter writing format name to w, or an
// *UnknownFormatError.
func NewExporter(w io.Writer, name string, opts Options) (*Exporter, error) {
	f, ok := Lookup(name)
	if !ok {
		return nil, &UnknownFormatError{Name: name, Known: Names()}
	}
	sink := &fileSink{w: w, modified: opts.Modified}
	if sink.modified.IsZero() {
		sink.modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if f.Zipped(opts) {
		sink.zip = zip.NewWriter(w)
	}
	return &Exporter{format: f, opts: opts, sink: sink, enc: f.newEncoder(sink, opts)}, nil
}

// Format returns the exporter's format.
func (x *Exporter) Format() Format { return x.format }

// Write writes one record into part ("train", "dev" or "test" when the
// export is split, "" otherwise). Records of one part must come together:
// a part, once left, cannot be written again. A split export writes every
// part, in the order of Parts: one that comes before part in it and had no
// record yet is written empty.
func (x *Exporter) Write(part string, rec annotations.ExportRecord) error {
	if !x.opts.Split && part != "" {
		return fmt.Errorf("formats: part %q in an export that is not split", part)
	}
	if !x.began || part != x.part {
		if x.opts.Split {
			if err := x.emptyParts(slices.Index(Parts, part)); err != nil {
				return err
			}
		}
		if err := x.beginPart(part); err != nil {
			return err
		}
	}
	return x.enc.write(filterLabels(rec, x.opts.Labels))
}

// beginPart ends the current part, if any, and begins part.
func (x *Exporter) beginPart(part string) error {
	if x.began {
		if err := x.enc.end(); err != nil {
			return err
		}
	}
	x.began, x.part = true, part
	x.done = append(x.done, part)
	return x.enc.begin(part)
}

// emptyParts begins (and so writes, empty) each of the first n Parts that
// was not begun.
func (x *Exporter) emptyParts(n int) error {
	for _, p := range Parts[:max(n, 0)] {
		if !slices.Contains(x.done, p) {
			if err := x.beginPart(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close finishes the export (the last part, the parts that had no record
// when split, what follows every part, the zip's directory). It does not
// close the underlying writer.
func (x *Exporter) Close() error {
	if x.opts.Split {
		if err := x.emptyParts(len(Parts)); err != nil {
			return err
		}
	}
	if x.began {
		if err := x.enc.end(); err != nil {
			return err
		}
	}
	if err := x.enc.close(); err != nil {
		return err
	}
	if x.sink.zip != nil {
		return x.sink.zip.Close()
	}
	return nil
}

// fileSink is where an encoder writes: the stream itself, or files of a zip.
type fileSink struct {
	w        io.Writer
	zip      *zip.Writer
	modified time.Time // the date of the zip's files
}

// create adds the file or folder (name ends in "/") name to the zip.
func (s *fileSink) create(name string) (io.Writer, error) {
	return s.zip.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: s.modified})
}

// file returns the writer of the file called name: a new file in the zip,
// or the stream itself when the export is one file.
func (s *fileSink) file(name string) (io.Writer, error) {
	if s.zip == nil {
		return s.w, nil
	}
	return s.create(name)
}

// dir adds a folder to the zip (name ends in "/"), so that a part with no
// file still shows.
func (s *fileSink) dir(name string) error {
	if s.zip == nil {
		return nil
	}
	_, err := s.create(name)
	return err
}

// filterLabels returns rec with only the entity mentions whose label is in
// labels (every mention when labels is empty), and groups' members among
// them.
func filterLabels(rec annotations.ExportRecord, labels []string) annotations.ExportRecord {
	if len(labels) == 0 {
		return rec
	}
	kept := map[string]bool{}
	entities := make([]annotations.ExportEntity, 0, len(rec.Entities))
	for _, e := range rec.Entities {
		if slices.Contains(labels, e.Label) {
			entities = append(entities, e)
			kept[e.ID] = true
		}
	}
	rec.Entities = entities
	groups := make([]annotations.ExportGroup, 0, len(rec.Groups))
	for _, g := range rec.Groups {
		members := make([]string, 0, len(g.Members))
		for _, m := range g.Members {
			if kept[m] {
				members = append(members, m)
			}
		}
		g.Members = members
		groups = append(groups, g)
	}
	rec.Groups = groups
	return rec
}

// partFile names the file of a part: "train.jsonl", or "gloss.jsonl" when
// the export is not split.
func partFile(part, ext string) string {
	if part == "" {
		return "gloss" + ext
	}
	return part + ext
}
