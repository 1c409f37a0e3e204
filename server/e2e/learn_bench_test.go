package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/suggest/suggesttest"
)

// trainInWorkerJS starts a learning worker of its own on the page, sends it
// the corpus's articles (%s: a JSON array of {name, text, set}) one after
// another, each done, and resolves with, for each, how long the training
// after it took in the worker and the model's size: the answer whose model
// has learnt from that many articles.
const trainInWorkerJS = `(async () => {
  const articles = %s;
  const base = [...document.scripts].find((s) => /\/inert\.js$/.test(s.src)).getAttribute("src").replace(/inert\.js$/, "");
  const exec = [...document.scripts].find((s) => /wasm_exec\.js$/.test(s.src)).src;
  const worker = new Worker(base + "go-worker.js");
  let waiting = null;
  worker.onmessage = (e) => { if (waiting) waiting(e.data); };
  worker.postMessage({type: "start", exec, module: location.origin + base + "learn.wasm"});
  const out = [];
  for (let i = 0; i < articles.length; i++) {
    const a = articles[i];
    const answer = new Promise((ok, fail) => {
      waiting = (d) => {
        if (d.type === "error") fail(new Error(d.error));
        else if (d.type === "suggestions" && d.model.articles === i + 1) ok(d.model);
      };
    });
    worker.postMessage({type: "suggest", seq: i + 1, project: "bench", article: a.name, text: a.text, set: a.set,
      done: true, rejected: [], settings: {}});
    const model = await answer;
    out.push([model.train_ms, model.bytes]);
  }
  worker.terminate();
  return out;
})()`

// BenchmarkTrainInWorker measures the learning worker where it runs: in
// Chromium, the learn.wasm module in a Web Worker trains again after each of
// the first 50 articles of the replay's corpus (each a done set with its
// gold mentions), as a device does after an article is done. It reports the
// training after the 20th and the 50th article, the longest, and the
// model's size (the goals: 500 ms on 50 articles, 2 MB).
func BenchmarkTrainInWorker(b *testing.B) {
	arts, err := suggesttest.LoadCorpus(filepath.Join(moduleRoot, suggesttest.CorpusDir))
	if err != nil {
		b.Fatal(err)
	}
	if len(arts) < 50 {
		b.Fatalf("the corpus has %d articles, the benchmark needs 50", len(arts))
	}
	type sent struct {
		Name string `json:"name"`
		Text string `json:"text"`
		Set  string `json:"set"`
	}
	var msgs []sent
	for _, a := range arts[:50] {
		set, _ := json.Marshal(annotations.Set{Entities: a.Mentions})
		msgs = append(msgs, sent{Name: filepath.Base(a.Name), Text: string(a.Text), Set: string(set)})
	}
	data, _ := json.Marshal(msgs)
	srv := startServer(b, b.TempDir(), "")
	ctx, done := openPageAs(b, srv, "bench", "/")
	defer done()
	start := time.Now()
	runs := evalAsync[[][2]float64](b, ctx, fmt.Sprintf(trainInWorkerJS, data))
	longest := 0.0
	for _, r := range runs {
		longest = max(longest, r[0])
	}
	at20, at50 := runs[19], runs[49]
	b.ReportMetric(at20[0], "train-20-ms")
	b.ReportMetric(at50[0], "train-50-ms")
	b.ReportMetric(longest, "train-longest-ms")
	b.ReportMetric(at50[1]/1000, "model-kB")
	reportf("\nlearning worker in Chromium (learn.wasm in a Web Worker), trained after each of 50 corpus articles:\n")
	met := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT MET"
	}
	reportf("  after 20 articles %.0f ms, after 50 %.0f ms (goal <= 500 ms: %s), longest %.0f ms; model %.0f kB (goal <= 2 MB: %s); all 50 in %.1f s\n",
		at20[0], at50[0], met(at50[0] <= 500), longest, at50[1]/1000, met(at50[1] <= 2e6), time.Since(start).Seconds())
}
