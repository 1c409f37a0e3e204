package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gloss-annotate/gloss/annotations"
)

// copyFiles copies the files of directory from (not its folders) into to,
// replacing what to held.
func copyFiles(t *testing.T, from, to string) {
	t.Helper()
	old, err := os.ReadDir(to)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range old {
		if err := os.RemoveAll(filepath.Join(to, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRestoredServerGetsTheChangesAgain: the server's data folder is put
// back to a copy older than a change it had acknowledged (a restore from
// backup), and another device pushes before this one syncs. The device,
// whose pull cursor the server no longer knows, sends everything it holds
// again, and the change is on the server once more.
func TestRestoredServerGetsTheChangesAgain(t *testing.T) {
	data, backup := t.TempDir(), t.TempDir()
	srv := startServer(t, data, "")
	id := postArticle(t, srv, "Restore", editorText)
	ctx := openArticleAs(t, srv, id, "rita")
	srv.stop()
	copyFiles(t, data, backup) // the backup: the article, rita's session, no annotation

	srv = startServer(t, data, srv.Addr)
	if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13)); got != "Rex Tillerson" {
		t.Fatalf("selected %q", got)
	}
	press(t, ctx, "1", 1)
	waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 1 })
	// The round that pushed the change pulls it back: the device's cursor
	// is now past everything the backup holds.
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced"`, 30*time.Second)

	srv.stop()
	copyFiles(t, backup, data)
	// Read before the server starts: once it runs, the page's next round
	// may send everything again before this test looks.
	var stderr bytes.Buffer
	export := exec.Command(glossBin, "export", "--data", data, "--out", "-", "--article", id)
	export.Stderr = &stderr
	out, err := export.Output()
	if err != nil {
		t.Fatalf("gloss export of the restored data: %v\n%s", err, stderr.String())
	}
	if n := bytes.Count(out, []byte("\n")); n != 0 {
		t.Fatalf("the restored data already has %d sets of the article", n)
	}
	srv = startServer(t, data, srv.Addr)
	// Another device pushes first: the restored server gives its sequence
	// number 1, the device's cursor, to another revision. The cursor names
	// its revision too, so the server still sees that it is not its own.
	span, err := annotations.NewSpan([]rune(editorText), 49, 51) // "UN"
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: id, Annotator: "otto"}, annotations.Entity{ID: "00000000-0000-4000-8000-00000000000a", Span: span, Label: "ORG"})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"revisions": []annotations.Revision{theirs}})
	resp, err := srv.as(t, "otto").Post(srv.URL+"/api/v1/sync/push", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("another device's push: %s", resp.Status)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
		t.Fatal(err)
	}
	sets := waitExport(t, srv, id, func(sets []exportedSet) bool {
		return len(sets) == 2 && slices.ContainsFunc(sets, func(s exportedSet) bool { return s.Annotator == "rita" && len(s.Entities) == 1 })
	})
	rita := slices.IndexFunc(sets, func(s exportedSet) bool { return s.Annotator == "rita" })
	if e := sets[rita].Entities[0]; e.Text != "Rex Tillerson" || e.Label != "PER" || e.Start != 0 || e.End != 13 {
		t.Errorf("the restored server has %+v, want the device's Rex Tillerson PER 0-13", e)
	}
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 30*time.Second)
}

// TestRestoredServerGetsAChangeItsPullNeverConfirmed: the device's round
// pushes a change, and its pull fails (the page's fetch of pulls is made
// to fail); the server's data folder is then put back to a copy that
// still holds the device's cursor but not the change. The next pull does
// not bring the change, which the server had acknowledged: the device
// sends it again.
func TestRestoredServerGetsAChangeItsPullNeverConfirmed(t *testing.T) {
	data, backup := t.TempDir(), t.TempDir()
	srv := startServer(t, data, "")
	id := postArticle(t, srv, "Restore", editorText)
	ctx := openArticleAs(t, srv, id, "rita")
	tag := func(start, end int, want string) {
		t.Helper()
		if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, start, end)); got != want {
			t.Fatalf("selected %q, want %q", got, want)
		}
		press(t, ctx, "1", 1)
	}
	tag(0, 13, "Rex Tillerson")
	waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 1 })
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced"`, 30*time.Second)
	srv.stop()
	copyFiles(t, data, backup) // the backup: the first change, the device's cursor
	srv = startServer(t, data, srv.Addr)

	// Pulls fail from now on; pushes go through.
	evalJS[bool](t, ctx, `(() => {
		window.glossFetch = window.fetch;
		window.fetch = (url, init) => String(url).includes("/api/v1/sync/pull") ? Promise.reject(new TypeError("pull blocked by the test")) : window.glossFetch(url, init);
		return true;
	})()`)
	tag(49, 51, "UN")
	waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 2 })

	srv.stop()
	copyFiles(t, backup, data)
	srv = startServer(t, data, srv.Addr)
	evalJS[bool](t, ctx, `(window.fetch = window.glossFetch, true)`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("sync-status"))); err != nil {
		t.Fatal(err)
	}
	waitExport(t, srv, id, func(sets []exportedSet) bool { return len(sets) == 1 && len(sets[0].Entities) == 2 })
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 30*time.Second)
}
