package suggest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// The replay (issue 15): a scripted annotator works through the corpus in
// order with the suggestions an editor would show, and counts what it
// does; the package doc describes it and gives its latest numbers.

// replayOptions are the replay's settings.
type replayOptions struct {
	// threshold is the least confidence shown (api.DefaultSuggestThreshold
	// is the app's default).
	threshold float64
	// epochs and seed are the tagger's training's.
	epochs int
	seed   uint64
	// checkpoints are the numbers of articles done after which the
	// suggestions are measured, each on the window articles that follow.
	checkpoints []int
	window      int
	// articles is how many articles to replay (all when 0).
	articles int
	// sizeAt is the number of articles of the model whose training is
	// timed and whose size is reported.
	sizeAt int
	// noTagger turns the tagger off (the same string's suggestions
	// alone).
	noTagger bool
}

// defaultReplay is the replay the benchmark and the goals' test run.
var defaultReplay = replayOptions{
	threshold:   replayThreshold,
	epochs:      DefaultEpochs,
	seed:        DefaultSeed, // the worker's (wasm/learn)
	checkpoints: []int{5, 20, 50},
	window:      5,
	sizeAt:      50,
}

// replayThreshold is the threshold the replay shows suggestions at: the
// app's default.
const replayThreshold = api.DefaultSuggestThreshold

// tally counts what the suggestions proposed and what the annotator did on
// some articles.
type tally struct {
	articles, mentions int
	// shown, right and gold count, by label, the suggestions shown when
	// an article opens, those of them that are a gold mention (span and
	// label), and the gold mentions.
	shown, right, gold map[string]int
	// keys are key presses (n, Enter, x, a label, A), mouse the spans
	// selected by hand.
	keys, mouse int
}

func newTally() tally {
	return tally{shown: map[string]int{}, right: map[string]int{}, gold: map[string]int{}}
}

func (t *tally) add(o tally) {
	t.articles += o.articles
	t.mentions += o.mentions
	t.keys += o.keys
	t.mouse += o.mouse
	for _, m := range []struct{ to, from map[string]int }{{t.shown, o.shown}, {t.right, o.right}, {t.gold, o.gold}} {
		for k, v := range m.from {
			m.to[k] += v
		}
	}
}

// precision and recall of label ("" for all labels).
func (t tally) precision(label string) float64 {
	return ratio(t.sum(t.right, label), t.sum(t.shown, label))
}
func (t tally) recall(label string) float64 {
	return ratio(t.sum(t.right, label), t.sum(t.gold, label))
}

