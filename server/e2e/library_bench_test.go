package e2e

import (
	"fmt"
	"testing"
	"time"

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
