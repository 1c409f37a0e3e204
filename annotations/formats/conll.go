package formats

import (
	"bufio"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
)

func init() {
	register(Format{Name: "conll", Description: "CoNLL-2003 columns with IOB2 tags, one token a line, a -DOCSTART- per annotation set",
		ContentType: "text/plain; charset=utf-8", Ext: ".conll",
		newEncoder: func(files *fileSink, _ Options) encoder { return &conllEncoder{files: files} }})
}

// conllEncoder writes CoNLL-2003's four columns, "token -X- _ TAG" (the
// part-of-speech and chunk columns are placeholders), a document per
// record opened by "-DOCSTART- -X- -X- O" and a blank line, and a blank
// line after each sentence.
type conllEncoder struct {
	files    *fileSink
	w        *bufio.Writer
	reported problemLog
}

func (e *conllEncoder) begin(part string) error {
	w, err := e.files.file(partFile(part, ".conll"))
	if err != nil {
		return err
	}
	e.w = bufio.NewWriter(w)
	return nil
}

func (e *conllEncoder) write(rec annotations.ExportRecord) error {
	text, sents := tag(rec, func(p Problem) { e.reported.add(p) })
	return writeCoNLL(e.w, text, sents)
}

// writeCoNLL writes one document.
func writeCoNLL(w *bufio.Writer, text []rune, sents []tagged) error {
	w.WriteString("-DOCSTART- -X- -X- O\n\n")
	for _, s := range sents {
		for i, t := range s.tokens {
			for _, r := range text[t.start:t.end] {
				w.WriteRune(r)
			}
			w.WriteString(" -X- _ ")
			// Columns are split at spaces: a label's own become '_'.
			w.WriteString(strings.ReplaceAll(s.iob2(i), " ", "_"))
			w.WriteByte('\n')
		}
		w.WriteByte('\n')
	}
	return nil
}

func (e *conllEncoder) end() error            { return e.w.Flush() }
func (e *conllEncoder) close() error          { return nil }
func (e *conllEncoder) problems() *problemLog { return &e.reported }
