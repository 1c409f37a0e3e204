package server_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
)

// benchSets is how many articles BenchmarkExportStore stores.
var benchSets = flag.Int("benchsets", 10000, "articles (of 50 mentions, one set each) BenchmarkExportStore stores")

// benchFormats are the formats BenchmarkExportStore exports in.
var benchFormats = flag.String("benchformats", "jsonl,conll", "export formats BenchmarkExportStore measures, a comma list")

// benchSentence holds the three mentions the benchmark's articles repeat:
// "Rex Tillerson" and "Sergey Lavrov" (PER) and "Moscow" (LOC), after an
// emoji so that code points and bytes differ.
const benchSentence = "Rex Tillerson 😀 met Sergey Lavrov in Moscow. "

// benchMentions are the [start, end) offsets in code points and the label
// of the mentions of benchSentence. "Moscow" is tagged "Mosco", as a
// careless hand might: a boundary inside a token, which the CoNLL export
// reports (a problem for every third mention).
var benchMentions = []struct {
	start, end int
	label      string
}{{0, 13, "PER"}, {20, 33, "PER"}, {37, 42, "LOC"}}

// fillBenchStore stores articles articles of perArticle entity mentions
// each, annotated by one annotator, through Store.Import in batches.
func fillBenchStore(b *testing.B, store server.Store, articles, perArticle int) {
	b.Helper()
	ctx := context.Background()
	per := len([]rune(benchSentence))
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 250
	var arts []annotations.Article
	var revs []annotations.Revision
	for i := range articles {
		prefix := fmt.Sprintf("Article %05d.\n", i)
		a, err := annotations.NewArticle("", prefix+strings.Repeat(benchSentence, (perArticle+2)/3), created)
		if err != nil {
			b.Fatal(err)
		}
		text := []rune(a.Text)
		base := len([]rune(prefix))
		for k := range perArticle {
			m := benchMentions[k%3]
			at := base + (k/3)*per
			span, err := annotations.NewSpan(text, at+m.start, at+m.end)
			if err != nil {
				b.Fatal(err)
			}
			r, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.Entity{ID: fixedID(i*perArticle + k), Span: span, Label: m.label})
			if err != nil {
				b.Fatal(err)
			}
			revs = append(revs, r)
		}
		arts = append(arts, a)
		if len(arts) == batch || i == articles-1 {
			if _, err := store.Import(ctx, arts, revs); err != nil {
				b.Fatal(err)
			}
			arts, revs = arts[:0], revs[:0]
		}
	}
}

// BenchmarkExportStore exports 10,000 articles of 50 entity mentions each
// (one set per article) from a SQLite store to io.Discard with the export
// loop gloss export and GET /api/v1/export share, and in the same run reads
// the same sets the same way and marshals each record with encoding/json:
//
//   - ns/op: the export (store reads, set resolution, jsonl encoding);
//   - json-ns/op: the same reads and resolution, then json.Marshal;
//   - json-encode-ns/op: the json.Marshal calls alone;
//   - ratio-vs-json: json-ns/op over ns/op, the export's throughput as a
//     share of encoding/json's (goal ≥ 0.5);
//   - heap-base-MB, heap-peak-MB: the heap in use (HeapInuse) after a GC
//     before the export, and the most seen every 1,000 sets during it:
//     flat memory keeps the peak near the base however many sets;
//   - rss-base-MB, rss-peak-MB: the process's resident memory before the
//     export and its peak during it (VmHWM; 0 off Linux).
//
// It runs once per format of -benchformats (jsonl and conll).
//
// -benchsets=N stores N articles instead (a shorter run); filling the store
// takes about as long as a few exports.
func BenchmarkExportStore(b *testing.B) {
	const perArticle = 50
	articles := *benchSets
	store, err := sqlite.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	start := time.Now()
	fillBenchStore(b, store, articles, perArticle)
	b.Logf("stored %d articles × %d mentions in %v", articles, perArticle, time.Since(start).Round(time.Millisecond))

	for _, format := range strings.Split(*benchFormats, ",") {
		b.Run("format="+format, func(b *testing.B) { benchmarkExportStore(b, store, articles, format) })
	}
}

// benchmarkExportStore is BenchmarkExportStore in one format.
func benchmarkExportStore(b *testing.B, store server.Store, articles int, format string) {
	ctx := context.Background()
	params, err := server.ParseExportQuery(url.Values{"format": {format}})
	if err != nil {
		b.Fatal(err)
	}
	var exportTime, jsonTime, encodeTime time.Duration
	var base, peak, rssBase, rssPeak uint64
	var samples []string
	var ms runtime.MemStats
	for b.Loop() {
		// The export, sampling the heap every 1,000 sets.
		runtime.GC()
		runtime.ReadMemStats(&ms)
		base, peak, samples = ms.HeapInuse, ms.HeapInuse, samples[:0]
		t0 := time.Now()
		x, err := server.NewExport(ctx, store, params)
		if err != nil {
			b.Fatal(err)
		}
		var res server.ExportResult
		rssBase, rssPeak = peakRSS(func() {
			res, err = x.Write(ctx, io.Discard, func(done, total int) {
				if done%1000 == 0 || done == total {
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse)
					samples = append(samples, fmt.Sprintf("%d:%.1f", done, float64(ms.HeapInuse)/(1<<20)))
				}
			})
		})
		exportTime += time.Since(t0)
		if err != nil || res.Sets != articles {
			b.Fatalf("export: %d sets, %v", res.Sets, err)
		}

		// The same reads, marshalled by encoding/json.
		t0 = time.Now()
		sets, err := store.SetsMatching(ctx, server.SetFilter{})
		if err != nil {
			b.Fatal(err)
		}
		var article annotations.Article
		for _, ref := range sets {
			if article.ID != ref.ArticleID {
				if article, err = store.Article(ctx, ref.ArticleID); err != nil {
					b.Fatal(err)
				}
			}
			revs, err := store.SetRevisions(ctx, ref)
			if err != nil {
				b.Fatal(err)
			}
			set, err := annotations.BuildSet(ref, revs)
			if err != nil {
				b.Fatal(err)
			}
			rec := annotations.NewExportRecord(article, set)
			e0 := time.Now()
			line, err := json.Marshal(rec)
			encodeTime += time.Since(e0)
			if err != nil {
				b.Fatal(err)
			}
			io.Discard.Write(append(line, '\n'))
		}
		jsonTime += time.Since(t0)
	}
	n := float64(b.N)
	b.ReportMetric(float64(exportTime.Nanoseconds())/n, "ns/op")
	b.ReportMetric(float64(jsonTime.Nanoseconds())/n, "json-ns/op")
	b.ReportMetric(float64(encodeTime.Nanoseconds())/n, "json-encode-ns/op")
	b.ReportMetric(float64(jsonTime)/float64(exportTime), "ratio-vs-json")
	b.ReportMetric(float64(base)/(1<<20), "heap-base-MB")
	b.ReportMetric(float64(peak)/(1<<20), "heap-peak-MB")
	b.ReportMetric(float64(rssBase)/(1<<20), "rss-base-MB")
	b.ReportMetric(float64(rssPeak)/(1<<20), "rss-peak-MB")
	b.Logf("heap in use (MB) by sets exported: %s", strings.Join(samples, " "))
}
