package e2e

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// profileEnv names the variable that has the edit benchmarks profile the
// page while they type: GLOSS_PROFILE=1 go test -bench EditLatency prints
// the milliseconds each function took (self, then with what it called)
// over the measured key presses. Wasm functions have names only in an
// unstripped app.wasm (build it without -ldflags=-s -w).
const profileEnv = "GLOSS_PROFILE"

// startProfile starts Chromium's sampling profiler on the page when
// profileEnv is set, and returns what stops it and prints the report.
func startProfile(b *testing.B, ctx context.Context) (stop func()) {
	if os.Getenv(profileEnv) == "" {
		return func() {}
	}
	if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
		b.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200}); err != nil {
		b.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); err != nil {
		b.Fatal(err)
	}
	return func() {
		res, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
		if err != nil {
			b.Fatal(err)
		}
		printProfile(res.Profile)
	}
}

// printProfile prints the 40 functions that took the most time themselves
// and the 100 that took the most with their callees, in milliseconds.
func printProfile(p *profiler.Profile) {
	nodes := map[int64]*profiler.ProfileNode{}
	parent := map[int64]int64{}
	for _, n := range p.Nodes {
		nodes[n.ID] = n
		for _, c := range n.Children {
			parent[c] = n.ID
		}
	}
	self, total := map[string]float64{}, map[string]float64{}
	busy := 0.0
	for i, id := range p.Samples {
		ms := float64(p.TimeDeltas[i]) / 1000
		name := nodes[id].CallFrame.FunctionName
		self[name] += ms
		if name == "(idle)" || name == "(program)" {
			continue
		}
		busy += ms
		seen := map[string]bool{}
		for n := id; nodes[n] != nil; n = parent[n] {
			if f := nodes[n].CallFrame.FunctionName; !seen[f] {
				total[f] += ms
				seen[f] = true
			}
		}
	}
	print := func(title string, ms map[string]float64, n int) {
		names := make([]string, 0, len(ms))
		for name := range ms {
			names = append(names, name)
		}
		sort.Slice(names, func(i, j int) bool { return ms[names[i]] > ms[names[j]] })
		fmt.Printf("%s (the page busy %.0f ms)\n", title, busy)
		for _, name := range names[:min(n, len(names))] {
			fmt.Printf("%9.1f  %s\n", ms[name], name)
		}
	}
	print("self ms", self, 40)
	print("ms with callees", total, 100)
}
