package formats

import (
	"bytes"

	"github.com/gloss-annotate/gloss/annotations"
)

// File is a whole export held in memory: what the browser offers as a
// download.
type File struct {
	// Name is the file's name: a base name, the format and its extension.
	Name string `json:"name"`
	// ContentType is its media type.
	ContentType string `json:"content_type"`
	// Bytes is its content.
	Bytes []byte `json:"-"`
	// Problems is what the export could not write exactly as annotated
	// (Exporter.Problems: the first MaxProblems), ProblemCount how many
	// there were.
	Problems     []Problem `json:"problems"`
	ProblemCount int       `json:"problem_count"`
}

// EncodeFile encodes recs in the format named name, with no options, into
// one file called base plus the format's extension (a .zip for a format of
// several files). It returns an *UnknownFormatError for a format that does
// not exist.
func EncodeFile(name, base string, recs []annotations.ExportRecord) (File, error) {
	return EncodeFileWith(name, base, recs, Options{})
}

// EncodeFileWith is EncodeFile with options (labels, doccano's offsets);
// a split is not one file, and opts.Split is ignored.
func EncodeFileWith(name, base string, recs []annotations.ExportRecord, opts Options) (File, error) {
	return EncodeFileEach(name, base, recs, opts, func() {})
}

// EncodeFileEach is EncodeFileWith that calls each after every record it
// writes: a caller on a browser's page gives the page its thread back there
// now and then, so that a large export does not freeze it.
func EncodeFileEach(name, base string, recs []annotations.ExportRecord, opts Options, each func()) (File, error) {
	opts.Split = false
	var buf bytes.Buffer
	x, err := NewExporter(&buf, name, opts)
	if err != nil {
		return File{}, err
	}
	for _, rec := range recs {
		if err := x.Write("", rec); err != nil {
			return File{}, err
		}
		each()
	}
	if err := x.Close(); err != nil {
		return File{}, err
	}
	f := x.Format()
	return File{
		Name:         f.FileName(base, opts),
		ContentType:  f.ContentTypeFor(opts),
		Bytes:        buf.Bytes(),
		Problems:     x.Problems(),
		ProblemCount: x.ProblemCount(),
	}, nil
}

// Catalog returns every export format, sorted by name, for a user to
// choose from.
func Catalog() []Format {
	out := make([]Format, 0, len(registry))
	for _, n := range Names() {
		f, _ := Lookup(n)
		out = append(out, f)
	}
	return out
}
