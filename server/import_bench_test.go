package server_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
)

// peakRSS measures the process's peak resident memory (VmHWM) while fn
// runs: after a GC that returns freed memory to the system, it resets the
// peak (writing 5 to /proc/self/clear_refs) and reads it back when fn
// returns. base is the resident memory before fn. Both are 0 where /proc
// does not offer them (not Linux).
func peakRSS(fn func()) (base, peak uint64) {
	runtime.GC()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		fn()
		return 0, 0
	}
	base = procStatus("VmRSS")
	fn()
	return base, procStatus("VmHWM")
}

// procStatus reads a field of /proc/self/status in bytes, 0 when absent.
func procStatus(field string) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// bratZip returns a brat zip of articles .txt files of about textBytes
// each, each with an .ann of perArticle entity mentions.
func bratZip(b *testing.B, articles, textBytes, perArticle int) []byte {
	b.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	per := len([]rune(benchSentence))
	for i := range articles {
		prefix := fmt.Sprintf("Article %05d.\n", i)
		text := prefix + strings.Repeat(benchSentence, textBytes/len(benchSentence))
		var ann strings.Builder
		base := len([]rune(prefix))
		runes := []rune(text)
		for k := range perArticle {
			m := benchMentions[k%3]
			at := base + (k/3)*per
			fmt.Fprintf(&ann, "T%d\t%s %d %d\t%s\n", k+1, m.label, at+m.start, at+m.end, string(runes[at+m.start:at+m.end]))
		}
		for name, body := range map[string]string{fmt.Sprintf("docs/%05d.txt", i): text, fmt.Sprintf("docs/%05d.ann", i): ann.String()} {
			w, err := zw.Create(name)
			if err != nil {
				b.Fatal(err)
			}
			w.Write([]byte(body))
		}
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// bombZip returns a zip of one .txt of size zero bytes.
func bombZip(b *testing.B, size int) []byte {
	b.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("bomb.txt")
	if err != nil {
		b.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range size >> 20 {
		w.Write(zeros)
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkImportMemory posts files to POST /api/v1/import with the
// default caps (DefaultMaxImportBytes, formats.DefaultZipLimits) and
// reports the process's peak resident memory during the import
// (peak-rss-MB, from VmHWM after a reset; base-rss-MB before it; goal: peak
// ≤ 256 MB):
//
//   - brat-within-caps: 10 articles of 1.5 MB with 1,500 mentions each,
//     about 15 MiB inflated, just under the 16 MiB cap: stored;
//   - brat-bomb: one member of 480 MiB of zeros (a 0.5 MB zip): a 413
//     before more than the cap is inflated;
//   - doccano-within-caps: the same articles and mentions as doccano JSONL,
//     just under the 16 MiB file cap: stored.
func BenchmarkImportMemory(b *testing.B) {
	for _, bc := range []struct {
		name, format, contentType string
		file                      func(b *testing.B) []byte
		wantStatus                int
	}{
		{"brat-within-caps", "brat", "application/zip", func(b *testing.B) []byte { return bratZip(b, 10, 1500<<10, 1500) }, 201},
		{"brat-bomb", "brat", "application/zip", func(b *testing.B) []byte { return bombZip(b, 480<<20) }, 413},
		{"doccano-within-caps", "doccano", "application/x-ndjson", func(b *testing.B) []byte { return doccanoFile(b, 10, 1500<<10, 1500) }, 201},
	} {
		b.Run(bc.name, func(b *testing.B) {
			data := bc.file(b)
			b.Logf("file of %d bytes", len(data))
			var base, peak uint64
			for b.Loop() {
				b.StopTimer()
				h, token := newBenchHandler(b)
				b.StartTimer()
				base, peak = peakRSS(func() {
					req := httptest.NewRequest("POST", "/api/v1/import?format="+bc.format+"&annotator=bo", bytes.NewReader(data))
					req.Header.Set("Content-Type", bc.contentType)
					req.Header.Set("Authorization", "Bearer "+token)
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != bc.wantStatus {
						b.Fatalf("status %d, want %d: %.300s", rec.Code, bc.wantStatus, rec.Body)
					}
				})
			}
			b.ReportMetric(float64(base)/(1<<20), "base-rss-MB")
			b.ReportMetric(float64(peak)/(1<<20), "peak-rss-MB")
		})
	}
}

// newBenchHandler returns the handler of a new SQLite store, with the
// default caps, and an API token of its user bo.
func newBenchHandler(b *testing.B) (http.Handler, string) {
	b.Helper()
	store, err := sqlite.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	_, token := addUser(b, store, "bo", "", false)
	return server.NewHandler(store, server.Options{Logger: discardLogger(), Hosts: []string{testHost}}), token
}

// doccanoFile returns a doccano JSONL file of articles records of about
// textBytes of text each, each with perArticle entity mentions, as
// bratZip's, with offsets in UTF-16 code units as doccano writes them.
func doccanoFile(b *testing.B, articles, textBytes, perArticle int) []byte {
	b.Helper()
	var buf bytes.Buffer
	per := annotations.UTF16Len(benchSentence)
	for i := range articles {
		prefix := fmt.Sprintf("Article %05d.\n", i)
		text := prefix + strings.Repeat(benchSentence, textBytes/len(benchSentence))
		base := annotations.UTF16Len(prefix)
		var labels [][3]any
		for k := range perArticle {
			m := benchMentions[k%3]
			at := base + (k/3)*per
			start := at + annotations.CodePointToUTF16(benchSentence, m.start)
			end := at + annotations.CodePointToUTF16(benchSentence, m.end)
			labels = append(labels, [3]any{start, end, m.label})
		}
		line, err := json.Marshal(map[string]any{"text": text, "label": labels})
		if err != nil {
			b.Fatal(err)
		}
		buf.Write(append(line, '\n'))
	}
	return buf.Bytes()
}
