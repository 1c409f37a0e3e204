package formats

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gloss-annotate/gloss/annotations"
)

// benchRecords generates n realistic records: news-like text of about 2,500
// characters (accents, dashes, curly quotes, now and then an emoji) with 45
// entity mentions, 3 quotes with speaker and cue and 2 stances: 50
// annotations a record.
func benchRecords(n int) []annotations.ExportRecord {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the a of and to in that for on with as was said officials government minister talks " +
		"security council resolution vote week after before during against between would could new old " +
		"report attack meeting plan economy trade sanctions talks crisis ally forces region city border " +
		"café naïve déjà—vu rôle “critical” increasingly statement president spokesman agency")
	names := []struct{ text, label string }{
		{"Rex Tillerson", "PER"}, {"Sergei Lavrov", "PER"}, {"Nikki Haley", "PER"}, {"Vladimir Putin", "PER"},
		{"United Nations", "ORG"}, {"Security Council", "ORG"}, {"NATO", "ORG"}, {"Associated Press", "ORG"},
		{"Moscow", "LOC"}, {"Syria", "LOC"}, {"Washington", "LOC"}, {"Khan Sheikhoun", "LOC"},
		{"Russian", "MISC"}, {"American", "MISC"}, {"Syrian", "MISC"}, {"Ms. Müller", "PER"},
	}
	recs := make([]annotations.ExportRecord, n)
	for i := range recs {
		var b strings.Builder
		pos := 0
		write := func(s string) int {
			at := pos
			b.WriteString(s)
			pos += annotations.RuneCount(s)
			return at
		}
		rec := annotations.ExportRecord{Annotator: "ana", Groups: []annotations.ExportGroup{}}
		var sentences [][2]int
		for len(rec.Entities) < 45 || pos < 2400 {
			start := pos
			if rng.IntN(40) == 0 {
				write("🙂 ")
			}
			nw := 12 + rng.IntN(14)
			for w := 0; w < nw; w++ {
				if w > 0 {
					write(" ")
				}
				if len(rec.Entities) < 45 && rng.IntN(7) == 0 {
					nm := names[rng.IntN(len(names))]
					at := write(nm.text)
					rec.Entities = append(rec.Entities, annotations.ExportEntity{ID: uuid.NewString(), Start: at, End: pos, Label: nm.label, Text: nm.text})
					continue
				}
				word := words[rng.IntN(len(words))]
				if w == 0 && word[0] < 128 {
					word = strings.ToUpper(word[:1]) + word[1:]
				}
				write(word)
			}
			write(".")
			sentences = append(sentences, [2]int{start, pos})
			if rng.IntN(4) == 0 {
				write("\n\n")
			} else {
				write(" ")
			}
		}
		rec.Text = strings.TrimSpace(b.String())
		text := []rune(rec.Text)
		for q := 0; q < 3; q++ {
			s := sentences[rng.IntN(len(sentences))]
			sp := rec.Entities[rng.IntN(len(rec.Entities))]
			cueEnd := min(s[0]+4, s[1])
			rec.Quotes = append(rec.Quotes, annotations.ExportQuote{ID: uuid.NewString(), Start: s[0], End: s[1], Text: string(text[s[0]:s[1]]), Direct: q%2 == 0,
				Speaker: annotations.ExportRef{Kind: annotations.RefEntity, ID: sp.ID, Text: sp.Text},
				Cue:     &annotations.ExportSpan{Start: s[0], End: cueEnd, Text: string(text[s[0]:cueEnd])}})
		}
		for s := 0; s < 2; s++ {
			q := rec.Quotes[s]
			rec.Stances = append(rec.Stances, annotations.ExportStance{ID: uuid.NewString(), Polarity: "AGAINST",
				Holder:   annotations.ExportRef{Kind: annotations.RefQuoteSpeaker, ID: q.ID, Text: q.Speaker.Text},
				Target:   annotations.ExportTarget{Kind: annotations.RefTopic, Topic: "sanctions", Text: "sanctions"},
				Evidence: []annotations.ExportEvidence{{Kind: annotations.RefQuote, ID: q.ID, Start: q.Start, End: q.End, Text: q.Text}}})
		}
		a, err := annotations.NewArticle("", rec.Text, time.Time{})
		if err != nil {
			panic(err)
		}
		rec.ArticleID, rec.SetID = a.ID, annotations.SetKey{ArticleID: a.ID, Annotator: "ana"}.ID()
		recs[i] = rec
	}
	return recs
}

var (
	benchOnce sync.Once
	benchRecs []annotations.ExportRecord
)

// countingWriter counts what is written and drops it.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// encodingJSON writes recs the plain way, for comparison.
func encodingJSON(w io.Writer, recs []annotations.ExportRecord) error {
	for _, rec := range recs {
		b, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if _, err := w.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkExport exports 1,000 and 10,000 records of 50 annotations each
// to a discarding writer, per format and with encoding/json.Marshal of the
// same records. Metrics: MB/s of output, ns/record, B/record (bytes
// allocated per record: flat when the 1,000 and 10,000 runs agree) and
// ratio_vs_encoding_json (time over that of json.Marshal of the records).
func BenchmarkExport(b *testing.B) {
	benchOnce.Do(func() { benchRecs = benchRecords(10_000) })
	for _, n := range []int{1_000, 10_000} {
		recs := benchRecs[:n]
		// The baseline: the fastest of three passes of json.Marshal.
		baseline := time.Duration(1 << 62)
		for range 3 {
			start := time.Now()
			if err := encodingJSON(io.Discard, recs); err != nil {
				b.Fatal(err)
			}
			baseline = min(baseline, time.Since(start))
		}
		for _, format := range []string{"encoding_json", "jsonl", "conll", "w3c"} {
			b.Run(fmt.Sprintf("%s/%d", format, n), func(b *testing.B) {
				var out countingWriter
				run := func() {
					if format == "encoding_json" {
						if err := encodingJSON(&out, recs); err != nil {
							b.Fatal(err)
						}
						return
					}
					x, err := NewExporter(&out, format, Options{})
					if err != nil {
						b.Fatal(err)
					}
					for _, rec := range recs {
						if err := x.Write("", rec); err != nil {
							b.Fatal(err)
						}
					}
					if err := x.Close(); err != nil {
						b.Fatal(err)
					}
				}
				run()
				b.SetBytes(out.n)
				b.ReportAllocs()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				b.ResetTimer()
				for b.Loop() {
					run()
				}
				b.StopTimer()
				runtime.ReadMemStats(&after)
				iters := float64(b.N)
				perRun := float64(b.Elapsed()) / iters
				b.ReportMetric(perRun/float64(n), "ns/record")
				b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/iters/float64(n), "B/record")
				b.ReportMetric(perRun/float64(baseline), "ratio_vs_encoding_json")
			})
		}
	}
}