func (t tally) sum(m map[string]int, label string) int {
	if label != "" {
		return m[label]
	}
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// actions per article with the suggestions, and without (a span selected
// and a label key for each mention).
func (t tally) actions() float64         { return ratio(t.keys+t.mouse, t.articles) }
func (t tally) keystrokes() float64      { return ratio(t.keys, t.articles) }
func (t tally) baseActions() float64     { return ratio(2*t.mentions, t.articles) }
func (t tally) baseKeystrokes() float64  { return ratio(t.mentions, t.articles) }
func (t tally) saving() float64          { return 1 - t.actions()/t.baseActions() }
func (t tally) keystrokeSaving() float64 { return 1 - t.keystrokes()/t.baseKeystrokes() }

// change writes a saving as a change: "−45 %", "+10 %".
func change(saving float64) string {
	if saving >= 0 {
		return fmt.Sprintf("−%.0f %%", 100*saving)
	}
	return fmt.Sprintf("+%.0f %%", -100*saving)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// replayResult is what a replay measured.
type replayResult struct {
	opts replayOptions
	// at holds a tally for each checkpoint, over its window.
	at map[int]tally
	// all is the tally over every article replayed.
	all tally
	// trainTime is the training on the first sizeAt articles (the best
	// of 5), modelBytes the size of that model (the tagger and the
	// gazetteer, GLM1).
	trainTime  time.Duration
	modelBytes int
	modelAt    int
}

// replay runs the scripted annotator over arts.
func replay(tb testing.TB, arts []article, opts replayOptions) replayResult {
	tb.Helper()
	n := len(arts)
	if opts.articles > 0 {
		n = min(n, opts.articles)
	}
	res := replayResult{opts: opts, at: map[int]tally{}, all: newTally()}
	for _, c := range opts.checkpoints {
		res.at[c] = newTally()
	}
	var tagger *Tagger
	g := Gazetteer{} // the gold of the articles done
	var examples []Example
	for k := range n {
		a := arts[k]
		t := annotate(tb, a, tagger, g, opts)
		res.all.add(t)
		for _, c := range opts.checkpoints {
			if k >= c && k < c+opts.window {
				ct := res.at[c]
				ct.add(t)
				res.at[c] = ct
			}
		}
		// The article is done: its mentions join the gazetteer and the
		// device's tagger is trained again on every article done.
		g.AddMentions(a.Mentions)
		examples = append(examples, Example{Text: a.Text, Mentions: a.Mentions})
		if opts.noTagger || k == n-1 && k+1 != opts.sizeAt {
			continue
		}
		tagger = Train(examples, opts.epochs, opts.seed)
		if k+1 == opts.sizeAt {
			res.trainTime = time.Hour
			for range 5 { // the best of 5, the machine's other work left out
				start := time.Now()
				Train(examples, opts.epochs, opts.seed)
				res.trainTime = min(res.trainTime, time.Since(start))
			}
			res.modelBytes, res.modelAt = modelSize(tb, tagger, g, k+1), k+1
		}
	}
	return res
}

func modelSize(tb testing.TB, tg *Tagger, g Gazetteer, articles int) int {
	b, err := (&Model{Tagger: tg, Gazetteer: g, Articles: articles}).MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return len(b)
}

// annotate is the scripted annotator on one article, given the device's
// tagger (nil: none yet) and the gazetteer of the articles done. It knows
// the gold and works so:
//
//  1. While suggestions are shown, it walks them in text order: n selects
//     one when none is (the first after the last it acted on, else the
//     first in the text); then Enter when it is a gold mention, the gold
//     label's key when its span is a gold mention's with another label, x
//     otherwise, each selecting the next. When every suggestion shown with
//     the selected one's label is a gold mention, and there are two or
//     more, it presses A instead (a person sees the outlines).
//  2. When none is shown, it tags the first gold mention not yet made by
//     hand: a span selected with the mouse and a label key. The
//     suggestions are computed again (SameString now proposes what it
//     tagged) and it goes back to 1.
//
// The suggestions are SameString over the gazetteer and what the article
// holds so far, and the tagger's, those below the threshold hidden and
// the tagger's left out where a same-string one overlaps them. The
// annotator's set ends as the gold.
func annotate(tb testing.TB, a article, tagger *Tagger, done Gazetteer, opts replayOptions) tally {
	tb.Helper()
	t := newTally()
	t.articles, t.mentions = 1, len(a.Mentions)
	type span struct{ start, end int }
	gold := map[span]annotations.Entity{}
	for _, m := range a.Mentions {
		gold[span{m.Start, m.End}] = m
		t.gold[m.Label]++
	}
	g := maps.Clone(done)
	for k, v := range g {
		g[k] = maps.Clone(v)
	}
	var mentions []annotations.Entity
	made := map[span]bool{}
	rejected := map[string]bool{}
	tag := func(m annotations.Entity) {
		mentions = append(mentions, m)
		made[span{m.Start, m.End}] = true
		g.Add(m.Exact, m.Label)
	}
	shown := show(a.Text, tagger, g, mentions, rejected, opts)
	for _, s := range shown {
		t.shown[s.Label]++
		if m, ok := gold[span{s.Start, s.End}]; ok && m.Label == s.Label {
			t.right[s.Label]++
		}
	}
	selected, pos := -1, 0 // the selected suggestion (-1: none), the last position acted on
	next := func() int {
		for i, s := range shown {
			if s.Start >= pos {
				return i
			}
		}
		return -1
	}
	for steps := 0; ; steps++ {
		if steps > 10*len(a.Text) {
			tb.Fatalf("%s: the annotator does not finish", a.Name)
		}
		if len(shown) > 0 {
			if selected < 0 {
				t.keys++ // n
				if selected = next(); selected < 0 {
					selected = 0
				}
			}
			s := shown[selected]
			m, isGold := gold[span{s.Start, s.End}]
			switch {
			case isGold && m.Label == s.Label:
				same, allRight := 0, true
				for _, o := range shown {
					if o.Label == s.Label {
						same++
						om, ok := gold[span{o.Start, o.End}]
						allRight = allRight && ok && om.Label == o.Label
					}
				}
				if same >= 2 && allRight {
					for _, o := range shown { // A
						if o.Label == s.Label {
							tag(gold[span{o.Start, o.End}])
						}
					}
				} else {
					tag(m) // Enter
				}
			case isGold:
				tag(m) // the label's key
			default:
				rejected[s.Key()] = true // x
			}
			t.keys++
			pos = s.End
			shown = show(a.Text, tagger, g, mentions, rejected, opts)
			selected = next()
			continue
		}
		i := slices.IndexFunc(a.Mentions, func(m annotations.Entity) bool { return !made[span{m.Start, m.End}] })
		if i < 0 {
			break
		}
		t.mouse++ // the span
		t.keys++  // its label
		tag(a.Mentions[i])
		pos = a.Mentions[i].End
		shown = show(a.Text, tagger, g, mentions, rejected, opts)
		selected = -1
	}
	if len(mentions) != len(a.Mentions) {
		tb.Fatalf("%s: the annotator made %d mentions, the gold has %d", a.Name, len(mentions), len(a.Mentions))
	}
	return t
}

// show returns the suggestions the editor shows (Entities, as the
// device's worker calls it).
func show(text []rune, tagger *Tagger, g Gazetteer, mentions []annotations.Entity, rejected map[string]bool, opts replayOptions) []Suggestion {
	return Entities(text, g, tagger, mentions, rejected, opts.threshold, true)
}

// table returns the replay's numbers as a Markdown table.
func (r replayResult) table() string {
	var b strings.Builder
	pr := func(t tally, label string) string {
		return fmt.Sprintf("%.2f / %.2f", t.precision(label), t.recall(label))
	}
	fmt.Fprintf(&b, "| after | measured on | PER P / R | ORG P / R | LOC P / R | all P / R | actions per article | keystrokes per article |\n")
	fmt.Fprintf(&b, "| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	row := func(name, window string, t tally) {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %.1f vs %.1f (%s) | %.1f vs %.1f (%s) |\n",
			name, window, pr(t, "PER"), pr(t, "ORG"), pr(t, "LOC"), pr(t, ""),
			t.actions(), t.baseActions(), change(t.saving()), t.keystrokes(), t.baseKeystrokes(), change(t.keystrokeSaving()))
	}
	for _, c := range r.opts.checkpoints {
		if t := r.at[c]; t.articles > 0 {
			row(fmt.Sprint(c), fmt.Sprintf("articles %d–%d", c+1, c+t.articles), t)
		}
	}
	row("all", fmt.Sprintf("articles 1–%d", r.all.articles), r.all)
	fmt.Fprintf(&b, "\nThreshold %.2f; precision and recall of the suggestions shown when an article opens; actions with the suggestions vs without (2 a mention). ", r.opts.threshold)
	if r.modelAt > 0 {
		fmt.Fprintf(&b, "Model on %d articles: %.0f kB, trained in %d ms (%d epochs).", r.modelAt, float64(r.modelBytes)/1000, r.trainTime.Milliseconds(), r.opts.epochs)
	}
	b.WriteString("\n")
	return b.String()
}

// BenchmarkReplay replays the corpus (the package doc says how) and prints
// its table; its metrics are those after 20 articles, the training time
// and size of the model on 50.
func BenchmarkReplay(b *testing.B) {
	arts, err := loadCorpus(corpusDir)
	if err != nil {
		b.Fatal(err)
	}
	var r replayResult
	for b.Loop() {
		r = replay(b, arts, defaultReplay)
	}
	alone := defaultReplay
	alone.noTagger, alone.sizeAt = true, 0
	ra := replay(b, arts, alone)
	var without []string
	for _, c := range alone.checkpoints {
		without = append(without, fmt.Sprintf("%s after %d", change(ra.at[c].saving()), c))
	}
	fmt.Printf("\nReplay of %d articles (BenchmarkReplay):\n\n%s\nActions per article with the same-string suggestions alone (no tagger): %s.\n\n",
		len(arts), r.table(), strings.Join(without, ", "))
	t := r.at[20]
	for _, l := range corpusLabels {
		b.ReportMetric(t.precision(l), "P-"+l+"@20")
		b.ReportMetric(t.recall(l), "R-"+l+"@20")
	}
	b.ReportMetric(100*t.saving(), "%fewer-actions@20")
	b.ReportMetric(float64(r.trainTime.Microseconds())/1000, "train-ms@50")
	b.ReportMetric(float64(r.modelBytes), "model-bytes@50")
}

// TestReplayGoals replays the corpus up to the window after 20 articles and
// fails when issue 15's goals are not met there: precision 0.85 and recall
// 0.6 on PER, ORG and LOC, 40 % fewer actions per article than without
// suggestions; and the model of 50 articles fits in 2 MB.
func TestReplayGoals(t *testing.T) {
	arts, err := loadCorpus(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	opts := defaultReplay
	opts.checkpoints = []int{20}
	opts.articles = 20 + opts.window
	opts.sizeAt = 0
	r := replay(t, arts, opts)
	t.Logf("\n%s", r.table())
	at := r.at[20]
	if at.articles < opts.window {
		t.Fatalf("%d articles after the 20th; the goals are measured on %d", at.articles, opts.window)
	}
	for _, l := range corpusLabels {
		if p, rc := at.precision(l), at.recall(l); p < 0.85 || rc < 0.6 {
			t.Errorf("%s after 20 articles: precision %.2f, recall %.2f; the goal is 0.85 and 0.6", l, p, rc)
		}
	}
	if s := at.saving(); s < 0.4 {
		t.Errorf("after 20 articles, %.0f %% fewer actions per article (%.1f vs %.1f); the goal is 40 %%", 100*s, at.actions(), at.baseActions())
	}
	// The model of 50 articles (or all there are).
	n := min(50, len(arts))
	var examples []Example
	g := Gazetteer{}
	for _, a := range arts[:n] {
		examples = append(examples, Example{Text: a.Text, Mentions: a.Mentions})
		g.AddMentions(a.Mentions)
	}
	if size := modelSize(t, Train(examples, opts.epochs, opts.seed), g, n); size > 2<<20 {
		t.Errorf("the model of %d articles is %d bytes; the goal is 2 MB at most", n, size)
	} else {
		t.Logf("the model of %d articles: %d bytes", n, size)
	}
}
