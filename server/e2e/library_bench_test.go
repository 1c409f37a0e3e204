package e2e

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/gloss-annotate/gloss/annotations"
)

// libraryBenchArticles is the library BenchmarkLibraryLoad opens: a team's
// few thousand articles.
const libraryBenchArticles = 2000

// BenchmarkLibraryLoad opens a library of 2,000 articles three times and
// reports the longest task of each load (the client's start included),
// then of one press of "Show more".
func BenchmarkLibraryLoad(b *testing.B) {
	chromiumPath(b)
	var loads, more float64
	for b.Loop() {
		srv := startServer(b, b.TempDir(), "")
		for i := range libraryBenchArticles {
			postArticle(b, srv, fmt.Sprintf("Article %04d", i), fmt.Sprintf("The text of article number %d: Angela Merkel met Emmanuel Macron in Paris.", i))
		}
		ctx := newBrowser(b, "")
		navigate(b, ctx, srv.URL+"/")
		waitApp(b, ctx)
		signIn(b, ctx, srv, "lib")
		rows := `document.querySelectorAll("#library li").length`
		for range 3 {
			navigate(b, ctx, srv.URL+"/")
			waitApp(b, ctx)
			waitFor(b, ctx, rows+` > 0`, 15*time.Second)
			time.Sleep(3 * time.Second) // the device's progress comes after the list
			loads = max(loads, longest(evalAsync[[][2]float64](b, ctx, longTasksJS), 0))
		}
		before := evalAsync[[][2]float64](b, ctx, longTasksJS)
		shown := evalJS[int](b, ctx, rows)
		click(b, ctx, "#library-more")
		waitFor(b, ctx, fmt.Sprintf(`%s > %d`, rows, shown), 10*time.Second)
		time.Sleep(time.Second)
		more = max(more, longest(evalAsync[[][2]float64](b, ctx, longTasksJS), len(before)))
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(loads, "longest-load-task-ms")
	b.ReportMetric(more, "longest-more-task-ms")
	reportf("library of %d articles: longest task of a load %.0f ms (%s), of \"Show more\" %.0f ms (%s)\n\n",
		libraryBenchArticles, loads, atMost(loads, longTaskGoal, "ms"), more, atMost(more, longTaskGoal, "ms"))
}

// longest returns the longest duration of tasks, from the from-th on.
func longest(tasks [][2]float64, from int) float64 {
	var out float64
	for _, task := range tasks[min(from, len(tasks)):] {
		out = max(out, task[1])
	}
	return out
}

// BenchmarkDeviceDownload has the library download every set on the device
// as JSONL, 300 sets of 50 mentions (1.7 MB), and reports the longest task
// from the press to the file.
func BenchmarkDeviceDownload(b *testing.B) {
	chromiumPath(b)
	var longestTask float64
	for b.Loop() {
		srv := startServer(b, b.TempDir(), "")
		for i := range 300 {
			a, err := annotations.NewArticle(fmt.Sprintf("Article %d", i), fmt.Sprintf("Article %d. ", i)+strings.Repeat("Angela Merkel met Emmanuel Macron in Paris on a day of talks. ", 12), time.Now())
			if err != nil {
				b.Fatal(err)
			}
			seedAnnotations(b, srv, a, "bench", 50)
		}
		ctx := newBrowser(b, "")
		navigate(b, ctx, srv.URL+"/")
		waitApp(b, ctx)
		signIn(b, ctx, srv, "bench")
		navigate(b, ctx, srv.URL+"/")
		waitApp(b, ctx)
		waitFor(b, ctx, `document.getElementById("sync-status")?.textContent.includes("Synced")`, 60*time.Second)
		dir := b.TempDir()
		if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
			b.Fatal(err)
		}
		openDownloads(b, ctx)
		time.Sleep(time.Second)
		before := evalAsync[[][2]float64](b, ctx, longTasksJS)
		evalJS[bool](b, ctx, `document.querySelector('#download-formats [data-format="jsonl"]').click() || true`)
		if got := downloaded(b, ctx, dir, "*.jsonl"); bytes.Count(got, []byte("\n")) != 300 {
			b.Fatalf("the download has %d lines, want the 300 sets", bytes.Count(got, []byte("\n")))
		}
		longestTask = max(longestTask, longest(evalAsync[[][2]float64](b, ctx, longTasksJS), len(before)))
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(longestTask, "longest-task-ms")
	reportf("the library's download of 300 sets of 50 mentions (JSONL): longest task %.0f ms (%s)\n\n", longestTask, atMost(longestTask, longTaskGoal, "ms"))
}
