package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"
)

// lighthouseRuns is how many times Lighthouse measures each app with each
// preset, alternating between them; the medians are reported.
const lighthouseRuns = 3

// lighthouseBrowser starts the machine's Chromium as the browser tests do
// (headless, quiet on the network), with a fresh profile and its DevTools on
// a port of its own, for Lighthouse to connect to. When signIn is not nil,
// the profile is signed in first, from a page of the origin that is not the
// app (an icon): the session cookie and the device's user are set, and no
// service worker is installed, nor anything of the app cached, so that
// Lighthouse measures a signed-in user's first visit. It returns the port
// and a func that closes the browser.
func lighthouseBrowser(tb testing.TB, signIn func(context.Context)) (string, func()) {
	tb.Helper()
	_, port, err := net.SplitHostPort(freeAddr(tb))
	if err != nil {
		tb.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		remote.WebSocket, // DevTools on a port, not a pipe: Lighthouse connects too
		chromedp.ExecPath(chromiumPath(tb)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("remote-debugging-port", port),
		chromedp.UserDataDir(tb.TempDir()),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	closeBrowser := func() {
		cancel()
		allocCancel()
	}
	if err := chromedp.Do(ctx); err != nil {
		closeBrowser()
		tb.Fatalf("start Chromium: %v", err)
	}
	if signIn != nil {
		signIn(ctx)
	}
	return port, closeBrowser
}

// lighthouseScore is what the benchmark reads of a Lighthouse report.
type lighthouseScore struct {
	LCP, TBT, CLS, Performance float64
}

// lighthouseCLI returns Lighthouse's command, as make lighthouse installs it
// (npm ci in .ci/lighthouse, whose lockfile pins the version; make bench
// runs it first), failing with how to install it when it is missing.
func lighthouseCLI(tb testing.TB) string {
	tb.Helper()
	cli := filepath.Join(moduleRoot, ".ci", "lighthouse", "node_modules", ".bin", "lighthouse")
	if _, err := os.Stat(cli); err != nil {
		tb.Fatalf("Lighthouse is missing (%v): install it with make lighthouse (npm ci in .ci/lighthouse; make bench runs it)", err)
	}
	return cli
}

// runLighthouse measures url once with preset ("mobile", Lighthouse's
// default, or "desktop") in a fresh profile of the machine's Chromium
// (lighthouseBrowser, signed in by signIn when it is not nil).
func runLighthouse(tb testing.TB, cli, url, preset string, signIn func(context.Context)) lighthouseScore {
	tb.Helper()
	port, closeBrowser := lighthouseBrowser(tb, signIn)
	defer closeBrowser()
	args := []string{url, "--output=json", "--output-path=stdout", "--only-categories=performance", "--quiet",
		"--port=" + port, "--disable-storage-reset"}
	if preset == "desktop" {
		args = append(args, "--preset=desktop")
	}
	cmd := exec.Command(cli, args...)
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chromiumPath(tb))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("lighthouse %s (%s): %v\n%s", url, preset, err, stderr.String())
	}
	var report struct {
		RuntimeError *struct{ Code, Message string } `json:"runtimeError"`
		Categories   struct {
			Performance struct{ Score *float64 } `json:"performance"`
		} `json:"categories"`
		Audits map[string]struct {
			NumericValue *float64 `json:"numericValue"`
		} `json:"audits"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		tb.Fatalf("lighthouse %s (%s): its report: %v", url, preset, err)
	}
	if report.RuntimeError != nil {
		tb.Fatalf("lighthouse %s (%s): %s: %s", url, preset, report.RuntimeError.Code, report.RuntimeError.Message)
	}
	value := func(audit string) float64 {
		v := report.Audits[audit].NumericValue
		if v == nil {
			tb.Fatalf("lighthouse %s (%s): no value for %s", url, preset, audit)
		}
		return *v
	}
	if report.Categories.Performance.Score == nil {
		tb.Fatalf("lighthouse %s (%s): no performance score", url, preset)
	}
	return lighthouseScore{
		LCP:         value("largest-contentful-paint"),
		TBT:         value("total-blocking-time"),
		CLS:         value("cumulative-layout-shift"),
		Performance: 100 * *report.Categories.Performance.Score,
	}
}

// medianScore is the median of each measure of runs, on its own.
func medianScore(runs []lighthouseScore) lighthouseScore {
	median := func(get func(lighthouseScore) float64) float64 {
		var v []float64
		for _, r := range runs {
			v = append(v, get(r))
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return lighthouseScore{
		LCP:         median(func(s lighthouseScore) float64 { return s.LCP }),
		TBT:         median(func(s lighthouseScore) float64 { return s.TBT }),
		CLS:         median(func(s lighthouseScore) float64 { return s.CLS }),
		Performance: median(func(s lighthouseScore) float64 { return s.Performance }),
	}
}

// lhRatio is a/b, or "-" when b is below least (a CLS of 0.000).
func lhRatio(a, b, least float64) string {
	if b < least {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// BenchmarkLighthouse runs Lighthouse (pinned, .ci/lighthouse) with its
// mobile and desktop presets on Gloss's article page, signed in, and on the
// go-app hello world served beside it, alternating, lighthouseRuns times each, and
// reports the medians of LCP, TBT, CLS and the performance score, with
// Gloss's ratio to the hello world's (issue #17's goals: LCP and TBT at most
// 1.5 ×, CLS 0, a desktop score of at least 95).
func BenchmarkLighthouse(b *testing.B) {
	cli := lighthouseCLI(b)
	helloDir, _ := buildHello(b)
	helloURL := startHello(b, helloDir) + "/"
	gloss := startServer(b, b.TempDir(), "")
	glossURL := gloss.URL + "/articles/" + sampleArticleID(b)
	signIn := func(ctx context.Context) {
		if err := chromedp.Do(ctx, chromedp.Navigate(gloss.URL+"/web/icon.svg")); err != nil {
			b.Fatalf("open %s/web/icon.svg: %v", gloss.URL, err)
		}
		signInByScript(b, ctx, gloss, "bench")
	}

	presets := []string{"mobile", "desktop"}
	medians := map[string][2]lighthouseScore{} // by preset: Gloss, hello
	for b.Loop() {
		for _, preset := range presets {
			var g, h []lighthouseScore
			for range lighthouseRuns {
				g = append(g, runLighthouse(b, cli, glossURL, preset, signIn))
				h = append(h, runLighthouse(b, cli, helloURL, preset, nil))
			}
			medians[preset] = [2]lighthouseScore{medianScore(g), medianScore(h)}
		}
	}
	b.ReportMetric(0, "ns/op")
	reportf("Lighthouse 12, medians of %d runs alternating (LCP and TBT in ms)\n", lighthouseRuns)
	reportf("  %-8s %-12s %8s %8s %7s %6s\n", "preset", "app", "LCP", "TBT", "CLS", "score")
	for _, preset := range presets {
		g, h := medians[preset][0], medians[preset][1]
		reportf("  %-8s %-12s %8.0f %8.0f %7.3f %6.0f\n", preset, "Gloss", g.LCP, g.TBT, g.CLS, g.Performance)
		reportf("  %-8s %-12s %8.0f %8.0f %7.3f %6.0f\n", preset, "hello world", h.LCP, h.TBT, h.CLS, h.Performance)
		reportf("  %-8s %-12s %8s %8s %7s %6s\n", preset, "ratio", lhRatio(g.LCP, h.LCP, 1), lhRatio(g.TBT, h.TBT, 1), lhRatio(g.CLS, h.CLS, 0.0005), lhRatio(g.Performance, h.Performance, 1))
		b.ReportMetric(g.LCP/h.LCP, preset+"-lcp-ratio")
		b.ReportMetric(g.Performance, preset+"-gloss-score")
	}
	reportf("\n")
}
